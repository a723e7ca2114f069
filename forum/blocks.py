"""Dashboard blocks the forum contributes (accounts.dashboard): fixed query counts."""

from forum.notify_cache import cached_unread_count, remember_unread_count
from forum.selectors import coach_queue, replies_for_you, unread_notification_count


def replies_block_context(user, profile) -> dict | None:
    """ "Replies for you": unread replies in watched topics (1 query; none when the cached count
    of unread notifications, kept with every change, says there is nothing unread at all)."""
    if not user.is_participant:
        return None
    unread = cached_unread_count(user.pk)
    if unread is None:
        unread = unread_notification_count(user=user)
        remember_unread_count(user.pk, unread)
    if unread == 0:
        return {"count": 0, "latest": []}
    return replies_for_you(user=user)


def coach_queue_block_context(user, profile) -> dict | None:
    """Questions for coaches waiting 48 hours without a coach's reply (1 query)."""
    if not user.is_coach:
        return None
    return coach_queue(limit=5)
