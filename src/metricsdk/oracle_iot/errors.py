"""Oracle IoT error answers, sans I/O: read the error body leniently and choose the exception.

Oracle documents 401 (not authenticated) and 403 (not allowed) for the monitoring metrics, and
406 when ``Accept`` is not ``application/json``. An error body, when there is one, may follow
Oracle's REST shape ``{type, title, status, detail, instance, o:errorCode}``; it may also be
plain text, an HTML page from a proxy, or empty, and none of that may break the mapping.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import attrs
import httpx

from metricsdk._core.error_mapping import error_class
from metricsdk.errors import APIError, BadRequestError, MalformedResponseError

__all__ = [
    "ERROR_CLASSES_BY_STATUS",
    "REQUEST_ID_HEADERS",
    "SERVICE",
    "OracleErrorBody",
    "SeriesFormatError",
    "map_error",
    "parse_error_body",
]

SERVICE = "oracle_iot"
"""The service name carried by every error (``APIError.service``) and log line."""

ERROR_CLASSES_BY_STATUS: Mapping[int, type[APIError]] = {406: BadRequestError}
"""Statuses Oracle IoT uses differently from the shared table: a 406 means the request's
``Accept`` was refused, a fault of the request, so it is a `BadRequestError`. Every other
status maps as for any service (401, 403, 404, 429, 5xx)."""

REQUEST_ID_HEADERS = ("x-oracle-dms-ecid", "opc-request-id", "x-request-id")
"""Headers that may carry the request's id, most specific first."""

_MAX_TEXT = 300


class SeriesFormatError(MalformedResponseError):
    """A successful answer whose JSON is not a readable series: a point that is not an object,
    a ``value`` or ``dateTime`` that is not an integer, a missing field.

    Unlike a truncated or non-JSON answer, this is not retried: asking again gets the same
    answer.
    """

    default_retryable = False


@attrs.frozen(kw_only=True)
class OracleErrorBody:
    """An error body in Oracle's REST shape; every field is optional.

    Attributes:
        type: a URI naming the kind of problem.
        title: a short summary, e.g. ``"Unauthorized"``.
        status: the HTTP status the service meant.
        detail: the explanation for this occurrence.
        instance: a URI naming this occurrence.
        error_code: Oracle's error code (``o:errorCode``).
    """

    type: str | None = None
    title: str | None = None
    status: int | None = None
    detail: str | None = None
    instance: str | None = None
    error_code: str | None = None


def _text(data: Mapping[str, Any], key: str) -> str | None:
    value = data.get(key)
    if isinstance(value, str) and value.strip():
        return value.strip()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return None


def parse_error_body(body: bytes) -> OracleErrorBody | None:
    """Oracle's error fields from a body, or ``None`` if the body is not a JSON object.

    Fields of the wrong type are ignored rather than trusted.
    """
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        return None
    if not isinstance(data, dict):
        return None
    status = data.get("status")
    return OracleErrorBody(
        type=_text(data, "type"),
        title=_text(data, "title"),
        status=status if isinstance(status, int) and not isinstance(status, bool) else None,
        detail=_text(data, "detail"),
        instance=_text(data, "instance"),
        error_code=_text(data, "o:errorCode"),
    )


def _plain_text(body: bytes, content_type: str) -> str:
    """A short message from a non-JSON body; markup (a proxy's HTML page) is not repeated."""
    text = " ".join(body[: _MAX_TEXT * 4].decode("utf-8", "replace").split())
    if not text or "html" in content_type.lower() or text.startswith("<"):
        return ""
    return text if len(text) <= _MAX_TEXT else text[:_MAX_TEXT] + "..."


def map_error(status: int, headers: httpx.Headers, body: bytes) -> APIError:
    """The exception for an Oracle IoT error answer.

    The class comes from the status (`ERROR_CLASSES_BY_STATUS`, then the shared table). The
    message is Oracle's ``detail`` (else ``title``), else the body's text, else a description
    of the status; ``code`` is ``o:errorCode`` when sent.
    """
    parsed = parse_error_body(body)
    if parsed is not None:
        message = parsed.detail or parsed.title or ""
        code = parsed.error_code or ""
    else:
        message = _plain_text(body, headers.get("content-type", ""))
        code = ""
    cls = ERROR_CLASSES_BY_STATUS.get(status) or error_class(status, code, {})
    request_id = next((headers[h] for h in REQUEST_ID_HEADERS if headers.get(h)), None)
    return cls(
        message or f"HTTP {status} from Oracle IoT",
        status_code=status,
        code=code,
        request_id=request_id,
        service=SERVICE,
    )
