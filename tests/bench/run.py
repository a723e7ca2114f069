"""`make bench`: volume data, the production-like server, load from a second process, one report.

    python -m tests.bench.run

Environment (all optional except the services):
    DATABASE_URL       PostgreSQL; the bench uses its own database, this one's name + "_bench"
    REDIS_URL          Redis (cache, sessions, channel layer, broker), as in production
    BENCH_OUTPUT       where the JSON goes (default bench-results.json)
    BENCH_ONLY         scenario modules to run, comma-separated (e.g. "site,forum"); default all
    BENCH_FIGURES      "none": the pages only, no in-process figure (the import figures take minutes)
    BENCH_REQUESTS     measured requests per page (default 300; a Page may set its own)
    BENCH_CONCURRENCY  requests in flight at once (default 4); the verdict uses these figures
    BENCH_SINGLE_REQUESTS  requests per page one in flight, the quiet-server latency (default 60)
    BENCH_ROUNDS       rounds the measured requests are spread over, every page in each (default 6)
    BENCH_WARMUP       unmeasured requests per page first (default 20)
    BENCH_MAX_SECONDS  time bound per page: its warm-up, and its measure at each concurrency (default 20)
    BENCH_SCALE        multiplies the volume that seed() functions create (default 1)
    WEB_CONCURRENCY    gunicorn worker processes (default 4, as in the Procfile)

Every page is measured beside /healthz (a trivial view) and the home page, in the same
interleaved rounds, and judged by its ratio to the home page (see framework.Page.target_ratio).
`python -m tests.bench.run --markdown [bench-results.json]` prints a run's tables in Markdown.

The exit code is 0 when the run completed, even if targets are missed (it is a report), and
non-zero when it could not measure: a seed or figure raised, the server did not start, or a page
answered something else than its expected status.
"""

from __future__ import annotations

import contextlib
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
        # Each page: a warm-up and, per concurrency, its rounds, each bounded by max_seconds in all
        # (a request in flight at the deadline may take up to the client's 30 s timeout more).
        timeout=60 + len(plan["pages"]) * (1 + len(plan["concurrencies"])) * (plan["max_seconds"] + 35),
    )
    sys.stderr.write(process.stderr)
    if process.returncode != 0:
        raise BenchFailure(f"the load process failed with code {process.returncode}")
    return json.loads(process.stdout)


# --- The report ----------------------------------------------------------------------------------


def machine_description() -> dict:
    """Where the figures came from: enough to tell two machines (or a busy and a quiet one) apart."""
    import platform

    cpu_model, memory_gb = "", None
    with contextlib.suppress(OSError):
        models = [line for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")]
        cpu_model = models[0].split(":", 1)[1].strip() if models else ""
    with contextlib.suppress(ValueError, OSError, AttributeError):
        memory_gb = round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1)
    return {
        "cpus": os.cpu_count(),
        "cpu_model": cpu_model,
        "memory_gb": memory_gb,
        "system": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "load_average_at_start": round(os.getloadavg()[0], 2),
    }


def page_verdict(result: dict, home: dict | None = None, concurrency: str | None = None) -> str:
    """The verdict of one page at one concurrency: its ratio to the home page against its target."""
    from tests.bench.framework import ratio_verdict

    figures = result["load"][concurrency] if concurrency else result
    reference = (home["load"][concurrency] if concurrency else home) if home else {}
    return ratio_verdict(figures, reference, result.get("target_ratio"))


def add_ratios(entry: dict, home: dict, concurrencies: list[str]) -> None:
    """Each concurrency's median and p95 divided by the home page's, and the verdicts."""
    from tests.bench.framework import ratio

    entry["ratios"] = {
        c: {
            "median": ratio(entry["load"][c]["median_ms"], home["load"][c]["median_ms"]),
            "p95": ratio(entry["load"][c]["p95_ms"], home["load"][c]["p95_ms"]),
        }
        for c in concurrencies
    }
    entry["verdicts"] = {c: page_verdict(entry, home, c) for c in concurrencies}


def format_number(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value:,.{digits}f}"


def format_ratio(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}×"


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


