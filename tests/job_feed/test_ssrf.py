"""Feed URLs cannot turn the worker against our own network (server-side request forgery).

A local listener stands for an internal service (Redis, PostgreSQL, a metadata endpoint): the
tests prove that no connection ever reaches it, whatever the URL or the redirects say, and that
the run's error is the same whether something listens there or not.
"""

import socket
import threading

import pytest
from django.urls import reverse

from job_feed.fetch import address_is_public, feed_url_problem
from job_feed.models import FeedRun, FeedSource
from job_feed.services import feed_import
from tests.job_feed.factories import FeedSourceFactory
from tests.job_feed.feeds import feed, offers

pytestmark = pytest.mark.django_db


class Listener:
    """A TCP port on 127.0.0.1 that counts the connections it receives."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self.stopped.is_set():
            try:
                conn, _address = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def stop(self) -> None:
        self.stopped.set()
        self.thread.join()
        self.sock.close()


@pytest.fixture
def listener():
    internal = Listener()
    yield internal
    internal.stop()


@pytest.fixture
def nothing_allowed(settings):
    settings.JOB_FEED_ALLOWED_HOSTS = []


def run(url: str) -> FeedRun:
    return feed_import(source_id=FeedSourceFactory(url=url).pk)


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "127.1.2.3", "[::ffff:127.0.0.1]"])
def test_a_feed_on_our_own_machine_is_refused_and_never_reached(nothing_allowed, listener, host):
    result = run(f"http://{host}:{listener.port}/flux.xml")

    assert result.status == FeedRun.Status.FAILED
    assert "réseau interne" in result.error
    assert listener.connections == 0


@pytest.mark.parametrize(
    "url",
    [
        "http://[::1]/",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.5/flux.xml",
        "http://192.168.1.1/flux.xml",
        "http://0.0.0.0:6379/",
        "http://224.0.0.1/",
        "http://100.64.0.1/",
    ],
)
def test_internal_addresses_are_refused_before_any_connection(nothing_allowed, url):
    result = run(url)

    assert result.status == FeedRun.Status.FAILED
    assert "réseau interne" in result.error


def test_the_error_does_not_tell_whether_a_port_is_open(nothing_allowed, listener):
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    closed_port = closed.getsockname()[1]
    closed.close()

    open_error = run(f"http://127.0.0.1:{listener.port}/").error
    closed_error = run(f"http://127.0.0.1:{closed_port}/").error

    assert open_error == closed_error


def test_a_redirect_to_an_internal_address_is_refused_at_that_hop(settings, feed_server, listener):
    """The first host is allowed (the test server); the hop it redirects to is not."""
    feed_server.redirect_to = f"http://localhost:{listener.port}/latest/meta-data/"

    result = run(feed_server.url)

    assert len(feed_server.requests) == 1
    assert result.status == FeedRun.Status.FAILED
    assert "réseau interne" in result.error
    assert listener.connections == 0


def test_a_redirect_to_another_scheme_is_refused(feed_server):
    feed_server.redirect_to = "file:///etc/passwd"

    result = run(feed_server.url)

    assert result.status == FeedRun.Status.FAILED
    assert "http://" in result.error


def test_only_http_and_https_are_fetched(nothing_allowed):
    result = run("ftp://ftp.example.org/flux.xml")

    assert result.status == FeedRun.Status.FAILED
    assert "http://" in result.error


def test_an_allowed_host_is_fetched(feed_server):
    feed_server.body = feed(offers(3))

    assert run(feed_server.url).status == FeedRun.Status.SUCCEEDED


def test_public_addresses_are_told_apart():
    import ipaddress

    assert address_is_public(ipaddress.ip_address("8.8.8.8"))
    assert address_is_public(ipaddress.ip_address("2001:4860:4860::8888"))
    for internal in ("127.0.0.1", "::1", "10.1.1.1", "172.16.0.1", "169.254.1.1", "fe80::1", "fc00::1", "240.0.0.1"):
        assert not address_is_public(ipaddress.ip_address(internal)), internal


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:6379/",
        "http://[::1]/",
        "http://169.254.169.254/",
        "http://localhost/flux.xml",
        "ftp://ftp.example.org/flux.xml",
    ],
)
def test_the_admin_form_refuses_internal_and_non_http_urls(nothing_allowed, client, ministry_admin, url):
    client.force_login(ministry_admin)

    response = client.post(
        reverse("admin:job_feed_feedsource_add"),
        {"name": "Flux", "url": url, "format": "placement_en_ligne_xml", "schedule": "0 * * * *", "is_active": "on"},
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["url"]
    assert not FeedSource.objects.exists()


def test_the_admin_form_problem_is_said_in_the_persons_language(nothing_allowed):
    from django.utils import translation

    with translation.override("en"):
        assert "internal network" in feed_url_problem("http://127.0.0.1:6379/")
