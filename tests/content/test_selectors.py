import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Region
from content import selectors, transcripts
from content.models import Article, Capsule, ProfessionalOrder
from content.search import search_count, search_entries, search_results
from tests.accounts.profile_factories import give_profile
from tests.content.factories import (
    ArticleFactory,
    CapsuleFactory,
    OrganisationFactory,
    order,
    unit_group,
)

pytestmark = pytest.mark.django_db


def search(text, user=None, kinds=None):
    from django.contrib.auth.models import AnonymousUser

    entries = list(search_entries(text=text, user=user or AnonymousUser(), kinds=kinds))
    return search_results(entries, text=text)


def test_linkable_items_lists_published_items_of_every_kind_with_their_urls():
    capsule = CapsuleFactory()
    CapsuleFactory(status=Capsule.Status.DRAFT, title="Brouillon")
    article = ArticleFactory()
    organisation = OrganisationFactory()
    items = selectors.linkable_items()
    assert ("capsule", capsule.pk, capsule.title, capsule.get_absolute_url()) in items
    assert ("article", article.pk, article.title, article.get_absolute_url()) in items
    assert ("organisation", organisation.pk, organisation.name, organisation.get_absolute_url()) in items
    assert len([item for item in items if item[0] == "profession"]) == 46
    assert "Brouillon" not in [item[2] for item in items]
    assert {item[0] for item in selectors.linkable_items(kind="capsule")} == {"capsule"}


def test_content_item_url_gives_the_stable_url_or_none():
    capsule = CapsuleFactory()
    draft = ArticleFactory(status=Article.Status.DRAFT)
    assert selectors.content_item_url("capsule", capsule.pk) == f"/contenus/capsules/{capsule.pk}/{capsule.slug}/"
    assert selectors.content_item_url("article", draft.pk) is None
    assert selectors.content_item_url("capsule", 999_999) is None
    assert selectors.content_item_url("nonsense", 1) is None
    assert (
        selectors.content_item_url("profession", order().pk) == "/contenus/professions/ordre-des-ingenieurs-du-quebec/"
    )


def test_the_46_orders_are_loaded_with_unverified_facts_flagged_to_confirm():
    assert ProfessionalOrder.objects.count() == 46
    assert ProfessionalOrder.objects.filter(regime="exclusive").count() == 25
    chemists = ProfessionalOrder.objects.get(name_fr="Ordre professionnel des chimistes du Québec")
    assert chemists.name_to_confirm
    assert ProfessionalOrder.objects.get(name_fr="Ordre des technologues professionnels du Québec").regime_to_confirm
    engineers = order()
    assert not engineers.name_to_confirm and not engineers.regime_to_confirm
    # English names found were unofficial: kept for admins, never shown as the name.
    assert engineers.name_en == "" and "unofficial" in engineers.admin_notes
    # Linked to the unit groups whose official title holds the order's reserved title.
    assert ProfessionalOrder.objects.filter(occupations__isnull=False).distinct().count() == 29
    assert set(order().occupations.values_list("code", flat=True)) >= {"21300", "21301", "21390"}


def test_the_order_of_an_occupation_is_found_through_its_code_or_a_group_containing_it():
    ProfessionalOrder.occupations.through.objects.all().delete()  # the links loaded by the migration
    civil = unit_group("21300")
    engineers = order()
    assert selectors.professional_order_for_occupation(civil) is None
    engineers.occupations.add(civil.parent)  # admins linked the whole broad category
    assert selectors.professional_order_for_occupation(civil) == engineers
    chemists = order("ordre-professionnel-des-chimistes-du-quebec")
    chemists.occupations.add(civil)  # a more precise link wins
    assert selectors.professional_order_for_occupation(civil) == chemists
    assert selectors.professional_order_for_occupation(None) is None


def test_for_you_puts_the_participants_region_and_occupation_first(participant):
    civil = unit_group("21300")
    profile = give_profile(participant, region="02", occupation=civil, stage="csq_received")
    other_region = CapsuleFactory(title="Ailleurs")
    other_region.regions.add(Region.objects.get(code="06"))
    general = CapsuleFactory(title="Pour tous")
    mine = ArticleFactory(title="Ma région", moment="before")
    mine.regions.add(Region.objects.get(code="02"))
    my_job = CapsuleFactory(title="Mon métier")
    my_job.occupations.add(civil.parent)
    entries = list(selectors.library_entries(user=participant, filters=selectors.LibraryFilters(), profile=profile))
    titles = [entry["title"] for entry in entries]
    assert titles[:2] == ["Ma région", "Mon métier"]
    assert titles[-1] == "Ailleurs"
    assert general.title in titles


