"""The dashboard's new matching offers read from cached candidates (job_feed.recommendations):
the same answer as the selector, and every event that changes it shows a new one (issue 16)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Region
from accounts.selectors import profile_of
from job_feed import recommendations
from job_feed.models import FeedRun, JobOffer
from job_feed.selectors import new_offers_matching_profile
from tests.job_feed.factories import FeedSourceFactory, JobOfferFactory, region
from tests.job_feed.profiles import give_profile

pytestmark = pytest.mark.django_db


def shown(participant) -> list[str]:
    context = recommendations.job_offers_dashboard_context(participant, profile_of(participant))
    return [offer.title for offer in context["matching_offers"]]


def since() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=recommendations.DASHBOARD_DAYS)


def test_the_cached_answer_is_the_selectors(participant):
    give_profile(participant, region="02", occupation="3", stage="csq_received", french_level=7)
    JobOfferFactory(region=region("02"), occupation_code="31301", french_level=5)
    JobOfferFactory(region=region("06"), occupation_code="31102", open_to_abroad=True)
    JobOfferFactory(region=region("02"), occupation_code="32101", french_level=9)
    JobOfferFactory(region=region("02"), occupation_code="72106")
    old = JobOfferFactory(region=region("02"), occupation_code="31301")
    JobOffer.objects.filter(pk=old.pk).update(created_at=since() - datetime.timedelta(hours=1))
    profile = profile_of(participant)
    live = new_offers_matching_profile(profile=profile, since=since(), limit=5)
    for _ in range(2):  # computed, then read from the cache
        cached = recommendations.new_offers_for(profile=profile, since=since(), limit=5)
        assert cached == live
        assert [offer.score for offer in cached] == [offer.score for offer in live]
    assert len(live) == 3


def test_offers_written_by_an_import_are_shown_once_its_run_is_recorded(participant):
    give_profile(participant, region="02", occupation="3")
    JobOfferFactory(title="Déjà là", region=region("02"), occupation_code="31301")
    assert shown(participant) == ["Déjà là"]
    source = FeedSourceFactory()
    # The import writes by COPY: no signal for the offers themselves.
    JobOffer.objects.bulk_create(
        [JobOfferFactory.build(title="Importée", source=source, region=region("02"), occupation_code="31301")]
    )
    assert shown(participant) == ["Déjà là"]
    FeedRun.objects.create(source=source, status=FeedRun.Status.SUCCEEDED, created=1)
    assert sorted(shown(participant)) == ["Déjà là", "Importée"]


def test_a_run_that_wrote_nothing_keeps_the_cache(participant, django_assert_num_queries):
    give_profile(participant, region="02", occupation="3")
    JobOfferFactory(region=region("02"), occupation_code="31301")
    shown(participant)
    FeedRun.objects.create(source=FeedSourceFactory(), status=FeedRun.Status.NOT_MODIFIED)
    profile = profile_of(participant)
    with django_assert_num_queries(0):  # the candidates and the offers shown, both still cached
        recommendations.job_offers_dashboard_context(participant, profile)


def test_a_profile_change_shows_new_offers(participant):
    profile = give_profile(participant, region="02", occupation="3")
    JobOfferFactory(title="Saguenay", region=region("02"), occupation_code="31301")
    JobOfferFactory(title="Montréal", region=region("06"), occupation_code="31301")
    assert shown(participant) == ["Saguenay"]
    profile.region = Region.objects.get(code="06")
    profile.save()
    assert shown(participant) == ["Montréal"]


def test_an_offer_closed_in_the_admin_leaves_the_block(participant):
    give_profile(participant, region="02", occupation="3")
    offer = JobOfferFactory(title="Bientôt fermée", region=region("02"), occupation_code="31301")
    assert shown(participant) == ["Bientôt fermée"]
    offer.status = JobOffer.Status.CLOSED
    offer.save()
    assert shown(participant) == []


def test_an_offer_past_its_last_day_leaves_the_block_the_next_day(participant):
    import time_machine

    give_profile(participant, region="02", occupation="3")
    JobOfferFactory(
        title="Dernier jour", region=region("02"), occupation_code="31301", valid_through=timezone.localdate()
    )
    assert shown(participant) == ["Dernier jour"]
    with time_machine.travel(timezone.now() + datetime.timedelta(days=1)):
        assert shown(participant) == []


def test_the_dashboard_reads_its_recommendations_in_a_few_indexed_queries(
    client, participant, django_assert_num_queries
):
    from tests.content.factories import CapsuleFactory

    profile = give_profile(participant, region="02", occupation="3")
    profile.onboarding_completed_at = timezone.now()
    profile.save()
    CapsuleFactory.create_batch(2)
    JobOfferFactory.create_batch(3, region=region("02"), occupation_code="31301")
    client.force_login(participant)
    client.get(reverse("accounts:dashboard"))  # computes the recommendations
    # The user; the profile; the plan block (no open task, then no plan: two queries, where a
    # participant with tasks to do costs one); the coaching block (next interview, coach
    # assignment). Neither ranking is run again, the offers shown and the content block's cards
    # are cached too, and the forum's cached count of unread notifications (nought, read on the
    # first view) spares its replies query. 6 (was 8, issue 16).
    with django_assert_num_queries(6):
        response = client.get(reverse("accounts:dashboard"))
    assert response.status_code == 200
    assert len(response.context["blocks"]) >= 2


def test_offers_of_a_deleted_source_leave_the_block(participant):
    from job_feed.services import feed_source_delete

    give_profile(participant, region="02", occupation="3")
    source = FeedSourceFactory()
    JobOfferFactory.create_batch(5, source=source, region=region("02"), occupation_code="31301")
    JobOfferFactory(
        title="Autre source", region=region("02"), occupation_code="31301", date_posted=timezone.localdate()
    )
    assert len(shown(participant)) == 5
    feed_source_delete(source=source)
    assert shown(participant) == ["Autre source"]
