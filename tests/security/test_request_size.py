"""An oversized request is refused before its body is read, with the upload's usual message."""

import socket
import time

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_cap(settings):
    settings.REQUEST_MAX_BYTES = 1000


def test_an_oversized_post_gets_413_and_the_usual_message(client, participant, small_cap):
    client.force_login(participant)

    response = client.post(reverse("accounts:logout_everywhere"), {"padding": "x" * 5000})

    assert response.status_code == 413
    assert "Le fichier est trop lourd" in response.content.decode()
    assert client.get(reverse("accounts:home")).status_code == 302  # still signed in: nothing ran


def test_the_message_is_in_the_persons_language(client, small_cap):
    response = client.post("/en/", {"padding": "x" * 5000})

    assert response.status_code == 413
    assert "The file is too large" in response.content.decode()


def test_a_request_within_the_cap_goes_through(client, participant, small_cap):
    client.force_login(participant)

    assert client.post(reverse("accounts:logout_everywhere"), {"a": "b"}).status_code == 302


def raw_request(port: int, head: bytes, body_parts: list[bytes]) -> tuple[bytes, float]:
    """Sends head and body parts on a socket; returns the response and how long it took."""
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(head)
        for part in body_parts:
            try:
                sock.sendall(part)
            except OSError:  # the server answered and closed: it did not read the rest
                break
        response = b""
        while b"\r\n\r\n" not in response:
            chunk = sock.recv(65536)
            if not chunk:
                break
            response += chunk
    return response, time.monotonic() - started


def test_the_server_answers_413_without_reading_a_declared_huge_body(live_asgi_server, settings):
    """10 GB announced, a few bytes sent: the answer comes at once, not after waiting for the body."""
    settings.REQUEST_MAX_BYTES = 1000
    head = (
        f"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/octet-stream\r\n"
        f"Content-Length: {10 * 1024**3}\r\n\r\n"
    ).encode()

    response, seconds = raw_request(live_asgi_server.port, head, [b"x" * 100])

    assert response.startswith(b"HTTP/1.1 413"), response[:200]
    assert seconds < 5


def test_the_server_cuts_a_body_sent_without_length_at_the_cap(live_asgi_server, settings):
    settings.REQUEST_MAX_BYTES = 1000
    head = b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n"
    chunk = b"400\r\n" + b"x" * 1024 + b"\r\n"

    response, _seconds = raw_request(live_asgi_server.port, head, [chunk, chunk, chunk, b"0\r\n\r\n"])

    assert response.startswith(b"HTTP/1.1 413"), response[:200]
