"""job_feed: the offers page over 50,000 open offers, and the import of a 50,000-offer feed.

The import runs as production runs it: the feed served over HTTP (a local server thread here),
fetched and parsed by a separate process (the "worker", `python -m tests.bench.scenarios_jobs`),
whose peak resident memory is read from getrusage at its end.
"""

import json
import os
import subprocess
import sys
import tempfile
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from tests.bench.framework import BenchContext, Figure, Page

OFFERS = 50_000
PAGE_SOURCE = "Bench – offres affichées"
IMPORT_SOURCE = "Bench – import"
ROOT = Path(__file__).resolve().parents[2]


class _QuietHandler(SimpleHTTPRequestHandler):
    """Serves the feed file whole every time: no Last-Modified, and If-Modified-Since ignored.

    A server without validators, so that no import here can be answered 304 (the second run
    must read and compare the whole feed again, whatever validators the source kept).
    """

    def send_head(self):
        del self.headers["If-Modified-Since"]
        del self.headers["If-None-Match"]
        return super().send_head()

    def send_header(self, keyword: str, value: str) -> None:
        if keyword.lower() != "last-modified":
            super().send_header(keyword, value)

    def log_message(self, *args) -> None:
        pass


class _FeedFile:
    """A generated feed on disk, served over HTTP from a thread of this process."""

    def __init__(self, count: int, *, seed: int) -> None:
        from job_feed.sample.generator import generate_offers, write_feed

        self.directory = tempfile.TemporaryDirectory(prefix="bench-jobs-")
        with open(Path(self.directory.name) / "flux.xml", "w", encoding="utf-8") as out:
            write_feed(out, generate_offers(count=count, seed=seed, start_number=20_000_000))
        handler = partial(_QuietHandler, directory=self.directory.name)
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/flux.xml"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.directory.cleanup()


def _source(name: str, url: str):
    from job_feed.models import FeedSource

    source, _created = FeedSource.objects.update_or_create(
        name=name, defaults={"url": url, "format": "placement_en_ligne_xml", "is_active": False}
    )
    return source


