"""The interview room's chat through channels_redis: the round trip (one person sends, the other
receives) with the two people on two different server processes, alone, then with 200 rooms of
two people held open at once (each sending a message every few seconds) beside it.

Two uvicorn processes of their own are started here (one worker each), so that the two people of
the measured room are certainly on different processes: every message crosses Redis.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import json
import os
import time
import uuid

from tests.bench.framework import BenchContext, Figure, percentile

ROUND_TRIPS = int(os.environ.get("BENCH_ROOM_ROUND_TRIPS", "400"))
ROOMS_UNDER_LOAD = int(os.environ.get("BENCH_ROOM_ROOMS", "200"))
LOAD_MESSAGE_EVERY_S = 5.0


def seed(ctx: BenchContext) -> None:
    """An interview open now for a measured pair, and ROOMS_UNDER_LOAD more pairs."""
    from allauth.mfa.models import Authenticator
    from django.utils import timezone

    from accounts.models import User
    from accounts.services import user_set_role
    from coaching.models import Interview
    from coaching.room_models import ChatMessage
    from coaching.room_selectors import room_state

    starts_at = timezone.now().replace(second=0, microsecond=0) - datetime.timedelta(minutes=5)

    def open_interview(participant, coach) -> int:
        for interview in Interview.objects.filter(participant=participant, coach=coach, status="booked"):
            if room_state(interview) == "open":
                return interview.pk
        return Interview.objects.create(
            participant=participant, coach=coach, starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=1)
        ).pk

    def pair(name) -> list:
        people = []
        for role in (User.Role.PARTICIPANT, User.Role.COACH):
            user, created = User.objects.get_or_create(
                email=f"bench-room-{role}-{name}@example.org", defaults={"display_name": f"Room {name}"}
            )
            if created:
                user_set_role(user=user, role=role)
                if role == User.Role.COACH:
                    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x" * 32})
            people.append(user)
        return people

    # The measured room is a pair of its own: run after run, its hundreds of messages would
    # otherwise pile up in the bench participant's data export, measured by the privacy scenario.
    # (Earlier runs used the bench participant's room: their messages go.)
    ChatMessage.objects.filter(interview__participant=ctx.participant).delete()
    measured = pair("measured")
    ctx.data["room_interview"] = open_interview(*measured)
    ctx.data["room_measured"] = [person.pk for person in measured]
    pairs = []
    for index in range(ROOMS_UNDER_LOAD):
        people = pair(index)
        pairs.append((open_interview(*people), people[0], people[1]))
    ctx.data["room_pairs"] = pairs


def _servers():
    from tests.bench.run import Server

    environment = {**os.environ, "ROOM_CHAT_RATE_MESSAGES": "1000000"}
    servers = [Server(environment, workers=1), Server(environment, workers=1)]
    for server in servers:
        server.start()
    return servers


async def _open(base_url: str, interview_id: int, session_key: str):
    from django.conf import settings
    from websockets.asyncio.client import connect

    socket = await connect(
        base_url.replace("http://", "ws://") + f"/ws/entrevues/{interview_id}/",
        origin=base_url,
        additional_headers={"Cookie": f"{settings.SESSION_COOKIE_NAME}={session_key}"},
        max_queue=None,
    )
    await socket.send(json.dumps({"type": "hello", "last_seq": 10**9}))
    while json.loads(await asyncio.wait_for(socket.recv(), timeout=30))["type"] != "presence":
        pass
    return socket


async def _receive_chat(socket, client_id: str, timeout: float = 30) -> None:
    """Until this message comes back, 30 s at most in all (pings and presence keep arriving, so a
    wait per message would wait for ever for a message that was lost)."""
    deadline = time.monotonic() + timeout
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError(f"message {client_id} not received in {timeout} s")
        message = json.loads(await asyncio.wait_for(socket.recv(), timeout=remaining))
        if message["type"] == "chat_refused":
            raise RuntimeError(f"the room refused a message: {message['reason']}")
        if message["type"] == "ping":
            await socket.send(json.dumps({"type": "pong"}))
        elif message["type"] == "chat" and message["client_id"] == client_id:
            return


async def _round_trips(sender, receiver, count: int) -> list[float]:
    durations = []
    for _ in range(count):
        client_id = str(uuid.uuid4())
        started = time.perf_counter()
        await sender.send(json.dumps({"type": "chat", "client_id": client_id, "body": "Bonjour, ça va ?"}))
        await _receive_chat(receiver, client_id)
        durations.append((time.perf_counter() - started) * 1000)
        await _receive_chat(sender, client_id)  # the sender's own copy, before the next one
    return durations


async def _background_room(sender, receiver, stop: asyncio.Event, lost: list[int]) -> None:
    """One of the rooms held open meanwhile: a message every few seconds, and pongs."""
    while not stop.is_set():
        try:
            await _round_trips(sender, receiver, 1)
        except TimeoutError:  # a late message is skipped by its client id
            lost[0] += 1
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=LOAD_MESSAGE_EVERY_S)


async def _round_trips_under_load(sender, receiver, count: int) -> tuple[list[float], int]:
    """Like _round_trips, but a message that does not come back within the wait counts as lost
    instead of ending the run (on a saturated machine, the figures still say how bad it was)."""
    durations, lost = [], 0
    for _ in range(count):
        try:
            durations.extend(await _round_trips(sender, receiver, 1))
        except TimeoutError:
            lost += 1
    return durations, lost


async def _close(socket) -> None:
    with contextlib.suppress(Exception):
        await asyncio.wait_for(socket.close(), timeout=5)


async def _measure(ctx: BenchContext, base_urls: list[str], sessions: dict) -> dict:
    from websockets.protocol import State

    interview = ctx.data["room_interview"]
    participant = await _open(base_urls[0], interview, sessions["participant"])
    coach = await _open(base_urls[1], interview, sessions["coach"])
    await _round_trips(participant, coach, 20)  # warm-up
    alone = await _round_trips(participant, coach, ROUND_TRIPS)

    async def keep_alive(sockets) -> None:
        while True:
            await asyncio.sleep(5)
            for socket in sockets:
                await socket.send(json.dumps({"type": "ping"}))

    # Rooms are opened one after the other, each starting its traffic at once (a silent socket is
    # closed by the server after 30 s); the measured pair is kept alive meanwhile.
    waiting = asyncio.create_task(keep_alive([participant, coach]))
    stop = asyncio.Event()
    held, background, background_lost = [], [], [0]
    started = time.perf_counter()
    try:
        for index, (room, participant_key, coach_key) in enumerate(sessions["pairs"]):
            pair = (
                await _open(base_urls[index % 2], room, participant_key),
                await _open(base_urls[(index + 1) % 2], room, coach_key),
            )
            held.append(pair)
            background.append(asyncio.create_task(_background_room(*pair, stop, background_lost)))
        opened_s = time.perf_counter() - started
        await asyncio.sleep(2)
        waiting.cancel()
        loaded, lost = await _round_trips_under_load(participant, coach, ROUND_TRIPS)
        still_open = sum(all(socket.state is State.OPEN for socket in pair) for pair in held)
    finally:
        stop.set()
        waiting.cancel()
        # Each background room ends its current round trip (30 s at most), then the rest is cut.
        _done, pending = await asyncio.wait([*background, waiting], timeout=40)
        for task in pending:
            task.cancel()
        died = sum(1 for task in background if task.done() and not task.cancelled() and task.exception())
        await asyncio.gather(*(_close(s) for s in [participant, coach, *(s for pair in held for s in pair)]))
    print(
        f"Room chat: {len(held)} rooms opened in {opened_s:.0f} s; under load {lost}/{ROUND_TRIPS} measured round"
        f" trips and {background_lost[0]} background ones lost; {died} background rooms ended on an error"
    )
    return {"alone": alone, "loaded": loaded or [float("inf")], "held": still_open, "lost": lost}


def _results(ctx: BenchContext) -> dict:
    """Measured once, read by the figures below."""
    if "room_results" in ctx.data:
        return ctx.data["room_results"]
    if "room_error" in ctx.data:  # measured once even when it failed: every figure says why
        raise ctx.data["room_error"]
    from django.db import connections

    from accounts.models import User
    from tests.bench.run import session_cookie_for

    measured_participant, measured_coach = (User.objects.get(pk=pk) for pk in ctx.data["room_measured"])
    sessions = {
        "participant": session_cookie_for(measured_participant),
        "coach": session_cookie_for(measured_coach),
        "pairs": [
            (
                room,
                session_cookie_for(User.objects.get(pk=participant.pk)),
                session_cookie_for(User.objects.get(pk=coach.pk)),
            )
            for room, participant, coach in ctx.data["room_pairs"]
        ],
    }
    connections.close_all()
    servers = _servers()
    try:
        ctx.data["room_results"] = asyncio.run(_measure(ctx, [server.base_url for server in servers], sessions))
    except Exception as error:
        ctx.data["room_error"] = error
        raise
    finally:
        for server in servers:
            server.stop()
    return ctx.data["room_results"]


FIGURES = [
    Figure(
        name="room chat round trip, 2 server processes: median",
        measure=lambda ctx: percentile(_results(ctx)["alone"], 0.5),
        unit="ms",
        target=10,
    ),
    Figure(
        name="room chat round trip, 2 server processes: p99",
        measure=lambda ctx: percentile(_results(ctx)["alone"], 0.99),
        unit="ms",
        target=50,
    ),
    Figure(
        name=f"rooms of two held open at once (target {ROOMS_UNDER_LOAD})",
        measure=lambda ctx: _results(ctx)["held"],
        unit="rooms",
        target=ROOMS_UNDER_LOAD - 1,
        better="higher",
    ),
    Figure(
        name=f"room chat round trips lost (no answer in 30 s) with {ROOMS_UNDER_LOAD} rooms held",
        measure=lambda ctx: _results(ctx)["lost"],
        unit="messages",
        target=0,
    ),
    Figure(
        name=f"room chat round trip with {ROOMS_UNDER_LOAD} rooms held: median",
        measure=lambda ctx: percentile(_results(ctx)["loaded"], 0.5),
        unit="ms",
        target=10,
    ),
    Figure(
        name=f"room chat round trip with {ROOMS_UNDER_LOAD} rooms held: p99",
        measure=lambda ctx: percentile(_results(ctx)["loaded"], 0.99),
        unit="ms",
        target=50,
    ),
]
