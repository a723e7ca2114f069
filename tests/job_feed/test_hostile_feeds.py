"""Hostile feeds cannot exhaust the worker: decompressed size capped as it streams, JSON parsed as
a stream with a size cap per offer and a depth cap, recursion and memory errors recorded as the
run's failure. Memory is measured with tracemalloc (every thread: the reader runs in its own)."""

import gzip
import json
import time
import tracemalloc

import pytest

from job_feed.fetch import ResponseStream
from job_feed.models import FeedRun, JobOffer
from job_feed.services import feed_import
from tests.job_feed.factories import FeedSourceFactory
from tests.job_feed.feeds import feed, offers

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


def run_measured(source) -> tuple[FeedRun, int]:
    """The run, and the peak of Python allocations during it, in bytes."""
    tracemalloc.start()
    try:
        result = feed_import(source_id=source.pk)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return result, peak


@pytest.fixture
def json_source(db, feed_server):
    feed_server.content_type = "application/ld+json"
    return FeedSourceFactory(name="JSON-LD", url=feed_server.url, format="schema_org_jsonld")


def test_a_small_gzip_that_expands_past_the_limit_fails_without_expanding_it(source, feed_server, settings):
    """64 KiB of gzip can hold 64 MiB: the limit is counted on decompressed bytes as they come."""
    settings.JOB_FEED_MAX_BYTES = 2 * MB
    feed_server.body = gzip.compress(b"<offres>" + b" " * (60 * MB), compresslevel=9)
    feed_server.content_encoding = "gzip"
    assert len(feed_server.body) < 100_000

    result, peak = run_measured(source)

    assert result.status == FeedRun.Status.FAILED
    assert "taille" in result.error
    assert peak < 8 * MB, f"{peak / MB:.1f} MB"


def test_a_gzipped_feed_within_the_limit_is_imported(source, feed_server):
    feed_server.body = gzip.compress(feed(offers(30)))
    feed_server.content_encoding = "gzip"

    result = feed_import(source_id=source.pk)

    assert (result.status, result.created) == ("succeeded", 30)
    assert result.bytes_read == len(feed(offers(30)))


def test_a_truncated_gzip_fails(source, feed_server):
    feed_server.body = gzip.compress(feed(offers(30)))[:-200]
    feed_server.content_encoding = "gzip"

    result = feed_import(source_id=source.pk)

    assert result.status == FeedRun.Status.FAILED
    assert not JobOffer.objects.exists()


def test_an_unknown_content_encoding_fails(source, feed_server):
    feed_server.body = feed(offers(3))
    feed_server.content_encoding = "br"

    result = feed_import(source_id=source.pk)

    assert result.status == FeedRun.Status.FAILED
    assert "br" in result.error


def test_a_large_jsonld_feed_is_parsed_as_a_stream(json_source, feed_server):
    """Read whole, 8 MB of JSON made well over 50 MB of Python objects; streamed, a few pages."""
    from job_feed.sample.generator import jsonld_bytes

    feed_server.body = jsonld_bytes(offers(6000))
    assert len(feed_server.body) > 8 * MB

    result, peak = run_measured(json_source)

    assert (result.status, result.created, result.rejected) == ("succeeded", 6000, 0)
    assert peak < len(feed_server.body), f"{peak / MB:.1f} MB for a {len(feed_server.body) / MB:.1f} MB feed"


def test_deeply_nested_json_is_a_recorded_feed_failure(json_source, feed_server):
    feed_server.body = b"[" * 200_000 + b"]" * 200_000

    result = feed_import(source_id=json_source.pk)

    assert result.status == FeedRun.Status.FAILED
    assert "imbriqué" in result.error


@pytest.mark.parametrize("error, words", [(RecursionError, "imbriqué"), (MemoryError, "mémoire")])
def test_a_recursion_or_memory_error_while_reading_is_a_recorded_feed_failure(
    json_source, feed_server, monkeypatch, error, words
):
    """What a parser raises on input built to exhaust it ends the run as a failure, not the task."""

    def exhausted(self, node):
        raise error

    monkeypatch.setattr("job_feed.adapters.jsonld.JsonLdAdapter._item", exhausted)
    feed_server.body = b'[{"@type": "JobPosting", "identifier": "1"}]'

    result = feed_import(source_id=json_source.pk)

    assert result.status == FeedRun.Status.FAILED
    assert words in result.error


def test_deeply_nested_xml_is_refused(source, feed_server):
    feed_server.body = b"<offres>" + b"<x>" * 100_000 + b"</x>" * 100_000 + b"</offres>"

    result = feed_import(source_id=source.pk)

    assert result.status == FeedRun.Status.FAILED
    assert "imbriqué" in result.error


@pytest.mark.parametrize("format_", ["xml", "json"])
def test_one_huge_offer_is_refused_before_it_is_held_whole(feed_server, settings, format_):
    settings.JOB_FEED_MAX_NODE_BYTES = 1 * MB
    if format_ == "json":
        feed_server.body = json.dumps([{"@type": "JobPosting", "description": "x" * (20 * MB)}]).encode()
        source = FeedSourceFactory(url=feed_server.url, format="schema_org_jsonld")
    else:
        feed_server.body = b"<offres><offre><description>" + b"x" * (20 * MB) + b"</description></offre></offres>"
        source = FeedSourceFactory(url=feed_server.url)

    result, peak = run_measured(source)

    assert result.status == FeedRun.Status.FAILED
    assert "taille" in result.error
    assert peak < 8 * MB, f"{peak / MB:.1f} MB"


def test_reading_a_stream_whole_joins_its_chunks_once():
    """`+=` on one bytes object copied it whole at each chunk: 64 MB took 36 s of CPU."""
    chunk = b"x" * (64 * 1024)
    stream = ResponseStream(iter([chunk] * 1024), max_bytes=100 * MB)

    started = time.process_time()
    data = stream.read()
    elapsed = time.process_time() - started

    assert len(data) == 64 * MB
    assert elapsed < 2.0, f"{elapsed:.1f} s"


def test_reading_a_stream_by_pieces_gives_back_every_byte_in_order():
    stream = ResponseStream(iter([b"abc", b"defgh", b"", b"ij"]), max_bytes=100)

    assert [stream.read(4), stream.read(1), stream.read(100), stream.read(3)] == [b"abcd", b"e", b"fghij", b""]
