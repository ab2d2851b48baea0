"""Emulated SES Mail Manager archive exports (AWS JSON 1.0), checked against botocore's model."""

from __future__ import annotations

import re
import threading
import uuid
from typing import Any

import attrs

from metricsdk.testing._emulator.aws import aws_error, check_signature, epoch_number
from metricsdk.testing._emulator.service import Refusal
from metricsdk.testing._emulator.window import SlidingWindow
from metricsdk.testing._emulator.wire import Answer, Incoming, json_answer

__all__ = ["MailManagerService"]

TARGET_PREFIX = "MailManagerSvc."
OPERATIONS = ("StartArchiveExport", "GetArchiveExport", "StopArchiveExport", "ListArchiveExports")
ARCHIVE_ID = re.compile(r"a-\w{1,64}")
S3_LOCATION = re.compile(r"s3://[a-zA-Z0-9.-]{3,63}(/[a-zA-Z0-9!_.*'()/-]*)*")
JSON_1_0 = "application/x-amz-json-1.0"


@attrs.define
class _Export:
    export_id: str
    request: dict[str, Any]
    submitted: float  # epoch seconds
    started: float  # monotonic
    cancelled_after: float | None = None
    failing: bool = False


class MailManagerService:
    """``StartArchiveExport``, ``GetArchiveExport``, ``StopArchiveExport``,
    ``ListArchiveExports``; exports go QUEUED -> PROCESSING -> COMPLETED over
    ``export_seconds``."""

    name = "mailmanager"

    def __init__(
        self,
        secrets: dict[str, str],
        *,
        calls_per_second: int | None,
        export_seconds: float,
        failing_archives: frozenset[str],
        wall_clock: Any,
    ) -> None:
        self._secrets = secrets
        self._limit = calls_per_second
        self._windows: dict[str, SlidingWindow] = {}
        self.export_seconds = export_seconds
        self.failing_archives = failing_archives
        self._wall = wall_clock
        self._exports: dict[str, _Export] = {}
        self._lock = threading.Lock()

    def route(self, request: Incoming) -> str | None:
        target = request.headers.get("x-amz-target", "")
        if (
            request.method != "POST"
            or request.raw_path != "/"
            or not target.startswith(TARGET_PREFIX)
        ):
            return None
        return target[len(TARGET_PREFIX) :]

    def authenticate(self, request: Incoming) -> str:
        return check_signature(request, self._secrets, "ses", json_1_0=True)

    def weight(self, request: Incoming, operation: str) -> int:
        return 1

    def admit(self, identity: str, weight: int, now: float) -> bool:
        with self._lock:
            window = self._windows.setdefault(identity, SlidingWindow(self._limit))
        return window.admit(now)

    def throttled(self, retry_after: float | None) -> Answer:
        # Mail Manager answers throttling with HTTP 400, not 429.
        return aws_error(
            400, "ThrottlingException", "Rate exceeded", json_1_0=True, retry_after=retry_after
        )

    def failure(self, status: int, retry_after: float | None) -> Answer:
        code = "InternalServerException" if status == 500 else "ServiceUnavailableException"
        return aws_error(status, code, "The service failed", json_1_0=True, retry_after=retry_after)

    def handle(self, request: Incoming, operation: str, identity: str, now: float) -> Answer:
        if operation not in OPERATIONS:
            raise _error("UnknownOperationException", f"Unknown operation {operation}")
        if request.headers.get("content-type", "") != JSON_1_0:
            raise _error("ValidationException", f"Content-Type must be {JSON_1_0}")
        try:
            body = request.json()
        except ValueError:
            raise _error("SerializationException", "The body is not valid JSON") from None
        if not isinstance(body, dict):
            raise _error("SerializationException", "The body must be a JSON object")
        handler = getattr(self, f"_{operation}")
        payload: dict[str, Any] = handler(body, now)
        return json_answer(200, payload, content_type=JSON_1_0)

    def _StartArchiveExport(self, body: dict[str, Any], now: float) -> dict[str, Any]:
        archive_id = _archive_id(body)
        start, end = epoch_number(body.get("FromTimestamp")), epoch_number(body.get("ToTimestamp"))
        if start is None or end is None:
            raise _error("ValidationException", "FromTimestamp and ToTimestamp are required")
        if not start < end:
            raise _error("ValidationException", "FromTimestamp must be before ToTimestamp")
        destination = body.get("ExportDestinationConfiguration")
        location = (
            (destination or {}).get("S3", {}).get("S3Location")
            if isinstance(destination, dict)
            else None
        )
        if not isinstance(location, str) or not S3_LOCATION.fullmatch(location):
            raise _error(
                "ValidationException", "ExportDestinationConfiguration.S3.S3Location is invalid"
            )
        _check_filters(body.get("Filters"))
        export = _Export(
            export_id=uuid.uuid4().hex,
            request=body,
            submitted=self._wall(),
            started=now,
            failing=archive_id in self.failing_archives,
        )
        with self._lock:
            self._exports[export.export_id] = export
        return {"ExportId": export.export_id}

    def _GetArchiveExport(self, body: dict[str, Any], now: float) -> dict[str, Any]:
        export = self._find(body)
        request = export.request
        answer: dict[str, Any] = {
            key: request[key]
            for key in (
                "ArchiveId",
                "Filters",
                "FromTimestamp",
                "ToTimestamp",
                "MaxResults",
                "ExportDestinationConfiguration",
            )
            if key in request
        }
        answer["Status"] = self._status(export, now)
        return answer

    def _StopArchiveExport(self, body: dict[str, Any], now: float) -> dict[str, Any]:
        export = self._find(body)
        with self._lock:
            if self._state(export, now) in ("QUEUED", "PREPROCESSING", "PROCESSING"):
                export.cancelled_after = now - export.started
        return {}

    def _ListArchiveExports(self, body: dict[str, Any], now: float) -> dict[str, Any]:
        archive_id = _archive_id(body)
        size = body.get("PageSize", 10)
        if not isinstance(size, int) or isinstance(size, bool) or not 1 <= size <= 50:
            raise _error("ValidationException", "PageSize must be between 1 and 50")
        token = body.get("NextToken")
        try:
            offset = int(token) if token is not None else 0
        except (TypeError, ValueError):
            raise _error("ValidationException", "NextToken is invalid") from None
        with self._lock:
            mine = sorted(
                (e for e in self._exports.values() if e.request["ArchiveId"] == archive_id),
                key=lambda e: (e.started, e.export_id),
            )
        page = mine[offset : offset + size]
        answer: dict[str, Any] = {
            "Exports": [{"ExportId": e.export_id, "Status": self._status(e, now)} for e in page]
        }
        if offset + size < len(mine):
            answer["NextToken"] = str(offset + size)
        return answer

    def _find(self, body: dict[str, Any]) -> _Export:
        export_id = body.get("ExportId")
        if not isinstance(export_id, str) or not 1 <= len(export_id) <= 64:
            raise _error("ValidationException", "ExportId must be 1 to 64 characters")
        with self._lock:
            export = self._exports.get(export_id)
        if export is None:
            raise _error("ResourceNotFoundException", f"Export {export_id} not found")
        return export

    def _state(self, export: _Export, now: float) -> str:
        elapsed = now - export.started
        if export.cancelled_after is not None:
            return "CANCELLED"
        if elapsed < self.export_seconds / 3:
            return "QUEUED"
        if elapsed < self.export_seconds:
            return "PROCESSING"
        return "FAILED" if export.failing else "COMPLETED"

    def _status(self, export: _Export, now: float) -> dict[str, Any]:
        state = self._state(export, now)
        status: dict[str, Any] = {"SubmissionTimestamp": export.submitted, "State": state}
        if state in ("COMPLETED", "FAILED", "CANCELLED"):
            status["CompletionTimestamp"] = export.submitted + self.export_seconds
        if state == "FAILED":
            status["ErrorMessage"] = "The archive could not be read"
        return status


