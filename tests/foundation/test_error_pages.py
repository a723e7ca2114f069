import pytest
from django.test import Client, override_settings
from django.urls import path

pytestmark = pytest.mark.django_db


def broken_view(request):
    raise RuntimeError("boom")


urlpatterns = [path("boom/", broken_view)]


def test_a_missing_page_answers_404_in_the_site_layout_in_french(client):
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page introuvable" in html and 'id="main"' in html


def test_a_missing_page_answers_in_english_under_en(client):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_a_forbidden_page_explains_itself(client, participant):
    client.force_login(participant)
    response = client.get("/accompagnement/tableau-de-bord/")
    assert response.status_code == 403
    assert "Accès refusé" in response.content.decode()


@override_settings(ROOT_URLCONF=__name__)
def test_a_server_error_shows_a_calm_page_that_needs_nothing_else():
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    assert "Une erreur est survenue" in response.content.decode()
