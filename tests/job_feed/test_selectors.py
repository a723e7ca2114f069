"""Matching: the score, new matching offers (dashboard, weekly email) and the dashboard block."""

import datetime

import pytest
from django.utils import timezone

from accounts.selectors import profile_of
from job_feed.models import JobOffer
from job_feed.recommendations import job_offers_dashboard_context
from job_feed.selectors import (
    match_score_expression,
    new_matching_offers,
    offer_for_reader,
)
from tests.job_feed.factories import JobOfferFactory, region
from tests.job_feed.profiles import give_profile

pytestmark = pytest.mark.django_db


def scores_of(profile, offers) -> list[int]:
    by_pk = dict(
        JobOffer.objects.filter(pk__in=[offer.pk for offer in offers])
        .annotate(score=match_score_expression(profile))
        .values_list("pk", "score")
    )
    return [by_pk[offer.pk] for offer in offers]


def test_the_offer_page_s_score_is_the_one_lists_order_by(participant):
    give_profile(participant, region="02", occupation="3", stage="pr_visa", french_level=7)
    offers = [
        JobOfferFactory(region=region("02"), occupation_code="31301", french_level=5),
        JobOfferFactory(region=region("06"), occupation_code="72106", french_level=9, open_to_abroad=True),
        JobOfferFactory(region=region("02"), occupation_code="", french_level=None),
    ]
    profile = profile_of(participant)

    # region 30 + occupation 10 + French 10; abroad 100 - French 10; region 30
    assert scores_of(profile, offers) == [50, 90, 30]
    assert [offer_for_reader(pk=offer.pk, profile=profile).score for offer in offers] == [50, 90, 30]


def test_region_and_occupation_closeness_raise_the_score(participant):
    profile = give_profile(participant, region="02", occupation="3")
    same_both = JobOfferFactory(region=region("02"), occupation_code="31301")
    same_region = JobOfferFactory(region=region("02"), occupation_code="72106")
    same_family = JobOfferFactory(region=region("06"), occupation_code="31301")
    neither = JobOfferFactory(region=region("06"), occupation_code="72106")

    scores = scores_of(profile, [same_both, same_region, same_family, neither])

    assert scores == sorted(scores, reverse=True)
    assert scores[-1] == 0


def test_new_matching_offers_are_recent_open_and_fit_the_profile(participant):
    give_profile(participant, region="02", occupation="3")
    since = timezone.now() - datetime.timedelta(days=7)
    fits = JobOfferFactory(title="Convient", region=region("02"), occupation_code="31301")
    JobOfferFactory(title="Autre région", region=region("06"), occupation_code="31301")
    JobOfferFactory(title="Autre métier", region=region("02"), occupation_code="72106")
    JobOfferFactory(title="Fermée", region=region("02"), occupation_code="31301", status=JobOffer.Status.CLOSED)
    old = JobOfferFactory(title="Ancienne", region=region("02"), occupation_code="31301")
    JobOffer.objects.filter(pk=old.pk).update(created_at=since - datetime.timedelta(days=1))

    assert new_matching_offers(user=participant, since=since, limit=5) == [fits]


def test_a_participant_abroad_also_gets_offers_open_to_applicants_abroad(participant):
    give_profile(participant, region="02", occupation="3", stage="csq_received")
    abroad = JobOfferFactory(region=region("06"), occupation_code="31301", open_to_abroad=True)

    assert new_matching_offers(user=participant, since=timezone.now() - datetime.timedelta(days=1)) == [abroad]


def test_no_profile_means_no_matching_offers(participant):
    JobOfferFactory()

    assert new_matching_offers(user=participant, since=timezone.now() - datetime.timedelta(days=1)) == []


def test_new_matching_offers_respects_the_limit(participant):
    give_profile(participant, region="06", occupation="3")
    JobOfferFactory.create_batch(8)

    assert len(new_matching_offers(user=participant, since=timezone.now() - datetime.timedelta(days=1), limit=3)) == 3


