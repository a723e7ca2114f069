"""Page weight in production mode (collected, hashed, compressed files cached a year): what a real
browser downloads, summed from its responses. Under 300 KB on a first visit, under 30 KB for the
next page (the assets come from the browser's cache)."""

import re

import pytest
from django.urls import reverse

from tests.accounts.factories import PASSWORD

pytestmark = pytest.mark.e2e

FIRST_VISIT_LIMIT = 300 * 1024
NEXT_PAGE_LIMIT = 30 * 1024


class Downloads:
    """Bytes received (headers and body as sent, compressed) for each request the page makes."""

    def __init__(self, page):
        self.entries: list[tuple[str, int]] = []
        page.on("requestfinished", self.record)

    def record(self, request) -> None:
        sizes = request.sizes()
        self.entries.append((request.url, sizes["responseBodySize"] + sizes["responseHeadersSize"]))

    def take(self) -> tuple[int, list[tuple[str, int]]]:
        entries, self.entries = self.entries, []
        return sum(size for _url, size in entries), entries


def visit(page, downloads, path: str) -> tuple[int, list]:
    page.goto(path, wait_until="load")
    page.wait_for_load_state("networkidle")
    return downloads.take()


def test_pages_stay_light_on_a_first_visit_and_the_next_page(page, participant, settings):
    assert not settings.DEBUG, "measure the production mode"
    downloads = Downloads(page)

    first, entries = visit(page, downloads, "/")
    print("first visit", first, entries)
    assert first < FIRST_VISIT_LIMIT, entries
    assert any(re.search(r"bootstrap\.min\.[0-9a-f]{12}\.css", url) for url, _ in entries)

    following, entries = visit(page, downloads, reverse("account_login"))
    print("next page", following, entries)
    assert following < NEXT_PAGE_LIMIT, entries

    # Signed in: the dashboard, then the plan and the job offers.
    page.locator("#id_login").fill(participant.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main").get_by_role("button", name=re.compile("Connexion|Se connecter")).click()
    page.wait_for_load_state("networkidle")
    downloads.take()
    for path in (reverse("content:library"), reverse("job_feed:offer_list")):
        size, entries = visit(page, downloads, path)
        print(path, size, entries)
        assert size < NEXT_PAGE_LIMIT, entries
