"""The interview room's websocket on the real ASGI application and the channels_redis layer:
who may connect, the chat (numbers, resend, limits), signalling, heartbeat and vanished clients."""

import asyncio
import datetime

import pytest
from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer
from django.conf import settings
from django.contrib.sessions.backends.cache import SessionStore as CacheSessionStore
from django.core.cache import cache
from django.utils import timezone

from coaching.consumers import InterviewRoomConsumer
from coaching.models import ChatMessage
from coaching.room_selectors import room_group
from tests.accounts.factories import CoachFactory, MinistryAdminFactory, ParticipantFactory
from tests.coaching.factories import InterviewFactory
from tests.coaching.room_helpers import (
    close_code_for,
    join,
    open_interview,
    receive_of_type,
    receive_until,
    room_socket,
    say,
    wait_for_presence,
)

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def fresh_cache():
    # Rate-limit windows and presence live in the cache (Redis): each test starts without them.
    cache.clear()


@pytest.fixture(autouse=True)
def fresh_channel_layers():
    """Each test runs in an event loop of its own, but channel layers are module-wide, and a
    channels_redis layer keeps an asyncio lock for its receives: left held by a consumer still
    running when a test ended (a socket the server closed, never disconnected by the test), it
    broke the next tests with "Lock … is bound to a different event loop". A layer per test."""
    from channels.layers import channel_layers

    channel_layers.backends.clear()
    yield
    channel_layers.backends.clear()


@pytest.fixture
def interview(db):
    return open_interview()


# --- Who may connect --------------------------------------------------------------------------


async def test_an_anonymous_visitor_is_closed_with_4401(interview):
    assert await close_code_for(None, interview.pk) == 4401


async def test_another_participant_another_coach_and_an_admin_get_4403(interview):
    for person in (ParticipantFactory, CoachFactory, MinistryAdminFactory):
        outsider = await sync_to_async(person)()
        assert await close_code_for(outsider, interview.pk) == 4403, person


async def test_a_coach_without_two_factor_gets_4403():
    coach = await sync_to_async(CoachFactory)(totp=False)
    interview = await sync_to_async(open_interview)(coach=coach)
    assert await close_code_for(coach, interview.pk) == 4403


async def test_its_own_participant_with_a_policy_to_accept_gets_4403_as_on_the_pages():
    """The pages' rule comes first (accounts.consumers.PageRuleMixin): the room's own participant
    who has not accepted the current privacy policy is refused, as every page would send them to
    accept it first."""
    await sync_to_async(_a_policy_in_force)()
    participant = await sync_to_async(ParticipantFactory)(consents=False)
    interview = await sync_to_async(open_interview)(participant=participant)
    assert await close_code_for(participant, interview.pk) == 4403
    coach, received = await join(interview.coach, interview.pk)  # the coach still gets in
    assert received[0]["type"] == "welcome"
    await coach.disconnect()


def _a_policy_in_force():
    from accounts.models import PolicyVersion
    from accounts.policies import current_policies

    if not current_policies():  # transactional tests start from a flushed database
        PolicyVersion.objects.create(
            document=PolicyVersion.Document.PRIVACY,
            version="room-test",
            published_at=timezone.now() - datetime.timedelta(days=1),
        )


async def test_a_forged_origin_is_refused_at_the_handshake(interview):
    code = await close_code_for(interview.participant, interview.pk, origin=(b"origin", b"https://evil.example"))
    assert code[0] == "refused"


async def test_the_room_is_closed_before_it_opens_and_after():
    soon = timezone.now() + datetime.timedelta(minutes=30)
    early = await sync_to_async(InterviewFactory)(starts_at=soon, ends_at=soon + datetime.timedelta(minutes=45))
    assert await close_code_for(early.participant, early.pk) == 4404
    past = timezone.now() - datetime.timedelta(hours=3)
    late = await sync_to_async(InterviewFactory)(starts_at=past, ends_at=past + datetime.timedelta(minutes=45))
    assert await close_code_for(late.coach, late.pk) == 4404


