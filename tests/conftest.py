"""Fixtures shared by every test folder: people, and the real services (ASGI server, Celery worker)."""

import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from tests.accounts.factories import CoachFactory, MinistryAdminFactory, ParticipantFactory

ROOT = Path(__file__).resolve().parent.parent


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
    db = settings.DATABASES["default"]
    mail_dir = tmp_path_factory.mktemp("worker-mail")
    env = {
        **os.environ,
        "DATABASE_URL": (f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"),
        "EMAIL_URL": f"filemail:///{mail_dir}",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "integration_portal",
            "worker",
            "--pool=solo",
            "--loglevel=WARNING",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "--hostname",
            f"test-{os.getpid()}@%h",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    process.mail_dir = mail_dir
    yield process
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
