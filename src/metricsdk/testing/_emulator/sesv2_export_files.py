"""What an emulated SES v2 export job's file holds, and the origin that serves it behind
pre-signed links (as S3 serves the real ones).

A metrics export holds one record per combination of its dimensions' values, metric and day:
the combination is exactly a ``BatchGetMetricData`` query's ``Dimensions``, and the value its
answer for that day (`sesv2_data`), so an export and the metrics API agree. ``VOLUME`` is that
value; ``RATE`` is it over ``SEND``'s for the same dimensions and day. An ``ExportMetric``
without ``Name`` exports nothing; one without ``Aggregation``, its volume.

A message insights export holds the emulated messages sent within the interval (both ends
included): four a day, each drawn from the account's addresses, three ISPs, three subjects, the
account's tenants and the delivery and engagement events, filtered as
``Include`` and ``Exclude`` say (filters joined by AND, the values of one by OR; addresses and
subjects match exactly or by a ``*`` at either end, ``\\*`` and ``\\\\`` being literal), at most
``MaxResults`` (1000 by default).

CSV files have a header row; JSON files are one array of objects.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import itertools
import json
import threading
import uuid
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime, timezone
from typing import Any, TypeVar

from metricsdk.testing._emulator.sesv2_data import (
    DAY,
    MAX_POINTS,
    daily_points,
    fraction,
    metric_rate,
    metric_value,
)
from metricsdk.testing._emulator.wire import Answer, Incoming

__all__ = [
    "MAX_RECORDS",
    "ExportFileOrigin",
    "insights_records",
    "metrics_record_count",
    "metrics_records",
    "render",
]

T = TypeVar("T")

MAX_RECORDS = 100_000
"""The most records an emulated export holds; a metrics export asking for more fails."""
MESSAGES_PER_DAY = 4
ISPS = (("Gmail", "gmail.com"), ("Yahoo", "yahoo.com"), ("Outlook", "outlook.com"))
SUBJECTS = ("Your invoice", "Weekly news", "Password reset")
DELIVERY_EVENTS = ("DELIVERY", "DELIVERY", "PERMANENT_BOUNCE", "COMPLAINT", "TRANSIENT_BOUNCE")
ENGAGEMENT_EVENTS = ("OPEN", "CLICK", None)
METRIC_COLUMNS = ("metric", "aggregation", "value")
MESSAGE_COLUMNS = (
    "message_id",
    "send_timestamp",
    "from_email_address",
    "destination",
    "subject",
    "isp",
    "tenant_name",
    "last_delivery_event",
    "last_engagement_event",
)


def _iso(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


# -- metrics ---------------------------------------------------------------------------------


def metrics_record_count(source: dict[str, Any]) -> int:
    """How many records a (checked) ``MetricsDataSource`` exports."""
    combinations = 1
    for values in source["Dimensions"].values():
        combinations *= len(values)
    named = sum(1 for metric in source["Metrics"] if metric.get("Name"))
    return combinations * named * len(daily_points(source["StartDate"], source["EndDate"]))


def metrics_records(source: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The records of a (checked) ``MetricsDataSource``, in the order of its dimensions, values,
    metrics and days."""
    names = list(source["Dimensions"])
    days = daily_points(source["StartDate"], source["EndDate"])
    for combination in itertools.product(*(source["Dimensions"][n] for n in names)):
        dimensions = dict(zip(names, combination, strict=True))
        for metric in source["Metrics"]:
            name = metric.get("Name")
            if not name:
                continue
            aggregation = metric.get("Aggregation") or "VOLUME"
            value = metric_rate if aggregation == "RATE" else metric_value
            for day in days:
                yield {
                    "timestamp": _iso(day),
                    "dimensions": dimensions,
                    "metric": name,
                    "aggregation": aggregation,
                    "value": value(name, dimensions, day),
                }


# -- message insights ---------------------------------------------------------------------------


