"""Where the sync side genuinely differs from the async one: the same names as
`metricsdk._core.async_primitives`, with threads and blocking calls instead of tasks and awaits.
The generated sync modules call these.

concurrent.futures and tenacity are imported on first use, so a sync program that needs neither
never loads them (nor asyncio).
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any, TypeVar

from metricsdk._core.pacing_protocol import Permit

if TYPE_CHECKING:
    import tenacity

__all__ = ["bounded", "completed", "retrying", "send_tracer", "sleep"]

T = TypeVar("T")

_SEND_EVENTS = ("http11.send_request_headers.started", "http2.send_request_headers.started")


def sleep(seconds: float) -> None:
    """Block the calling thread."""
    time.sleep(seconds)


def bounded(seconds: float) -> AbstractContextManager[Any]:
    """Nothing: a blocked read cannot be cancelled from its own thread, so the sync transport
    checks an attempt's time between the pieces of an answer instead (and each read has its
    own timeout)."""
    return contextlib.nullcontext()


def send_tracer(permit: Permit) -> Callable[[str, dict[str, object]], None]:
    """An httpcore ``trace`` callback that tells the pacer when the request is really sent."""

    def trace(event: str, info: dict[str, object]) -> None:
        if event in _SEND_EVENTS:
            permit.sent()

    return trace


def retrying(settings: dict[str, object]) -> tenacity.Retrying:
    """tenacity's retry loop for blocking calls."""
    import tenacity

    return tenacity.Retrying(**settings)  # type: ignore[arg-type]


def completed(jobs: Sequence[Callable[[], T]], limit: int) -> Iterator[T]:
    """Run ``jobs`` in threads, at most ``limit`` at once; yield each result as it completes.
    Leaving early cancels the jobs not yet started."""
    from concurrent.futures import ThreadPoolExecutor, as_completed

    with ThreadPoolExecutor(
        max_workers=max(1, min(limit, len(jobs))), thread_name_prefix="metricsdk"
    ) as pool:
        futures = [pool.submit(job) for job in jobs]
        try:
            for future in as_completed(futures):
                yield future.result()
        finally:
            for future in futures:
                future.cancel()
