"""The load process: an asyncio HTTP client that GETs each page and times every answer.

Run by tests/bench/run.py as a second process (`python -m tests.bench.load`), so the client's own
work is not counted in the server's process. It reads a JSON plan on stdin and writes JSON
results on stdout. It talks only to 127.0.0.1, never follows redirects, and is bounded both in
requests and in seconds per page. No Django here.

Plan: {"base_url": "http://127.0.0.1:PORT", "concurrency": 4, "warmup": 20, "max_seconds": 20,
       "pages": [{"name": ..., "path": "/...", "cookies": {...}, "headers": {...},
                  "requests": 300, "expect_status": 200}]}
"""

from __future__ import annotations

import asyncio
import json
import statistics
import sys
import time
from http.cookiejar import CookieJar, DefaultCookiePolicy
from urllib.parse import urlparse

import httpx

from tests.bench.framework import percentile

ALLOWED_HOSTS = {"127.0.0.1"}


async def load_page(
    client: httpx.AsyncClient, page: dict, *, concurrency: int, warmup: int, max_seconds: float
) -> dict:
    url = page["path"]
    headers = dict(page.get("headers") or {})
    if page.get("cookies"):
        headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in page["cookies"].items())
    expect_status = page["expect_status"]
    total = page["requests"]
    statuses: dict[str, int] = {}
    latencies: list[float] = []
    errors = 0
    first_error = ""

    async def one(measured: bool) -> None:
        nonlocal errors, first_error
        start = time.perf_counter()
        try:
            response = await client.get(url, headers=headers)
            await response.aread()
            status = str(response.status_code)
        except httpx.HTTPError as exc:
            status = type(exc).__name__
        elapsed_ms = (time.perf_counter() - start) * 1000
        if not measured:
            return
        statuses[status] = statuses.get(status, 0) + 1
        if status == str(expect_status):
            latencies.append(elapsed_ms)
        else:
            errors += 1
            first_error = first_error or status

    async def run(count: int, *, measured: bool, seconds: float) -> float:
        remaining = count
        deadline = time.monotonic() + seconds

        async def worker() -> None:
            nonlocal remaining
            while remaining > 0 and time.monotonic() < deadline:
                remaining -= 1
                await one(measured=measured)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return time.perf_counter() - started

    # Warm-up, with the same concurrency so that every web worker gets its share: not measured.
    await run(warmup, measured=False, seconds=max_seconds)
    wall = await run(total, measured=True, seconds=max_seconds)
    done = len(latencies) + errors
    return {
        "name": page["name"],
        "path": page["path"],
        "requests": done,
        "errors": errors,
        "first_error": first_error,
        "statuses": statuses,
        "median_ms": statistics.median(latencies) if latencies else None,
        "p95_ms": percentile(latencies, 0.95) if latencies else None,
        "rps": done / wall if wall > 0 else 0.0,
        "stopped_by_time": done < total,
        "concurrency": concurrency,
    }


async def run_plan(plan: dict) -> list[dict]:
    base_url = plan["base_url"]
    if urlparse(base_url).hostname not in ALLOWED_HOSTS:
        raise SystemExit(f"refusing to load {base_url}: the bench only talks to 127.0.0.1")
    concurrency = int(plan["concurrency"])
    # A new connection per request, as behind a proxy: each request goes to whichever web worker
    # accepts it first, instead of staying pinned to one worker by a keep-alive connection.
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=0)
    results = []
    async with httpx.AsyncClient(
        base_url=base_url,
        limits=limits,
        timeout=httpx.Timeout(30.0),
        follow_redirects=False,
        # Each page carries its own cookies in its headers: the client keeps none from answers.
        cookies=CookieJar(policy=DefaultCookiePolicy(allowed_domains=[])),
    ) as client:
        for page in plan["pages"]:
            results.append(
                await load_page(
                    client,
                    page,
                    concurrency=concurrency,
                    warmup=int(plan["warmup"]),
                    max_seconds=float(plan["max_seconds"]),
                )
            )
            print(f"  loaded {page['name']}", file=sys.stderr, flush=True)
    return results


def main() -> int:
    plan = json.load(sys.stdin)
    results = asyncio.run(run_plan(plan))
    json.dump(results, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
