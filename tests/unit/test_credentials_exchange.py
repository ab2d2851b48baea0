"""The credential sources' sans-I/O conversations, carried by `exchange` and `exchange_async`."""

from __future__ import annotations

import httpx
import pytest

from metricsdk._core.aws_identity import fetch
from metricsdk.errors import TransportError


def _handler(request: httpx.Request) -> httpx.Response:
    if request.url.path == "/down":
        raise httpx.ConnectError("refused", request=request)
    return httpx.Response(200, content=request.url.path.encode())


def _call(path: str) -> fetch.Call:
    return fetch.Call("test", "Read", "GET", f"http://service.test{path}")


def _conversation() -> fetch.Exchange[list[str]]:
    seen = []
    for path in ("/one", "/down", "/two"):
        outcome = yield _call(path)
        seen.append(outcome.body.decode() if isinstance(outcome, fetch.Reply) else "failed")
    return seen


def _refusing() -> fetch.Exchange[str]:
    outcome = yield _call("/down")
    assert isinstance(outcome, TransportError)
    raise outcome


def test_exchange_hands_back_replies_and_failures_and_returns_the_result() -> None:
    with httpx.Client(transport=httpx.MockTransport(_handler)) as client:
        assert fetch.exchange(client, _conversation()) == ["/one", "failed", "/two"]


async def test_exchange_async_hands_back_replies_and_failures_and_returns_the_result() -> None:
    async with httpx.AsyncClient(transport=httpx.MockTransport(_handler)) as client:
        assert await fetch.exchange_async(client, _conversation()) == ["/one", "failed", "/two"]


def test_an_error_the_conversation_raises_reaches_the_caller() -> None:
    with httpx.Client(transport=httpx.MockTransport(_handler)) as client:
        with pytest.raises(TransportError, match="ConnectError"):
            fetch.exchange(client, _refusing())


async def test_an_error_the_conversation_raises_reaches_the_async_caller() -> None:
    async with httpx.AsyncClient(transport=httpx.MockTransport(_handler)) as client:
        with pytest.raises(TransportError, match="ConnectError"):
            await fetch.exchange_async(client, _refusing())
