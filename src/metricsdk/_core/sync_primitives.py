"""Where the sync side genuinely differs from the async one: the same names as
`metricsdk._core.async_primitives`, with threads and blocking calls instead of tasks and awaits.
The generated sync modules call these.

concurrent.futures and tenacity are imported on first use, so a sync program that needs neither
never loads them (nor asyncio).
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any, TypeVar

from metricsdk._core.pacing_protocol import SEND_EVENTS, Permit

if TYPE_CHECKING:
    import tenacity

__all__ = ["bounded", "completed", "retrying", "send_tracer", "sleep"]

T = TypeVar("T")


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
        if event in SEND_EVENTS:
            permit.sent()

    return trace


def retrying(settings: dict[str, object]) -> tenacity.Retrying:
    """tenacity's retry loop for blocking calls."""
    import tenacity

    return tenacity.Retrying(**settings)  # type: ignore[arg-type]


def completed(jobs: Iterable[Callable[[], T]], limit: int) -> Iterator[T]:
    """Run ``jobs`` in threads, at most ``limit`` at once, taking the next job from ``jobs``
    only when one finishes; yield each result as it completes. Memory stays that of ``limit``
    jobs, however many there are. Leaving early cancels the jobs not yet started.

    If taking the next job raises, no more are taken: the jobs already running finish and
    their results are yielded, then the error is raised.
    """
    from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait

    from metricsdk._core.job_feed import JobFeed  # with the first pull, like the thread pool

    with ThreadPoolExecutor(max_workers=limit, thread_name_prefix="metricsdk") as pool:
        feed = JobFeed(jobs, limit, pool.submit)
        try:
            feed.top_up()
            while feed.running:
                done, _ = wait(feed.running, return_when=FIRST_COMPLETED)
                for future in feed.finished(done):
                    yield future.result()
            feed.raise_failure()
        finally:
            feed.cancel()
