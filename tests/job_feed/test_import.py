"""The import service against a real HTTP server: idempotent upserts, closing, and every failure."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from job_feed.fetch import FeedUnavailable
from job_feed.importing import feed_import
from job_feed.models import FeedRun, FeedSource, JobOffer
from tests.job_feed.feeds import feed, offer_xml, offers, raw_feed

pytestmark = pytest.mark.django_db


def snapshot(source) -> dict[str, tuple]:
    """Each offer's stored values and its PostgreSQL row version (xmin changes on any write)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT external_id, xmin::text, status, title FROM job_feed_joboffer WHERE source_id = %s",
            [source.pk],
        )
        return {row[0]: row[1:] for row in cursor.fetchall()}


def run(source) -> FeedRun:
    return feed_import(source_id=source.pk)


def test_it_creates_every_offer_of_the_feed_with_its_fields(source, feed_server):
    items = offers(30)
    feed_server.body = feed(items)

    result = run(source)

    assert (result.status, result.created, result.updated, result.closed, result.rejected) == ("succeeded", 30, 0, 0, 0)
    first = items[0]
    offer = JobOffer.objects.select_related("region").get(source=source, external_id=first["numero"])
    assert offer.title == first["titre"]
    assert offer.employer == first["employeur"]
    assert offer.region.code == first["region"]
    assert offer.municipality == first["municipalite"]
    assert offer.occupation_code == first["cnp"]
    assert offer.occupation_category == first["cnp"][0]
    assert str(offer.salary_min) == first["salaire"]["min"]
    assert offer.date_posted.isoformat() == first["date_publication"]
    assert offer.valid_through.isoformat() == first["date_expiration"]
    assert offer.open_to_abroad == (first["recrutement_international"] == "oui")
    assert offer.description.startswith(first["employeur"])
    assert offer.status == JobOffer.Status.OPEN


def test_accents_survive_the_import(source, feed_server):
    feed_server.body = raw_feed(offer_xml("1", titre="Éducatrice à la petite enfance – Îles-de-la-Madeleine"))

    run(source)

    assert JobOffer.objects.get().title == "Éducatrice à la petite enfance – Îles-de-la-Madeleine"


def test_a_second_identical_run_writes_nothing(source, feed_server):
    feed_server.body = feed(offers(1200))  # more than one page
    run(source)
    before = snapshot(source)

    second = run(source)

    assert (second.status, second.created, second.updated, second.closed) == ("succeeded", 0, 0, 0)
    assert snapshot(source) == before


def test_a_changed_offer_is_updated_and_counted_alone(source, feed_server):
    items = offers(10)
    feed_server.body = feed(items)
    run(source)
    before = snapshot(source)
    items[3] = {**items[3], "titre": "Soudeuse ou soudeur – quart de nuit"}
    feed_server.body = feed(items)

    second = run(source)

    assert (second.created, second.updated, second.closed) == (0, 1, 0)
    after = snapshot(source)
    changed = {number for number in after if after[number] != before[number]}
    assert changed == {items[3]["numero"]}
    assert JobOffer.objects.get(external_id=items[3]["numero"]).title == "Soudeuse ou soudeur – quart de nuit"


def test_offers_missing_from_a_complete_feed_are_closed_never_deleted(source, feed_server):
    items = offers(10)
    feed_server.body = feed(items)
    run(source)
    feed_server.body = feed(items[:8])

    second = run(source)

    assert (second.created, second.updated, second.closed) == (0, 0, 2)
    assert JobOffer.objects.filter(source=source).count() == 10
    closed = JobOffer.objects.filter(status=JobOffer.Status.CLOSED)
    assert {offer.external_id for offer in closed} == {items[8]["numero"], items[9]["numero"]}
    assert all(offer.closed_at is not None for offer in closed)


def test_a_partial_feed_closes_nothing(source, feed_server):
    items = offers(10)
    feed_server.body = feed(items)
    run(source)
    feed_server.body = feed(items[:3], complete=False)

    second = run(source)

    assert second.closed == 0
    assert "partiel" in second.warning
    assert not JobOffer.objects.filter(status=JobOffer.Status.CLOSED).exists()


