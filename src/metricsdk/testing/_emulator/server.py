"""Serving the emulator over real sockets with the standard library's threading HTTP server."""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from metricsdk.testing._emulator.faults import Cut
from metricsdk.testing._emulator.wire import Incoming

__all__ = ["LoopbackServer"]

Dispatch = Callable[[Incoming], Any]  # returns a Reply (typed loosely to avoid a cycle)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as real services offer
    timeout = 60  # an idle keep-alive connection is closed after this long
    server: _Server

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def do_PUT(self) -> None:
        self._serve()

    def do_DELETE(self) -> None:
        self._serve()

    def parse_request(self) -> bool:
        # The request line has just been read: the closest this server gets to the moment the
        # request arrived, before the headers are parsed and the signature is checked.
        self.arrived = time.monotonic()
        with self.server.connections_lock:
            accepted = self.server.accepted_at.pop(self.request, None)
        if accepted is not None:  # the connection's first request
            self.arrived = accepted
        return super().parse_request()

    def log_message(self, format: str, *args: Any) -> None:
        """Silence the per-request stderr log."""

    def _serve(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        body = self.rfile.read(length) if length else b""
        path, _, query = self.path.partition("?")
        incoming = Incoming(
            method=self.command,
            raw_path=path,
            raw_query=query,
            headers={k.lower(): v for k, v in self.headers.items()},
            body=body,
            host=self.headers.get("host", ""),
            arrived=self.arrived,
        )
        reply = self.server.dispatch(incoming)
        if reply.delay:
            time.sleep(reply.delay)
        if reply.cut is Cut.BEFORE_ANSWER:
            self._reset()
            return
        answer = reply.answer
        self.send_response(answer.status)
        for name, value in answer.headers:
            self.send_header(name, value)
        self.send_header("content-length", str(len(answer.body)))
        self.end_headers()
        if reply.cut is Cut.MID_BODY:
            self.wfile.write(answer.body[: len(answer.body) // 2])
            self.wfile.flush()
            self._reset()
            return
        self.wfile.write(answer.body)

    def _reset(self) -> None:
        # SO_LINGER with a zero timeout makes close() send a TCP RST: a real reset, not a FIN.
        self.wfile.flush()
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True
        self.connection.close()

    def finish(self) -> None:
        with contextlib.suppress(OSError, ValueError):  # the socket may already be reset
            super().finish()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    request_queue_size = 1024  # many clients connect at once in the fan-out benchmark

    def __init__(self, address: tuple[str, int], dispatch: Dispatch) -> None:
        self.dispatch = dispatch
        self.connections: set[socket.socket] = set()
        self.accepted_at: dict[socket.socket, float] = {}
        self.connections_lock = threading.Lock()
        super().__init__(address, _Handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self.connections_lock:
            self.connections.add(request)
            # A client sends its first request as soon as the connection is up; the handler
            # thread spawned for it may start many milliseconds later under load, so the first
            # request's arrival is the moment of accepting, not of parsing.
            self.accepted_at[request] = time.monotonic()
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self.connections_lock:
            self.connections.discard(request)
            self.accepted_at.pop(request, None)
        super().shutdown_request(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that went away mid-request is normal here; stay quiet."""


class LoopbackServer:
    """One listening socket running ``dispatch`` for every request, in a background thread."""

    def __init__(self, host: str, port: int, dispatch: Dispatch) -> None:
        self._server = _Server((host, port), dispatch)
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"metricsdk-emulator-{host}",
            daemon=True,
        )

    @property
    def url(self) -> str:
        """The URL a client on this machine uses: the loopback address when listening on all."""
        host, port = self._server.socket.getsockname()[:2]
        if host == "0.0.0.0":  # listening on every interface, reachable on loopback too
            host = "127.0.0.1"
        return f"http://{host}:{port}"

    def start(self) -> None:
        self._thread.start()

    def close(self) -> None:
        """Stop accepting, cut open keep-alive connections, and release the port."""
        self._server.shutdown()
        with self._server.connections_lock:
            open_connections = list(self._server.connections)
        for connection in open_connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
        self._server.server_close()
        self._thread.join(timeout=5)
