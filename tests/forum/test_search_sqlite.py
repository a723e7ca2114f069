"""The forum's search on the embedded SQLite of `make run`: the fallback (every folded word in the
title or the body), hidden posts left out, through the selector and the page; and the ministry's
forum figures, whose medians SQLite leaves to Python. Run in a separate process, as
tests/foundation/test_sqlite_search.py does: the suite's database is PostgreSQL."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import datetime, json
from django.conf import settings
# Tables straight from the models (no migrations): seconds instead of half a minute.
settings.MIGRATION_MODULES = {app: None for app in
    ("accounts", "action_plan", "content", "forum", "coaching", "job_feed", "reporting", "django_celery_beat")}
import django
django.setup()
from django.core.management import call_command
call_command("migrate", run_syncdb=True, verbosity=0)
settings.FORUM_APPROVAL_POSTS = 0
settings.REPORTING_SMALL_CELL = 1
settings.REPORTING_CACHE_SECONDS = 0
settings.ALLOWED_HOSTS = ["testserver"]
import time_machine
from django.db import connection
from django.test import Client
from forum.models import Category, Post
from forum.selectors import search_posts
from forum.services import reply_create, topic_create
from reporting.selectors import ReportFilters, report_build
from tests.accounts.factories import CoachFactory, ParticipantFactory
from tests.action_plan.factories import ProfileFactory

assert connection.vendor == "sqlite"
general = Category.objects.create(slug="general", name_fr="Discussions générales")
asked = datetime.datetime(2026, 3, 2, 14, 0, tzinfo=datetime.UTC)
with time_machine.travel(asked - datetime.timedelta(days=30)):  # signed up before the period
    asker, other, coach = ParticipantFactory(), ParticipantFactory(), CoachFactory()
    ProfileFactory(user=asker, region=None, occupation=None)
with time_machine.travel(asked, tick=False):
    topic = topic_create(user=asker, category=general, title="Logement à Québec", is_question=True, trusted=True,
                         body="Où chercher un appartement près de l'université ?")
with time_machine.travel(asked + datetime.timedelta(hours=3), tick=False):
    reply_create(user=coach, topic=topic, body="Essayez les résidences de Sainte-Foy.", trusted=True)
with time_machine.travel(asked + datetime.timedelta(hours=4), tick=False):
    spam = reply_create(user=other, topic=topic, body="Sainte-Foy : appartements pas chers ici", trusted=True)
Post.objects.filter(pk=spam.pk).update(is_hidden=True)

queries = ("quebec", "QUÉBEC", "sainte-foy", "APPARTEMENT universite", "appartement sainte-foy", "chers")
found = {q: [post.number for post in search_posts(user=asker, text=q)] for q in queries}
client = Client()
client.force_login(asker)
page = client.get("/forum/recherche/", {"q": "logement QUEBEC"})
report = report_build(filters=ReportFilters(start=datetime.date(2026, 3, 1), end=datetime.date(2026, 3, 31)))
print(json.dumps({
    "found": found,
    "page": [page.status_code, "Logement à Québec" in page.content.decode(), "pas chers" in page.content.decode()],
    "questions": report.table("forum_questions").text_rows(),
    "first_answer": report.table("forum_first_answer").text_rows(),
}))
"""


def test_forum_search_and_figures_on_sqlite(tmp_path):
    env = {**os.environ, "DEBUG": "true", "DATABASE_URL": f"sqlite:///{tmp_path / 'forum.sqlite3'}", "REDIS_URL": ""}
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180, check=False
    )
    assert out.returncode == 0, out.stderr[-3000:]
    result = json.loads(out.stdout.strip().splitlines()[-1])
    found = result["found"]
    # The topic's title counts for each of its posts; newest first; the hidden reply (3) never.
    assert found["quebec"] == [2, 1]
    assert found["QUÉBEC"] == [2, 1]
    assert found["sainte-foy"] == [2]
    assert found["APPARTEMENT universite"] == [1]
    assert found["appartement sainte-foy"] == []  # every word must be found in one post
    assert found["chers"] == []
    assert result["page"] == [200, True, False]
    assert result["questions"] == [["Non précisé", "1", "0", "0", "1"], ["Total", "1", "0", "0", "1"]]
    assert result["first_answer"] == [
        ["Une personne-ressource", "1", "3,0"],
        ["Une autre personne participante", "0", "—"],
        ["Total", "1", "3,0"],
    ]
