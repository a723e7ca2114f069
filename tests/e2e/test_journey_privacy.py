"""Privacy and staff journeys: a participant downloads their data and deletes their account; a
coach without two-factor authentication is sent to set it up, and then reaches their pages."""

import json
import re
from pathlib import Path

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time
from playwright.sync_api import expect

from accounts.models import DeletionLog, User
from tests.accounts.factories import PASSWORD, CoachFactory
from tests.accounts.profile_factories import OnboardedProfileFactory
from tests.coaching.factories import AssignmentFactory

pytestmark = pytest.mark.e2e


def onboarded_participant(**fields) -> User:
    return OnboardedProfileFactory(**fields).user


def totp_code(secret: str) -> str:
    """The code an authenticator app shows now (allauth's own helper)."""
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


def log_in(page, email: str) -> None:
    page.goto("/compte/login/")
    page.get_by_role("textbox", name=re.compile(r"^Courriel|^Adresse")).fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main").get_by_role("button", name=re.compile("Connexion|Se connecter")).click()


def test_a_participant_downloads_their_data_and_deletes_their_account(page, check_accessibility):
    participant = onboarded_participant(city_of_residence="Casablanca")
    email = participant.email
    heading = page.get_by_role("heading", level=1)
    log_in(page, email)
    expect(page).to_have_url(re.compile(r"/moi/tableau-de-bord/$"))

    # "Mes données personnelles", from the footer: a readable page of everything held.
    page.get_by_role("contentinfo").get_by_role("link", name="Mes données personnelles").click()
    expect(heading).to_have_text("Mes données personnelles")
    expect(page.locator("main")).to_contain_text(email)
    expect(page.locator("main")).to_contain_text("Casablanca")
    check_accessibility(page)

    # The same, as a JSON file.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger mes données (JSON)").click()
    data = json.loads(Path(download_info.value.path()).read_text(encoding="utf-8"))
    assert data["sections"]["account"]["email"] == email
    assert data["sections"]["profile"]["city_of_residence"] == "Casablanca"

    # Delete the account: a wrong password deletes nothing and says so next to the field.
    page.get_by_role("link", name="Supprimer mon compte").click()
    expect(heading).to_have_text("Supprimer mon compte")
    check_accessibility(page)
    page.get_by_label("Votre mot de passe actuel").fill("pas-le-bon-mot-de-passe")
    page.get_by_label(re.compile("Je comprends")).check()
    page.get_by_role("button", name="Supprimer définitivement mon compte").click()
    expect(page.locator("#id_password").locator("xpath=..")).to_contain_text("Rien n'a été supprimé")
    check_accessibility(page)
    assert User.objects.get(pk=participant.pk).is_active

    # The right password erases the account and ends the session.
    page.get_by_label("Votre mot de passe actuel").fill(PASSWORD)
    page.get_by_label(re.compile("Je comprends")).check()
    page.get_by_role("button", name="Supprimer définitivement mon compte").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator(".messages")).to_contain_text("Votre compte a été supprimé")
    expect(page.get_by_role("navigation", name="Compte et langue")).to_contain_text("Se connecter")
    erased = User.objects.get(pk=participant.pk)
    assert erased.email != email and not erased.is_active
    assert DeletionLog.objects.count() == 1

    # The old address no longer opens an account.
    log_in(page, email)
    expect(page).to_have_url(re.compile(r"/compte/login/$"))


def test_a_coach_without_mfa_is_sent_to_set_it_up_then_reaches_their_caseload(page, check_accessibility):
    coach = CoachFactory(totp=False)
    followed = AssignmentFactory(coach=coach).participant
    heading = page.get_by_role("heading", level=1)

    log_in(page, coach.email)

    # Any staff page sends them to the setup, straight after the login (the password they just
    # typed is not asked a second time).
    expect(page).to_have_url(re.compile(r"/compte/2fa/totp/activate/$"))
    expect(page.locator(".messages")).to_contain_text("double authentification")
    check_accessibility(page)

    # The secret is on the page (beside the QR code): compute the app's code and activate.
    secret = page.locator("#authenticator_secret").input_value()
    page.locator("#id_code").fill(totp_code(secret))
    page.locator("main").get_by_role("button", name=re.compile("Activ")).click()
    expect(page).not_to_have_url(re.compile(r"/totp/activate/"))
    assert Authenticator.objects.filter(user=coach, type=Authenticator.Type.TOTP).exists()

    # Now the caseload opens, and the participant's file.
    page.goto("/accompagnement/tableau-de-bord/")
    expect(heading).to_have_text("Mes participants")
    check_accessibility(page)
    page.get_by_role("link", name=followed.display_name).click()
    expect(heading).to_have_text(followed.display_name)
    check_accessibility(page)


def test_a_new_privacy_policy_is_asked_at_the_next_login(page, check_accessibility):
    from django.utils import timezone

    from accounts.models import ConsentRecord, PolicyVersion

    participant = onboarded_participant()
    new = PolicyVersion.objects.create(
        document="privacy", version="2027-01", published_at=timezone.now(), summary="Durée de conservation précisée."
    )
    heading = page.get_by_role("heading", level=1)

    log_in(page, participant.email)

    expect(page).to_have_url(re.compile(r"/moi/consentement/"))
    expect(heading).to_have_text("Nouvelle version de nos politiques")
    expect(page.locator("main")).to_contain_text("Durée de conservation précisée.")
    check_accessibility(page)
    page.get_by_role("button", name="J'accepte et je continue").click()
    expect(page.locator("#id_accept_privacy").locator("xpath=..")).to_contain_text("Vous devez accepter")
    page.locator("#id_accept_privacy").check()
    page.get_by_role("button", name="J'accepte et je continue").click()

    expect(page).to_have_url(re.compile(r"/moi/tableau-de-bord/$"))
    assert ConsentRecord.objects.filter(user=participant, policy=new).exists()

    # The policy itself is public, and readable.
    page.get_by_role("contentinfo").get_by_role("link", name="Politique de confidentialité").click()
    expect(page.locator("main")).to_contain_text("2027-01")
    check_accessibility(page)
