"""Reads of the interview room: when it is open, who is in it, the chat after a given number."""

import datetime

from django.conf import settings
from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY
from django.core.cache import cache
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from accounts.models import User
from coaching.models import ChatMessage, Interview

# The room opens a little before the start, so that both can check their camera, and stays open
# two hours after the start (at least until the planned end) for an interview that runs late.
OPENS_BEFORE = datetime.timedelta(minutes=10)
OPEN_AFTER_START = datetime.timedelta(hours=2)
# How many missed messages one reconnection receives at most (an interview's chat is far shorter).
RESEND_LIMIT = 1000


def room_window(interview: Interview) -> tuple[datetime.datetime, datetime.datetime]:
    return interview.starts_at - OPENS_BEFORE, max(interview.starts_at + OPEN_AFTER_START, interview.ends_at)


def room_state(interview: Interview, *, now: datetime.datetime | None = None) -> str:
    """ "open", "early" (countdown), "closed" (after), or "cancelled"."""
    if interview.status in (Interview.Status.CANCELLED, Interview.Status.NO_SHOW):
        return "cancelled"
    now = now or timezone.now()
    opens_at, closes_at = room_window(interview)
    if now < opens_at:
        return "early"
    if now >= closes_at:
        return "closed"
    return "open"


def room_group(interview_id: int) -> str:
    """The channel-layer group of a room: the connections of its participant and its coach."""
    return f"room.{interview_id}"


def room_person_group(interview_id: int, user_id: int) -> str:
    """One person's connection to one room: a newer connection tells the older one to close."""
    return f"room.{interview_id}.user.{user_id}"


def chat_message_payload(message: ChatMessage, *, sender_name: str) -> dict:
    return {
        "seq": message.seq,
        "sender_id": message.sender_id,
        "sender_name": sender_name,
        "body": "" if message.erased_at else message.body,
        "erased": message.erased_at is not None,
        "client_id": str(message.client_id),
        "created_at": message.created_at.isoformat(),
    }


def room_member_name(user: User) -> str:
    """What the other person sees: the display name, else the role (never the email)."""
    return str(user.public_name) if user.is_participant else (user.display_name or str(user.get_role_display()))


def chat_messages_after(*, interview: Interview, after_seq: int) -> list[dict]:
    """The messages numbered after `after_seq`, in order (one query, on the unique index)."""
    names = {interview.participant_id: room_member_name(interview.participant)}
    names[interview.coach_id] = room_member_name(interview.coach)
    messages = ChatMessage.objects.filter(interview=interview, seq__gt=after_seq).order_by("seq")[:RESEND_LIMIT]
    return [chat_message_payload(message, sender_name=names.get(message.sender_id, "")) for message in messages]


def chat_last_seq(*, interview: Interview) -> int:
    """The room's last chat number (0 when empty)."""
    return ChatMessage.objects.filter(interview=interview).order_by("-seq").values_list("seq", flat=True).first() or 0


def chat_history(*, interview: Interview) -> list[ChatMessage]:
    return list(ChatMessage.objects.filter(interview=interview).select_related("sender").order_by("seq"))


# --- Presence: who has a live connection to the room ------------------------------------------
# Kept in the cache (Redis in production, shared by every server process) with a time to live that
# each connection's heartbeat renews: a connection that vanished without `disconnect` drops out
# by itself. The value is the connection's channel name, so an older connection that closes late
# does not remove the newer one.


def presence_key(interview_id: int, user_id: int) -> str:
    return f"room:presence:{interview_id}:{user_id}"


def presence_touch(*, interview_id: int, user_id: int, channel_name: str, seconds: int) -> None:
    cache.set(presence_key(interview_id, user_id), channel_name, timeout=seconds)


def presence_leave(*, interview_id: int, user_id: int, channel_name: str) -> None:
    key = presence_key(interview_id, user_id)
    if cache.get(key) == channel_name:
        cache.delete(key)


def presence_of(*, interview_id: int, member_ids: list[int]) -> list[int]:
    """The ids of the room's members connected now (one cache round trip)."""
    found = cache.get_many([presence_key(interview_id, user_id) for user_id in member_ids])
    return [user_id for user_id in member_ids if presence_key(interview_id, user_id) in found]


# --- Sessions: a person logged out elsewhere must not keep a room open ------------------------


def session_still_valid(*, session_key: str | None, user: User) -> bool:
    """The websocket's session still exists, belongs to this person and matches their password
    (Django's session hash): false once they logged out, or their sessions were ended elsewhere."""
    if not session_key:
        return False
    from importlib import import_module

    store = import_module(settings.SESSION_ENGINE).SessionStore(session_key=session_key)
    data = store.load()
    if not data or str(data.get(SESSION_KEY)) != str(user.pk):
        return False
    fresh = User.objects.filter(pk=user.pk, is_active=True).first()
    return fresh is not None and constant_time_compare(data.get(HASH_SESSION_KEY, ""), fresh.get_session_auth_hash())
