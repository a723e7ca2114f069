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

# Targets, as ratios to the home page measured in the same run (issue 16): absolute times move
# from one machine (and one minute of a shared machine) to the next; ratios taken side by side don't.
PAGE_RATIO = 3.0  # every participant and coach page
EXPORT_RATIO = 5.0  # the readable data export
SEARCH_RATIO = 2.0  # content search over 10,000 documents, offers full-text over 50,000


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
    target_ratio: the most this page's median and p95 may cost, as a multiple of the home page's
        median and p95 measured in the same run (PAGE_RATIO, EXPORT_RATIO, SEARCH_RATIO, or your own).
        None: measured and shown beside the home page, judged against nothing.
    requests: how many measured requests (default: the run's BENCH_REQUESTS).
    target_median_ms, target_p95_ms: absolute targets of older scenarios. Shown, never judged:
        only ratios are comparable from one run to the next.
    """

    name: str
    path: str | Callable[[BenchContext], str]
    target_ratio: float | None = PAGE_RATIO
    login_as: str | None = None
    expect_status: int = 200
    requests: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    target_median_ms: float | None = None
    target_p95_ms: float | None = None

    def __post_init__(self) -> None:
        if self.login_as is not None and self.login_as not in LOGIN_ROLES:
            raise ValueError(f"Page {self.name!r}: login_as must be None or one of {LOGIN_ROLES}")
        if self.target_ratio is not None and self.target_ratio <= 0:
            raise ValueError(f"Page {self.name!r}: target_ratio must be positive")

    def resolve_path(self, ctx: BenchContext) -> str:
        path = self.path(ctx) if callable(self.path) else self.path
        if not path.startswith("/"):
            raise ValueError(f"Page {self.name!r}: the path must start with '/', got {path!r}")
        return path


# Measured in every run, whatever BENCH_ONLY says: the trivial view shows what the server and
# the load process cost by themselves, the home page is the unit every ratio is expressed in.
TRIVIAL_PAGE = Page(name="trivial view (/healthz)", path="/healthz", target_ratio=None)
HOME_PAGE = Page(name="home page (reference)", path="/", target_ratio=None)


def ratio(value: float | None, reference: float | None) -> float | None:
    """value / reference, or None when either is missing (a page that errored) or the reference is 0."""
    if value is None or not reference:
        return None
    return value / reference


def ratio_verdict(result: dict, home: dict, target: float | None) -> str:
    """ "ok" when the page's median and p95 are both within `target` times the home page's, else
    "MISSED"; "ERROR" when the page (or the home page) has no clean figures; "—" without a target."""
    if result.get("errors") or result.get("median_ms") is None:
        return "ERROR"
    if target is None:
        return "—"
    median = ratio(result["median_ms"], home.get("median_ms"))
    p95 = ratio(result["p95_ms"], home.get("p95_ms"))
    if median is None or p95 is None:
        return "ERROR"
    return "ok" if median <= target and p95 <= target else "MISSED"


@dataclass
class Figure:
    """One in-process measurement: `measure(ctx)` returns a value in `unit`, compared with `target`.

    better: "lower" (latency, duration) or "higher" (throughput, a share of a physical limit).
    target None: a figure shown for information (e.g. the reference a ratio is taken against).
    """

    name: str
    measure: Callable[[BenchContext], float]
    unit: str
    target: float | None
    better: str = "lower"

    def __post_init__(self) -> None:
        if self.better not in ("lower", "higher"):
            raise ValueError(f"Figure {self.name!r}: better must be 'lower' or 'higher'")

    def meets(self, value: float) -> bool:
        if self.target is None:
            return True
        return value <= self.target if self.better == "lower" else value >= self.target

    def verdict(self, value: float) -> str:
        if self.target is None:
            return "—"
        return "ok" if self.meets(value) else "MISSED"


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
