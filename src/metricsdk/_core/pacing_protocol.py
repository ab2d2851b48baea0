"""The interface between the transport and a pacer (rate limiter).

The transport calls ``acquire`` (or ``acquire_async``) before every attempt, retries included,
with the attempt's weight, and reports each answer back through ``feedback`` so a pacer can slow
down after throttling and honour a server's ``Retry-After`` for every waiter at once.

``acquire`` may return a `Permit`: the transport then calls its ``sent`` method at the moment the
request's first bytes go onto an established connection (from httpcore's ``trace`` hook). A
pacer uses it to move the call's charge from admission time to send time, because opening a
connection (TCP, TLS) can delay the first calls by far more than the window margin, and a
server counts arrivals, not admissions.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

__all__ = ["SEND_EVENTS", "Permit", "RateLimiter"]

SEND_EVENTS = ("http11.send_request_headers.started", "http2.send_request_headers.started")
"""The httpcore ``trace`` events at which a request's first bytes go out: a permit's `sent`."""


class Permit(Protocol):
    """An admitted call, told when its request is actually sent."""

    def sent(self) -> None:
        """The request's first bytes are being written to the connection now."""
        ...


@runtime_checkable
class RateLimiter(Protocol):
    """What a pacer must offer to be passed as ``rate_limiter=`` to a client."""

    def acquire(self, weight: int = 1, *, timeout: float | None = None) -> Permit | None:
        """Block the calling thread until a call of ``weight`` units may be sent."""
        ...

    async def acquire_async(
        self, weight: int = 1, *, timeout: float | None = None
    ) -> Permit | None:
        """Wait, without blocking the event loop, until a call of ``weight`` units may be sent."""
        ...

    def feedback(self, *, throttled: bool, retry_after: float | None = None) -> None:
        """Report an answer: whether it was throttling, and any server-requested wait."""
        ...
