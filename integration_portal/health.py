"""Liveness and readiness probes for load balancers and orchestrators."""

import logging
import uuid

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from integration_portal.celery import app as celery_app

logger = logging.getLogger(__name__)


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache() -> None:
    key = f"readyz:{uuid.uuid4().hex}"
    cache.set(key, "ok", timeout=5)
    if cache.get(key) != "ok":
        raise RuntimeError("cache did not return the value just written")
    cache.delete(key)


def check_channel_layer() -> None:
    layer = get_channel_layer()
    if layer is None:
        raise RuntimeError("no channel layer configured")

    async def round_trip() -> None:
        channel = await layer.new_channel()
        await layer.send(channel, {"type": "readyz.ping"})
        message = await layer.receive(channel)
        if message.get("type") != "readyz.ping":
            raise RuntimeError("channel layer returned another message")

    async_to_sync(round_trip)()


def check_broker() -> None:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return  # no broker in the embedded default: tasks run in-process
    # A pooled connection, kept between probes, and a PING through it: a real round trip to the
    # broker without opening a new TCP connection on every probe.
    with celery_app.pool.acquire(block=True, timeout=2) as conn:
        conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=2)
        client = getattr(conn.default_channel, "client", None)  # the Redis transport's client
        if client is not None:
            client.ping()


CHECKS = {
    "database": check_database,
    "cache": check_cache,
    "channel_layer": check_channel_layer,
    "broker": check_broker,
}


def backend_name(check: str) -> str:
    """Name the service behind a check, so that a 503 says what to restart."""
    if check == "database":
        return settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    if check == "broker":
        return "redis" if settings.CELERY_BROKER_URL.startswith("redis") else settings.CELERY_BROKER_URL.split(":")[0]
    if check == "cache":
        return "redis" if "redis" in settings.CACHES["default"]["BACKEND"].lower() else "locmem"
    return "redis" if "redis" in settings.CHANNEL_LAYERS["default"]["BACKEND"].lower() else "in-memory"


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    checks: dict[str, dict] = {}
    down: list[str] = []
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as exc:  # any failure means "not ready"; the type is enough to log
            logger.warning("readyz: %s is down (%s)", name, type(exc).__name__)
            checks[name] = {"status": "down", "backend": backend_name(name), "error": type(exc).__name__}
            down.append(name)
        else:
            checks[name] = {"status": "ok", "backend": backend_name(name)}
    body = {"status": "down" if down else "ok", "checks": checks}
    if down:
        body["down"] = [f"{name} ({checks[name]['backend']})" for name in down]
    return JsonResponse(body, status=503 if down else 200)
