"""The bookkeeping of running jobs a few at a time, shared by both sides' `completed`.

`metricsdk._core.async_primitives.completed` (tasks) and `metricsdk._core.sync_primitives.completed`
(threads) differ only in how a job is started and how they wait for one to finish; which jobs
run, when the next one is taken from its source, and what a failing source means are decided
here, once.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from typing import Generic, Protocol, TypeVar

__all__ = ["JobFeed"]


class _Cancellable(Protocol):
    def cancel(self) -> bool: ...


J = TypeVar("J")
F = TypeVar("F", bound=_Cancellable)


class JobFeed(Generic[J, F]):
    """Jobs taken from ``jobs`` only as slots free up, at most ``limit`` running at once.

    If taking the next job raises, no more are taken: the jobs already running finish, and
    `raise_failure` then raises that error.

    Args:
        jobs: the jobs, taken lazily.
        limit: the most that run at once.
        start: starts a job and returns its future (a task, or a thread pool's future).

    Attributes:
        running: the futures of the jobs running now.
    """

    def __init__(self, jobs: Iterable[J], limit: int, start: Callable[[J], F]) -> None:
        self._source = iter(jobs)
        self._limit = limit
        self._start = start
        self._failure: Exception | None = None
        self.running: set[F] = set()

    def top_up(self) -> None:
        """Start jobs until ``limit`` run (or the source is empty, or fails)."""
        if self._failure is not None:
            return
        try:
            for job in itertools.islice(self._source, max(self._limit - len(self.running), 0)):
                self.running.add(self._start(job))
        except Exception as exc:  # a job source that fails: finish what runs, then raise
            self._failure = exc

    def finished(self, done: Iterable[F]) -> Iterator[F]:
        """Each future of ``done``, no longer running; once all are taken, start more jobs."""
        for future in done:
            self.running.discard(future)
            yield future
        self.top_up()

    def raise_failure(self) -> None:
        """Raise the error the source raised, if it did."""
        if self._failure is not None:
            raise self._failure

    def cancel(self) -> None:
        """Cancel the jobs still running (a thread's job only if it has not started)."""
        for future in self.running:
            future.cancel()
