"""Oracle IoT models, pure: query validation, enum leniency, epoch-millisecond arithmetic and
the series helpers."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime, timedelta, timezone
from typing import Any

import pytest

from metricsdk.errors import InvalidInputError
from metricsdk.oracle_iot import (
    AppMetric,
    DateTimeValue,
    InstanceMetric,
    Link,
    MetricQuery,
    MetricSeries,
    Period,
    SortOrder,
)
from metricsdk.oracle_iot.models import MAX_EPOCH_MS, epoch_ms, from_epoch_ms

UTC = timezone.utc
PDT = timezone(timedelta(hours=-7))


def test_an_empty_query_sets_nothing() -> None:
    query = MetricQuery()
    assert (query.period, query.limit, query.order, query.since, query.until) == (None,) * 5
    assert query.extra_query == {}


@pytest.mark.parametrize("given", [Period.DAILY, "Daily", "daily", "DAILY", " Daily ", "dAiLy"])
def test_period_is_read_in_any_case(given: Any) -> None:
    assert MetricQuery(period=given).period is Period.DAILY


@pytest.mark.parametrize(("given", "expected"), [("asc", SortOrder.ASC), ("DESC", SortOrder.DESC)])
def test_order_is_read_in_any_case(given: str, expected: SortOrder) -> None:
    assert MetricQuery(order=given).order is expected


@pytest.mark.parametrize(
    ("kwargs", "field", "rule"),
    [
        ({"period": "Weekly"}, "period", "must be one of Hourly, Daily, Monthly"),
        ({"period": 1}, "period", "must be one of Hourly, Daily, Monthly"),
        ({"period": SortOrder.ASC}, "period", "must be one of"),
        ({"order": "up"}, "order", "must be one of asc, desc"),
        ({"order": "dateTime:asc"}, "order", "must be one of asc, desc"),
        ({"limit": 0}, "limit", "must be a positive integer"),
        ({"limit": -3}, "limit", "must be a positive integer"),
        ({"limit": True}, "limit", "must be a positive integer"),
        ({"limit": 2.0}, "limit", "must be a positive integer"),
        ({"limit": "5"}, "limit", "must be a positive integer"),
        ({"since": "2026-01-01"}, "since", "must be a datetime or an int of epoch milliseconds"),
        ({"since": 1.5e12}, "since", "must be a datetime or an int"),
        ({"until": True}, "until", "must be a datetime or an int"),
        ({"since": -1}, "since", f"epoch milliseconds must be 0 to {MAX_EPOCH_MS}"),
        ({"until": MAX_EPOCH_MS + 1}, "until", "epoch milliseconds must be 0 to"),
        ({"since": 2_000, "until": 1_000}, "since", "must be before until"),
        ({"since": 1_000, "until": 1_000}, "since", "must be before until"),
        (
            {
                "since": datetime(2026, 1, 1, 2, 0, tzinfo=UTC),
                "until": datetime(2026, 1, 1, 3, 0, tzinfo=timezone(timedelta(hours=2))),
            },
            "since",
            "must be before until",
        ),
        ({"extra_query": {"": "x"}}, "extra_query", "must map non-empty names to string values"),
        ({"extra_query": {"x": 1}}, "extra_query", "must map non-empty names to string values"),
        ({"extra_query": [("x", "1")]}, "extra_query", "must map non-empty names"),
    ],
)
def test_bad_queries_name_the_field_and_the_rule(
    kwargs: dict[str, Any], field: str, rule: str
) -> None:
    with pytest.raises(InvalidInputError) as caught:
        MetricQuery(**kwargs)
    assert caught.value.field == field
    assert rule in caught.value.rule
    assert isinstance(caught.value, ValueError)


def test_instants_keep_their_offset_and_naive_means_utc() -> None:
    aware = datetime(2026, 3, 1, 8, 0, tzinfo=PDT)
    query = MetricQuery(since=aware, until=datetime(2026, 3, 2, 12, 30))
    assert query.since == aware and query.since.utcoffset() == timedelta(hours=-7)  # type: ignore[union-attr]
    assert query.until == datetime(2026, 3, 2, 12, 30, tzinfo=UTC)


def test_a_date_means_midnight_utc_and_ints_are_epoch_milliseconds() -> None:
    query = MetricQuery(since=date(2026, 3, 1), until=1_772_409_600_000)
    assert query.since == datetime(2026, 3, 1, tzinfo=UTC)
    assert query.until == 1_772_409_600_000


def test_mixed_forms_are_ordered_by_the_instant_they_name() -> None:
    start = datetime(2026, 3, 1, tzinfo=UTC)
    MetricQuery(since=start, until=epoch_ms(start) + 1)
    with pytest.raises(InvalidInputError, match="since: must be before until"):
        MetricQuery(since=start, until=epoch_ms(start))


def test_extra_query_is_copied() -> None:
    raw = {"fields": "value"}
    query = MetricQuery(extra_query=raw)
    raw["fields"] = "changed"
    assert query.extra_query == {"fields": "value"}


@pytest.mark.parametrize(
    "moment",
    [
        datetime(1970, 1, 1, tzinfo=UTC),
        datetime(2016, 7, 18, 10, 38, 17, 626000, tzinfo=UTC),
        datetime(9999, 12, 31, 23, 59, 59, 999000, tzinfo=UTC),
    ],
)
def test_epoch_milliseconds_round_trip_exactly(moment: datetime) -> None:
    assert from_epoch_ms(epoch_ms(moment)) == moment


def test_epoch_ms_of_the_documented_example() -> None:
    assert from_epoch_ms(1468838297626) == datetime(2016, 7, 18, 10, 38, 17, 626000, tzinfo=UTC)
    assert epoch_ms(datetime(2016, 7, 18, 3, 38, 17, 626000, tzinfo=PDT)) == 1468838297626
    assert epoch_ms(datetime(2016, 7, 18, 10, 38, 17, 626999)) == 1468838297626  # floor, naive=UTC
    assert epoch_ms(MAX_EPOCH_MS) == MAX_EPOCH_MS


def test_series_as_pairs_keeps_the_order() -> None:
    late = DateTimeValue(date_time=from_epoch_ms(7_200_000), value=2)
    early = DateTimeValue(date_time=from_epoch_ms(3_600_000), value=1, date_time_as_string="x")
    series = MetricSeries(items=[late, early], links=[Link(rel="self", href="https://x/")])
    assert series.as_pairs() == [(late.date_time, 2), (early.date_time, 1)]
    assert MetricSeries(items=[]).as_pairs() == []
    assert MetricSeries(items=[]).links == []


def test_to_pandas_without_pandas_is_a_clear_import_error(monkeypatch: pytest.MonkeyPatch) -> None:
    # None in sys.modules makes `import pandas` fail, whether or not pandas is installed.
    monkeypatch.setitem(sys.modules, "pandas", None)
    series = MetricSeries(items=[DateTimeValue(date_time=from_epoch_ms(0), value=1)])
    with pytest.raises(ImportError) as caught:
        series.to_pandas()
    assert "needs pandas" in str(caught.value)
    assert "pip install pandas" in str(caught.value)
    assert "as_pairs" in str(caught.value)


def test_pandas_is_not_imported_by_the_package() -> None:
    # In a fresh interpreter: other tests of this session import pandas for their own checks.
    probe = "import sys, metricsdk.oracle_iot; print('pandas' in sys.modules)"
    finished = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    assert finished.stdout.strip() == "False"


def test_the_metric_enums_are_relative_paths_and_strings() -> None:
    assert AppMetric.OUTBOUND_MESSAGE_DATA_VOLUME == "dataVolume/messages/outbound"
    assert str(InstanceMetric.DISPATCH_FAILED_DROP_COUNT) == "dispatchFailedMessageCount/dropCount"
    for member in [*AppMetric, *InstanceMetric]:
        assert not member.value.startswith("/") and ".." not in member.value
    assert str(Period.MONTHLY) == "Monthly" and str(SortOrder.DESC) == "desc"
