"""Emulated SES Mail Manager archive exports (AWS JSON 1.0), checked against botocore's model.

A request is refused exactly where the service model (``mailmanager/2023-10-17``, botocore
1.44.8) refuses it: required members, JSON types, lengths, ranges, enums, patterns (Smithy
patterns are ECMA-262 regular expressions: ``\\w`` is ASCII; each describes the whole value, as
its length bounds show) and unions that set exactly one known member. What the model leaves
open is accepted: any ``MaxResults``, timestamps in either order. Members the model does not
name are ignored. Errors are the ones the model lists for each operation: an unknown export is
a ``ValidationException`` for ``GetArchiveExport``/``StopArchiveExport``, which list no
``ResourceNotFoundException``; an unknown archive is a ``ResourceNotFoundException`` for
``ListArchiveExports``, which does.

The emulator models no archive of its own: an archive comes into being with the first export
started from it, and listing one that never had an export answers ``ResourceNotFoundException``.
"""

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
ARCHIVE_ID = re.compile(r"a-\w{1,64}", re.ASCII)
S3_LOCATION = re.compile(r"s3://[a-zA-Z0-9.-]{3,63}(/[a-zA-Z0-9!_.*'()/-]*)*")
JSON_1_0 = "application/x-amz-json-1.0"
STRING_ATTRIBUTES = frozenset({"TO", "FROM", "CC", "SUBJECT", "ENVELOPE_TO", "ENVELOPE_FROM"})
STRING_OPERATORS = frozenset({"CONTAINS"})
BOOLEAN_ATTRIBUTES = frozenset({"HAS_ATTACHMENTS"})
BOOLEAN_OPERATORS = frozenset({"IS_TRUE", "IS_FALSE"})
INT32 = (-(2**31), 2**31 - 1)  # a Smithy integer


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
        # The project's notes on the service say it throttles with HTTP 400; botocore's model
        # marks ThrottlingException 429. The emulator answers 400, the case a client that
        # classified by status would get wrong; clients must classify by the error code.
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
        # model: StartArchiveExportRequest
        archive_id = _archive_id(body)
        _timestamp(body, "FromTimestamp")
        _timestamp(body, "ToTimestamp")
        _destination(body.get("ExportDestinationConfiguration"))
        _check_filters(body.get("Filters"))
        _integer(body, "MaxResults", *INT32)  # ExportMaxResults: no bounds of its own
        if "IncludeMetadata" in body and not isinstance(body["IncludeMetadata"], bool):
            raise _invalid("IncludeMetadata must be a boolean")
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
        # model: ListArchiveExportsRequest
        archive_id = _archive_id(body)
        size = _integer(body, "PageSize", 1, 50)  # PageSize, 1 to 50
        size = 10 if size is None else size
        token = body.get("NextToken")
        if token is not None and (not isinstance(token, str) or not 1 <= len(token) <= 2048):
            raise _invalid("NextToken must be 1 to 2048 characters")  # PaginationToken
        try:
            offset = int(token) if token is not None else 0
        except ValueError:
            raise _invalid("NextToken is invalid") from None
        with self._lock:
            known = any(e.request["ArchiveId"] == archive_id for e in self._exports.values())
            mine = sorted(
                (e for e in self._exports.values() if e.request["ArchiveId"] == archive_id),
                key=lambda e: (e.started, e.export_id),
            )
        if not known:
            raise _error("ResourceNotFoundException", f"Archive {archive_id} not found")
        page = mine[offset : offset + size]
        answer: dict[str, Any] = {
            "Exports": [{"ExportId": e.export_id, "Status": self._status(e, now)} for e in page]
        }
        if offset + size < len(mine):
            answer["NextToken"] = str(offset + size)
        return answer

    def _find(self, body: dict[str, Any]) -> _Export:
        export_id = body.get("ExportId")
        if not isinstance(export_id, str) or not 1 <= len(export_id) <= 64:  # ExportId
            raise _invalid("ExportId must be 1 to 64 characters")
        with self._lock:
            export = self._exports.get(export_id)
        if export is None:
            # GetArchiveExport and StopArchiveExport list no ResourceNotFoundException.
            raise _invalid(f"Export {export_id} not found")
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


