"""A real Celery worker is killed in the middle of a large import; the redelivered task finishes it.

Broker: Redis; database: the test database; feed: a local HTTP server, slowed so the kill
lands while the import is streaming pages into the database. The worker runs with a short
visibility timeout (env CELERY_VISIBILITY_TIMEOUT) so the unacknowledged message comes back
within seconds instead of an hour.
"""

import signal
import subprocess
import time

import pytest
from django.conf import settings
from django.db.models import Count

from integration_portal.celery import app
from job_feed.models import FeedRun, JobOffer
from job_feed.tasks import feed_import_task
from tests.celery_workers import celery_worker_start, celery_worker_stop
from tests.job_feed.factories import FeedSourceFactory
from tests.job_feed.feeds import feed, offers

VISIBILITY_TIMEOUT = 3
OFFERS = 6000


def start_worker(name: str) -> subprocess.Popen:
    return celery_worker_start(
        name=name, env={"CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT)}, output=subprocess.DEVNULL
    )


def wait_until(condition, *, timeout: float, message: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(message)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("reference_data")
def test_a_worker_killed_mid_import_leaves_the_redelivered_run_to_match_the_feed_exactly(feed_server):
    if settings.CELERY_TASK_ALWAYS_EAGER:
        pytest.fail("A real worker needs REDIS_URL: run the tests with `make test`.")
    items = offers(OFFERS)
    source = FeedSourceFactory(name="Gros flux", url=feed_server.url)
    # Offers already there: one the feed changes, one it no longer lists.
    JobOffer.objects.create(
        source=source,
        external_id=items[0]["numero"],
        title="Ancien titre",
        employer="X",
        date_posted="2026-01-01",
        content_hash="x",
    )
    JobOffer.objects.create(
        source=source,
        external_id="disparue",
        title="Disparue",
        employer="X",
        date_posted="2026-01-01",
        content_hash="x",
    )
    body = feed(items)
    feed_server.body = body
    feed_server.chunk_size = 32 * 1024
    feed_server.chunk_delay = 0.05  # about 10 s for the whole feed
    app.control.purge()

    first = start_worker("first")
    second = None
    try:
        feed_import_task.apply_async(kwargs={"source_id": source.pk})
        wait_until(
            lambda: feed_server.bytes_sent > len(body) // 2,
            timeout=90,
            message="the first worker never got halfway through the feed",
        )
        assert FeedRun.objects.get(source=source).status == FeedRun.Status.RUNNING
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        # Its transaction died with its connection: nothing of the half-done run is visible.
        wait_until(
            lambda: JobOffer.objects.filter(source=source).count() == 2,
            timeout=10,
            message="the killed run left offers behind",
        )

        feed_server.chunk_delay = 0
        time.sleep(VISIBILITY_TIMEOUT + 1)
        second = start_worker("second")
        wait_until(
            lambda: FeedRun.objects.filter(source=source, status=FeedRun.Status.SUCCEEDED).exists(),
            timeout=120,
            message="the task was not redelivered to the second worker",
        )
    finally:
        celery_worker_stop(first)
        if second is not None:
            celery_worker_stop(second)

    expected = {item["numero"]: item["titre"] for item in items}
    open_offers = dict(
        JobOffer.objects.filter(source=source, status=JobOffer.Status.OPEN).values_list("external_id", "title")
    )
    assert open_offers == expected
    assert JobOffer.objects.get(source=source, external_id="disparue").status == JobOffer.Status.CLOSED
    duplicates = (
        JobOffer.objects.filter(source=source).values("external_id").annotate(n=Count("id")).filter(n__gt=1).count()
    )
    assert duplicates == 0
    runs = list(FeedRun.objects.filter(source=source).order_by("started_at").values_list("status", flat=True))
    assert runs == [FeedRun.Status.INTERRUPTED, FeedRun.Status.SUCCEEDED]
    succeeded = FeedRun.objects.get(source=source, status=FeedRun.Status.SUCCEEDED)
    assert (succeeded.created, succeeded.updated, succeeded.closed) == (OFFERS - 1, 1, 1)
