"""Profile pages in process, on the bench database (run `make bench` once first to seed it).

    python -m tests.bench.profile /moi/tableau-de-bord/ --as participant [--requests 30] [--top 25]

Each path is requested through Django's test client, signed in as the bench person, first a few
times unmeasured (caches warm), then `--requests` times: it prints the median wall time, the
time and count of SQL queries per request, and cProfile's functions by cumulative time. This is
how the speed work of issue 16 measured before and after each change; the bench's ratios are
the verdict, this says where the time goes.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import time


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--as", dest="login_as", choices=["participant", "coach", "admin"], default=None)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--sort", default="cumulative", help="pstats sort key (cumulative, tottime…)")
    parser.add_argument("--sql", action="store_true", help="print the SQL of one request (after the warm-up)")
    parser.add_argument("--ours", action="store_true", help="only the portal's own functions (not libraries)")
    parser.add_argument("--no-profiler", action="store_true", help="wall time only (the profiler doubles it)")
    args = parser.parse_args()

    from tests.bench.run import configure_environment

    configure_environment()
    os.environ["ALLOWED_HOSTS"] = "127.0.0.1,testserver"
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from tests.bench.run import BENCH_PEOPLE

    client = Client()
    if args.login_as:
        from django.contrib.auth import get_user_model

        client.force_login(get_user_model().objects.get(email=BENCH_PEOPLE[args.login_as]))

    for path in args.paths:
        for _ in range(args.warmup):
            status = client.get(path).status_code
        if args.sql:
            from django.test.utils import CaptureQueriesContext

            with CaptureQueriesContext(connection) as captured:
                client.get(path)
            for number, query in enumerate(captured.captured_queries, 1):
                print(f"{number:3}. {query['time']}s {query['sql'][:300]}")
        sql: list[float] = []

        def timed(execute, query, params, many, context, sql=sql):
            start = time.perf_counter()
            try:
                return execute(query, params, many, context)
            finally:
                sql.append(time.perf_counter() - start)

        walls = []
        profiler = cProfile.Profile()
        with connection.execute_wrapper(timed):
            for _ in range(args.requests):
                start = time.perf_counter()
                if not args.no_profiler:
                    profiler.enable()
                client.get(path)
                if not args.no_profiler:
                    profiler.disable()
                walls.append((time.perf_counter() - start) * 1000)
        per_request = len(sql) / args.requests
        print(
            f"\n{path} (status {status}): median {statistics.median(walls):.1f} ms over {args.requests} requests "
            f"({'profiler off' if args.no_profiler else 'profiler on'}); "
            f"SQL {sum(sql) * 1000 / args.requests:.1f} ms in {per_request:.0f} queries per request"
        )
        if args.no_profiler:
            continue
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        if args.ours:
            # The portal's files, not the virtualenv's (whose path also lies under the repository).
            stats.sort_stats(args.sort).print_stats(r"^(?!.*[/\\](\.venv|site-packages|lib[/\\]python)[/\\])", args.top)
        else:
            stats.strip_dirs().sort_stats(args.sort).print_stats(args.top)
        print(out.getvalue())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