def _pattern_matches(pattern: str, text: str) -> bool:
    """The documented match: exact, or by an unescaped ``*`` at the start (suffix), the end
    (prefix) or both (contains)."""
    leading = pattern.startswith("*")
    core = pattern[1:] if leading else pattern
    trailing = core.endswith("*") and not core.endswith("\\*")
    core = core[:-1] if trailing else core
    literal = core.replace("\\*", "*").replace("\\\\", "\\")
    if leading and trailing:
        return literal in text
    if leading:
        return text.endswith(literal)
    if trailing:
        return text.startswith(literal)
    return text == literal


_PATTERN_FILTERS = {
    "FromEmailAddress": "from_email_address",
    "Destination": "destination",
    "Subject": "subject",
}
_EXACT_FILTERS = {
    "Isp": "isp",
    "TenantName": "tenant_name",
    "LastDeliveryEvent": "last_delivery_event",
    "LastEngagementEvent": "last_engagement_event",
}


def _matches(filters: dict[str, Any], message: dict[str, Any]) -> bool:
    """Whether ``message`` passes every filter given (an empty list asks nothing)."""
    for member, column in _PATTERN_FILTERS.items():
        wanted = filters.get(member) or []
        if wanted and not any(_pattern_matches(p, message[column]) for p in wanted):
            return False
    for member, column in _EXACT_FILTERS.items():
        wanted = filters.get(member) or []
        if wanted and message[column] not in wanted:
            return False
    return True


def _asks_something(filters: dict[str, Any] | None) -> bool:
    """Whether ``filters`` names any value: an ``Exclude`` that names none excludes nothing."""
    members = (*_PATTERN_FILTERS, *_EXACT_FILTERS)
    return filters is not None and any(filters.get(member) for member in members)


def _messages(
    start: float, end: float, senders: Sequence[str], tenants: Sequence[str]
) -> Iterator[dict[str, Any]]:
    first_day = int(start) // DAY * DAY
    for day in range(first_day, int(end) + 1, DAY)[:MAX_POINTS]:
        for n in range(MESSAGES_PER_DAY):
            sent = day + (6 * n + 1) * 3600
            if not start <= sent <= end:
                continue
            message_id = hashlib.blake2b(f"{day}:{n}".encode(), digest_size=8).hexdigest()
            isp, domain = _pick(ISPS, message_id, "isp")
            yield {
                "message_id": message_id,
                "send_timestamp": _iso(sent),
                "from_email_address": _pick(senders, message_id, "from"),
                "destination": f"user{int(fraction('to', message_id) * 97)}@{domain}",
                "subject": _pick(SUBJECTS, message_id, "subject"),
                "isp": isp,
                "tenant_name": _pick(tenants, message_id, "tenant") if tenants else "",
                "last_delivery_event": _pick(DELIVERY_EVENTS, message_id, "delivery"),
                "last_engagement_event": _pick(ENGAGEMENT_EVENTS, message_id, "engagement"),
            }


def _pick(options: Sequence[T], message_id: str, field: str) -> T:
    """One of ``options`` for a message's ``field``: deterministic, and drawn apart from the
    message's other fields."""
    return options[int(fraction(field, message_id) * len(options))]


def insights_records(
    source: dict[str, Any], senders: Sequence[str], tenants: Sequence[str]
) -> list[dict[str, Any]]:
    """The messages a (checked) ``MessageInsightsDataSource`` exports."""
    include, exclude = source.get("Include") or {}, source.get("Exclude")
    limit = source.get("MaxResults") or 1000
    chosen = []
    for message in _messages(source["StartDate"], source["EndDate"], senders, tenants):
        if not _matches(include, message):
            continue
        if _asks_something(exclude) and _matches(exclude or {}, message):
            continue
        chosen.append(message)
        if len(chosen) == limit:
            break
    return chosen


# -- files ---------------------------------------------------------------------------------


