"""Writes of job_feed: the feed import, the sources' beat schedules, saved offers."""

import datetime
import json
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext

from accounts.models import Region, User
from job_feed.adapters import FeedError, get_adapter
from job_feed.fetch import FeedUnavailable, open_feed
from job_feed.locking import try_lock_source_for_import
from job_feed.models import FeedRun, FeedSource, JobOffer, SavedOffer
from job_feed.postings import JobPosting, OfferRejected
from job_feed.schedules import parse_crontab

logger = logging.getLogger(__name__)

# Offers go to the database a page at a time: one SELECT of the stored hashes, one INSERT … ON CONFLICT.
PAGE_SIZE = 1000
# A complete feed that holds fewer valid offers than this share of the source's open offers is
# suspicious (a half-published export, a broken filter upstream): it updates but closes nothing.
SUSPICIOUS_SHARE = 0.5
# Below this many open offers, a small feed is ordinary and is trusted.
SUSPICIOUS_MIN_OPEN = 20
REJECTION_EXAMPLES = 5

# Everything the feed decides; created_at, search_vector (trigger) and the key stay as they are.
UPSERT_FIELDS = [
    "status",
    "title",
    "employer",
    "region",
    "municipality",
    "occupation_code",
    "occupation_category",
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
    "updated_at",
    "closed_at",
]


class ImportSkipped(Exception):
    """Another import of the same source holds the lock."""


@dataclass
class _Counters:
    seen: int = 0
    created: int = 0
    updated: int = 0
    closed: int = 0
    rejected: int = 0
    reasons: dict = field(default_factory=dict)

    def reject(self, rejection: OfferRejected) -> None:
        self.rejected += 1
        entry = self.reasons.setdefault(rejection.code, {"count": 0, "examples": []})
        entry["count"] += 1
        if rejection.external_id and len(entry["examples"]) < REJECTION_EXAMPLES:
            entry["examples"].append(rejection.external_id)


def feed_import(*, source_id: int, task_id: str = "") -> FeedRun:
    """Pull one source and bring its offers in line with the feed; returns the recorded run.

    Locks: a transaction-scoped advisory lock on the source (job_feed.locking). Everything the
    run writes to offers happens in that one transaction, so a feed that turns out truncated,
    malformed or hostile halfway, or a worker killed in the middle, leaves the offers exactly
    as they were. Raises FeedUnavailable (after recording the run) so the task can retry.
    """
    source = FeedSource.objects.get(pk=source_id)
    run = FeedRun.objects.create(source=source, task_id=task_id[:64])
    counters = _Counters()
    try:
        with transaction.atomic():
            if not try_lock_source_for_import(source.pk):
                raise ImportSkipped
            # Runs left "running" by a killed worker: we hold the lock, so none of them still runs.
            FeedRun.objects.filter(source=source, status=FeedRun.Status.RUNNING).exclude(pk=run.pk).update(
                status=FeedRun.Status.INTERRUPTED, finished_at=timezone.now()
            )
            status, warning = _import(source=source, run=run, counters=counters)
    except ImportSkipped:
        return _finish(run, counters, status=FeedRun.Status.SKIPPED)
    except FeedUnavailable as error:
        _finish(run, counters, status=FeedRun.Status.FAILED, error=str(error), source=source)
        raise
    except FeedError as error:
        return _finish(run, counters, status=FeedRun.Status.FAILED, error=str(error), source=source)
    except Exception as error:
        # Soft time limit, database trouble…: recorded, then left to Celery.
        _finish(run, counters, status=FeedRun.Status.FAILED, error=type(error).__name__, source=source)
        raise
    return _finish(run, counters, status=status, warning=warning, source=source)


def _finish(
    run: FeedRun,
    counters: _Counters,
    *,
    status: str,
    error: str = "",
    warning: str = "",
    source: FeedSource | None = None,
) -> FeedRun:
    failed = status == FeedRun.Status.FAILED
    run.status = status
    run.finished_at = timezone.now()
    run.offers_seen = counters.seen
    # A failed run wrote nothing: its counts would mislead.
    run.created, run.updated, run.closed = (
        (0, 0, 0) if failed else (counters.created, counters.updated, counters.closed)
    )
    run.rejected = counters.rejected
    run.rejection_reasons = counters.reasons
    run.error = error[:2000]
    run.warning = warning[:2000]
    run.save()
    if source is not None:
        if failed:
            FeedSource.objects.filter(pk=source.pk).update(consecutive_failures=F("consecutive_failures") + 1)
        else:
            FeedSource.objects.filter(pk=source.pk).update(consecutive_failures=0)
    logger.info(
        "feed import source=%s run=%s status=%s created=%s updated=%s closed=%s rejected=%s",
        run.source_id,
        run.pk,
        run.status,
        run.created,
        run.updated,
        run.closed,
        run.rejected,
    )
    return run


