"""Content in a browser: a participant searches « études », opens the capsule, plays it with its
captions, answers the question that pauses the video (keyboard only), leaves, comes back and
resumes where they were; the transcript mode shows the same question with their answer."""

import time

import pytest
from django.templatetags.static import static
from django.utils import timezone
from playwright.sync_api import expect

from accounts.policies import consent_record, current_policies
from content.demo import seed_demo_content
from content.models import Capsule, CapsuleProgress, CheckpointAnswer
from tests.accounts.factories import ParticipantFactory
from tests.accounts.profile_factories import give_profile
from tests.e2e.conftest import signed_in

pytestmark = pytest.mark.e2e


@pytest.fixture
def demo_capsule(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    seed_demo_content()
    capsule = Capsule.objects.get(slug="faire-evaluer-ses-etudes")
    # The tests run without DEBUG (no /media/ route): play the same committed file from the static files.
    capsule.sources.all().delete()
    capsule.sources.create(quality="medium", url=static("content/demo/faire-evaluer-ses-etudes-360.mp4"))
    return capsule


@pytest.fixture
def participant_abroad(transactional_db):
    participant = ParticipantFactory()
    profile = give_profile(participant, region="02", stage="csq_received", french_level=5)
    profile.onboarding_completed_at = timezone.now()
    profile.save(update_fields=["onboarding_completed_at"])
    consent_record(user=participant, policies=current_policies())
    return participant


def test_a_participant_searches_plays_answers_leaves_and_resumes_a_capsule(
    browser, live_url, participant_abroad, demo_capsule, check_accessibility
):
    page = signed_in(browser, live_url, participant_abroad).new_page()

    # Search in French, with the accent.
    page.goto("/contenus/recherche/")
    page.get_by_label("Rechercher").fill("études")
    page.get_by_role("button", name="Rechercher", exact=True).click()
    result = page.get_by_role("link", name=demo_capsule.title)
    expect(result).to_be_visible()
    check_accessibility(page)
    result.click()

    # The browser's own player, captions as a <track>, nothing preloaded.
    expect(page.get_by_role("heading", level=1)).to_have_text(demo_capsule.title)
    video = page.locator("#capsule-video")
    expect(video).to_have_attribute("preload", "none")
    expect(page.locator("#capsule-video track[kind=captions]")).to_have_attribute("srclang", "fr")
    check_accessibility(page)

    # Play (muted, as a headless browser may autoplay) just before the question.
    checkpoint = demo_capsule.checkpoints.get()
    page.evaluate(
        "(at) => { const v = document.getElementById('capsule-video'); v.muted = true;"
        " v.addEventListener('loadedmetadata', () => { v.currentTime = at - 1.5; }, {once: true}); v.play(); }",
        checkpoint.at_seconds,
    )
    dialog = page.locator("#checkpoint-dialog")
    expect(dialog).to_be_visible(timeout=20_000)
    expect(dialog.get_by_role("group", name=checkpoint.question)).to_be_visible()
    assert page.evaluate("document.getElementById('capsule-video').paused")
    check_accessibility(page)

    # Keyboard only: the first choice has the focus; the arrow picks the right one; Enter answers.
    right = checkpoint.choices.get(is_correct=True)
    page.keyboard.press("ArrowDown")
    expect(dialog.get_by_label(right.text)).to_be_checked()
    page.keyboard.press("Enter")
    expect(dialog.locator("#checkpoint-feedback")).to_contain_text("Bonne réponse.")
    expect(dialog.get_by_role("button", name="Continuer la vidéo")).to_be_focused()
    page.keyboard.press("Enter")
    expect(dialog).to_be_hidden()
    answer = CheckpointAnswer.objects.get(user=participant_abroad)
    assert answer.is_correct
    # Every question answered: the capsule counts as watched (the plan listens to that).
    assert CapsuleProgress.objects.get(user=participant_abroad, capsule=demo_capsule).watched_at is not None

    # Leave the page while playing: the position goes out with sendBeacon.
    # Polled from here: wait_for_function evaluates a string inside the page, which the
    # Content-Security-Policy (no eval) forbids; page.evaluate runs through the debugger.
    deadline = time.monotonic() + 15
    while page.evaluate("document.getElementById('capsule-video').currentTime") <= checkpoint.at_seconds + 1:
        assert time.monotonic() < deadline, "the video did not play on"
        time.sleep(0.1)
    page.goto("/contenus/")
    deadline = time.monotonic() + 10
    progress = CapsuleProgress.objects.get(user=participant_abroad, capsule=demo_capsule)
    while progress.position_seconds < checkpoint.at_seconds and time.monotonic() < deadline:
        time.sleep(0.2)
        progress.refresh_from_db()
    assert progress.position_seconds >= checkpoint.at_seconds

    # Come back: the player resumes there.
    page.goto(demo_capsule.get_absolute_url())
    expect(page.locator("#player-status")).to_contain_text("Reprise là où vous vous étiez arrêté")

    # The transcript mode has the same question, with the answer given and its feedback.
    page.get_by_role("link", name="Lire d'abord : transcription et questions").click()
    question = page.locator(f"#question-{checkpoint.pk}")
    expect(question).to_contain_text(checkpoint.question)
    expect(question.get_by_label(right.text)).to_be_checked()
    expect(question).to_contain_text("Bonne réponse.")
    check_accessibility(page)
