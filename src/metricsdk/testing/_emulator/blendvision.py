"""Emulated BlendVision One analytics reports, and the second origin serving their downloads.

A request is refused only where BlendVision's API pages (as gathered in the project's API
notes) refuse it: required members, the listed enum values, RFC 3339 times, a filter with both
ends, a summary condition with an interval. What they leave open is accepted: a window in any
order (the seed page's own example has its start equal to its end), an interval with either end
left out ("If specified..."), a group-by field named twice, an empty list of reports or
conditions (answered with an empty list).
"""

from __future__ import annotations

import hashlib
import hmac
import threading
import uuid
from datetime import datetime
from typing import Any

import attrs

from metricsdk.testing._emulator.limits import CallerWindows, PerCallerLimit
from metricsdk.testing._emulator.service import Refusal
from metricsdk.testing._emulator.wire import Answer, Incoming, json_answer, json_object

__all__ = ["BlendVisionService", "DownloadOrigin"]

PREFIX = "/bv/analytics/v1"
ROUTES = {
    f"{PREFIX}/events/reports": "CreateEventReport",
    f"{PREFIX}/events/reports:batch-get": "BatchGetEventReports",
    f"{PREFIX}/summary/reports": "CreateSummaryReport",
    f"{PREFIX}/summary/reports:batch-get": "BatchGetSummaryReports",
}
# The create pages list LIVE, VOD and AOD; LIVE_TO_VOD (and QUESTIONNAIRE below) come from the
# project's API notes, as the SDK's enums do.
EVENT_TYPES = {"EVENT_TYPE_LIVE", "EVENT_TYPE_VOD", "EVENT_TYPE_AOD", "EVENT_TYPE_LIVE_TO_VOD"}
REPORT_DIMENSIONS = {
    "REPORT_DIMENSION_CHAT_HISTORIES",
    "REPORT_DIMENSION_POLL_SUMMARIES",
    "REPORT_DIMENSION_POLL_VOTES",
    "REPORT_DIMENSION_WATCH_TIME",
    "REPORT_DIMENSION_QUESTIONNAIRE",
}
GROUP_BY_FIELDS = {
    "GROUP_BY_FIELD_WATCH_TIMESTAMP",
    "GROUP_BY_FIELD_CUSTOMER_ID",
    "GROUP_BY_FIELD_DEVICE_ID",
    "GROUP_BY_FIELD_DEVICE_OS",
    "GROUP_BY_FIELD_GEO_REGION",
}
SUMMARY_DIMENSIONS = {"SUMMARY_REPORT_DIMENSION_METRICS"}
# google.rpc.Code numbers for each HTTP status the API documents.
RPC_CODES = {400: 3, 401: 16, 403: 7, 404: 5, 429: 8, 500: 13, 503: 14}


def rpc_error(status: int, message: str, *, retry_after: float | None = None) -> Answer:
    """An error in the google.rpc.Status shape."""
    details: list[dict[str, Any]] = []
    headers: dict[str, str] = {}
    if retry_after is not None:
        headers["retry-after"] = f"{retry_after:g}"
        details.append(
            {
                "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                "reason": "RATE_LIMITED",
                "metadata": {"retry_after": f"{retry_after:g}"},
            }
        )
    payload = {"code": RPC_CODES.get(status, 2), "message": message, "details": details}
    return json_answer(status, payload, headers=headers)


def _bad(message: str) -> Refusal:
    return Refusal(rpc_error(400, message))


def _rfc3339(value: Any, field: str) -> datetime:
    if not isinstance(value, str):
        raise _bad(f"{field} must be an RFC 3339 string")
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise _bad(f"{field} is not RFC 3339") from None
    if parsed.tzinfo is None:
        raise _bad(f"{field} needs a time zone")
    return parsed


@attrs.define
class _Report:
    id: str
    kind: str  # "event" or "summary"
    event_id: str
    type: str
    condition: dict[str, Any]
    dimension: str | None
    created: float
    failing: bool


