"""Writes of the interview room. Each write that others must see is broadcast on the room's
channel layer once its transaction has committed (never a message about a row that rolled back)."""

import uuid

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from action_plan.models import Plan
from action_plan.services import task_add_follow_up
from coaching.models import ChatMessage, FollowUpItem, Interview, InterviewSummary
from coaching.room_models import CHAT_MESSAGE_MAX_LENGTH
from coaching.room_selectors import chat_message_payload, room_group, room_member_name

ROOM_LAYER = "room"
# A person may send settings.ROOM_CHAT_RATE_MESSAGES (20) chat messages in this many seconds: far
# above a conversation's pace, low enough that a stuck key or a script cannot flood the screen.
CHAT_RATE_SECONDS = 20
SUMMARY_MAX_FOLLOW_UPS = 10


class ChatRefused(Exception):
    """The message was not stored; `code` tells the browser which plain-words message to show."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def room_broadcast(*, interview_id: int, event: dict) -> None:
    """Send an event to every connection of the room, from synchronous code (services, tasks)."""
    async_to_sync(get_channel_layer(ROOM_LAYER).group_send)(room_group(interview_id), event)


def chat_rate_allows(*, interview_id: int, user_id: int) -> bool:
    """A fixed window counted in the cache, shared by all server processes (one round trip)."""
    window = int(timezone.now().timestamp()) // CHAT_RATE_SECONDS
    key = f"room:rate:{interview_id}:{user_id}:{window}"
    cache.add(key, 0, timeout=CHAT_RATE_SECONDS * 2)
    try:
        return cache.incr(key) <= settings.ROOM_CHAT_RATE_MESSAGES
    except ValueError:  # the key expired between add and incr: a new window
        cache.set(key, 1, timeout=CHAT_RATE_SECONDS * 2)
        return True


def chat_message_post(*, interview: Interview, sender: User, body: str, client_id: str) -> ChatMessage:
    """Store a chat message with the room's next number and broadcast it.

    A message sent again with the same client id (the browser resends what was not acknowledged
    when its connection dropped) is stored once: the stored one is returned and broadcast again,
    and receivers ignore a number they already have.
    """
    body = (body or "").strip()
    if not body:
        raise ChatRefused("empty")
    if len(body) > CHAT_MESSAGE_MAX_LENGTH:
        raise ChatRefused("too_long")
    try:
        client_uuid = uuid.UUID(str(client_id))
    except ValueError:
        raise ChatRefused("invalid") from None
    existing = ChatMessage.objects.filter(interview=interview, sender=sender, client_id=client_uuid).first()
    if existing is None:
        if not chat_rate_allows(interview_id=interview.pk, user_id=sender.pk):
            raise ChatRefused("rate_limited")
        existing = _chat_message_store(interview=interview, sender=sender, body=body, client_id=client_uuid)
    payload = chat_message_payload(existing, sender_name=room_member_name(sender))
    transaction.on_commit(lambda: room_broadcast(interview_id=interview.pk, event={"type": "room.chat", **payload}))
    return existing


def _chat_message_store(*, interview: Interview, sender: User, body: str, client_id: uuid.UUID) -> ChatMessage:
    for attempt in range(3):
        try:
            with transaction.atomic():
                # The interview's row is the lock that hands out numbers one at a time (PostgreSQL);
                # SQLite serialises writers anyway, and the unique constraint is the last guard.
                Interview.objects.select_for_update().filter(pk=interview.pk).values("pk").first()
                last = ChatMessage.objects.filter(interview=interview).aggregate(last=Max("seq"))["last"] or 0
                return ChatMessage.objects.create(
                    interview=interview, sender=sender, seq=last + 1, body=body, client_id=client_id
                )
        except IntegrityError:
            stored = ChatMessage.objects.filter(interview=interview, sender=sender, client_id=client_id).first()
            if stored is not None:
                return stored
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


class SummaryError(Exception):
    pass


@transaction.atomic
def summary_save(
    *, interview: Interview, coach: User, text: str, follow_ups: list[str], add_to_plan: bool
) -> InterviewSummary:
    """The coach's summary of the interview and its follow-up items; with `add_to_plan`, each new
    item becomes a task of the participant's action plan (action_plan.services.task_add_follow_up).
    Saving again updates the text; items already turned into tasks keep their task."""
    if coach.pk != interview.coach_id:
        raise SummaryError(_("Seule l'accompagnatrice ou l'accompagnateur de l'entrevue peut en écrire le résumé."))
    items = [item.strip()[:250] for item in follow_ups if item.strip()][:SUMMARY_MAX_FOLLOW_UPS]
    summary, _created = InterviewSummary.objects.update_or_create(
        interview=interview, defaults={"author": coach, "text": text.strip()}
    )
    kept = {item.text: item for item in summary.follow_ups.all()}
    summary.follow_ups.exclude(text__in=items).filter(task__isnull=True).delete()
    plan = Plan.objects.filter(user_id=interview.participant_id).select_related("user").first() if add_to_plan else None
    for order, text_of_item in enumerate(items):
        item = kept.get(text_of_item) or FollowUpItem(summary=summary, text=text_of_item)
        item.order = order
        if plan is not None and item.task_id is None:
            item.task = task_add_follow_up(plan=plan, key=f"{interview.pk}-{order}-{summary.pk}", title=text_of_item)
        item.save()
    return summary


def chat_erase_for(*, user: User) -> int:
    """Erasure (Law 25): the person's messages keep their number and time, lose their words."""
    return ChatMessage.objects.filter(sender=user, erased_at__isnull=True).update(body="", erased_at=timezone.now())
