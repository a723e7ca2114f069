"""The real parts: the channels_redis layer across instances, and a Celery worker on Redis."""

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from channels_redis.core import RedisChannelLayer
from django.conf import settings
from django.test import Client

from accounts.services import user_notification_group
from integration_portal.asgi import application
from integration_portal.celery import worker_ping_task


def session_cookie_for(user) -> bytes:
    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}".encode()


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_group_send_on_one_redis_layer_reaches_a_consumer_on_another(participant):
    cookie = await sync_to_async(session_cookie_for)(participant)
    communicator = WebsocketCommunicator(
        application, "/ws/notifications/", headers=[(b"cookie", cookie), (b"origin", b"http://127.0.0.1")]
    )
    connected, _ = await communicator.connect()
    assert connected

    # A second layer instance, as another web process would have.
    other_process_layer = RedisChannelLayer(hosts=[settings.REDIS_URL], prefix="portal:asgi")
    await other_process_layer.group_send(
        user_notification_group(participant.pk), {"type": "user.notification", "payload": {"text": "bonjour"}}
    )
    assert await communicator.receive_json_from(timeout=5) == {"text": "bonjour"}
    await communicator.disconnect()


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_the_notification_socket_refuses_anonymous_people():
    communicator = WebsocketCommunicator(application, "/ws/notifications/", headers=[(b"origin", b"http://127.0.0.1")])
    connected, code = await communicator.connect()
    assert not connected
    assert code == 4401


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_the_notification_socket_refuses_a_foreign_origin(participant):
    cookie = await sync_to_async(session_cookie_for)(participant)
    communicator = WebsocketCommunicator(
        application, "/ws/notifications/", headers=[(b"cookie", cookie), (b"origin", b"https://evil.example")]
    )
    connected, _ = await communicator.connect()
    assert not connected


def test_a_task_sent_through_the_redis_broker_runs_in_a_real_worker(celery_worker_process):
    assert settings.CELERY_BROKER_URL.startswith("redis://")
    result = worker_ping_task.apply_async()
    value = result.get(timeout=60)
    assert value["hostname"].startswith("test-")
    assert value["database"] == settings.DATABASES["default"]["NAME"]
