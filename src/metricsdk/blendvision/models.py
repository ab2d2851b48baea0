"""BlendVision One analytics models: what a report covers, the requests of the four report
operations, and the reports the service answers with.

Everything here is pure data. Request-side models check their input when they are built and
raise `metricsdk.errors.InvalidInputError` naming the field and the rule; response-side models
(`EventReport`, `SummaryReport`, the ``*Response`` classes) take what the service sends, and an
enum value this SDK does not know yet comes through as a plain string.

A request is checked only against what BlendVision's API pages state: the four report
operations' pages on developers.blendvision.com (the seed, "Get multiple events reports",
``POST /bv/analytics/v1/events/reports:batch-get``, and "Generate event report", "Creates
Summary report", "Fetch multiple summary reports") and the analytics guide ("Metrics &
Dashboard"), as gathered in the project's API notes. Each check names its source.

Naive datetimes are taken as UTC; datetimes read from an answer are timezone-aware UTC.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any, Generic, TypeVar, overload

import attrs

from metricsdk._core.enums import WireEnum
from metricsdk._core.validation import known_member, require_str, to_utc_datetime
from metricsdk.errors import InvalidInputError

__all__ = [
    "BatchGetEventReportsRequest",
    "BatchGetEventReportsResponse",
    "BatchGetSummaryReportsRequest",
    "BatchGetSummaryReportsResponse",
    "CreateEventReportRequest",
    "CreateEventReportResponse",
    "CreateSummaryReportRequest",
    "CreateSummaryReportResponse",
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
    """What an event report is about.

    The report pages list the first four; ``QUESTIONNAIRE`` comes from the project's API notes
    of BlendVision's pages and is not among the seed page's values.
    """

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
    """The kind of event a report covers.

    The create pages list ``LIVE``, ``VOD`` and ``AOD``; ``LIVE_TO_VOD`` comes from the
    project's API notes of BlendVision's pages.
    """

    LIVE = "EVENT_TYPE_LIVE"
    VOD = "EVENT_TYPE_VOD"
    AOD = "EVENT_TYPE_AOD"
    LIVE_TO_VOD = "EVENT_TYPE_LIVE_TO_VOD"


class EventReportStatus(WireEnum):
    """Where a report is in its life: running, then succeeded or failed (summary reports use
    the same values)."""

    RUNNING = "EVENT_REPORT_STATUS_RUNNING"
    SUCCEEDED = "EVENT_REPORT_STATUS_SUCCEEDED"
    FAILED = "EVENT_REPORT_STATUS_FAILED"


class SummaryReportDimension(WireEnum):
    """What a summary report is about (one dimension is documented)."""

    METRICS = "SUMMARY_REPORT_DIMENSION_METRICS"


FINAL_STATUSES = frozenset({EventReportStatus.SUCCEEDED, EventReportStatus.FAILED})
"""The statuses a report never leaves."""

UNSPECIFIED_STATUS = "EVENT_REPORT_STATUS_UNSPECIFIED"
"""What a report's status reads when the answer leaves it out (proto3 JSON omits an enum at its
default value); it counts as still running."""


# -- time windows -----------------------------------------------------------------------------


def _start_time(value: datetime) -> datetime:
    return to_utc_datetime("start_time", value)


def _end_time(value: datetime) -> datetime:
    return to_utc_datetime("end_time", value)


@attrs.frozen(kw_only=True)
class ReportFilter:
    """The time window an event report covers (naive datetimes are UTC).

    Both ends are required inside a filter (API notes); the pages set no order between them,
    so the service judges the window (the seed's own example has ``start_time`` equal to
    ``end_time``).

    Attributes:
        start_time: the start of the window.
        end_time: the end of the window.
    """

    start_time: datetime = attrs.field(converter=_start_time)
    end_time: datetime = attrs.field(converter=_end_time)


def _optional_start_time(value: datetime | None) -> datetime | None:
    return None if value is None else _start_time(value)


def _optional_end_time(value: datetime | None) -> datetime | None:
    return None if value is None else _end_time(value)


@attrs.frozen(kw_only=True)
class Interval:
    """A summary report's days: ``start_time`` inclusive, ``end_time`` exclusive, at day
    precision in the organisation's time zone (naive datetimes and dates are UTC).

    The summary report pages mark both ends optional ("If specified, ..."): ``None`` leaves
    that end open and is not sent. They set no order between the two: the service judges it.

    Attributes:
        start_time: the first moment included, or ``None``.
        end_time: the first moment excluded, or ``None``.
    """

    start_time: datetime | None = attrs.field(default=None, converter=_optional_start_time)
    end_time: datetime | None = attrs.field(default=None, converter=_optional_end_time)


# -- what a report covers ---------------------------------------------------------------------


def _dimension(value: ReportDimension | str) -> ReportDimension:
    # pages: "Possible values" of the report dimension (see ReportDimension)
    return known_member("dimension", ReportDimension, value)


def _group_by(values: Sequence[GroupByField | str]) -> tuple[GroupByField, ...]:
    # pages: "Required. If there is no need to aggregate, use an empty array", of the listed
    # GroupByField values; they say nothing against naming a field twice.
    if isinstance(values, (str, bytes)) or not isinstance(values, Sequence):
        raise InvalidInputError("group_by_fields", "must be a list (empty for no aggregation)")
    return tuple(known_member("group_by_fields", GroupByField, v) for v in values)


def _optional_filter(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and not isinstance(value, ReportFilter):
        raise InvalidInputError("filter", "must be a ReportFilter or None")


@attrs.frozen(kw_only=True)
class DimensionWithCondition:
    """One event report to make: a dimension, how to group its rows, and an optional window.

    Attributes:
        dimension: a `ReportDimension` or its wire string.
        group_by_fields: `GroupByField` members (or wire strings); empty for no aggregation.
        filter: the time window, or ``None`` for the whole event.
    """

    dimension: ReportDimension = attrs.field(converter=_dimension)
    group_by_fields: tuple[GroupByField, ...] = attrs.field(default=(), converter=_group_by)
    filter: ReportFilter | None = attrs.field(default=None, validator=_optional_filter)


def _summary_dimension(value: SummaryReportDimension | str) -> SummaryReportDimension:
    # pages: SUMMARY_REPORT_DIMENSION_METRICS, the one possible value
    return known_member("dimension", SummaryReportDimension, value)


def _interval(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    # guide ("Metrics & Dashboard"): interval is required; its ends are optional (Interval)
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


# -- naming a report again --------------------------------------------------------------------


def _report_id(value: str) -> str:
    # pages: "id string required"; in proto3 JSON an empty string is the field left out
    return require_str("id", value)


def _deprecated_dimension(value: ReportDimension | str | None) -> ReportDimension | None:
    if value is None:
        return None
    warnings.warn(
        "EventReportKey.dimension is deprecated by BlendVision; the dimension is taken from "
        "dimension_with_condition",
        DeprecationWarning,
        stacklevel=3,  # past the attrs __init__, at the caller
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


# -- reports, as the service describes them ---------------------------------------------------


@attrs.frozen(kw_only=True)
class ErrorInfo:
    """Why a report failed (a ``google.rpc.ErrorInfo``).

    Attributes:
        reason: a short machine-readable cause, such as ``"NO_DATA"``.
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
        dimension_with_condition: what the report covers.
        status: an `EventReportStatus` (a plain string if the SDK does not know it yet).
        uri: the download link, once ``SUCCEEDED``: a signed link on another host that expires.
        error_info: why it failed, once ``FAILED``.
        dimension: the deprecated dimension field, when the service still sends it.
    """

    id: str
    dimension_with_condition: DimensionWithCondition
    status: EventReportStatus | str = UNSPECIFIED_STATUS
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
        dimension_with_condition: what the report covers.
        status: an `EventReportStatus` (a plain string if the SDK does not know it yet).
        uri: the download link, once ``SUCCEEDED``: a signed link on another host that expires.
        error_info: why it failed, once ``FAILED``.
    """

    id: str
    dimension_with_condition: SummaryDimensionWithCondition
    status: EventReportStatus | str = UNSPECIFIED_STATUS
    uri: str | None = None
    error_info: ErrorInfo | None = None

    @property
    def done(self) -> bool:
        """Whether the report has finished, one way or the other."""
        return self.status in FINAL_STATUSES

    def key(self) -> SummaryReportKey:
        """The key that asks for this report again."""
        return SummaryReportKey(id=self.id, dimension_with_condition=self.dimension_with_condition)


