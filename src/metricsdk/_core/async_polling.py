# The async source of a generated sync module: see scripts/unasync.py.
"""`poll`: the loop every waiter of every client runs, written once. The waiter modules decide
what an answer means and how long to sleep (sans I/O); this asks, judges and sleeps."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from metricsdk._core import async_primitives
from metricsdk._core.client_callables import AsyncFetch
from metricsdk._core.polling import PollSchedule

__all__ = ["poll"]

R = TypeVar("R")


async def poll(
    fetch: AsyncFetch[R],
    settle: Callable[[R], object],
    schedule: PollSchedule,
    timeout_error: Callable[[R, float], Exception],
) -> R:
    """Ask with ``fetch`` until ``settle`` says the answer is final, sleeping by ``schedule``
    in between; the first ask is at once, the last at the schedule's deadline.

    Args:
        fetch: one poll of the service.
        settle: ``None`` while the answer is not final; it raises if the answer is a failure.
        schedule: the waits between polls.
        timeout_error: the error for the last answer and the schedule's timeout, raised when
            the answer is still not final at the deadline.

    Returns:
        The first final answer.
    """
    while True:
        answer = await fetch()
        if settle(answer) is not None:
            return answer
        delay = schedule.next_delay()
        if delay is None:
            raise timeout_error(answer, schedule.timeout)
        await async_primitives.sleep(delay)
