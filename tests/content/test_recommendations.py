"""Content "for you" read from a cache keyed by the person's situation and the content's version:
every event that changes the ranking shows a new one (content.recommendations, issue 16)."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import Region
from content import recommendations
from content.models import Capsule
from tests.accounts.factories import ParticipantFactory
from tests.accounts.profile_factories import give_profile
from tests.content.factories import ArticleFactory, CapsuleFactory, unit_group

pytestmark = pytest.mark.django_db

LIBRARY = reverse("content:library")


def first_titles(client, count: int = 2) -> list[str]:
    response = client.get(LIBRARY)
    assert response.status_code == 200
    return [item.title for item in response.context["items"][:count]]


@pytest.fixture
def regional_items():
    montreal = CapsuleFactory(title="Pour Montréal")
    montreal.regions.set([Region.objects.get(code="06")])
    saguenay = CapsuleFactory(title="Pour le Saguenay")
    saguenay.regions.set([Region.objects.get(code="02")])
    return montreal, saguenay


def test_a_profile_change_shows_new_recommendations(client, participant, regional_items):
    profile = give_profile(participant, region="02")
    client.force_login(participant)
    assert first_titles(client, 1) == ["Pour le Saguenay"]
    assert first_titles(client, 1) == ["Pour le Saguenay"]  # now from the cache

    profile.region = Region.objects.get(code="06")
    profile.save()

    assert first_titles(client, 1) == ["Pour Montréal"]


def test_the_dashboard_block_follows_a_profile_change(client, participant, regional_items):
    profile = give_profile(participant, region="02")
    profile.onboarding_completed_at = timezone.now()
    profile.save()
    client.force_login(participant)
    dashboard = reverse("accounts:dashboard")
    assert client.get(dashboard).content.decode().index("Pour le Saguenay") < (
        client.get(dashboard).content.decode().index("Pour Montréal")
    )
    profile.region = Region.objects.get(code="06")
    profile.save()
    html = client.get(dashboard).content.decode()
    assert html.index("Pour Montréal") < html.index("Pour le Saguenay")


def test_published_content_is_recommended_at_once(client, participant, regional_items):
    give_profile(participant, region="02")
    client.force_login(participant)
    assert "Nouveau pour le Saguenay" not in first_titles(client)
    fresh = CapsuleFactory(title="Nouveau pour le Saguenay", easy_french=True, moment="after")
    fresh.regions.set([Region.objects.get(code="02")])
    assert first_titles(client, 1) == ["Nouveau pour le Saguenay"]


def test_an_items_regions_changed_in_the_admin_reorder_the_recommendations(client, participant, regional_items):
    montreal, _saguenay = regional_items
    give_profile(participant, region="02")
    client.force_login(participant)
    assert first_titles(client, 1) == ["Pour le Saguenay"]
    montreal.regions.add(Region.objects.get(code="02"))
    montreal.moment = "after"
    montreal.save()
    assert first_titles(client, 1) == ["Pour Montréal"]


def test_an_unpublished_or_deleted_item_leaves_the_recommendations(client, participant, regional_items):
    _montreal, saguenay = regional_items
    give_profile(participant, region="02")
    client.force_login(participant)
    assert "Pour le Saguenay" in first_titles(client)
    saguenay.status = Capsule.Status.DRAFT
    saguenay.save()
    assert "Pour le Saguenay" not in first_titles(client)
    Capsule.objects.filter(title="Pour Montréal").delete()
    assert client.get(LIBRARY).context["page"].paginator.count == 0


def test_an_item_scheduled_for_later_appears_when_its_time_comes(client, participant):
    give_profile(participant, region="02")
    client.force_login(participant)
    later = timezone.now() + datetime.timedelta(hours=2)
    CapsuleFactory(title="Programmée", published_at=later)
    ArticleFactory(title="Déjà là")
    assert first_titles(client) == ["Déjà là"]
    assert first_titles(client) == ["Déjà là"]  # cached, until the scheduled time
    with time_machine.travel(later + datetime.timedelta(minutes=1)):
        assert sorted(first_titles(client)) == ["Déjà là", "Programmée"]


def test_people_in_the_same_situation_share_the_ranking(client, participant, regional_items):
    give_profile(participant, region="02")
    neighbour = ParticipantFactory()
    give_profile(neighbour, region="02")
    client.force_login(participant)
    client.get(LIBRARY + "?order=recent")  # the filter form's choices, now cached
    with CaptureQueriesContext(connection) as computed:
        client.get(LIBRARY)
    client.force_login(neighbour)
    with CaptureQueriesContext(connection) as shared:
        assert first_titles(client, 1) == ["Pour le Saguenay"]
    # The ranking (a UNION) and the next scheduled item (one query per kind) are not run again.
    assert len(computed.captured_queries) - len(shared.captured_queries) == 3


def test_staff_see_drafts_in_the_library_never_from_the_cache(client, ministry_admin, regional_items):
    client.force_login(ministry_admin)
    first_titles(client)
    # bulk_create sends no signal: only a live query can show this draft.
    Capsule.objects.bulk_create(
        [
            Capsule(
                title="Brouillon", slug="brouillon", summary="…", duration_seconds=60, status="draft", easy_french=True
            )
        ]
    )
    titles = [item.title for item in client.get(LIBRARY).context["items"]]
    assert "Brouillon" in titles


def test_every_fact_the_score_reads_is_in_the_key(participant):
    profile = give_profile(participant, region="02", french_level=8, stage="arrived")
    base = recommendations.scoring_inputs(profile)
    assert recommendations.scoring_inputs(None) != base
    changed = []
    profile.region = Region.objects.get(code="06")
    changed.append(recommendations.scoring_inputs(profile))
    profile.occupation = unit_group()
    changed.append(recommendations.scoring_inputs(profile))
    profile.stage = "pr_visa"
    changed.append(recommendations.scoring_inputs(profile))
    profile.french_level = 5
    changed.append(recommendations.scoring_inputs(profile))
    with translation.override("en"):
        changed.append(recommendations.scoring_inputs(profile))
    assert len({base, *changed}) == 6


# The cards of a library page are cached too (recommendations.cards): every change they show is seen.


def card_of(client, capsule) -> str:
    html = client.get(LIBRARY).content.decode()
    start = html.index(capsule.get_absolute_url())
    return html[html.rindex("<li", 0, start) : html.index("</li>", start)]


def test_a_card_shows_an_edited_title_and_theme_changes_at_once(client, participant):
    from tests.content.factories import ThemeFactory

    give_profile(participant, region="02")
    client.force_login(participant)
    capsule = CapsuleFactory(title="Titre d'abord")
    assert "Titre d&#x27;abord" in card_of(client, capsule)

    capsule.title = "Titre corrigé"
    capsule.save()
    assert "Titre corrigé" in card_of(client, capsule)

    theme = ThemeFactory(name_fr="Hiver")
    capsule.themes.add(theme)
    assert "Hiver" in card_of(client, capsule)
    theme.name_fr = "Froid"
    theme.save()
    assert "Froid" in card_of(client, capsule) and "Hiver" not in card_of(client, capsule)
    capsule.themes.remove(theme)
    assert "Froid" not in card_of(client, capsule)


def test_an_unpublished_item_leaves_the_cached_cards(client, participant):
    give_profile(participant, region="02")
    client.force_login(participant)
    kept, withdrawn = CapsuleFactory(title="Reste"), CapsuleFactory(title="Retirée")
    assert {"Reste", "Retirée"} <= set(first_titles(client, 20))
    withdrawn.status = Capsule.Status.DRAFT
    withdrawn.save()

    titles = first_titles(client, 20)
    assert kept.title in titles and "Retirée" not in titles
