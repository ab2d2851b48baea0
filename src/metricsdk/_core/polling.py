"""When a waiter polls next, sans I/O: every waiter of every service sleeps by this schedule.

The clients poll and sleep; the schedule decides how long, so it is tested with a fake clock.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import Any

from metricsdk.errors import InvalidInputError

__all__ = ["BACKOFF_FACTOR", "PollSchedule"]

BACKOFF_FACTOR = 1.5
"""Each wait between polls is this much longer than the one before, up to the schedule's cap."""


def _positive_seconds(field: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InvalidInputError(field, f"must be a number of seconds, got {type(value).__name__}")
    if not (value > 0 and math.isfinite(value)):
        raise InvalidInputError(field, f"must be a positive, finite number of seconds, got {value}")
    return float(value)


class PollSchedule:
    """The waits between polls: ``poll_interval``, then `BACKOFF_FACTOR` times longer each
    time up to ``max_interval`` (or ``poll_interval``, if that is longer), never running past
    the deadline; after the deadline, no more waits.

    Args:
        timeout: seconds from now until the deadline.
        poll_interval: seconds of the first wait.
        max_interval: the longest wait between two polls.
        clock: a monotonic clock in seconds.
    """

    def __init__(
        self,
        *,
        timeout: float,
        poll_interval: float,
        max_interval: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.timeout = _positive_seconds("timeout", timeout)
        self._interval = _positive_seconds("poll_interval", poll_interval)
        self._cap = max(self._interval, max_interval)
        self._clock = clock
        self._deadline = clock() + self.timeout

    def next_delay(self) -> float | None:
        """Seconds to sleep before the next poll, or ``None`` once the deadline has passed.

        The last wait is cut short to end at the deadline, so the final poll happens then.
        """
        remaining = self._deadline - self._clock()
        if remaining <= 0:
            return None
        delay = min(self._interval, remaining)
        self._interval = min(self._interval * BACKOFF_FACTOR, self._cap)
        return delay
