"""Fixtures shared by every test folder: people, and the real services (ASGI server, Celery worker)."""

import os
import socket
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from tests.accounts.factories import CoachFactory, MinistryAdminFactory, ParticipantFactory
from tests.celery_workers import celery_worker_start, celery_worker_stop

ROOT = Path(__file__).resolve().parent.parent
CLOCK_KEY = pytest.StashKey()


def pytest_addoption(parser):
    parser.addoption(
        "--clock",
        default=os.environ.get("TEST_CLOCK") or None,
        help=(
            "Run the suite as if it were this moment (ISO 8601 with its offset, e.g. 2026-11-30T23:55-05:00), "
            "the clock ticking from there (time_machine). Also TEST_CLOCK=…; see `make test-clocks`."
        ),
    )


def pytest_configure(config):
    """--clock: the whole test process (and the live servers it runs in threads) lives at that moment.

    Tests that need a precise date still travel on their own (time_machine.travel); this proves
    that the others do not depend on the hour they run at (e.g. just before midnight in Montréal,
    when it is already tomorrow in UTC and in Casablanca). Celery workers started as
    subprocesses keep the real clock; the tests that use one do not depend on the date.
    """
    clock = config.getoption("--clock")
    if clock:
        import datetime

        import time_machine

        moment = datetime.datetime.fromisoformat(clock)
        if moment.tzinfo is None:
            raise pytest.UsageError("--clock needs an offset, e.g. 2026-11-30T23:55-05:00")
        config.stash[CLOCK_KEY] = time_machine.travel(moment, tick=True)
        config.stash[CLOCK_KEY].start()


def pytest_report_header(config):
    clock = config.getoption("--clock")
    return f"clock: the suite runs as if it were {clock}" if clock else None


def pytest_unconfigure(config):
    traveller = config.stash.get(CLOCK_KEY, None)
    if traveller is not None:
        traveller.stop()


def pytest_sessionstart(session):
    """Pages are served as in production: WhiteNoise over collected, hashed static files.

    Collected before any test module is imported: a module that imports the ASGI application builds
    WhiteNoise's middleware, which lists STATIC_ROOT once. Collected later (in a session fixture),
    a fresh clone's live server, started from that application, answered 404 for every asset.
    """
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)


@pytest.fixture(autouse=True)
def default_language_for_each_test():
    """A request to an /en/ page leaves English active in the test thread, and reverse() would
    then give /en/ URLs to the next test: every test starts from the site's default language."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def fresh_cached_values():
    """Values cached under versioned keys (recommendations, filter choices) were computed from an
    earlier test's rows, rolled back since without any event: each test starts a new generation."""
    from integration_portal.versioned_cache import bump_everything

    bump_everything()


@pytest.fixture(autouse=True)
def local_feed_server_allowed(settings):
    # The remote feeds of the tests are local servers on 127.0.0.1, an address job_feed.fetch
    # refuses otherwise (server-side request forgery); tests/job_feed/test_ssrf.py clears it.
    settings.JOB_FEED_ALLOWED_HOSTS = ["127.0.0.1"]


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Hashing strength is not what these tests measure; PBKDF2 would dominate their time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def celery_eager():
    """Tasks run at once in the test process when queued, as under `make run` (tests talk to Redis,
    so Celery is not eager by default). With django_capture_on_commit_callbacks(execute=True), an
    e-mail queued on commit by accounts.emails is built and sent into mail.outbox."""
    from integration_portal.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture
def participant(db):
    return ParticipantFactory()


@pytest.fixture
def other_participant(db):
    return ParticipantFactory()


@pytest.fixture
def coach(db):
    return CoachFactory()


@pytest.fixture
def ministry_admin(db):
    return MinistryAdminFactory()


def client_for(user) -> Client:
    """A test client signed in as this person (force_login: two-factor authentication counts as done).
    A plain function (import it: `from tests.conftest import client_for`) for tests that need several."""
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def admin_client(client, ministry_admin):
    """A ministry admin signed in (force_login: two-factor authentication counts as done)."""
    client.force_login(ministry_admin)
    return client


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on port {port} after {timeout}s")


class LiveAsgiServer:
    """Uvicorn serving the project's ASGI app (HTTP and websockets) in a thread of the test process.

    Running in-process means the server uses the test database and the test email outbox.
    """

    def __init__(self) -> None:
        import uvicorn

        from integration_portal.asgi import application

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(application, host="127.0.0.1", port=self.port, log_level="warning", lifespan="off")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def start(self) -> None:
        # Channel layers are module-wide objects; channels_redis ties a layer's receiving to the
        # event loop that first used it. Each server has a loop of its own: give it fresh layers,
        # or its consumers fail with "Two event loops are trying to receive() on one channel layer".
        from channels.layers import channel_layers

        channel_layers.backends.clear()
        self.thread.start()
        wait_for_port(self.port)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture
def live_asgi_server(transactional_db):
    server = LiveAsgiServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def celery_worker_process(transactional_db, tmp_path_factory):
    """A real Celery worker, in its own process, on the Redis broker and the test database.

    Its e-mails are written as files in `process.mail_dir` (Django's file backend).
    """
    if settings.CELERY_TASK_ALWAYS_EAGER:
        pytest.fail("A real worker needs REDIS_URL: run the tests with `make test`.")
    mail_dir = tmp_path_factory.mktemp("worker-mail")
    process = celery_worker_start(name="test", env={"EMAIL_URL": f"filemail:///{mail_dir}"})
    process.mail_dir = mail_dir
    yield process
    celery_worker_stop(process)


@pytest.fixture
def coturn_server():
    """A real TURN server (coturn) on 127.0.0.1 with a fresh shared secret; see tests/coturn.py."""
    from tests.coturn import Coturn

    server = Coturn()
    server.start()
    yield server
    server.stop()
