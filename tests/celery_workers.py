"""Real Celery workers for the tests: separate processes on the Redis broker and the test database."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent


def celery_worker_start(*, name: str, env: dict[str, str] | None = None, output=subprocess.PIPE) -> subprocess.Popen:
    """A worker named `name` that reads the suite's database (the test database, not the one in
    DATABASE_URL) and may fetch from the suite's local feed server on 127.0.0.1."""
    db = settings.DATABASES["default"]
    worker_env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        # The suite's feed server listens on 127.0.0.1, which the fetcher refuses otherwise.
        "JOB_FEED_ALLOWED_HOSTS": "127.0.0.1",
        **(env or {}),
    }
    return subprocess.Popen(
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
            f"{name}-{os.getpid()}@%h",
        ],
        cwd=ROOT,
        env=worker_env,
        stdout=output,
        stderr=subprocess.STDOUT if output == subprocess.PIPE else output,
    )


def celery_worker_stop(process: subprocess.Popen) -> None:
    """Asks the worker to finish (warm shutdown), and kills it if it has not within 15 s."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