def test_only_the_newest_matching_offers_are_scored(participant, monkeypatch):
    monkeypatch.setattr("job_feed.selectors.NEW_OFFERS_CANDIDATES", 3)
    give_profile(participant, region="06", occupation="3", french_level=7)
    since = timezone.now() - datetime.timedelta(days=7)
    closest_but_older = JobOfferFactory(region=region("06"), occupation_code="31301", french_level=5)
    JobOffer.objects.filter(pk=closest_but_older.pk).update(created_at=timezone.now() - datetime.timedelta(days=2))
    newest = JobOfferFactory.create_batch(3, region=region("06"), occupation_code="31301", french_level=None)

    offers = new_matching_offers(user=participant, since=since, limit=5)

    assert sorted(offer.pk for offer in offers) == sorted(offer.pk for offer in newest)
    monkeypatch.setattr("job_feed.selectors.NEW_OFFERS_CANDIDATES", 4)
    assert new_matching_offers(user=participant, since=since, limit=5)[0] == closest_but_older


def test_a_participant_abroad_gets_the_newest_of_each_branch(participant, monkeypatch):
    monkeypatch.setattr("job_feed.selectors.NEW_OFFERS_CANDIDATES", 2)
    give_profile(participant, region="02", occupation="3", stage="csq_received")
    in_region = JobOfferFactory.create_batch(2, region=region("02"), occupation_code="31301")
    abroad = JobOfferFactory.create_batch(2, region=region("06"), occupation_code="31301", open_to_abroad=True)

    offers = new_matching_offers(user=participant, since=timezone.now() - datetime.timedelta(days=1), limit=10)

    assert {offer.pk for offer in offers} == {offer.pk for offer in in_region + abroad}
    assert set(offers[:2]) == set(abroad)


def test_without_union_limits_sqlite_gets_the_same_offers(participant, monkeypatch):
    from django.db import connection

    give_profile(participant, region="02", occupation="3", stage="csq_received", french_level=6)
    JobOfferFactory(region=region("02"), occupation_code="31301", french_level=5)
    JobOfferFactory(region=region("02"), occupation_code="72106")
    JobOfferFactory(region=region("06"), occupation_code="31102", open_to_abroad=True)
    JobOfferFactory(region=region("06"), occupation_code="31301")
    since = timezone.now() - datetime.timedelta(days=1)
    with_union = new_matching_offers(user=participant, since=since, limit=5)

    monkeypatch.setattr(connection.features, "supports_slicing_ordering_in_compound", False)
    assert new_matching_offers(user=participant, since=since, limit=5) == with_union
    assert len(with_union) == 2


def test_an_abroad_participant_s_block_runs_one_query_whatever_the_data(participant, django_assert_num_queries):
    give_profile(participant, region="02", occupation="3", stage="csq_received")
    JobOfferFactory(region=region("06"), open_to_abroad=True)
    profile = profile_of(participant)
    # The page reads the profile once and hands it to every block. The block scores the candidates
    # and reads the offers shown (one query each, then both cached: job_feed.recommendations).
    with django_assert_num_queries(2):
        small = job_offers_dashboard_context(participant, profile)
    with django_assert_num_queries(0):
        job_offers_dashboard_context(participant, profile)
    JobOfferFactory.create_batch(10, region=region("02"))
    JobOfferFactory.create_batch(10, region=region("06"), open_to_abroad=True)
    with django_assert_num_queries(2):
        large = job_offers_dashboard_context(participant, profile)
    assert len(small["matching_offers"]) == 1
    assert len(large["matching_offers"]) == 5


def test_the_dashboard_block_runs_one_query_whatever_the_data(participant, django_assert_num_queries):
    give_profile(participant, region="06", occupation="3")
    JobOfferFactory.create_batch(2)
    profile = profile_of(participant)
    # The page reads the profile once and hands it to every block. The block scores the candidates
    # and reads the offers shown (one query each, then both cached: job_feed.recommendations).
    with django_assert_num_queries(2):
        small = job_offers_dashboard_context(participant, profile)
    with django_assert_num_queries(0):
        job_offers_dashboard_context(participant, profile)
    JobOfferFactory.create_batch(20)
    with django_assert_num_queries(2):
        large = job_offers_dashboard_context(participant, profile)
    assert len(small["matching_offers"]) == 2
    assert len(large["matching_offers"]) == 5


def test_the_dashboard_block_is_registered():
    from accounts.dashboard import dashboard_blocks

    block = next(block for block in dashboard_blocks() if block.key == "job_offers")
    assert block.template == "job_feed/dashboard_block.html"


def test_fold_drops_case_and_accents_for_the_sqlite_search():
    from integration_portal.text import fold

    assert fold("Infirmière à Sept-Îles, ÉCOLE") == "infirmiere a sept-iles, ecole"
