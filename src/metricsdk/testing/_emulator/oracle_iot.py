"""Emulated Oracle IoT Cloud Service monitoring metrics (REST API v2)."""

from __future__ import annotations

import base64
import hashlib
import re
from datetime import datetime, timezone
from typing import Any
from urllib.parse import unquote

from metricsdk.testing._emulator.limits import CallerWindows, PerCallerLimit
from metricsdk.testing._emulator.service import Refusal
from metricsdk.testing._emulator.wire import Answer, Incoming, json_answer

__all__ = ["OracleIoTService"]

APP_METRIC = re.compile(r"/iot/api/v2/apps/([^/]+)/monitoring/metrics/(.+)")
INTEGRATION_METRIC = re.compile(
    r"/iot/api/v2/apps/([^/]+)/integrations/([^/]+)/monitoring/metrics/(dispatchedMessageCount)"
)
INSTANCE_METRIC = re.compile(r"/iot/api/v2/monitoring/metrics/(.+)")
APP_METRICS = frozenset(
    {
        "dataVolume/messages/outbound",
        "dataVolume/messages/inbound",
        "messageVolume/inbound",
        "messageVolume/outbound",
        "dispatchedMessageCount",
    }
)
SAFE_METRIC = re.compile(r"[A-Za-z0-9]+(/[A-Za-z0-9]+)*")
PERIODS = {"hourly": 3_600, "daily": 86_400, "monthly": 0}
DEFAULT_POINTS = {"hourly": 24, "daily": 30, "monthly": 12}
MAX_POINTS = 1_000
# A day's (or month's) point is stamped early the next day (month), as the docs describe.
STAMP_OFFSET = 300


def oracle_error(status: int, title: str, detail: str) -> Answer:
    """An error in Oracle's REST error shape."""
    return json_answer(
        status,
        {
            "type": "about:blank",
            "title": title,
            "status": status,
            "detail": detail,
            "o:errorCode": f"IOT-{status}",
        },
    )


class OracleIoTService(PerCallerLimit):
    """Monitoring metric series per app, per integration and instance-wide."""

    name = "oracle_iot"

    def __init__(
        self,
        *,
        username: str,
        password: str,
        token: str,
        calls_per_second: int | None,
        wall_clock: Any,
    ) -> None:
        self._basic = "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()
        self._bearer = f"Bearer {token}"
        self._username = username
        self._windows = CallerWindows(calls_per_second)
        self._wall = wall_clock

    def route(self, request: Incoming) -> str | None:
        if request.method != "GET":
            return None
        path = request.raw_path
        for pattern in (INTEGRATION_METRIC, APP_METRIC, INSTANCE_METRIC):
            match = pattern.fullmatch(path)
            if match:
                return match.groups()[-1]
        return None

    def authenticate(self, request: Incoming) -> str:
        given = request.headers.get("authorization", "")
        if given == self._basic:
            return self._username
        if given == self._bearer:
            return "token"
        raise Refusal(oracle_error(401, "Unauthorized", "Not authenticated"))

    def throttled(self, retry_after: float | None) -> Answer:
        answer = oracle_error(429, "Too Many Requests", "Request rate exceeded")
        wait = 1.0 if retry_after is None else retry_after
        return Answer(answer.status, (*answer.headers, ("retry-after", f"{wait:g}")), answer.body)

    def failure(self, status: int, retry_after: float | None) -> Answer:
        answer = oracle_error(status, "Server Error", "The server failed")
        if retry_after is None:
            return answer
        return Answer(status, (*answer.headers, ("retry-after", f"{retry_after:g}")), answer.body)

    def handle(self, request: Incoming, operation: str, identity: str, now: float) -> Answer:
        if "application/json" not in request.headers.get("accept", ""):
            raise Refusal(oracle_error(406, "Not Acceptable", "Accept must be application/json"))
        app_id = self._check_metric(request, operation)
        query = request.query()
        period = query.get("period", "Hourly").lower()
        if period not in PERIODS:
            raise _bad(f"period must be Hourly, Daily or Monthly, not {query.get('period')!r}")
        order = query.get("orderBy", "dateTime:asc")
        if order not in ("dateTime:asc", "dateTime:desc"):
            raise _bad("orderBy must be dateTime:asc or dateTime:desc")
        until = _instant(query.get("until"), "until") if "until" in query else self._wall()
        since = _instant(query.get("since"), "since") if "since" in query else None
        limit = _limit(query.get("limit"))
        stamps = _stamps(period, until, since, limit)
        if order == "dateTime:desc":
            stamps.reverse()
        link = f"http://{request.host}{request.raw_path}"
        items = [_item(app_id, operation, stamp) for stamp in stamps]
        return json_answer(
            200,
            {
                "items": items,
                "links": [{"rel": "canonical", "href": link}, {"rel": "self", "href": link}],
            },
        )

    def _check_metric(self, request: Incoming, operation: str) -> str:
        app = APP_METRIC.fullmatch(request.raw_path)
        if INTEGRATION_METRIC.fullmatch(request.raw_path) is None and app is not None:
            if operation not in APP_METRICS:
                raise Refusal(oracle_error(404, "Not Found", f"Unknown metric {operation}"))
            return unquote(app.group(1))
        if not SAFE_METRIC.fullmatch(operation):
            raise Refusal(oracle_error(404, "Not Found", f"Unknown metric {operation}"))
        integration = INTEGRATION_METRIC.fullmatch(request.raw_path)
        return unquote(integration.group(1)) if integration else ""


