"""Serving the emulator in-process, as httpx transports: same handler, no sockets."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import httpx

from metricsdk.testing._emulator.faults import Cut
from metricsdk.testing._emulator.wire import Answer, Incoming

__all__ = ["AsyncEmulatorTransport", "EmulatorTransport"]

Dispatch = Callable[[Incoming], Any]


def _incoming(request: httpx.Request, body: bytes) -> Incoming:
    return Incoming(
        method=request.method,
        raw_path=request.url.raw_path.split(b"?", 1)[0].decode("ascii"),
        raw_query=request.url.query.decode("ascii"),
        headers={k.lower(): v for k, v in request.headers.items()},
        body=body,
        host=request.headers.get("host", request.url.netloc.decode("ascii")),
    )


def _headers(answer: Answer) -> list[tuple[str, str]]:
    return [*answer.headers, ("content-length", str(len(answer.body)))]


class _HalfBody(httpx.SyncByteStream, httpx.AsyncByteStream):
    """Half of a body, then the error a reset connection raises."""

    def __init__(self, body: bytes) -> None:
        self._half = body[: len(body) // 2]

    def __iter__(self) -> Iterator[bytes]:
        yield self._half
        raise httpx.ReadError("Connection reset by peer (emulated)")

    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield self._half
        raise httpx.ReadError("Connection reset by peer (emulated)")


def _response(reply: Any, request: httpx.Request) -> httpx.Response:
    if reply.cut is Cut.BEFORE_ANSWER:
        raise httpx.RemoteProtocolError(
            "Server disconnected without sending a response (emulated reset)", request=request
        )
    answer: Answer = reply.answer
    if reply.cut is Cut.MID_BODY:
        return httpx.Response(
            answer.status, headers=_headers(answer), stream=_HalfBody(answer.body), request=request
        )
    return httpx.Response(
        answer.status, headers=_headers(answer), content=answer.body, request=request
    )


class EmulatorTransport(httpx.BaseTransport):
    """An ``httpx`` transport answering from the emulator without any socket."""

    def __init__(self, dispatch: Dispatch) -> None:
        self._dispatch = dispatch

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        reply = self._dispatch(_incoming(request, request.read()))
        if reply.delay:
            time.sleep(reply.delay)
        return _response(reply, request)


class AsyncEmulatorTransport(httpx.AsyncBaseTransport):
    """An ``httpx`` async transport answering from the emulator without any socket."""

    def __init__(self, dispatch: Dispatch) -> None:
        self._dispatch = dispatch

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        reply = self._dispatch(_incoming(request, await request.aread()))
        if reply.delay:
            await asyncio.sleep(reply.delay)
        return _response(reply, request)
