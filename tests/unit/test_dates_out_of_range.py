"""Regression (reliability item 7): a datetime whose offset moves it out of the years 1 to 9999
once in UTC (``0001-01-01T00:00+05:00``, ``9999-12-31T23:00-05:00``) raised ``OverflowError``.
At every place a user passes a date or datetime it is now `InvalidInputError` naming the field,
raised before anything is sent; the last representable instants, and every ``date``, still work.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from typing import Any

import httpx
import pytest

from metricsdk import AwsCredentials
from metricsdk._core.converters import as_utc
from metricsdk.blendvision import Interval, ReportFilter
from metricsdk.errors import InvalidInputError
from metricsdk.mailmanager import (
    AsyncMailManagerClient,
    ExportDestinationConfiguration,
    MailManagerClient,
    StartArchiveExportRequest,
)
from metricsdk.oracle_iot import AsyncOracleIoTClient, MetricQuery, OracleIoTClient
from metricsdk.sesv2 import BatchGetMetricDataQuery

EAST = timezone(timedelta(hours=5))
WEST = timezone(timedelta(hours=-5))
TOO_EARLY = datetime(1, 1, 1, tzinfo=EAST)  # 0000-12-31T19:00Z
TOO_LATE = datetime(9999, 12, 31, 23, tzinfo=WEST)  # 10000-01-01T04:00Z
FIRST = datetime(1, 1, 1, 5, tzinfo=EAST)  # 0001-01-01T00:00Z, the first UTC instant
LAST = datetime(9999, 12, 31, 18, 59, 59, 999_999, tzinfo=WEST)  # the last UTC instant
MIDDLE = datetime(2026, 1, 1, tzinfo=timezone.utc)
KEY = AwsCredentials("AKIDRANGE00000000000", "range-secret")
S3 = ExportDestinationConfiguration.to_s3("s3://bucket/x/")

# Each place a user hands the SDK a date or datetime: (field, build with that field set).
PLACES: dict[str, tuple[str, Callable[[Any], object]]] = {
    "ses start_date": (
        "start_date",
        lambda v: BatchGetMetricDataQuery(id="q", metric="SEND", start_date=v, end_date=MIDDLE),
    ),
    "ses end_date": (
        "end_date",
        lambda v: BatchGetMetricDataQuery(id="q", metric="SEND", start_date=MIDDLE, end_date=v),
    ),
    "mailmanager from_timestamp": (
        "from_timestamp",
        lambda v: StartArchiveExportRequest(
            archive_id="a-x",
            from_timestamp=v,
            to_timestamp=MIDDLE,
            export_destination_configuration=S3,
        ),
    ),
    "mailmanager to_timestamp": (
        "to_timestamp",
        lambda v: StartArchiveExportRequest(
            archive_id="a-x",
            from_timestamp=MIDDLE,
            to_timestamp=v,
            export_destination_configuration=S3,
        ),
    ),
    "blendvision filter start_time": (
        "start_time",
        lambda v: ReportFilter(start_time=v, end_time=MIDDLE),
    ),
    "blendvision filter end_time": (
        "end_time",
        lambda v: ReportFilter(start_time=MIDDLE, end_time=v),
    ),
    "blendvision interval start_time": (
        "start_time",
        lambda v: Interval(start_time=v, end_time=MIDDLE),
    ),
    "blendvision interval end_time": (
        "end_time",
        lambda v: Interval(start_time=MIDDLE, end_time=v),
    ),
    "oracle since": ("since", lambda v: MetricQuery(since=v)),
    "oracle until": ("until", lambda v: MetricQuery(until=v)),
    "oracle since with until": ("since", lambda v: MetricQuery(since=v, until=MIDDLE)),
    "oracle until with since": ("until", lambda v: MetricQuery(since=MIDDLE, until=v)),
}


@pytest.mark.parametrize("value", [TOO_EARLY, TOO_LATE], ids=["too-early", "too-late"])
@pytest.mark.parametrize("place", sorted(PLACES))
def test_out_of_range_is_invalid_input_naming_the_field(place: str, value: datetime) -> None:
    field, build = PLACES[place]
    with pytest.raises(InvalidInputError) as caught:
        build(value)
    assert caught.value.field == field
    assert "0001-01-01 and 9999-12-31" in caught.value.rule


@pytest.mark.parametrize("place", sorted(PLACES))
def test_the_edges_of_the_range_are_accepted(place: str) -> None:
    field, build = PLACES[place]
    # The first instants for a start, the last for an end: valid whatever the other end is.
    starts = field in ("start_date", "from_timestamp", "start_time", "since")
    for value in [FIRST, date(1, 1, 1)] if starts else [LAST, date(9999, 12, 31)]:
        build(value)


def test_as_utc_says_what_is_wrong() -> None:
    with pytest.raises(ValueError, match="outside the range of datetime once moved to UTC"):
        as_utc(TOO_LATE)
    assert as_utc(FIRST) == datetime(1, 1, 1, tzinfo=timezone.utc)


def _never_called(request: httpx.Request) -> httpx.Response:
    raise AssertionError("a request was sent")


# Client methods that take a date or datetime themselves (the others take models built above).
CLIENT_CALLS: dict[str, tuple[str, Callable[[Any, Any], Any]]] = {
    "mailmanager start_archive_export": (
        "from_timestamp",
        lambda c, v: c.start_archive_export(
            archive_id="a-x",
            from_timestamp=v,
            to_timestamp=MIDDLE,
            export_destination_configuration=S3,
        ),
    ),
    "oracle get_outbound_message_data_volume": (
        "until",
        lambda c, v: c.get_outbound_message_data_volume(app_id="a1", until=v),
    ),
    "oracle get_instance_metric": (
        "since",
        lambda c, v: c.get_instance_metric(metric="availability", since=v),
    ),
}


def _client(name: str, kind: str) -> Any:
    sync = kind == "sync"
    http = (httpx.Client if sync else httpx.AsyncClient)(
        transport=httpx.MockTransport(_never_called)
    )
    if name.startswith("mailmanager"):
        cls: Any = MailManagerClient if sync else AsyncMailManagerClient
        return cls(region="us-east-1", credentials=KEY, http_client=http)
    cls = OracleIoTClient if sync else AsyncOracleIoTClient
    return cls(base_url="https://iot.example.com", username="u", password="p", http_client=http)


@pytest.mark.parametrize("kind", ["sync", "async"])
@pytest.mark.parametrize("value", [TOO_EARLY, TOO_LATE], ids=["too-early", "too-late"])
@pytest.mark.parametrize("name", sorted(CLIENT_CALLS))
def test_client_methods_refuse_before_sending(name: str, value: datetime, kind: str) -> None:
    field, call = CLIENT_CALLS[name]
    client = _client(name, kind)

    async def run() -> None:
        try:
            result = call(client, value)
            if asyncio.iscoroutine(result):
                await result
        finally:
            closing = client.close() if kind == "sync" else client.aclose()
            if asyncio.iscoroutine(closing):
                await closing

    with pytest.raises(InvalidInputError) as caught:
        asyncio.run(run())
    assert caught.value.field == field
