"""Helpers for the interview room's tests: an open interview, and a websocket per person through
the project's real ASGI application (origin check, sessions, channels_redis)."""

import datetime
import uuid

from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.test import Client
from django.utils import timezone

from integration_portal.asgi import application
from tests.coaching.factories import InterviewFactory

ORIGIN = (b"origin", b"http://127.0.0.1")


def open_interview(**extra):
    """An interview that started five minutes ago: its room is open."""
    starts_at = timezone.now().replace(microsecond=0) - datetime.timedelta(minutes=5)
    return InterviewFactory(starts_at=starts_at, ends_at=starts_at + datetime.timedelta(minutes=45), **extra)


def session_cookie_for(user) -> tuple[bytes, str]:
    client = Client()
    client.force_login(user)
    key = client.cookies["sessionid"].value
    return f"sessionid={key}".encode(), key


async def room_socket(user, interview_id: int, *, origin=ORIGIN) -> WebsocketCommunicator:
    headers = [origin]
    if user is not None:
        cookie, _key = await sync_to_async(session_cookie_for)(user)
        headers.append((b"cookie", cookie))
    return WebsocketCommunicator(application, f"/ws/entrevues/{interview_id}/", headers=headers)


async def close_code_for(user, interview_id: int, **kwargs):
    """Connect and return the close code the room answers with (None if it stays open)."""
    communicator = await room_socket(user, interview_id, **kwargs)
    connected, code = await communicator.connect()
    if not connected:
        return ("refused", code)
    output = await communicator.receive_output(timeout=5)
    await communicator.wait()
    return output.get("code") if output["type"] == "websocket.close" else None


async def join(user, interview_id: int, *, last_seq: int = 0) -> tuple[WebsocketCommunicator, list[dict]]:
    """Connect, say hello with the last chat number seen; returns the socket and what came before
    the first presence message (the welcome and the missed chat messages)."""
    communicator = await room_socket(user, interview_id)
    connected, _ = await communicator.connect()
    assert connected
    await communicator.send_json_to({"type": "hello", "last_seq": last_seq})
    received = await receive_until(communicator, "presence")
    return communicator, received


async def receive_until(communicator: WebsocketCommunicator, kind: str, timeout: float = 5) -> list[dict]:
    received = []
    while True:
        message = await communicator.receive_json_from(timeout=timeout)
        received.append(message)
        if message["type"] == kind:
            return received


async def receive_of_type(communicator: WebsocketCommunicator, kind: str, timeout: float = 5) -> dict:
    """The next message of this type, skipping pings and presence updates."""
    while True:
        message = await communicator.receive_json_from(timeout=timeout)
        if message["type"] == kind:
            return message


async def say(communicator: WebsocketCommunicator, body: str, client_id: str | None = None) -> str:
    client_id = client_id or str(uuid.uuid4())
    await communicator.send_json_to({"type": "chat", "body": body, "client_id": client_id})
    return client_id


async def wait_for_presence(communicator: WebsocketCommunicator, present: list[int], timeout: float = 5) -> None:
    """Presence messages until one lists exactly these people (earlier ones may be stale)."""
    while (await receive_of_type(communicator, "presence", timeout))["present"] != present:
        pass