def test_a_closed_offer_that_comes_back_is_reopened(source, feed_server):
    items = offers(5)
    feed_server.body = feed(items)
    run(source)
    feed_server.body = feed(items[:4])
    run(source)
    feed_server.body = feed(items)

    third = run(source)

    assert third.updated == 1
    assert JobOffer.objects.get(external_id=items[4]["numero"]).status == JobOffer.Status.OPEN
    assert JobOffer.objects.get(external_id=items[4]["numero"]).closed_at is None


def test_an_offer_past_its_expiry_is_closed(source, feed_server):
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    long_ago = (timezone.localdate() - datetime.timedelta(days=60)).isoformat()
    feed_server.body = raw_feed(offer_xml("1"), offer_xml("2"))
    run(source)
    feed_server.body = raw_feed(offer_xml("1"), offer_xml("2", date_publication=long_ago, date_expiration=yesterday))

    second = run(source)

    assert second.closed == 1
    assert JobOffer.objects.get(external_id="2").status == JobOffer.Status.CLOSED
    assert JobOffer.objects.get(external_id="1").status == JobOffer.Status.OPEN


def test_a_stored_offer_past_its_expiry_is_closed_even_in_a_partial_feed(source, feed_server):
    feed_server.body = raw_feed(offer_xml("1"), offer_xml("2"))
    run(source)
    JobOffer.objects.filter(external_id="2").update(valid_through=timezone.localdate() - datetime.timedelta(days=1))
    feed_server.body = raw_feed(offer_xml("1"), complete="non")

    second = run(source)

    assert second.closed == 1
    assert JobOffer.objects.get(external_id="2").status == JobOffer.Status.CLOSED


def test_a_mostly_empty_feed_is_suspicious_and_closes_nothing(source, feed_server):
    items = offers(40)
    feed_server.body = feed(items)
    run(source)
    feed_server.body = feed(items[:5])

    second = run(source)

    assert second.status == FeedRun.Status.SUCCEEDED
    assert second.closed == 0
    assert "suspect" in second.warning.lower()
    assert JobOffer.objects.filter(status=JobOffer.Status.OPEN).count() == 40


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b'<?xml version="1.0" encoding="UTF-8"?>\n<offres complet="oui"></offres>\n',
    ],
    ids=["zero bytes", "no offer"],
)
def test_an_empty_feed_fails_and_leaves_the_offers_untouched(source, feed_server, body):
    feed_server.body = feed(offers(5))
    run(source)
    before = snapshot(source)
    feed_server.body = body

    result = run(source)

    assert result.status == FeedRun.Status.FAILED
    assert result.error
    assert snapshot(source) == before


def test_a_feed_whose_offers_are_all_rejected_changes_nothing(source, feed_server):
    feed_server.body = feed(offers(5))
    run(source)
    before = snapshot(source)
    feed_server.body = raw_feed(offer_xml("1", date_publication="hier"), offer_xml("2", region="99"))

    result = run(source)

    assert result.status == FeedRun.Status.FAILED
    assert result.rejected == 2
    assert snapshot(source) == before


def test_an_unreachable_feed_is_recorded_raised_for_retry_and_changes_nothing(source, feed_server):
    feed_server.body = feed(offers(5))
    run(source)
    before = snapshot(source)
    feed_server.stop()

    with pytest.raises(FeedUnavailable):
        run(source)

    last = FeedRun.objects.filter(source=source).first()
    assert last.status == FeedRun.Status.FAILED
    assert "injoignable" in last.error
    assert snapshot(source) == before
    assert FeedSource.objects.get(pk=source.pk).consecutive_failures == 1


def test_a_feed_that_times_out_is_retried_later_and_changes_nothing(source, feed_server, monkeypatch):
    import httpx

    monkeypatch.setattr("job_feed.fetch.TIMEOUT", httpx.Timeout(0.3))
    feed_server.body = feed(offers(3))
    feed_server.delay_before_headers = 1.0

    with pytest.raises(FeedUnavailable):
        run(source)

    assert not JobOffer.objects.exists()
    assert "temps" in FeedRun.objects.get().error


