"""The archive export waiter's logic, sans I/O: when to poll next and what an answer means.

The clients poll ``GetArchiveExport`` and sleep; everything they decide lives here, so it is
tested with a fake clock.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from metricsdk.errors import InvalidInputError, WaiterTimeoutError
from metricsdk.mailmanager.errors import ArchiveExportFailedError
from metricsdk.mailmanager.models import ExportState, GetArchiveExportResponse

__all__ = [
    "BACKOFF_FACTOR",
    "DEFAULT_POLL_INTERVAL",
    "DEFAULT_WAIT_TIMEOUT",
    "MAX_POLL_INTERVAL",
    "PollSchedule",
    "settle",
    "timeout_error",
]

DEFAULT_WAIT_TIMEOUT = 900.0
"""Seconds `wait_for_archive_export` waits by default: exports of large archives take minutes."""
DEFAULT_POLL_INTERVAL = 5.0
"""Seconds before the first re-poll by default."""
BACKOFF_FACTOR = 1.5
"""Each wait between polls is this much longer than the one before..."""
MAX_POLL_INTERVAL = 60.0
"""...up to this many seconds (or ``poll_interval``, if that is longer)."""


def _positive_seconds(field: str, value: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InvalidInputError(field, f"must be a number of seconds, got {type(value).__name__}")
    if not (value > 0 and math.isfinite(value)):
        raise InvalidInputError(field, f"must be a positive, finite number of seconds, got {value}")
    return float(value)


class PollSchedule:
    """The waits between polls: ``poll_interval``, then 1.5 times longer each time up to a cap,
    never running past the deadline; after the deadline, no more waits.

    Args:
        timeout: seconds from now until the deadline.
        poll_interval: seconds of the first wait.
        clock: a monotonic clock in seconds.
    """

    def __init__(
        self,
        *,
        timeout: float,
        poll_interval: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.timeout = _positive_seconds("timeout", timeout)
        self._interval = _positive_seconds("poll_interval", poll_interval)
        self._cap = max(self._interval, MAX_POLL_INTERVAL)
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


def settle(export_id: str, response: GetArchiveExportResponse) -> GetArchiveExportResponse | None:
    """What a ``GetArchiveExport`` answer means to the waiter.

    Returns:
        ``response`` once the export is ``COMPLETED``; ``None`` while it is still running (a
        state this SDK does not know counts as running).

    Raises:
        ArchiveExportFailedError: if the export ended ``FAILED`` or ``CANCELLED``.
    """
    state = response.status.state
    if state == ExportState.COMPLETED:
        return response
    if state in (ExportState.FAILED, ExportState.CANCELLED):
        raise ArchiveExportFailedError(export_id, response)
    return None


def timeout_error(
    export_id: str, response: GetArchiveExportResponse, timeout: float
) -> WaiterTimeoutError:
    """The error for an export still running when the waiter's time ran out."""
    state = response.status.state or "in an unknown state"
    return WaiterTimeoutError(
        f"archive export {export_id!r} still {state} after {timeout:g} s", pending=[export_id]
    )