class BlendVisionService(PerCallerLimit):
    """The four analytics report operations with bearer-token + org-id auth."""

    name = "blendvision"

    def __init__(
        self,
        *,
        api_token: str,
        org_id: str,
        calls_per_second: int | None,
        report_seconds: float,
        failing_event_ids: frozenset[str],
        downloads: DownloadOrigin,
    ) -> None:
        self._token, self._org = api_token, org_id
        self._windows = CallerWindows(calls_per_second)
        self.report_seconds = report_seconds
        self.failing_event_ids = failing_event_ids
        self._downloads = downloads
        self._reports: dict[str, _Report] = {}
        self._lock = threading.Lock()

    def route(self, request: Incoming) -> str | None:
        return ROUTES.get(request.raw_path) if request.method == "POST" else None

    def authenticate(self, request: Incoming) -> str:
        if request.headers.get("authorization") != f"Bearer {self._token}":
            raise Refusal(rpc_error(401, "missing or unrecognised authorization"))
        if request.headers.get("x-bv-org-id") != self._org:
            raise Refusal(rpc_error(403, "not permitted for this organization"))
        return self._org

    def throttled(self, retry_after: float | None) -> Answer:
        return rpc_error(
            429, "resource exhausted", retry_after=1.0 if retry_after is None else retry_after
        )

    def failure(self, status: int, retry_after: float | None) -> Answer:
        return rpc_error(status, "internal error", retry_after=retry_after)

    def handle(self, request: Incoming, operation: str, identity: str, now: float) -> Answer:
        body = json_object(request, _bad, "the body")
        if operation == "CreateEventReport":
            return json_answer(200, {"reports": self._create_event(body, now)})
        if operation == "CreateSummaryReport":
            return json_answer(200, {"reports": self._create_summary(body, now)})
        kind = "event" if operation == "BatchGetEventReports" else "summary"
        return json_answer(200, {"reports": self._batch_get(body, kind, now)})

    def _create_event(self, body: dict[str, Any], now: float) -> list[dict[str, Any]]:
        event_id, event_type = body.get("id"), body.get("type")
        if not isinstance(event_id, str) or not event_id:
            raise _bad("id is required")
        if event_type not in EVENT_TYPES:
            raise _bad("type must be a known EventType")
        conditions = body.get("dimension_with_conditions")
        if not isinstance(conditions, list):
            raise _bad("dimension_with_conditions is required")
        # Deprecated, still listed as required; the emulator asks only for the list (its
        # values are the conditions' dimensions when the SDK sends it).
        dimensions = body.get("dimensions")
        if not isinstance(dimensions, list):
            raise _bad("dimensions is required")
        for condition in conditions:
            _check_event_condition(condition)
        return [
            self._new("event", event_id, event_type, c, c["dimension"], now) for c in conditions
        ]

    def _create_summary(self, body: dict[str, Any], now: float) -> list[dict[str, Any]]:
        event_type = body.get("type")
        if event_type not in EVENT_TYPES:
            raise _bad("type must be a known EventType")
        conditions = body.get("dimension_with_conditions")
        if not isinstance(conditions, list):
            raise _bad("dimension_with_conditions is required")
        for condition in conditions:
            if (
                not isinstance(condition, dict)
                or condition.get("dimension") not in SUMMARY_DIMENSIONS
            ):
                raise _bad("dimension must be SUMMARY_REPORT_DIMENSION_METRICS")
            interval = condition.get("interval")
            if not isinstance(interval, dict):  # the analytics guide: interval "Yes"
                raise _bad("interval is required")
            for end in ("start_time", "end_time"):  # each "Optional", "If specified"
                if interval.get(end) is not None:
                    _rfc3339(interval[end], end)
        return [self._new("summary", "", event_type, c, None, now) for c in conditions]

    def _new(
        self,
        kind: str,
        event_id: str,
        event_type: str,
        condition: dict[str, Any],
        dimension: str | None,
        now: float,
    ) -> dict[str, Any]:
        report = _Report(
            id=str(uuid.uuid4()),
            kind=kind,
            event_id=event_id,
            type=event_type,
            condition=condition,
            dimension=dimension,
            created=now,
            failing=event_id in self.failing_event_ids,
        )
        with self._lock:
            self._reports[report.id] = report
        return self._view(report, now)

    def _batch_get(self, body: dict[str, Any], kind: str, now: float) -> list[dict[str, Any]]:
        keys = body.get("reports")
        if not isinstance(keys, list):
            raise _bad("reports must be a list")
        views = []
        for key in keys:
            report_id = key.get("id") if isinstance(key, dict) else None
            with self._lock:
                report = self._reports.get(report_id) if isinstance(report_id, str) else None
            if report is None or report.kind != kind:
                raise Refusal(rpc_error(404, f"report {report_id} not found"))
            views.append(self._view(report, now))
        return views

    def _view(self, report: _Report, now: float) -> dict[str, Any]:
        view: dict[str, Any] = {"id": report.id, "dimension_with_condition": report.condition}
        if report.dimension is not None:
            view["dimension"] = report.dimension
        if now - report.created < self.report_seconds:
            view["status"] = "EVENT_REPORT_STATUS_RUNNING"
        elif report.failing:
            view["status"] = "EVENT_REPORT_STATUS_FAILED"
            view["error_info"] = {
                "reason": "NO_DATA",
                "domain": "analytics.blendvision.com",
                "metadata": {"event_id": report.event_id},
            }
        else:
            view["status"] = "EVENT_REPORT_STATUS_SUCCEEDED"
            view["uri"] = self._downloads.signed_link(report.id)
        return view


