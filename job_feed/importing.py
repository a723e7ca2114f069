"""Importing one feed source: fetch, adapt, upsert a page at a time, close what disappeared.

    fetch.open_feed (streamed) ──▶ _FeedReader thread: adapter parses bytes into FeedItems ──queue──▶
    this thread: validate, page of PAGE_SIZE ──▶ COPY into a temporary table + INSERT … ON CONFLICT
    (PostgreSQL) or bulk_create(update_conflicts=True) (SQLite) ──▶ close offers missing from a
    complete, trustworthy feed ──▶ FeedRun records what happened.

Reading and parsing run in a thread of their own (_FeedReader), one page ahead of the writes,
through a small bounded queue: parsing overlaps with PostgreSQL's work and memory stays flat.
Called by `feed_import_task` (job_feed/tasks.py) and the `import_feeds` command.
"""

import datetime
import logging
import queue
import threading
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext

from accounts.models import Region
from integration_portal.db import is_postgresql
from job_feed.adapters import FeedAdapter, FeedError, FeedItem, get_adapter
from job_feed.fetch import FeedUnavailable, open_feed
from job_feed.locking import try_lock_source_for_import
from job_feed.models import FeedRun, FeedSource, JobOffer
from job_feed.postings import JobPosting, OfferRejected

logger = logging.getLogger(__name__)

# Offers go to the database a page at a time: one SELECT of the stored hashes, one INSERT … ON CONFLICT.
PAGE_SIZE = 1000
# A complete feed that holds fewer valid offers than this share of the source's open offers is
# suspicious (a half-published export, a broken filter upstream): it updates but closes nothing.
SUSPICIOUS_SHARE = 0.5
# Below this many open offers, a small feed is ordinary and is trusted.
SUSPICIOUS_MIN_OPEN = 20
REJECTION_EXAMPLES = 5
# On PostgreSQL pages travel by COPY (_upsert_by_copy); elsewhere, and in the tests that turn
# this off, by bulk_create(update_conflicts=True): the same upsert, slower to build.
COPY_ON_POSTGRESQL = True
# An import that wrote at least this many offers refreshes the table's planner statistics.
ANALYZE_AFTER = 1000

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
    if is_postgresql() and counters.created + counters.updated + counters.closed >= ANALYZE_AFTER:
        # Fresh statistics now rather than whenever autovacuum comes: the offers page's plans
        # depend on them (a never-analysed table of 50,000 fresh rows is planned as if empty).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE job_feed_joboffer")
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


class _FeedReader(threading.Thread):
    """Downloads, parses and checks the feed in a thread of its own, one page ahead of the writes.

    While the import waits for PostgreSQL (another process, another core) to upsert a page,
    this thread parses the next one: the two overlap instead of adding up. It touches no
    database and hands over pages through a small bounded queue, so memory stays flat.
    """

    def __init__(self, *, source: FeedSource, adapter: FeedAdapter) -> None:
        super().__init__(name=f"feed-reader-{source.pk}", daemon=True)
        self.url, self.etag, self.last_modified = source.url, source.etag, source.last_modified
        self.max_bytes = settings.JOB_FEED_MAX_BYTES
        self.adapter = adapter
        self.messages: queue.Queue = queue.Queue(maxsize=2)
        self.cancelled = threading.Event()

    def _put(self, kind: str, value=None) -> None:
        while not self.cancelled.is_set():
            try:
                self.messages.put((kind, value), timeout=0.5)
                return
            except queue.Full:
                continue

    def run(self) -> None:
        try:
            with open_feed(
                url=self.url, etag=self.etag, last_modified=self.last_modified, max_bytes=self.max_bytes
            ) as response:
                if response.not_modified:
                    self._put("not_modified")
                    return
                page: list[tuple[FeedItem, str]] = []
                for item in self.adapter.items(response.stream):
                    if self.cancelled.is_set():
                        return
                    page.append((item, item.posting.content_hash() if item.posting is not None else ""))
                    if len(page) >= PAGE_SIZE:
                        self._put("page", page)
                        page = []
                self._put("page", page)
                self._put("end", (response.etag, response.last_modified, response.stream.bytes_read))
        except BaseException as error:  # handed to the importing thread, which raises it
            self._put("error", error)

    def messages_until_end(self):
        while True:
            kind, value = self.messages.get()
            if kind == "error":
                raise value
            yield kind, value
            if kind in ("end", "not_modified"):
                return

    def stop(self) -> None:
        self.cancelled.set()
        self.join(timeout=30)


