"""A strict sliding-window counter, the server's view of a rate limit."""

from __future__ import annotations

import bisect
import threading

__all__ = ["SlidingWindow"]


class SlidingWindow:
    """Admits an arrival of ``weight`` only if no window of ``per`` seconds that contains it
    would then hold more than ``calls`` arrivals or ``units`` weight. Rejected arrivals are not
    counted.

    Arrivals are judged at the time they were stamped, even when a handler thread reaches this
    counter after one stamped later: every window is checked, not only the one ending now, so
    the counter is exactly as strict as the arrival stamps it records, never more or less.
    """

    def __init__(self, calls: int | None, units: int | None = None, per: float = 1.0) -> None:
        self.calls, self.units, self.per = calls, units, per
        self._stamps: list[float] = []  # sorted
        self._weights: list[int] = []  # in the order of _stamps
        self._lock = threading.Lock()

    def admit(self, now: float, weight: int = 1) -> bool:
        """Record the arrival and return True, or return False if it would break a limit."""
        with self._lock:
            self._forget_before(now - 2 * self.per)
            position = bisect.bisect_right(self._stamps, now)
            stamps = [*self._stamps[:position], now, *self._stamps[position:]]
            weights = [*self._weights[:position], weight, *self._weights[position:]]
            if not self._fits(stamps, weights, position):
                return False
            self._stamps, self._weights = stamps, weights
            return True

    def _fits(self, stamps: list[float], weights: list[int], new: int) -> bool:
        # A window (end - per, end] holds the new arrival for every end in [now, now + per);
        # its content only grows at an arrival, so the ends worth checking are the arrivals
        # from the new one up to per seconds after it.
        now = stamps[new]
        for end in range(new, len(stamps)):
            if stamps[end] >= now + self.per:
                break
            start = bisect.bisect_right(stamps, stamps[end] - self.per)
            if self.calls is not None and end + 1 - start > self.calls:
                return False
            if self.units is not None and sum(weights[start : end + 1]) > self.units:
                return False
        return True

    def _forget_before(self, horizon: float) -> None:
        # Keep two windows: a late-processed arrival can be stamped up to one window back.
        cut = bisect.bisect_right(self._stamps, horizon)
        if cut:
            del self._stamps[:cut], self._weights[:cut]
