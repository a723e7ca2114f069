"""allauth's flows as the portal configures them: sign-up with mandatory email verification,
login, password reset, no account enumeration, rate limits, and no staff role from the public."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from accounts.roles import PARTICIPANT, ROLE_GROUP_NAMES
from tests.accounts.factories import PASSWORD, ParticipantFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Une-autre-phrase-de-passe-2027"
CONFIRM_LINK = re.compile(r"http://testserver(/(?:en/)?compte/confirm-email/[^\s/]+/)")
RESET_LINK = re.compile(r"http://testserver(/(?:en/)?compte/password/reset/key/[^\s/]+/)")


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    # allauth counts attempts in the cache (Redis in tests), per IP: every test client is
    # 127.0.0.1, so one test's sign-ups and logins must not count against the next.
    cache.clear()
    yield
    cache.clear()


def url(name: str, language: str = "fr-ca", **kwargs) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def sign_up(client, email: str, language: str = "fr-ca", follow: bool = False, **extra):
    data = {
        "email": email,
        "password1": PASSWORD,
        "password2": PASSWORD,
        "accept_terms": "on",
        "accept_privacy": "on",
        **extra,
    }
    return client.post(url("account_signup", language), data, follow=follow)


def log_in(client, email: str, password: str = PASSWORD, language: str = "fr-ca"):
    return client.post(url("account_login", language), {"login": email, "password": password})


def link_in(message, pattern: re.Pattern) -> str:
    match = pattern.search(message.body)
    assert match, f"no link in the email:\n{message.body}"
    return match.group(1)


def is_logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_sign_up_creates_a_participant_and_sends_one_verification_email_in_french(client):
    response = sign_up(client, "nadia@example.org")

    assert response.status_code == 302
    assert response["Location"] == url("account_email_verification_sent")
    user = User.objects.get(email="nadia@example.org")
    assert user.role == User.Role.PARTICIPANT
    assert user.language == User.Language.FRENCH
    assert not user.is_staff and not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == [ROLE_GROUP_NAMES[PARTICIPANT]]
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nadia@example.org"]
    assert mail.outbox[0].subject == "Service d'intégration en ligne – Confirmez votre adresse courriel"
    assert CONFIRM_LINK.search(mail.outbox[0].body)
    assert not is_logged_in(client)


def test_sign_up_in_english_records_english_and_sends_the_email_in_english(client):
    response = sign_up(client, "john@example.org", language="en")

    assert response["Location"] == url("account_email_verification_sent", "en")
    assert User.objects.get(email="john@example.org").language == User.Language.ENGLISH
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Online Integration Service – Please Confirm Your Email Address"
    assert link_in(mail.outbox[0], CONFIRM_LINK).startswith("/en/")


def test_sign_up_requires_both_consents_and_keeps_what_was_typed(client):
    response = sign_up(client, "sans.consentement@example.org", accept_terms="", accept_privacy="")

    assert response.status_code == 200
    assert not User.objects.filter(email="sans.consentement@example.org").exists()
    content = response.content.decode()
    assert "Vous devez accepter les conditions d&#x27;utilisation pour continuer." in content
    assert 'value="sans.consentement@example.org"' in content
    # Errors sit under their field and the field points to them (WCAG 3.3.1).
    assert 'aria-describedby="id_accept_terms_error' in content
    assert mail.outbox == []


def test_login_is_refused_until_the_email_is_verified(client):
    sign_up(client, "karim@example.org")

    response = log_in(client, "karim@example.org")

    assert response.status_code == 302
    assert response["Location"] == url("account_email_verification_sent")
    assert not is_logged_in(client)


def test_the_link_of_the_email_verifies_the_address_logs_in_and_opens_onboarding(client):
    sign_up(client, "lina@example.org")
    confirm_url = link_in(mail.outbox[0], CONFIRM_LINK)

    page = client.get(confirm_url)
    # A GET only shows the confirmation button: mail scanners follow links.
    assert page.status_code == 200
    assert 'method="post"' in page.content.decode()
    assert not EmailAddress.objects.get(email="lina@example.org").verified

    response = client.post(confirm_url)

    assert response.status_code == 302
    assert response["Location"] == url("accounts:onboarding")
    assert EmailAddress.objects.get(email="lina@example.org").verified
    assert is_logged_in(client)


def test_the_confirmation_page_asks_a_plain_question(client):
    sign_up(client, "rania@example.org")
    html = client.get(link_in(mail.outbox[0], CONFIRM_LINK)).content.decode()
    page = html.split("<h1>")[1]
    assert "Est-ce bien votre adresse : <strong" in page and page.count("rania@example.org") == 1
    assert "est l&#x27;adresse" not in page and "e-mail" not in html.lower()
    assert "Courriel de confirmation envoyé" in html  # allauth's message, in our wording


def test_a_link_confirmed_in_another_browser_asks_for_the_password(client, django_user_model):
    from django.test import Client

    sign_up(client, "yasmine@example.org")
    other_browser = Client()
    response = other_browser.post(link_in(mail.outbox[0], CONFIRM_LINK))

    assert response["Location"] == url("account_login")
    assert EmailAddress.objects.get(email="yasmine@example.org").verified
    assert not is_logged_in(other_browser)
    login = log_in(other_browser, "yasmine@example.org")
    assert login["Location"] == url("accounts:home")


def test_the_verification_email_names_the_service_and_has_an_html_part(client):
    sign_up(client, "amine@example.org")
    message = mail.outbox[0]

    assert "Service d'intégration en ligne" in message.body
    assert "testserver" not in CONFIRM_LINK.sub("", message.body)  # the host only in the link
    assert "e-mail" not in message.body.lower()
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert '<html lang="fr-CA">' in html and "Service d&#x27;intégration en ligne" in html
    assert link_in(message, CONFIRM_LINK) in html


def test_a_password_reset_email_is_in_the_persons_language_whatever_the_page(client):
    ParticipantFactory(email="mei@example.org", language=User.Language.ENGLISH)

    client.post(url("account_reset_password"), {"email": "mei@example.org"})  # the French page

    message = mail.outbox[0]
    assert message.subject.startswith("Online Integration Service – ")
    assert "Online Integration Service" in message.body
    assert message.alternatives[0][0].startswith("<!DOCTYPE html>")
    assert '<html lang="en">' in message.alternatives[0][0]


def test_a_wrong_verification_key_verifies_nothing(client):
    sign_up(client, "omar@example.org")

    response = client.post(url("account_confirm_email", key="pas-une-vraie-cle"))

    assert response.status_code in (200, 404)
    assert not EmailAddress.objects.get(email="omar@example.org").verified


def test_password_reset_sends_an_email_whose_link_sets_a_new_password(client):
    participant = ParticipantFactory(email="sofia@example.org")

    response = client.post(url("account_reset_password"), {"email": "sofia@example.org"})

    assert response.status_code == 302
    assert response["Location"] == url("account_reset_password_done")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["sofia@example.org"]
    key_url = link_in(mail.outbox[0], RESET_LINK)
    # allauth moves the key from the URL into the session, then shows the form.
    set_password_url = client.get(key_url)["Location"]
    form = client.get(set_password_url)
    assert form.status_code == 200
    assert 'name="password1"' in form.content.decode()

    done = client.post(set_password_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    assert done.status_code == 302
    assert done["Location"] == url("account_reset_password_from_key_done")
    participant.refresh_from_db()
    assert participant.check_password(NEW_PASSWORD)
    assert log_in(client, "sofia@example.org", NEW_PASSWORD)["Location"] == url("accounts:home")


def test_a_used_password_reset_link_cannot_be_used_again(client):
    ParticipantFactory(email="reuse@example.org")
    client.post(url("account_reset_password"), {"email": "reuse@example.org"})
    key_url = link_in(mail.outbox[0], RESET_LINK)
    set_password_url = client.get(key_url)["Location"]
    client.post(set_password_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    again = client.get(key_url, follow=True)

    assert 'name="password1"' not in again.content.decode()


def test_password_reset_answers_the_same_for_an_unknown_address(client):
    ParticipantFactory(email="known@example.org")

    known = client.post(url("account_reset_password"), {"email": "known@example.org"})
    unknown = client.post(url("account_reset_password"), {"email": "nobody@example.org"})

    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])


def test_sign_up_with_an_existing_email_answers_like_a_new_one_and_warns_the_owner(client):
    ParticipantFactory(email="deja@example.org")
    fresh = sign_up(client, "nouvelle@example.org")
    mail.outbox.clear()
    cache.clear()

    duplicate = sign_up(client, "deja@example.org")

    assert (duplicate.status_code, duplicate["Location"]) == (fresh.status_code, fresh["Location"])
    page = client.get(duplicate["Location"]).content.decode().lower()
    for leak in ("existe déjà", "already", "déjà utilisé", "déjà inscrit"):
        assert leak not in page
    assert User.objects.filter(email__iexact="deja@example.org").count() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["deja@example.org"]
    assert mail.outbox[0].subject == "Service d'intégration en ligne – Ce compte existe déjà"
    assert not CONFIRM_LINK.search(mail.outbox[0].body)


def test_the_form_does_not_say_an_email_is_taken_even_in_another_case(client):
    ParticipantFactory(email="casse@example.org")

    response = sign_up(client, "CASSE@example.org", follow=True)

    assert "existe déjà" not in response.content.decode()
    assert User.objects.filter(email__iexact="casse@example.org").count() == 1


def failed_login_limit_per_account() -> int:
    """The per-account limit of ACCOUNT_RATE_LIMITS["login_failed"] (e.g. "10/m/ip,5/5m/key" → 5)."""
    rates = settings.ACCOUNT_RATE_LIMITS["login_failed"].split(",")
    per_key = [rate for rate in rates if rate.endswith("/key")]
    assert per_key, "login_failed must limit attempts per account, not only per IP"
    return int(per_key[0].split("/")[0])


def test_too_many_failed_logins_for_one_account_lock_it_even_with_the_right_password(client):
    ParticipantFactory(email="cible@example.org")
    limit = failed_login_limit_per_account()
    for _attempt in range(limit):
        response = log_in(client, "cible@example.org", "mauvais-mot-de-passe")
        assert response.status_code == 200
        assert not is_logged_in(client)

    response = log_in(client, "cible@example.org", PASSWORD)

    assert response.status_code == 200
    assert not is_logged_in(client)
    assert [error.code for error in response.context["form"].non_field_errors().as_data()] == [
        "too_many_login_attempts"
    ]
    assert "Trop de tentatives de connexion échouées" in response.content.decode()


def test_failed_logins_for_one_account_do_not_lock_another(client):
    ParticipantFactory(email="cible2@example.org")
    ParticipantFactory(email="voisine@example.org")
    for _attempt in range(failed_login_limit_per_account()):
        log_in(client, "cible2@example.org", "mauvais-mot-de-passe")

    response = log_in(client, "voisine@example.org", PASSWORD)

    assert response.status_code == 302
    assert is_logged_in(client)


def test_too_many_password_resets_for_one_address_get_a_429_page_in_french(client):
    ParticipantFactory(email="reset@example.org")
    limit = int(settings.ACCOUNT_RATE_LIMITS["reset_password"].split(",")[-1].split("/")[0])
    for _attempt in range(limit):
        assert client.post(url("account_reset_password"), {"email": "reset@example.org"}).status_code == 302

    response = client.post(url("account_reset_password"), {"email": "reset@example.org"})

    assert response.status_code == 429
    content = response.content.decode()
    assert '<html lang="fr-CA">' in content
    assert "Trop de demandes" in content
    assert len(mail.outbox) == limit


def test_public_sign_up_never_makes_a_coach_or_an_admin(client):
    response = sign_up(
        client,
        "pirate@example.org",
        role=User.Role.COACH,
        is_staff="on",
        is_superuser="on",
        groups="1",
    )

    assert response.status_code == 302
    user = User.objects.get(email="pirate@example.org")
    assert user.role == User.Role.PARTICIPANT
    assert not user.is_staff
    assert not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == [ROLE_GROUP_NAMES[PARTICIPANT]]
