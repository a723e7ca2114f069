"""`make bench`: volume data, the production-like server, load from a second process, one report.

    python -m tests.bench.run

Environment (all optional except the services):
    DATABASE_URL       PostgreSQL; the bench uses its own database, this one's name + "_bench"
    REDIS_URL          Redis (cache, sessions, channel layer, broker), as in production
    BENCH_OUTPUT       where the JSON goes (default bench-results.json)
    BENCH_ONLY         scenario modules to run, comma-separated (e.g. "site,forum"); default all
    BENCH_REQUESTS     measured requests per page (default 300; a Page may set its own)
    BENCH_CONCURRENCY  requests in flight at once (default 4); the verdict uses these figures
    BENCH_SINGLE_REQUESTS  requests per page in the second pass, one in flight (default 60)
    BENCH_WARMUP       unmeasured requests per page first (default 20)
    BENCH_MAX_SECONDS  time bound per page, warm-up and measure each (default 20)
    BENCH_SCALE        multiplies the volume that seed() functions create (default 1)
    WEB_CONCURRENCY    gunicorn worker processes (default 4, as in the Procfile)

The exit code is 0 when the run completed, even if targets are missed (it is a report), and
non-zero when it could not measure: a seed or figure raised, the server did not start, or a page
answered something else than its expected status.
"""

from __future__ import annotations

import importlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parents[2]
BENCH_DIR = Path(__file__).resolve().parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/integration_portal"
BENCH_SECRET_KEY = "bench-only-not-a-secret-" + "x" * 32

BENCH_PEOPLE = {
    "participant": "bench-participant@example.org",
    "coach": "bench-coach@example.org",
    "admin": "bench-admin@example.org",
}


class BenchFailure(Exception):
    """The run could not measure what it was asked to."""


# --- Configuration, before Django is set up ------------------------------------------------------


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    try:
        return int(value) if value else default
    except ValueError as exc:
        raise BenchFailure(f"{name} must be a whole number, not {value!r}") from exc


def bench_database_url(url: str) -> str:
    parsed = urlparse(url)
    if parsed.scheme not in ("postgres", "postgresql", "pgsql"):
        raise BenchFailure(f"the bench needs PostgreSQL; DATABASE_URL is {parsed.scheme}://…")
    name = parsed.path.lstrip("/") or "integration_portal"
    return urlunparse(parsed._replace(path="/" + name + "_bench"))


def ensure_database(url: str) -> None:
    """Create the bench database when it does not exist yet (kept between runs: seeds are idempotent)."""
    import psycopg
    from psycopg import sql

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    maintenance = urlunparse(parsed._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True, connect_timeout=5) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"Created database {name}")


def configure_environment() -> dict[str, str]:
    """The environment of this process and of the server: production-like, on the bench database."""
    redis_url = os.environ.get("REDIS_URL", "")
    if not redis_url:
        raise BenchFailure("REDIS_URL is not set: the bench runs on Redis as production does (see `make bench`).")
    database_url = bench_database_url(os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL)
    os.environ.update(
        {
            "DATABASE_URL": database_url,
            "DEBUG": "false",
            "SECURE_COOKIES": "false",
            "SECURE_SSL_REDIRECT": "false",
            "ALLOWED_HOSTS": "127.0.0.1",
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "DJANGO_SETTINGS_MODULE": "integration_portal.settings",
        }
    )
    os.environ.setdefault("SECRET_KEY", BENCH_SECRET_KEY)
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    return dict(os.environ)


# --- Inside Django -------------------------------------------------------------------------------


def prepare_database() -> None:
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    print(f"Migrated and collected static files in {time.perf_counter() - started:.1f}s")


def bench_occupation():
    """A unit group of the NOC (software developers), with its parents, for the participant's profile."""
    from accounts.models import Occupation

    chain = [
        ("21", Occupation.Level.MAJOR_GROUP, "Professions en sciences naturelles et appliquées (banc d'essai)"),
        ("212", Occupation.Level.SUB_MAJOR_GROUP, "Professions en sciences appliquées (banc d'essai)"),
        ("2123", Occupation.Level.MINOR_GROUP, "Professionnels en informatique (banc d'essai)"),
        ("21232", Occupation.Level.UNIT_GROUP, "Développeurs et programmeurs de logiciels"),
    ]
    parent = Occupation.objects.get(code="2")
    for code, level, name in chain:
        parent, _created = Occupation.objects.get_or_create(
            code=code, defaults={"level": level, "name_fr": name, "parent": parent, "to_confirm": True}
        )
    return parent


