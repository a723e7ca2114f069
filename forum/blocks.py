"""Dashboard blocks the forum contributes (accounts.dashboard): fixed query counts."""

from forum.selectors import coach_queue, replies_for_you


def replies_block_context(user, profile) -> dict | None:
    """ "Replies for you": unread replies in watched topics (2 queries)."""
    if not user.is_participant:
        return None
    return replies_for_you(user=user)


def coach_queue_block_context(user, profile) -> dict | None:
    """Questions for coaches waiting 48 hours without a coach's reply (1 query)."""
    if not user.is_coach:
        return None
    return coach_queue(limit=5)
