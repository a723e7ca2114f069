"""The language switch goes both ways from every kind of page, logged in or out.

Django resolved the page to come back to in the language of the request (cookie or browser),
so with a French browser "Français" on /en/ sent people back to /en/.
"""

import pytest
from django.urls import reverse

from accounts.models import User

pytestmark = pytest.mark.django_db

# (French page, the same page in English): the kinds of page there are — home, a list with and
# without a query string, a page with an argument, an allauth page, a legal page.
PAGES = [
    ("/", "/en/"),
    ("/emplois/", "/en/emplois/"),
    ("/emplois/?q=infirmi%C3%A8re&region=03", "/en/emplois/?q=infirmi%C3%A8re&region=03"),
    ("/contenus/recherche/?q=%C3%A9tudes", "/en/contenus/recherche/?q=%C3%A9tudes"),
    ("/compte/login/", "/en/compte/login/"),
    ("/compte/login/?next=/moi/tableau-de-bord/", "/en/compte/login/?next=/moi/tableau-de-bord/"),
]


def switch(client, *, language, next_url, browser_language):
    return client.post(
        reverse("set_language"),
        {"language": language, "next": next_url},
        HTTP_ACCEPT_LANGUAGE=browser_language,
    )


@pytest.mark.parametrize("browser_language", ["fr-CA,fr;q=0.9", "en-US,en;q=0.9"])
@pytest.mark.parametrize(("french", "english"), PAGES)
def test_it_switches_both_ways_logged_out(client, french, english, browser_language):
    response = switch(client, language="fr-ca", next_url=english, browser_language=browser_language)
    assert (response.status_code, response["Location"]) == (302, french)
    response = switch(client, language="en", next_url=french, browser_language=browser_language)
    assert (response.status_code, response["Location"]) == (302, english)


def test_it_switches_back_to_french_after_choosing_english(client):
    # The cookie says English: the French page must still be reachable.
    response = switch(client, language="en", next_url="/compte/login/", browser_language="fr")
    assert response["Location"] == "/en/compte/login/"
    assert client.cookies["django_language"].value == "en"
    response = switch(client, language="fr-ca", next_url="/en/compte/login/", browser_language="fr")
    assert response["Location"] == "/compte/login/"
    page = client.get(response["Location"])
    assert '<html lang="fr-CA">' in page.content.decode()


def test_it_switches_both_ways_logged_in_and_remembers_the_choice(client, participant):
    client.force_login(participant)
    dashboard = reverse("accounts:dashboard")
    response = switch(client, language="en", next_url=dashboard, browser_language="fr")
    assert response["Location"] == "/en" + dashboard
    participant.refresh_from_db()
    assert participant.language == User.Language.ENGLISH
    response = switch(client, language="fr-ca", next_url="/en" + dashboard + "?x=1", browser_language="en")
    assert response["Location"] == dashboard + "?x=1"
    participant.refresh_from_db()
    assert participant.language == User.Language.FRENCH


def test_the_switcher_on_an_english_page_sends_the_english_path(client):
    html = client.get("/en/compte/login/?next=/emplois/").content.decode()
    assert 'name="next" type="hidden" value="/en/compte/login/?next=/emplois/"' in html
    assert 'value="fr-ca"' in html


def test_it_refuses_an_outside_page(client):
    response = switch(client, language="fr-ca", next_url="https://example.com/en/", browser_language="en")
    assert response["Location"] == "/"