def make_people():
    """The three bench people (idempotent); the participant has a complete profile in region 06."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from accounts.models import Profile, Region, User
    from accounts.policies import consent_record, current_policies
    from accounts.services import user_set_role
    from tests.bench.framework import BenchContext

    roles = {"participant": User.Role.PARTICIPANT, "coach": User.Role.COACH, "admin": User.Role.MINISTRY_ADMIN}
    password = make_password(None)  # unusable: the bench logs in through sessions it makes
    people = {}
    for key, email in BENCH_PEOPLE.items():
        user, _created = User.objects.get_or_create(
            email=email,
            defaults={"display_name": f"Banc d'essai ({key})", "password": password, "is_superuser": key == "admin"},
        )
        user_set_role(user=user, role=roles[key])
        EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
        people[key] = user

    Profile.objects.update_or_create(
        user=people["participant"],
        defaults={
            "stage": Profile.Stage.PR_VISA,
            "country_of_residence": "MA",
            "city_of_residence": "Casablanca",
            "region": Region.objects.get(code="06"),
            "municipality": "Montréal",
            "occupation": bench_occupation(),
            "years_of_experience": 6,
            "highest_diploma": Profile.Diploma.MASTER,
            "diploma_country": "MA",
            "occupation_regulated": False,
            "french_level": 8,
            "english_level": 6,
            "household": Profile.Household.COUPLE,
            "mode": Profile.Mode.ACCOMPANIED,
            "onboarding_step": "done",
            "onboarding_completed_at": timezone.now(),
        },
    )
    # As after a real sign-up: the participant accepted the policies in force, and staff set up
    # the second factor that the portal requires of them.
    consent_record(user=people["participant"], policies=current_policies())
    for key in ("coach", "admin"):
        if not Authenticator.objects.filter(user=people[key], type=Authenticator.Type.TOTP).exists():
            TOTP.activate(people[key], generate_totp_secret())
    people["participant"].refresh_from_db()
    return BenchContext(
        participant=people["participant"],
        coach=people["coach"],
        admin=people["admin"],
        scale=float(os.environ.get("BENCH_SCALE") or 1),
    )


def session_cookie_for(user) -> str:
    """A logged-in session made in Django, as a login through the form would leave it."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.utils.module_loading import import_string

    store = import_string(f"{settings.SESSION_ENGINE}.SessionStore")()
    store[SESSION_KEY] = user._meta.pk.value_to_string(user)
    store[BACKEND_SESSION_KEY] = "allauth.account.auth_backends.AuthenticationBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    methods = [{"method": "password", "at": time.time(), "email": user.email}]
    if user.is_staff_member:
        methods.append({"method": "mfa", "at": time.time(), "type": "totp"})
    store["account_authentication_methods"] = methods
    store.create()
    return store.session_key


def discover_scenarios() -> list:
    only = {name.strip() for name in os.environ.get("BENCH_ONLY", "").split(",") if name.strip()}
    modules = []
    for path in sorted(BENCH_DIR.glob("scenarios_*.py")):
        app = path.stem.removeprefix("scenarios_")
        if only and app not in only:
            continue
        modules.append(importlib.import_module(f"tests.bench.{path.stem}"))
    unknown = only - {module.__name__.removeprefix("tests.bench.scenarios_") for module in modules}
    if unknown:
        raise BenchFailure(f"BENCH_ONLY names no scenarios_<app>.py for: {', '.join(sorted(unknown))}")
    return modules


