"""Streamed HTTP download of a feed: timeouts, size limit, conditional requests.

The outside world is not trusted: the body is read in chunks as the parser asks for them,
decompressed size included in the limit, so neither a huge nor a never-ending feed can fill
the worker's memory or disk.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import httpx
from django.utils.translation import gettext

from job_feed.adapters import FeedError

USER_AGENT = "SIEL-job-feed/1.0 (+portail du Service d'integration en ligne)"
TIMEOUT = httpx.Timeout(connect=10.0, read=60.0, write=10.0, pool=10.0)


class FeedUnavailable(Exception):
    """A passing trouble (network, timeout, server error, cut transfer): worth retrying later."""


class ResponseStream:
    """A read()-able view of the response body that stops at max_bytes."""

    def __init__(self, chunks: Iterator[bytes], *, max_bytes: int) -> None:
        self._chunks = chunks
        self._buffer = b""
        self.max_bytes = max_bytes
        self.bytes_read = 0

    def _pull(self) -> bool:
        try:
            chunk = next(self._chunks)
        except StopIteration:
            return False
        self.bytes_read += len(chunk)
        if self.bytes_read > self.max_bytes:
            raise FeedError(
                gettext("Le flux dépasse la taille permise (%(limit)s octets).") % {"limit": self.max_bytes}
            )
        self._buffer += chunk
        return True

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            while self._pull():
                pass
            data, self._buffer = self._buffer, b""
            return data
        while len(self._buffer) < size and self._pull():
            pass
        data, self._buffer = self._buffer[:size], self._buffer[size:]
        return data


@dataclass
class FeedResponse:
    not_modified: bool = False
    stream: ResponseStream | None = None
    etag: str = ""
    last_modified: str = ""
    headers: dict = field(default_factory=dict)


@contextmanager
def open_feed(*, url: str, etag: str = "", last_modified: str = "", max_bytes: int) -> Iterator[FeedResponse]:
    """Open the feed; raises FeedUnavailable (retry later) or FeedError (the feed itself is wrong)."""
    headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    try:
        with (
            httpx.Client(timeout=TIMEOUT, follow_redirects=True, max_redirects=3) as client,
            client.stream("GET", url, headers=headers) as response,
        ):
            if response.status_code == 304:
                yield FeedResponse(not_modified=True)
                return
            if response.status_code >= 500 or response.status_code in (408, 429):
                raise FeedUnavailable(
                    gettext("Le serveur du flux a répondu %(status)s.") % {"status": response.status_code}
                )
            if response.status_code != 200:
                raise FeedError(gettext("Le serveur du flux a répondu %(status)s.") % {"status": response.status_code})
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise FeedError(gettext("Le flux dépasse la taille permise (%(limit)s octets).") % {"limit": max_bytes})
            yield FeedResponse(
                stream=ResponseStream(response.iter_bytes(chunk_size=64 * 1024), max_bytes=max_bytes),
                etag=response.headers.get("ETag", "")[:255],
                last_modified=response.headers.get("Last-Modified", "")[:64],
            )
    except httpx.TimeoutException:
        raise FeedUnavailable(gettext("Le flux n'a pas répondu à temps.")) from None
    except httpx.HTTPError as error:
        # Refused connection, unknown host, transfer cut before its announced length…
        raise FeedUnavailable(
            gettext("Le flux est injoignable ou incomplet (%(kind)s).") % {"kind": type(error).__name__}
        ) from None