def _check_event_condition(condition: Any) -> None:
    if not isinstance(condition, dict) or condition.get("dimension") not in REPORT_DIMENSIONS:
        raise _bad("dimension_with_conditions[].dimension must be a known ReportDimension")
    fields = condition.get("group_by_fields")
    if not isinstance(fields, list) or not set(fields) <= GROUP_BY_FIELDS:
        raise _bad("group_by_fields must be a list of known GroupByField values")
    window = condition.get("filter")
    if window is not None:
        if not isinstance(window, dict):
            raise _bad("filter must be an object")
        _rfc3339(window.get("start_time"), "start_time")  # both ends required in a filter
        _rfc3339(window.get("end_time"), "end_time")


class DownloadOrigin:
    """The report files, on another origin, behind expiring signed links (no BlendVision auth)."""

    def __init__(self, *, link_ttl: float, wall_clock: Any) -> None:
        self.base_url = "http://downloads.emulator.invalid"
        self.link_ttl = link_ttl
        self._wall = wall_clock
        self._key = uuid.uuid4().bytes

    def _signature(self, report_id: str, expires: int) -> str:
        return hmac.new(self._key, f"{report_id}:{expires}".encode(), hashlib.sha256).hexdigest()

    def signed_link(self, report_id: str) -> str:
        expires = int(self._wall() + self.link_ttl)
        sig = self._signature(report_id, expires)
        return f"{self.base_url}/downloads/{report_id}.csv?expires={expires}&signature={sig}"

    def handle(self, request: Incoming) -> Answer:
        if request.method != "GET" or not request.raw_path.startswith("/downloads/"):
            return Answer(404, (("content-type", "text/plain"),), b"not found")
        report_id = request.raw_path.removeprefix("/downloads/").removesuffix(".csv")
        query = request.query()
        try:
            expires = int(query.get("expires", ""))
        except ValueError:
            expires = 0
        valid = hmac.compare_digest(self._signature(report_id, expires), query.get("signature", ""))
        if not valid or expires < self._wall():
            return Answer(
                403,
                (("content-type", "application/xml"),),
                b"<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>",
            )
        return Answer(200, (("content-type", "text/csv"),), report_csv(report_id))


def report_csv(report_id: str) -> bytes:
    """The deterministic CSV body of a report."""
    rows = ["timestamp,customer_id,watch_seconds"]
    for n in range(50):
        seed = hashlib.blake2b(f"{report_id}:{n}".encode(), digest_size=4).digest()
        rows.append(
            f"2026-01-01T00:{n:02d}:00Z,customer-{n % 7},{int.from_bytes(seed, 'big') % 3600}"
        )
    return ("\n".join(rows) + "\n").encode()
