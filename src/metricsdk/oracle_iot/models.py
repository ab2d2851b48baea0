"""Oracle IoT monitoring-metric models: the metric names, the query, and the series that comes
back.

Plain data: validation happens at construction (raising `InvalidInputError` before anything is
sent); the wire names and the query string live in :mod:`metricsdk.oracle_iot.operations`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time, timedelta, timezone
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from metricsdk._core.converters import EPOCH, as_utc
from metricsdk._core.enums import WireEnum
from metricsdk._core.validation import utc_or_invalid
from metricsdk.errors import InvalidInputError

if TYPE_CHECKING:  # the row type lives with the code that makes it
    from metricsdk.oracle_iot.rows import SeriesRow

__all__ = [
    "MAX_EPOCH_MS",
    "AppMetric",
    "DateTimeValue",
    "Instant",
    "InstanceMetric",
    "Link",
    "MetricQuery",
    "MetricSeries",
    "Period",
    "SortOrder",
    "epoch_ms",
    "from_epoch_ms",
]

_E = TypeVar("_E", bound=WireEnum)

MAX_EPOCH_MS = 253_402_300_799_999
"""The last millisecond of the year 9999: the largest epoch-millisecond instant accepted."""


class Period(WireEnum):
    """The spacing of a series' points (``period``); the service's default is hourly.

    Without a range, hourly covers the last 24 hours, daily the last 30 days and monthly the
    last 12 months. A daily point is stamped early the *next* day, a monthly one early the next
    month.
    """

    HOURLY = "Hourly"
    DAILY = "Daily"
    MONTHLY = "Monthly"


class SortOrder(WireEnum):
    """The order of a series' points, sent as ``orderBy=dateTime:asc|desc``; the service's
    default is ascending (oldest first)."""

    ASC = "asc"
    DESC = "desc"


class AppMetric(WireEnum):
    """Metrics of one application, under ``/iot/api/v2/apps/{app_id}/monitoring/metrics/``.

    `OracleIoTClient.get_app_metric` also takes any other relative metric path as a string.
    """

    OUTBOUND_MESSAGE_DATA_VOLUME = "dataVolume/messages/outbound"
    INBOUND_MESSAGE_VOLUME = "messageVolume/inbound"
    DISPATCHED_MESSAGE_COUNT = "dispatchedMessageCount"


class InstanceMetric(WireEnum):
    """Instance-wide metrics, under ``/iot/api/v2/monitoring/metrics/``.

    `OracleIoTClient.get_instance_metric` also takes any other relative metric path as a string.
    """

    AVAILABILITY = "availability"
    REGISTERED_DEVICE_COUNT = "registeredDeviceCount"
    ONLINE_DEVICE_COUNT = "onlineDeviceCount"
    PROCESSED_MESSAGE_COUNT = "processedMessageCount"
    DISPATCHED_MESSAGE_COUNT = "dispatchedMessageCount"
    DISPATCH_FAILED_DROP_COUNT = "dispatchFailedMessageCount/dropCount"
    DISPATCH_FAILED_NOT_FOUND_COUNT = "dispatchFailedMessageCount/notFoundCount"
    DISPATCH_FAILED_AUTHORIZATION_FAILURE_COUNT = (
        "dispatchFailedMessageCount/authorizationFailureCount"
    )
    DISPATCH_FAILED_BAD_REQUEST_COUNT = "dispatchFailedMessageCount/badRequestCount"


Instant = datetime | date | int
"""A point in time: a ``datetime`` (naive means UTC), a ``date`` (midnight UTC) or an ``int`` of
epoch milliseconds."""


def _lenient_member(field: str, enum_cls: type[_E], value: Any) -> _E | None:
    """The member for a member, its wire value or its name, in any letter case (the service
    reads ``period`` case-insensitively); ``None`` stays ``None``."""
    if value is None or isinstance(value, enum_cls):
        return value
    if isinstance(value, str):
        wanted = value.strip().lower()
        for member in enum_cls:
            if wanted in (member.value.lower(), member.name.lower()):
                return member
    allowed = ", ".join(member.value for member in enum_cls)
    raise InvalidInputError(field, f"must be one of {allowed}; got {value!r:.40}")


def _period(value: Any) -> Period | None:
    return _lenient_member("period", Period, value)


def _order(value: Any) -> SortOrder | None:
    return _lenient_member("order", SortOrder, value)


def _limit(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidInputError("limit", f"must be a positive integer, got {value!r:.40}")
    return value


def _instant(field: str, value: Any) -> datetime | int | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        # Sent with its own offset, but it must still name an instant UTC can hold: the
        # range check compares both ends in UTC.
        utc = utc_or_invalid(field, value)
        return value if value.utcoffset() is not None else utc
    if isinstance(value, date):
        return datetime.combine(value, time(), tzinfo=timezone.utc)
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInputError(
            field,
            "must be a datetime or an int of epoch milliseconds (or a date), "
            f"got {type(value).__name__}",
        )
    if not 0 <= value <= MAX_EPOCH_MS:
        raise InvalidInputError(field, f"epoch milliseconds must be 0 to {MAX_EPOCH_MS}")
    return value


def _since(value: Any) -> datetime | int | None:
    return _instant("since", value)


def _until(value: Any) -> datetime | int | None:
    return _instant("until", value)


def _extra_query(value: Any) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, Mapping) or not all(
        isinstance(k, str) and k and isinstance(v, str) for k, v in value.items()
    ):
        raise InvalidInputError("extra_query", "must map non-empty names to string values")
    return dict(value)


def epoch_ms(value: datetime | int) -> int:
    """Milliseconds since the epoch of a datetime (naive means UTC), or an int already so."""
    if isinstance(value, datetime):
        return (as_utc(value) - EPOCH) // timedelta(milliseconds=1)
    return value


def from_epoch_ms(milliseconds: int) -> datetime:
    """A timezone-aware UTC datetime from epoch milliseconds (exact; no float rounding)."""
    # timedelta(days, seconds, microseconds, milliseconds): passed by position, which runs for
    # every point of every series noticeably faster than the keyword.
    return EPOCH + timedelta(0, 0, 0, milliseconds)


@attrs.frozen(kw_only=True)
class MetricQuery:
    """The optional query every monitoring-metric call takes.

    Whatever is left ``None`` (or empty) is not sent, so the service's defaults apply: hourly
    points over the last 24 hours, oldest first.

    Attributes:
        period: `Period`, or its wire string or name in any case (``"Daily"``, ``"daily"``).
        limit: how many points, counted in periods, ending at the end of the range.
        order: `SortOrder`, or ``"asc"``/``"desc"``.
        since: the start of the range: a datetime (sent as ISO-8601 with its offset; a naive
            one is taken as UTC), a date (midnight UTC) or an int of epoch milliseconds (sent
            as is).
        until: the end of the range, in the same forms; after ``since`` when both are given.
        extra_query: raw query parameters, sent after the modelled ones, for anything the SDK
            does not model; a name may not repeat a modelled parameter that is also given.
    """

    period: Period | None = attrs.field(default=None, converter=_period)
    limit: int | None = attrs.field(default=None, converter=_limit)
    order: SortOrder | None = attrs.field(default=None, converter=_order)
    since: datetime | int | None = attrs.field(default=None, converter=_since)
    until: datetime | int | None = attrs.field(default=None, converter=_until)
    extra_query: dict[str, str] = attrs.field(factory=dict, converter=_extra_query, hash=False)

    def __attrs_post_init__(self) -> None:
        since, until = self.since, self.until
        if since is not None and until is not None and not epoch_ms(since) < epoch_ms(until):
            raise InvalidInputError("since", "must be before until")


@attrs.frozen(kw_only=True)
class DateTimeValue:
    """One point of a series (the service's ``DateTimeValue``).

    Attributes:
        date_time: when, as a timezone-aware UTC datetime (read from the wire's epoch
            milliseconds, ``dateTime``).
        date_time_as_string: the same instant as the service wrote it (``dateTimeAsString``,
            e.g. ``"2016-07-18T10:38:17Z"``); empty if the service left it out.
        value: the measurement: bytes, messages or devices, depending on the metric.
    """

    date_time: datetime
    value: int
    date_time_as_string: str = ""


@attrs.frozen(kw_only=True)
class Link:
    """A resource related to a series.

    Attributes:
        rel: the relation, e.g. ``"self"`` or ``"canonical"``.
        href: its URL.
    """

    rel: str
    href: str


@attrs.frozen(kw_only=True)
class MetricSeries:
    """A monitoring metric as a time series (the service's ``DateTimeValueList``).

    Attributes:
        items: the points, in the order asked for (oldest first by default).
        links: related resources; entries the SDK cannot read are left out.
    """

    items: list[DateTimeValue]
    links: list[Link] = attrs.field(factory=list)

    def as_pairs(self) -> list[tuple[datetime, int]]:
        """The points as ``(datetime, value)`` pairs, in the series' order."""
        return [(item.date_time, item.value) for item in self.items]

    def to_rows(self) -> list[SeriesRow]:
        """The points as `SeriesRow`s (``timestamp, value``), in the series' order."""
        from metricsdk.oracle_iot import rows  # the row helpers import this module

        return rows.series_rows(self)

    def to_pandas(self) -> Any:
        """The points as a ``pandas.DataFrame`` with the columns ``timestamp``
        (``datetime64[us, UTC]``) and ``value`` (``int64``), in the series' order.

        For a ``pandas.Series`` indexed by time: ``series.to_pandas().set_index("timestamp")``
        then ``["value"]``. pandas is optional: metricsdk imports it only here.

        Raises:
            ImportError: if pandas is not installed (``pip install 'metricsdk[pandas]'``).
        """
        from metricsdk.oracle_iot import rows

        return rows.series_frame(self, "pandas")

    def to_polars(self) -> Any:
        """The points as a ``polars.DataFrame``: ``timestamp`` (``Datetime("us", "UTC")``) and
        ``value`` (``Int64``).

        Raises:
            ImportError: if polars is not installed (``pip install 'metricsdk[polars]'``).
        """
        from metricsdk.oracle_iot import rows

        return rows.series_frame(self, "polars")

    def to_arrow(self) -> Any:
        """The points as a ``pyarrow.Table``: ``timestamp`` (``timestamp[us, tz=UTC]``) and
        ``value`` (``int64``), neither nullable.

        Raises:
            ImportError: if pyarrow is not installed (``pip install 'metricsdk[arrow]'``).
        """
        from metricsdk.oracle_iot import rows

        return rows.series_frame(self, "arrow")
