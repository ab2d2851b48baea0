"""Oracle IoT monitoring-metric models: the query, and the series that comes back."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any

import attrs

from metricsdk._core.converters import as_utc
from metricsdk._core.enums import WireEnum
from metricsdk._core.validation import known_member
from metricsdk.errors import InvalidInputError

__all__ = ["DateTimeValue", "Link", "MetricQuery", "MetricSeries", "Period", "SortOrder"]


class Period(WireEnum):
    """The spacing of a series' points (``period``); the service's default is hourly."""

    HOURLY = "Hourly"
    DAILY = "Daily"
    MONTHLY = "Monthly"


class SortOrder(WireEnum):
    """The order of a series' points (sent as ``orderBy=dateTime:asc|desc``)."""

    ASC = "asc"
    DESC = "desc"


Instant = datetime | int
"""A point in time: a datetime (naive means UTC) or an int of epoch milliseconds."""


def _period(value: Period | str | None) -> Period | None:
    return None if value is None else known_member("period", Period, value)


def _order(value: SortOrder | str | None) -> SortOrder | None:
    return None if value is None else known_member("order", SortOrder, value)


def _check_limit(_: object, attribute: attrs.Attribute[int | None], value: int | None) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidInputError("limit", "must be a positive integer")


def _check_instant(_: object, attribute: attrs.Attribute[Instant | None], value: Any) -> None:
    if value is None or isinstance(value, datetime):
        return
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidInputError(
            attribute.name, "must be a datetime or an int of epoch milliseconds (>= 0)"
        )


def _check_extra(_: object, attribute: attrs.Attribute[Any], value: Mapping[str, str]) -> None:
    if not isinstance(value, Mapping) or not all(
        isinstance(k, str) and k and isinstance(v, str) for k, v in value.items()
    ):
        raise InvalidInputError("extra_query", "must map non-empty names to string values")


def epoch_ms(value: Instant) -> int:
    """Milliseconds since the epoch of a datetime (naive means UTC) or an int already so."""
    if isinstance(value, datetime):
        return int(as_utc(value).timestamp() * 1000)
    return value


@attrs.frozen(kw_only=True)
class MetricQuery:
    """The optional query of every monitoring-metric call; what is left ``None`` is not sent,
    so the service's defaults apply (hourly, the last 24 hours, ascending).

    Attributes:
        period: `Period` or its wire string (``"Hourly"``, ``"Daily"``, ``"Monthly"``).
        limit: how many points, counted in periods, ending at the end of the range.
        order: `SortOrder` or ``"asc"``/``"desc"``.
        since: the start of the range: a datetime (sent as ISO-8601 with its offset; naive
            means UTC) or an int of epoch milliseconds.
        until: the end of the range, in the same forms.
        extra_query: raw query parameters for anything the SDK does not model.
    """

    period: Period | None = attrs.field(default=None, converter=_period)
    limit: int | None = attrs.field(default=None, validator=_check_limit)
    order: SortOrder | None = attrs.field(default=None, converter=_order)
    since: Instant | None = attrs.field(default=None, validator=_check_instant)
    until: Instant | None = attrs.field(default=None, validator=_check_instant)
    extra_query: Mapping[str, str] = attrs.field(factory=dict, validator=_check_extra)

    def __attrs_post_init__(self) -> None:
        since, until = self.since, self.until
        if since is not None and until is not None and not epoch_ms(since) < epoch_ms(until):
            raise InvalidInputError("since", "must be before until")


@attrs.frozen(kw_only=True)
class DateTimeValue:
    """One point of a series.

    Attributes:
        date_time: when, timezone-aware UTC (the wire's epoch milliseconds).
        date_time_as_string: the same instant as the service wrote it.
        value: the measurement (bytes, messages or devices, depending on the metric).
    """

    date_time: datetime
    date_time_as_string: str
    value: int


@attrs.frozen(kw_only=True)
class Link:
    """A related resource of a series.

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
        items: the points, in the order asked for.
        links: related resources.
    """

    items: list[DateTimeValue]
    links: list[Link] = attrs.field(factory=list)

    def as_pairs(self) -> list[tuple[datetime, int]]:
        """The points as ``(datetime, value)`` pairs."""
        return [(item.date_time, item.value) for item in self.items]

    def to_pandas(self) -> Any:
        """The points as a ``pandas.Series`` indexed by UTC time (needs pandas installed).

        Raises:
            ImportError: if pandas is not installed; metricsdk does not depend on it.
        """
        try:
            import pandas  # type: ignore[import-not-found,import-untyped,unused-ignore]
        except ImportError:
            raise ImportError(
                "MetricSeries.to_pandas needs pandas, which metricsdk does not install: "
                "pip install pandas"
            ) from None
        index = pandas.DatetimeIndex([item.date_time for item in self.items], name="date_time")
        return pandas.Series([item.value for item in self.items], index=index, name="value")


def from_epoch_ms(milliseconds: int) -> datetime:
    """A UTC datetime from epoch milliseconds."""
    return datetime.fromtimestamp(milliseconds / 1000, tz=timezone.utc)