async def test_both_members_get_in_and_see_each_other(interview):
    participant, received = await join(interview.participant, interview.pk)
    welcome = received[0]
    assert welcome["type"] == "welcome" and welcome["me"] == interview.participant_id and welcome["polite"] is True
    assert welcome["rtc"] == {"iceServers": [], "iceTransportPolicy": "all"}
    coach, received = await join(interview.coach, interview.pk)
    assert received[-1] == {"type": "presence", "present": [interview.participant_id, interview.coach_id]}
    await wait_for_presence(participant, [interview.participant_id, interview.coach_id])
    await coach.disconnect()
    await wait_for_presence(participant, [interview.participant_id])
    await participant.disconnect()


async def test_one_socket_per_person_a_new_one_replaces_the_old(interview):
    first, _ = await join(interview.participant, interview.pk)
    second, _ = await join(interview.participant, interview.pk)
    while True:
        output = await first.receive_output(timeout=5)
        if output["type"] == "websocket.close":
            break
    assert output["code"] == 4409
    await second.disconnect()


# --- Chat ---------------------------------------------------------------------------------------


async def test_chat_both_ways_with_numbers_and_text_kept_as_text(interview):
    participant, _ = await join(interview.participant, interview.pk)
    coach, _ = await join(interview.coach, interview.pk)
    vector = '<img src=x onerror="alert(1)"><script>alert(2)</script>'
    client_id = await say(participant, vector)
    for socket in (participant, coach):
        message = await receive_of_type(socket, "chat")
        assert (message["seq"], message["body"], message["client_id"]) == (1, vector, client_id)
        assert message["sender_id"] == interview.participant_id
    await say(coach, "Bonjour !")
    assert (await receive_of_type(participant, "chat"))["seq"] == 2
    assert (await receive_of_type(coach, "chat"))["body"] == "Bonjour !"
    await participant.disconnect()
    await coach.disconnect()


async def test_a_reconnecting_client_gets_exactly_what_it_missed_in_order(interview):
    coach, _ = await join(interview.coach, interview.pk)
    participant, _ = await join(interview.participant, interview.pk)
    await say(coach, "un")
    assert (await receive_of_type(participant, "chat"))["seq"] == 1
    await participant.disconnect()  # the participant's line drops after message 1
    await say(coach, "deux")
    await say(coach, "trois")
    assert (await receive_of_type(coach, "chat"))["seq"] == 1
    assert (await receive_of_type(coach, "chat"))["seq"] == 2
    assert (await receive_of_type(coach, "chat"))["seq"] == 3

    participant, received = await join(interview.participant, interview.pk, last_seq=1)
    chats = [message for message in received if message["type"] == "chat"]
    assert [(message["seq"], message["body"]) for message in chats] == [(2, "deux"), (3, "trois")]
    # Live messages continue the numbering, with nothing sent twice.
    await say(coach, "quatre")
    assert (await receive_of_type(participant, "chat"))["seq"] == 4
    await participant.disconnect()
    await coach.disconnect()


async def test_a_number_beyond_the_last_one_still_gets_the_next_messages(interview):
    participant, _ = await join(interview.participant, interview.pk, last_seq=10**9)
    await say(participant, "premier")
    assert (await receive_of_type(participant, "chat"))["seq"] == 1
    await participant.disconnect()


async def test_a_message_resent_after_a_lost_connection_is_stored_once(interview):
    participant, _ = await join(interview.participant, interview.pk)
    client_id = await say(participant, "envoyé deux fois")
    first = await receive_of_type(participant, "chat")
    await participant.disconnect()
    participant, received = await join(interview.participant, interview.pk, last_seq=0)
    assert [message["seq"] for message in received if message["type"] == "chat"] == [first["seq"]]
    await say(participant, "envoyé deux fois", client_id=client_id)
    await say(participant, "suivant")
    # The resend is not broadcast again to a socket that has it: the next one it gets is "suivant".
    following = await receive_of_type(participant, "chat")
    assert (following["seq"], following["body"]) == (2, "suivant")
    assert await sync_to_async(ChatMessage.objects.filter(interview=interview).count)() == 2
    await participant.disconnect()


