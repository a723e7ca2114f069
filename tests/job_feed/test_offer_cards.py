"""The offers' cards are cached per page: an edit, another reader's region or another language is
never answered with a card made for something else."""

import pytest
from django.urls import reverse

from tests.accounts.factories import ParticipantFactory
from tests.conftest import client_for
from tests.job_feed.factories import JobOfferFactory, region
from tests.job_feed.profiles import give_profile

pytestmark = pytest.mark.django_db

LIST = reverse("job_feed:offer_list")


def card_of(html: str, title: str) -> str:
    start = html.index(title)
    return html[start : html.index("</li>", start)]


def test_an_offer_edited_in_the_admin_shows_its_new_card_at_the_next_view(participant):
    offer = JobOfferFactory(title="Préposé aux bénéficiaires", employer="CISSS des Laurentides")
    client = client_for(participant)
    assert "CISSS des Laurentides" in client.get(LIST).content.decode()

    offer.employer = "CIUSSS du Nord-de-l'Île"
    offer.open_to_abroad = True
    offer.save()  # as the admin saves it: offers_changed bumps the offers' version

    card = card_of(client.get(LIST).content.decode(), "Préposé aux bénéficiaires")
    assert "CIUSSS du Nord-de-l&#x27;Île" in card
    assert "Ouverte aux candidatures de l'étranger" in card


def test_the_in_your_region_badge_is_the_readers_own(participant):
    JobOfferFactory(title="Soudeur", region=region("06"))
    montreal, quebec = participant, ParticipantFactory()
    give_profile(montreal, region="06")
    give_profile(quebec, region="03")

    assert "Dans votre région" in card_of(client_for(montreal).get(LIST).content.decode(), "Soudeur")
    assert "Dans votre région" not in card_of(client_for(quebec).get(LIST).content.decode(), "Soudeur")
    assert "Dans votre région" in card_of(client_for(montreal).get(LIST).content.decode(), "Soudeur")


def test_each_language_has_its_cards_and_the_save_button_stays_the_readers(participant):
    JobOfferFactory(title="Soudeur")
    client = client_for(participant)

    french = card_of(client.get(LIST).content.decode(), "Soudeur")
    english = card_of(client.get("/en" + LIST).content.decode(), "Soudeur")

    assert "Publiée le" in french and "Sauvegarder" in french
    assert "Posted on" in english and "Save" in english
    assert "csrfmiddlewaretoken" in french and "csrfmiddlewaretoken" in english


def test_a_region_renamed_shows_on_the_cards(participant):
    from accounts.models import Region

    JobOfferFactory(title="Soudeur", region=region("06"))
    client = client_for(participant)
    assert "(Montréal)" in card_of(client.get(LIST).content.decode(), "Soudeur")

    montreal = Region.objects.get(code="06")
    montreal.name_fr = "Montréal (île)"
    montreal.save()

    assert "(Montréal (île))" in card_of(client.get(LIST).content.decode(), "Soudeur")


def test_the_save_button_is_each_readers_own_state_and_token(participant):
    import re

    from django.test import Client

    from job_feed.models import SavedOffer

    offer = JobOfferFactory(title="Soudeur")
    other = ParticipantFactory()
    SavedOffer.objects.create(user=participant, offer=offer)

    assert 'aria-pressed="true"' in card_of(client_for(participant).get(LIST).content.decode(), "Soudeur")
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(other)
    card = card_of(strict.get(LIST).content.decode(), "Soudeur")
    assert 'aria-pressed="false"' in card

    # The token in the cached card is this reader's: the save it sends is accepted.
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', card).group(1)
    response = strict.post(reverse("job_feed:offer_save", kwargs={"pk": offer.pk}), {"csrfmiddlewaretoken": token})
    assert response.status_code in (200, 302)
    assert SavedOffer.objects.filter(user=other, offer=offer).exists()


def test_an_offer_closed_or_edited_leaves_the_cached_page_at_the_next_view(participant):
    from job_feed.models import JobOffer

    offer = JobOfferFactory(title="Soudeur")
    JobOfferFactory(title="Cariste")
    client = client_for(participant)
    assert "Soudeur" in client.get(LIST).content.decode()

    offer.status = JobOffer.Status.CLOSED
    offer.save()

    html = client.get(LIST).content.decode()
    assert "Soudeur" not in html and "Cariste" in html
