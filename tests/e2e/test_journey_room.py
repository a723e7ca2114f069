"""The interview room in two browsers (participant and coach) with Chromium's fake camera and
microphone: both join, chat both ways, the call connects, one steps down to audio, one reloads
and gets the messages it missed. A second run forces the call through a real coturn (relay only)
with the portal's short-lived credentials."""

import re
from types import SimpleNamespace

import pytest
from playwright.sync_api import expect

import coaching.webrtc
from tests.coaching.room_helpers import open_interview
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.e2e.test_journey_plan import signed_in

pytestmark = pytest.mark.e2e

CALL_TIMEOUT_MS = 30_000
MEDIA_ARGS = [
    "--use-fake-device-for-media-stream",
    "--use-fake-ui-for-media-stream",
    # Host candidates with real addresses (not mDNS names, which nothing resolves here).
    "--disable-features=WebRtcHideLocalIpsWithMdns",
]

SELECTED_CANDIDATE_TYPE = """async () => {
  const pc = window.interviewRoom.peerConnection();
  const stats = await pc.getStats();
  let pairId = null;
  stats.forEach((stat) => {
    if (stat.type === "transport" && stat.selectedCandidatePairId) pairId = stat.selectedCandidatePairId;
  });
  const pair = stats.get(pairId);
  return stats.get(pair.localCandidateId).candidateType;
}"""

VIDEO_SENDER = """() => {
  const pc = window.interviewRoom.peerConnection();
  const sender = pc.getSenders().find((s) => s.track && s.track.kind === "video");
  if (!sender) return null;
  const settings = sender.track.getSettings();
  const encodings = sender.getParameters().encodings;
  const maxBitrate = encodings.length ? encodings[0].maxBitrate : undefined;
  return {width: settings.width, height: settings.height, maxBitrate: maxBitrate};
}"""


@pytest.fixture
def media_browser(browser):
    """Chromium with a fake camera and microphone, granted without a prompt."""
    chromium = browser.browser_type.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS + MEDIA_ARGS)
    yield chromium
    chromium.close()


@pytest.fixture
def interview(transactional_db):
    return open_interview()


def room_pages(media_browser, live_url, interview):
    pages = []
    for person in (interview.participant, interview.coach):
        page = signed_in(media_browser, live_url, person).new_page()
        page.goto(f"/accompagnement/entrevues/{interview.pk}/salle/")
        expect(page.locator("#room-status")).to_have_text("Connecté à la salle.")
        pages.append(page)
    return pages


def join_call(page, mode: str) -> None:
    page.get_by_label({"video": "Vidéo et audio", "audio": "Audio seulement"}[mode]).check()
    page.get_by_role("button", name="Entrer dans l'appel").click()
    # The camera and microphone are granted (fake devices): the chosen mode is on.
    expect(page.locator("#room")).to_have_attribute("data-mode", mode, timeout=CALL_TIMEOUT_MS)


def send(page, text: str) -> None:
    page.get_by_role("textbox", name="Votre message").fill(text)
    page.get_by_role("textbox", name="Votre message").press("Enter")


def test_participant_and_coach_chat_call_step_down_and_catch_up(
    media_browser, live_url, interview, check_accessibility
):
    me, coach = room_pages(media_browser, live_url, interview)
    expect(me.locator("#presence")).to_contain_text("est dans la salle")
    check_accessibility(me)

    # Chat both ways; markup arrives as text.
    send(me, "Bonjour <b>Julie</b>")
    expect(coach.locator("#chat-log li")).to_have_count(1)
    expect(coach.locator("#chat-log li p")).to_have_text("Bonjour <b>Julie</b>")
    assert coach.locator("#chat-log b").count() == 0
    send(coach, "Bonjour, on commence ?")
    expect(me.locator("#chat-log li").last).to_contain_text("Bonjour, on commence ?")

    # Both join with video: the call connects, capped at 640×360 and 500 kbit/s.
    join_call(me, "video")
    join_call(coach, "video")
    for page in (me, coach):
        expect(page.locator("#room")).to_have_attribute("data-connection-state", "connected", timeout=CALL_TIMEOUT_MS)
    # The cap is applied once a description is set (polled: the CSP forbids wait_for_function's eval).
    for _ in range(50):
        video = me.evaluate(VIDEO_SENDER)
        if video and video["maxBitrate"]:
            break
        me.wait_for_timeout(200)
    assert video["width"] <= 640 and video["height"] <= 360 and video["maxBitrate"] == 500_000

    # The participant steps down to audio without leaving: no more video sent, the call holds.
    me.get_by_role("button", name="Passer à l'audio seulement").click()
    expect(me.locator("#room")).to_have_attribute("data-mode", "audio")
    expect(coach.locator("#peer-notice")).to_contain_text("audio seulement")
    assert me.evaluate(VIDEO_SENDER) is None
    expect(me.locator("#room")).to_have_attribute("data-connection-state", "connected")
    check_accessibility(me)

    # The coach's page goes away; two messages are sent meanwhile; the reloaded page has them once.
    coach.goto("about:blank")
    send(me, "Vous êtes là ?")
    send(me, "Je vous attends.")
    expect(me.locator("#chat-log li[data-seq]")).to_have_count(4)
    coach.goto(f"/accompagnement/entrevues/{interview.pk}/salle/")
    log = coach.locator("#chat-log li")
    expect(log).to_have_count(4)
    expect(log.nth(2)).to_contain_text("Vous êtes là ?")
    expect(log.nth(3)).to_contain_text("Je vous attends.")
    assert [log.nth(i).get_attribute("data-seq") for i in range(4)] == ["1", "2", "3", "4"]


def test_a_relay_only_call_goes_through_coturn(
    media_browser, live_url, interview, coturn_server, settings, monkeypatch
):
    # In production the portal and coturn read one clock; under the suite's `--clock` only the
    # portal travels, so its credentials are dated by coturn's clock, as they would be.
    monkeypatch.setattr(coaching.webrtc, "time", SimpleNamespace(time=coturn_server.now))
    settings.WEBRTC_TURN_URLS = [coturn_server.url]
    settings.WEBRTC_TURN_SECRET = coturn_server.secret
    settings.WEBRTC_ICE_TRANSPORT_POLICY = "relay"
    me, coach = room_pages(media_browser, live_url, interview)
    join_call(me, "audio")
    join_call(coach, "video")
    for page in (me, coach):
        expect(page.locator("#room")).to_have_attribute("data-connection-state", "connected", timeout=CALL_TIMEOUT_MS)
        assert page.evaluate(SELECTED_CANDIDATE_TYPE) == "relay"
    # The page received short-lived credentials, never the secret.
    assert coturn_server.secret not in me.content()
    expect(me.locator("#peer-notice")).to_have_text(re.compile("Appel établi|vidéo"))


def test_a_refused_camera_leaves_the_chat_working_and_says_why(browser, live_url, interview):
    """Chromium without fake devices or automatic consent: getUserMedia fails."""
    me = signed_in(browser, live_url, interview.participant).new_page()
    me.goto(f"/accompagnement/entrevues/{interview.pk}/salle/")
    expect(me.locator("#room-status")).to_have_text("Connecté à la salle.")
    me.get_by_role("button", name="Entrer dans l'appel").click()
    expect(me.locator("#room")).to_have_attribute("data-mode", "chat")
    expect(me.locator("#media-notice")).to_contain_text(
        re.compile("n'a pas donné accès à la caméra|Aucune caméra|ne permet pas les appels")
    )
    send(me, "Ma caméra ne marche pas.")
    expect(me.locator("#chat-log li[data-seq]")).to_have_count(1)