def _bad(detail: str) -> Refusal:
    return Refusal(oracle_error(400, "Bad Request", detail))


def _instant(value: str | None, name: str) -> float:
    text = (value or "").strip()
    if text.isdigit():
        number = int(text)
        return number / 1000 if number > 10**11 else float(number)
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise _bad(f"{name} must be ISO-8601 or an epoch value") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed.timestamp()


def _limit(value: str | None) -> int | None:
    if value is None:
        return None
    if not value.isdigit() or int(value) < 1:
        raise _bad("limit must be a positive integer")
    return min(int(value), MAX_POINTS)


def _month_starts(until: float, count: int) -> list[float]:
    moment = datetime.fromtimestamp(until, tz=timezone.utc)
    year, month = moment.year, moment.month
    starts = []
    for _ in range(count):
        starts.append(datetime(year, month, 1, tzinfo=timezone.utc).timestamp())
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return starts


def _stamps(period: str, until: float, since: float | None, limit: int | None) -> list[float]:
    count = limit or (MAX_POINTS if since is not None else DEFAULT_POINTS[period])
    step = PERIODS[period]
    if period == "hourly":
        latest = until // step * step
        stamps = [latest - k * step for k in range(count)]
    elif period == "daily":
        latest = until // step * step + STAMP_OFFSET
        latest = latest if latest <= until else latest - step
        stamps = [latest - k * step for k in range(count)]
    else:
        stamps = [start + STAMP_OFFSET for start in _month_starts(until, count)]
    if since is not None:
        stamps = [s for s in stamps if s >= since]
    return sorted(stamps)


def _draw(*parts: object) -> int:
    """A deterministic pseudo-random number from ``parts``."""
    text = "|".join(str(part) for part in parts)
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=4).digest(), "big")


def _value(app_id: str, metric: str, stamp: float) -> int:
    """The metric's value at ``stamp``: deterministic, and consistent across metrics — a
    fleet of registered devices of which a share (40 to 95 %) is online at any moment."""
    registered = 50_000 + _draw(app_id, "fleet") % 50_000 + _draw(app_id, int(stamp)) % 500
    if metric == "registeredDeviceCount":
        return registered
    if metric == "onlineDeviceCount":
        return registered * (40 + _draw(app_id, metric, int(stamp)) % 56) // 100
    return _draw(app_id, metric, int(stamp)) % 100_000


def _item(app_id: str, metric: str, stamp: float) -> dict[str, str]:
    value = _value(app_id, metric, stamp)
    moment = datetime.fromtimestamp(stamp, tz=timezone.utc)
    return {
        "dateTimeAsString": moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "dateTime": str(int(stamp * 1000)),
        "value": str(value),
    }
