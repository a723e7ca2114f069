"""The interface every `scenarios_<app>.py` follows (see README.md in this folder).

A scenario module defines `seed(ctx)`, `PAGES` (pages loaded over HTTP by a second process) and
`FIGURES` (in-process measurements). This module holds only plain data classes and small timing
helpers; it imports nothing from Django at module level, so the load process can import it too.
"""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

LOGIN_ROLES = ("participant", "coach", "admin")


@dataclass
class BenchContext:
    """What `seed()`, `Page.path` callables and `Figure.measure` functions receive.

    participant: a participant with a complete profile (region 06, an occupation), email verified.
    coach: a coach; admin: a ministry admin (superuser). All three are made by the runner.
    data: a dict where `seed()` leaves ids for `path` callables and figures.
    base_url: the server's address (empty while seeding; set before pages and figures run).
    scale: multiply the volume you seed by it (BENCH_SCALE, default 1), e.g. int(10_000 * ctx.scale).
    """

    participant: Any
    coach: Any
    admin: Any
    data: dict[str, Any] = field(default_factory=dict)
    base_url: str = ""
    scale: float = 1.0

    def user(self, login_as: str | None) -> Any:
        if login_as is None:
            return None
        if login_as not in LOGIN_ROLES:
            raise ValueError(f"login_as must be None or one of {LOGIN_ROLES}, not {login_as!r}")
        return getattr(self, login_as)


@dataclass
class Page:
    """One page loaded by the load process: GET `path`, as `login_as`, expecting `expect_status`.

    path: a string, or a callable(ctx) -> str for URLs that need ids made by seed().
    target_p95_ms: defaults to three times the median target.
    requests: how many measured requests (default: the run's BENCH_REQUESTS).
    """

    name: str
    path: str | Callable[[BenchContext], str]
    target_median_ms: float
    target_p95_ms: float | None = None
    login_as: str | None = None
    expect_status: int = 200
    requests: int | None = None
    headers: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.login_as is not None and self.login_as not in LOGIN_ROLES:
            raise ValueError(f"Page {self.name!r}: login_as must be None or one of {LOGIN_ROLES}")
        if self.target_p95_ms is None:
            self.target_p95_ms = self.target_median_ms * 3

    def resolve_path(self, ctx: BenchContext) -> str:
        path = self.path(ctx) if callable(self.path) else self.path
        if not path.startswith("/"):
            raise ValueError(f"Page {self.name!r}: the path must start with '/', got {path!r}")
        return path


@dataclass
class Figure:
    """One in-process measurement: `measure(ctx)` returns a value in `unit`, compared with `target`.

    better: "lower" (latency, duration) or "higher" (throughput).
    """

    name: str
    measure: Callable[[BenchContext], float]
    unit: str
    target: float
    better: str = "lower"

    def __post_init__(self) -> None:
        if self.better not in ("lower", "higher"):
            raise ValueError(f"Figure {self.name!r}: better must be 'lower' or 'higher'")

    def meets(self, value: float) -> bool:
        return value < self.target if self.better == "lower" else value > self.target


def median_ms(function: Callable[[], Any], *, repeat: int = 20, warmup: int = 3) -> float:
    """Median wall time of `function()` in milliseconds, after `warmup` unmeasured calls.

    A helper for Figure.measure functions, e.g. `return median_ms(lambda: search(query="emploi"))`.
    """
    for _ in range(warmup):
        function()
    durations = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        durations.append((time.perf_counter() - start) * 1000)
    return statistics.median(durations)


def per_second(count: int, function: Callable[[], Any]) -> float:
    """Run `function()` once and return `count` divided by its wall time in seconds (a throughput)."""
    start = time.perf_counter()
    function()
    elapsed = time.perf_counter() - start
    return count / elapsed if elapsed > 0 else float("inf")


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile (fraction 0.95 for p95) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), math.ceil(fraction * len(ordered))))
    return ordered[rank - 1]