def page_rows(report: dict) -> tuple[list[str], list[list[str]]]:
    """The pages' table: for each concurrency, median and p95 in ms and as multiples of the home page."""
    concurrencies = [str(c) for c in report["load"]["concurrencies"]]
    headers = ["page"]
    for c in concurrencies:
        headers += [f"{c} in flight: median ms", "p95 ms", "× home (median / p95)"]
    headers += ["target", *[f"result, {c} in flight" for c in concurrencies]]
    rows = []
    for page in report["pages"]:
        row = [page["name"]]
        for c in concurrencies:
            figures = page["load"][c]
            row += [
                format_number(figures["median_ms"]),
                format_number(figures["p95_ms"]),
                f"{format_ratio(page['ratios'][c]['median'])} / {format_ratio(page['ratios'][c]['p95'])}",
            ]
        row.append("—" if page["target_ratio"] is None else f"≤ {page['target_ratio']:g}×")
        for c in concurrencies:
            verdict = page["verdicts"][c]
            if verdict == "ERROR" and page["load"][c]["errors"]:
                verdict += f" ({page['load'][c]['first_error']})"
            row.append(verdict)
        rows.append(row)
    return headers, rows


def figure_rows(report: dict) -> tuple[list[str], list[list[str]]]:
    rows = []
    for figure in report["figures"]:
        if figure["target"] is None:
            target = "—"
        else:
            target = f"{'≤' if figure['better'] == 'lower' else '≥'} {figure['target']:g}"
        rows.append([figure["name"], format_number(figure["value"], 2), figure["unit"], target, figure["verdict"]])
    return ["figure", "value", "unit", "target", "result"], rows


def print_report(report: dict) -> None:
    print()
    machine = report["machine"]
    print(
        f"Machine: {machine['cpus']} CPUs ({machine['cpu_model'] or 'model unknown'}), {machine['memory_gb']} GB, "
        f"{machine['system']}, Python {machine['python']}, {machine.get('postgresql', 'PostgreSQL')}; "
        f"load average {machine['load_average_at_start']} at start, {machine.get('load_average_at_end', '?')} at end."
    )
    if machine["load_average_at_start"] > (machine["cpus"] or 1) * 0.5:
        print(
            "Note: the machine was busy: absolute latencies include waiting for a CPU. The ratios to the home "
            "page, measured in the same rounds, are what compares from one run to the next."
        )
    print(
        f"Pages: {report['server']['workers']} gunicorn/uvicorn workers; "
        f"{', '.join(str(c) for c in report['load']['concurrencies'])} requests in flight; "
        f"measured in {report['load']['rounds']} interleaved rounds after "
        f"{report['load']['warmup']} warm-up requests per page. Targets: median and p95 within the "
        "ratio to the home page's."
    )
    print_table(*page_rows(report))
    if report["figures"]:
        print()
        print_table(*figure_rows(report))
    for failure in report["failures"]:
        print(f"FAILURE: {failure}", file=sys.stderr)


def markdown_table(report: dict) -> str:
    """The same tables in Markdown, for the README (`python -m tests.bench.run --markdown FILE`)."""
    lines = []
    for headers, rows in (page_rows(report), figure_rows(report)):
        lines.append("| " + " | ".join(headers) + " |")
        lines.append("| " + " | ".join("---" for _ in headers) + " |")
        lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
        lines.append("")
    return "\n".join(lines)


# --- The run -------------------------------------------------------------------------------------


def plan_entry(page, ctx, *, cookie_name: str, sessions: dict, requests: dict[str, int]) -> dict:
    return {
        "name": page.name,
        "path": page.resolve_path(ctx),
        "cookies": {cookie_name: sessions[page.login_as]} if page.login_as else {},
        "headers": page.headers,
        "requests": requests,
        "expect_status": page.expect_status,
    }


