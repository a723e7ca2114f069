"""Streamed HTTP download of a feed: timeouts, size limit, conditional requests.

The outside world is not trusted: the body is read in chunks as the parser asks for them,
decompressed size included in the limit, so neither a huge nor a never-ending feed can fill
the worker's memory or disk.
"""

import ipaddress
import socket
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpcore
import httpx
from django.conf import settings
from django.utils.translation import gettext

from job_feed.adapters import FeedError

USER_AGENT = "SIEL-job-feed/1.0 (+portail du Service d'integration en ligne)"
TIMEOUT = httpx.Timeout(connect=10.0, read=60.0, write=10.0, pool=10.0)
CHUNK_SIZE = 64 * 1024


class FeedUnavailable(Exception):
    """A passing trouble (network, timeout, server error, cut transfer): worth retrying later."""


class AddressRefused(FeedError):
    """The feed's URL, or a redirect, leads to an address inside our network (server-side request
    forgery): refused before any connection, so the run's error tells nothing about what listens."""


# --- Server-side request forgery ------------------------------------------------------------
# A feed URL is typed by an admin, and a feed host answers redirects as it pleases: either could
# point the worker at Redis, PostgreSQL or the cloud's metadata service. Only http(s) to public
# addresses is fetched; the check runs when the connection is made (every redirect hop opens its
# own), on the address actually connected to, so a DNS answer that changes since the source was
# saved changes nothing. settings.JOB_FEED_ALLOWED_HOSTS names hosts allowed despite this.


def _allowed_hosts() -> set[str]:
    return {host.strip("[]").lower() for host in settings.JOB_FEED_ALLOWED_HOSTS}


def address_is_public(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if ip.version == 6 and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    # is_global excludes loopback, private, link-local, shared (100.64/10), reserved and unspecified.
    return ip.is_global and not ip.is_multicast


def _refused(host: str) -> AddressRefused:
    return AddressRefused(
        gettext("L'adresse du flux (%(host)s) mène à un réseau interne : elle est refusée.") % {"host": host[:100]}
    )


def public_addresses(host: str, port: int) -> list[str]:
    """The addresses of host, all public (or host allowed by the setting); raises AddressRefused
    if any is not: a name that answers one internal address among public ones is refused whole."""
    host = host.strip("[]").lower()
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise FeedUnavailable(gettext("Le nom d'hôte du flux est introuvable.")) from None
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if host in _allowed_hosts():
        return addresses
    if not addresses or not all(address_is_public(ipaddress.ip_address(a.split("%")[0])) for a in addresses):
        raise _refused(host)
    return addresses


def feed_url_problem(url: str) -> str:
    """Why this URL may not be a feed's (empty when it may), for the admin's form."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return gettext("Seules les adresses http:// et https:// sont acceptées.")
    try:
        public_addresses(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
    except FeedError as error:
        return str(error)
    except FeedUnavailable:
        # A name that does not resolve today may tomorrow: the fetch checks it again anyway.
        return ""
    except ValueError:  # a port out of range
        return gettext("Seules les adresses http:// et https:// sont acceptées.")
    return ""


class _PublicOnlyBackend(httpcore.SyncBackend):
    """httpcore's own socket backend, connecting only to the addresses public_addresses() gives."""

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        last_error: Exception | None = None
        for address in public_addresses(host, port):
            try:
                return super().connect_tcp(address, port, timeout, local_address, socket_options)
            except httpcore.ConnectError as error:
                last_error = error
        raise last_error or httpcore.ConnectError(host)


class _PublicOnlyTransport(httpx.HTTPTransport):
    def __init__(self) -> None:
        # No proxy from the environment (trust_env=False): the address checked is the one reached.
        super().__init__(trust_env=False)
        # httpx (pinned) takes no network backend; its pool does. TLS still checks the URL's host name.
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False), network_backend=_PublicOnlyBackend()
        )


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
    if urlsplit(url).scheme not in ("http", "https"):
        raise FeedError(gettext("Seules les adresses http:// et https:// sont acceptées."))
    headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    try:
        with (
            httpx.Client(
                transport=_PublicOnlyTransport(), timeout=TIMEOUT, follow_redirects=True, max_redirects=3
            ) as client,
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
    except httpx.UnsupportedProtocol:
        # A redirect to ftp:, file:, gopher:…
        raise FeedError(gettext("Seules les adresses http:// et https:// sont acceptées.")) from None
    except httpx.HTTPError as error:
        # Refused connection, unknown host, transfer cut before its announced length…
        raise FeedUnavailable(
            gettext("Le flux est injoignable ou incomplet (%(kind)s).") % {"kind": type(error).__name__}
        ) from None
