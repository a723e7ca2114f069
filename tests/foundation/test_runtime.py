"""The production-like runtime: shared connection pools under ASGI, and the bench's own logic."""

import pytest
from django.core.cache import caches
from django.db import connection

from tests.bench.framework import Figure, Page, percentile
from tests.bench.run import BenchFailure, bench_database_url, page_verdict


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


def test_a_page_target_for_p95_defaults_to_three_times_the_median():
    assert Page(name="home", path="/", target_median_ms=50).target_p95_ms == 150


def test_a_page_rejects_an_unknown_person():
    with pytest.raises(ValueError, match="login_as"):
        Page(name="home", path="/", target_median_ms=50, login_as="visitor")


def test_a_page_path_may_be_computed_from_the_seeded_data():
    page = Page(name="offer", path=lambda ctx: f"/emplois/{ctx.data['offer_id']}/", target_median_ms=50)

    class Context:
        data = {"offer_id": 7}

    assert page.resolve_path(Context()) == "/emplois/7/"


def test_percentile_is_the_nearest_rank():
    values = list(range(1, 101))
    assert percentile(values, 0.95) == 95
    assert percentile(values, 0.5) == 50
    assert percentile([4.0], 0.95) == 4.0


def test_a_page_is_an_error_when_an_answer_had_another_status():
    result = {"errors": 1, "median_ms": 5.0, "p95_ms": 6.0, "target_median_ms": 50, "target_p95_ms": 150}
    assert page_verdict(result) == "ERROR"


def test_a_page_misses_when_its_p95_is_over_target_even_with_a_good_median():
    result = {"errors": 0, "median_ms": 5.0, "p95_ms": 200.0, "target_median_ms": 50, "target_p95_ms": 150}
    assert page_verdict(result) == "MISSED"
    assert page_verdict(result | {"p95_ms": 100.0}) == "ok"


def test_a_throughput_figure_is_met_when_higher_than_its_target():
    figure = Figure(name="import", measure=lambda ctx: 0, unit="offers/s", target=1000, better="higher")
    assert figure.meets(1500)
    assert not figure.meets(900)
