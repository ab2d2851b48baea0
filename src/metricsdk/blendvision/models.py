"""BlendVision One analytics models: report requests, report keys and reports."""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

import attrs

from metricsdk._core.enums import WireEnum
from metricsdk._core.validation import check_order, known_member, require_str, to_utc_datetime
from metricsdk.errors import InvalidInputError

__all__ = [
    "DimensionWithCondition",
    "ErrorInfo",
    "EventReport",
    "EventReportKey",
    "EventReportStatus",
    "EventType",
    "GroupByField",
    "Interval",
    "ReportDimension",
    "ReportFilter",
    "SummaryDimensionWithCondition",
    "SummaryReport",
    "SummaryReportDimension",
    "SummaryReportKey",
]


class ReportDimension(WireEnum):
    """What an event report is about."""

    CHAT_HISTORIES = "REPORT_DIMENSION_CHAT_HISTORIES"
    POLL_SUMMARIES = "REPORT_DIMENSION_POLL_SUMMARIES"
    POLL_VOTES = "REPORT_DIMENSION_POLL_VOTES"
    WATCH_TIME = "REPORT_DIMENSION_WATCH_TIME"
    QUESTIONNAIRE = "REPORT_DIMENSION_QUESTIONNAIRE"


class GroupByField(WireEnum):
    """A field an event report's rows are aggregated by."""

    WATCH_TIMESTAMP = "GROUP_BY_FIELD_WATCH_TIMESTAMP"
    CUSTOMER_ID = "GROUP_BY_FIELD_CUSTOMER_ID"
    DEVICE_ID = "GROUP_BY_FIELD_DEVICE_ID"
    DEVICE_OS = "GROUP_BY_FIELD_DEVICE_OS"
    GEO_REGION = "GROUP_BY_FIELD_GEO_REGION"


class EventType(WireEnum):
    """The kind of event a report covers."""

    LIVE = "EVENT_TYPE_LIVE"
    VOD = "EVENT_TYPE_VOD"
    AOD = "EVENT_TYPE_AOD"
    LIVE_TO_VOD = "EVENT_TYPE_LIVE_TO_VOD"


class EventReportStatus(WireEnum):
    """Where a report is in its life: running, then succeeded or failed."""

    RUNNING = "EVENT_REPORT_STATUS_RUNNING"
    SUCCEEDED = "EVENT_REPORT_STATUS_SUCCEEDED"
    FAILED = "EVENT_REPORT_STATUS_FAILED"


class SummaryReportDimension(WireEnum):
    """What a summary report is about (one dimension is documented)."""

    METRICS = "SUMMARY_REPORT_DIMENSION_METRICS"


FINAL_STATUSES = frozenset({EventReportStatus.SUCCEEDED, EventReportStatus.FAILED})


def _start_time(value: datetime) -> datetime:
    return to_utc_datetime("start_time", value)


def _end_time(value: datetime) -> datetime:
    return to_utc_datetime("end_time", value)


@attrs.frozen(kw_only=True)
class ReportFilter:
    """The time window an event report covers (naive datetimes are UTC).

    Attributes:
        start_time: the start of the window.
        end_time: the end of the window; after ``start_time``.
    """

    start_time: datetime = attrs.field(converter=_start_time)
    end_time: datetime = attrs.field(converter=_end_time)

    def __attrs_post_init__(self) -> None:
        check_order("start_time", self.start_time, "end_time", self.end_time)


@attrs.frozen(kw_only=True)
class Interval:
    """A summary report's days: ``start_time`` inclusive, ``end_time`` exclusive, at day
    precision in the organisation's time zone.

    Attributes:
        start_time: the first moment included.
        end_time: the first moment excluded; after ``start_time``.
    """

    start_time: datetime = attrs.field(converter=_start_time)
    end_time: datetime = attrs.field(converter=_end_time)

    def __attrs_post_init__(self) -> None:
        check_order("start_time", self.start_time, "end_time", self.end_time)


def _dimension(value: ReportDimension | str) -> ReportDimension:
    return known_member("dimension", ReportDimension, value)


def _group_by(values: Sequence[GroupByField | str]) -> tuple[GroupByField, ...]:
    if isinstance(values, str) or not isinstance(values, Sequence):
        raise InvalidInputError("group_by_fields", "must be a list (empty for no aggregation)")
    return tuple(known_member("group_by_fields", GroupByField, v) for v in values)


