"""Where the async side genuinely differs from the sync one: sleeping, bounding an attempt,
tracing a send, retrying, running jobs concurrently. The async sources call these; their
generated sync twins call the same names in `metricsdk._core.sync_primitives`.

asyncio, anyio and tenacity are imported on first use, so importing a package never loads them.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Iterable
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any, TypeVar

from metricsdk._core.pacing_protocol import SEND_EVENTS, Permit

if TYPE_CHECKING:
    import tenacity

__all__ = ["bounded", "completed", "retrying", "send_tracer", "sleep"]

T = TypeVar("T")


async def sleep(seconds: float) -> None:
    """Wait without blocking the event loop."""
    import asyncio

    await asyncio.sleep(seconds)


def bounded(seconds: float) -> AbstractContextManager[Any]:
    """A block cancelled after ``seconds``, whatever it awaits (``TimeoutError`` at its end)."""
    import anyio  # httpx's own dependency

    return anyio.fail_after(max(seconds, 0.0))


def send_tracer(permit: Permit) -> Callable[[str, dict[str, object]], Coroutine[None, None, None]]:
    """An httpcore ``trace`` callback, awaited by async connections, that tells the pacer when
    the request is really sent."""

    async def trace(event: str, info: dict[str, object]) -> None:
        if event in SEND_EVENTS:
            permit.sent()

    return trace


def retrying(settings: dict[str, object]) -> tenacity.AsyncRetrying:
    """tenacity's retry loop for coroutines."""
    import tenacity

    return tenacity.AsyncRetrying(**settings)  # type: ignore[arg-type]


async def completed(jobs: Iterable[Callable[[], Awaitable[T]]], limit: int) -> AsyncIterator[T]:
    """Run ``jobs`` as tasks, at most ``limit`` at once, taking the next job from ``jobs`` only
    when one finishes; yield each result as it completes. Memory stays that of ``limit`` jobs,
    however many there are. Leaving early cancels the jobs still running.

    If taking the next job raises, no more are taken: the jobs already running finish and
    their results are yielded, then the error is raised.
    """
    import asyncio

    from metricsdk._core.job_feed import JobFeed  # with the first pull, like asyncio

    feed = JobFeed(jobs, limit, lambda job: asyncio.ensure_future(job()))
    try:
        feed.top_up()
        while feed.running:
            done, _ = await asyncio.wait(feed.running, return_when=asyncio.FIRST_COMPLETED)
            for task in feed.finished(done):
                yield task.result()
        feed.raise_failure()
    finally:
        feed.cancel()
        await asyncio.gather(*feed.running, return_exceptions=True)
