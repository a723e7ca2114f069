import pytest
from django.urls import reverse

from content.models import Article, Capsule, CapsuleProgress, CheckpointAnswer
from tests.accounts.profile_factories import give_profile
from tests.content.factories import (
    ArticleFactory,
    CapsuleFactory,
    CheckpointFactory,
    OrganisationFactory,
    order,
    unit_group,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def participant_client(client, participant):
    client.force_login(participant)
    return client


def test_the_capsule_page_uses_the_browsers_player_with_captions_and_no_preload(client):
    capsule = CapsuleFactory()
    response = client.get(capsule.get_absolute_url())
    html = response.content.decode()
    assert 'preload="none"' in html
    assert f'<track kind="captions" src="/contenus/capsules/{capsule.pk}/sous-titres/fr-ca.vtt" srclang="fr"' in html
    assert "content/player" in html


def test_the_slow_choice_lists_the_low_quality_source_first(client):
    capsule = CapsuleFactory()
    capsule.sources.create(quality="low", url="https://video.example.org/low.mp4")
    capsule.sources.create(quality="audio", url="https://video.example.org/a.mp3")
    html = client.get(capsule.get_absolute_url() + "?qualite=basse").content.decode()
    assert html.index("low.mp4") < html.index("c.mp4")
    html = client.get(capsule.get_absolute_url()).content.decode()
    assert html.index("c.mp4") < html.index("low.mp4")
    assert "<audio" in html and "a.mp3" in html


def test_the_captions_are_served_as_webvtt(client):
    capsule = CapsuleFactory()
    response = client.get(reverse("content:capsule_captions", kwargs={"pk": capsule.pk, "language": "fr-ca"}))
    assert response["Content-Type"].startswith("text/vtt")
    assert response.content.decode().startswith("WEBVTT")


def test_the_capsule_page_resumes_where_the_participant_stopped(participant_client, participant):
    capsule = CapsuleFactory()
    CapsuleProgress.objects.create(user=participant, capsule=capsule, position_seconds=42.5)
    response = participant_client.get(capsule.get_absolute_url())
    assert response.context["player_data"]["start"] == 42
    assert response.context["player_data"]["tracking"] is True
    response = participant_client.get(capsule.get_absolute_url() + "?t=70")
    assert response.context["player_data"]["start"] == 70


def test_the_capsule_page_runs_a_fixed_number_of_queries(participant_client, django_assert_max_num_queries):
    capsule = CapsuleFactory()
    for second in (10, 30, 50):
        CheckpointFactory(capsule=capsule, at_seconds=second)
    with django_assert_max_num_queries(16):
        participant_client.get(capsule.get_absolute_url())


def test_the_library_runs_the_same_number_of_queries_whatever_the_number_of_items(
    participant_client, participant, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    give_profile(participant, region="02")
    CapsuleFactory()
    ArticleFactory()
    url = reverse("content:library")
    # The first view ranks the library (one UNION), notes when the next scheduled item appears (one
    # query per kind), reads the filter form's themes, regions and occupations and the cards
    # (capsules, articles and their themes); the next views read all that from the cache
    # (content.recommendations, accounts.choices): ten queries fewer, the user and profile left.
    with CaptureQueriesContext(connection) as first:
        participant_client.get(url)
    with CaptureQueriesContext(connection) as again:
        participant_client.get(url)
    assert len(first.captured_queries) - len(again.captured_queries) == 10
    assert len(again.captured_queries) == 2
    CapsuleFactory.create_batch(8)
    ArticleFactory.create_batch(8)
    # New content: the ranking is computed again (the filter choices stay cached).
    with django_assert_num_queries(len(first.captured_queries) - 3):
        participant_client.get(url)
    with django_assert_num_queries(len(again.captured_queries)):
        response = participant_client.get(url)
    assert response.status_code == 200
    assert len(response.context["items"]) == 12
    assert response.context["page"].paginator.count == 18


def test_the_search_page_runs_the_same_number_of_queries_whatever_the_number_of_results(
    client, django_assert_num_queries
):
    ArticleFactory(title="Logement 1")
    OrganisationFactory(name="Logement plus")
    url = reverse("content:search") + "?q=logement"
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    ArticleFactory.create_batch(10, title="Logement")
    OrganisationFactory.create_batch(5, name="Logement")
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert "<mark>" in response.content.decode()


def test_the_search_page_finds_etudes_without_accent(client):
    CapsuleFactory(title="Faire évaluer ses études")
    response = client.get(reverse("content:search"), {"q": "etudes"})
    assert "Faire évaluer ses études" in response.content.decode()


def test_a_too_long_search_gets_a_message_and_keeps_what_was_typed(client):
    response = client.get(reverse("content:search"), {"q": "x" * 250})
    assert response.status_code == 200
    assert response.context["form"].errors["q"]
    assert "x" * 250 in response.content.decode()


def test_drafts_are_404_for_participants_and_visible_to_staff(participant_client, client, ministry_admin):
    draft = CapsuleFactory(status=Capsule.Status.DRAFT)
    article = ArticleFactory(status=Article.Status.DRAFT)
    for url in (draft.get_absolute_url(), draft.get_read_url(), article.get_absolute_url()):
        assert participant_client.get(url).status_code == 404
    client.force_login(ministry_admin)
    assert client.get(draft.get_absolute_url()).status_code == 200
    assert client.get(article.get_absolute_url()).status_code == 200


def test_a_future_publication_is_still_hidden(participant_client):
    from django.utils import timezone

    capsule = CapsuleFactory(published_at=timezone.now() + timezone.timedelta(days=2))
    assert participant_client.get(capsule.get_absolute_url()).status_code == 404


def test_a_wrong_slug_redirects_to_the_stable_url(client):
    capsule = CapsuleFactory()
    response = client.get(reverse("content:capsule_detail", kwargs={"pk": capsule.pk, "slug": "ancien"}))
    assert response.status_code == 301 and response["Location"] == capsule.get_absolute_url()


def test_progress_is_saved_for_the_participant_and_absurd_positions_are_refused(participant_client, participant):
    capsule = CapsuleFactory(duration_seconds=100)
    url = reverse("content:capsule_progress", kwargs={"pk": capsule.pk})
    assert participant_client.post(url, {"position": "12.5"}).status_code == 200
    for bad in ("-3", "100000", "nan", "inf", "abc", ""):
        assert participant_client.post(url, {"position": bad}).status_code == 400
    assert CapsuleProgress.objects.get(user=participant, capsule=capsule).position_seconds == 12.5


def test_the_transcript_mode_shows_the_questions_inline_and_finds_a_word(participant_client):
    checkpoint = CheckpointFactory()
    capsule = checkpoint.capsule
    html = participant_client.get(capsule.get_read_url()).content.decode()
    assert html.index("Bonjour et bienvenue") < html.index(checkpoint.question) < html.index("Parlons des études")
    response = participant_client.get(capsule.get_read_url(), {"q": "etudes"})
    assert f"{capsule.get_absolute_url()}?t=30#player" in response.content.decode()
    assert response.context["matches"][0].start == 30


def test_answering_in_the_transcript_mode_records_the_answer_and_shows_the_feedback(participant_client, participant):
    checkpoint = CheckpointFactory()
    right = checkpoint.choices.get(is_correct=True)
    url = reverse("content:checkpoint_answer", kwargs={"pk": checkpoint.capsule_id, "checkpoint_pk": checkpoint.pk})
    response = participant_client.post(url, {"choice": right.pk, "next": checkpoint.capsule.get_read_url()})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#question-{checkpoint.pk}")
    assert CheckpointAnswer.objects.get(user=participant).is_correct
    html = participant_client.get(checkpoint.capsule.get_read_url()).content.decode()
    assert "Bravo." in html and "checked" in html


def test_an_answer_without_choice_comes_back_with_a_message_next_to_the_question(participant_client):
    checkpoint = CheckpointFactory(kind="multiple")
    url = reverse("content:checkpoint_answer", kwargs={"pk": checkpoint.capsule_id, "checkpoint_pk": checkpoint.pk})
    response = participant_client.post(url, {"choice": ["abc"]})
    assert response.status_code == 400
    assert f'id="question-{checkpoint.pk}-error"' in response.content.decode()


def test_the_answer_endpoint_answers_json_for_the_player(participant_client):
    checkpoint = CheckpointFactory()
    wrong = checkpoint.choices.get(is_correct=False)
    url = reverse("content:checkpoint_answer", kwargs={"pk": checkpoint.capsule_id, "checkpoint_pk": checkpoint.pk})
    response = participant_client.post(url, {"choice": wrong.pk}, HTTP_ACCEPT="application/json")
    assert response.json() == {
        "correct": False,
        "watched": True,
        "feedback": [{"choice": "La mauvaise", "feedback": "Non.", "correct": False}],
    }


def test_the_organisations_are_filtered_by_region_and_service(client):
    OrganisationFactory(name="Accueil A", services=["first_steps"])
    OrganisationFactory(name="Accueil B", services=["refugees"])
    response = client.get(reverse("content:organisation_list"), {"region": "06", "service": "refugees"})
    names = [organisation.name for organisation in response.context["page"]]
    assert names == ["Accueil B"]


def test_the_organisation_cards_show_a_change_at_once_and_each_language_its_own(client):
    """The cards are cached under what they show (issue 16): a change makes a new key."""
    from django.utils import translation

    organisation = OrganisationFactory(name="Accueil A", services=["francisation"])
    url = reverse("content:organisation_list")
    html = client.get(url).content.decode()
    assert "Accueil A" in html and "Francisation" in html
    organisation.name = "Accueil renommé"
    organisation.save()
    organisation.services.create(service="employment")
    html = client.get(url).content.decode()
    assert "Accueil renommé" in html and "Accueil A<" not in html and "Aide à la recherche d&#x27;emploi" in html
    with translation.override("en"):
        english = client.get(reverse("content:organisation_list")).content.decode()
    assert "Aide à la recherche" not in english


def test_the_organisation_list_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    OrganisationFactory(services=["first_steps"])
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # The regions of the filter form are read on the first view only (accounts.choices, cached):
    # then the organisations and their services.
    client.get(reverse("content:organisation_list"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("content:organisation_list"))
    OrganisationFactory.create_batch(6, services=["individual", "workplace"])
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(reverse("content:organisation_list"))


def test_the_profession_pages_mark_unverified_facts_to_confirm(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        html = client.get(reverse("content:profession_list")).content.decode()
    assert "Ordre des ingénieurs du Québec" in html and "Régime à confirmer" in html
    html = client.get(order("ordre-des-technologues-professionnels-du-quebec").get_absolute_url()).content.decode()
    assert "Le régime de cette profession reste à confirmer" in html
    html = client.get(order().get_absolute_url()).content.decode()
    assert "Exercice exclusif" in html and "Commissaire à l'admission aux professions" in html


def test_the_dashboard_shows_the_order_of_a_regulated_occupation_and_content_for_them(participant_client, participant):
    civil = unit_group("21300")
    order().occupations.add(civil)
    profile = give_profile(participant, occupation=civil)
    profile.onboarding_completed_at = profile.created_at
    profile.save(update_fields=["onboarding_completed_at"])
    CapsuleFactory(title="Une capsule pour vous")
    from content.recommendations import dashboard_block_context

    context = dashboard_block_context(participant, profile)
    assert context["professional_order"] == order()
    assert [item.title for item in context["content_for_you"]] == ["Une capsule pour vous"]
    html = participant_client.get(reverse("accounts:dashboard")).content.decode()
    assert "Votre profession est réglementée" in html and order().get_absolute_url() in html


def test_the_english_pages_answer_too(client):
    capsule = CapsuleFactory()
    assert client.get("/en" + capsule.get_absolute_url()).status_code == 200
    assert client.get("/en/contenus/").status_code == 200


def test_past_the_count_cap_the_search_page_says_more_than_it_counted(client, monkeypatch):
    from content import search

    monkeypatch.setattr(search, "SEARCH_COUNT_CAP", 2)
    ArticleFactory.create_batch(3, title="Logement")
    response = client.get(reverse("content:search"), {"q": "logement"})
    assert response.context["capped"] is True


def test_captions_are_on_by_default_even_when_none_are_in_the_pages_language(client):
    from django.utils import translation

    capsule = CapsuleFactory()
    with translation.override("en"):
        url = capsule.get_absolute_url()
    html = client.get(url).content.decode()
    assert 'srclang="fr" label="Français" default>' in html or 'srclang="fr" label="French" default>' in html


def test_a_capsules_language_is_named_in_the_pages_language(client):
    capsule = CapsuleFactory()  # in French
    french = " ".join(client.get(capsule.get_absolute_url()).content.decode().split())
    english = " ".join(client.get("/en" + capsule.get_absolute_url()).content.decode().split())
    assert "· Français" in french
    assert "· French" in english and "· Français" not in english


def test_the_dashboard_recommends_content_in_the_persons_language_first_and_labels_the_other(
    participant_client, participant
):
    from accounts.models import Region

    profile = give_profile(participant, region="03")
    profile.onboarding_completed_at = profile.created_at
    profile.save(update_fields=["onboarding_completed_at"])
    # The English article fits the region better; the French one is still shown first.
    english = ArticleFactory(title="Housing in Québec City", language="en")
    english.regions.add(Region.objects.get(code="03"))
    ArticleFactory(title="Se loger au Québec")
    html = " ".join(participant_client.get(reverse("accounts:dashboard")).content.decode().split())
    assert html.index("Se loger au Québec") < html.index("Housing in Québec City")
    assert 'hreflang="en">Housing in Québec City</a>' in html
    assert "en anglais" in html and "en français" not in html