def run() -> int:
    environment = configure_environment()
    ensure_database(os.environ["DATABASE_URL"])

    import django

    django.setup()

    from django.conf import settings

    from tests.bench.framework import HOME_PAGE, TRIVIAL_PAGE

    concurrency = env_int("BENCH_CONCURRENCY", 4)
    concurrencies = [concurrency] if concurrency == 1 else [concurrency, 1]
    report: dict = {
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": settings.DATABASES["default"]["NAME"],
        "machine": machine_description(),
        "server": {"kind": "gunicorn + uvicorn workers", "workers": env_int("WEB_CONCURRENCY", 4)},
        "load": {
            "client": "httpx (asyncio), separate process",
            "concurrencies": concurrencies,
            "warmup": env_int("BENCH_WARMUP", 20),
            "requests": env_int("BENCH_REQUESTS", 300),
            "single_requests": env_int("BENCH_SINGLE_REQUESTS", 60),
            "rounds": max(1, env_int("BENCH_ROUNDS", 6)),
            "max_seconds": env_int("BENCH_MAX_SECONDS", 20),
        },
        "pages": [],
        "figures": [],
        "failures": [],
    }

    prepare_database()
    ctx = make_people()
    modules = discover_scenarios()
    pages, figures = [(None, TRIVIAL_PAGE), (None, HOME_PAGE)], []
    for module in modules:
        started = time.perf_counter()
        if hasattr(module, "seed"):
            module.seed(ctx)
        print(f"Seeded {module.__name__.rsplit('.', 1)[-1]} in {time.perf_counter() - started:.1f}s")
        pages += [(module, page) for page in getattr(module, "PAGES", [])]
        figures += [(module, figure) for figure in getattr(module, "FIGURES", [])]

    if os.environ.get("BENCH_FIGURES", "").strip().lower() == "none":
        figures = []
    # A live database has statistics kept fresh by autovacuum; a freshly seeded one has none, and
    # the planner then picks plans no production database would (nested loops over 100k rows).
    started = time.perf_counter()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
        cursor.execute("SHOW server_version")
        report["machine"]["postgresql"] = f"PostgreSQL {cursor.fetchone()[0].split()[0]}"
    print(f"Vacuumed and analysed the bench database in {time.perf_counter() - started:.1f}s")

    cookie_name = settings.SESSION_COOKIE_NAME
    sessions = {role: session_cookie_for(ctx.user(role)) for role in ("participant", "coach", "admin")}
    load = report["load"]
    plan_pages = []
    for _module, page in pages:
        many = page.requests or load["requests"]
        requests = {str(concurrency): many}
        if concurrency != 1:
            requests["1"] = min(many, load["single_requests"])
        plan_pages.append(plan_entry(page, ctx, cookie_name=cookie_name, sessions=sessions, requests=requests))

    # Django's connections are closed before the server forks its own.
    from django.db import connections

    connections.close_all()

    server = Server(environment, report["server"]["workers"])
    server.start()
    ctx.base_url = server.base_url
    keys = [str(c) for c in concurrencies]
    try:
        plan = {
            "base_url": server.base_url,
            "concurrencies": concurrencies,
            "rounds": load["rounds"],
            "warmup": load["warmup"],
            "max_seconds": load["max_seconds"],
            "pages": plan_pages,
        }
        print(
            f"Loading {len(plan_pages)} pages from a second process, in {load['rounds']} rounds "
            f"({' then '.join(keys)} in flight each round)…"
        )
        results = run_load(plan, environment)
        home_result = None
        for (_module, page), result in zip(pages, results, strict=True):
            entry = {
                "name": page.name,
                "path": result["path"],
                "login_as": page.login_as,
                "target_ratio": page.target_ratio,
                "load": result["by_concurrency"],
            }
            # The figures under the main concurrency at the top level too, as older reports had them.
            main = entry["load"][keys[0]]
            entry.update({name: main[name] for name in ("requests", "errors", "median_ms", "p95_ms", "rps")})
            if page is HOME_PAGE:
                home_result = entry
            report["pages"].append(entry)
        for (_module, page), entry in zip(pages, report["pages"], strict=True):
            add_ratios(entry, home_result, keys)
            entry["verdict"] = entry["verdicts"][keys[0]]
            errors = {c: entry["load"][c] for c in keys if entry["load"][c]["errors"]}
            if errors:
                report["failures"].append(
                    f"page {page.name!r} ({entry['path']}): answers were not {page.expect_status} "
                    + "; ".join(f"{c} in flight: statuses {figures['statuses']}" for c, figures in errors.items())
                )

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
                entry.update(value=value, verdict=figure.verdict(value))
            report["figures"].append(entry)
    finally:
        server.stop()
    report["machine"]["load_average_at_end"] = round(os.getloadavg()[0], 2)

    if any(page["verdict"] == "ERROR" for page in report["pages"]):
        print(f"Server log (last lines, {server.log}):\n{server.tail()}", file=sys.stderr)

    output = Path(os.environ.get("BENCH_OUTPUT") or ROOT / "bench-results.json")
    output.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print_report(report)
    print(f"\nWrote {output}")
    return 1 if report["failures"] else 0


def main() -> int:
    if sys.argv[1:2] == ["--markdown"]:
        # Print the tables of an earlier run's JSON in Markdown (for the README), without measuring.
        report = json.loads(Path(sys.argv[2] if len(sys.argv) > 2 else ROOT / "bench-results.json").read_text())
        print(markdown_table(report))
        return 0
    try:
        return run()
    except BenchFailure as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
