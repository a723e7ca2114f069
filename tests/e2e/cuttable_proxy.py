"""A TCP proxy in front of the live server that a test can cut, as a line that drops would.

The browser loads the page through it, so its websocket goes through it too. `cut()` closes every
connection it carries and, until `restore()`, answers each new one by reading its request line
and hanging up (the browser sees a failed connection); it notes when each attempt came and what it
asked for, so that a test can read the spacing of the reconnection attempts.
"""

import contextlib
import socket
import threading
import time


class CuttableProxy:
    def __init__(self, target_port: int):
        self.target_port = target_port
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.is_cut = False
        self.refused: list[tuple[float, str]] = []  # (monotonic time, request line) while cut
        self._open: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._accept, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc_info):
        self.listener.close()
        self._close_all()

    def cut(self) -> float:
        self.is_cut = True
        self._close_all()
        return time.monotonic()

    def restore(self) -> None:
        self.is_cut = False

    def refused_requests(self, path_start: str) -> list[float]:
        """When the attempts to reach a path starting so were refused (while cut), in order."""
        with self._lock:
            lines = list(self.refused)
        return [when for when, line in lines if line.split(" ")[1:2] and line.split(" ")[1].startswith(path_start)]

    def _close_all(self) -> None:
        with self._lock:
            sockets, self._open = self._open, set()
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def _accept(self) -> None:
        while True:
            try:
                client, _address = self.listener.accept()
            except OSError:
                return  # closed
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        if self.is_cut:
            client.settimeout(5)
            try:
                line = client.recv(4096).split(b"\r\n", 1)[0].decode("latin-1")
            except OSError:
                line = ""
            with self._lock:
                self.refused.append((time.monotonic(), line))
            client.close()
            return
        try:
            upstream = socket.create_connection(("127.0.0.1", self.target_port))
        except OSError:
            client.close()
            return
        with self._lock:
            self._open.update((client, upstream))
        threading.Thread(target=self._pipe, args=(upstream, client), daemon=True).start()
        self._pipe(client, upstream)

    def _pipe(self, source: socket.socket, destination: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                destination.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, destination):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
