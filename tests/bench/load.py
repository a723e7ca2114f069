"""The load process: an asyncio HTTP client that GETs each page and times every answer.

Run by tests/bench/run.py as a second process (`python -m tests.bench.load`), so the client's own
work is not counted in the server's process. It reads a JSON plan on stdin and writes JSON
results on stdout. It talks only to 127.0.0.1, never follows redirects, and is bounded both in
requests and in seconds per page. No Django here.

Pages are measured in rounds: each round loads every page a slice of its requests, at each
concurrency in turn. A page's figures therefore spread over the whole run, like the home page's
they are divided by: on a shared machine a busy minute weighs on every page alike instead of
on whichever page was being measured then (ratios taken side by side, issue 16).

Plan: {"base_url": "http://127.0.0.1:PORT", "concurrencies": [4, 1], "rounds": 6, "warmup": 20,
       "max_seconds": 20,
       "pages": [{"name": ..., "path": "/...", "cookies": {...}, "headers": {...},
                  "requests": {"4": 300, "1": 60}, "expect_status": 200}]}
Results: one entry per page, {"name", "path", "by_concurrency": {"4": {...figures...}, "1": {...}}}.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import sys
import time
from dataclasses import dataclass, field
from http.cookiejar import CookieJar, DefaultCookiePolicy
from urllib.parse import urlparse

import httpx

from tests.bench.framework import percentile

ALLOWED_HOSTS = {"127.0.0.1"}


@dataclass
class Tally:
    """What one page gave at one concurrency, over all the rounds."""

    concurrency: int
    wanted: int
    latencies: list[float] = field(default_factory=list)
    statuses: dict[str, int] = field(default_factory=dict)
    errors: int = 0
    first_error: str = ""
    wall: float = 0.0

    @property
    def done(self) -> int:
        return len(self.latencies) + self.errors

    def summary(self) -> dict:
        return {
            "requests": self.done,
            "errors": self.errors,
            "first_error": self.first_error,
            "statuses": self.statuses,
            "median_ms": statistics.median(self.latencies) if self.latencies else None,
            "p95_ms": percentile(self.latencies, 0.95) if self.latencies else None,
            "rps": self.done / self.wall if self.wall > 0 else 0.0,
            "stopped_by_time": self.done < self.wanted,
            "concurrency": self.concurrency,
        }


def request_headers(page: dict) -> dict[str, str]:
    headers = dict(page.get("headers") or {})
    if page.get("cookies"):
        headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in page["cookies"].items())
    return headers


async def burst(
    client: httpx.AsyncClient, page: dict, *, count: int, concurrency: int, seconds: float, tally: Tally | None
) -> None:
    """`count` GETs of the page with `concurrency` in flight, within `seconds`; timed into `tally`
    (None: a warm-up, not measured)."""
    url, headers, expect = page["path"], request_headers(page), str(page["expect_status"])
    remaining = count
    deadline = time.monotonic() + seconds

    async def one() -> None:
        start = time.perf_counter()
        try:
            response = await client.get(url, headers=headers)
            await response.aread()
            status = str(response.status_code)
        except httpx.HTTPError as exc:
            status = type(exc).__name__
        elapsed_ms = (time.perf_counter() - start) * 1000
        if tally is None:
            return
        tally.statuses[status] = tally.statuses.get(status, 0) + 1
        if status == expect:
            tally.latencies.append(elapsed_ms)
        else:
            tally.errors += 1
            tally.first_error = tally.first_error or status

    async def worker() -> None:
        nonlocal remaining
        while remaining > 0 and time.monotonic() < deadline:
            remaining -= 1
            await one()

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(min(concurrency, max(count, 1)))))
    if tally is not None:
        tally.wall += time.perf_counter() - started


def slice_of(total: int, rounds: int, index: int) -> int:
    """The requests of round `index` when `total` are spread over `rounds` (the first rounds take the rest)."""
    return total // rounds + (1 if index < total % rounds else 0)


async def run_plan(plan: dict) -> list[dict]:
    base_url = plan["base_url"]
    if urlparse(base_url).hostname not in ALLOWED_HOSTS:
        raise SystemExit(f"refusing to load {base_url}: the bench only talks to 127.0.0.1")
    concurrencies = [int(value) for value in plan["concurrencies"]]
    rounds = max(1, int(plan.get("rounds", 1)))
    max_seconds = float(plan["max_seconds"])
    pages = plan["pages"]
    tallies = [{c: Tally(concurrency=c, wanted=int(page["requests"][str(c)])) for c in concurrencies} for page in pages]
    # A new connection per request, as behind a proxy: each request goes to whichever web worker
    # accepts it first, instead of staying pinned to one worker by a keep-alive connection.
    limits = httpx.Limits(max_connections=max(concurrencies), max_keepalive_connections=0)
    async with httpx.AsyncClient(
        base_url=base_url,
        limits=limits,
        timeout=httpx.Timeout(30.0),
        follow_redirects=False,
        # Each page carries its own cookies in its headers: the client keeps none from answers.
        cookies=CookieJar(policy=DefaultCookiePolicy(allowed_domains=[])),
    ) as client:
        # Warm-up, with the most requests in flight so that every web worker gets its share.
        for page in pages:
            await burst(
                client,
                page,
                count=int(plan["warmup"]),
                concurrency=max(concurrencies),
                seconds=max_seconds,
                tally=None,
            )
        for index in range(rounds):
            for page, by_concurrency in zip(pages, tallies, strict=True):
                for concurrency, tally in by_concurrency.items():
                    await burst(
                        client,
                        page,
                        count=slice_of(tally.wanted, rounds, index),
                        concurrency=concurrency,
                        seconds=max_seconds / rounds,
                        tally=tally,
                    )
            print(f"  round {index + 1}/{rounds} done", file=sys.stderr, flush=True)
    return [
        {
            "name": page["name"],
            "path": page["path"],
            "by_concurrency": {str(c): tally.summary() for c, tally in by_concurrency.items()},
        }
        for page, by_concurrency in zip(pages, tallies, strict=True)
    ]


def main() -> int:
    plan = json.load(sys.stdin)
    results = asyncio.run(run_plan(plan))
    json.dump(results, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
