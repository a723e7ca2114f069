"""The participant pages: offers list with filters and "for you" order, offer page, saved offers."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from job_feed.models import JobOffer, SavedOffer
from tests.job_feed.factories import JobOfferFactory, SavedOfferFactory, region
from tests.job_feed.profiles import give_profile

pytestmark = pytest.mark.django_db

LIST = reverse("job_feed:offer_list")


def titles(response) -> list[str]:
    return [offer.title for offer in response.context["page"]]


@pytest.fixture
def client_of(client):
    def login(user):
        client.force_login(user)
        return client

    return login


def test_it_lists_open_offers_only(client_of, participant):
    JobOfferFactory(title="Ouverte")
    JobOfferFactory(title="Fermée", status=JobOffer.Status.CLOSED)
    JobOfferFactory(title="Expirée", valid_through=timezone.localdate() - datetime.timedelta(days=1))

    response = client_of(participant).get(LIST)

    assert response.status_code == 200
    assert titles(response) == ["Ouverte"]


def test_it_filters_by_region(client_of, participant):
    JobOfferFactory(title="Montréal", region=region("06"))
    JobOfferFactory(title="Gaspé", region=region("11"))

    response = client_of(participant).get(LIST, {"region": "11"})

    assert titles(response) == ["Gaspé"]


def test_it_filters_by_occupation_code_or_its_first_digits(client_of, participant):
    JobOfferFactory(title="Infirmière", occupation_code="31301")
    JobOfferFactory(title="Pharmacienne", occupation_code="31120")
    JobOfferFactory(title="Soudeur", occupation_code="72106")
    client = client_of(participant)

    assert titles(client.get(LIST, {"cnp": "31301"})) == ["Infirmière"]
    assert sorted(titles(client.get(LIST, {"cnp": "31"}))) == ["Infirmière", "Pharmacienne"]
    assert titles(client.get(LIST, {"category": "7"})) == ["Soudeur"]


def test_it_filters_by_type_publication_date_and_abroad(client_of, participant):
    today = timezone.localdate()
    JobOfferFactory(title="Temps partiel", employment_type="PART_TIME", date_posted=today)
    JobOfferFactory(title="Ancienne", date_posted=today - datetime.timedelta(days=20))
    JobOfferFactory(title="International", open_to_abroad=True, date_posted=today - datetime.timedelta(days=3))
    client = client_of(participant)

    assert titles(client.get(LIST, {"employment_type": "PART_TIME"})) == ["Temps partiel"]
    assert "Ancienne" not in titles(client.get(LIST, {"posted_within": "7"}))
    assert titles(client.get(LIST, {"abroad": "on"})) == ["International"]


def test_french_full_text_search_ignores_accents_and_word_endings(client_of, participant):
    JobOfferFactory(title="Infirmière en soins intensifs", description="Hôpital de Montréal.")
    JobOfferFactory(title="Soudeur", description="Atelier de Lévis.")
    client = client_of(participant)

    assert titles(client.get(LIST, {"q": "infirmiere"})) == ["Infirmière en soins intensifs"]
    assert titles(client.get(LIST, {"q": "hopital montreal"})) == ["Infirmière en soins intensifs"]
    assert titles(client.get(LIST, {"q": "soin"})) == ["Infirmière en soins intensifs"]
    assert titles(client.get(LIST, {"q": "levis"})) == ["Soudeur"]


def test_for_you_puts_the_participants_region_and_occupation_first(client_of, participant):
    give_profile(participant, region="02", occupation="3", french_level=6)
    JobOfferFactory(title="Ailleurs, autre métier", region=region("06"), occupation_code="72106")
    JobOfferFactory(title="Sa région, son métier", region=region("02"), occupation_code="31301")
    JobOfferFactory(title="Sa région", region=region("02"), occupation_code="72106")
    JobOfferFactory(
        title="Son métier, français trop élevé", region=region("06"), occupation_code="31301", french_level=9
    )
    JobOfferFactory(title="Son métier", region=region("06"), occupation_code="31301", french_level=5)

    response = client_of(participant).get(LIST)

    assert response.context["order"] == "for_you"
    assert titles(response) == [
        "Sa région, son métier",
        "Sa région",
        "Son métier",
        "Son métier, français trop élevé",
        "Ailleurs, autre métier",
    ]


def test_offers_open_to_applicants_abroad_come_first_for_a_participant_still_abroad(client_of, participant):
    give_profile(participant, region="02", occupation="3", stage="csq_received")
    JobOfferFactory(title="Sa région", region=region("02"), occupation_code="31301")
    JobOfferFactory(title="Ouverte à l'étranger", region=region("06"), occupation_code="72106", open_to_abroad=True)

    response = client_of(participant).get(LIST)

    assert titles(response)[0] == "Ouverte à l'étranger"


def test_recent_order_can_be_chosen(client_of, participant):
    give_profile(participant, region="02")
    today = timezone.localdate()
    JobOfferFactory(title="Sa région, ancienne", region=region("02"), date_posted=today - datetime.timedelta(days=9))
    JobOfferFactory(title="Récente", region=region("06"), date_posted=today)

    assert titles(client_of(participant).get(LIST, {"sort": "recent"})) == ["Récente", "Sa région, ancienne"]


def test_it_paginates(client_of, participant):
    JobOfferFactory.create_batch(25)
    client = client_of(participant)

    assert len(titles(client.get(LIST))) == 20
    assert len(titles(client.get(LIST, {"page": 2}))) == 5
    assert len(titles(client.get(LIST, {"page": "n'importe quoi"}))) == 20


def test_a_bad_filter_is_explained_next_to_its_field_and_kept(client_of, participant):
    JobOfferFactory(title="Reste affichée")

    response = client_of(participant).get(LIST, {"cnp": "abc", "region": "99"})

    assert response.status_code == 200
    assert "Écrivez de 1 à 5 chiffres" in response.content.decode()
    assert 'value="abc"' in response.content.decode()
    assert titles(response) == ["Reste affichée"]


def test_htmx_gets_only_the_results(client_of, participant):
    JobOfferFactory(title="Fragment")

    response = client_of(participant).get(LIST, headers={"HX-Request": "true"})

    assert "Fragment" in response.content.decode()
    assert "<h1>" not in response.content.decode()


def list_queries(client, django_assert_max_num_queries, count: int) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        response = client.get(LIST, {"region": "06"})
    assert response.status_code == 200
    return len(context.captured_queries)


def test_the_list_runs_the_same_number_of_queries_whatever_the_number_of_offers(
    client_of, participant, django_assert_max_num_queries
):
    give_profile(participant)
    client = client_of(participant)
    JobOfferFactory.create_batch(3)
    SavedOfferFactory(user=participant, offer=JobOffer.objects.first())
    few = list_queries(client, django_assert_max_num_queries, 3)
    JobOfferFactory.create_batch(30)
    SavedOfferFactory.create_batch(5, user=participant)

    with django_assert_max_num_queries(few):
        client.get(LIST, {"region": "06"})
    assert few <= 10


def test_the_offer_page_shows_the_apply_link_and_runs_few_queries(client_of, participant, django_assert_num_queries):
    give_profile(participant)
    offer = JobOfferFactory(apply_url="https://emplois.example.org/offres/42", description="Ligne 1\nLigne 2")
    client = client_of(participant)
    client.get(offer.get_absolute_url())  # warm the session

    # user (the session is in Redis), offer with its region and source, profile, saved or not
    with django_assert_num_queries(4):
        response = client.get(offer.get_absolute_url())

    content = response.content.decode()
    assert 'href="https://emplois.example.org/offres/42"' in content
    assert "Ligne 1<br>Ligne 2" in content


def test_a_closed_offer_says_so_and_offers_no_apply_link(client_of, participant):
    offer = JobOfferFactory(status=JobOffer.Status.CLOSED, apply_url="https://emplois.example.org/offres/9")

    response = client_of(participant).get(offer.get_absolute_url())

    assert response.status_code == 200
    assert "Cette offre est fermée" in response.content.decode()
    assert "emplois.example.org/offres/9" not in response.content.decode()


def test_an_unknown_offer_is_404(client_of, participant):
    assert client_of(participant).get(reverse("job_feed:offer_detail", kwargs={"pk": 999999})).status_code == 404


def test_a_participant_saves_and_unsaves_an_offer(client_of, participant):
    offer = JobOfferFactory()
    client = client_of(participant)

    response = client.post(reverse("job_feed:offer_save", kwargs={"pk": offer.pk}), {"next": LIST})
    assert response.status_code == 302 and response["Location"] == LIST
    assert SavedOffer.objects.filter(user=participant, offer=offer).exists()
    client.post(reverse("job_feed:offer_save", kwargs={"pk": offer.pk}))  # twice is still once
    assert SavedOffer.objects.filter(user=participant).count() == 1

    client.post(reverse("job_feed:offer_unsave", kwargs={"pk": offer.pk}))
    assert not SavedOffer.objects.exists()


def test_saving_never_redirects_to_another_site(client_of, participant):
    offer = JobOfferFactory()

    response = client_of(participant).post(
        reverse("job_feed:offer_save", kwargs={"pk": offer.pk}), {"next": "https://evil.example/"}
    )

    assert response["Location"] == offer.get_absolute_url()


def test_saving_with_htmx_returns_the_new_button(client_of, participant):
    offer = JobOfferFactory()

    response = client_of(participant).post(
        reverse("job_feed:offer_save", kwargs={"pk": offer.pk}), headers={"HX-Request": "true"}
    )

    assert response.status_code == 200
    assert reverse("job_feed:offer_unsave", kwargs={"pk": offer.pk}) in response.content.decode()


def test_the_saved_offers_page_lists_only_ones_own_with_fixed_queries(
    client_of, participant, other_participant, django_assert_max_num_queries
):
    SavedOfferFactory(user=participant, offer=JobOfferFactory(title="La mienne"))
    SavedOfferFactory(user=other_participant, offer=JobOfferFactory(title="Pas la mienne"))
    client = client_of(participant)

    response = client.get(reverse("job_feed:saved_offer_list"))
    assert [saved.offer.title for saved in response.context["page"]] == ["La mienne"]
    SavedOfferFactory.create_batch(10, user=participant)
    with django_assert_max_num_queries(6):
        client.get(reverse("job_feed:saved_offer_list"))


def test_the_sample_feed_is_served_with_validators_for_conditional_requests(client):
    response = client.get(reverse("job_feed:sample_feed"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    assert b"<offres" in b"".join(response.streaming_content)

    again = client.get(reverse("job_feed:sample_feed"), headers={"If-None-Match": response["ETag"]})
    assert again.status_code == 304


def test_the_offer_page_says_why_it_fits_instead_of_points(client_of, participant):
    give_profile(participant, region="03", occupation="31301", stage="csq_received", french_level=7)
    offer = JobOfferFactory(
        region=region("03"), occupation_code="31301", open_to_abroad=True, french_level=9, title="Infirmière"
    )
    html = " ".join(client_of(participant).get(offer.get_absolute_url()).content.decode().split())
    assert "points" not in html
    for reason in (
        "Dans votre région",
        "Votre profession",
        "Ouverte aux candidatures de l&#x27;étranger",
        "Niveau de français demandé : 9 sur 12, plus que le vôtre (7)",
    ):
        assert f"<li>{reason}</li>" in html


def test_the_filters_fold_above_the_results_and_open_when_one_is_set(client_of, participant):
    client = client_of(participant)
    folded = client.get(reverse("job_feed:offer_list")).content.decode()
    assert '<details class="filters-disclosure">' in folded
    opened = client.get(reverse("job_feed:offer_list"), {"region": "03", "abroad": "on"}).content.decode()
    assert '<details class="filters-disclosure" open>' in opened and "2 filtres" in opened


# The list's count and page ids are cached until the offers change (issue 16).


def test_a_second_view_of_the_same_list_counts_and_orders_nothing(client_of, participant):
    give_profile(participant)
    client = client_of(participant)
    JobOfferFactory.create_batch(3, region=region("06"))
    first = list_queries(client, None, 3)
    second = list_queries(client, None, 3)
    # user, profile, the saved ones among those shown: no count, no ordering of every offer, and
    # the offers shown themselves are read from the cache
    assert second == 3 < first


def test_offers_an_import_writes_are_listed_once_its_run_is_recorded(client_of, participant):
    from job_feed.models import FeedRun
    from tests.job_feed.factories import FeedSourceFactory

    client = client_of(participant)
    JobOfferFactory(title="Déjà là")
    assert titles(client.get(LIST)) == ["Déjà là"]
    source = FeedSourceFactory()
    # The import writes by COPY: no signal for the offers themselves, its run says they changed.
    JobOffer.objects.bulk_create([JobOfferFactory.build(title="Importée", source=source)])
    FeedRun.objects.create(source=source, status=FeedRun.Status.SUCCEEDED, created=1)

    response = client.get(LIST)
    assert sorted(titles(response)) == ["Déjà là", "Importée"]
    assert response.context["page"].paginator.count == 2


def test_an_offer_closed_in_the_admin_leaves_the_list_at_once(client_of, participant):
    client = client_of(participant)
    offer = JobOfferFactory(title="Bientôt fermée")
    JobOfferFactory(title="Reste")
    assert sorted(titles(client.get(LIST))) == ["Bientôt fermée", "Reste"]
    offer.status = JobOffer.Status.CLOSED
    offer.save()

    assert titles(client.get(LIST)) == ["Reste"]


def test_an_offer_that_expired_overnight_leaves_the_cached_list(client_of, participant):
    import time_machine

    client = client_of(participant)
    JobOfferFactory(title="Expire ce soir", valid_through=timezone.localdate())
    JobOfferFactory(title="Reste", valid_through=None)
    assert sorted(titles(client.get(LIST))) == ["Expire ce soir", "Reste"]

    with time_machine.travel(timezone.now() + datetime.timedelta(days=1)):
        assert titles(client.get(LIST)) == ["Reste"]


def test_the_order_for_you_follows_a_profile_change(client_of, participant):
    profile = give_profile(participant, region="02")
    client = client_of(participant)
    three_days_ago = timezone.localdate() - datetime.timedelta(days=3)
    JobOfferFactory(title="Saguenay", region=region("02"), date_posted=three_days_ago)
    JobOfferFactory(title="Montréal", region=region("06"), date_posted=timezone.localdate())
    assert titles(client.get(LIST))[0] == "Saguenay"
    profile.region = region("06")
    profile.save()

    assert titles(client.get(LIST))[0] == "Montréal"