def _optional_filter(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and not isinstance(value, ReportFilter):
        raise InvalidInputError("filter", "must be a ReportFilter")


@attrs.frozen(kw_only=True)
class DimensionWithCondition:
    """One event report to make: a dimension, how to group its rows, and an optional window.

    Attributes:
        dimension: a `ReportDimension` or its wire string.
        group_by_fields: `GroupByField`s (or wire strings); empty for no aggregation.
        filter: the time window, or ``None`` for the whole event.
    """

    dimension: ReportDimension = attrs.field(converter=_dimension)
    group_by_fields: tuple[GroupByField, ...] = attrs.field(default=(), converter=_group_by)
    filter: ReportFilter | None = attrs.field(default=None, validator=_optional_filter)


def _summary_dimension(value: SummaryReportDimension | str) -> SummaryReportDimension:
    return known_member("dimension", SummaryReportDimension, value)


def _interval(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, Interval):
        raise InvalidInputError("interval", "must be an Interval")


@attrs.frozen(kw_only=True)
class SummaryDimensionWithCondition:
    """One summary report to make.

    Attributes:
        interval: the days it covers.
        dimension: `SummaryReportDimension.METRICS`, the one documented dimension.
    """

    interval: Interval = attrs.field(validator=_interval)
    dimension: SummaryReportDimension = attrs.field(
        default=SummaryReportDimension.METRICS, converter=_summary_dimension
    )


def _report_id(value: str) -> str:
    return require_str("id", value)


def _deprecated_dimension(value: ReportDimension | str | None) -> ReportDimension | None:
    if value is None:
        return None
    warnings.warn(
        "EventReportKey.dimension is deprecated by BlendVision; the dimension is taken from "
        "dimension_with_condition",
        DeprecationWarning,
        stacklevel=4,
    )
    return _dimension(value)


def _event_condition(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, DimensionWithCondition):
        raise InvalidInputError("dimension_with_condition", "must be a DimensionWithCondition")


def _summary_condition(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, SummaryDimensionWithCondition):
        raise InvalidInputError(
            "dimension_with_condition", "must be a SummaryDimensionWithCondition"
        )


@attrs.frozen(kw_only=True)
class EventReportKey:
    """Names an event report for ``batch_get_event_reports``.

    Attributes:
        id: the report's id, as the create call returned it.
        dimension_with_condition: the condition it was created with.
        dimension: deprecated by the service; setting it warns with `DeprecationWarning`.
    """

    id: str = attrs.field(converter=_report_id)
    dimension_with_condition: DimensionWithCondition = attrs.field(validator=_event_condition)
    dimension: ReportDimension | None = attrs.field(default=None, converter=_deprecated_dimension)


@attrs.frozen(kw_only=True)
class SummaryReportKey:
    """Names a summary report for ``batch_get_summary_reports``.

    Attributes:
        id: the report's id, as the create call returned it.
        dimension_with_condition: the condition it was created with.
    """

    id: str = attrs.field(converter=_report_id)
    dimension_with_condition: SummaryDimensionWithCondition = attrs.field(
        validator=_summary_condition
    )


@attrs.frozen(kw_only=True)
class ErrorInfo:
    """Why a report failed (a ``google.rpc.ErrorInfo``).

    Attributes:
        reason: a short machine-readable cause.
        domain: the service that raised it.
        metadata: further details, as strings.
    """

    reason: str = ""
    domain: str = ""
    metadata: Mapping[str, str] = attrs.field(factory=dict)


@attrs.frozen(kw_only=True)
class EventReport:
    """An event report as the service describes it.

    Attributes:
        id: the report's id.
        status: an `EventReportStatus` (a plain string if the SDK does not know it yet).
        dimension_with_condition: what the report covers.
        uri: the download link, once ``SUCCEEDED``; a signed link on another host that expires.
        error_info: why it failed, once ``FAILED``.
        dimension: the deprecated dimension field, when the service still sends it.
    """

    id: str
    status: EventReportStatus | str
    dimension_with_condition: DimensionWithCondition
    uri: str | None = None
    error_info: ErrorInfo | None = None
    dimension: ReportDimension | str | None = None

    @property
    def done(self) -> bool:
        """Whether the report has finished, one way or the other."""
        return self.status in FINAL_STATUSES

    def key(self) -> EventReportKey:
        """The key that asks for this report again."""
        return EventReportKey(id=self.id, dimension_with_condition=self.dimension_with_condition)


@attrs.frozen(kw_only=True)
class SummaryReport:
    """A summary report as the service describes it.

    Attributes:
        id: the report's id.
        status: an `EventReportStatus` (a plain string if the SDK does not know it yet).
        dimension_with_condition: what the report covers.
        uri: the download link, once ``SUCCEEDED``.
        error_info: why it failed, once ``FAILED``.
    """

    id: str
    status: EventReportStatus | str
    dimension_with_condition: SummaryDimensionWithCondition
    uri: str | None = None
    error_info: ErrorInfo | None = None

    @property
    def done(self) -> bool:
        """Whether the report has finished, one way or the other."""
        return self.status in FINAL_STATUSES

    def key(self) -> SummaryReportKey:
        """The key that asks for this report again."""
        return SummaryReportKey(id=self.id, dimension_with_condition=self.dimension_with_condition)