# --- The server ----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn with uvicorn workers, as in the Procfile, in its own process group."""

    def __init__(self, environment: dict[str, str], workers: int) -> None:
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.workers = workers
        self.environment = environment
        self.log = Path(tempfile.gettempdir()) / f"bench-server-{self.port}.log"
        self.process: subprocess.Popen | None = None

    def command(self) -> list[str]:
        return [
            str(Path(sys.executable).parent / "gunicorn"),
            "integration_portal.asgi:application",
            "--worker-class",
            "uvicorn_worker.UvicornWorker",
            "--workers",
            str(self.workers),
            "--bind",
            f"127.0.0.1:{self.port}",
            "--graceful-timeout",
            "10",
        ]

    def start(self, timeout: float = 60.0) -> None:
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(
                self.command(),
                cwd=ROOT,
                env=self.environment,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        last = ""
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchFailure(f"the server exited with code {self.process.returncode}:\n{self.tail()}")
            try:
                with urllib.request.urlopen(f"{self.base_url}/readyz", timeout=5) as answer:
                    if answer.status == 200:
                        print(f"Server ready at {self.base_url} ({self.workers} workers)")
                        return
            except OSError as exc:
                last = str(exc)
            time.sleep(0.3)
        raise BenchFailure(f"/readyz did not answer 200 within {timeout:.0f}s ({last}):\n{self.tail()}")

    def tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=5)


def run_load(plan: dict, environment: dict[str, str]) -> list[dict]:
    """Drive the load from a second process and return its results."""
    process = subprocess.run(
        [sys.executable, "-m", "tests.bench.load"],
        cwd=ROOT,
        env=environment,
        input=json.dumps(plan),
        capture_output=True,
        text=True,
        timeout=60 + len(plan["pages"]) * 2 * (plan["max_seconds"] + 35),
    )
    sys.stderr.write(process.stderr)
    if process.returncode != 0:
        raise BenchFailure(f"the load process failed with code {process.returncode}")
    return json.loads(process.stdout)


# --- The report ----------------------------------------------------------------------------------


def page_verdict(result: dict) -> str:
    if result["errors"] or result["median_ms"] is None:
        return "ERROR"
    if result["median_ms"] < result["target_median_ms"] and result["p95_ms"] < result["target_p95_ms"]:
        return "ok"
    return "MISSED"


def format_number(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value:,.{digits}f}"


def print_table(headers: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows, strict=True)]
    line = "  ".join("-" * width for width in widths)
    print(line)
    print("  ".join(str(cell).ljust(width) for cell, width in zip(headers, widths, strict=True)))
    print(line)
    for row in rows:
        print(
            "  ".join(
                str(cell).ljust(width) if index == 0 else str(cell).rjust(width)
                for index, (cell, width) in enumerate(zip(row, widths, strict=True))
            )
        )
    print(line)


def print_report(report: dict) -> None:
    print()
    machine = report["machine"]
    if machine["load_average_at_start"] > (machine["cpus"] or 1) * 0.5:
        print(
            f"Note: the machine was busy when the run started (load average {machine['load_average_at_start']} "
            f"on {machine['cpus']} CPUs): latencies include waiting for a CPU. Compare runs made at rest."
        )
    print(
        f"Pages: {report['server']['workers']} gunicorn/uvicorn workers, "
        f"{report['load']['concurrency']} requests in flight, {report['load']['warmup']} warm-up requests per page"
    )
    rows = []
    for page in report["pages"]:
        rows.append(
            [
                page["name"],
                str(page["requests"]),
                format_number(page["median_ms"]),
                format_number(page["p95_ms"]),
                format_number(page["rps"]),
                format_number(page.get("single_median_ms")),
                f"<{page['target_median_ms']:g} / <{page['target_p95_ms']:g}",
                page["verdict"] + (f" ({page['first_error']})" if page["errors"] else ""),
            ]
        )
    headers = ["page", "requests", "median ms", "p95 ms", "req/s", "median ms, 1 in flight", "target ms (median / p95)"]
    print_table([*headers, "result"], rows)
    if report["figures"]:
        print()
        rows = []
        for figure in report["figures"]:
            sign = "<" if figure["better"] == "lower" else ">"
            rows.append(
                [
                    figure["name"],
                    format_number(figure["value"], 2),
                    figure["unit"],
                    f"{sign}{figure['target']:g}",
                    figure["verdict"],
                ]
            )
        print_table(["figure", "value", "unit", "target", "result"], rows)
    for failure in report["failures"]:
        print(f"FAILURE: {failure}", file=sys.stderr)


# --- The run -------------------------------------------------------------------------------------


