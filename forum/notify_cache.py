"""The unread notification count per person, kept in the cache so the navigation shows it on
every page without a database query. The services write it whenever the count changes."""

from django.core.cache import cache

TIMEOUT = 7 * 24 * 3600


def _key(user_id: int) -> str:
    return f"forum:unread:{user_id}"


def cached_unread_count(user_id: int) -> int | None:
    return cache.get(_key(user_id))


def cache_unread_count(user_id: int, count: int) -> None:
    cache.set(_key(user_id), count, TIMEOUT)


def remember_unread_count(user_id: int, count: int) -> None:
    """A count read from the database by a reader: kept only if no service wrote one meanwhile
    (theirs is newer than a count read before their change)."""
    cache.add(_key(user_id), count, TIMEOUT)
