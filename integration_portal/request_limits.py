"""A cap on request bodies, applied before the body is read.

Django's ASGI handler reads a request's whole body (to a temporary file) before any middleware
runs, and its upload settings limit only form fields kept in memory: a multi-gigabyte upload
filled a worker's disk before the form said "too large". So:

- RequestSizeLimit (ASGI, wraps Django in asgi.py) compares the declared Content-Length with the
  cap and, if it is over, hands Django an empty body; a body sent without a length is counted as
  it arrives and cut at the cap. Either way it marks the scope.
- RequestSizeLimitMiddleware (Django, before anything reads the body: CSRF reads the form) answers
  413 with the upload's usual message in the person's language, when the scope is marked or the
  declared length is over (the test client and WSGI, which never go through the ASGI wrapper).

The proxy in front should refuse such bodies first (nginx: client_max_body_size, README).
"""

import asyncio

from django.conf import settings
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext

TOO_LARGE = "portal.body_too_large"


def request_limit(path: str) -> int:
    """Admins upload capsule videos (CONTENT_MAX_MEDIA_BYTES); everyone else small deliverables."""
    if path.startswith("/admin/"):
        return settings.ADMIN_REQUEST_MAX_BYTES
    return settings.REQUEST_MAX_BYTES


def _declared_length(headers) -> int | None:
    for name, value in headers:
        if name.lower() == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


class RequestSizeLimit:
    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        limit = request_limit(scope.get("path", ""))
        declared = _declared_length(scope.get("headers", []))
        if declared is not None and declared > limit:
            scope = {**scope, TOO_LARGE: declared}
        received = 0
        ended = False

        async def counted():
            nonlocal received, ended
            if ended:
                # The body is not read any further; Django's wait for a disconnect is cancelled
                # once the response is sent, and the server then closes the connection.
                await asyncio.Future()
            if TOO_LARGE in scope:
                ended = True
                return {"type": "http.request", "body": b"", "more_body": False}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    # Django has not built the request yet: the mark reaches the middleware below.
                    scope[TOO_LARGE] = received
                    ended = True
                    return {"type": "http.request", "body": b"", "more_body": False}
            return message

        return await self.app(scope, counted, send)


class RequestSizeLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = request_limit(request.path)
        size = getattr(request, "scope", {}).get(TOO_LARGE)
        if size is None:
            declared = request.META.get("CONTENT_LENGTH") or ""
            size = int(declared) if declared.isdigit() and int(declared) > limit else None
        if size is not None:
            message = gettext("Le fichier est trop lourd (%(size)s) : la limite est de %(limit)s.") % {
                "size": filesizeformat(size),
                "limit": filesizeformat(limit),
            }
            return render(request, "413.html", {"message": message}, status=413)
        return self.get_response(request)