async def test_too_long_and_too_fast_messages_are_refused_with_a_reason(interview, settings):
    participant, _ = await join(interview.participant, interview.pk)
    await say(participant, "x" * 2001)
    assert (await receive_of_type(participant, "chat_refused"))["reason"] == "too_long"
    await say(participant, "   ")
    assert (await receive_of_type(participant, "chat_refused"))["reason"] == "empty"
    await say(participant, "x" * 2000)
    assert len((await receive_of_type(participant, "chat"))["body"]) == 2000

    settings.ROOM_CHAT_RATE_MESSAGES = 3
    for index in range(3):
        await say(participant, f"vite {index}")
    await say(participant, "trop vite")
    refused = await receive_of_type(participant, "chat_refused")
    assert refused["reason"] == "rate_limited"
    bodies = await sync_to_async(list)(ChatMessage.objects.filter(interview=interview).values_list("body", flat=True))
    assert "trop vite" not in bodies and len(bodies) == 3  # the 2,000 characters and two "vite"
    await participant.disconnect()


# --- Signalling -------------------------------------------------------------------------------


async def test_signalling_reaches_the_other_person_only(interview):
    # The same coach in the room of an earlier interview (still open), with its own participant.
    earlier = timezone.now().replace(microsecond=0) - datetime.timedelta(minutes=100)
    other = await sync_to_async(InterviewFactory)(
        coach=interview.coach, starts_at=earlier, ends_at=earlier + datetime.timedelta(minutes=45)
    )
    participant, _ = await join(interview.participant, interview.pk)
    coach, _ = await join(interview.coach, interview.pk)
    other_participant, _ = await join(other.participant, other.pk)

    offer = {"description": {"type": "offer", "sdp": "v=0…"}, "session": "abc"}
    await participant.send_json_to({"type": "signal", "data": offer})
    assert await receive_of_type(coach, "signal") == {"type": "signal", "from": interview.participant_id, "data": offer}
    await coach.send_json_to({"type": "mode", "mode": "audio", "reason": "degraded"})
    assert (await receive_of_type(participant, "peer_mode"))["mode"] == "audio"
    # Neither the sender itself nor the other room hears any of it.
    await participant.send_json_to({"type": "ping"})
    assert (await receive_of_type(participant, "pong"))["type"] == "pong"
    heard = []
    while not await other_participant.receive_nothing(timeout=0.5):
        heard.append((await other_participant.receive_json_from())["type"])
    assert set(heard) <= {"presence"}, heard
    for socket in (participant, coach, other_participant):
        await socket.disconnect()


async def test_a_burst_of_200_messages_arrives_complete_and_in_order(interview, settings):
    participant, _ = await join(interview.participant, interview.pk)
    coach, _ = await join(interview.coach, interview.pk)
    for index in range(200):
        await participant.send_json_to({"type": "signal", "data": {"candidate": {"index": index}}})
    indexes = [(await receive_of_type(coach, "signal"))["data"]["candidate"]["index"] for _ in range(200)]
    assert indexes == list(range(200))

    settings.ROOM_CHAT_RATE_MESSAGES = 1000
    for index in range(200):
        await say(participant, f"message {index}")
    seqs = [(await receive_of_type(coach, "chat"))["seq"] for _ in range(200)]
    assert seqs == list(range(1, 201))
    await participant.disconnect()
    await coach.disconnect()


# --- Heartbeat, sessions, vanished clients --------------------------------------------------------


@pytest.fixture
def fast_heartbeat(monkeypatch):
    monkeypatch.setattr(InterviewRoomConsumer, "heartbeat_seconds", 0.2)
    monkeypatch.setattr(InterviewRoomConsumer, "silence_seconds", 1.0)
    monkeypatch.setattr(InterviewRoomConsumer, "presence_seconds", 1)


async def test_the_server_pings_and_closes_a_silent_client(interview, fast_heartbeat):
    participant, _ = await join(interview.participant, interview.pk)
    assert (await receive_of_type(participant, "ping"))["type"] == "ping"
    while True:  # the test never answers: the server gives up on it
        output = await participant.receive_output(timeout=5)
        if output["type"] == "websocket.close":
            break
    assert output["code"] == 4408


async def test_a_session_ended_elsewhere_closes_the_room_with_4401(interview, fast_heartbeat):
    participant = await room_socket(interview.participant, interview.pk)
    await participant.connect()
    session_key = participant.scope["headers"][1][1].decode().split("=")[1]
    await participant.send_json_to({"type": "hello", "last_seq": 0})
    await receive_until(participant, "presence")
    # Logged out from another device: the session is gone from the cache and the database.
    await sync_to_async(settings_session_store().delete)(session_key)
    while True:
        output = await participant.receive_output(timeout=5)
        if output["type"] == "websocket.close":
            break
    assert output["code"] == 4401


