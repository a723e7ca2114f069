"""The navigation and the footer are rendered once per language, role and zone and kept in
memory (accounts.templatetags.chrome, issue 16): what each person sees must not change."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from accounts import navigation

pytestmark = pytest.mark.django_db


def main_nav(html: str) -> str:
    return re.search(r'<nav class="qc-nav".*?</nav>', html, re.S).group(0)


def footer(html: str) -> str:
    return re.search(r"<footer.*?</footer>", html, re.S).group(0)


def test_the_current_page_is_marked_in_the_navigation_and_only_it(client, participant):
    client.force_login(participant)
    dashboard, timeline = reverse("accounts:dashboard"), reverse("action_plan:timeline")

    on_terms = main_nav(client.get(reverse("legal:terms")).content.decode())
    assert "aria-current" not in on_terms and f'href="{dashboard}"' in on_terms
    on_library = main_nav(client.get(reverse("content:library")).content.decode())
    # Twice: the wide navigation and the phone's menu.
    assert on_library.count('aria-current="page" href="' + reverse("content:library") + '"') == 2
    assert on_library.count("aria-current") == 2
    # The fragment kept for the library does not leak into the next page's.
    on_terms_again = main_nav(client.get(reverse("legal:terms")).content.decode())
    assert on_terms_again == on_terms
    assert f'href="{timeline}"' in on_terms_again


def test_each_role_and_language_gets_its_own_navigation(client, participant, coach):
    dashboard, coach_dashboard = reverse("accounts:dashboard"), reverse("coaching:dashboard")
    visitor = main_nav(client.get(reverse("legal:terms")).content.decode())
    client.force_login(participant)
    as_participant = main_nav(client.get(reverse("legal:terms")).content.decode())
    with translation.override("en"):
        terms_en = reverse("legal:terms")
        dashboard_en = reverse("accounts:dashboard")
    in_english = main_nav(client.get(terms_en).content.decode())
    client.force_login(coach)
    as_coach = main_nav(client.get(reverse("legal:terms")).content.decode())

    assert dashboard not in visitor
    assert f'href="{dashboard}"' in as_participant
    assert f'href="{dashboard_en}"' in in_english and f'href="{dashboard}"' not in in_english
    assert coach_dashboard in as_coach and f'href="{dashboard}"' not in as_coach


def test_an_item_registered_later_shows_at_once(client, participant):
    client.force_login(participant)
    client.get(reverse("legal:terms"))
    navigation.register_nav_item(
        key="test-extra", label="Élément ajouté", url_name="legal:privacy", order=99, audiences={"participant"}
    )
    try:
        assert "Élément ajouté" in main_nav(client.get(reverse("legal:terms")).content.decode())
    finally:
        navigation.unregister_nav_item("test-extra")
    assert "Élément ajouté" not in main_nav(client.get(reverse("legal:terms")).content.decode())


def test_the_footer_follows_the_person_zone_and_sign_in(client, participant):
    visitor = footer(client.get("/").content.decode())
    participant.time_zone = "Africa/Casablanca"
    participant.save(update_fields=["time_zone"])
    client.force_login(participant)
    signed_in = footer(client.get("/").content.decode())

    assert "Heure de Montréal (Canada)" in visitor and reverse("accounts:privacy_export") not in visitor
    assert "Heure de Casablanca (Maroc)" in signed_in and reverse("accounts:privacy_export") in signed_in
    client.logout()
    assert footer(client.get("/").content.decode()) == visitor
