"""Cached values whose keys carry versions that events bump: invalidation without a key list.

A reader builds its key from `versions("content")` (a short token per name, read from the cache
in one round trip) plus what the value depends on; an event calls `bump("content")` after its
transaction commits, and from then on every reader builds a new key (the old entries are never
read again and expire). Used by the dashboard's recommendations and the shared filter choices
(issue 16): what does not change between two page views is computed once, not on every view.

Tokens are random rather than counters, so a token lost from the cache (eviction, a flush)
simply starts a new generation instead of reusing an old one.
"""

import uuid
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db import transaction

PREFIX = "versioned:"
# Every key also carries this one: tests bump it so that no value cached by an earlier test
# (whose rows were rolled back without any event) is read by the next.
EVERYTHING = "everything"


def _token() -> str:
    return uuid.uuid4().hex[:12]


def versions(*names: str) -> str:
    """The current tokens of `names` (and of EVERYTHING), joined: a fragment for a cache key."""
    keys = [PREFIX + name for name in (EVERYTHING, *names)]
    found = cache.get_many(keys)
    missing = [key for key in keys if key not in found]
    if missing:
        for key in missing:
            # add(): when two processes start a generation at once, both end up with the first token.
            cache.add(key, _token(), timeout=None)
        found.update(cache.get_many(missing))
    return ".".join(str(found.get(key, "none")) for key in keys)


def bump(name: str) -> None:
    """A new generation for `name`, now and again once the current transaction commits.

    Now, so that this transaction's own later reads see its change; again after the commit, so
    that a value another process computed from the old rows in between is not the one kept.
    """
    cache.set(PREFIX + name, _token(), timeout=None)
    transaction.on_commit(lambda: cache.set(PREFIX + name, _token(), timeout=None), robust=True)


def bump_everything() -> None:
    cache.set(PREFIX + EVERYTHING, _token(), timeout=None)


def cached(key: str, compute: Callable[[], Any], *, timeout: int) -> Any:
    """The value under `key`, computed and stored when missing (None is never stored: computed again)."""
    value = cache.get(key)
    if value is None:
        value = compute()
        if value is not None:
            cache.set(key, value, timeout=timeout)
    return value
