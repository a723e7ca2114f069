"""The footer names the person's zone in words, in their language, not "Africa/Casablanca"."""

import pytest

from integration_portal.timezones import zone_in_words

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_casablanca(client, participant):
    participant.time_zone = "Africa/Casablanca"
    participant.save(update_fields=["time_zone"])
    client.force_login(participant)
    return client


def test_the_footer_names_the_zone_in_french(in_casablanca):
    html = in_casablanca.get("/").content.decode()
    assert "Heure de Casablanca (Maroc)" in html and "Africa/Casablanca" not in html


def test_the_footer_names_the_zone_in_english(in_casablanca):
    html = in_casablanca.get("/en/").content.decode()
    assert "Casablanca time (Morocco)" in html and "Africa/Casablanca" not in html


def test_a_visitor_sees_montreal_time(client):
    assert "Heure de Montréal (Canada)" in client.get("/").content.decode()


def test_zones_without_a_country_are_still_words():
    assert zone_in_words("UTC") == "Temps universel (UTC)"
    assert zone_in_words("America/Argentina/Buenos_Aires") == "Heure de Buenos Aires (Argentine)"
