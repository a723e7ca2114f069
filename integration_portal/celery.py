"""The portal's Celery app: settings come from Django's CELERY_* settings."""

import os
import random

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "integration_portal.settings")

app = Celery("integration_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="integration_portal.worker_ping", time_limit=30, soft_time_limit=20)
def worker_ping_task() -> dict:
    """Lets an operator (and the tests) check that a worker consumes the queue and reaches the database."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return {"hostname": worker_ping_task.request.hostname, "database": connection.settings_dict["NAME"]}


def retry_countdown(retries: int, *, first: float, longest: float) -> float:
    """Seconds before a task's next try: doubling from `first` up to `longest`, half of it random.

    The random half keeps workers from all coming back at once, but never all of it: Celery's
    full jitter can draw zero, and what just failed is retried later, not at once.
    """
    step = min(first * 2**retries, longest)
    return step / 2 + random.uniform(0, step / 2)
