"""Writes of job_feed: the sources and their beat schedules, saved offers.

The feed import itself (reader thread, COPY upsert) is in job_feed/importing.py.
"""

import json

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from accounts.models import User
from job_feed.models import FeedSource, JobOffer, SavedOffer
from job_feed.schedules import parse_crontab
from job_feed.tasks import feed_import_task

# --- Sources and their beat schedule ----------------------------------------------------------


def feed_source_sync_schedule(*, source: FeedSource) -> None:
    """Create or update the source's django_celery_beat PeriodicTask from its cron schedule."""
    fields = parse_crontab(source.schedule)
    crontab, _created = CrontabSchedule.objects.get_or_create(timezone=settings.CELERY_TIMEZONE, **fields)
    values = {
        "crontab": crontab,
        "interval": None,
        "task": "job_feed.import",
        "kwargs": json.dumps({"source_id": source.pk}),
        "enabled": source.is_active,
        "description": gettext("Import des offres de la source « %(name)s ».") % {"name": source.name},
    }
    name = f"job_feed: source {source.pk}"
    task, _created = PeriodicTask.objects.update_or_create(name=name, defaults=values)
    if source.periodic_task_id != task.pk:
        source.periodic_task = task
        source.save(update_fields=["periodic_task"])


@transaction.atomic
def feed_source_save(*, source: FeedSource) -> FeedSource:
    """Save a source and keep its beat schedule in step."""
    source.full_clean()
    source.save()
    feed_source_sync_schedule(source=source)
    return source


@transaction.atomic
def feed_source_delete(*, source: FeedSource) -> None:
    from job_feed.recommendations import offers_changed

    periodic_task = source.periodic_task
    source.offers.all().delete()
    source.delete()
    if periodic_task is not None:
        periodic_task.delete()
    offers_changed()


def feed_source_run_now(*, source: FeedSource) -> None:
    """Queue an import of the source (after the current transaction commits)."""
    # robust: in eager mode (`make run`) the import runs right here, and a feed that is down
    # must not turn the admin's click into an error page (the run records the failure).
    transaction.on_commit(lambda: feed_import_task.delay(source_id=source.pk), robust=True)


# --- Saved offers ------------------------------------------------------------------------------


@transaction.atomic
def saved_offer_add(*, user: User, offer: JobOffer) -> SavedOffer:
    saved, _created = SavedOffer.objects.get_or_create(user=user, offer=offer)
    return saved


@transaction.atomic
def saved_offer_remove(*, user: User, offer: JobOffer) -> None:
    SavedOffer.objects.filter(user=user, offer=offer).delete()


def job_feed_personal_data_erase(*, user: User) -> None:
    SavedOffer.objects.filter(user=user).delete()
