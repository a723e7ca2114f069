"""The production-like runtime: shared connection pools under ASGI, and the bench's own logic."""

import pytest
from django.core.cache import caches
from django.db import connection

from tests.bench.framework import PAGE_RATIO, Figure, Page, percentile, ratio
from tests.bench.load import slice_of
from tests.bench.run import BenchFailure, add_ratios, bench_database_url, markdown_table, page_rows, page_verdict


def test_cache_clients_made_for_different_requests_share_one_redis_pool():
    # Under ASGI Django makes a cache object per request context; each must not open its own pool.
    first, second = caches.create_connection("default"), caches.create_connection("default")
    assert first is not second
    assert first._cache.get_client(write=True).connection_pool is second._cache.get_client(write=True).connection_pool


def test_postgresql_connections_come_from_psycopg_pool():
    assert connection.vendor == "postgresql"
    assert connection.settings_dict["OPTIONS"]["pool"]
    assert connection.settings_dict["CONN_MAX_AGE"] == 0


def test_the_bench_uses_its_own_database_beside_the_configured_one():
    assert bench_database_url("postgres://postgres@127.0.0.1:5432/portal") == (
        "postgres://postgres@127.0.0.1:5432/portal_bench"
    )


def test_the_bench_refuses_a_database_other_than_postgresql():
    with pytest.raises(BenchFailure):
        bench_database_url("sqlite:///db.sqlite3")


def test_a_page_is_judged_by_default_at_three_times_the_home_page():
    assert Page(name="dashboard", path="/moi/").target_ratio == PAGE_RATIO == 3.0


def test_a_page_rejects_an_unknown_person():
    with pytest.raises(ValueError, match="login_as"):
        Page(name="home", path="/", login_as="visitor")


def test_a_page_path_may_be_computed_from_the_seeded_data():
    page = Page(name="offer", path=lambda ctx: f"/emplois/{ctx.data['offer_id']}/")

    class Context:
        data = {"offer_id": 7}

    assert page.resolve_path(Context()) == "/emplois/7/"


def test_percentile_is_the_nearest_rank():
    values = list(range(1, 101))
    assert percentile(values, 0.95) == 95
    assert percentile(values, 0.5) == 50
    assert percentile([4.0], 0.95) == 4.0


HOME = {"errors": 0, "median_ms": 10.0, "p95_ms": 20.0}


def test_a_page_is_an_error_when_an_answer_had_another_status():
    result = {"errors": 1, "median_ms": 5.0, "p95_ms": 6.0, "target_ratio": 3}
    assert page_verdict(result, HOME) == "ERROR"


def test_a_page_misses_when_its_p95_ratio_is_over_target_even_with_a_good_median():
    # median 2× the home page's, p95 3.5×: missed at 3×.
    result = {"errors": 0, "median_ms": 20.0, "p95_ms": 70.0, "target_ratio": 3}
    assert page_verdict(result, HOME) == "MISSED"
    assert page_verdict(result | {"p95_ms": 60.0}, HOME) == "ok"
    assert page_verdict(result | {"median_ms": 31.0, "p95_ms": 21.0}, HOME) == "MISSED"


def test_a_page_without_a_target_is_shown_not_judged():
    assert page_verdict({"errors": 0, "median_ms": 500.0, "p95_ms": 900.0, "target_ratio": None}, HOME) == "—"


def test_ratios_and_verdicts_are_taken_against_the_home_page_at_the_same_concurrency():
    home = {"load": {"4": {"median_ms": 20.0, "p95_ms": 40.0}, "1": {"median_ms": 10.0, "p95_ms": 12.0}}}
    page = {
        "target_ratio": 2.0,
        "load": {
            "4": {"errors": 0, "median_ms": 30.0, "p95_ms": 80.0},
            "1": {"errors": 0, "median_ms": 25.0, "p95_ms": 20.0},
        },
    }
    add_ratios(page, home, ["4", "1"])
    assert page["ratios"] == {"4": {"median": 1.5, "p95": 2.0}, "1": {"median": 2.5, "p95": 20.0 / 12.0}}
    assert page["verdicts"] == {"4": "ok", "1": "MISSED"}


def test_ratio_is_none_without_a_reference():
    assert ratio(5.0, None) is None
    assert ratio(None, 5.0) is None
    assert ratio(5.0, 0.0) is None
    assert ratio(5.0, 2.0) == 2.5


def test_requests_are_spread_over_the_rounds_to_the_last_one():
    assert [slice_of(10, 4, index) for index in range(4)] == [3, 3, 2, 2]
    assert sum(slice_of(7, 6, index) for index in range(6)) == 7


def test_the_report_prints_missed_and_the_target_beside_each_ratio():
    report = {
        "load": {"concurrencies": [4, 1]},
        "pages": [
            {
                "name": "dashboard",
                "target_ratio": 3.0,
                "load": {c: {"median_ms": 50.0, "p95_ms": 90.0, "errors": 0} for c in ("4", "1")},
                "ratios": {c: {"median": 5.0, "p95": 4.5} for c in ("4", "1")},
                "verdicts": {"4": "MISSED", "1": "MISSED"},
            }
        ],
        "figures": [
            {"name": "import share", "value": 0.6, "unit": "× COPY", "target": 0.5, "better": "higher", "verdict": "ok"}
        ],
    }
    headers, rows = page_rows(report)
    assert rows == [
        ["dashboard", "50.0", "90.0", "5.00× / 4.50×", "50.0", "90.0", "5.00× / 4.50×", "≤ 3×", "MISSED", "MISSED"]
    ]
    assert "≥ 0.5" in markdown_table(report)


def test_a_throughput_figure_is_met_when_higher_than_its_target():
    figure = Figure(name="import", measure=lambda ctx: 0, unit="× COPY", target=0.5, better="higher")
    assert figure.meets(0.6)
    assert not figure.meets(0.4)
    assert figure.verdict(0.4) == "MISSED"
    assert Figure(name="limit", measure=lambda ctx: 0, unit="rows/s", target=None).verdict(1.0) == "—"
