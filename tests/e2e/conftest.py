"""Browser journeys: Playwright's sync API driving Debian's Chromium against the live ASGI server.

How to write a journey (tests/e2e/test_journey_<app>.py):

    pytestmark = pytest.mark.e2e

    def test_a_participant_can_…(page, check_accessibility):
        page.goto("/")                  # relative to the live server (base_url)
        check_accessibility(page)       # axe-core: fails on serious or critical violations

Fixtures:
- `browser` (one per run of this folder): Chromium from /usr/bin/chromium, headless. Playwright
  never downloads a browser; `make test` installs Debian's chromium when it is missing.
- `page`: a fresh context per test (cookies, storage), locale fr-CA, a time zone far from
  Montréal (Africa/Casablanca) so that time-zone bugs show, a 10 s default timeout, and
  `base_url` set to the live server, which runs in this process (`live_asgi_server` of
  tests/conftest.py): the test database and django.core.mail.outbox are shared with it.
  The data the migrations made (groups, regions, occupations…) is there in every test.
- `check_accessibility(page)`: also importable from tests.e2e.accessibility.
- `live_url`: the live server's root URL, for the few places that need a full URL.

A test that fails leaves tests/e2e/screenshots/<test name>.png (full page) behind.
"""

import functools
import json
import os
import re
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections
from playwright.sync_api import sync_playwright

from tests.e2e.accessibility import check_accessibility as run_axe

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
DEFAULT_TIMEOUT_MS = 10_000
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    # Keep each phase's report on the test item, for the page fixture's teardown to read.
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="package")
def browser():
    """One Chromium for the browser tests, closed when the last of them is done.

    Not session-wide on purpose: between calls Playwright's sync API leaves its event loop marked
    as running in the test thread. Django then refuses database calls from that thread unless
    DJANGO_ALLOW_ASYNC_UNSAFE is set, and pytest-asyncio cannot start its own loop. Both are
    confined to this folder: the variable is set while the browser lives, and the browser is
    stopped before the other folders' tests run.
    """
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing: run `make browser` (installs Debian's chromium).")
    # Django keeps its connections in an asgiref Local, which is per context, not per thread, once
    # a loop runs: with the browser up, the test thread gets fresh connection objects. Carry over
    # what pytest-django's database setup left on the old ones (the data the serialized rollback
    # restores), and close the fresh ones before the loop stops, or the test database could not
    # be dropped at the end.
    serialized = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    with pytest.MonkeyPatch.context() as patch:
        # The sync API's loop is not a real async context: Django code in the test thread is safe.
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            for alias, contents in serialized.items():
                connections[alias]._test_serialized_contents = contents
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            try:
                yield chromium
            finally:
                chromium.close()
                connections.close_all()


@pytest.fixture
def live_url(live_asgi_server) -> str:
    return live_asgi_server.url


@functools.cache
def serialized_primary_keys(contents: str, model: str) -> frozenset:
    return frozenset(row["pk"] for row in json.loads(contents) if row["model"] == model)


@pytest.fixture(autouse=True)
def database_without_recreated_rows(django_db_setup, django_db_blocker):
    """Runs before the serialized rollback below: makes room for it when needed.

    Another folder's transactional test without serialized rollback ends with a flush that sends
    post_migrate, which re-creates the content types and the role groups with new primary keys.
    Restoring the migrations' rows (same names, old keys) would then break unique constraints,
    so the database is emptied first, this time without post_migrate.
    """
    contents = getattr(connections[DEFAULT_DB_ALIAS], "_test_serialized_contents", None)
    if not contents:
        return
    from django.contrib.auth.models import Group
    from django.contrib.contenttypes.models import ContentType

    with django_db_blocker.unblock():
        recreated = any(
            not set(model.objects.values_list("pk", flat=True)) <= serialized_primary_keys(contents, label)
            for model, label in ((Group, "auth.group"), (ContentType, "contenttypes.contenttype"))
        )
        if recreated:
            # As TransactionTestCase flushes: sequences kept, so restored rows' keys stay free.
            call_command("flush", interactive=False, inhibit_post_migrate=True, reset_sequences=False, verbosity=0)
            ContentType.objects.clear_cache()


@pytest.fixture(autouse=True)
def migrations_data(database_without_recreated_rows, django_db_serialized_rollback):
    """The live server needs transactional tests, which empty the database after each test; the
    serialized rollback puts back what the migrations made (role groups, regions, occupations,
    policy versions) before each browser test, whichever fixtures it uses."""


@pytest.fixture
def page(browser, live_asgi_server, request):
    # allauth's rate limits count in the cache (Redis in tests): earlier tests from the same
    # 127.0.0.1 must not use up this journey's sign-ups and logins.
    cache.clear()
    context = browser.new_context(
        base_url=live_asgi_server.url,
        locale="fr-CA",
        timezone_id="Africa/Casablanca",
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    context.set_default_navigation_timeout(DEFAULT_TIMEOUT_MS)
    page = context.new_page()
    # The Content-Security-Policy must break nothing: Chromium reports each blocked script,
    # style or connection on the console, and any such report fails the journey.
    csp_violations: list[str] = []
    page.on(
        "console",
        lambda message: csp_violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    yield page
    failed = any(
        getattr(request.node, f"report_{when}", None) is not None and getattr(request.node, f"report_{when}").failed
        for when in ("setup", "call")
    )
    if failed:
        SCREENSHOTS.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.name)
        try:
            page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
        except Exception as error:  # a crashed page must not hide the test's own failure
            print(f"Could not save a screenshot of the failed test: {error}")
    context.close()
    assert csp_violations == [], "the Content-Security-Policy blocked something on these pages"


@pytest.fixture
def check_accessibility():
    return run_axe


def signed_in(browser, live_url: str, user):
    """A browser context holding a session for this person, as a login (with its second factor
    for staff) would leave it; the login form itself is the signup journey's subject.
    Import it: `from tests.e2e.conftest import signed_in`."""
    from django.conf import settings

    # The same session the benchmarks make (tests/bench/run.py imports nothing heavy).
    from tests.bench.run import session_cookie_for

    context = browser.new_context(
        base_url=live_url, locale="fr-CA", timezone_id="Africa/Casablanca", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(15_000)
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session_cookie_for(user), "url": live_url}])
    return context
