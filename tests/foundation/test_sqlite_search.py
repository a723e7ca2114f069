"""The embedded SQLite of `make run` searches like PostgreSQL: accents and case ignored, in the
library as in the job offers, through the one fold() (integration_portal.text) registered as an
SQL function. Run in a separate process: the suite's database is PostgreSQL."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import json
from django.conf import settings
# Tables straight from the models (no migrations): seconds instead of half a minute.
settings.MIGRATION_MODULES = {app: None for app in
    ("accounts", "action_plan", "content", "forum", "coaching", "job_feed", "reporting", "django_celery_beat")}
import django
django.setup()
from django.core.management import call_command
call_command("migrate", run_syncdb=True, verbosity=0)
from content.search import search_entries
from tests.content.factories import ArticleFactory
ArticleFactory(title="Études au Québec", summary="Choisir une école.")
ArticleFactory(title="Logement", summary="Trouver un appartement.")
found = {q: [e["label"] for e in search_entries(text=q, user=None)]
         for q in ("etudes", "quebec", "ecole", "ÉTUDES", "études québec", "etudes appartement")}
print(json.dumps(found))
"""


def test_the_library_search_on_sqlite_ignores_accents_and_case(tmp_path):
    env = {**os.environ, "DEBUG": "true", "DATABASE_URL": f"sqlite:///{tmp_path / 'search.sqlite3'}", "REDIS_URL": ""}
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=True
    )
    found = json.loads(out.stdout.strip().splitlines()[-1])
    for query in ("etudes", "quebec", "ecole", "ÉTUDES", "études québec"):
        assert found[query] == ["Études au Québec"], query
    assert found["etudes appartement"] == []  # every word must be found