def _import_in_a_worker_process(source_id: int) -> dict:
    """Run one import in a fresh process; returns its run's counts, duration and peak memory."""
    done = subprocess.run(
        [sys.executable, "-m", "tests.bench.scenarios_jobs", str(source_id)],
        cwd=ROOT,
        env=dict(os.environ),
        capture_output=True,
        text=True,
        timeout=600,
    )
    if done.returncode != 0:
        # Say why in the report: the worker's own last words (e.g. "import not_modified: ").
        raise RuntimeError(f"the import worker exited with {done.returncode}: {done.stderr.strip()[-1500:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def seed(ctx: BenchContext) -> None:
    """50,000 open offers (scaled), imported through the real path; skipped when already there."""
    from job_feed.importing import feed_import
    from job_feed.models import JobOffer

    wanted = int(OFFERS * ctx.scale)
    # Offers an interrupted import figure left behind would double the table the pages are measured on.
    if JobOffer.objects.filter(source__name=IMPORT_SOURCE).delete()[0]:
        _vacuum()
    source = _source(PAGE_SOURCE, "http://127.0.0.1:9/")
    if JobOffer.objects.filter(source=source, status=JobOffer.Status.OPEN).count() >= wanted * 0.95:
        return
    feed = _FeedFile(wanted, seed=11)
    try:
        source.url = feed.url
        source.etag = source.last_modified = ""
        source.save()
        feed_import(source_id=source.pk)
    finally:
        feed.close()
    _vacuum()


def _vacuum() -> None:
    """Measure the pages on a settled table, as production's autovacuum keeps it."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE job_feed_joboffer")


def _run_import_figures(ctx: BenchContext) -> dict:
    """The first import of a 50,000-offer feed, then the same feed again; measured once, read by 3 figures."""
    if "jobs_import" in ctx.data:
        return ctx.data["jobs_import"]
    from django.db import connection

    from job_feed.models import FeedSource, JobOffer

    count = int(OFFERS * ctx.scale)
    old = FeedSource.objects.filter(name=IMPORT_SOURCE).first()
    if old is not None:
        JobOffer.objects.filter(source=old).delete()
        old.runs.all().delete()
    feed = _FeedFile(count, seed=22)
    try:
        source = _source(IMPORT_SOURCE, feed.url)
        first = _import_in_a_worker_process(source.pk)

        def versions() -> dict[int, str]:
            with connection.cursor() as cursor:
                cursor.execute("SELECT id, xmin::text FROM job_feed_joboffer WHERE source_id = %s", [source.pk])
                return dict(cursor.fetchall())

        before = versions()
        # As from a server that sends no validators: the whole feed is read and compared again.
        FeedSource.objects.filter(pk=source.pk).update(etag="", last_modified="")
        second = _import_in_a_worker_process(source.pk)
        after = versions()
    finally:
        feed.close()
        # Leave the page figures' data as it was, even when a run failed: these offers were only
        # for the import (left behind, they would double the table the pages are measured on).
        JobOffer.objects.filter(source__name=IMPORT_SOURCE).delete()
        _vacuum()
    if first["created"] != count:
        raise RuntimeError(f"the first import created {first['created']} offers, not {count}")
    ctx.data["jobs_import"] = {
        "offers_per_second": count / first["seconds"],
        "peak_mb": max(first["peak_mb"], second["peak_mb"]),
        "rows_written_by_second_run": sum(1 for pk, xmin in after.items() if before.get(pk) != xmin)
        + second["created"]
        + second["updated"]
        + second["closed"],
    }
    return ctx.data["jobs_import"]


def measure_import_throughput(ctx: BenchContext) -> float:
    return _run_import_figures(ctx)["offers_per_second"]


def measure_import_memory(ctx: BenchContext) -> float:
    return _run_import_figures(ctx)["peak_mb"]


def measure_second_run_writes(ctx: BenchContext) -> float:
    return _run_import_figures(ctx)["rows_written_by_second_run"]


PAGES = [
    Page(
        name="offers, 50,000 open: region filter, sorted for you",
        path="/emplois/?region=06",
        login_as="participant",
        target_median_ms=50,
    ),
    Page(
        name="offers, 50,000 open: family and type filters, most recent",
        path="/emplois/?category=2&employment_type=FULL_TIME&sort=recent",
        login_as="participant",
        target_median_ms=50,
    ),
    Page(
        name="offers, 50,000 open: French full-text search, sorted for you",
        path="/emplois/?q=infirmiere+montreal",
        login_as="participant",
        target_median_ms=50,
    ),
]

FIGURES = [
    Figure(
        name="import of a 50,000-offer feed (PostgreSQL, worker process)",
        measure=measure_import_throughput,
        unit="offers/s",
        target=5000,
        better="higher",
    ),
    Figure(
        name="peak worker memory during that import",
        measure=measure_import_memory,
        unit="MB",
        target=200,
        better="lower",
    ),
    Figure(
        name="second identical run: offer rows written",
        measure=measure_second_run_writes,
        unit="rows",
        target=1,
        better="lower",
    ),
]


def _worker_main(source_id: int) -> None:
    """The worker process: one import, then its figures on the last line of stdout as JSON."""
    import resource
    import time

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "integration_portal.settings")
    django.setup()
    from job_feed.importing import feed_import

    started = time.perf_counter()
    run = feed_import(source_id=source_id, task_id="bench")
    seconds = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux
    if run.status != "succeeded":
        raise SystemExit(f"import {run.status}: {run.error}")
    print(
        json.dumps(
            {
                "seconds": seconds,
                "created": run.created,
                "updated": run.updated,
                "closed": run.closed,
                "peak_mb": peak_kb / 1024,
            }
        )
    )


if __name__ == "__main__":
    _worker_main(int(sys.argv[1]))
