"""Security headers: a Content-Security-Policy with no inline script, Permissions-Policy, HSTS,
no-store on personal pages, and `check --deploy` clean with the production settings."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from integration_portal.headers import allow_camera_and_microphone, personal_data_page

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, list[str]]:
    policy = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


def test_every_page_has_a_policy_without_inline_script_style_or_eval(client):
    policy = directives(client.get(reverse("home")))

    for directive in ("script-src", "style-src"):
        assert "'unsafe-inline'" not in policy[directive]
        assert "'unsafe-eval'" not in policy[directive]
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]


def project_templates() -> list[Path]:
    skip = {".venv", "staticfiles", "node_modules", ".git"}
    return [path for path in ROOT.rglob("*.html") if not skip & set(path.relative_to(ROOT).parts)]


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(ld\+)?json\")[^>]*>", re.I)
EVENT_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.I)
INLINE_STYLE = re.compile(r"<[^>]*\sstyle\s*=", re.I)


def test_no_template_has_an_inline_script_event_handler_or_style():
    """The policy would block them: JavaScript lives in static files, data in data-* attributes."""
    found = []
    for path in project_templates():
        text = path.read_text(encoding="utf-8")
        for name, pattern in (("script", INLINE_SCRIPT), ("on…=", EVENT_HANDLER), ("style=", INLINE_STYLE)):
            found += [f"{path.relative_to(ROOT)}: {name}" for _match in pattern.finditer(text)]
    assert found == []


def test_htmx_is_told_not_to_inject_styles_or_evaluate(client):
    html = client.get(reverse("home")).content.decode()

    assert '<meta name="htmx-config"' in html
    assert '"includeIndicatorStyles": false' in html
    assert '"allowEval": false' in html


def test_camera_and_microphone_are_denied_everywhere_by_default(client):
    policy = client.get(reverse("home")).headers["Permissions-Policy"]

    assert "camera=()" in policy and "microphone=()" in policy and "geolocation=()" in policy


def test_a_view_opts_in_to_camera_and_microphone_for_itself_only():
    view = allow_camera_and_microphone(lambda request: HttpResponse("salle"))

    policy = view(RequestFactory().get("/")).headers["Permissions-Policy"]

    assert "camera=(self)" in policy and "microphone=(self)" in policy and "geolocation=()" in policy


def test_hsts_is_on_by_default_without_debug(client):
    assert not settings.DEBUG
    response = client.get(reverse("home"), secure=True)

    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_the_personal_data_decorator_forbids_storing():
    view = personal_data_page(lambda request: HttpResponse("export"))

    cache_control = view(RequestFactory().get("/")).headers["Cache-Control"]

    assert "no-store" in cache_control and "private" in cache_control


def test_pages_of_a_signed_in_person_are_never_stored(client, participant):
    client.force_login(participant)

    for name in ("accounts:privacy_export", "accounts:privacy_export_json"):
        assert "no-store" in client.get(reverse(name)).headers["Cache-Control"], name


def test_public_pages_for_visitors_may_be_cached(client):
    assert "no-store" not in client.get(reverse("home")).headers.get("Cache-Control", "")


def test_check_deploy_is_clean_with_the_production_settings():
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SECURE_", "DEBUG", "SECRET_KEY", "DJANGO_SETTINGS"))
    }
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="siel.example.org",
        CSRF_TRUSTED_ORIGINS="https://siel.example.org",
        SITE_URL="https://siel.example.org",
    )

    done = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues" in done.stdout
