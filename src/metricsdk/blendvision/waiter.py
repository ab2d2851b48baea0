"""The report waiter's logic, sans I/O: which batch-gets to send, what their answers mean, and
how long to sleep in between.

The clients poll and sleep; everything they decide lives here, so it is tested with a fake clock.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from metricsdk._core.polling import PollSchedule
from metricsdk.blendvision.models import (
    BatchGetEventReportsRequest,
    BatchGetSummaryReportsRequest,
    EventReport,
    SummaryReport,
)
from metricsdk.errors import InvalidInputError, WaiterTimeoutError

__all__ = [
    "DEFAULT_POLL_INTERVAL",
    "DEFAULT_WAIT_TIMEOUT",
    "MAX_POLL_INTERVAL",
    "PollSchedule",
    "poll_schedule",
    "WaitPlan",
    "timeout_error",
]

DEFAULT_WAIT_TIMEOUT = 600.0
"""Seconds `wait_for_reports` waits by default."""
DEFAULT_POLL_INTERVAL = 2.0
"""Seconds before the first re-poll by default."""
MAX_POLL_INTERVAL = 30.0
"""The longest wait between two polls (or ``poll_interval``, if that is longer)."""

Report = TypeVar("Report", EventReport, SummaryReport)


def poll_schedule(
    *, timeout: float, poll_interval: float, clock: Callable[[], float] = time.monotonic
) -> PollSchedule:
    """The schedule of this waiter: waits growing from ``poll_interval`` up to
    `MAX_POLL_INTERVAL`, ending at ``timeout``."""
    return PollSchedule(
        timeout=timeout, poll_interval=poll_interval, max_interval=MAX_POLL_INTERVAL, clock=clock
    )


class WaitPlan:
    """The reports being waited for, in the caller's order, and the batch-gets that refresh
    the ones still running.

    Args:
        reports: `EventReport` and `SummaryReport` items, mixed as the caller likes; a report
            id given twice is asked for once.
    """

    def __init__(self, reports: Sequence[EventReport | SummaryReport]) -> None:
        if isinstance(reports, (str, bytes)) or not isinstance(reports, Sequence):
            raise InvalidInputError("reports", "must be a list of reports")
        if not reports:
            raise InvalidInputError("reports", "must not be empty")
        for index, report in enumerate(reports):
            if not isinstance(report, (EventReport, SummaryReport)):
                raise InvalidInputError(
                    f"reports[{index}]",
                    f"must be an EventReport or SummaryReport, got {type(report).__name__}",
                )
        self.current: list[EventReport | SummaryReport] = list(reports)

    @property
    def done(self) -> bool:
        """Whether every report has finished, one way or the other."""
        return all(report.done for report in self.current)

    def _running(self, kind: type[Report]) -> list[Report]:
        seen: dict[str, Report] = {}
        for report in self.current:
            if isinstance(report, kind) and not report.done:
                seen.setdefault(report.id, report)
        return list(seen.values())

    def event_request(self) -> BatchGetEventReportsRequest | None:
        """The batch-get of the event reports still running, or ``None`` if there are none."""
        running = self._running(EventReport)
        return BatchGetEventReportsRequest(reports=running) if running else None

    def summary_request(self) -> BatchGetSummaryReportsRequest | None:
        """The batch-get of the summary reports still running, or ``None`` if there are none."""
        running = self._running(SummaryReport)
        return BatchGetSummaryReportsRequest(reports=running) if running else None

    def update(self, answered: Sequence[EventReport | SummaryReport]) -> None:
        """Take in the reports a batch-get returned."""
        by_key: Mapping[tuple[type[Any], str], EventReport | SummaryReport] = {
            (type(report), report.id): report for report in answered
        }
        self.current = [by_key.get((type(r), r.id), r) for r in self.current]

    def pending_ids(self) -> list[str]:
        """The ids of the reports still running."""
        return list(dict.fromkeys(report.id for report in self.current if not report.done))


def timeout_error(plan: WaitPlan, timeout: float) -> WaiterTimeoutError:
    """The error for reports still running when the waiter's time ran out."""
    pending = plan.pending_ids()
    return WaiterTimeoutError(
        f"{len(pending)} report(s) still running after {timeout:g} s; their ids are in "
        "`pending`: call wait_for_reports again with the same reports to keep waiting",
        pending=pending,
    )
