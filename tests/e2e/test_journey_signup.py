"""The first journey: a visitor reads the home page in French, switches to English, signs up,
follows the verification link from the email, logs in and reaches the participant's pages."""

import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Profile, User

pytestmark = pytest.mark.e2e

EMAIL = "amina.benali@example.org"
PASSWORD = "Soleil-de-Casablanca-2026"
CONFIRM_LINK = re.compile(r"https?://[^\s]+/compte/confirm-email/[^\s]+/")


def verification_link(email: str) -> str:
    """The link of the one email sent to this address (the server runs in this process)."""
    messages = [message for message in mail.outbox if message.to == [email]]
    assert len(messages) == 1, f"expected one email to {email}, got {len(messages)}"
    match = CONFIRM_LINK.search(messages[0].body)
    assert match, f"no confirmation link in the email:\n{messages[0].body}"
    return match.group(0)


def test_a_visitor_signs_up_in_english_confirms_the_email_and_logs_in(page, check_accessibility):
    heading = page.get_by_role("heading", level=1)

    # The home page is French by default.
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "fr-CA")
    expect(heading).to_have_text("Préparez votre installation au Québec, à votre rythme")
    check_accessibility(page)

    # The language switcher is a form button (it works without JavaScript).
    page.get_by_role("button", name="English").click()
    expect(page).to_have_url(re.compile(r"/en/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(heading).to_have_text("Prepare your settlement in Québec, at your own pace")
    check_accessibility(page)

    # Sign up, from the navigation.
    page.get_by_role("navigation").get_by_role("link", name="Sign up").click()
    expect(page).to_have_url(re.compile(r"/en/compte/signup/$"))
    expect(heading).to_have_count(1)
    check_accessibility(page)
    page.get_by_role("textbox", name=re.compile(r"^Email")).fill(EMAIL)
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.locator("#id_accept_terms").check()
    page.locator("#id_accept_privacy").check()
    page.locator("main").get_by_role("button", name="Sign Up").click()

    # "Verify your email": nothing else is possible before.
    expect(page).to_have_url(re.compile(r"/en/compte/confirm-email/$"))
    expect(heading).to_have_text(re.compile(r"verify your email", re.IGNORECASE))
    check_accessibility(page)
    user = User.objects.get(email=EMAIL)
    assert user.role == User.Role.PARTICIPANT
    assert user.language == User.Language.ENGLISH

    # The link of the email opens a page that confirms on a POST (a mail scanner's GET does not).
    page.goto(verification_link(EMAIL))
    expect(heading).to_have_text("Confirm your e-mail address")
    check_accessibility(page)
    page.locator("main").get_by_role("button", name="Confirm my address").click()

    # Confirmed in the browser that signed up: logged in at once, no password asked again.
    # A new participant starts with the onboarding, in English.
    expect(page).to_have_url(re.compile(r"/en/moi/bienvenue/"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(heading).to_have_count(1)
    check_accessibility(page)

    # Once the onboarding is done (not this journey's subject), home is the dashboard.
    Profile.objects.filter(user=user).update(onboarding_completed_at=timezone.now())
    page.goto("/en/moi/")
    expect(page).to_have_url(re.compile(r"/en/moi/tableau-de-bord/$"))
    expect(heading).to_have_text("My dashboard")
    check_accessibility(page)


def test_sign_up_mistakes_are_shown_next_to_their_fields_in_french(page, check_accessibility):
    page.goto("/compte/signup/")
    # Addresses the browser lets through but the server refuses; the consents are ticked, so the
    # browser's own checks do not stop the form.
    page.locator("#id_email").fill("amina@exemple")
    page.locator("#id_password1").fill("abc")
    page.locator("#id_password2").fill("abc")
    page.locator("#id_accept_terms").check()
    page.locator("#id_accept_privacy").check()
    page.locator("main").get_by_role("button", name="Création de compte").click()

    email = page.locator("#id_email")
    expect(email).to_have_value("amina@exemple")
    expect(email).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_email_error")).to_contain_text("Saisissez une adresse de courriel valide")
    expect(page.locator("#id_password1_error")).to_contain_text("trop court")
    described_by = email.get_attribute("aria-describedby") or ""
    assert "id_email_error" in described_by.split()
    assert not User.objects.filter(email="amina@exemple").exists()
    check_accessibility(page)
