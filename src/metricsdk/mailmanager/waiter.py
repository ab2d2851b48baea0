"""The archive export and search waiters' logic, sans I/O: when to poll next and what an answer
means.

The clients poll ``GetArchiveExport`` or ``GetArchiveSearch`` and sleep; everything they decide
lives here, so it is tested with a fake clock. Both waiters sleep by the same schedule.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from metricsdk._core.polling import PollSchedule
from metricsdk.errors import WaiterTimeoutError
from metricsdk.mailmanager.errors import ArchiveExportFailedError, ArchiveSearchFailedError
from metricsdk.mailmanager.models import ExportState, GetArchiveExportResponse
from metricsdk.mailmanager.search_models import GetArchiveSearchResponse, SearchState

__all__ = [
    "DEFAULT_POLL_INTERVAL",
    "DEFAULT_WAIT_TIMEOUT",
    "MAX_POLL_INTERVAL",
    "PollSchedule",
    "poll_schedule",
    "search_timeout_error",
    "settle",
    "settle_search",
    "timeout_error",
]

DEFAULT_WAIT_TIMEOUT = 900.0
"""Seconds `wait_for_archive_export` and `wait_for_archive_search` wait by default: exports and
searches of large archives take minutes."""
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


def settle_search(
    search_id: str, response: GetArchiveSearchResponse
) -> GetArchiveSearchResponse | None:
    """What a ``GetArchiveSearch`` answer means to the waiter.

    Returns:
        ``response`` once the search is ``COMPLETED``; ``None`` while it is still running (a
        state this SDK does not know counts as running).

    Raises:
        ArchiveSearchFailedError: if the search ended ``FAILED`` or ``CANCELLED``.
    """
    state = response.status.state
    if state == SearchState.COMPLETED:
        return response
    if state in (SearchState.FAILED, SearchState.CANCELLED):
        raise ArchiveSearchFailedError(search_id, response)
    return None


def search_timeout_error(
    search_id: str, response: GetArchiveSearchResponse, timeout: float
) -> WaiterTimeoutError:
    """The error for a search still running when the waiter's time ran out."""
    state = response.status.state or "in an unknown state"
    return WaiterTimeoutError(
        f"archive search {search_id!r} still {state} after {timeout:g} s", pending=[search_id]
    )
