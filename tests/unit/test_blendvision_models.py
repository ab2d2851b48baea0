"""BlendVision models: every input rule with its message, enums that take wire strings, the
deprecated ``dimension``, and the answers that read as sequences of reports."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from typing import Any

import pytest

from metricsdk.blendvision import (
    BatchGetEventReportsRequest,
    BatchGetSummaryReportsRequest,
    CreateEventReportRequest,
    CreateEventReportResponse,
    CreateSummaryReportRequest,
    DimensionWithCondition,
    EventReport,
    EventReportKey,
    EventReportStatus,
    EventType,
    GroupByField,
    Interval,
    ReportDimension,
    ReportFilter,
    SummaryDimensionWithCondition,
    SummaryReport,
    SummaryReportDimension,
    SummaryReportKey,
)
from metricsdk.errors import InvalidInputError

UTC = timezone.utc
WINDOW = ReportFilter(start_time=datetime(2026, 5, 1, tzinfo=UTC), end_time=datetime(2026, 5, 2))
WATCH = DimensionWithCondition(
    dimension=ReportDimension.WATCH_TIME, group_by_fields=[GroupByField.DEVICE_OS], filter=WINDOW
)
WEEK = SummaryDimensionWithCondition(
    interval=Interval(start_time=date(2026, 5, 4), end_time=date(2026, 5, 11))
)


def test_enum_members_drop_the_wire_prefix() -> None:
    assert ReportDimension.CHAT_HISTORIES.value == "REPORT_DIMENSION_CHAT_HISTORIES"
    assert GroupByField.WATCH_TIMESTAMP.value == "GROUP_BY_FIELD_WATCH_TIMESTAMP"
    assert EventReportStatus.SUCCEEDED.value == "EVENT_REPORT_STATUS_SUCCEEDED"
    assert EventType.LIVE.value == "EVENT_TYPE_LIVE"
    assert EventType.LIVE_TO_VOD.value == "EVENT_TYPE_LIVE_TO_VOD"
    assert SummaryReportDimension.METRICS.value == "SUMMARY_REPORT_DIMENSION_METRICS"
    assert str(ReportDimension.POLL_VOTES) == "REPORT_DIMENSION_POLL_VOTES"
    assert ReportDimension.QUESTIONNAIRE == "REPORT_DIMENSION_QUESTIONNAIRE"


def test_plain_wire_strings_are_accepted_wherever_an_enum_is() -> None:
    condition = DimensionWithCondition(
        dimension="REPORT_DIMENSION_POLL_SUMMARIES",
        group_by_fields=["GROUP_BY_FIELD_CUSTOMER_ID", GroupByField.GEO_REGION],
    )
    assert condition.dimension is ReportDimension.POLL_SUMMARIES
    assert condition.group_by_fields == (GroupByField.CUSTOMER_ID, GroupByField.GEO_REGION)
    request = CreateEventReportRequest(
        event_id="ev", type="EVENT_TYPE_AOD", dimension_with_conditions=[condition]
    )
    assert request.type is EventType.AOD
    summary = SummaryDimensionWithCondition(
        interval=WEEK.interval, dimension="SUMMARY_REPORT_DIMENSION_METRICS"
    )
    assert summary == WEEK


def test_naive_datetimes_and_dates_are_utc() -> None:
    assert WINDOW.end_time == datetime(2026, 5, 2, tzinfo=UTC)
    assert WEEK.interval.start_time == datetime(2026, 5, 4, tzinfo=UTC)
    shifted = ReportFilter(
        start_time=datetime(2026, 5, 1, 2, tzinfo=timezone(timedelta(hours=2))),
        end_time=datetime(2026, 5, 1, 1, tzinfo=UTC),
    )
    assert shifted.start_time == datetime(2026, 5, 1, 0, tzinfo=UTC)
    assert shifted.start_time.tzinfo is UTC


def test_defaults() -> None:
    condition = DimensionWithCondition(dimension=ReportDimension.CHAT_HISTORIES)
    assert condition.group_by_fields == () and condition.filter is None
    assert WEEK.dimension is SummaryReportDimension.METRICS


BAD_INPUT: list[tuple[Callable[[], Any], str, str]] = [
    (lambda: DimensionWithCondition(dimension="WATCH_TIME"), "dimension", "must be one of"),
    (lambda: DimensionWithCondition(dimension=None), "dimension", "must be one of"),
    (
        lambda: DimensionWithCondition(
            dimension="REPORT_DIMENSION_WATCH_TIME", group_by_fields=["X"]
        ),
        "group_by_fields",
        "must be one of",
    ),
    (
        lambda: DimensionWithCondition(
            dimension="REPORT_DIMENSION_WATCH_TIME", group_by_fields="GROUP_BY_FIELD_DEVICE_OS"
        ),
        "group_by_fields",
        "must be a list (empty for no aggregation)",
    ),
    (
        lambda: DimensionWithCondition(dimension="REPORT_DIMENSION_WATCH_TIME", filter={}),
        "filter",
        "must be a ReportFilter or None",
    ),
    (
        lambda: ReportFilter(start_time="2026-01-01", end_time=datetime(2026, 1, 2)),
        "start_time",
        "must be a datetime or a date, got str",
    ),
    (
        lambda: Interval(start_time=date(2026, 1, 1), end_time=1700000000),
        "end_time",
        "must be a datetime or a date, got int",
    ),
    (lambda: SummaryDimensionWithCondition(interval=WINDOW), "interval", "must be an Interval"),
    (
        lambda: SummaryDimensionWithCondition(interval=WEEK.interval, dimension="METRICS"),
        "dimension",
        "must be one of SUMMARY_REPORT_DIMENSION_METRICS",
    ),
    (lambda: EventReportKey(id="", dimension_with_condition=WATCH), "id", "must not be empty"),
    (lambda: EventReportKey(id=7, dimension_with_condition=WATCH), "id", "must be a string"),
    (
        lambda: EventReportKey(id="r", dimension_with_condition=WEEK),
        "dimension_with_condition",
        "must be a DimensionWithCondition",
    ),
    (
        lambda: SummaryReportKey(id="r", dimension_with_condition=WATCH),
        "dimension_with_condition",
        "must be a SummaryDimensionWithCondition",
    ),
    (
        lambda: CreateEventReportRequest(
            event_id="", type="EVENT_TYPE_LIVE", dimension_with_conditions=[WATCH]
        ),
        "event_id",
        "must be a non-empty string",
    ),
    (
        lambda: CreateEventReportRequest(
            event_id="e", type="LIVE", dimension_with_conditions=[WATCH]
        ),
        "type",
        "must be one of EVENT_TYPE_LIVE, EVENT_TYPE_VOD, EVENT_TYPE_AOD, EVENT_TYPE_LIVE_TO_VOD",
    ),
    (
        lambda: CreateEventReportRequest(
            event_id="e", type="EVENT_TYPE_LIVE", dimension_with_conditions=WATCH
        ),
        "dimension_with_conditions",
        "must be a list",
    ),
    (
        lambda: CreateEventReportRequest(
            event_id="e", type="EVENT_TYPE_LIVE", dimension_with_conditions=[WATCH, WEEK]
        ),
        "dimension_with_conditions[1]",
        "must be a DimensionWithCondition, got SummaryDimensionWithCondition",
    ),
    (
        lambda: CreateSummaryReportRequest(
            type="EVENT_TYPE_VOD", dimension_with_conditions=[WATCH]
        ),
        "dimension_with_conditions[0]",
        "must be a SummaryDimensionWithCondition, got DimensionWithCondition",
    ),
    (
        lambda: CreateSummaryReportRequest(type=None, dimension_with_conditions=[WEEK]),
        "type",
        "must be one of",
    ),
    (lambda: BatchGetEventReportsRequest(reports="r-1"), "reports", "must be a list"),
    (
        lambda: BatchGetEventReportsRequest(reports=["r-1"]),
        "reports[0]",
        "must be a EventReportKey, got str",
    ),
    (
        lambda: BatchGetSummaryReportsRequest(
            reports=[EventReportKey(id="r", dimension_with_condition=WATCH)]
        ),
        "reports[0]",
        "must be a SummaryReportKey, got EventReportKey",
    ),
]


@pytest.mark.parametrize(("build", "field", "rule"), BAD_INPUT)
def test_every_input_rule_names_its_field(build: Callable[[], Any], field: str, rule: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        build()
    assert caught.value.field == field
    assert caught.value.rule.startswith(rule)
    assert isinstance(caught.value, ValueError)


def test_the_deprecated_dimension_warns_only_when_set() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        plain = EventReportKey(id="r", dimension_with_condition=WATCH)
    assert plain.dimension is None
    with pytest.warns(DeprecationWarning, match="dimension is deprecated") as record:
        key = EventReportKey(
            id="r", dimension_with_condition=WATCH, dimension="REPORT_DIMENSION_WATCH_TIME"
        )
    assert key.dimension is ReportDimension.WATCH_TIME
    assert record[0].filename == __file__  # the warning points at the caller's line


def test_a_wrong_deprecated_dimension_is_still_refused() -> None:
    with (
        pytest.warns(DeprecationWarning, match="deprecated"),
        pytest.raises(InvalidInputError, match="dimension"),
    ):
        EventReportKey(id="r", dimension_with_condition=WATCH, dimension="WATCH")


def test_create_request_mirrors_dimensions_from_conditions() -> None:
    chat = DimensionWithCondition(dimension="REPORT_DIMENSION_CHAT_HISTORIES")
    request = CreateEventReportRequest(
        event_id="ev", type=EventType.LIVE, dimension_with_conditions=[WATCH, chat]
    )
    assert request.dimensions == (ReportDimension.WATCH_TIME, ReportDimension.CHAT_HISTORIES)
    assert request.dimension_with_conditions == (WATCH, chat)


def test_batch_get_requests_take_reports_as_their_keys() -> None:
    report = EventReport(
        id="r1", dimension_with_condition=WATCH, status="EVENT_REPORT_STATUS_RUNNING"
    )
    summary = SummaryReport(id="s1", dimension_with_condition=WEEK)
    assert BatchGetEventReportsRequest(reports=[report]).reports == (
        EventReportKey(id="r1", dimension_with_condition=WATCH),
    )
    assert BatchGetSummaryReportsRequest(reports=[summary]).reports == (
        SummaryReportKey(id="s1", dimension_with_condition=WEEK),
    )


def test_done_means_succeeded_or_failed() -> None:
    def report(status: Any) -> EventReport:
        return EventReport(id="r", dimension_with_condition=WATCH, status=status)

    assert report(EventReportStatus.SUCCEEDED).done
    assert report("EVENT_REPORT_STATUS_FAILED").done
    assert not report(EventReportStatus.RUNNING).done
    assert not report("EVENT_REPORT_STATUS_QUEUED").done  # unknown: still waiting
    assert not EventReport(id="r", dimension_with_condition=WATCH).done  # status left out


def test_responses_read_as_sequences_of_reports() -> None:
    first = EventReport(id="a", dimension_with_condition=WATCH)
    second = EventReport(id="b", dimension_with_condition=WATCH)
    answer = CreateEventReportResponse(reports=(first, second))
    assert len(answer) == 2 and answer[1] is second and answer[-1] is second
    assert answer[:1] == (first,)
    assert list(answer) == [first, second] and first in answer
    (one, two) = answer
    assert (one.id, two.id) == ("a", "b")
    assert answer == CreateEventReportResponse(reports=(first, second))
    assert not CreateEventReportResponse()


ALLOWED: list[Callable[[], Any]] = [
    # Not in BlendVision's pages, so not refused: the service judges these.
    lambda: DimensionWithCondition(
        dimension="REPORT_DIMENSION_WATCH_TIME",
        group_by_fields=["GROUP_BY_FIELD_DEVICE_OS", GroupByField.DEVICE_OS],
    ),
    lambda: ReportFilter(start_time=datetime(2026, 2, 1), end_time=datetime(2026, 1, 1)),
    # the seed's own batch-get example has start_time equal to end_time
    lambda: ReportFilter(start_time=datetime(2026, 1, 1), end_time=datetime(2026, 1, 1)),
    lambda: Interval(start_time=date(2026, 1, 8), end_time=date(2026, 1, 1)),
    # the summary pages mark both ends of an interval optional
    lambda: Interval(),
    lambda: Interval(start_time=date(2026, 1, 1)),
    lambda: CreateEventReportRequest(
        event_id="e", type="EVENT_TYPE_LIVE", dimension_with_conditions=[]
    ),
    lambda: CreateSummaryReportRequest(type="EVENT_TYPE_VOD", dimension_with_conditions=[]),
    lambda: BatchGetEventReportsRequest(reports=[]),
    lambda: BatchGetSummaryReportsRequest(reports=()),
]


@pytest.mark.parametrize("build", ALLOWED)
def test_what_the_pages_do_not_refuse_is_accepted(build: Callable[[], Any]) -> None:
    assert build() is not None
