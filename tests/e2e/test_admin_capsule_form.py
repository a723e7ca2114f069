"""The capsule edit form in the admin, as the ministry's content editors use it: no axe
violation (every inline input labelled, contrast AA) and no sideways scroll at 1,280 px."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import expect

from content.demo import seed_demo_content
from content.models import Capsule
from tests.accounts.factories import MinistryAdminFactory
from tests.e2e.conftest import signed_in

pytestmark = pytest.mark.e2e


@pytest.fixture
def capsule(transactional_db):
    seed_demo_content()
    capsule = Capsule.objects.get(slug="faire-evaluer-ses-etudes")
    # Every inline shows at least one row (sources, captions, chapters, questions).
    assert capsule.sources.exists() and capsule.captions.exists() and capsule.checkpoints.exists()
    # Long unbroken values, as editors paste them: they must wrap, not widen the page.
    capsule.chapters.create(start_seconds=20, title="Évaluation-comparative-" * 7)
    capsule.sources.create(quality="high", url="https://videos.example.org/" + "capsule-" * 20 + ".mp4")
    return capsule


def violations(page) -> list[str]:
    """Every axe violation, whatever its impact: the admin form had 39 moderate and serious ones."""
    found = Axe().run(page).response["violations"]
    return [
        f"{violation['id']} ({violation['impact']}): {' '.join(map(str, node['target']))}"
        for violation in found
        for node in violation["nodes"]
    ]


@pytest.mark.parametrize("width", [1280, 390])
def test_the_capsule_form_has_no_axe_violation_and_no_sideways_scroll(browser, live_url, capsule, width):
    context = signed_in(browser, live_url, MinistryAdminFactory(is_superuser=False))
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(reverse("admin:content_capsule_change", args=[capsule.pk]))
    expect(page.get_by_role("heading", level=2, name=capsule.title)).to_be_visible()

    found = violations(page)
    assert found == [], "\n".join(found)
    if width == 1280:
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"the form is {overflow} px wider than the window"


def test_the_other_admin_forms_with_inline_tables_have_no_axe_violation(browser, live_url, capsule):
    """The same fixes serve every admin form: an article (two-list selectors, date and time) and a
    plan template (its steps' inline table)."""
    from action_plan.models import PlanTemplate
    from content.models import Article

    context = signed_in(browser, live_url, MinistryAdminFactory(is_superuser=False))
    page = context.new_page()
    for url in (
        reverse("admin:content_article_change", args=[Article.objects.order_by("pk").first().pk]),
        reverse("admin:action_plan_plantemplate_change", args=[PlanTemplate.objects.order_by("pk").first().pk]),
    ):
        page.goto(url)
        found = violations(page)
        assert found == [], url + "\n" + "\n".join(found)
