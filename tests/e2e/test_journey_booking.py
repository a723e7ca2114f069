"""Booking in a browser: a participant in Casablanca books a slot shown in her zone (Montréal's time
beside it); her coach sees it in Montréal time; she moves it; both see the change. axe on each page."""

from datetime import UTC, datetime

import pytest
import time_machine
from playwright.sync_api import expect

from accounts.models import Profile
from tests.accounts.profile_factories import OnboardedProfileFactory
from tests.coaching.factories import accompanied, coach_with_hours
from tests.e2e.test_journey_plan import signed_in

pytestmark = pytest.mark.e2e

NOW = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)  # two weeks before Montréal's clocks change


@pytest.fixture
def people(transactional_db):
    coach = coach_with_hours(hours=[(1, "09:00", "12:00")])  # Tuesdays 9:00-12:00, Montréal
    participant = accompanied(coach=coach, zone="Africa/Casablanca")
    OnboardedProfileFactory(user=participant, mode=Profile.Mode.ACCOMPANIED)
    return participant, coach


def test_book_then_move_an_interview_across_time_zones(browser, live_url, people, check_accessibility):
    participant, coach = people
    with time_machine.travel(NOW, tick=True):
        me = signed_in(browser, live_url, participant).new_page()
        me.goto("/accompagnement/entrevues/")
        check_accessibility(me)
        me.get_by_label("mardi 16 mars 2027, 13 h 00 (Casablanca) · 9 h 00 à Montréal").check()
        me.get_by_role("button", name="Réserver cette plage").click()
        expect(me.locator("#interview-when")).to_have_text(
            "mardi 16 mars 2027, 13 h 00 (Casablanca) · 9 h 00 à Montréal"
        )
        check_accessibility(me)
        interview_path = me.url.removeprefix(live_url)

        them = signed_in(browser, live_url, coach).new_page()
        them.goto("/accompagnement/tableau-de-bord/")
        expect(them.get_by_role("link", name="mardi 16 mars 2027, 9 h 00 (Montréal)")).to_be_visible()
        check_accessibility(them)
        them.goto(interview_path)
        expect(them.locator("#interview-other-when")).to_have_text("mardi 16 mars 2027, 13 h 00")
        check_accessibility(them)

        me.get_by_role("link", name="Déplacer l'entrevue").click()
        check_accessibility(me)
        me.get_by_label("mardi 16 mars 2027, 15 h 00 (Casablanca) · 11 h 00 à Montréal").check()
        me.get_by_label("Motif (facultatif)").fill("Un rendez-vous au consulat")
        me.get_by_role("button", name="Déplacer à cette plage").click()
        expect(me.locator("#interview-when")).to_have_text(
            "mardi 16 mars 2027, 15 h 00 (Casablanca) · 11 h 00 à Montréal"
        )

        them.reload()
        expect(them.locator("#interview-when")).to_have_text("mardi 16 mars 2027, 11 h 00 (Montréal)")
        expect(them.get_by_text("Un rendez-vous au consulat")).to_be_visible()
