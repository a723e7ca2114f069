"""A file too large for a deliverable is refused in the browser, before it travels."""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import Profile
from accounts.policies import consent_record, current_policies
from action_plan import services
from action_plan.models import DeliverableType
from tests.action_plan.factories import ProfileFactory
from tests.e2e.test_journey_plan import signed_in

pytestmark = pytest.mark.e2e


def test_a_too_large_file_is_refused_before_it_is_sent(browser, live_url, transactional_db, check_accessibility):
    profile = ProfileFactory(stage=Profile.Stage.CSQ_RECEIVED)
    consent_record(user=profile.user, policies=current_policies())
    plan = services.plan_generate(profile=profile)
    task = plan.tasks.filter(week=1).first()
    task.deliverable_type = DeliverableType.FILE
    task.max_file_bytes = 1024 * 1024
    task.save(update_fields=["deliverable_type", "max_file_bytes"])
    context = signed_in(browser, live_url, profile.user)
    page = context.new_page()
    posts = []
    page.on("request", lambda request: posts.append(request.url) if request.method == "POST" else None)

    page.goto(task.get_absolute_url())
    expect(page.locator("#id_file")).to_be_visible()
    page.locator("#id_file").set_input_files(
        files=[{"name": "cv.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.7\n" + b"0" * (2 * 1024 * 1024)}]
    )
    error = page.locator("#id_file_size_error")
    expect(error).to_have_text(re.compile(r"^Le fichier pèse 2 Mo : la limite est de 1 Mo\.$"))
    page.get_by_role("button", name="Remettre et terminer").click()
    expect(page.locator("#id_file")).to_be_focused()
    assert posts == []
    check_accessibility(page)
    context.close()