def _import(*, source: FeedSource, run: FeedRun, counters: _Counters) -> tuple[str, str]:
    region_ids = dict(Region.objects.values_list("code", "id"))
    adapter = get_adapter(source.format, known_region_codes=frozenset(region_ids))
    open_before = JobOffer.objects.filter(source=source, status=JobOffer.Status.OPEN).count()
    now = timezone.now()
    today = timezone.localdate(now)
    seen: set[str] = set()
    validators = ("", "")
    reader = _FeedReader(source=source, adapter=adapter)
    reader.start()
    try:
        for kind, value in reader.messages_until_end():
            if kind == "not_modified":
                return FeedRun.Status.NOT_MODIFIED, ""
            if kind == "end":
                etag, last_modified, run.bytes_read = value
                validators = (etag, last_modified)
                break
            page: list[tuple[JobPosting, str]] = []
            for item, content_hash in value:
                counters.seen += 1
                if item.rejection is not None:
                    counters.reject(item.rejection)
                    continue
                posting = item.posting
                if posting.external_id in seen:
                    counters.reject(OfferRejected("duplicate_number", posting.external_id))
                    continue
                seen.add(posting.external_id)
                page.append((posting, content_hash))
            _write_page(source=source, page=page, region_ids=region_ids, now=now, today=today, counters=counters)
    finally:
        reader.stop()

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
    source.etag, source.last_modified = validators
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
    page: list[tuple[JobPosting, str]],
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
            source=source, external_id__in=[posting.external_id for posting, _hash in page]
        ).values_list("external_id", "content_hash", "status")
    }
    rows = []
    for posting, content_hash in page:
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
            (
                source.pk,
                posting.external_id,
                status,
                posting.title,
                posting.employer,
                region_ids[posting.region_code],
                posting.municipality,
                posting.occupation_code,
                posting.occupation_code[:1],
                posting.salary_min,
                posting.salary_max,
                posting.salary_unit,
                posting.hours_per_week,
                posting.employment_type,
                posting.date_posted,
                posting.valid_through,
                posting.description,
                posting.apply_url,
                posting.open_to_abroad,
                posting.french_level,
                content_hash,
                now,
                now if expired else None,
            )
        )
    if not rows:
        return
    if is_postgresql() and COPY_ON_POSTGRESQL:
        _upsert_by_copy(rows, now=now)
    else:
        JobOffer.objects.bulk_create(
            [JobOffer(created_at=now, **dict(zip(ROW_FIELDS, row, strict=True))) for row in rows],
            update_conflicts=True,
            unique_fields=["source", "external_id"],
            update_fields=UPSERT_FIELDS,
            batch_size=PAGE_SIZE,
        )


# The values of a page, in this order: the key, then what an update may change.
ROW_FIELDS = ["source_id", "external_id", *[name if name != "region" else "region_id" for name in UPSERT_FIELDS]]


def _upsert_by_copy(rows: list[tuple], *, now: datetime.datetime) -> None:
    """PostgreSQL: COPY the page into a temporary table, then one INSERT … ON CONFLICT DO UPDATE.

    Same statement as bulk_create(update_conflicts=True) would send, but the values travel in
    COPY's format instead of 23,000 bound parameters: measured on 50,000 offers, building and
    binding that SQL took more than half of the import time (see tests/bench/scenarios_jobs.py).
    """
    columns = [JobOffer._meta.get_field(name).column for name in ROW_FIELDS]
    column_list = ", ".join(connection.ops.quote_name(column) for column in columns)
    table = connection.ops.quote_name(JobOffer._meta.db_table)
    updates = ", ".join(
        f"{quoted} = EXCLUDED.{quoted}" for quoted in (connection.ops.quote_name(column) for column in columns[2:])
    )
    with connection.cursor() as cursor:
        # Dropped at the end of the import's transaction, whatever its outcome.
        cursor.execute(
            f"CREATE TEMPORARY TABLE IF NOT EXISTS job_feed_import_page ON COMMIT DROP AS "
            f"SELECT {column_list} FROM {table} WITH NO DATA"
        )
        with cursor.cursor.copy(f"COPY job_feed_import_page ({column_list}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute(
            f"INSERT INTO {table} ({column_list}, created_at) "
            f"SELECT {column_list}, %s FROM job_feed_import_page "
            f"ON CONFLICT (source_id, external_id) DO UPDATE SET {updates}",
            [now],
        )
        cursor.execute("TRUNCATE job_feed_import_page")
