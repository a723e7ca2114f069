"""Streamed HTTP download of a feed: timeouts, size limit, conditional requests.

The outside world is not trusted: the body is read in chunks as the parser asks for them,
decompressed size included in the limit, so neither a huge nor a never-ending feed can fill
the worker's memory or disk.
"""

import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import httpx
from django.utils.translation import gettext

from job_feed.adapters import FeedError

USER_AGENT = "SIEL-job-feed/1.0 (+portail du Service d'integration en ligne)"
TIMEOUT = httpx.Timeout(connect=10.0, read=60.0, write=10.0, pool=10.0)
CHUNK_SIZE = 64 * 1024


class FeedUnavailable(Exception):
    """A passing trouble (network, timeout, server error, cut transfer): worth retrying later."""


def _too_large(max_bytes: int) -> FeedError:
    return FeedError(gettext("Le flux dépasse la taille permise (%(limit)s octets).") % {"limit": max_bytes})


class _Identity:
    """An uncompressed body: raw chunks are already at most chunk_size bytes (iter_raw)."""

    unconsumed_tail = b""
    unused_data = b""
    eof = True

    def decompress(self, data: bytes, max_length: int) -> bytes:
        return data


def _decompressor(encoding: str):
    """zlib decompressors for the encodings the fetcher asks for; `identity` passes bytes through."""
    if encoding in ("", "identity"):
        return _Identity()
    if encoding in ("gzip", "x-gzip"):
        return zlib.decompressobj(16 + zlib.MAX_WBITS)
    if encoding == "deflate":
        return zlib.decompressobj()
    raise FeedError(gettext("Encodage de transfert inconnu : %(encoding)s.") % {"encoding": encoding[:40]})


def decoded_chunks(raw: Iterator[bytes], *, encoding: str, max_bytes: int, chunk_size: int = CHUNK_SIZE):
    """Decompress the raw body as it streams, never more than chunk_size bytes at a time, and stop
    as soon as the decompressed total passes max_bytes.

    httpx's own decoder expands a whole received chunk at once: 64 KiB of gzip can hold 64 MiB,
    so a small "zip bomb" filled the worker's memory before any limit was counted.
    """
    decompressor = _decompressor(encoding.strip().lower())
    total = 0
    for data in raw:
        output_full = False
        # A full output may leave more inside zlib though all input is taken: ask again until not full.
        while data or output_full:
            out = decompressor.decompress(data, chunk_size)
            data = decompressor.unconsumed_tail
            output_full = len(out) == chunk_size
            if decompressor.eof and decompressor.unused_data:
                # Another gzip member follows (concatenated gzip files are one valid gzip stream).
                data = decompressor.unused_data + data
                decompressor = _decompressor(encoding.strip().lower())
            if out:
                total += len(out)
                if total > max_bytes:
                    raise _too_large(max_bytes)
                yield out
    if not decompressor.eof:
        raise FeedError(gettext("Le flux compressé est tronqué."))


class ResponseStream:
    """A read()-able view of the (decompressed) response body that stops at max_bytes.

    Chunks are kept in a list and joined once per read: growing one bytes object with `+=`
    copies it whole at every chunk (a 64 MB read(-1) took 36 s of CPU).
    """

    def __init__(self, chunks: Iterator[bytes], *, max_bytes: int) -> None:
        self._chunks = chunks
        self._pending: list[bytes] = []
        self._pending_bytes = 0
        self.max_bytes = max_bytes
        self.bytes_read = 0

    def _pull(self) -> bool:
        try:
            chunk = next(self._chunks)
        except StopIteration:
            return False
        self.bytes_read += len(chunk)
        if self.bytes_read > self.max_bytes:
            raise _too_large(self.max_bytes)
        self._pending.append(chunk)
        self._pending_bytes += len(chunk)
        return True

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            while self._pull():
                pass
        else:
            while self._pending_bytes < size and self._pull():
                pass
        data = b"".join(self._pending)
        if size is not None and 0 <= size < len(data):
            data, rest = data[:size], data[size:]
            self._pending, self._pending_bytes = [rest], len(rest)
        else:
            self._pending, self._pending_bytes = [], 0
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
                raise _too_large(max_bytes)
            chunks = decoded_chunks(
                response.iter_raw(chunk_size=CHUNK_SIZE),
                encoding=response.headers.get("Content-Encoding", ""),
                max_bytes=max_bytes,
            )
            yield FeedResponse(
                stream=ResponseStream(chunks, max_bytes=max_bytes),
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
