"""A FeedSource's schedule is a cron expression; django_celery_beat keeps it as a PeriodicTask."""

from celery.schedules import crontab


def parse_crontab(value: str) -> dict[str, str]:
    """Split and check "minute hour day_of_month month day_of_week"; raises ValueError."""
    fields = value.split()
    if len(fields) != 5:
        raise ValueError("a cron expression has five fields")
    names = ("minute", "hour", "day_of_month", "month_of_year", "day_of_week")
    parsed = dict(zip(names, fields, strict=True))
    # Celery's own parser rejects what beat could not run.
    crontab(**parsed)
    return parsed
