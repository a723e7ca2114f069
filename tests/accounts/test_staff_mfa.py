"""Staff must set up two-factor authentication before reaching any staff page; the admin's login
goes through allauth (which asks for the second factor)."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time
from django.urls import reverse

from tests.accounts.factories import PASSWORD, CoachFactory, MinistryAdminFactory, ParticipantFactory

pytestmark = pytest.mark.django_db


def current_code(secret: str) -> str:
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


def test_a_coach_without_mfa_is_sent_to_set_it_up(client):
    coach = CoachFactory(totp=False)
    client.force_login(coach)

    response = client.get(reverse("coaching:dashboard"))

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    response = client.get(response["Location"], follow=True)
    assert "double authentification" in response.content.decode()


def test_a_script_of_the_page_is_refused_rather_than_sent_to_the_setup(client):
    """Following the redirect would load the setup again and replace the secret being scanned."""
    coach = CoachFactory(totp=False)
    client.force_login(coach)

    fetched = client.get(reverse("forum:notification_count"), headers={"Sec-Fetch-Mode": "cors"})
    by_htmx = client.get(reverse("coaching:dashboard"), headers={"HX-Request": "true"})
    opened = client.get(reverse("coaching:dashboard"), headers={"Sec-Fetch-Mode": "navigate"})

    assert fetched.status_code == 403 and by_htmx.status_code == 403
    assert opened.status_code == 302 and opened["Location"] == reverse("mfa_activate_totp")


def test_a_ministry_admin_without_mfa_cannot_open_the_admin(client):
    admin_user = MinistryAdminFactory(totp=False)
    client.force_login(admin_user)

    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_a_coach_with_mfa_reaches_their_dashboard(client, coach):
    client.force_login(coach)

    assert client.get(reverse("coaching:dashboard")).status_code == 200


@pytest.mark.parametrize(
    "url_name", ["mfa_index", "account_email", "usersessions_list", "home", "legal:privacy", "healthz"]
)
def test_a_coach_without_mfa_can_still_open_the_account_and_public_pages(client, url_name):
    client.force_login(CoachFactory(totp=False))

    assert client.get(reverse(url_name)).status_code == 200


def test_a_coach_without_mfa_can_log_out(client):
    client.force_login(CoachFactory(totp=False))

    response = client.post(reverse("account_logout"))

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_participants_are_not_asked_for_mfa(client, participant):
    client.force_login(participant)

    assert client.get(reverse("accounts:privacy_export")).status_code == 200


def test_a_coach_can_finish_the_totp_setup_and_then_reach_the_dashboard(client):
    coach = CoachFactory(totp=False)
    response = client.post(reverse("account_login"), {"login": coach.email, "password": PASSWORD}, follow=True)
    # Straight to the setup: the password just typed is not asked a second time.
    assert response.redirect_chain[-1][0] == reverse("mfa_activate_totp")
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = page.context["form"].secret

    response = client.post(reverse("mfa_activate_totp"), {"code": current_code(secret)})

    assert response.status_code == 302
    assert Authenticator.objects.filter(user=coach, type=Authenticator.Type.TOTP).exists()
    assert client.get(reverse("coaching:dashboard")).status_code == 200


def test_a_staff_member_who_logged_in_earlier_is_asked_for_the_password_before_the_setup(client):
    coach = CoachFactory(totp=False)
    client.force_login(coach)  # no password typed in this session
    assert client.get(reverse("mfa_activate_totp"))["Location"].startswith(reverse("account_reauthenticate"))


def test_staff_with_mfa_are_asked_for_a_code_at_login(client, coach):
    response = client.post(reverse("account_login"), {"login": coach.email, "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session

    response = client.post(reverse("mfa_authenticate"), {"code": current_code(coach.totp_secret)})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(coach.pk)


def test_the_admin_login_page_sends_visitors_to_allauths_login(client):
    response = client.get(reverse("admin:login") + "?next=/admin/accounts/user/")

    assert response.status_code == 302
    assert response["Location"] == reverse("account_login") + "?next=%2Fadmin%2Faccounts%2Fuser%2F"


def test_the_admin_login_page_does_not_accept_a_password(client, ministry_admin):
    response = client.post(reverse("admin:login"), {"username": ministry_admin.email, "password": PASSWORD})

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_admin_login_page_ignores_a_next_url_to_another_site(client):
    response = client.get(reverse("admin:login") + "?next=https://evil.example/")

    assert "evil.example" not in response["Location"]


def test_a_signed_in_participant_sent_to_the_admin_login_goes_to_their_own_page(client, participant):
    client.force_login(participant)

    response = client.get(reverse("admin:login"))

    assert response["Location"] == reverse("accounts:home")


def test_public_sign_up_makes_participants_only(client):
    client.post(
        reverse("account_signup"),
        {
            "email": "nouvelle@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "accept_terms": "on",
            "accept_privacy": "on",
            "role": "coach",
        },
    )
    from accounts.models import User

    assert User.objects.get(email="nouvelle@example.org").role == User.Role.PARTICIPANT


def test_a_participant_factory_user_is_not_staff():
    assert not ParticipantFactory().is_staff_member