def test_library_filters_keep_items_for_everyone_when_filtering_by_region(participant):
    everywhere = CapsuleFactory(title="Partout")
    elsewhere = ArticleFactory(title="Montréal seulement")
    elsewhere.regions.add(Region.objects.get(code="06"))
    filters = selectors.LibraryFilters(region_code="02")
    titles = [entry["title"] for entry in selectors.library_entries(user=participant, filters=filters, profile=None)]
    assert titles == [everywhere.title]
    capsules_only = selectors.LibraryFilters(kind="article")
    titles = [e["title"] for e in selectors.library_entries(user=participant, filters=capsules_only, profile=None)]
    assert titles == ["Montréal seulement"]


def test_drafts_are_in_the_library_only_for_staff(participant, ministry_admin):
    CapsuleFactory(status=Capsule.Status.DRAFT)
    none = selectors.LibraryFilters()
    assert list(selectors.library_entries(user=participant, filters=none, profile=None)) == []
    assert len(list(selectors.library_entries(user=ministry_admin, filters=none, profile=None))) == 1


def test_search_without_accents_finds_words_with_accents_across_every_kind():
    CapsuleFactory(title="Vos diplômes", transcript="[0:40] Parlons de vos études faites ailleurs.")
    ArticleFactory(title="Étudier au Québec", body_markdown="Les études supérieures.")
    OrganisationFactory(name="Centre d'études", description="Aide aux études.")
    results = search("etudes")
    assert {item.kind for item in results} == {"capsule", "article", "organisation"}


def test_search_ranks_title_matches_first_and_highlights_the_words():
    ArticleFactory(title="Le logement", summary="Trouver un logement.", body_markdown="Le logement au Québec.")
    ArticleFactory(title="Autre sujet", summary="Rien.", body_markdown="On parle un peu de logement ici.")
    results = search("logement")
    assert [item.title for item in results] == ["Le logement", "Autre sujet"]
    assert "<mark>logement</mark>" in str(results[0].snippet)


def test_search_snippets_escape_the_stored_text():
    ArticleFactory(title="Piège", summary="<b>logement</b> <script>x</script>")
    snippet = str(search("logement")[0].snippet)
    assert "<script>" not in snippet and "<b>" not in snippet
    assert "<mark>logement</mark>" in snippet


def test_a_transcript_match_gives_the_moment_to_jump_to():
    CapsuleFactory(transcript="[0:05] Bonjour.\n\n[1:10] Parlons des études au Québec.")
    assert search("études")[0].moment == 70


def test_the_database_keeps_the_search_vector_up_to_date():
    article = ArticleFactory(title="Santé", body_markdown="Rien.")
    assert search("vaccination") == []
    Article.objects.filter(pk=article.pk).update(body_markdown="La vaccination des enfants.")
    assert [item.pk for item in search("vaccination")] == [article.pk]


def test_search_never_computes_the_document_vectors_at_query_time():
    ArticleFactory(title="Emploi")
    with CaptureQueriesContext(connection) as queries:
        list(search_entries(text="emploi", user=None, kinds=None))
    sql = " ".join(query["sql"] for query in queries)
    assert "to_tsvector" not in sql
    assert "search_vector" in sql


def test_search_uses_the_gin_index():
    ArticleFactory.create_batch(3)
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT id FROM content_article "
            "WHERE search_vector @@ websearch_to_tsquery('french_unaccent', 'emploi')"
        )
        plan = " ".join(row[0] for row in cursor.fetchall())
        cursor.execute("SET enable_seqscan = on")
    assert "content_article_search" in plan


def test_transcript_segments_carry_their_moment():
    segments = transcripts.transcript_segments("[0:05] Un.\n\nDeux sans temps.\n\n[1:02:03] Trois.")
    assert [(s.start, s.text) for s in segments] == [(5, "Un."), (None, "Deux sans temps."), (3723, "Trois.")]


def test_onboarding_learns_that_an_occupation_linked_to_an_order_is_regulated():
    from accounts.services import occupation_regulation_known

    ProfessionalOrder.occupations.through.objects.all().delete()  # the links loaded by the migration
    civil = unit_group("21300")
    assert occupation_regulation_known(civil) is None  # no link yet: unknown, the participant is asked
    order().occupations.add(civil)
    assert occupation_regulation_known(civil) is True


def test_the_search_count_stops_at_the_cap_per_kind():
    ArticleFactory.create_batch(4, title="Logement")
    CapsuleFactory.create_batch(2, title="Logement")
    assert search_count(text="logement", user=None) == 6
    assert search_count(text="logement", user=None, cap=3) == 5
    assert search_count(text="logement", user=None, kinds=["capsule"]) == 2


def test_words_of_long_texts_are_found_even_without_their_positions():
    CapsuleFactory(title="Sans rapport", summary="Rien.", transcript="[0:10] Le permis de conduire au Québec.")
    assert [item.title for item in search("permis conduire")] == ["Sans rapport"]