def test_a_server_error_is_retried_later(source, feed_server):
    feed_server.status = 503
    feed_server.body = b"maintenance"

    with pytest.raises(FeedUnavailable):
        run(source)


def test_a_missing_feed_fails_without_retry(source, feed_server):
    feed_server.status = 404
    feed_server.body = b"introuvable"

    result = run(source)

    assert result.status == FeedRun.Status.FAILED
    assert "404" in result.error


def test_malformed_xml_after_a_full_page_leaves_the_offers_untouched(source, feed_server):
    feed_server.body = feed(offers(5, start=900_000))
    run(source)
    before = snapshot(source)
    good = feed(offers(1500))  # a first page is already upserted when the error is met
    feed_server.body = good.replace(b"</offres>", b"<offre><numero>1</numero></offre_cassee></offres>")

    result = run(source)

    assert result.status == FeedRun.Status.FAILED
    assert "mal formé" in result.error
    assert (result.created, result.updated, result.closed) == (0, 0, 0)
    assert snapshot(source) == before


def test_a_feed_cut_before_its_announced_length_changes_nothing(source, feed_server):
    body = feed(offers(1500))
    feed_server.body = body
    feed_server.cut_after = len(body) * 2 // 3

    with pytest.raises(FeedUnavailable):
        run(source)

    assert not JobOffer.objects.exists()
    assert "incomplet" in FeedRun.objects.get().error


def test_a_truncated_feed_without_announced_length_fails_as_malformed(source, feed_server):
    feed_server.body = feed(offers(5, start=900_000))
    run(source)
    before = snapshot(source)
    body = feed(offers(1500))
    feed_server.body = body
    feed_server.send_length = False
    feed_server.cut_after = len(body) * 2 // 3

    result = run(source)

    assert result.status == FeedRun.Status.FAILED
    assert snapshot(source) == before


def test_an_external_entity_is_refused_and_nothing_is_read(source, feed_server):
    feed_server.body = (
        b'<?xml version="1.0"?>\n<!DOCTYPE offres [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n'
        b"<offres>" + offer_xml("1", description="&secret;").encode() + b"</offres>"
    )

    result = run(source)

    assert result.status == FeedRun.Status.FAILED
    assert "interdite" in result.error
    assert not JobOffer.objects.exists()


def test_a_billion_laughs_feed_is_refused(source, feed_server):
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">' for i in range(1, 10)
    )
    feed_server.body = (
        f'<?xml version="1.0"?>\n<!DOCTYPE offres [{entities}]>\n<offres>'
        + offer_xml("1", description="&lol9;")
        + "</offres>"
    ).encode()

    result = run(source)

    assert result.status == FeedRun.Status.FAILED
    assert not JobOffer.objects.exists()


def test_a_feed_over_the_size_limit_fails(source, feed_server, settings):
    settings.JOB_FEED_MAX_BYTES = 50_000
    feed_server.body = feed(offers(200))

    result = run(source)

    assert result.status == FeedRun.Status.FAILED
    assert "taille" in result.error
    assert not JobOffer.objects.exists()


def test_a_feed_over_the_size_limit_without_announced_length_fails_while_streaming(source, feed_server, settings):
    settings.JOB_FEED_MAX_BYTES = 50_000
    feed_server.body = feed(offers(200))
    feed_server.send_length = False

    result = run(source)

    assert result.status == FeedRun.Status.FAILED
    assert "taille" in result.error


