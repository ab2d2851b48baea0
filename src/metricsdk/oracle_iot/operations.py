"""The Oracle IoT wire format, sans I/O: metric paths, the query string, and parsing a series.

Every monitoring metric is a ``GET`` under ``/iot/api/v2/`` with ``Accept: application/json``
and answers a ``DateTimeValueList``: camelCase names, ``dateTime`` in epoch milliseconds and
``value`` an integer, both sent as strings in Oracle's documented example (numbers are accepted
too). One cattrs converter, built on first use, reads it.

Two parameter names are not shown by Oracle's reference page for these metrics: the start and
end of the range. The v2 message APIs call them ``since`` and ``until``, and so does the SDK;
should an instance want other names, `SINCE_PARAMETER` and `UNTIL_PARAMETER` are the one place
they are set (and ``extra_query=`` sends any name without waiting for a release).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any
from urllib.parse import quote

from metricsdk._core.converters import (
    LazyConverter,
    camel_case,
    make_converter,
    structure_answer,
)
from metricsdk._core.transport import RequestSpec
from metricsdk.errors import InvalidInputError, MalformedResponseError
from metricsdk.oracle_iot.errors import SERVICE, SeriesFormatError
from metricsdk.oracle_iot.models import (
    MAX_EPOCH_MS,
    AppMetric,
    DateTimeValue,
    InstanceMetric,
    MetricQuery,
    MetricSeries,
    epoch_ms,
    from_epoch_ms,
)

__all__ = [
    "API_ROOT",
    "ORACLE_CONVERTER",
    "SERVICE",
    "SINCE_PARAMETER",
    "UNTIL_PARAMETER",
    "app_metric_path",
    "build_metric_request",
    "instance_metric_path",
    "integration_metric_path",
    "metric_path",
    "parse_series",
    "path_segment",
    "query_parameters",
    "wire_instant",
]

API_ROOT = "/iot/api/v2"
"""Where every REST API v2 resource lives, under the instance's base URL."""

SINCE_PARAMETER = "since"
"""The query parameter for the start of the range (a name Oracle's page does not confirm)."""

UNTIL_PARAMETER = "until"
"""The query parameter for the end of the range (a name Oracle's page does not confirm)."""

_METRIC_PATH = re.compile(r"[A-Za-z0-9]+(?:/[A-Za-z0-9]+)*")
_INTEGER = re.compile(r"[+-]?[0-9]{1,40}")
_ACCEPT_JSON = (("accept", "application/json"),)


# -- paths -----------------------------------------------------------------------------------


def path_segment(field: str, value: object) -> str:
    """``value`` percent-encoded as exactly one path segment.

    Everything but the unreserved characters (letters, digits, ``-._~``) is encoded: ``/``,
    ``?``, ``#``, ``%``, spaces, control characters and non-ASCII text (as UTF-8). The dot
    segments ``.`` and ``..`` are encoded too, since a URL library or proxy would otherwise
    resolve them and move the request to another path.

    Raises:
        InvalidInputError: if ``value`` is not a non-empty string.
    """
    if not isinstance(value, str) or not value:
        raise InvalidInputError(field, "must be a non-empty string")
    encoded = quote(value, safe="")
    return encoded.replace(".", "%2E") if set(value) == {"."} else encoded


def metric_path(metric: object) -> str:
    """A metric's path under ``monitoring/metrics/``, checked to be a relative path of
    letters and digits only (``"dispatchFailedMessageCount/dropCount"``), so it can never
    leave the metrics tree or add a query.

    Raises:
        InvalidInputError: for anything else (``"../x"``, ``"/abs"``, ``"a?b"``, ``""``).
    """
    if isinstance(metric, (AppMetric, InstanceMetric)):
        return str(metric.value)
    if not isinstance(metric, str) or not _METRIC_PATH.fullmatch(metric):
        raise InvalidInputError(
            "metric",
            "must be a relative path of letters and digits, e.g. 'messageVolume/inbound'; "
            f"got {metric!r:.60}",
        )
    return metric


def app_metric_path(app_id: str, metric: AppMetric | str) -> str:
    """The path of one application's metric."""
    app = path_segment("app_id", app_id)
    return f"{API_ROOT}/apps/{app}/monitoring/metrics/{metric_path(metric)}"


def integration_metric_path(app_id: str, integration_id: str, metric: AppMetric | str) -> str:
    """The path of one integration's metric (``dispatchedMessageCount``)."""
    app = path_segment("app_id", app_id)
    integration = path_segment("integration_id", integration_id)
    return (
        f"{API_ROOT}/apps/{app}/integrations/{integration}/monitoring/metrics/{metric_path(metric)}"
    )


def instance_metric_path(metric: InstanceMetric | str) -> str:
    """The path of an instance-wide metric."""
    return f"{API_ROOT}/monitoring/metrics/{metric_path(metric)}"


# -- the query -------------------------------------------------------------------------------


def wire_instant(value: datetime | int) -> str:
    """An instant as sent: a datetime as ISO-8601 with its offset (to the millisecond when it
    has a fraction), an int of epoch milliseconds as its digits."""
    if isinstance(value, datetime):
        timespec = "milliseconds" if value.microsecond else "seconds"
        return value.isoformat(timespec=timespec)
    return str(value)


