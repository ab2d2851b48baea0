"""How BlendVision errors are read: the google.rpc.Status body, the class chosen by HTTP status,
the wait a throttled answer asks for, and the refused download link.

The API answers errors as ``{"code": <google.rpc.Code>, "message": "...", "details": [...]}``
with a documented HTTP status (400, 401, 403, 404, 500; 429 on other BlendVision endpoints). The
exception is chosen by HTTP status, except that ``RESOURCE_EXHAUSTED`` (8) is throttling whatever
the status. It keeps the numeric code (as a string), the message and the details.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

import httpx

from metricsdk._core.error_mapping import error_class
from metricsdk._core.retry import parse_retry_after
from metricsdk.errors import APIError, PermissionDeniedError, ThrottlingError

__all__ = [
    "RETRY_HINT_METADATA_KEY",
    "RPC_CODE_NAMES",
    "ReportLinkExpiredError",
    "map_error",
    "retry_hint",
]

SERVICE = "blendvision"

RPC_CODE_NAMES: Mapping[int, str] = {
    0: "OK",
    1: "CANCELLED",
    2: "UNKNOWN",
    3: "INVALID_ARGUMENT",
    4: "DEADLINE_EXCEEDED",
    5: "NOT_FOUND",
    6: "ALREADY_EXISTS",
    7: "PERMISSION_DENIED",
    8: "RESOURCE_EXHAUSTED",
    9: "FAILED_PRECONDITION",
    10: "ABORTED",
    11: "OUT_OF_RANGE",
    12: "UNIMPLEMENTED",
    13: "INTERNAL",
    14: "UNAVAILABLE",
    15: "DATA_LOSS",
    16: "UNAUTHENTICATED",
}
"""The google.rpc.Code names, by number (for messages; ``APIError.code`` keeps the number)."""

RETRY_HINT_METADATA_KEY = "retry_after"
"""Unconfirmed: the ``google.rpc.ErrorInfo`` metadata key BlendVision may use for a wait hint (in
seconds) on a 429. Only read when the answer has no ``Retry-After`` header; one constant, should
the guess prove wrong."""

# Codes that decide the class whatever the HTTP status.
_BY_RPC_CODE: Mapping[str, type[APIError]] = {"8": ThrottlingError}
_DURATION = re.compile(r"\s*(\d+(?:\.\d+)?)s\s*")


class ReportLinkExpiredError(PermissionDeniedError):
    """The report's download link was refused (403): such links expire. Batch-get the report
    again (``batch_get_event_reports(reports=[report])`` or the waiter) for a fresh ``uri``."""


def _seconds(value: Any) -> float | None:
    """A wait in seconds from a number, a numeric string or a protobuf Duration (``"1.5s"`` or
    ``{"seconds": 1, "nanos": 500000000}``); ``None`` for anything else."""
    seconds: float | None = None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            seconds = float(value)
        except OverflowError:  # an int past the float range
            return None
    elif isinstance(value, str):
        match = _DURATION.fullmatch(value)
        text = match.group(1) if match else value.strip()
        try:
            seconds = float(text)
        except (ValueError, OverflowError):
            return None
    elif isinstance(value, Mapping):
        whole, nanos = value.get("seconds", 0), value.get("nanos", 0)
        try:
            seconds = float(whole) + float(nanos) / 1e9
        except (TypeError, ValueError, OverflowError):
            return None
    if seconds is None or not math.isfinite(seconds) or seconds < 0:
        return None
    return seconds


def retry_hint(details: Sequence[Mapping[str, Any]]) -> float | None:
    """The wait, in seconds, that an error's details ask for: a ``google.rpc.RetryInfo``
    ``retry_delay``, else the `RETRY_HINT_METADATA_KEY` of a ``google.rpc.ErrorInfo``."""
    for detail in details:
        kind = str(detail.get("@type", ""))
        if kind.endswith("google.rpc.RetryInfo"):
            delay = detail.get("retry_delay", detail.get("retryDelay"))
            if (seconds := _seconds(delay)) is not None:
                return seconds
    for detail in details:
        if str(detail.get("@type", "")).endswith("google.rpc.ErrorInfo"):
            metadata = detail.get("metadata")
            if isinstance(metadata, Mapping):
                seconds = _seconds(metadata.get(RETRY_HINT_METADATA_KEY))
                if seconds is not None:
                    return seconds
    return None


def map_error(status: int, headers: httpx.Headers, body: bytes) -> APIError:
    """The exception for an error answer: by HTTP status (``RESOURCE_EXHAUSTED`` is always
    throttling), keeping the google.rpc.Status ``code`` (as a string), ``message`` and
    ``details``. A body that is not the documented shape still gives an error of the status's
    class, never a crash."""
    try:
        data = json.loads(body) if body else None
    except Exception:  # ValueError, RecursionError (deep nesting), MemoryError: unreadable
        data = None
    payload: Mapping[str, Any] = data if isinstance(data, dict) else {}
    raw_code, message, raw_details = (
        payload.get("code"),
        payload.get("message"),
        payload.get("details"),
    )
    code = str(raw_code) if isinstance(raw_code, int) and not isinstance(raw_code, bool) else ""
    details = (
        [d for d in raw_details if isinstance(d, dict)] if isinstance(raw_details, list) else []
    )
    if not isinstance(message, str) or not message:
        name = RPC_CODE_NAMES.get(int(code)) if code else None
        message = f"{name} (no message)" if name else f"HTTP {status} from BlendVision"
    retry_after = parse_retry_after(headers)
    if retry_after is None:
        retry_after = retry_hint(details)
    return error_class(status, code, _BY_RPC_CODE)(
        message,
        status_code=status,
        code=code,
        request_id=headers.get("x-request-id"),
        service=SERVICE,
        retry_after=retry_after,
        details=details,
    )
