"""Nobody acts on someone else's saved offers; staff keep no saved list."""

import pytest
from django.urls import reverse

from job_feed.models import JobOffer, SavedOffer
from tests.job_feed.factories import JobOfferFactory, SavedOfferFactory

pytestmark = pytest.mark.django_db


def test_saving_always_saves_for_the_person_asking_whatever_is_posted(client, participant, other_participant):
    offer = JobOfferFactory()
    client.force_login(participant)

    client.post(reverse("job_feed:offer_save", kwargs={"pk": offer.pk}), {"user": other_participant.pk})

    assert list(SavedOffer.objects.values_list("user_id", flat=True)) == [participant.pk]


def test_unsaving_removes_only_the_askers_own(client, participant, other_participant):
    theirs = SavedOfferFactory(user=other_participant)
    client.force_login(participant)

    client.post(reverse("job_feed:offer_unsave", kwargs={"pk": theirs.offer_id}), {"user": other_participant.pk})

    assert SavedOffer.objects.filter(pk=theirs.pk).exists()


def test_a_closed_offer_cannot_be_saved(client, participant):
    offer = JobOfferFactory(status=JobOffer.Status.CLOSED)
    client.force_login(participant)

    assert client.post(reverse("job_feed:offer_save", kwargs={"pk": offer.pk})).status_code == 404
    assert not SavedOffer.objects.exists()


def test_coaches_cannot_save_offers(client, coach):
    offer = JobOfferFactory()
    client.force_login(coach)

    assert client.post(reverse("job_feed:offer_save", kwargs={"pk": offer.pk})).status_code == 403


def test_saving_needs_a_post(client, participant):
    offer = JobOfferFactory()
    client.force_login(participant)

    assert client.get(reverse("job_feed:offer_save", kwargs={"pk": offer.pk})).status_code == 405
    assert not SavedOffer.objects.exists()


def test_saved_offers_are_exported_and_erased_with_the_account(participant, other_participant):
    from accounts.privacy import personal_data_sections

    SavedOfferFactory(user=participant, offer=JobOfferFactory(title="Gardée"))
    SavedOfferFactory(user=other_participant)
    section = next(section for section in personal_data_sections() if section.name == "job_feed")

    assert [item["title"] for item in section.export(user=participant)] == ["Gardée"]
    section.erase(user=participant)
    assert not SavedOffer.objects.filter(user=participant).exists()
    assert SavedOffer.objects.filter(user=other_participant).exists()
