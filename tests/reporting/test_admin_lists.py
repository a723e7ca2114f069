"""Every list of the admin runs the same number of queries whatever its rows, and the bulk actions."""

import csv
import io

import pghistory
import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Profile, StaffAccessLog
from action_plan import services as plan_services
from action_plan.models import Plan, TaskReview
from coaching.models import Assignment
from content.models import Article, Capsule
from job_feed.models import FeedRun
from reporting.models import CoachMembership
from tests.accounts.factories import CoachFactory, MinistryAdminFactory, ParticipantFactory
from tests.action_plan.factories import owner_plan_task
from tests.content.factories import ArticleFactory, CapsuleFactory, CheckpointFactory, OrganisationFactory, ThemeFactory
from tests.job_feed.factories import FeedSourceFactory, JobOfferFactory, SavedOfferFactory

pytestmark = pytest.mark.django_db


def one_of_everything(admin_user) -> None:
    """A participant with a plan, a submitted and reviewed task, a coach, content, offers, trail rows."""
    participant, coach = ParticipantFactory(), CoachFactory()
    task = owner_plan_task(participant, coach=coach, submitted=True)
    TaskReview.objects.create(task=task, coach=coach, decision=TaskReview.Decision.APPROVED, comment="Bien")
    StaffAccessLog.objects.create(staff=coach, participant=participant, action=StaffAccessLog.Action.COACH_PROFILE)
    organisation = OrganisationFactory()
    CoachMembership.objects.create(coach=coach, organisation=organisation)
    CapsuleFactory().themes.add(ThemeFactory())
    CheckpointFactory()
    ArticleFactory()
    source = FeedSourceFactory()
    FeedRun.objects.create(source=source, status=FeedRun.Status.SUCCEEDED)
    offer = JobOfferFactory(source=source)
    SavedOfferFactory(user=participant, offer=offer)
    with pghistory.context(user=admin_user.pk, url="/admin/test"):
        Profile.objects.filter(user=participant).update(french_level=9)
        Plan.objects.filter(user=participant).update(reminders_enabled=False)
        Assignment.objects.filter(participant=participant).update(note="Suivi du plan")
        plan_services.plan_reschedule(plan=Plan.objects.get(user=participant))


def changelist_urls() -> list[str]:
    return [
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist") for model in admin.site._registry
    ]


def query_counts(client) -> dict[str, int]:
    counts = {}
    for url in changelist_urls():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[url] = len(queries)
    return counts


def test_no_admin_list_grows_in_queries_with_its_rows(client):
    admin_user = MinistryAdminFactory()
    client.force_login(admin_user)
    one_of_everything(admin_user)
    query_counts(client)  # warm caches (content types, permissions)
    with_one = query_counts(client)
    one_of_everything(admin_user)
    one_of_everything(admin_user)
    with_three = query_counts(client)
    grown = {url: (with_one[url], with_three[url]) for url in with_one if with_three[url] != with_one[url]}
    assert grown == {}


def test_export_selected_rows_as_csv_gives_the_lists_columns(client):
    admin_user = MinistryAdminFactory()
    client.force_login(admin_user)
    first, second = ArticleFactory(title="Se loger à Sherbrooke"), ArticleFactory(title="Trouver une garderie")
    response = client.post(
        reverse("admin:content_article_changelist"),
        {"action": "export_selected_as_csv", "_selected_action": [first.pk, second.pk]},
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0].lower() == "titre"
    assert sorted(row[0] for row in rows[1:]) == ["Se loger à Sherbrooke", "Trouver une garderie"]


def test_publish_and_unpublish_content_in_bulk(client):
    admin_user = MinistryAdminFactory()
    client.force_login(admin_user)
    drafts = [ArticleFactory(status=Article.Status.DRAFT) for _ in range(2)]
    url = reverse("admin:content_article_changelist")
    client.post(url, {"action": "publish_selected", "_selected_action": [a.pk for a in drafts]})
    assert set(Article.objects.filter(pk__in=[a.pk for a in drafts]).values_list("status", flat=True)) == {"published"}
    client.post(url, {"action": "unpublish_selected", "_selected_action": [a.pk for a in drafts]})
    assert set(Article.objects.filter(pk__in=[a.pk for a in drafts]).values_list("status", flat=True)) == {"draft"}


def test_a_capsule_without_transcript_is_not_published_and_the_admin_says_why(client):
    admin_user = MinistryAdminFactory()
    client.force_login(admin_user)
    capsule = CapsuleFactory(status=Capsule.Status.DRAFT, transcript="")
    response = client.post(
        reverse("admin:content_capsule_changelist"),
        {"action": "publish_selected", "_selected_action": [capsule.pk]},
        follow=True,
    )
    capsule.refresh_from_db()
    assert capsule.status == Capsule.Status.DRAFT
    assert "transcription est obligatoire" in response.content.decode()


@pytest.mark.parametrize("typed", ['=HYPERLINK("https://example.org","Cliquez")', "+1+1", "-2+3", "@SUM(A1)"])
def test_text_that_would_run_as_a_formula_reaches_the_csv_as_text(client, typed):
    admin_user = MinistryAdminFactory()
    client.force_login(admin_user)
    article = ArticleFactory(title=typed)
    response = client.post(
        reverse("admin:content_article_changelist"),
        {"action": "export_selected_as_csv", "_selected_action": [article.pk]},
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][0] == "'" + typed
