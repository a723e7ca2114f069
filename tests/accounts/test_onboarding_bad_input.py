"""Bad input on the onboarding and profile forms: a message next to the field, in the person's
language, never a 500, what was typed kept, and nothing already saved lost."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from pytest_django.asserts import assertContains

from accounts.models import Profile, User
from tests.accounts.profile_factories import OnboardedProfileFactory

pytestmark = pytest.mark.django_db

SITUATION = {
    "stage": "csq_received",
    "csq_number": "Q-2026-123456",
    "country_of_residence": "SN",
    "city_of_residence": "Dakar",
    "time_zone": "Africa/Dakar",
    "arrival_date": "",
}


def step_url(step: str) -> str:
    return reverse("accounts:onboarding_step", kwargs={"step": step})


def edit_url(section: str) -> str:
    return reverse("accounts:profile_edit", kwargs={"section": section})


@pytest.fixture
def signed_in(client, participant):
    client.force_login(participant)
    return client


@pytest.fixture
def onboarded(client):
    profile = OnboardedProfileFactory()
    client.force_login(profile.user)
    return profile


def assert_field_error(response, field: str, message: str) -> None:
    """A 200 page that shows the message in the field's own feedback, the field marked invalid."""
    assert response.status_code == 200
    assert field in response.context["form"].errors, response.context["form"].errors
    assertContains(response, message)
    assertContains(response, f'id="error_1_id_{field}"')


def saved_profile(user) -> dict:
    return Profile.objects.filter(user=user).values().first() or {}


@pytest.mark.parametrize(
    ("csq_number", "message"),
    [
        ("12", "n&#x27;a pas la forme d&#x27;un numéro de CSQ"),
        ("Q!2026#123456", "n&#x27;a pas la forme d&#x27;un numéro de CSQ"),
        ("-12345678", "n&#x27;a pas la forme d&#x27;un numéro de CSQ"),
        ("<b>123456</b>", "n&#x27;a pas la forme d&#x27;un numéro de CSQ"),
        ("A" * 21, "au plus 20 caractères"),
    ],
)
def test_a_csq_number_of_the_wrong_shape_is_refused(signed_in, participant, csq_number, message):
    response = signed_in.post(step_url("situation"), {**SITUATION, "csq_number": csq_number})
    assert_field_error(response, "csq_number", message)
    assert response.context["form"]["csq_number"].value() == csq_number
    assert not Profile.objects.filter(user=participant, onboarding_step="situation").exists()


@pytest.mark.parametrize("csq_number", ["Q-2026-123456", "qc 12345678", "A1B2C3"])
def test_a_csq_number_of_the_right_shape_is_stored_as_typed(signed_in, participant, csq_number):
    assert signed_in.post(step_url("situation"), {**SITUATION, "csq_number": csq_number}).status_code == 302
    assert Profile.objects.get(user=participant).csq_number == csq_number


@pytest.mark.parametrize(
    ("arrival_date", "message"),
    [
        ("1900-01-01", "trop ancienne"),
        ("2100-01-01", "trop lointaine"),
        ((timezone.localdate() - datetime.timedelta(days=5 * 366 + 2)).isoformat(), "trop ancienne"),
        ((timezone.localdate() + datetime.timedelta(days=5 * 366 + 2)).isoformat(), "trop lointaine"),
        ("2026-02-31", "Saisissez une date valide"),
    ],
)
def test_an_absurd_arrival_date_is_refused(signed_in, arrival_date, message):
    response = signed_in.post(step_url("situation"), {**SITUATION, "arrival_date": arrival_date})
    assert_field_error(response, "arrival_date", message)
    assertContains(response, f'value="{arrival_date}"')


def test_an_arrival_date_within_five_years_is_accepted(signed_in, participant):
    soon = (timezone.localdate() + datetime.timedelta(days=4 * 365)).isoformat()
    assert signed_in.post(step_url("situation"), {**SITUATION, "arrival_date": soon}).status_code == 302


@pytest.mark.parametrize("time_zone", ["Mars/Olympus_Mons", "EST5EDT; DROP TABLE", "", "x" * 10_000])
def test_a_time_zone_outside_the_iana_list_is_refused(signed_in, participant, time_zone):
    response = signed_in.post(step_url("situation"), {**SITUATION, "time_zone": time_zone})
    assert response.status_code == 200
    assert "time_zone" in response.context["form"].errors
    participant.refresh_from_db()
    assert participant.time_zone == "America/Montreal"


def test_an_oversized_city_is_refused_and_kept(signed_in, participant):
    city = "Q" * 10_000
    response = signed_in.post(step_url("situation"), {**SITUATION, "city_of_residence": city})
    assert_field_error(response, "city_of_residence", "au plus 100 caractères")
    assertContains(response, city)
    assert saved_profile(participant).get("city_of_residence", "") == ""


def test_an_unknown_country_is_refused(signed_in):
    response = signed_in.post(step_url("situation"), {**SITUATION, "country_of_residence": "XX"})
    assert response.status_code == 200
    assert "country_of_residence" in response.context["form"].errors


