"""« courriel », never « e-mail », « email » or « mail », in everything French the portal shows:
its own catalogue, allauth's reworded one, the pages a newcomer and the staff meet, and the
e-mails themselves (integration_portal/wording covers allauth; this covers the rest)."""

import re

import polib
import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from integration_portal.wording import build
from tests.accounts.profile_factories import give_profile
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

FORBIDDEN = re.compile(r"\b(e-?mails?|mails?)\b", re.IGNORECASE)
# Not words a person reads: placeholders, mailto: links, template variables.
NOT_WORDS = re.compile(r"%\(\w+\)[sd]|\{\{.*?\}\}|\{\w+\}|mailto:[^\s\"'>]*")
# The organisations' CSV import names its columns as the file must spell them.
ALLOWED = {"Colonnes : name, region_code, municipality, address, phone, website, email, services"}


def forbidden_words(text: str) -> list[str]:
    return FORBIDDEN.findall(NOT_WORDS.sub(" ", text))


def french_entries(path) -> list[tuple[str, str]]:
    """(msgid, French text) of each entry: the msgstr, or the msgid when French is the source."""
    entries = []
    for entry in polib.pofile(str(path)):
        if entry.obsolete:
            continue
        texts = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr or entry.msgid]
        entries += [(entry.msgid, text) for text in texts]
    return entries


@pytest.mark.parametrize(
    "catalogue",
    [settings.BASE_DIR / "locale" / "fr_CA" / "LC_MESSAGES" / "django.po", build.TARGET],
    ids=["portal", "allauth-wording"],
)
def test_the_french_catalogues_say_courriel(catalogue):
    found = {
        msgid: forbidden_words(text)
        for msgid, text in french_entries(catalogue)
        if forbidden_words(text) and not any(msgid.startswith(allowed) for allowed in ALLOWED)
    }
    assert found == {}


def test_the_scan_finds_the_forbidden_words():
    assert forbidden_words("Votre adresse e-mail, votre email ou votre mail") == ["e-mail", "email", "mail"]
    assert forbidden_words('Écrivez à <a href="mailto:x@example.org">%(email)s</a> {{ email }}') == []


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    # Attribute values (type="email", autocomplete="email", names) are for machines; but
    # placeholders, titles and labels for screen readers are read.
    readable = " ".join(re.findall(r'(?:placeholder|title|aria-label|alt)="([^"]*)"', html))
    return re.sub(r"<[^>]+>", " ", html) + " " + readable


ANONYMOUS_PAGES = ["home", "account_login", "account_signup", "account_reset_password", "legal:terms", "legal:privacy"]
PARTICIPANT_PAGES = [
    "accounts:dashboard",
    "accounts:profile",
    "accounts:privacy_export",
    "accounts:account_delete",
    "account_email",
    "account_change_password",
    "mfa_index",
    "usersessions_list",
    "forum:index",
]


@pytest.mark.parametrize("url_name", ANONYMOUS_PAGES)
def test_the_french_pages_of_a_visitor_say_courriel(client, url_name):
    with translation.override("fr-ca"):
        url = reverse(url_name)
    response = client.get(url)
    assert response.status_code == 200
    assert forbidden_words(visible_text(response.content.decode())) == []


@pytest.mark.parametrize("url_name", PARTICIPANT_PAGES)
def test_the_french_pages_of_a_participant_say_courriel(participant, url_name):
    profile = give_profile(participant)
    profile.onboarding_completed_at = timezone.now()
    profile.save(update_fields=["onboarding_completed_at"])
    with translation.override("fr-ca"):
        url = reverse(url_name)
    response = client_for(participant).get(url)
    assert response.status_code == 200, url
    assert forbidden_words(visible_text(response.content.decode())) == []


@pytest.mark.parametrize("url_name", ["accounts:onboarding", "coaching:dashboard"])
def test_the_french_pages_of_a_newcomer_and_a_coach_say_courriel(participant, coach, url_name):
    with translation.override("fr-ca"):
        url = reverse(url_name)
    response = client_for(coach if url_name.startswith("coaching") else participant).get(url, follow=True)
    assert response.status_code == 200, url
    assert forbidden_words(visible_text(response.content.decode())) == []


def test_the_french_emails_say_courriel(client, participant, django_capture_on_commit_callbacks, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    with translation.override("fr-ca"):
        url = reverse("account_reset_password")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"email": participant.email})
    (message,) = mail.outbox
    parts = [message.subject, message.body] + [content for content, _type in getattr(message, "alternatives", [])]

    assert "courriel" in message.body.lower() or "mot de passe" in message.body.lower()
    assert [forbidden_words(visible_text(part)) for part in parts] == [[] for _ in parts]
