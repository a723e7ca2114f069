"""The remote feed, the only thing faked here: a real HTTP server on 127.0.0.1 serving what a test says."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.job_feed.factories import FeedSourceFactory


class FeedServer:
    """Serves `body` at any path. Knobs: status, etag, chunk delay, truncation, no Content-Length."""

    def __init__(self) -> None:
        self.body = b""
        self.status = 200
        self.etag = ""
        self.last_modified = ""
        self.content_type = "application/xml; charset=utf-8"
        self.content_encoding = ""  # e.g. "gzip": then `body` is already compressed
        self.redirect_to = ""  # answer 302 to this URL
        self.chunk_size = 64 * 1024
        self.chunk_delay = 0.0
        self.send_length = True
        self.cut_after: int | None = None  # close the connection after this many body bytes
        self.delay_before_headers = 0.0
        self.requests: list[dict] = []
        self.bytes_sent = 0
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                server.requests.append(dict(self.headers))
                if server.delay_before_headers:
                    time.sleep(server.delay_before_headers)
                if server.redirect_to:
                    self.send_response(302)
                    self.send_header("Location", server.redirect_to)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if server.etag and self.headers.get("If-None-Match") == server.etag:
                    self.send_response(304)
                    self.send_header("ETag", server.etag)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(server.status)
                self.send_header("Content-Type", server.content_type)
                if server.etag:
                    self.send_header("ETag", server.etag)
                if server.content_encoding:
                    self.send_header("Content-Encoding", server.content_encoding)
                if server.last_modified:
                    self.send_header("Last-Modified", server.last_modified)
                body = server.body
                if server.send_length:
                    self.send_header("Content-Length", str(len(body)))
                else:
                    self.send_header("Connection", "close")
                self.end_headers()
                limit = len(body) if server.cut_after is None else server.cut_after
                try:
                    for start in range(0, limit, server.chunk_size):
                        chunk = body[start : min(start + server.chunk_size, limit)]
                        self.wfile.write(chunk)
                        self.wfile.flush()
                        server.bytes_sent += len(chunk)
                        if server.chunk_delay:
                            time.sleep(server.chunk_delay)
                except (BrokenPipeError, ConnectionResetError):
                    pass
                self.close_connection = True

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/flux.xml"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def reference_data(transactional_db):
    """The regions and NOC categories the migrations made, for transactional tests.

    A transactional test starts from whatever the previous one left: the database is flushed
    after each, and restoring it with serialized_rollback clashes with the role groups that
    post_migrate re-creates after another transactional test's flush. So these tests put back
    what they need themselves (idempotent upserts).
    """
    from accounts.models import Occupation, Region
    from accounts.reference_data import load_broad_occupation_categories, load_regions

    load_regions(Region)
    load_broad_occupation_categories(Occupation)


@pytest.fixture
def feed_server():
    server = FeedServer()
    yield server
    server.stop()


@pytest.fixture
def source(db, feed_server):
    return FeedSourceFactory(name="Placement en ligne (test)", url=feed_server.url)
