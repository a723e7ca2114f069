import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_home_page_is_in_french_at_the_root(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fr-CA">' in html
    assert "Préparez votre installation au Québec" in html
    assert 'href="#main"' in html and 'id="main"' in html


def test_home_page_is_in_english_under_en(client):
    response = client.get("/en/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Prepare your settlement in Québec" in html


def test_language_switcher_sets_english_and_redirects_to_the_english_page(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response["Location"] == "/en/"


def test_home_page_takes_a_constant_number_of_queries(client, participant, django_assert_max_num_queries):
    client.force_login(participant)
    client.get("/")  # the first request records the session (allauth's user sessions)
    with django_assert_max_num_queries(3):
        client.get("/")


def test_navigation_follows_the_role(client, participant, coach):
    client.force_login(participant)
    html = client.get("/").content.decode()
    assert reverse("accounts:dashboard") in html
    assert reverse("coaching:dashboard") not in html
    client.force_login(coach)
    html = client.get("/").content.decode()
    assert reverse("coaching:dashboard") in html
    assert reverse("accounts:dashboard") not in html


def test_start_page_depends_on_the_role(client, participant, coach, ministry_admin):
    for user, target in (
        (participant, reverse("accounts:dashboard")),
        (coach, reverse("coaching:dashboard")),
        (ministry_admin, reverse("admin:index")),
    ):
        client.force_login(user)
        assert client.get(reverse("accounts:home"))["Location"] == target


def test_static_assets_come_from_the_project_not_a_cdn(client):
    html = client.get("/").content.decode()
    assert "/static/bootstrap/css/bootstrap.min." in html and "/static/django_htmx/htmx-2.min." in html
    assert "cdn" not in html.lower()
