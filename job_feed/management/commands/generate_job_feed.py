"""Write a Placement en ligne XML feed of any size (tests, benchmark, the bundled sample)."""

import datetime
import sys

from django.core.management.base import BaseCommand, CommandParser

from job_feed.sample.generator import generate_offers, write_feed


class Command(BaseCommand):
    help = "Generate a realistic Placement en ligne XML feed (fictitious offers)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--count", type=int, default=300)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--today", type=datetime.date.fromisoformat, default=None, help="YYYY-MM-DD")
        parser.add_argument("--validity-days", type=int, nargs=2, default=(30, 120), metavar=("MIN", "MAX"))
        parser.add_argument("--output", default="-", help="a file path, or - for standard output")

    def handle(self, *args, count: int, seed: int, today, validity_days, output: str, **options) -> None:
        offers = generate_offers(count=count, seed=seed, today=today, validity_days=tuple(validity_days))
        if output == "-":
            write_feed(sys.stdout, offers)
            return
        with open(output, "w", encoding="utf-8") as out:
            write_feed(out, offers)
        self.stderr.write(f"{count} offers written to {output}")
