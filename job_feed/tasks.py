from celery import shared_task

from integration_portal.celery import retry_countdown
from job_feed.fetch import FeedUnavailable
from job_feed.importing import feed_import


@shared_task(
    name="job_feed.import",
    # Acknowledge only once the import has finished, and give the message back if the worker
    # dies: the import is idempotent and all-or-nothing, so running it again is always safe,
    # while losing it would leave the offers stale until the next schedule.
    acks_late=True,
    reject_on_worker_lost=True,
    # Below the broker's visibility timeout (settings.py), so a running import is never
    # handed to a second worker while the first still works on it.
    soft_time_limit=25 * 60,
    time_limit=30 * 60,
    bind=True,
    max_retries=4,
)
def feed_import_task(self, *, source_id: int) -> dict:
    try:
        run = feed_import(source_id=source_id, task_id=self.request.id or "")
    except FeedUnavailable as unavailable:
        raise self.retry(exc=unavailable, countdown=retry_delay(self.request.retries)) from unavailable
    return {
        "run_id": run.pk,
        "status": run.status,
        "created": run.created,
        "updated": run.updated,
        "closed": run.closed,
        "rejected": run.rejected,
    }


def retry_delay(retries: int) -> float:
    """An unreachable feed: a minute, doubling up to half an hour."""
    return retry_countdown(retries, first=60, longest=30 * 60)
