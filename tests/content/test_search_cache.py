"""A results page is cached until what it lists changes: never a stale or another audience's page."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from content.models import Capsule
from content.services import content_items_unpublish
from tests.conftest import client_for
from tests.content.factories import ArticleFactory, CapsuleFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

URL = reverse("content:search")


def found(client, text: str, **params) -> str:
    return client.get(URL, {"q": text, **params}).content.decode()


def test_the_same_search_again_is_read_from_the_cache(participant, django_assert_num_queries):
    CapsuleFactory(title="Trouver un logement")
    client = client_for(participant)
    first = found(client, "logement")

    with django_assert_num_queries(1):  # the person; no search, no count, no snippet
        again = found(client, "logement")

    def results(html: str) -> str:
        return html[html.index('<div id="results"') : html.index("</ol>")]

    assert results(again) == results(first)
    assert "Trouver un logement" in again


def test_each_change_of_what_is_searched_shows_at_the_next_search(participant):
    client = client_for(participant)
    capsule = CapsuleFactory(title="Trouver un logement")
    assert "Trouver un" in found(client, "logement")

    ArticleFactory(title="Logement étudiant à Québec")
    assert "Logement étudiant à Québec" in found(client, "logement")

    organisation = OrganisationFactory(name="Logement Plus Mauricie")
    assert "Logement Plus Mauricie" in found(client, "logement")
    organisation.is_active = False
    organisation.save()
    assert "Logement Plus Mauricie" not in found(client, "logement")

    # Unpublished in bulk (an admin action, a queryset update: no signal of its own).
    content_items_unpublish(queryset=Capsule.objects.filter(pk=capsule.pk))
    assert "Trouver un" not in found(client, "logement")


def test_a_scheduled_capsule_appears_in_the_results_once_its_time_comes(participant):
    client = client_for(participant)
    now = timezone.now()
    CapsuleFactory(title="Logement : le bail", published_at=now + timedelta(hours=2))
    CapsuleFactory(title="Logement : la caution")

    assert "le bail" not in found(client, "logement")
    with time_machine.travel(now + timedelta(hours=3)):
        assert "le bail" in found(client, "logement")


def test_staff_see_drafts_and_participants_never_get_the_staffs_cached_page(participant, ministry_admin):
    CapsuleFactory(title="Logement publié")
    CapsuleFactory(title="Logement en brouillon", status=Capsule.Status.DRAFT)

    assert "Logement en brouillon" in found(client_for(ministry_admin), "logement")
    participant_page = found(client_for(participant), "logement")
    assert "Logement publié" in participant_page
    assert "Logement en brouillon" not in participant_page


def test_another_language_kind_or_page_is_another_results_page(participant):
    client = client_for(participant)
    CapsuleFactory(title="Logement capsule")
    ArticleFactory(title="Logement article")

    assert "résultats pour" in found(client, "logement")
    english = client.get("/en" + URL, {"q": "logement"}).content.decode()
    assert "results for" in english
    only_articles = found(client, "logement", kind="article")
    assert "Logement article" in only_articles and "Logement capsule" not in only_articles


def test_the_search_box_shows_each_persons_own_words_and_errors(participant):
    client = client_for(participant)

    assert 'value="logement"' in found(client, "logement")
    assert 'value="emploi"' in found(client, "emploi")
    too_long = found(client, "x" * 250)
    assert 'value="' + "x" * 250 + '"' in too_long and "is-invalid" in too_long
    assert "is-invalid" not in found(client, "emploi")