def settings_session_store():
    from importlib import import_module

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    assert not isinstance(store, CacheSessionStore)  # sessions are kept in the database too
    return store


async def test_a_vanished_client_leaves_presence_and_the_group(interview, fast_heartbeat, settings):
    settings.CHANNEL_LAYERS = {
        **settings.CHANNEL_LAYERS,
        "room": {
            **settings.CHANNEL_LAYERS["room"],
            "CONFIG": {**settings.CHANNEL_LAYERS["room"]["CONFIG"], "group_expiry": 1},
        },
    }
    coach, _ = await join(interview.coach, interview.pk)
    participant, _ = await join(interview.participant, interview.pk)
    await wait_for_presence(coach, [interview.participant_id, interview.coach_id])
    layer = get_channel_layer("room")
    group_key = layer._group_key(room_group(interview.pk))
    async with layer.connection(layer.consistent_hash(room_group(interview.pk))) as redis:
        assert await redis.zcard(group_key) == 2

    # The participant's process dies: `disconnect` never runs, nothing is discarded.
    participant.future.cancel()
    for task in asyncio.all_tasks():
        if task.get_name() == f"room-heartbeat:{interview.pk}:{interview.participant_id}":
            task.cancel()
    await asyncio.sleep(0)

    # The coach keeps answering pings; within the presence time to live the participant is gone.
    deadline = asyncio.get_running_loop().time() + 5
    while True:
        message = await coach.receive_json_from(timeout=5)
        if message["type"] == "ping":
            await coach.send_json_to({"type": "pong"})
        if message["type"] == "presence" and message["present"] == [interview.coach_id]:
            break
        assert asyncio.get_running_loop().time() < deadline
    # And the group's membership expired (channels_redis counts whole seconds): a send prunes it,
    # only the coach's channel remains.
    for _ in range(10):  # the coach stays alive meanwhile
        await coach.send_json_to({"type": "ping"})
        await asyncio.sleep(0.2)
    await layer.group_send(room_group(interview.pk), {"type": "room.typing", "from": 0})
    async with layer.connection(layer.consistent_hash(room_group(interview.pk))) as redis:
        assert await redis.zcard(group_key) == 1
    await coach.disconnect()


async def test_an_idle_room_socket_outlives_the_layers_5_second_wait(interview, monkeypatch):
    # channels_redis blocks 5 s on Redis for the next event: with redis-py 8's default 5 s socket
    # timeout an idle consumer crashed. Nothing goes through the layer for 7 s here.
    monkeypatch.setattr(InterviewRoomConsumer, "heartbeat_seconds", 60.0)
    participant, _ = await join(interview.participant, interview.pk)
    await asyncio.sleep(7)
    await participant.send_json_to({"type": "ping"})
    assert (await receive_of_type(participant, "pong"))["type"] == "pong"
    await say(participant, "toujours là")
    assert (await receive_of_type(participant, "chat"))["body"] == "toujours là"
    await participant.disconnect()


async def test_many_people_leaving_at_once_all_leave_cleanly(monkeypatch):
    """120 sockets of one server process close together (the end of a busy hour, a proxy
    restarting): each `disconnect` discards its groups and presence through the layer's Redis
    pool at the same moment. redis-py 8 refuses a command when its pool is full instead of
    waiting ("Too many connections", seen in the 200-room bench), and the consumer died before
    cleaning up; the room layer's pool is sized for this (settings, max_connections)."""
    monkeypatch.setattr(InterviewRoomConsumer, "heartbeat_seconds", 60.0)
    interviews = [await sync_to_async(open_interview)() for _ in range(60)]
    sockets = []
    for interview in interviews:
        for person in (interview.participant, interview.coach):
            sockets.append((await join(person, interview.pk))[0])
    await asyncio.gather(*(socket.disconnect() for socket in sockets))  # raises what a consumer raised
    layer = get_channel_layer("room")
    for interview in interviews[:5]:
        async with layer.connection(layer.consistent_hash(room_group(interview.pk))) as redis:
            assert await redis.zcard(layer._group_key(room_group(interview.pk))) == 0
