"""The BlendVision analytics wire format, sans I/O: each operation's request built from its
request model, each answer parsed into its response model, errors mapped.

JSON bodies with snake_case names (the model's names are the wire's), times as RFC 3339 strings
in UTC with milliseconds (``2024-07-29T15:51:28.071Z``). One cattrs converter, built on first use,
reads and writes that convention.

The two create operations take no idempotency key: a repeat after the request may have reached
the service could make the reports twice, so they are marked not idempotent and the transport
retries them only when the service certainly did not act (throttling, a refused connection),
never after a read timeout or a 5xx. The two batch-gets only read and are safe to repeat.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from typing import Any, TypeVar, get_args, get_origin

from metricsdk._core.converters import (
    LazyConverter,
    make_converter,
    open_enum,
    unchecked,
)
from metricsdk._core.transport import RequestSpec
from metricsdk._core.wire_answers import parse_json_answer
from metricsdk.blendvision.errors import SERVICE, map_error
from metricsdk.blendvision.models import (
    UNSPECIFIED_STATUS,
    BatchGetEventReportsRequest,
    BatchGetEventReportsResponse,
    BatchGetSummaryReportsRequest,
    BatchGetSummaryReportsResponse,
    CreateEventReportRequest,
    CreateEventReportResponse,
    CreateSummaryReportRequest,
    CreateSummaryReportResponse,
    DimensionWithCondition,
    ErrorInfo,
    EventReport,
    EventReportStatus,
    GroupByField,
    Interval,
    ReportDimension,
    ReportFilter,
    SummaryDimensionWithCondition,
    SummaryReport,
    SummaryReportDimension,
)

__all__ = [
    "API_PREFIX",
    "BLENDVISION_CONVERTER",
    "DEFAULT_BASE_URL",
    "SERVICE",
    "build_batch_get_event_reports",
    "build_batch_get_summary_reports",
    "build_create_event_report",
    "build_create_summary_report",
    "format_time",
    "map_error",
    "parse_batch_get_event_reports",
    "parse_batch_get_summary_reports",
    "parse_create_event_report",
    "parse_create_summary_report",
    "parse_event_reports",
    "parse_summary_reports",
    "parse_time",
]

DEFAULT_BASE_URL = "https://api.one.blendvision.com"
API_PREFIX = "/bv/analytics/v1"

CREATE_EVENT_REPORT = "CreateEventReport"
BATCH_GET_EVENT_REPORTS = "BatchGetEventReports"
CREATE_SUMMARY_REPORT = "CreateSummaryReport"
BATCH_GET_SUMMARY_REPORTS = "BatchGetSummaryReports"

_JSON_HEADERS = (("content-type", "application/json"), ("accept", "application/json"))
_RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")

T = TypeVar("T")
R = TypeVar(
    "R",
    CreateEventReportResponse,
    BatchGetEventReportsResponse,
    CreateSummaryReportResponse,
    BatchGetSummaryReportsResponse,
)


def format_time(value: datetime) -> str:
    """A datetime as the wire writes it: RFC 3339, UTC, milliseconds, ``Z``."""
    utc = value.astimezone(timezone.utc) if value.tzinfo else value.replace(tzinfo=timezone.utc)
    return utc.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse_time(value: Any) -> datetime:
    """An RFC 3339 string (any number of fractional digits, ``Z`` or an offset) as a
    timezone-aware UTC datetime; ``TypeError``/``ValueError`` for anything else."""
    if not isinstance(value, str):
        raise TypeError(f"expected an RFC 3339 string, got {type(value).__name__}")
    text = value.strip().upper()
    if not _RFC3339.fullmatch(text):
        raise ValueError(f"not an RFC 3339 time: {value[:40]!r}")
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(timezone.utc)


# Answers are built with `unchecked`: they may carry values this SDK does not know yet, which
# come through as plain strings, and are never held to the rules of a request (say an end
# before its start).


def _filter(data: Any) -> ReportFilter:
    window = _object(data, "filter")
    return unchecked(
        ReportFilter,
        start_time=parse_time(_field(window, "start_time")),
        end_time=parse_time(_field(window, "end_time")),
    )


def _interval(data: Any) -> Interval:
    # The summary report pages mark the interval's start and end optional ("If specified...");
    # an answer without an interval at all reads as one without either.
    window = {} if data is None else _object(data, "interval")
    start, end = window.get("start_time"), window.get("end_time")
    return unchecked(
        Interval,
        start_time=None if start is None else parse_time(start),
        end_time=None if end is None else parse_time(end),
    )


def _string(value: Any, name: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, got {type(value).__name__}")
    return value


def _field(data: Mapping[str, Any], name: str) -> str:
    if name not in data:
        raise KeyError(f"{name} is missing")
    return _string(data[name], name)


def _optional(data: Mapping[str, Any], name: str) -> str | None:
    value = data.get(name)
    return None if value is None else _string(value, name)


def _object(data: Any, name: str) -> Mapping[str, Any]:
    if not isinstance(data, dict):
        raise TypeError(f"{name} must be an object, got {type(data).__name__}")
    return data


def _structure_event_condition(data: Any, _: Any) -> DimensionWithCondition:
    data = _object(data, "dimension_with_condition")
    # proto3 JSON leaves an empty list out, and reads null as the field's default
    fields = data.get("group_by_fields")
    if fields is None:
        fields = []
    if not isinstance(fields, list):
        raise TypeError(f"group_by_fields must be a list, got {type(fields).__name__}")
    window = data.get("filter")
    return unchecked(
        DimensionWithCondition,
        dimension=open_enum(ReportDimension, _field(data, "dimension")),
        group_by_fields=tuple(
            open_enum(GroupByField, _string(f, "group_by_fields[]")) for f in fields
        ),
        filter=None if window is None else _filter(window),
    )


def _structure_summary_condition(data: Any, _: Any) -> SummaryDimensionWithCondition:
    data = _object(data, "dimension_with_condition")
    return unchecked(
        SummaryDimensionWithCondition,
        dimension=open_enum(SummaryReportDimension, _field(data, "dimension")),
        interval=_interval(data.get("interval")),
    )


def _error_info(data: Any) -> ErrorInfo | None:
    if data is None:
        return None
    return BLENDVISION_CONVERTER.structure(_object(data, "error_info"), ErrorInfo)


def _status(data: Mapping[str, Any]) -> EventReportStatus | str:
    return open_enum(EventReportStatus, _optional(data, "status") or UNSPECIFIED_STATUS)


def _report_members(report: Mapping[str, Any]) -> dict[str, Any]:
    # The members an event report and a summary report have alike, read alike.
    return {
        "id": _field(report, "id"),
        "status": _status(report),
        "uri": _optional(report, "uri") or None,
        "error_info": _error_info(report.get("error_info")),
    }


def _structure_event_report(data: Any, _: Any) -> EventReport:
    report = _object(data, "report")
    members = _report_members(report)
    dimension = _optional(report, "dimension")
    return EventReport(
        dimension_with_condition=_structure_event_condition(
            report.get("dimension_with_condition"), DimensionWithCondition
        ),
        dimension=None if dimension is None else open_enum(ReportDimension, dimension),
        **members,
    )


def _structure_summary_report(data: Any, _: Any) -> SummaryReport:
    report = _object(data, "report")
    members = _report_members(report)
    return SummaryReport(
        dimension_with_condition=_structure_summary_condition(
            report.get("dimension_with_condition"), SummaryDimensionWithCondition
        ),
        **members,
    )


def _reports_tuple(tp: Any) -> Callable[[Any, Any], tuple[Any, ...]]:
    (item_type, _) = get_args(tp)
    item = BLENDVISION_CONVERTER.get_structure_hook(item_type)

    def structure(value: Any, _: Any) -> tuple[Any, ...]:
        if type(value) is not list:
            raise TypeError(f"expected a list, got {type(value).__name__}")
        return tuple(item(v, item_type) for v in value)

    return structure


def _is_homogeneous_tuple(tp: Any) -> bool:
    args = get_args(tp)
    return get_origin(tp) is tuple and len(args) == 2 and args[1] is Ellipsis


def _unstructure_window(window: ReportFilter | Interval) -> dict[str, str]:
    times = {"start_time": window.start_time, "end_time": window.end_time}
    return {name: format_time(time) for name, time in times.items() if time is not None}


BLENDVISION_CONVERTER: LazyConverter = make_converter(
    wire_name=lambda name: name,
    structure_datetime=parse_time,
    unstructure_datetime=format_time,
)
"""The converter of BlendVision's convention: snake_case names as in the models, RFC 3339
times, strict scalars, unknown enum values as plain strings."""

BLENDVISION_CONVERTER.register_structure_hook_factory(_is_homogeneous_tuple, _reports_tuple)
BLENDVISION_CONVERTER.register_structure_hook(DimensionWithCondition, _structure_event_condition)
BLENDVISION_CONVERTER.register_structure_hook(
    SummaryDimensionWithCondition, _structure_summary_condition
)
BLENDVISION_CONVERTER.register_structure_hook(EventReport, _structure_event_report)
BLENDVISION_CONVERTER.register_structure_hook(SummaryReport, _structure_summary_report)
BLENDVISION_CONVERTER.register_unstructure_hook(ReportFilter, _unstructure_window)
BLENDVISION_CONVERTER.register_unstructure_hook(Interval, _unstructure_window)


def _post(operation: str, path: str, body: Mapping[str, Any], *, idempotent: bool) -> RequestSpec:
    return RequestSpec(
        operation=operation,
        method="POST",
        path=f"{API_PREFIX}{path}",
        headers=_JSON_HEADERS,
        body=json.dumps(body, separators=(",", ":")).encode(),
        idempotent=idempotent,
    )


def _wire(value: Any) -> Any:
    return BLENDVISION_CONVERTER.unstructure(value)


def build_create_event_report(request: CreateEventReportRequest) -> RequestSpec:
    """``POST /events/reports``; not idempotent. The deprecated ``dimensions`` the wire still
    requires is filled from the conditions."""
    body = {
        "id": request.event_id,
        "type": request.type.value,
        "dimensions": [dimension.value for dimension in request.dimensions],
        "dimension_with_conditions": [_wire(c) for c in request.dimension_with_conditions],
    }
    return _post(CREATE_EVENT_REPORT, "/events/reports", body, idempotent=False)


def build_batch_get_event_reports(request: BatchGetEventReportsRequest) -> RequestSpec:
    """``POST /events/reports:batch-get``; safe to repeat."""
    body = {"reports": [_wire(key) for key in request.reports]}
    return _post(BATCH_GET_EVENT_REPORTS, "/events/reports:batch-get", body, idempotent=True)


def build_create_summary_report(request: CreateSummaryReportRequest) -> RequestSpec:
    """``POST /summary/reports``; not idempotent."""
    body = {
        "type": request.type.value,
        "dimension_with_conditions": [_wire(c) for c in request.dimension_with_conditions],
    }
    return _post(CREATE_SUMMARY_REPORT, "/summary/reports", body, idempotent=False)


def build_batch_get_summary_reports(request: BatchGetSummaryReportsRequest) -> RequestSpec:
    """``POST /summary/reports:batch-get``; safe to repeat."""
    body = {"reports": [_wire(key) for key in request.reports]}
    return _post(BATCH_GET_SUMMARY_REPORTS, "/summary/reports:batch-get", body, idempotent=True)


def _parse(operation: str, body: bytes, cls: type[R]) -> R:
    return parse_json_answer(BLENDVISION_CONVERTER, body, cls, service=SERVICE, operation=operation)


def parse_create_event_report(body: bytes) -> CreateEventReportResponse:
    """Read a successful ``CreateEventReport`` answer, ``{"reports": [EventReport]}``."""
    return _parse(CREATE_EVENT_REPORT, body, CreateEventReportResponse)


def parse_batch_get_event_reports(body: bytes) -> BatchGetEventReportsResponse:
    """Read a successful ``BatchGetEventReports`` answer, ``{"reports": [EventReport]}``."""
    return _parse(BATCH_GET_EVENT_REPORTS, body, BatchGetEventReportsResponse)


def parse_create_summary_report(body: bytes) -> CreateSummaryReportResponse:
    """Read a successful ``CreateSummaryReport`` answer, ``{"reports": [SummaryReport]}``."""
    return _parse(CREATE_SUMMARY_REPORT, body, CreateSummaryReportResponse)


def parse_batch_get_summary_reports(body: bytes) -> BatchGetSummaryReportsResponse:
    """Read a successful ``BatchGetSummaryReports`` answer, ``{"reports": [SummaryReport]}``."""
    return _parse(BATCH_GET_SUMMARY_REPORTS, body, BatchGetSummaryReportsResponse)


def parse_event_reports(operation: str, body: bytes) -> list[EventReport]:
    """The reports of any event operation's answer, as a list (the shape both share)."""
    return list(_parse(operation, body, BatchGetEventReportsResponse).reports)


def parse_summary_reports(operation: str, body: bytes) -> list[SummaryReport]:
    """The reports of any summary operation's answer, as a list (the shape both share)."""
    return list(_parse(operation, body, BatchGetSummaryReportsResponse).reports)
