"""More than 100 XSS vectors posted as topic titles, bodies, replies and in the preview, rendered
by Chromium: no script runs (no dialog, document.title untouched), no element of the page carries
an on* attribute, and no link, source or form points to a javascript:, vbscript: or data: URL."""

import pytest
from django.urls import reverse

from forum.models import Category
from forum.services import reply_create, topic_create
from tests.accounts.factories import ParticipantFactory
from tests.e2e.test_journey_jobs import signed_in
from tests.forum.factories import _approve
from tests.forum.xss_vectors import VECTORS

pytestmark = pytest.mark.e2e

OFFENDERS_JS = """() => {
  const found = [];
  for (const element of document.querySelectorAll("*")) {
    for (const attribute of element.attributes) {
      const name = attribute.name.toLowerCase();
      const value = attribute.value.replace(/[\\s\\u0000-\\u001f]/g, "").toLowerCase();
      if (name.startsWith("on")) {
        found.push(`${element.tagName} ${name}`);
      }
      if (["href", "src", "action", "formaction", "xlink:href", "data", "srcdoc", "background", "poster"].includes(name)
          && /^(javascript|vbscript|data):/.test(value)) {
        found.push(`${element.tagName} ${name}=${attribute.value}`);
      }
    }
  }
  for (const tag of ["iframe", "object", "embed", "svg", "math", "img", "style", "form", "base", "meta[http-equiv]"]) {
    for (const element of document.querySelectorAll(`main ${tag}`)) {
      if (!element.closest("nav") && !(tag === "form" && element.closest("main") && element.method)) {
        found.push(`inserted <${tag}>`);
      }
    }
  }
  for (const script of document.querySelectorAll("script")) {
    if (!script.src || !script.src.includes("/static/")) {
      found.push(`script ${script.outerHTML.slice(0, 80)}`);
    }
  }
  return found;
}"""


def assert_clean(page, fired: list) -> None:
    assert fired == [], f"a dialog opened on {page.url}: {fired}"
    assert page.evaluate("document.title") != "XSS", page.url
    assert page.evaluate(OFFENDERS_JS) == [], page.url


def in_a_thread(function):
    """Run Django code that pushes websocket messages (async_to_sync) outside Playwright's event
    loop, which runs in the test thread; closes that thread's database connection afterwards."""
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection

    def run():
        try:
            return function()
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=1) as executor:
        return executor.submit(run).result()


@pytest.fixture
def vector_posts(transactional_db, settings):
    settings.FORUM_APPROVAL_POSTS = 0  # the replies notify the author (approved at once)

    def create():
        author, replier = ParticipantFactory(), ParticipantFactory()
        general = Category.objects.get(slug="general")
        topics = []
        for n, vector in enumerate(VECTORS):
            topic = topic_create(
                user=author, category=general, title=f"{n} {vector}"[:150], body=f"{n}\n\n{vector}", trusted=True
            )
            topics.append(_approve(topic))
        thread = _approve(topic_create(user=author, category=general, title="Réponses", body="Fil", trusted=True))
        for n, vector in enumerate(VECTORS):
            reply_create(user=replier, topic=thread, body=f"{n}\n\n{vector}", trusted=True)
        return author, topics, _approve(thread)

    return in_a_thread(create)


def test_no_vector_runs_in_titles_bodies_replies_search_notifications_or_preview(browser, live_url, vector_posts):
    author, topics, thread = vector_posts
    context = signed_in(browser, live_url, author)
    page = context.new_page()
    fired: list[str] = []
    page.on("dialog", lambda dialog: (fired.append(dialog.message), dialog.dismiss()))
    try:
        category = reverse("forum:category", kwargs={"slug": "general"})
        for number in range(1, len(VECTORS) // 30 + 2):
            page.goto(f"{category}?page={number}")
            assert_clean(page, fired)
        for number in range(1, len(VECTORS) // 20 + 2):
            page.goto(f"{thread.get_absolute_url()}?page={number}")
            assert page.locator("article.card").count() > 0
            assert_clean(page, fired)
        for topic in topics[::10]:
            page.goto(topic.get_absolute_url())
            assert_clean(page, fired)
        page.goto(reverse("forum:search") + "?q=alert")
        assert_clean(page, fired)
        page.goto(reverse("forum:notifications"))
        assert page.locator("li.list-group-item").count() > 0
        assert_clean(page, fired)
        # The preview (htmx) of every vector at once, in the reply form.
        page.goto(thread.get_absolute_url())
        page.locator("#id_body").fill("\n\n".join(VECTORS))
        page.get_by_role("button", name="Aperçu").click()
        page.locator("#id_body-preview section").wait_for()
        assert "alert(1)" in page.locator("#id_body-preview").inner_text()
        assert_clean(page, fired)
    finally:
        context.close()
