"""A strict sliding-window counter, the server's view of a rate limit."""

from __future__ import annotations

import threading
from collections import deque

__all__ = ["SlidingWindow"]


class SlidingWindow:
    """Admits an arrival of ``weight`` only if the last ``per`` seconds, with it, hold at most
    ``calls`` arrivals and ``units`` weight. Rejected arrivals are not counted."""

    def __init__(self, calls: int | None, units: int | None = None, per: float = 1.0) -> None:
        self.calls, self.units, self.per = calls, units, per
        self._log: deque[tuple[float, int]] = deque()
        self._weight = 0
        self._lock = threading.Lock()

    def admit(self, now: float, weight: int = 1) -> bool:
        """Record the arrival and return True, or return False if it would break a limit."""
        with self._lock:
            if self._log and now < self._log[-1][0]:
                # Handler threads can reach this lock out of arrival order; counting the late
                # one as arriving with the newest keeps the log sorted and the server strict.
                now = self._log[-1][0]
            while self._log and self._log[0][0] <= now - self.per:
                self._weight -= self._log.popleft()[1]
            if self.calls is not None and len(self._log) + 1 > self.calls:
                return False
            if self.units is not None and self._weight + weight > self.units:
                return False
            self._log.append((now, weight))
            self._weight += weight
            return True
