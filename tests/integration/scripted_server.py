"""A loopback HTTP server that misbehaves as a test scripts it: answers that drip, redirect,
echo what they were sent, or act as a proxy. It records every request and how many bytes of
each answer it managed to send before the client hung up (a count a test can assert, instead
of timing anything)."""

from __future__ import annotations

import socketserver
import threading
import time
from collections.abc import Callable, Iterator
from types import TracebackType

import attrs

__all__ = ["Answer", "Received", "ScriptedServer", "answer"]


@attrs.frozen
class Received:
    """A request as it arrived: the request line's method and target, and its headers."""

    method: str
    target: str
    headers: dict[str, str]
    body: bytes


@attrs.frozen
class Answer:
    """What to send back: pieces of raw bytes, each after a pause of its own."""

    pieces: tuple[tuple[float, bytes], ...]


def answer(
    status: int,
    body: bytes = b"",
    *,
    headers: dict[str, str] | None = None,
    drip: float | None = None,
) -> Answer:
    """An HTTP/1.1 answer; with ``drip``, the body goes one byte every ``drip`` seconds."""
    head = f"HTTP/1.1 {status} X\r\ncontent-length: {len(body)}\r\nconnection: close\r\n"
    head += "".join(f"{name}: {value}\r\n" for name, value in (headers or {}).items())
    first = (0.0, head.encode() + b"\r\n")
    if drip is None:
        return Answer((first, (0.0, body)))
    return Answer((first, *((drip, body[i : i + 1]) for i in range(len(body)))))


Script = Callable[[Received], Answer]


class _Handler(socketserver.StreamRequestHandler):
    server: _Server

    def handle(self) -> None:
        line = self.rfile.readline().decode("latin-1").strip()
        if not line:
            return
        method, target, _ = line.split(" ", 2)
        headers: dict[str, str] = {}
        while (header := self.rfile.readline().decode("latin-1").strip()) != "":
            name, _, value = header.partition(":")
            headers[name.strip().lower()] = value.strip()
        body = self.rfile.read(int(headers.get("content-length", "0") or 0))
        received = Received(method, target, headers, body)
        with self.server.lock:
            self.server.received.append(received)
        sent = 0
        try:
            for pause, piece in self.server.script(received).pieces:
                if pause:
                    time.sleep(pause)
                self.wfile.write(piece)
                self.wfile.flush()
                sent += len(piece)
        except OSError:
            pass  # the client hung up: exactly what some tests wait for
        finally:
            with self.server.lock:
                self.server.sent.append(sent)


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, script: Script) -> None:
        self.script = script
        self.received: list[Received] = []
        self.sent: list[int] = []
        self.lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), _Handler)


class ScriptedServer:
    """``with ScriptedServer(script) as server:`` serves on ``server.url`` until the block ends.

    Args:
        script: called with each request; returns the `Answer` to send.
    """

    def __init__(self, script: Script) -> None:
        self._server = _Server(script)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def received(self) -> list[Received]:
        with self._server.lock:
            return list(self._server.received)

    def bytes_sent(self) -> list[int]:
        """For each finished answer, how many bytes went out before it ended or was cut."""
        with self._server.lock:
            return list(self._server.sent)

    def wait_until_answered(self, count: int, timeout: float = 30.0) -> None:
        """Block until ``count`` answers have ended (the client hung up, or all was sent)."""
        deadline = time.monotonic() + timeout
        while len(self.bytes_sent()) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"only {len(self.bytes_sent())} of {count} answers ended")
            time.sleep(0.01)

    def __enter__(self) -> ScriptedServer:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._server.shutdown()
        self._server.server_close()


def sequence(*answers: Answer) -> Iterator[Answer]:
    """The answers in order, then the last one for ever."""
    yield from answers
    while True:
        yield answers[-1]
