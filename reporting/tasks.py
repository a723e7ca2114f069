from celery import shared_task
from django.conf import settings

from reporting import services


@shared_task(name="reporting.refresh_progress", soft_time_limit=10 * 60, time_limit=12 * 60)
def progress_snapshot_refresh_task() -> int:
    """Every 15 minutes: the progress copies the reports read, then the default report built ahead."""
    plans = services.progress_snapshot_refresh().plans
    if settings.REPORTING_CACHE_SECONDS:
        services.reports_warm()
    return plans
