"""Ministry admins manage sources: the beat schedule follows, "run now" imports, failing sources stand out."""

import json

import pytest
from django.urls import reverse
from django_celery_beat.models import PeriodicTask

from job_feed.models import FeedRun, FeedSource, JobOffer
from job_feed.services import feed_source_save
from tests.job_feed.factories import FeedSourceFactory
from tests.job_feed.feeds import feed, offers

pytestmark = pytest.mark.django_db


def test_saving_a_source_creates_and_updates_its_periodic_task():
    source = feed_source_save(
        source=FeedSource(name="PEL", url="https://example.org/flux.xml", format="placement_en_ligne_xml")
    )

    task = PeriodicTask.objects.get(pk=source.periodic_task_id)
    assert task.task == "job_feed.import"
    assert json.loads(task.kwargs) == {"source_id": source.pk}
    assert (task.crontab.minute, task.crontab.hour) == ("0", "5")
    assert task.enabled

    source.schedule = "30 */6 * * 1-5"
    source.is_active = False
    feed_source_save(source=source)

    task.refresh_from_db()
    assert (task.crontab.minute, task.crontab.hour, task.crontab.day_of_week) == ("30", "*/6", "1-5")
    assert not task.enabled
    assert PeriodicTask.objects.filter(name__startswith="job_feed:").count() == 1


def test_a_bad_schedule_is_refused_with_a_clear_message(admin_client):
    response = admin_client.post(
        reverse("admin:job_feed_feedsource_add"),
        {
            "name": "PEL",
            "url": "https://example.org/flux.xml",
            "format": "placement_en_ligne_xml",
            "schedule": "tous les jours",
            "is_active": "on",
            "runs-TOTAL_FORMS": "0",
            "runs-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 200
    assert "pas un horaire valide" in response.content.decode()
    assert not FeedSource.objects.exists()


def test_adding_a_source_in_the_admin_schedules_it(admin_client):
    response = admin_client.post(
        reverse("admin:job_feed_feedsource_add"),
        {
            "name": "PEL",
            "url": "https://example.org/flux.xml",
            "format": "schema_org_jsonld",
            "schedule": "15 4 * * *",
            "is_active": "on",
            "runs-TOTAL_FORMS": "0",
            "runs-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302
    source = FeedSource.objects.get()
    assert source.periodic_task.crontab.hour == "4"


def test_the_run_now_button_imports_the_source(
    admin_client, feed_server, celery_eager, django_capture_on_commit_callbacks
):
    source = FeedSourceFactory(url=feed_server.url)
    feed_server.body = feed(offers(3))

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("admin:job_feed_feedsource_run_now", args=[source.pk]))

    assert response.status_code == 302
    assert JobOffer.objects.filter(source=source).count() == 3
    assert FeedRun.objects.get(source=source).status == FeedRun.Status.SUCCEEDED


def test_the_run_now_action_imports_the_selected_sources(
    admin_client, feed_server, celery_eager, django_capture_on_commit_callbacks
):
    source = FeedSourceFactory(url=feed_server.url)
    feed_server.body = feed(offers(2))

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("admin:job_feed_feedsource_changelist"),
            {"action": "run_now", "_selected_action": [source.pk]},
        )

    assert JobOffer.objects.filter(source=source).count() == 2


def test_the_run_now_button_needs_a_post(admin_client):
    source = FeedSourceFactory()

    assert admin_client.get(reverse("admin:job_feed_feedsource_run_now", args=[source.pk])).status_code == 405


def test_a_failing_source_is_flagged_and_its_runs_are_shown(admin_client):
    failing = FeedSourceFactory(name="En panne", consecutive_failures=3)
    FeedRun.objects.create(source=failing, status=FeedRun.Status.FAILED, error="Le flux est injoignable")

    listing = admin_client.get(reverse("admin:job_feed_feedsource_changelist")).content.decode()
    page = admin_client.get(reverse("admin:job_feed_feedsource_change", args=[failing.pk])).content.decode()

    assert "3 échec(s) de suite" in listing
    assert "Le flux est injoignable" in page
    assert "Importer maintenant" in page


def test_runs_and_offers_are_read_only_in_the_admin(admin_client):
    run = FeedRun.objects.create(source=FeedSourceFactory())

    assert admin_client.get(reverse("admin:job_feed_feedrun_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:job_feed_joboffer_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:job_feed_joboffer_add")).status_code == 403
    assert admin_client.get(reverse("admin:job_feed_feedrun_change", args=[run.pk])).status_code == 200


def test_run_now_on_a_feed_that_is_down_records_the_failure_without_an_error_page(
    admin_client, feed_server, celery_eager, django_capture_on_commit_callbacks
):
    source = FeedSourceFactory(url=feed_server.url)
    feed_server.stop()

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("admin:job_feed_feedsource_run_now", args=[source.pk]))

    assert response.status_code == 302
    assert FeedRun.objects.filter(source=source, status=FeedRun.Status.FAILED).exists()