def test_duplicate_numbers_keep_the_first_and_count_the_others(source, feed_server):
    feed_server.body = raw_feed(offer_xml("7", titre="Première"), offer_xml("8"), offer_xml("7", titre="Seconde"))

    result = run(source)

    assert (result.created, result.rejected) == (2, 1)
    assert result.rejection_reasons == {"duplicate_number": {"count": 1, "examples": ["7"]}}
    assert JobOffer.objects.get(external_id="7").title == "Première"


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"date_publication": "2026-02-30"}, "invalid_date_posted"),
        ({"date_publication": "25/11/2026"}, "invalid_date_posted"),
        ({"date_publication": ""}, "invalid_date_posted"),
        ({"date_expiration": "bientôt"}, "invalid_valid_through"),
        ({"date_publication": "2026-11-20", "date_expiration": "2026-11-01"}, "expiry_before_publication"),
        ({"region": "42"}, "invalid_region"),
        ({"cnp": "3130A"}, "invalid_occupation_code"),
        ({"titre": "  "}, "missing_title"),
        ({"numero": ""}, "missing_number"),
        ({"lien": "javascript:alert(1)"}, "invalid_url"),
        ({"lien": "https:///sans-hote"}, "invalid_url"),
        # urlsplit raises on an unclosed IPv6 bracket: a rejection, not a failed import.
        ({"lien": "https://[::1/offre"}, "invalid_url"),
        ({"niveau_francais": "13"}, "invalid_french_level"),
        ({"heures": "deux cents"}, "invalid_hours"),
    ],
)
def test_an_offer_with_a_bad_field_is_rejected_alone_with_its_reason(source, feed_server, fields, reason):
    feed_server.body = raw_feed(offer_xml("1"), offer_xml("2", **fields), offer_xml("3"))

    result = run(source)

    assert result.status == FeedRun.Status.SUCCEEDED
    assert (result.created, result.rejected) == (2, 1)
    assert list(result.rejection_reasons) == [reason]
    assert set(JobOffer.objects.values_list("external_id", flat=True)) == {"1", "3"}


def test_a_feed_in_latin1_declared_as_such_keeps_its_accents(source, feed_server):
    feed_server.body = raw_feed(offer_xml("1", titre="Mécanicienne à Sept-Îles"), encoding="ISO-8859-1")

    run(source)

    assert JobOffer.objects.get().title == "Mécanicienne à Sept-Îles"


def test_a_feed_whose_bytes_do_not_match_its_declared_encoding_fails(source, feed_server):
    latin1 = raw_feed(offer_xml("1", titre="Mécanicienne"), encoding="ISO-8859-1")
    feed_server.body = latin1.replace(b'encoding="ISO-8859-1"', b'encoding="UTF-8"')

    result = run(source)

    assert result.status == FeedRun.Status.FAILED
    assert not JobOffer.objects.exists()


def test_it_sends_the_stored_etag_and_a_304_writes_nothing(source, feed_server):
    feed_server.body = feed(offers(3))
    feed_server.etag = '"v1"'
    feed_server.last_modified = "Wed, 25 Nov 2026 10:00:00 GMT"
    run(source)
    source.refresh_from_db()
    assert (source.etag, source.last_modified) == ('"v1"', "Wed, 25 Nov 2026 10:00:00 GMT")
    before = snapshot(source)

    second = run(source)

    assert feed_server.requests[-1]["If-None-Match"] == '"v1"'
    assert feed_server.requests[-1]["If-Modified-Since"] == "Wed, 25 Nov 2026 10:00:00 GMT"
    assert second.status == FeedRun.Status.NOT_MODIFIED
    assert snapshot(source) == before


def test_a_failed_run_does_not_store_the_new_etag(source, feed_server):
    feed_server.body = b"<offres><offre>"
    feed_server.etag = '"broken"'

    run(source)

    source.refresh_from_db()
    assert source.etag == ""


def test_consecutive_failures_are_counted_and_reset_by_a_success(source, feed_server):
    feed_server.body = b"<pas-du-tout"
    run(source)
    run(source)
    assert FeedSource.objects.get(pk=source.pk).consecutive_failures == 2
    assert FeedSource.objects.get(pk=source.pk).is_failing
    feed_server.body = feed(offers(2))

    run(source)

    assert FeedSource.objects.get(pk=source.pk).consecutive_failures == 0


