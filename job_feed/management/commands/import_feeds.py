"""Import the active feed sources now, in this process (`make run` calls it once the server is up)."""

import time

import httpx
from django.core.management.base import BaseCommand, CommandError, CommandParser

from job_feed.fetch import FeedUnavailable
from job_feed.importing import feed_import
from job_feed.models import FeedSource


class Command(BaseCommand):
    help = "Import every active feed source (or one, with --source) synchronously."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--source", type=int, help="the id of one source")
        parser.add_argument(
            "--wait-for", default="", help="a URL to wait for first (the portal itself, when it serves the feed)"
        )
        parser.add_argument("--timeout", type=float, default=60.0, help="seconds to wait for --wait-for")

    def handle(self, *args, source: int | None, wait_for: str, timeout: float, **options) -> None:
        if wait_for:
            self._wait_for(wait_for, timeout)
        sources = FeedSource.objects.filter(is_active=True)
        if source is not None:
            sources = FeedSource.objects.filter(pk=source)
        for feed_source in sources.order_by("pk"):
            try:
                run = feed_import(source_id=feed_source.pk, task_id="import_feeds")
            except FeedUnavailable as error:
                self.stderr.write(f"{feed_source.name}: {error}")
                continue
            self.stdout.write(
                f"{feed_source.name}: {run.status} (created {run.created}, updated {run.updated}, "
                f"closed {run.closed}, rejected {run.rejected}){' – ' + run.error if run.error else ''}"
            )

    def _wait_for(self, url: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if httpx.get(url, timeout=2.0).status_code < 500:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        raise CommandError(f"{url} did not answer within {timeout:.0f}s")
