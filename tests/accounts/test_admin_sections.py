"""The admin lists everything about accounts in one section, named in the person's language:
allauth's e-mail addresses, two-factor methods and sessions sit with the portal's own models."""

import re

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


def index(client, language: str) -> str:
    with translation.override(language):
        url = reverse("admin:index")
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def sections(html: str) -> dict[str, str]:
    """Caption of each app's table -> that table's HTML (the index lists one table per app)."""
    tables = re.findall(r'<div class="app-(\w+) module.*?<caption>\s*<a[^>]*>([^<]+)</a>.*?</table>', html, re.S)
    return {caption.strip(): app for app, caption in tables}


def section_html(html: str, app: str) -> str:
    return re.search(rf'<div class="app-{app} module.*?</table>', html, re.S).group(0)


def test_accounts_are_one_french_section_with_allauths_models(admin_client):
    html = index(admin_client, "fr-ca")

    assert list(sections(html)).count("Comptes") == 1
    accounts = section_html(html, "accounts")
    for name in ("Adresses courriel", "Méthodes de double authentification", "Sessions de connexion", "Utilisateurs"):
        assert name in accounts, name
    for english in ("Authenticator", "MFA", "User sessions", "User Sessions", "e-mail", "Sessions utilisateur"):
        assert english not in html, english
    assert not re.search(r'class="app-(account|mfa|usersessions) ', html)


def test_the_same_section_in_english(admin_client):
    html = index(admin_client, "en")

    assert list(sections(html)).count("Accounts") == 1
    accounts = section_html(html, "accounts")
    for name in ("Email addresses", "Two-factor authentication methods", "Sign-in sessions", "Users"):
        assert name in accounts, name
    assert "Authenticators" not in html and "MFA" not in html


def test_the_two_factor_list_page_is_titled_in_french(admin_client, ministry_admin):
    Authenticator.objects.create(user=ministry_admin, type=Authenticator.Type.RECOVERY_CODES, data={})

    html = admin_client.get(reverse("admin:mfa_authenticator_changelist")).content.decode()

    assert "méthode de double authentification" in html.lower()
    assert "authenticator" not in re.sub(r'[\w-]+="[^"]*"', "", html).lower()
