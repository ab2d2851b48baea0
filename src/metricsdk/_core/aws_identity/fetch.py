"""The credential sources' own HTTP calls: short timeouts, no redirects, small answers.

Sources never go through the service transport (which asks them for credentials: the two
would import each other), and a credential fetch must fail fast rather than hold up every
thread that waits for it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Generator, Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import Any, TypeVar

import attrs
import httpx

from metricsdk._core.transport import USER_AGENT
from metricsdk.errors import MalformedResponseError, TransportError

__all__ = [
    "DEFAULT_TIMEOUT",
    "MAX_ANSWER_BYTES",
    "Call",
    "Reply",
    "Exchange",
    "async_session",
    "exchange",
    "exchange_async",
    "send",
    "send_async",
    "session",
]

T = TypeVar("T")

DEFAULT_TIMEOUT = httpx.Timeout(5.0, connect=2.0)
"""A credential fetch fails fast: every thread that needs credentials waits for it."""
MAX_ANSWER_BYTES = 1024 * 1024
"""Credential answers are a few kilobytes; anything this large is refused unread."""


@attrs.frozen
class Call:
    """One HTTP call of a credential source.

    Attributes:
        service: the source's service, for errors (``"sts"``, ``"imds"``...).
        operation: what is being done, for errors (``"AssumeRole"``...).
        method: the HTTP method.
        url: the full URL.
        headers: the request headers.
        body: the request body.
        timeout: the call's timeout.
    """

    service: str
    operation: str
    method: str
    url: str
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""
    timeout: httpx.Timeout = DEFAULT_TIMEOUT


@attrs.frozen
class Reply:
    """An answer: status, headers and the whole body."""

    status: int
    headers: httpx.Headers
    body: bytes


@contextmanager
def session() -> Iterator[httpx.Client]:
    """A short-lived ``httpx.Client`` for one fetch (a fetch is rare: nothing is pooled)."""
    with httpx.Client(follow_redirects=False) as client:
        yield client


@asynccontextmanager
async def async_session() -> AsyncIterator[httpx.AsyncClient]:
    """The async twin of `session`."""
    async with httpx.AsyncClient(follow_redirects=False) as client:
        yield client


def _failure(call: Call, exc: httpx.HTTPError) -> TransportError:
    # httpx describes the socket failure; its text never includes request headers or bodies.
    return TransportError(
        f"{call.service} {call.operation}: {type(exc).__name__}: {exc or 'no detail'}",
        service=call.service,
        operation=call.operation,
    )


def _too_large(call: Call, status: int) -> MalformedResponseError:
    return MalformedResponseError(
        f"{call.operation}: answer larger than {MAX_ANSWER_BYTES} bytes refused",
        status_code=status,
        service=call.service,
    )


class _Answer:
    """An answer's body as its chunks arrive, refused once larger than `MAX_ANSWER_BYTES`: the
    reading `send` and `send_async` share, whichever loop feeds it the chunks."""

    def __init__(self, call: Call, response: httpx.Response) -> None:
        self._call = call
        self._response = response
        self._body = bytearray()

    def add(self, chunk: bytes) -> None:
        self._body += chunk
        if len(self._body) > MAX_ANSWER_BYTES:
            raise _too_large(self._call, self._response.status_code)

    def reply(self) -> Reply:
        return Reply(self._response.status_code, self._response.headers, bytes(self._body))


def _stream_arguments(call: Call) -> dict[str, Any]:
    """What ``client.stream`` is given for ``call``, sync or async alike."""
    return {
        "method": call.method,
        "url": call.url,
        "headers": {"user-agent": USER_AGENT, **dict(call.headers)},
        "content": call.body or None,
        "timeout": call.timeout,
    }


def send(client: httpx.Client, call: Call) -> Reply:
    """Send ``call`` and read its answer.

    Raises:
        TransportError: the call failed at the network level (``__cause__`` is httpx's error).
        MalformedResponseError: the answer was too large.
    """
    try:
        with client.stream(**_stream_arguments(call)) as response:
            answer = _Answer(call, response)
            for chunk in response.iter_bytes():
                answer.add(chunk)
    except httpx.HTTPError as exc:
        raise _failure(call, exc) from exc
    return answer.reply()


async def send_async(client: httpx.AsyncClient, call: Call) -> Reply:
    """The async twin of `send`."""
    try:
        async with client.stream(**_stream_arguments(call)) as response:
            answer = _Answer(call, response)
            async for chunk in response.aiter_bytes():
                answer.add(chunk)
    except httpx.HTTPError as exc:
        raise _failure(call, exc) from exc
    return answer.reply()


Exchange = Generator[Call, "Reply | TransportError", T]
"""A source's conversation with its service, without I/O: it yields each `Call` to make, is
sent back the `Reply` (or the `TransportError` the call ended in), and returns its result. It
is written once; `exchange` and `exchange_async` only carry its calls."""


def exchange(client: httpx.Client, conversation: Exchange[T]) -> T:
    """Make the calls ``conversation`` asks for, in turn, and return its result."""
    try:
        call = next(conversation)
        while True:
            try:
                outcome: Reply | TransportError = send(client, call)
            except TransportError as failed:
                outcome = failed
            call = conversation.send(outcome)
    except StopIteration as done:
        return done.value  # type: ignore[no-any-return]


async def exchange_async(client: httpx.AsyncClient, conversation: Exchange[T]) -> T:
    """The async twin of `exchange`."""
    try:
        call = next(conversation)
        while True:
            try:
                outcome: Reply | TransportError = await send_async(client, call)
            except TransportError as failed:
                outcome = failed
            call = conversation.send(outcome)
    except StopIteration as done:
        return done.value  # type: ignore[no-any-return]
