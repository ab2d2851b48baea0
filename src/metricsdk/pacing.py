"""Pacing: keep calls inside a service's published rate limits.

`Pacer` honours several strict sliding-window `Limit`s at once, serves waiters in arrival order,
slows down after throttling (`Adaptive`) and works from threads and asyncio tasks alike. Clients
take one as ``rate_limiter=``; anything that implements the `RateLimiter` protocol will do.
"""

from metricsdk._core.pacing import (
    DEFAULT_MARGIN,
    Adaptive,
    Limit,
    Pacer,
    PacingState,
    SlidingWindowLog,
    shared_pacer,
)
from metricsdk._core.pacing_protocol import RateLimiter

__all__ = [
    "DEFAULT_MARGIN",
    "Adaptive",
    "Limit",
    "Pacer",
    "PacingState",
    "RateLimiter",
    "SlidingWindowLog",
    "shared_pacer",
]
