"""The import task: its delivery guarantees, its retries, and the guard against two imports at once."""

import threading

import psycopg
import pytest
from celery.exceptions import Retry
from django.conf import settings
from django.db import connection

from integration_portal.celery import app
from job_feed.importing import feed_import
from job_feed.locking import LOCK_NAMESPACE
from job_feed.models import FeedRun, JobOffer
from job_feed.tasks import feed_import_task, retry_delay
from tests.job_feed.factories import FeedSourceFactory
from tests.job_feed.feeds import feed, offers


def test_the_task_acknowledges_late_and_is_given_back_when_its_worker_dies():
    assert feed_import_task.acks_late is True
    assert feed_import_task.reject_on_worker_lost is True
    assert feed_import_task.soft_time_limit < feed_import_task.time_limit
    assert app.conf.worker_prefetch_multiplier == 1
    # A running import must never be handed to a second worker while the first still works on it.
    assert app.conf.broker_transport_options["visibility_timeout"] > feed_import_task.time_limit


@pytest.mark.django_db
def test_the_task_imports_and_reports_its_run(source, feed_server):
    feed_server.body = feed(offers(4))

    result = feed_import_task.apply(kwargs={"source_id": source.pk}).get()

    assert result["status"] == "succeeded"
    assert result["created"] == 4
    assert FeedRun.objects.get(pk=result["run_id"]).task_id


@pytest.mark.django_db
def test_an_unreachable_feed_is_recorded_and_retried_later(source, feed_server):
    feed_server.stop()

    with pytest.raises(Retry) as retry:
        feed_import_task.apply(kwargs={"source_id": source.pk}, throw=True)

    assert 30 <= retry.value.when <= 60  # the first retry is a minute later, give or take jitter
    assert FeedRun.objects.get(source=source).status == FeedRun.Status.FAILED
    assert feed_import_task.max_retries >= 3


@pytest.mark.parametrize("retries", range(8))
def test_the_retry_delay_doubles_and_is_never_now(retries):
    ceiling = min(60 * 2**retries, 30 * 60)

    delays = [retry_delay(retries) for _ in range(200)]

    assert all(ceiling / 2 <= delay <= ceiling for delay in delays)


def _hold_the_source_lock(source_id: int) -> psycopg.Connection:
    """Another database session (another worker) that is importing this source."""
    params = connection.get_connection_params()
    other = psycopg.connect(**{key: value for key, value in params.items() if key != "cursor_factory"})
    other.execute("BEGIN")
    other.execute("SELECT pg_advisory_xact_lock(%s::int, %s::int)", [LOCK_NAMESPACE, source_id])
    return other


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("reference_data")
def test_an_import_of_a_source_already_being_imported_is_skipped_and_writes_nothing(source, feed_server):
    feed_server.body = feed(offers(3))
    other = _hold_the_source_lock(source.pk)
    try:
        result = feed_import(source_id=source.pk)
    finally:
        other.close()

    assert result.status == FeedRun.Status.SKIPPED
    assert not JobOffer.objects.exists()
    assert feed_server.requests == []


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("reference_data")
def test_the_lock_is_free_again_once_the_other_import_ends(source, feed_server):
    feed_server.body = feed(offers(3))
    _hold_the_source_lock(source.pk).close()

    assert feed_import(source_id=source.pk).status == FeedRun.Status.SUCCEEDED


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("reference_data")
def test_two_imports_started_together_run_once(feed_server):
    source = FeedSourceFactory(name="Concurrente", url=feed_server.url)
    feed_server.body = feed(offers(1500))
    feed_server.chunk_size = 16 * 1024
    feed_server.chunk_delay = 0.02  # long enough for both to be running at once
    results: list[FeedRun] = []

    def import_in_its_own_connection() -> None:
        try:
            results.append(feed_import(source_id=source.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=import_in_its_own_connection) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert sorted(run.status for run in results) == [FeedRun.Status.SKIPPED, FeedRun.Status.SUCCEEDED]
    assert JobOffer.objects.filter(source=source).count() == 1500
    assert len(feed_server.requests) == 1


def test_the_tests_use_postgresql():
    # The lock and the row-version checks above only mean something on PostgreSQL.
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
