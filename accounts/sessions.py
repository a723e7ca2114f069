"""How long a session lasts: staff 30 minutes idle and 12 hours at most; participants two weeks
from their last activity. And "log out everywhere".

The times are kept in the session itself (set at login, accounts.apps) and checked on each
request by accounts.middleware.SessionLifetimeMiddleware. The last activity is written back at
most once a minute (staff) or once an hour (participants): not a session write per request.
"""

import time
from dataclasses import dataclass

from allauth.usersessions.adapter import get_adapter as usersessions_adapter
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest

from accounts.models import User

STARTED_KEY = "accounts.session_started"
SEEN_KEY = "accounts.session_seen"


@dataclass(frozen=True)
class SessionLimits:
    idle_seconds: int
    max_seconds: int | None
    refresh_every_seconds: int


def session_limits(user: User) -> SessionLimits:
    if user.is_staff_member:
        return SessionLimits(settings.STAFF_SESSION_IDLE_SECONDS, settings.STAFF_SESSION_MAX_SECONDS, 60)
    return SessionLimits(settings.PARTICIPANT_SESSION_IDLE_SECONDS, None, 60 * 60)


def session_start(*, request: HttpRequest, user: User) -> None:
    now = int(time.time())
    request.session[STARTED_KEY] = now
    request.session[SEEN_KEY] = now
    request.session.set_expiry(session_limits(user).idle_seconds)


def on_user_logged_in(sender, request, user, **kwargs) -> None:
    if getattr(request, "session", None) is not None:
        session_start(request=request, user=user)
        # allauth records the sessions of its own logins only; "log out everywhere" must also
        # find those opened otherwise (Django's own login views).
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            UserSession.objects.create_from_request(request)


def session_check(*, request: HttpRequest) -> bool:
    """False (and the person logged out) when the session is past its idle time or its maximum;
    otherwise notes the activity when it is due."""
    user = request.user
    limits = session_limits(user)
    now = int(time.time())
    started = request.session.get(STARTED_KEY)
    if started is None:  # a session from before these limits: they start now
        session_start(request=request, user=user)
        return True
    seen = request.session.get(SEEN_KEY, started)
    if now - seen > limits.idle_seconds or (limits.max_seconds is not None and now - started > limits.max_seconds):
        logout(request)
        return False
    if now - seen >= limits.refresh_every_seconds:
        request.session[SEEN_KEY] = now
        request.session.set_expiry(limits.idle_seconds)
    return True


def user_sessions_end_all(*, request: HttpRequest, user: User) -> int:
    """Ends every session of this person (other browsers and devices, and this one); returns how many.

    allauth's usersessions records each login with its session key; ending one deletes the
    session from the store, so the other device is signed out at its next request.
    """
    sessions = list(UserSession.objects.filter(user=user))
    usersessions_adapter().end_sessions(sessions)
    logout(request)
    return len(sessions)
