"""Session lifetimes: staff 30 minutes idle and 12 hours at most; participants two weeks from
their last activity; "log out everywhere" ends every device's session."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from tests.accounts.factories import PASSWORD, CoachFactory, ParticipantFactory

pytestmark = pytest.mark.django_db

START = datetime.datetime(2027, 3, 1, 9, 0, tzinfo=datetime.UTC)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def still_signed_in(client: Client) -> bool:
    """accounts:home sends a signed-in person on to their start page, a visitor to the login page."""
    response = client.get(reverse("accounts:home"))
    return "/login/" not in response["Location"]


def test_a_coach_idle_for_more_than_30_minutes_is_signed_out():
    with time_machine.travel(START, tick=False) as clock:
        client = signed_in(CoachFactory())
        clock.shift(datetime.timedelta(minutes=29))
        assert still_signed_in(client)
        clock.shift(datetime.timedelta(minutes=31))
        assert not still_signed_in(client)


def test_an_active_coach_is_signed_out_after_12_hours():
    with time_machine.travel(START, tick=False) as clock:
        client = signed_in(CoachFactory())
        for _step in range(35):  # every 20 minutes for 11 h 40
            clock.shift(datetime.timedelta(minutes=20))
            assert still_signed_in(client)
        clock.shift(datetime.timedelta(minutes=25))
        assert not still_signed_in(client)


def test_a_participants_session_lasts_two_weeks_from_their_last_visit():
    with time_machine.travel(START, tick=False) as clock:
        client = signed_in(ParticipantFactory())
        for _visit in range(4):  # a visit every 13 days: never signed out
            clock.shift(datetime.timedelta(days=13))
            assert still_signed_in(client)
        clock.shift(datetime.timedelta(days=15))
        assert not still_signed_in(client)


def test_the_session_cookie_expires_with_the_idle_time():
    coach_client = signed_in(CoachFactory())
    participant_client = signed_in(ParticipantFactory())

    assert coach_client.session.get_expiry_age() == 30 * 60
    assert participant_client.session.get_expiry_age() == 14 * 24 * 60 * 60


def logged_in_through_the_login_page(user) -> Client:
    client = Client()
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_log_out_everywhere_ends_the_sessions_of_every_device():
    participant = ParticipantFactory()
    phone, laptop = logged_in_through_the_login_page(participant), logged_in_through_the_login_page(participant)
    other_person = logged_in_through_the_login_page(ParticipantFactory())

    response = laptop.post(reverse("accounts:logout_everywhere"))

    assert response.status_code == 302 and "/login/" in response["Location"]
    assert not still_signed_in(phone)
    assert not still_signed_in(laptop)
    assert still_signed_in(other_person)


def test_log_out_everywhere_is_offered_on_the_profile_page():
    from tests.accounts.profile_factories import OnboardedProfileFactory

    participant = ParticipantFactory()
    OnboardedProfileFactory(user=participant)

    html = signed_in(participant).get(reverse("accounts:profile")).content.decode()

    assert reverse("accounts:logout_everywhere") in html


def test_log_out_everywhere_is_offered_to_staff_on_their_account_pages():
    coach = CoachFactory()

    html = signed_in(coach).get(reverse("account_email")).content.decode()

    assert reverse("accounts:logout_everywhere") in html