# -- requests ---------------------------------------------------------------------------------

C = TypeVar("C")


def _list_of(field: str, values: Any, cls: type[C]) -> tuple[C, ...]:
    # pages: these lists are required; none sets a minimum length, so an empty one is sent
    # and the service answers it.
    if isinstance(values, (str, bytes, Mapping)) or not isinstance(values, Sequence):
        raise InvalidInputError(field, "must be a list")
    for index, value in enumerate(values):
        if not isinstance(value, cls):
            raise InvalidInputError(
                f"{field}[{index}]", f"must be a {cls.__name__}, got {type(value).__name__}"
            )
    return tuple(values)


def _event_id(value: str) -> str:
    # pages: "Required. The uuid of the event"; in proto3 JSON "" is the field left out
    if not isinstance(value, str) or not value:
        raise InvalidInputError("event_id", "must be a non-empty string")
    return value


def _event_type(value: EventType | str) -> EventType:
    return known_member("type", EventType, value)  # pages: "Possible values" (see EventType)


def _event_conditions(
    values: Sequence[DimensionWithCondition],
) -> tuple[DimensionWithCondition, ...]:
    return _list_of("dimension_with_conditions", values, DimensionWithCondition)


def _summary_conditions(
    values: Sequence[SummaryDimensionWithCondition],
) -> tuple[SummaryDimensionWithCondition, ...]:
    return _list_of("dimension_with_conditions", values, SummaryDimensionWithCondition)