def render(records: Sequence[dict[str, Any]], data_format: str) -> tuple[bytes, str]:
    """The file's bytes and content type. Metrics records spread their dimensions into one
    column each (named as the dimension) in CSV."""
    if data_format == "JSON":
        return json.dumps(list(records), separators=(",", ":")).encode(), "application/json"
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if records and "dimensions" in records[0]:
        dimension_names = list(records[0]["dimensions"])
        writer.writerow(["timestamp", *dimension_names, *METRIC_COLUMNS])
        for r in records:
            writer.writerow(
                [r["timestamp"], *r["dimensions"].values(), *(r[c] for c in METRIC_COLUMNS)]
            )
    else:
        writer.writerow(MESSAGE_COLUMNS)
        for r in records:
            writer.writerow(["" if r[c] is None else r[c] for c in MESSAGE_COLUMNS])
    return out.getvalue().encode(), "text/csv"


class ExportFileOrigin:
    """The export files, on another origin than the API, behind expiring pre-signed links.

    As S3 does, it refuses a request that also carries AWS credentials (``Authorization`` or
    ``X-Amz-Security-Token``), a link whose signature does not match, and one past its expiry.
    """

    PREFIX = "/ses-exports/"

    def __init__(self, *, link_ttl: float, wall_clock: Callable[[], float]) -> None:
        self.base_url = "http://downloads.emulator.invalid"
        self.link_ttl = link_ttl
        self._wall = wall_clock
        self._key = uuid.uuid4().bytes
        self._files: dict[str, tuple[bytes, str]] = {}
        self._lock = threading.Lock()

    def publish(self, job_id: str, make: Callable[[], tuple[bytes, str]]) -> None:
        """Make a job's file available (once: its content never changes)."""
        with self._lock:
            if job_id in self._files:
                return
        made = make()
        with self._lock:
            self._files.setdefault(job_id, made)

    def _signature(self, job_id: str, issued: str, expires: str) -> str:
        message = f"{job_id}:{issued}:{expires}".encode()
        return hmac.new(self._key, message, hashlib.sha256).hexdigest()

    def signed_link(self, job_id: str, data_format: str) -> str:
        """A link to a published file, valid `link_ttl` seconds from now."""
        issued = datetime.fromtimestamp(self._wall(), tz=timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        expires = str(int(self.link_ttl))
        signature = self._signature(job_id, issued, expires)
        return (
            f"{self.base_url}{self.PREFIX}{job_id}/export.{data_format.lower()}"
            f"?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date={issued}"
            f"&X-Amz-Expires={expires}&X-Amz-Signature={signature}"
        )

    def handle(self, request: Incoming) -> Answer:
        """Serve a file, or refuse as S3 would."""
        if request.method != "GET" or not request.raw_path.startswith(self.PREFIX):
            return _s3_error(404, "NoSuchKey", "The specified key does not exist.")
        if "authorization" in request.headers or "x-amz-security-token" in request.headers:
            return _s3_error(400, "InvalidArgument", "Only one auth mechanism allowed")
        job_id = request.raw_path[len(self.PREFIX) :].split("/", 1)[0]
        query = request.query()
        issued, expires = query.get("X-Amz-Date", ""), query.get("X-Amz-Expires", "")
        wanted = self._signature(job_id, issued, expires)
        if not hmac.compare_digest(wanted, query.get("X-Amz-Signature", "")):
            return _s3_error(403, "SignatureDoesNotMatch", "The request signature is invalid")
        try:
            since = datetime.strptime(issued, "%Y%m%dT%H%M%SZ").replace(tzinfo=timezone.utc)
            expired = since.timestamp() + int(expires) < self._wall()
        except ValueError:
            expired = True
        if expired:
            return _s3_error(403, "AccessDenied", "Request has expired")
        with self._lock:
            found = self._files.get(job_id)
        if found is None:
            return _s3_error(404, "NoSuchKey", "The specified key does not exist.")
        body, content_type = found
        return Answer(200, (("content-type", content_type),), body)


def _s3_error(status: int, code: str, message: str) -> Answer:
    body = f"<Error><Code>{code}</Code><Message>{message}</Message></Error>".encode()
    return Answer(status, (("content-type", "application/xml"),), body)