def test_a_run_left_running_by_a_killed_worker_is_marked_interrupted(source, feed_server):
    stale = FeedRun.objects.create(source=source)
    feed_server.body = feed(offers(2))

    run(source)

    stale.refresh_from_db()
    assert stale.status == FeedRun.Status.INTERRUPTED


def test_two_sources_may_hold_the_same_offer_number(feed_server, db):
    from tests.job_feed.factories import FeedSourceFactory

    first = FeedSourceFactory(name="A", url=feed_server.url)
    second = FeedSourceFactory(name="B", url=feed_server.url)
    feed_server.body = feed(offers(3))

    run(first)
    run(second)

    assert JobOffer.objects.count() == 6


def test_the_jsonld_adapter_imports_the_same_offers_as_the_xml_one(feed_server, db):
    from job_feed.sample.generator import jsonld_bytes
    from tests.job_feed.factories import FeedSourceFactory

    items = offers(12)
    xml_source = FeedSourceFactory(name="XML", url=feed_server.url)
    feed_server.body = feed(items)
    run(xml_source)
    json_source = FeedSourceFactory(name="JSON-LD", url=feed_server.url, format="schema_org_jsonld")
    feed_server.body = jsonld_bytes(items)
    feed_server.content_type = "application/ld+json"

    result = run(json_source)

    assert (result.status, result.created, result.rejected) == ("succeeded", 12, 0)
    fields = [
        "external_id",
        "title",
        "employer",
        "region_id",
        "municipality",
        "occupation_code",
        "salary_min",
        "salary_max",
        "salary_unit",
        "hours_per_week",
        "employment_type",
        "date_posted",
        "valid_through",
        "description",
        "apply_url",
        "open_to_abroad",
        "french_level",
        "content_hash",
    ]
    as_xml = list(JobOffer.objects.filter(source=xml_source).order_by("external_id").values(*fields))
    as_json = list(JobOffer.objects.filter(source=json_source).order_by("external_id").values(*fields))
    assert as_json == as_xml


def test_malformed_jsonld_fails(feed_server, db):
    from tests.job_feed.factories import FeedSourceFactory

    json_source = FeedSourceFactory(name="JSON-LD", url=feed_server.url, format="schema_org_jsonld")
    feed_server.body = b'{"@type": "ItemList", "itemListElement": ['

    result = run(json_source)

    assert result.status == FeedRun.Status.FAILED


@pytest.fixture
def bulk_create_path(monkeypatch):
    """The portable path (SQLite in `make run`): bulk_create(update_conflicts=True) instead of COPY."""
    monkeypatch.setattr("job_feed.importing.COPY_ON_POSTGRESQL", False)


def test_the_bulk_create_path_creates_updates_and_then_writes_nothing(source, feed_server, bulk_create_path):
    items = offers(1200)
    feed_server.body = feed(items)
    first = run(source)
    items[5] = {**items[5], "titre": "Titre changé"}
    feed_server.body = feed(items)
    second = run(source)
    before = snapshot(source)

    third = run(source)

    assert (first.created, first.updated) == (1200, 0)
    assert (second.created, second.updated) == (0, 1)
    assert (third.created, third.updated, third.closed) == (0, 0, 0)
    assert snapshot(source) == before
    assert JobOffer.objects.get(external_id=items[5]["numero"]).title == "Titre changé"


def test_imported_and_updated_offers_are_found_by_the_french_search(source, feed_server):
    from job_feed.selectors import OfferFilters, offer_search

    feed_server.body = raw_feed(offer_xml("1", titre="Éducatrice en garderie", municipalite="Trois-Rivières"))
    run(source)
    assert offer_search(filters=OfferFilters(text="educatrice trois-rivieres"), profile=None).count() == 1
    feed_server.body = raw_feed(offer_xml("1", titre="Pâtissière", municipalite="Trois-Rivières"))

    run(source)

    assert offer_search(filters=OfferFilters(text="educatrice"), profile=None).count() == 0
    assert offer_search(filters=OfferFilters(text="patissiere"), profile=None).count() == 1
