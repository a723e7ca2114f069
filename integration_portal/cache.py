"""One Redis connection pool per process for Django's cache (and so for cached sessions).

Under ASGI, Django builds its cache objects per request context, and each of Django's Redis
cache clients opens its own connection pool: every request paid a new TCP connection to Redis,
and the old connections lingered until garbage collection. Handing every client the same pool
(redis-py pools are thread-safe and reset themselves after a fork) removes that cost.
"""

import threading

import redis


class SharedConnectionPool(redis.ConnectionPool):
    _pools: dict[tuple, redis.ConnectionPool] = {}
    _lock = threading.Lock()

    @classmethod
    def from_url(cls, url: str, **kwargs) -> redis.ConnectionPool:
        key = (url, tuple(sorted((name, repr(value)) for name, value in kwargs.items())))
        with cls._lock:
            pool = cls._pools.get(key)
            if pool is None:
                pool = cls._pools[key] = super().from_url(url, **kwargs)
        return pool