def run() -> int:
    environment = configure_environment()
    ensure_database(os.environ["DATABASE_URL"])

    import django

    django.setup()

    from django.conf import settings

    report: dict = {
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": settings.DATABASES["default"]["NAME"],
        "machine": {"cpus": os.cpu_count(), "load_average_at_start": round(os.getloadavg()[0], 2)},
        "server": {"kind": "gunicorn + uvicorn workers", "workers": env_int("WEB_CONCURRENCY", 4)},
        "load": {
            "client": "httpx (asyncio), separate process",
            "concurrency": env_int("BENCH_CONCURRENCY", 4),
            "warmup": env_int("BENCH_WARMUP", 20),
            "requests": env_int("BENCH_REQUESTS", 300),
            "max_seconds": env_int("BENCH_MAX_SECONDS", 20),
        },
        "pages": [],
        "figures": [],
        "failures": [],
    }

    prepare_database()
    ctx = make_people()
    modules = discover_scenarios()
    pages, figures = [], []
    for module in modules:
        started = time.perf_counter()
        if hasattr(module, "seed"):
            module.seed(ctx)
        print(f"Seeded {module.__name__.rsplit('.', 1)[-1]} in {time.perf_counter() - started:.1f}s")
        pages += [(module, page) for page in getattr(module, "PAGES", [])]
        figures += [(module, figure) for figure in getattr(module, "FIGURES", [])]

    # A live database has statistics kept fresh by autovacuum; a freshly seeded one has none, and
    # the planner then picks plans no production database would (nested loops over 100k rows).
    started = time.perf_counter()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"Vacuumed and analysed the bench database in {time.perf_counter() - started:.1f}s")

    cookie_name = settings.SESSION_COOKIE_NAME
    sessions = {role: session_cookie_for(ctx.user(role)) for role in ("participant", "coach", "admin")}
    plan_pages = []
    for _module, page in pages:
        plan_pages.append(
            {
                "name": page.name,
                "path": page.resolve_path(ctx),
                "cookies": {cookie_name: sessions[page.login_as]} if page.login_as else {},
                "headers": page.headers,
                "requests": page.requests or report["load"]["requests"],
                "expect_status": page.expect_status,
            }
        )

    # Django's connections are closed before the server forks its own.
    from django.db import connections

    connections.close_all()

    server = Server(environment, report["server"]["workers"])
    server.start()
    ctx.base_url = server.base_url
    try:
        plan = {"base_url": server.base_url, **report["load"], "pages": plan_pages}
        print(f"Loading {len(plan_pages)} pages from a second process…")
        results = run_load(plan, environment) if plan_pages else []
        # The same pages one request at a time: the latency a person sees on a quiet server,
        # beside the figures under load (on a small machine the two differ by CPU queueing).
        single = {**plan, "concurrency": 1, "requests": env_int("BENCH_SINGLE_REQUESTS", 60), "warmup": 5}
        single["pages"] = [{**page, "requests": min(page["requests"], single["requests"])} for page in plan_pages]
        print("Loading them again, one request in flight…")
        single_results = run_load(single, environment) if plan_pages else []
        for result, alone in zip(results, single_results, strict=True):
            result["single_median_ms"] = alone["median_ms"]
            result["single_p95_ms"] = alone["p95_ms"]
        for (_module, page), result in zip(pages, results, strict=True):
            result.update(
                login_as=page.login_as, target_median_ms=page.target_median_ms, target_p95_ms=page.target_p95_ms
            )
            result["verdict"] = page_verdict(result)
            if result["verdict"] == "ERROR":
                report["failures"].append(
                    f"page {page.name!r} ({result['path']}): {result['errors']} answers were not "
                    f"{page.expect_status} (statuses {result['statuses']})"
                )
            report["pages"].append(result)

        for module, figure in figures:
            entry = {"name": figure.name, "unit": figure.unit, "target": figure.target, "better": figure.better}
            try:
                value = float(figure.measure(ctx))
            except Exception:
                entry.update(value=None, verdict="ERROR")
                report["failures"].append(
                    f"figure {figure.name!r} of {module.__name__} raised:\n{traceback.format_exc()}"
                )
            else:
                entry.update(value=value, verdict="ok" if figure.meets(value) else "MISSED")
            report["figures"].append(entry)
    finally:
        server.stop()

    if any(page["verdict"] == "ERROR" for page in report["pages"]):
        print(f"Server log (last lines, {server.log}):\n{server.tail()}", file=sys.stderr)

    output = Path(os.environ.get("BENCH_OUTPUT") or ROOT / "bench-results.json")
    output.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print_report(report)
    print(f"\nWrote {output}")
    return 1 if report["failures"] else 0


def main() -> int:
    try:
        return run()
    except BenchFailure as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