@pytest.mark.parametrize("region", ["99", "0", "'; --", "Montréal"])
def test_an_unknown_region_code_is_refused(onboarded, client, region):
    response = client.post(edit_url("settlement"), {"region": region, "municipality": "Laval"})
    assert_field_error(response, "region", "Cette région n&#x27;existe pas")
    assertContains(response, 'value="Laval"')
    onboarded.refresh_from_db()
    assert (onboarded.region.code, onboarded.municipality) == ("06", "Montréal")


@pytest.mark.parametrize("occupation", ["99999", "abc", "1" * 500])
def test_an_unknown_occupation_code_is_refused(onboarded, client, occupation):
    response = client.post(edit_url("occupation"), {"occupation": occupation, "years_of_experience": "3"})
    assert_field_error(response, "occupation", "Cette profession n&#x27;existe pas")
    assertContains(response, 'value="3"')
    onboarded.refresh_from_db()
    assert (onboarded.occupation.code, onboarded.years_of_experience) == ("2", 7)


@pytest.mark.parametrize("years", ["-1", "61", "abc", "9" * 50])
def test_impossible_years_of_experience_are_refused(onboarded, client, years):
    response = client.post(edit_url("occupation"), {"occupation": "2", "years_of_experience": years})
    assert response.status_code == 200
    assert "years_of_experience" in response.context["form"].errors


@pytest.mark.parametrize("level", ["0", "13", "douze", ""])
def test_a_french_level_outside_the_scale_is_refused(onboarded, client, level):
    response = client.post(edit_url("languages"), {"french_level": level, "english_level": "4"})
    assert response.status_code == 200
    assert "french_level" in response.context["form"].errors
    onboarded.refresh_from_db()
    assert onboarded.french_level == 6


@pytest.mark.parametrize("ages", ["trois", "3, 40", "3,-1", "1" * 200])
def test_children_ages_that_are_not_ages_are_refused(onboarded, client, ages):
    response = client.post(
        edit_url("household"), {"household": "with_children", "children_ages": ages, "mode": "self_training"}
    )
    assert response.status_code == 200
    assert "children_ages" in response.context["form"].errors
    onboarded.refresh_from_db()
    assert onboarded.household == Profile.Household.COUPLE


def test_an_unknown_household_or_mode_is_refused(onboarded, client):
    response = client.post(edit_url("household"), {"household": "commune", "mode": "robot"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) >= {"household", "mode"}


def test_a_bad_post_during_onboarding_keeps_the_steps_already_saved(signed_in, participant):
    assert signed_in.post(step_url("situation"), SITUATION).status_code == 302
    response = signed_in.post(step_url("situation"), {**SITUATION, "csq_number": "?", "city_of_residence": "Thiès"})
    assert response.status_code == 200
    profile = Profile.objects.get(user=participant)
    assert (profile.city_of_residence, profile.onboarding_step) == ("Dakar", "situation")


def test_the_messages_follow_the_person_language(signed_in):
    try:
        response = signed_in.post("/en" + step_url("situation"), {**SITUATION, "csq_number": "?"})
        assert response.status_code == 200
        assertContains(response, '<html lang="en">')
        with translation.override("en"):
            expected = str(response.context["form"].errors["csq_number"][0])
        assert expected in response.content.decode().replace("&#x27;", "'")
    finally:
        translation.activate("fr-ca")


# --- Email at sign-up (the browser journey covers the whole sign-up; here, the form's answers) ----


@pytest.fixture(autouse=True)
def no_rate_limit_left_over():
    """allauth counts sign-ups per address in the cache (Redis, shared across runs)."""
    from django.core.cache import cache

    cache.clear()


def signup(client, email: str):
    return client.post(
        reverse("account_signup"),
        {
            "email": email,
            "password1": "Un-mot-de-passe-solide-2026",
            "password2": "Un-mot-de-passe-solide-2026",
            "accept_terms": "on",
            "accept_privacy": "on",
        },
    )


@pytest.mark.parametrize("email", ["pas-un-courriel", "a@b", "deux@@example.org", "espace @example.org"])
def test_an_invalid_email_gets_a_message_next_to_the_field(client, email):
    response = signup(client, email)
    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    assertContains(response, email[:50])
    assert not User.objects.exists()


def test_an_email_too_long_for_the_account_is_refused_not_cut(client):
    response = signup(client, "x" * 300 + "@example.org")
    assert response.status_code == 200
    assertContains(response, "trop longue")
    assert not User.objects.exists()


def test_a_duplicate_email_gets_the_same_answer_as_a_new_one(client, participant, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        taken = signup(client, participant.email.upper())
        fresh = signup(client.__class__(), "nouvelle-personne@example.org")
    assert (taken.status_code, taken["Location"]) == (fresh.status_code, fresh["Location"])
    assert User.objects.filter(email__iexact=participant.email).count() == 1
    # What differs is told by email only (rate limits decide which emails go out; not checked here).
    assert all(message.to in ([participant.email], ["nouvelle-personne@example.org"]) for message in mail.outbox)
