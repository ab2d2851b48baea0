"""The export job waiter's logic, sans I/O: when to poll next and what an answer means.

The clients poll ``GetExportJob`` and sleep; everything they decide lives here, so it is tested
with a fake clock.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from metricsdk._core.polling import PollSchedule
from metricsdk.errors import WaiterTimeoutError
from metricsdk.sesv2.errors import ExportJobFailedError

if TYPE_CHECKING:
    from metricsdk.sesv2.export_models import GetExportJobResponse

__all__ = [
    "DEFAULT_POLL_INTERVAL",
    "DEFAULT_WAIT_TIMEOUT",
    "MAX_POLL_INTERVAL",
    "poll_schedule",
    "settle",
    "timeout_error",
]

DEFAULT_WAIT_TIMEOUT = 900.0
"""Seconds `wait_for_export_job` waits by default: exports of long ranges take minutes."""
DEFAULT_POLL_INTERVAL = 5.0
"""Seconds before the first re-poll by default."""
MAX_POLL_INTERVAL = 60.0
"""The longest wait between two polls (or ``poll_interval``, if that is longer)."""


def poll_schedule(
    *, timeout: float, poll_interval: float, clock: Callable[[], float] = time.monotonic
) -> PollSchedule:
    """The schedule of this waiter: waits growing from ``poll_interval`` up to
    `MAX_POLL_INTERVAL`, ending at ``timeout``."""
    return PollSchedule(
        timeout=timeout, poll_interval=poll_interval, max_interval=MAX_POLL_INTERVAL, clock=clock
    )


def settle(job_id: str, response: GetExportJobResponse) -> GetExportJobResponse | None:
    """What a ``GetExportJob`` answer means to the waiter.

    Returns:
        ``response`` once the job is ``COMPLETED``; ``None`` while it is still running (a state
        this SDK does not know, or none at all, counts as running).

    Raises:
        ExportJobFailedError: if the job ended ``FAILED`` or ``CANCELLED``.
    """
    from metricsdk.sesv2.export_models import JobStatus  # the export models load on first use

    status = response.job_status
    if status == JobStatus.COMPLETED:
        return response
    if status in (JobStatus.FAILED, JobStatus.CANCELLED):
        raise ExportJobFailedError(job_id, response)
    return None


def timeout_error(
    job_id: str, response: GetExportJobResponse, timeout: float
) -> WaiterTimeoutError:
    """The error for a job still running when the waiter's time ran out."""
    status = response.job_status or "in an unknown state"
    return WaiterTimeoutError(
        f"export job {job_id!r} still {status} after {timeout:g} s", pending=[job_id]
    )
