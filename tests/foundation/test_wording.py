"""One French word for e-mail: « courriel », in allauth's pages and messages too."""

import re

import polib
import pytest
from django.urls import reverse

from integration_portal.wording import build

pytestmark = pytest.mark.django_db

E_MAIL = re.compile(r"\be-?mail\b(?![:_])", re.IGNORECASE)


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


@pytest.mark.parametrize(
    "url_name", ["account_login", "account_signup", "account_reset_password", "account_email_verification_sent"]
)
def test_french_account_pages_say_courriel(client, url_name):
    text = visible_text(client.get(reverse(url_name)).content.decode())
    assert E_MAIL.findall(text) == []
    assert "ourriel" in text or url_name == "account_email_verification_sent"


def test_the_french_account_pages_of_a_signed_in_person_say_courriel(client, participant):
    client.force_login(participant)
    text = visible_text(client.get(reverse("account_email")).content.decode())
    assert E_MAIL.findall(text) == [] and "Adresses courriel" in text


def test_the_wording_catalogue_matches_the_installed_allauth():
    """After an allauth upgrade, rebuild it: `python -m integration_portal.wording.build`."""
    committed = {entry.msgid: entry.msgstr for entry in polib.pofile(str(build.TARGET))}
    source = polib.pofile(str(build.SOURCE))
    expected = {
        entry.msgid: build.EXTRA.get(entry.msgid) or build.reword(entry.msgstr)
        for entry in source
        if not entry.obsolete
        and "fuzzy" not in entry.flags
        and not entry.msgid_plural
        and (entry.msgid in build.EXTRA or (entry.msgstr and build.reword(entry.msgstr) != entry.msgstr))
    }
    assert {k: v for k, v in committed.items() if k} == expected
    assert (
        build.reword('Adresse e-mail de <a href="mailto:%(email)s">')
        == 'Adresse courriel de <a href="mailto:%(email)s">'
    )