def query_parameters(query: MetricQuery) -> tuple[tuple[str, str], ...]:
    """The query string of ``query``, in the reference's order (``limit``, ``orderBy``,
    ``period``, then the range), followed by ``extra_query``; unset parameters are left out.

    Raises:
        InvalidInputError: if ``extra_query`` repeats a parameter that is also given.
    """
    modelled: list[tuple[str, str | None]] = [
        ("limit", None if query.limit is None else str(query.limit)),
        ("orderBy", None if query.order is None else f"dateTime:{query.order.value}"),
        ("period", None if query.period is None else query.period.value),
        (SINCE_PARAMETER, None if query.since is None else wire_instant(query.since)),
        (UNTIL_PARAMETER, None if query.until is None else wire_instant(query.until)),
    ]
    sent = [(name, value) for name, value in modelled if value is not None]
    clashes = {name for name, _ in sent} & set(query.extra_query)
    if clashes:
        raise InvalidInputError(
            "extra_query", f"sets {', '.join(sorted(clashes))}, already given as an argument"
        )
    return (*sent, *query.extra_query.items())


def build_metric_request(operation: str, path: str, query: MetricQuery) -> RequestSpec:
    """The ``GET`` of one metric series; safe to repeat, so every transient failure is
    retried."""
    return RequestSpec(
        operation=operation,
        method="GET",
        path=path,
        query=query_parameters(query),
        headers=_ACCEPT_JSON,
        idempotent=True,
    )


# -- the answer ------------------------------------------------------------------------------


def _wire_integer(field: str, raw: Any) -> int:
    """An integer sent as a JSON number or as a string of digits (as Oracle documents)."""
    kind = type(raw)
    if kind is int or (kind is float and raw.is_integer()):  # exact types: bool is refused
        return int(raw)
    if kind is str and (
        (raw.isascii() and raw.isdigit() and len(raw) <= 40)  # the usual case, no regex
        or _INTEGER.fullmatch(raw.strip())
    ):
        return int(raw)
    raise ValueError(f"{field} must be an integer or a string of digits, got {raw!r:.40}")


def _structure_date_time(raw: Any) -> datetime:
    milliseconds = _wire_integer("dateTime", raw)
    if not -MAX_EPOCH_MS <= milliseconds <= MAX_EPOCH_MS:
        raise ValueError(f"dateTime {milliseconds} is out of range")
    return from_epoch_ms(milliseconds)


def _unstructure_date_time(value: datetime) -> str:
    return str(epoch_ms(value))


ORACLE_CONVERTER: LazyConverter = make_converter(
    wire_name=camel_case,
    structure_datetime=_structure_date_time,
    unstructure_datetime=_unstructure_date_time,
)
"""The converter of Oracle's convention: camelCase names, instants as epoch-millisecond
strings (or numbers), strict scalars."""


def _structure_point(raw: Any, _: Any) -> DateTimeValue:
    # Written out rather than generated by cattrs: a series is mostly points, and this one
    # function per point took the Oracle call from 1.75x to ~1.4x the floor's CPU.
    if type(raw) is not dict:
        raise TypeError(f"a series item must be an object, got {type(raw).__name__}")
    as_string = raw.get("dateTimeAsString", "")
    if type(as_string) is not str:
        raise TypeError(f"dateTimeAsString: expected str, got {type(as_string).__name__}")
    return DateTimeValue(
        date_time=_structure_date_time(raw["dateTime"]),
        value=_wire_integer("value", raw["value"]),
        date_time_as_string=as_string,
    )


ORACLE_CONVERTER.register_structure_hook(DateTimeValue, _structure_point)


def _readable_links(raw: Any) -> list[dict[str, str]]:
    """The links worth reading: a malformed link never fails a call for its series."""
    if not isinstance(raw, list):
        return []
    return [
        {"rel": link["rel"], "href": link["href"]}
        for link in raw
        if isinstance(link, Mapping)
        and isinstance(link.get("rel"), str)
        and isinstance(link.get("href"), str)
    ]


def parse_series(operation: str, body: bytes) -> MetricSeries:
    """Read a successful ``DateTimeValueList`` answer.

    Raises:
        MalformedResponseError: if the body is not a JSON object (retried: it may have been cut).
        SeriesFormatError: if it is JSON but not a readable series (not retried).
    """
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        raise MalformedResponseError(
            f"{operation}: the answer is not valid JSON ({len(body)} bytes)",
            status_code=200,
            service=SERVICE,
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise SeriesFormatError(
            f"{operation}: expected an object with a list of items",
            status_code=200,
            service=SERVICE,
        )
    try:
        return structure_answer(
            ORACLE_CONVERTER,
            {"items": data["items"], "links": _readable_links(data.get("links"))},
            MetricSeries,
            status=200,
            service=SERVICE,
            operation=operation,
        )
    except MalformedResponseError as exc:
        raise SeriesFormatError(exc.message, status_code=200, service=SERVICE) from None


def dispatched_metric_path(app_id: str | None, integration_id: str | None) -> str:
    """The dispatched-message count's path: of an integration (both ids), of an application
    (``app_id``), or of the whole instance (neither)."""
    metric = AppMetric.DISPATCHED_MESSAGE_COUNT
    if integration_id is not None:
        if app_id is None:
            raise InvalidInputError("app_id", "is required with integration_id")
        return integration_metric_path(app_id, integration_id, metric)
    if app_id is not None:
        return app_metric_path(app_id, metric)
    return instance_metric_path(InstanceMetric.DISPATCHED_MESSAGE_COUNT)
