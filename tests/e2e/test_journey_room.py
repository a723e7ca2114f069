"""The interview room in two browsers (participant and coach) with Chromium's fake camera and
microphone: both join, chat both ways, the call connects, one steps down to audio, one reloads
and gets the messages it missed. A second run forces the call through a real coturn (relay only)
with the portal's short-lived credentials."""

import re
import time
from types import SimpleNamespace

import pytest
from playwright.sync_api import expect

import coaching.webrtc
from tests.coaching.room_helpers import open_interview
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.e2e.cuttable_proxy import CuttableProxy
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


# What the other side's line does when it stops carrying media while the websocket still works:
# every sender of that browser stops sending RTP (encodings inactive), for real, in Chromium.
STOP_SENDING_MEDIA = """async () => {
  const pc = window.interviewRoom.peerConnection();
  let paused = 0;
  for (const sender of pc.getSenders()) {
    const parameters = sender.getParameters();
    if (!sender.track || !parameters.encodings || !parameters.encodings.length) continue;
    parameters.encodings.forEach((encoding) => { encoding.active = false; });
    await sender.setParameters(parameters);
    paused += 1;
  }
  return paused;
}"""


def test_the_page_steps_down_by_itself_when_no_media_arrives_and_says_so(media_browser, live_url, interview):
    me, coach = room_pages(media_browser, live_url, interview)
    join_call(me, "video")
    join_call(coach, "video")
    for page in (me, coach):
        expect(page.locator("#room")).to_have_attribute("data-connection-state", "connected", timeout=CALL_TIMEOUT_MS)
    me.wait_for_timeout(3000)  # media flows for a few of the monitor's 2 s rounds first
    expect(me.locator("#room")).to_have_attribute("data-mode", "video")

    # The coach's line stops carrying media (video and sound); the websocket still works.
    assert coach.evaluate(STOP_SENDING_MEDIA) == 2
    stopped = time.monotonic()
    # No media for 10 s: the participant's page drops its video to keep the sound, and says so.
    expect(me.locator("#room")).to_have_attribute("data-mode", "audio", timeout=20_000)
    to_audio = time.monotonic() - stopped
    expect(me.locator("#media-notice")).to_have_text(
        "La connexion est faible : la vidéo est coupée pour garder le son."
    )
    expect(coach.locator("#peer-notice")).to_contain_text("audio seulement")  # the coach is told
    # Still nothing for 10 s more: the interview goes on in the chat, said in plain words.
    expect(me.locator("#room")).to_have_attribute("data-mode", "chat", timeout=20_000)
    to_chat = time.monotonic() - stopped
    expect(me.locator("#media-notice")).to_have_text(
        "La connexion est trop faible pour le son : l'entrevue continue par clavardage."
    )
    assert 9 <= to_audio <= 16 and to_chat - to_audio >= 9, (to_audio, to_chat)
    send(me, "On continue par écrit.")
    expect(coach.locator("#chat-log li").last).to_contain_text("On continue par écrit.")


# Heavy loss cannot be made on loopback without root's `tc netem` (which would also hit the
# suite's PostgreSQL and Redis): the browser's real statistics are passed on with lost packets
# added, 1,000 per stream at each of the page's 2 s readings, while media keeps flowing.
LOSE_PACKETS = """() => {
    const pc = window.interviewRoom.peerConnection();
    const real = pc.getStats.bind(pc);
    let lost = 0;
    pc.getStats = () => real().then((report) => {
        lost += 1000;
        const stats = new Map();
        report.forEach((stat, id) => stats.set(
            id, stat.type === "inbound-rtp" ? {...stat, packetsLost: (stat.packetsLost || 0) + lost} : stat
        ));
        return stats;
    });
}"""


def test_the_page_steps_down_by_itself_when_the_line_loses_many_packets(media_browser, live_url, interview):
    me, coach = room_pages(media_browser, live_url, interview)
    join_call(me, "video")
    join_call(coach, "video")
    for page in (me, coach):
        expect(page.locator("#room")).to_have_attribute("data-connection-state", "connected", timeout=CALL_TIMEOUT_MS)
    me.wait_for_timeout(3000)  # a first reading of the statistics without loss
    expect(me.locator("#room")).to_have_attribute("data-mode", "video")

    me.evaluate(LOSE_PACKETS)
    losing = time.monotonic()
    expect(me.locator("#room")).to_have_attribute("data-mode", "audio", timeout=10_000)
    # Within a reading or two (2 s each), not the 10 s that a silent line takes: the loss decided it.
    assert time.monotonic() - losing < 7
    expect(me.locator("#media-notice")).to_have_text(
        "La connexion est faible : la vidéo est coupée pour garder le son."
    )
    expect(coach.locator("#peer-notice")).to_contain_text("audio seulement")


def test_a_cut_line_is_retried_with_growing_delays_and_said_in_the_persons_language(
    media_browser, live_asgi_server, interview
):
    room = f"/en/accompagnement/entrevues/{interview.pk}/salle/"
    socket_path = f"/ws/entrevues/{interview.pk}/"
    with CuttableProxy(live_asgi_server.port) as line:
        page = signed_in(media_browser, line.url, interview.participant).new_page()
        page.goto(room)
        status = page.locator("#room-status")
        expect(status).to_have_text("Connected to the room.")

        cut_at = line.cut()  # every connection dropped, new ones refused
        expect(page.locator("#room")).to_have_attribute("data-socket", "lost")
        expect(status).to_have_text(re.compile(r"^Connection lost\. Trying again in \d+ s…$"))
        for _ in range(150):
            if len(line.refused_requests(socket_path)) >= 3:
                break
            page.wait_for_timeout(100)
        attempts = [cut_at, *line.refused_requests(socket_path)[:3]]
        gaps = [later - earlier for earlier, later in zip(attempts, attempts[1:], strict=False)]
        # 1, 2 then 4 s, each with ±20 % jitter: spaced out, never a tight loop.
        assert len(gaps) == 3, gaps
        assert 0.7 <= gaps[0] <= 1.7 and 1.5 <= gaps[1] <= 2.9 and 3.1 <= gaps[2] <= 5.3, gaps
        page.locator("#chat-input").fill("Are you still there?")
        page.locator("#chat-input").press("Enter")  # kept, sent once the line is back

        line.restore()
        expect(status).to_have_text("Connected to the room.", timeout=15_000)  # the next try (about 8 s)
        expect(page.locator("#chat-log li[data-seq]")).to_have_count(1)
        expect(page.locator("#chat-log li[data-seq]")).to_contain_text("Are you still there?")