def _event_keys(values: Sequence[EventReportKey | EventReport]) -> tuple[EventReportKey, ...]:
    if isinstance(values, Sequence) and not isinstance(values, (str, bytes)):
        values = [v.key() if isinstance(v, EventReport) else v for v in values]
    return _list_of("reports", values, EventReportKey)


def _summary_keys(
    values: Sequence[SummaryReportKey | SummaryReport],
) -> tuple[SummaryReportKey, ...]:
    if isinstance(values, Sequence) and not isinstance(values, (str, bytes)):
        values = [v.key() if isinstance(v, SummaryReport) else v for v in values]
    return _list_of("reports", values, SummaryReportKey)


@attrs.frozen(kw_only=True)
class CreateEventReportRequest:
    """``POST /bv/analytics/v1/events/reports``: one event report per condition.

    Attributes:
        event_id: the event's id (sent as ``id``).
        type: the kind of event, an `EventType` or its wire string.
        dimension_with_conditions: the reports to make, one per condition.
    """

    event_id: str = attrs.field(converter=_event_id)
    type: EventType = attrs.field(converter=_event_type)
    dimension_with_conditions: tuple[DimensionWithCondition, ...] = attrs.field(
        converter=_event_conditions
    )

    @property
    def dimensions(self) -> tuple[ReportDimension, ...]:
        """The deprecated ``dimensions`` the wire still lists as required: one per condition,
        mirroring ``dimension_with_conditions``."""
        return tuple(condition.dimension for condition in self.dimension_with_conditions)


@attrs.frozen(kw_only=True)
class BatchGetEventReportsRequest:
    """``POST /bv/analytics/v1/events/reports:batch-get``.

    Attributes:
        reports: the reports to read, as `EventReportKey`s (an `EventReport` is taken as its
            key).
    """

    reports: tuple[EventReportKey, ...] = attrs.field(converter=_event_keys)


@attrs.frozen(kw_only=True)
class CreateSummaryReportRequest:
    """``POST /bv/analytics/v1/summary/reports``: one summary report per condition.

    Attributes:
        type: the kind of event, an `EventType` or its wire string.
        dimension_with_conditions: the reports to make, one per condition.
    """

    type: EventType = attrs.field(converter=_event_type)
    dimension_with_conditions: tuple[SummaryDimensionWithCondition, ...] = attrs.field(
        converter=_summary_conditions
    )


@attrs.frozen(kw_only=True)
class BatchGetSummaryReportsRequest:
    """``POST /bv/analytics/v1/summary/reports:batch-get``.

    Attributes:
        reports: the reports to read, as `SummaryReportKey`s (a `SummaryReport` is taken as its
            key).
    """

    reports: tuple[SummaryReportKey, ...] = attrs.field(converter=_summary_keys)


# -- responses --------------------------------------------------------------------------------

R = TypeVar("R", EventReport, SummaryReport)


class _Reports(Sequence[R], Generic[R]):
    """A ``{"reports": [...]}`` answer that also reads as the sequence of its reports, so
    ``(report,) = client.create_event_report(...)`` and ``for report in answer`` work."""

    __slots__ = ()
    reports: tuple[R, ...]

    def __len__(self) -> int:
        return len(self.reports)

    @overload
    def __getitem__(self, index: int) -> R: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[R, ...]: ...

    def __getitem__(self, index: int | slice) -> R | tuple[R, ...]:
        return self.reports[index]

    def __iter__(self) -> Iterator[R]:
        return iter(self.reports)


@attrs.frozen(kw_only=True)
class CreateEventReportResponse(_Reports[EventReport]):
    """The answer of ``create_event_report``: the new reports, one per condition, in order.

    Attributes:
        reports: the reports, usually still running.
    """

    reports: tuple[EventReport, ...] = ()


@attrs.frozen(kw_only=True)
class BatchGetEventReportsResponse(_Reports[EventReport]):
    """The answer of ``batch_get_event_reports``.

    Attributes:
        reports: the reports as they are now.
    """

    reports: tuple[EventReport, ...] = ()


@attrs.frozen(kw_only=True)
class CreateSummaryReportResponse(_Reports[SummaryReport]):
    """The answer of ``create_summary_report``: the new reports, one per condition, in order.

    Attributes:
        reports: the reports, usually still running.
    """

    reports: tuple[SummaryReport, ...] = ()


@attrs.frozen(kw_only=True)
class BatchGetSummaryReportsResponse(_Reports[SummaryReport]):
    """The answer of ``batch_get_summary_reports``.

    Attributes:
        reports: the reports as they are now.
    """

    reports: tuple[SummaryReport, ...] = ()