def _invalid(message: str) -> Refusal:
    return _error("ValidationException", message)


def _archive_id(body: dict[str, Any]) -> str:
    archive_id = body.get("ArchiveId")  # ArchiveId: required, 3 to 66, a-[\w]{1,64}
    if (
        not isinstance(archive_id, str)
        or not 3 <= len(archive_id) <= 66
        or not ARCHIVE_ID.fullmatch(archive_id)
    ):
        raise _invalid("ArchiveId must match a-[\\w]{1,64}")
    return archive_id


def _timestamp(body: dict[str, Any], name: str) -> float:
    value = epoch_number(body.get(name))  # Timestamp, required
    if value is None:
        raise _invalid(f"{name} is required and must be a timestamp")
    return value


def _integer(body: dict[str, Any], name: str, low: int, high: int) -> int | None:
    value = body.get(name)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise _invalid(f"{name} must be an integer from {low} to {high}")
    return value


def _union(value: Any, name: str, members: frozenset[str]) -> tuple[str, Any]:
    """The one member a union sets (the model's "union": true), which must be a known one."""
    present = {k: v for k, v in value.items() if v is not None} if isinstance(value, dict) else {}
    if not isinstance(value, dict) or len(present) != 1:
        raise _invalid(f"{name} must set exactly one member")
    ((member, content),) = present.items()
    if member not in members:
        raise _invalid(f"{name} has no member {member}")
    return member, content


def _destination(value: Any) -> None:
    # ExportDestinationConfiguration: required union; S3 holds an optional S3Location
    if value is None:
        raise _invalid("ExportDestinationConfiguration is required")
    _, s3 = _union(value, "ExportDestinationConfiguration", frozenset({"S3"}))
    if not isinstance(s3, dict):
        raise _invalid("ExportDestinationConfiguration.S3 must be an object")
    location = s3.get("S3Location")
    if location is not None and (
        not isinstance(location, str) or not S3_LOCATION.fullmatch(location)
    ):
        raise _invalid("ExportDestinationConfiguration.S3.S3Location is invalid")


def _check_filters(filters: Any) -> None:
    if filters is None:
        return
    if not isinstance(filters, dict):
        raise _invalid("Filters must be an object")
    for key in ("Include", "Unless"):
        conditions = filters.get(key)
        if conditions is None:
            continue
        # ArchiveFilterConditions: 0 to 10
        if not isinstance(conditions, list) or len(conditions) > 10:
            raise _invalid(f"Filters.{key} must list at most 10 conditions")
        for condition in conditions:
            _check_condition(condition)


def _check_condition(condition: Any) -> None:
    kind, expression = _union(
        condition, "ArchiveFilterCondition", frozenset({"StringExpression", "BooleanExpression"})
    )
    if not isinstance(expression, dict):
        raise _invalid(f"{kind} must be an object")
    string = kind == "StringExpression"
    # Archive{String,Boolean}Expression: Evaluate and Operator required (and Values for a
    # string); Evaluate is a union whose one member, Attribute, is an enum
    _, attribute = _union(expression.get("Evaluate"), f"{kind}.Evaluate", frozenset({"Attribute"}))
    if attribute not in (STRING_ATTRIBUTES if string else BOOLEAN_ATTRIBUTES):
        raise _invalid(f"{kind}.Evaluate.Attribute {attribute!r} is not a known attribute")
    if expression.get("Operator") not in (STRING_OPERATORS if string else BOOLEAN_OPERATORS):
        raise _invalid(f"{kind}.Operator is required and must be a known operator")
    if string:
        values = expression.get("Values")
        # StringValueList: 1 to 10 StringValue of 1 to 2048 characters
        if (
            not isinstance(values, list)
            or not 1 <= len(values) <= 10
            or not all(isinstance(v, str) and 1 <= len(v) <= 2048 for v in values)
        ):
            raise _invalid(
                "StringExpression.Values must hold 1 to 10 values of 1 to 2048 characters"
            )
