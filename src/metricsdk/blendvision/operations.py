"""The BlendVision analytics wire format, sans I/O: JSON bodies in, reports out, errors mapped."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime, timezone
from typing import Any, TypeVar

import httpx

from metricsdk._core.converters import load_json_object, open_enum
from metricsdk._core.error_mapping import error_class
from metricsdk._core.transport import RequestSpec
from metricsdk._core.validation import known_member
from metricsdk.blendvision.models import (
    DimensionWithCondition,
    ErrorInfo,
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
from metricsdk.errors import APIError, InvalidInputError, MalformedResponseError

__all__ = [
    "DEFAULT_BASE_URL",
    "SERVICE",
    "build_batch_get_event_reports",
    "build_batch_get_summary_reports",
    "build_create_event_report",
    "build_create_summary_report",
    "map_error",
    "parse_event_reports",
    "parse_summary_reports",
]

SERVICE = "blendvision"
DEFAULT_BASE_URL = "https://api.one.blendvision.com"
_ROOT = "/bv/analytics/v1"
T = TypeVar("T")
W = TypeVar("W", ReportFilter, Interval)


def _time(value: datetime) -> str:
    return value.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _window(window: ReportFilter | Interval) -> dict[str, str]:
    return {"start_time": _time(window.start_time), "end_time": _time(window.end_time)}


def event_condition_wire(condition: DimensionWithCondition) -> dict[str, Any]:
    """A `DimensionWithCondition` as JSON."""
    wire: dict[str, Any] = {
        "dimension": condition.dimension.value,
        "group_by_fields": [field.value for field in condition.group_by_fields],
    }
    if condition.filter is not None:
        wire["filter"] = _window(condition.filter)
    return wire


def summary_condition_wire(condition: SummaryDimensionWithCondition) -> dict[str, Any]:
    """A `SummaryDimensionWithCondition` as JSON."""
    return {"dimension": condition.dimension.value, "interval": _window(condition.interval)}


def _post(operation: str, path: str, body: Mapping[str, Any], *, idempotent: bool) -> RequestSpec:
    return RequestSpec(
        operation=operation,
        method="POST",
        path=f"{_ROOT}{path}",
        headers=(("content-type", "application/json"),),
        body=json.dumps(body, separators=(",", ":")).encode(),
        idempotent=idempotent,
    )


def _items(field: str, values: Sequence[T], cls: type[Any]) -> Sequence[T]:
    if isinstance(values, (str, bytes)) or not isinstance(values, Sequence) or not values:
        raise InvalidInputError(field, "must be a non-empty list")
    for value in values:
        if not isinstance(value, cls):
            raise InvalidInputError(field, f"must hold {cls.__name__} items")
    return values


def build_create_event_report(
    event_id: str, event_type: EventType | str, conditions: Sequence[DimensionWithCondition]
) -> RequestSpec:
    """``POST /events/reports``; the deprecated ``dimensions`` mirrors the conditions."""
    if not isinstance(event_id, str) or not event_id:
        raise InvalidInputError("event_id", "must be a non-empty string")
    kind = known_member("type", EventType, event_type)
    conditions = _items("dimension_with_conditions", conditions, DimensionWithCondition)
    body = {
        "id": event_id,
        "type": kind.value,
        "dimensions": [condition.dimension.value for condition in conditions],
        "dimension_with_conditions": [event_condition_wire(c) for c in conditions],
    }
    return _post("CreateEventReport", "/events/reports", body, idempotent=False)


def build_batch_get_event_reports(keys: Sequence[EventReportKey]) -> RequestSpec:
    """``POST /events/reports:batch-get``."""
    keys = _items("reports", keys, EventReportKey)
    reports = []
    for key in keys:
        wire: dict[str, Any] = {
            "id": key.id,
            "dimension_with_condition": event_condition_wire(key.dimension_with_condition),
        }
        if key.dimension is not None:
            wire["dimension"] = key.dimension.value
        reports.append(wire)
    return _post(
        "BatchGetEventReports", "/events/reports:batch-get", {"reports": reports}, idempotent=True
    )


def build_create_summary_report(
    event_type: EventType | str, conditions: Sequence[SummaryDimensionWithCondition]
) -> RequestSpec:
    """``POST /summary/reports``."""
    kind = known_member("type", EventType, event_type)
    conditions = _items("dimension_with_conditions", conditions, SummaryDimensionWithCondition)
    body = {
        "type": kind.value,
        "dimension_with_conditions": [summary_condition_wire(c) for c in conditions],
    }
    return _post("CreateSummaryReport", "/summary/reports", body, idempotent=False)


def build_batch_get_summary_reports(keys: Sequence[SummaryReportKey]) -> RequestSpec:
    """``POST /summary/reports:batch-get``."""
    keys = _items("reports", keys, SummaryReportKey)
    reports = [
        {"id": k.id, "dimension_with_condition": summary_condition_wire(k.dimension_with_condition)}
        for k in keys
    ]
    return _post(
        "BatchGetSummaryReports",
        "/summary/reports:batch-get",
        {"reports": reports},
        idempotent=True,
    )


class _Malformed(Exception):
    """A shape problem deep in an answer; turned into `MalformedResponseError` at the top."""


def _str(data: Mapping[str, Any], name: str, *, required: bool = True) -> str | None:
    value = data.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str):
        raise _Malformed(f"{name} must be a string")
    return value


def _obj(value: Any, name: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise _Malformed(f"{name} must be an object")
    return value


def _parse_time(value: Any, name: str) -> datetime:
    if not isinstance(value, str):
        raise _Malformed(f"{name} must be an RFC 3339 string")
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise _Malformed(f"{name} is not an RFC 3339 time") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def _parse_window(data: Any, name: str, cls: type[W]) -> W:
    window = _obj(data, name)
    start = _parse_time(window.get("start_time"), f"{name}.start_time")
    end = _parse_time(window.get("end_time"), f"{name}.end_time")
    try:
        return cls(start_time=start, end_time=end)
    except InvalidInputError as exc:
        raise _Malformed(f"{name}: {exc.rule}") from None


def _unchecked(cls: type[T], **fields: Any) -> T:
    """An instance built without its input validators: an answer may carry enum values this
    SDK does not know yet, which must come through as plain strings rather than be refused."""
    instance = object.__new__(cls)
    for name, value in fields.items():
        object.__setattr__(instance, name, value)
    return instance


def _parse_event_condition(data: Any) -> DimensionWithCondition:
    condition = _obj(data, "dimension_with_condition")
    fields = condition.get("group_by_fields") or []
    if not isinstance(fields, list) or not all(isinstance(f, str) for f in fields):
        raise _Malformed("group_by_fields must be a list of strings")
    window = condition.get("filter")
    return _unchecked(
        DimensionWithCondition,
        dimension=open_enum(ReportDimension, _str(condition, "dimension") or ""),
        group_by_fields=tuple(open_enum(GroupByField, f) for f in fields),
        filter=None if window is None else _parse_window(window, "filter", ReportFilter),
    )


def _parse_summary_condition(data: Any) -> SummaryDimensionWithCondition:
    condition = _obj(data, "dimension_with_condition")
    return _unchecked(
        SummaryDimensionWithCondition,
        dimension=open_enum(SummaryReportDimension, _str(condition, "dimension") or ""),
        interval=_parse_window(condition.get("interval"), "interval", Interval),
    )


def _parse_error_info(data: Any) -> ErrorInfo | None:
    if data is None:
        return None
    info = _obj(data, "error_info")
    metadata = info.get("metadata") or {}
    if not isinstance(metadata, Mapping):
        raise _Malformed("error_info.metadata must be an object")
    return ErrorInfo(
        reason=str(info.get("reason") or ""),
        domain=str(info.get("domain") or ""),
        metadata={str(k): str(v) for k, v in metadata.items()},
    )


def _parse_event_report(data: Any) -> EventReport:
    report = _obj(data, "report")
    dimension = _str(report, "dimension", required=False)
    return EventReport(
        id=_str(report, "id") or "",
        status=open_enum(EventReportStatus, _str(report, "status") or ""),
        dimension_with_condition=_parse_event_condition(report.get("dimension_with_condition")),
        uri=_str(report, "uri", required=False),
        error_info=_parse_error_info(report.get("error_info")),
        dimension=None if dimension is None else open_enum(ReportDimension, dimension),
    )


def _parse_summary_report(data: Any) -> SummaryReport:
    report = _obj(data, "report")
    return SummaryReport(
        id=_str(report, "id") or "",
        status=open_enum(EventReportStatus, _str(report, "status") or ""),
        dimension_with_condition=_parse_summary_condition(report.get("dimension_with_condition")),
        uri=_str(report, "uri", required=False),
        error_info=_parse_error_info(report.get("error_info")),
    )


def _parse_reports(operation: str, body: bytes, parse_one: Any) -> list[Any]:
    data = load_json_object(body, status=200, service=SERVICE, operation=operation)
    reports = data.get("reports")
    try:
        if not isinstance(reports, list):
            raise _Malformed("reports must be a list")
        return [parse_one(report) for report in reports]
    except _Malformed as problem:
        raise MalformedResponseError(
            f"{operation}: unexpected answer: {problem}", status_code=200, service=SERVICE
        ) from None


def parse_event_reports(operation: str, body: bytes) -> list[EventReport]:
    """The ``{"reports": [EventReport]}`` answer of the event operations."""
    return _parse_reports(operation, body, _parse_event_report)


def parse_summary_reports(operation: str, body: bytes) -> list[SummaryReport]:
    """The ``{"reports": [SummaryReport]}`` answer of the summary operations."""
    return _parse_reports(operation, body, _parse_summary_report)


def map_error(status: int, headers: httpx.Headers, body: bytes) -> APIError:
    """The exception for an error answer, by HTTP status, keeping the google.rpc.Status
    ``code`` (as a string), ``message`` and ``details``."""
    try:
        data = json.loads(body)
    except ValueError:
        data = None
    payload = data if isinstance(data, dict) else {}
    code, message, details = payload.get("code"), payload.get("message"), payload.get("details")
    return error_class(status, "", {})(
        message if isinstance(message, str) and message else f"HTTP {status} from BlendVision",
        status_code=status,
        code=str(code) if isinstance(code, int) and not isinstance(code, bool) else "",
        request_id=headers.get("x-request-id"),
        service=SERVICE,
        details=[d for d in details if isinstance(d, dict)] if isinstance(details, list) else (),
    )
