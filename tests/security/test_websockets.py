"""Every websocket route applies the pages' rule: tried by each kind of person, as url_table.py says.

Real sockets through the project's ASGI application (session cookie, origin check, Redis layer).
"""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.test import Client
from django.utils import timezone

from accounts.models import PolicyVersion
from accounts.policies import current_policies
from integration_portal.asgi import application
from integration_portal.routing import websocket_urlpatterns
from tests.accounts.factories import CoachFactory, MinistryAdminFactory, ParticipantFactory
from tests.security.url_table import ACCEPT, WEBSOCKET_RULES

PEOPLE = (
    "anonymous",
    "owner",
    "other_participant",
    "participant_without_consent",
    "coach",
    "coach_without_two_factor",
    "admin",
    "admin_without_two_factor",
)


@dataclass
class SocketWorld:
    owner: object
    other_participant: object
    participant_without_consent: object
    coach: object
    coach_without_two_factor: object
    admin: object
    admin_without_two_factor: object


def make_world() -> SocketWorld:
    # Transactional tests start from a flushed database: the policy versions the migrations made
    # may be gone, and with none in force nobody would have anything left to accept.
    if not current_policies():
        PolicyVersion.objects.create(
            document=PolicyVersion.Document.PRIVACY, version="ws-test", published_at=timezone.now() - timedelta(days=1)
        )
    return SocketWorld(
        owner=ParticipantFactory(),
        other_participant=ParticipantFactory(),
        participant_without_consent=ParticipantFactory(consents=False),
        coach=CoachFactory(),
        coach_without_two_factor=CoachFactory(totp=False),
        admin=MinistryAdminFactory(is_superuser=False),
        admin_without_two_factor=MinistryAdminFactory(is_superuser=False, totp=False),
    )


def headers_for(world: SocketWorld, person: str) -> list[tuple[bytes, bytes]]:
    headers = [(b"origin", b"http://127.0.0.1")]
    if person != "anonymous":
        client = Client()
        client.force_login(getattr(world, person))  # the login signal notes what is left to accept
        headers.append((b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode()))
    return headers


async def first_close_code(communicator) -> int | None:
    """The code of a close sent right after the accept; None when the socket stays open."""
    if await communicator.receive_nothing(timeout=1):
        return None
    output = await communicator.receive_output(timeout=1)
    return output.get("code") if output["type"] == "websocket.close" else None


def test_every_websocket_route_is_in_the_table():
    routes = {str(pattern.pattern) for pattern in websocket_urlpatterns}
    assert sorted(routes - set(WEBSOCKET_RULES)) == []
    assert sorted(set(WEBSOCKET_RULES) - routes) == []


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("route", sorted(WEBSOCKET_RULES))
async def test_each_person_gets_what_the_socket_table_says(route):
    rule = WEBSOCKET_RULES[route]
    world = await sync_to_async(make_world)()
    path = await sync_to_async(rule.path)(world)
    seen, expected = {}, {}
    for person in PEOPLE:
        headers = await sync_to_async(headers_for)(world, person)
        communicator = WebsocketCommunicator(application, path, headers=headers)
        connected, code = await communicator.connect()
        if connected:
            # A consumer may accept first and close at once with its code, so that browsers can
            # read it (the interview room does): its first output then says so.
            code = await first_close_code(communicator)
        seen[person] = ACCEPT if code is None else code
        expected[person] = getattr(rule, person)
        await communicator.disconnect()
    assert seen == expected, f"{route}: {rule.note}"
