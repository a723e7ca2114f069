"""Every page has its icon (no 404 on each visit), and a refused page logs one line."""

import io
import logging

import pytest
from django.urls import reverse

from integration_portal.logs import ForbiddenInOneLine

pytestmark = pytest.mark.django_db


def test_pages_name_their_icon_and_favicon_ico_leads_to_it(client):
    html = client.get("/").content.decode()
    assert '<link rel="icon" href="/static/favicon.' in html
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].startswith("/static/favicon.")
    assert response["Location"].endswith(".svg")
    icon = client.get(response["Location"])
    assert icon.status_code == 200
    icon.close()


def test_a_refused_page_is_logged_in_one_line(client, participant):
    console = next(
        handler
        for handler in logging.getLogger().handlers
        if any(isinstance(log_filter, ForbiddenInOneLine) for log_filter in handler.filters)
    )
    stream, console.stream = console.stream, io.StringIO()
    try:
        client.force_login(participant)
        response = client.get(reverse("action_plan:review_list"))  # coaches only
        output = console.stream.getvalue()
    finally:
        console.stream = stream
    assert response.status_code == 403
    lines = [line for line in output.splitlines() if line.strip()]
    assert len(lines) == 1 and "Forbidden" in lines[0], output