_STATUS = {
    "ValidationException": 400,
    "ResourceNotFoundException": 404,
    "SerializationException": 400,
    "UnknownOperationException": 400,
}


def _error(code: str, message: str) -> Refusal:
    return Refusal(aws_error(_STATUS.get(code, 400), code, message, json_1_0=True))


def _archive_id(body: dict[str, Any]) -> str:
    archive_id = body.get("ArchiveId")
    if (
        not isinstance(archive_id, str)
        or not 3 <= len(archive_id) <= 66
        or not ARCHIVE_ID.fullmatch(archive_id)
    ):
        raise _error("ValidationException", "ArchiveId must match a-[\\w]{1,64}")
    return archive_id


def _check_filters(filters: Any) -> None:
    if filters is None:
        return
    if not isinstance(filters, dict):
        raise _error("ValidationException", "Filters must be an object")
    for key in ("Include", "Unless"):
        conditions = filters.get(key, [])
        if not isinstance(conditions, list) or len(conditions) > 10:
            raise _error("ValidationException", f"Filters.{key} must list at most 10 conditions")
        for condition in conditions:
            if not isinstance(condition, dict) or len(condition) != 1:
                raise _error(
                    "ValidationException", "A filter condition must set exactly one member"
                )
            string = condition.get("StringExpression")
            if string is not None:
                values = string.get("Values") if isinstance(string, dict) else None
                if not isinstance(values, list) or not 1 <= len(values) <= 10:
                    raise _error(
                        "ValidationException", "StringExpression.Values must hold 1 to 10 values"
                    )
