"""The report waiter's decisions, with a fake clock and no network."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from metricsdk.blendvision import (
    DimensionWithCondition,
    EventReport,
    EventReportKey,
    EventReportStatus,
    Interval,
    SummaryDimensionWithCondition,
    SummaryReport,
)
from metricsdk.blendvision.waiter import WaitPlan, poll_schedule, timeout_error
from metricsdk.errors import InvalidInputError

CHAT = DimensionWithCondition(dimension="REPORT_DIMENSION_CHAT_HISTORIES")
WEEK = SummaryDimensionWithCondition(
    interval=Interval(start_time=date(2026, 5, 4), end_time=date(2026, 5, 11))
)


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def event(report_id: str, status: Any = EventReportStatus.RUNNING) -> EventReport:
    return EventReport(id=report_id, dimension_with_condition=CHAT, status=status)


def summary(report_id: str, status: Any = EventReportStatus.RUNNING) -> SummaryReport:
    return SummaryReport(id=report_id, dimension_with_condition=WEEK, status=status)


def test_waits_grow_and_stop_at_the_deadline() -> None:
    clock = Clock()
    schedule = poll_schedule(timeout=60, poll_interval=2, clock=clock)
    waits = []
    while (delay := schedule.next_delay()) is not None:
        waits.append(delay)
        clock.now += delay
    assert waits[:4] == [2.0, 3.0, 4.5, 6.75]
    assert sum(waits) == pytest.approx(60.0)
    assert max(waits) <= 30.0


def test_waits_are_capped_at_thirty_seconds() -> None:
    clock = Clock()
    schedule = poll_schedule(timeout=3600, poll_interval=20, clock=clock)
    assert [schedule.next_delay() for _ in range(4)] == [20.0, 30.0, 30.0, 30.0]


@pytest.mark.parametrize(
    ("timeout", "poll_interval", "field"),
    [
        (0, 1, "timeout"),
        (-5, 1, "timeout"),
        (float("inf"), 1, "timeout"),
        (10, "1", "poll_interval"),
    ],
)
def test_bad_waits_are_refused(timeout: Any, poll_interval: Any, field: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        poll_schedule(timeout=timeout, poll_interval=poll_interval)
    assert caught.value.field == field


def test_the_plan_asks_only_for_running_reports_once_each() -> None:
    plan = WaitPlan([event("a"), event("b", EventReportStatus.SUCCEEDED), summary("s"), event("a")])
    events = plan.event_request()
    summaries = plan.summary_request()
    assert events is not None and summaries is not None
    assert events.reports == (EventReportKey(id="a", dimension_with_condition=CHAT),)
    assert [key.id for key in summaries.reports] == ["s"]
    assert not plan.done and plan.pending_ids() == ["a", "s"]


def test_answers_replace_reports_in_place() -> None:
    plan = WaitPlan([summary("x"), event("x"), event("y")])
    plan.update([event("x", EventReportStatus.FAILED), event("zzz", EventReportStatus.SUCCEEDED)])
    assert [type(r).__name__ for r in plan.current] == [
        "SummaryReport",
        "EventReport",
        "EventReport",
    ]
    assert plan.current[0].status is EventReportStatus.RUNNING  # same id, other kind: untouched
    assert plan.current[1].status is EventReportStatus.FAILED
    plan.update(
        [summary("x", "EVENT_REPORT_STATUS_SUCCEEDED"), event("y", "EVENT_REPORT_STATUS_FAILED")]
    )
    assert plan.done
    assert plan.event_request() is None and plan.summary_request() is None


def test_the_timeout_error_lists_what_is_pending() -> None:
    plan = WaitPlan([event("a"), event("b", EventReportStatus.SUCCEEDED), summary("c")])
    error = timeout_error(plan, 12.5)
    assert error.pending == ("a", "c")
    assert str(error).startswith("2 report(s) still running after 12.5 s")
    assert isinstance(error, TimeoutError)


@pytest.mark.parametrize(
    ("reports", "field", "rule"),
    [
        ([], "reports", "must not be empty"),
        ("r1", "reports", "must be a list of reports"),
        ([event("a"), "b"], "reports[1]", "must be an EventReport or SummaryReport, got str"),
        (
            [EventReportKey(id="a", dimension_with_condition=CHAT)],
            "reports[0]",
            "must be an EventReport or SummaryReport, got EventReportKey",
        ),
    ],
)
def test_the_plan_checks_its_input(reports: Any, field: str, rule: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        WaitPlan(reports)
    assert (caught.value.field, caught.value.rule) == (field, rule)