def _import(*, source: FeedSource, run: FeedRun, counters: _Counters) -> tuple[str, str]:
    region_ids = dict(Region.objects.values_list("code", "id"))
    adapter = get_adapter(source.format, known_region_codes=frozenset(region_ids))
    open_before = JobOffer.objects.filter(source=source, status=JobOffer.Status.OPEN).count()
    now = timezone.now()
    today = timezone.localdate(now)
    seen: set[str] = set()
    page: list[JobPosting] = []
    with open_feed(
        url=source.url, etag=source.etag, last_modified=source.last_modified, max_bytes=settings.JOB_FEED_MAX_BYTES
    ) as response:
        if response.not_modified:
            return FeedRun.Status.NOT_MODIFIED, ""
        for item in adapter.items(response.stream):
            counters.seen += 1
            if item.rejection is not None:
                counters.reject(item.rejection)
                continue
            posting = item.posting
            if posting.external_id in seen:
                counters.reject(OfferRejected("duplicate_number", posting.external_id))
                continue
            seen.add(posting.external_id)
            page.append(posting)
            if len(page) >= PAGE_SIZE:
                _write_page(source=source, page=page, region_ids=region_ids, now=now, today=today, counters=counters)
                page = []
        _write_page(source=source, page=page, region_ids=region_ids, now=now, today=today, counters=counters)
        run.bytes_read = response.stream.bytes_read

    if not seen:
        raise FeedError(
            gettext("Le flux ne contient aucune offre valide (%(seen)s lues) : rien n'a été modifié.")
            % {"seen": counters.seen}
        )
    counters.closed += JobOffer.objects.filter(
        source=source, status=JobOffer.Status.OPEN, valid_through__lt=today
    ).update(status=JobOffer.Status.CLOSED, closed_at=now, updated_at=now)
    warning = ""
    if not adapter.is_complete:
        warning = gettext("Flux partiel : les offres absentes n'ont pas été fermées.")
    elif _is_suspicious(valid=len(seen), rejected=counters.rejected, open_before=open_before):
        warning = gettext(
            "Flux suspect : %(valid)s offres valides pour %(open)s offres ouvertes (%(rejected)s rejetées). "
            "Les offres absentes n'ont pas été fermées."
        ) % {"valid": len(seen), "open": open_before, "rejected": counters.rejected}
    else:
        counters.closed += _close_missing(source=source, seen=seen, now=now)
    source.etag, source.last_modified = response.etag, response.last_modified
    source.save(update_fields=["etag", "last_modified"])
    return FeedRun.Status.SUCCEEDED, warning


def _is_suspicious(*, valid: int, rejected: int, open_before: int) -> bool:
    if rejected > valid:
        return True
    return open_before >= SUSPICIOUS_MIN_OPEN and valid < open_before * SUSPICIOUS_SHARE


def _close_missing(*, source: FeedSource, seen: set[str], now: datetime.datetime) -> int:
    open_offers = JobOffer.objects.filter(source=source, status=JobOffer.Status.OPEN).values_list("pk", "external_id")
    missing = [pk for pk, external_id in open_offers.iterator(chunk_size=5000) if external_id not in seen]
    closed = 0
    for start in range(0, len(missing), PAGE_SIZE):
        closed += JobOffer.objects.filter(pk__in=missing[start : start + PAGE_SIZE]).update(
            status=JobOffer.Status.CLOSED, closed_at=now, updated_at=now
        )
    return closed


def _write_page(
    *,
    source: FeedSource,
    page: list[JobPosting],
    region_ids: dict[str, int],
    now: datetime.datetime,
    today: datetime.date,
    counters: _Counters,
) -> None:
    """Upsert one page; offers whose content and status did not change are not written at all."""
    if not page:
        return
    stored = {
        external_id: (content_hash, status)
        for external_id, content_hash, status in JobOffer.objects.filter(
            source=source, external_id__in=[posting.external_id for posting in page]
        ).values_list("external_id", "content_hash", "status")
    }
    rows = []
    for posting in page:
        content_hash = posting.content_hash()
        expired = posting.valid_through is not None and posting.valid_through < today
        status = JobOffer.Status.CLOSED if expired else JobOffer.Status.OPEN
        before = stored.get(posting.external_id)
        if before is None:
            counters.created += 1
        elif before == (content_hash, status):
            continue
        elif status == JobOffer.Status.CLOSED and before[1] == JobOffer.Status.OPEN:
            counters.closed += 1
        else:
            counters.updated += 1
        rows.append(
            JobOffer(
                source=source,
                external_id=posting.external_id,
                status=status,
                title=posting.title,
                employer=posting.employer,
                region_id=region_ids[posting.region_code],
                municipality=posting.municipality,
                occupation_code=posting.occupation_code,
                occupation_category=posting.occupation_code[:1],
                salary_min=posting.salary_min,
                salary_max=posting.salary_max,
                salary_unit=posting.salary_unit,
                hours_per_week=posting.hours_per_week,
                employment_type=posting.employment_type,
                date_posted=posting.date_posted,
                valid_through=posting.valid_through,
                description=posting.description,
                apply_url=posting.apply_url,
                open_to_abroad=posting.open_to_abroad,
                french_level=posting.french_level,
                content_hash=content_hash,
                closed_at=now if expired else None,
            )
        )
    if rows:
        JobOffer.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["source", "external_id"],
            update_fields=UPSERT_FIELDS,
            batch_size=PAGE_SIZE,
        )


# --- Sources and their beat schedule ----------------------------------------------------------


def feed_source_sync_schedule(*, source: FeedSource) -> None:
    """Create or update the source's django_celery_beat PeriodicTask from its cron schedule."""
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

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
    periodic_task = source.periodic_task
    source.offers.all().delete()
    source.delete()
    if periodic_task is not None:
        periodic_task.delete()


def feed_source_run_now(*, source: FeedSource) -> None:
    """Queue an import of the source (after the current transaction commits)."""
    from job_feed.tasks import feed_import_task

    transaction.on_commit(lambda: feed_import_task.delay(source_id=source.pk))


# --- Saved offers ------------------------------------------------------------------------------


@transaction.atomic
def saved_offer_add(*, user: User, offer: JobOffer) -> SavedOffer:
    saved, _created = SavedOffer.objects.get_or_create(user=user, offer=offer)
    return saved


@transaction.atomic
def saved_offer_remove(*, user: User, offer: JobOffer) -> None:
    SavedOffer.objects.filter(user=user, offer=offer).delete()


def saved_offers_erase(*, user: User) -> None:
    SavedOffer.objects.filter(user=user).delete()
