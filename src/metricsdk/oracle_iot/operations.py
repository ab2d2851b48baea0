"""The Oracle IoT wire format, sans I/O: metric paths, the query string, parsing and errors.

Two parameter names are not shown by Oracle's reference page for these metrics: the start and
end of the range. The v2 message APIs call them ``since`` and ``until``, and so do we; if an
instance turns out to want other names, they are `SINCE_PARAMETER` and `UNTIL_PARAMETER` below
(and ``extra_query=`` sends any name without waiting for a release).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any
from urllib.parse import quote

import httpx

from metricsdk._core.converters import as_utc
from metricsdk._core.error_mapping import error_class
from metricsdk._core.transport import RequestSpec
from metricsdk.errors import APIError, BadRequestError, InvalidInputError, MalformedResponseError
from metricsdk.oracle_iot.models import (
    DateTimeValue,
    Instant,
    Link,
    MetricQuery,
    MetricSeries,
    from_epoch_ms,
)

__all__ = [
    "SERVICE",
    "SINCE_PARAMETER",
    "UNTIL_PARAMETER",
    "app_metric_path",
    "build_metric_request",
    "instance_metric_path",
    "integration_metric_path",
    "map_error",
    "parse_series",
    "path_segment",
    "query_parameters",
]

SERVICE = "oracle_iot"
SINCE_PARAMETER = "since"
"""The query parameter for the start of the range (unconfirmed by Oracle's page; see above)."""
UNTIL_PARAMETER = "until"
"""The query parameter for the end of the range (unconfirmed by Oracle's page; see above)."""

_METRIC_PATH = re.compile(r"[A-Za-z0-9]+(/[A-Za-z0-9]+)*")
_API = "/iot/api/v2"


def path_segment(field: str, value: object) -> str:
    """``value`` percent-encoded as exactly one path segment.

    Everything but unreserved characters is encoded (``/``, ``?``, ``#``, ``%``, spaces, control
    characters, non-ASCII), and the dot segments ``.`` and ``..`` are encoded too, since a URL
    library or proxy would otherwise resolve them and move the request elsewhere.
    """
    if not isinstance(value, str) or not value:
        raise InvalidInputError(field, "must be a non-empty string")
    encoded = quote(value, safe="")
    return encoded.replace(".", "%2E") if set(value) == {"."} else encoded


def _metric(metric: object) -> str:
    if not isinstance(metric, str) or not _METRIC_PATH.fullmatch(metric):
        raise InvalidInputError(
            "metric", "must be a relative path of letters and digits, e.g. 'messageVolume/inbound'"
        )
    return metric


def app_metric_path(app_id: str, metric: str) -> str:
    """The path of an application's metric."""
    return f"{_API}/apps/{path_segment('app_id', app_id)}/monitoring/metrics/{_metric(metric)}"


def integration_metric_path(app_id: str, integration_id: str, metric: str) -> str:
    """The path of an integration's metric."""
    app = path_segment("app_id", app_id)
    integration = path_segment("integration_id", integration_id)
    return f"{_API}/apps/{app}/integrations/{integration}/monitoring/metrics/{_metric(metric)}"


def instance_metric_path(metric: str) -> str:
    """The path of an instance-wide metric."""
    return f"{_API}/monitoring/metrics/{_metric(metric)}"


def _instant(value: Instant) -> str:
    if isinstance(value, datetime):
        return as_utc(value).isoformat() if value.tzinfo is None else value.isoformat()
    return str(value)


def query_parameters(query: MetricQuery) -> tuple[tuple[str, str], ...]:
    """The query string of ``query``, in the reference's order; unset parameters are left out."""
    modelled: list[tuple[str, str | None]] = [
        ("limit", None if query.limit is None else str(query.limit)),
        ("orderBy", None if query.order is None else f"dateTime:{query.order.value}"),
        ("period", None if query.period is None else query.period.value),
        (SINCE_PARAMETER, None if query.since is None else _instant(query.since)),
        (UNTIL_PARAMETER, None if query.until is None else _instant(query.until)),
    ]
    sent = [(name, value) for name, value in modelled if value is not None]
    clashes = {name for name, _ in sent} & set(query.extra_query)
    if clashes:
        raise InvalidInputError(
            "extra_query", f"sets {', '.join(sorted(clashes))}, already given as an argument"
        )
    return (*sent, *query.extra_query.items())


def build_metric_request(operation: str, path: str, query: MetricQuery) -> RequestSpec:
    """The GET of one metric series."""
    return RequestSpec(
        operation=operation,
        method="GET",
        path=path,
        query=query_parameters(query),
        headers=(("accept", "application/json"),),
    )


def _integer(operation: str, field: str, raw: Any) -> int:
    if isinstance(raw, int) and not isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and re.fullmatch(r"-?[0-9]+", raw.strip()):
        return int(raw)
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    raise MalformedResponseError(
        f"{operation}: {field} must be an integer or a string of digits, got {raw!r:.60}",
        status_code=200,
        service=SERVICE,
    )


def _point(operation: str, raw: Any) -> DateTimeValue:
    if not isinstance(raw, Mapping):
        raise MalformedResponseError(
            f"{operation}: a series item must be an object", status_code=200, service=SERVICE
        )
    milliseconds = _integer(operation, "dateTime", raw.get("dateTime"))
    try:
        moment = from_epoch_ms(milliseconds)
    except (OverflowError, OSError, ValueError):
        raise MalformedResponseError(
            f"{operation}: dateTime {milliseconds} is out of range",
            status_code=200,
            service=SERVICE,
        ) from None
    as_string = raw.get("dateTimeAsString")
    return DateTimeValue(
        date_time=moment,
        date_time_as_string=as_string if isinstance(as_string, str) else moment.isoformat(),
        value=_integer(operation, "value", raw.get("value")),
    )


def _links(raw: Any) -> list[Link]:
    if not isinstance(raw, list):
        return []
    return [
        Link(rel=link["rel"], href=link["href"])
        for link in raw
        if isinstance(link, Mapping)
        and isinstance(link.get("rel"), str)
        and isinstance(link.get("href"), str)
    ]


def parse_series(operation: str, body: bytes) -> MetricSeries:
    """A ``DateTimeValueList`` answer; numbers may arrive as strings (as documented) or not."""
    try:
        data = json.loads(body)
    except ValueError:
        raise MalformedResponseError(
            f"{operation}: the answer is not valid JSON ({len(body)} bytes)",
            status_code=200,
            service=SERVICE,
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise MalformedResponseError(
            f"{operation}: expected an object with a list of items",
            status_code=200,
            service=SERVICE,
        )
    items = [_point(operation, item) for item in data["items"]]
    return MetricSeries(items=items, links=_links(data.get("links")))


def _error_body(body: bytes) -> tuple[str, str]:
    """(code, message) from Oracle's ``{type, title, status, detail, o:errorCode}``, leniently."""
    try:
        data = json.loads(body)
    except ValueError:
        data = None
    if isinstance(data, dict):
        code = data.get("o:errorCode")
        message = data.get("detail") or data.get("title")
        return (
            code if isinstance(code, str) else "",
            message if isinstance(message, str) else "",
        )
    text = body[:200].decode("utf-8", "replace").strip()
    return "", text if text and "<" not in text else ""


def map_error(status: int, headers: httpx.Headers, body: bytes) -> APIError:
    """The exception for an Oracle IoT error answer: by status (406 is a bad request)."""
    code, message = _error_body(body)
    cls = BadRequestError if status == 406 else error_class(status, "", {})
    return cls(
        message or f"HTTP {status} from Oracle IoT",
        status_code=status,
        code=code,
        request_id=headers.get("x-oracle-dms-ecid"),
        service=SERVICE,
    )
