"""The interface between the transport and a pacer (rate limiter).

The transport calls ``acquire`` (or ``acquire_async``) before every attempt, retries included,
with the attempt's weight, and reports each answer back through ``feedback`` so a pacer can slow
down after throttling and honour a server's ``Retry-After`` for every waiter at once.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

__all__ = ["RateLimiter"]


@runtime_checkable
class RateLimiter(Protocol):
    """What a pacer must offer to be passed as ``rate_limiter=`` to a client."""

    def acquire(self, weight: int = 1, *, timeout: float | None = None) -> None:
        """Block the calling thread until a call of ``weight`` units may be sent."""
        ...

    async def acquire_async(self, weight: int = 1, *, timeout: float | None = None) -> None:
        """Wait, without blocking the event loop, until a call of ``weight`` units may be sent."""
        ...

    def feedback(self, *, throttled: bool, retry_after: float | None = None) -> None:
        """Report an answer: whether it was throttling, and any server-requested wait."""
        ...
