"""Cached values whose keys carry versions that events bump: invalidation without a key list.

A reader builds its key from `versions("content")` (a short token per name, read from Redis)
plus what the value depends on; an event calls `bump("content")`, and from then on every reader
builds a new key (the old entries are never read again and expire). Used by the recommendations
and the shared filter choices (issue 16): what does not change between two page views is
computed once, not on every view.

Two things keep the Redis round trips (each a few ms on a busy machine) to one per request:
- VersionsPerRequestMiddleware reads the tokens once per request and remembers them until its end;
- a value stored under a versioned key never changes (a change makes a new key), so each process
  also keeps the latest LOCAL_ENTRIES values in memory and reads them without asking Redis.

Tokens are random rather than counters, so a token lost from the cache (eviction, a flush)
simply starts a new generation instead of reusing an old one.
"""

import contextvars
import hashlib
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db import connection, transaction

PREFIX = "versioned:"
# Every key also carries this one: tests bump it so that no value cached by an earlier test
# (whose rows were rolled back without any event) is read by the next.
EVERYTHING = "everything"
# Every version name in use, read together in one round trip by the first reader of a request.
KNOWN_NAMES: set[str] = {EVERYTHING}
LOCAL_ENTRIES = 512

_request_tokens: contextvars.ContextVar[dict | None] = contextvars.ContextVar("versioned_tokens", default=None)
_local: OrderedDict[str, Any] = OrderedDict()
_local_lock = threading.Lock()


def _token() -> str:
    return uuid.uuid4().hex[:12]


def _key(name: str) -> str:
    """The token's key, per database: the test suite, the bench and a dev server may share one
    Redis, and a value computed from one database's rows must never be read for another's."""
    return f"{PREFIX}{connection.settings_dict['NAME']}:{name}"


def _read_tokens(names: list[str]) -> dict[str, str]:
    keys = {name: _key(name) for name in names}
    found = cache.get_many(list(keys.values()))
    missing = [key for key in keys.values() if key not in found]
    if missing:
        for key in missing:
            # add(): when two processes start a generation at once, both end up with the first token.
            cache.add(key, _token(), timeout=None)
        found.update(cache.get_many(missing))
    return {name: str(found.get(key, "none")) for name, key in keys.items()}


def versions(*names: str) -> str:
    """The current tokens of `names` (and of EVERYTHING), joined: a fragment for a cache key."""
    wanted = [EVERYTHING, *names]
    KNOWN_NAMES.update(names)
    tokens = _request_tokens.get()
    if tokens is None:
        tokens = _read_tokens(wanted)
    elif any(name not in tokens for name in wanted):
        # The first reader of this request reads every known name at once.
        tokens.update(_read_tokens(sorted(KNOWN_NAMES | set(wanted))))
    return ".".join(tokens[name] for name in wanted)


def _set_token(name: str) -> None:
    token = _token()
    cache.set(_key(name), token, timeout=None)
    tokens = _request_tokens.get()
    if tokens is not None:
        tokens[name] = token


def bump(name: str) -> None:
    """A new generation for `name`, now and again once the current transaction commits.

    Now, so that this transaction's own later reads see its change; again after the commit, so
    that a value another process computed from the old rows in between is not the one kept.
    """
    _set_token(name)
    transaction.on_commit(lambda: _set_token(name), robust=True)


def bump_everything() -> None:
    _set_token(EVERYTHING)


def _local_get(key: str) -> Any:
    with _local_lock:
        value = _local.get(key)
        if value is not None:
            _local.move_to_end(key)
        return value


def store(key: str, value: Any, *, timeout: int) -> None:
    """Put `value` under the versioned `key`, in Redis and in this process's memory."""
    cache.set(key, value, timeout=timeout)
    with _local_lock:
        _local[key] = value
        _local.move_to_end(key)
        while len(_local) > LOCAL_ENTRIES:
            _local.popitem(last=False)


def cached(key: str, compute: Callable[[], Any], *, timeout: int) -> Any:
    """The value under the versioned `key`: from this process's memory, else from Redis, else
    computed and stored (None is never stored: computed again). Never mutate what it returns."""
    value = _local_get(key)
    if value is not None:
        return value
    value = cache.get(key)
    if value is None:
        value = compute()
        if value is not None:
            store(key, value, timeout=timeout)
        return value
    with _local_lock:
        _local[key] = value
        while len(_local) > LOCAL_ENTRIES:
            _local.popitem(last=False)
    return value


class VersionsPerRequestMiddleware:
    """Versions are read from Redis at most once per request (all known names together)."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        reset = _request_tokens.set({})
        try:
            return self.get_response(request)
        finally:
            _request_tokens.reset(reset)


FRAGMENT_TIMEOUT = 3600


def cached_fragment(kind: str, shown, render: Callable[[], str]) -> str:
    """HTML rendered once per content: kept under a digest of everything it shows (`shown`), the
    language and the time zone its times are written in, so that a change of any of them makes a
    new key and a stale fragment is never served (issue 16: the caseload, the forum's rows and
    cards, the plan's weeks, the review queue, the organisation and offer cards). `kind` names the
    fragment, with the versions it also depends on, if any. Returns the template's own escaped
    output, to be marked safe by the caller's tag."""
    from django.utils import timezone
    from django.utils.translation import get_language

    made_of = repr((shown, get_language(), timezone.get_current_timezone_name()))
    key = f"fragment:{kind}:{hashlib.sha256(made_of.encode()).hexdigest()}"
    return cached(key, render, timeout=FRAGMENT_TIMEOUT)
