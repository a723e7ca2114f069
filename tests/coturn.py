"""A real coturn (Debian's `coturn` package, installed by `make test`) for the interview room's tests.

Started in the foreground on 127.0.0.1 with free ports and the REST-API shared secret, as
/work/shared/notes/webrtc-relay-on-loopback.md describes; `--allow-loopback-peers` only because
both browsers of a test are on 127.0.0.1 (never in production).
"""

import secrets
import shutil
import socket
import subprocess
import time

import time_machine

TURNSERVER = "/usr/bin/turnserver"


def free_udp_port() -> int:
    """A port free for both UDP and TCP (coturn listens on both)."""
    while True:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
            udp.bind(("127.0.0.1", 0))
            port = udp.getsockname()[1]
            with socket.socket() as tcp:
                try:
                    tcp.bind(("127.0.0.1", port))
                except OSError:
                    continue
            return port


class Coturn:
    def __init__(self) -> None:
        if shutil.which("turnserver") is None:
            raise RuntimeError("coturn is missing: run `make browser` (installs Debian's coturn).")
        self.secret = secrets.token_urlsafe(24)
        self.port = free_udp_port()
        # A small relay range of its own, away from the ephemeral ports the tests' sockets use.
        self.min_port = 49152 + (self.port % 100) * 100
        self.max_port = self.min_port + 99
        self.url = f"turn:127.0.0.1:{self.port}?transport=udp"
        self.output: list[str] = []
        self.process: subprocess.Popen | None = None

    @staticmethod
    def now() -> float:
        """The time coturn checks credentials' expiry against: the machine's clock, which the
        suite's `--clock` does not move (time_machine travels only in this process)."""
        if time_machine.escape_hatch.is_travelling():
            return time_machine.escape_hatch.time.time()
        return time.time()

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                TURNSERVER,
                "-n",
                "--listening-ip=127.0.0.1",
                "--relay-ip=127.0.0.1",
                f"--listening-port={self.port}",
                "--use-auth-secret",
                f"--static-auth-secret={self.secret}",
                "--realm=siel.test",
                "--allow-loopback-peers",
                "--no-tls",
                "--no-dtls",
                "--no-cli",
                f"--min-port={self.min_port}",
                f"--max-port={self.max_port}",
                "--log-file=stdout",
                "--simple-log",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"turnserver stopped at start: {self.process.stdout.read()}")
            with socket.socket() as probe:  # coturn listens on TCP too once its UDP listener is up
                if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.1)
        raise RuntimeError("turnserver did not start within 10 s")

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def allocate(self, *, username: str, credential: str) -> bool:
        """Ask coturn for a relay allocation with these credentials (coturn's own test client):
        True when it is granted and data goes through the relay."""
        result = subprocess.run(
            [
                "/usr/bin/turnutils_uclient",
                "-y",  # client to client through the relay: no peer server needed
                "-n",
                "3",
                "-p",
                str(self.port),
                "-u",
                username,
                "-w",
                credential,
                "127.0.0.1",
            ],
            capture_output=True,
            text=True,
            timeout=30,
        )
        return result.returncode == 0 and "Total lost packets 0" in result.stdout
