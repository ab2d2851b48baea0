"""SES v2 answers as tidy rows: one typed row per point, labelled from the queries, errors the
same way, and record batches built as `iter_metric_data`'s items arrive."""

from __future__ import annotations

import sys
from datetime import date, datetime, timezone

import pytest

from metricsdk._core.tables import (
    format_dimensions,
    format_timestamp,
    parse_dimensions,
    parse_timestamp,
)
from metricsdk.errors import InvalidInputError
from metricsdk.sesv2 import (
    BatchGetMetricDataQuery,
    BatchGetMetricDataResponse,
    MetricDataError,
    MetricDataResult,
    MetricDataRow,
    MetricErrorRow,
    record_batches,
)

UTC = timezone.utc
DAY1, DAY2, DAY3 = (datetime(2026, 1, d, tzinfo=UTC) for d in (1, 2, 3))

QUERIES = [
    BatchGetMetricDataQuery(
        id="sends",
        metric="SEND",
        start_date=date(2026, 1, 1),
        end_date=date(2026, 1, 3),
        dimensions={"EMAIL_IDENTITY": "a.example.com", "ISP": "Gmail"},
    ),
    BatchGetMetricDataQuery(
        id="opens", metric="OPEN", start_date=date(2026, 1, 1), end_date=date(2026, 1, 3)
    ),
]

ANSWER = BatchGetMetricDataResponse(
    results=[
        MetricDataResult(id="opens", timestamps=[DAY1, DAY2], values=[5, 0]),
        MetricDataResult(id="sends", timestamps=[DAY1], values=[7]),
    ],
    errors=[MetricDataError(id="clicks", code="ACCESS_DENIED", message="denied")],
)


def test_one_row_per_point_in_the_answers_order_labelled_from_the_queries() -> None:
    rows = ANSWER.to_rows(QUERIES)
    assert rows == [
        MetricDataRow("opens", "OPEN", {}, DAY1, 5),
        MetricDataRow("opens", "OPEN", {}, DAY2, 0),
        MetricDataRow(
            "sends", "SEND", {"EMAIL_IDENTITY": "a.example.com", "ISP": "Gmail"}, DAY1, 7
        ),
    ]
    assert MetricDataRow._fields == ("query_id", "metric", "dimensions", "timestamp", "value")
    # Plain strings, not enum members: what a table or a file holds.
    assert type(rows[0].metric) is str
    assert all(type(name) is str for name in rows[2].dimensions or {})


def test_without_the_queries_metric_and_dimensions_are_none() -> None:
    assert ANSWER.to_rows()[0] == MetricDataRow("opens", None, None, DAY1, 5)
    assert ANSWER.to_rows(QUERIES[:1])[0].metric is None


def test_a_timestamp_without_a_value_is_a_missing_value() -> None:
    lopsided = BatchGetMetricDataResponse(
        results=[MetricDataResult(id="opens", timestamps=[DAY1, DAY2, DAY3], values=[1])]
    )
    assert [row.value for row in lopsided.to_rows(QUERIES)] == [1, None, None]
    more_values = BatchGetMetricDataResponse(
        results=[MetricDataResult(id="opens", timestamps=[DAY1], values=[1, 2])]
    )
    assert [(row.timestamp, row.value) for row in more_values.to_rows()] == [
        (DAY1, 1),
        (None, 2),
    ]


def test_errors_as_rows() -> None:
    denied = BatchGetMetricDataResponse(
        errors=[
            MetricDataError(id="sends", code="ACCESS_DENIED", message="denied"),
            MetricDataError(id=None),
        ]
    )
    assert denied.errors_to_rows(QUERIES) == [
        MetricErrorRow(
            "sends",
            "SEND",
            {"EMAIL_IDENTITY": "a.example.com", "ISP": "Gmail"},
            "ACCESS_DENIED",
            "denied",
        ),
        MetricErrorRow(None, None, None, "", ""),
    ]
    assert BatchGetMetricDataResponse().to_rows() == []
    assert BatchGetMetricDataResponse().errors_to_rows() == []


def test_record_batches_hold_a_bounded_number_of_points_and_pass_errors_on() -> None:
    many = [
        MetricDataResult(id=f"q{n}", timestamps=[DAY1, DAY2, DAY3], values=[n, n, n])
        for n in range(10)
    ]
    items: list[MetricDataResult | MetricDataError] = [*many[:5], ANSWER.errors[0], *many[5:]]
    consumed: list[str | None] = []

    def arriving() -> object:
        for item in items:
            consumed.append(item.id)
            yield item

    errors: list[MetricErrorRow] = []
    batches = record_batches(arriving(), queries=QUERIES, rows_per_batch=7, on_error=errors.append)
    first = next(batches)
    # A batch is handed on as soon as it holds 7 points: three results (9 points), not all ten.
    assert first.num_rows == 9 and consumed == ["q0", "q1", "q2"]
    rest = list(batches)
    assert [batch.num_rows for batch in rest] == [9, 9, 3]
    assert all(batch.schema == first.schema for batch in rest)
    assert first.schema.names == ["query_id", "metric", "dimensions", "timestamp", "value"]
    assert errors == [MetricErrorRow("clicks", None, None, "ACCESS_DENIED", "denied")]
    values = [v for batch in [first, *rest] for v in batch.column("value").to_pylist()]
    assert values == [n for n in range(10) for _ in range(3)]


def test_record_batches_of_nothing_and_bad_sizes() -> None:
    assert list(record_batches([], queries=[])) == []
    for bad in (0, -1, 2.5, True):
        with pytest.raises(InvalidInputError, match="rows_per_batch"):
            record_batches([], queries=[], rows_per_batch=bad)  # type: ignore[arg-type]


def test_record_batches_without_pyarrow_fail_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(ImportError, match=r"pip install 'metricsdk\[arrow\]'"):
        record_batches(iter([]), queries=[])


@pytest.mark.parametrize(
    "dimensions",
    [{}, {"EMAIL_IDENTITY": "a.example.com"}, {"ISP": "odd;value=with%signs", "TENANT_NAME": ""}],
)
def test_dimensions_text_reads_back_exactly(dimensions: dict[str, str]) -> None:
    text = format_dimensions(dimensions)
    assert parse_dimensions(text) == dimensions
    assert list(parse_dimensions(text)) == list(dimensions)  # the order too


def test_dimensions_text_is_readable() -> None:
    text = format_dimensions({"EMAIL_IDENTITY": "a.example.com", "ISP": "Gmail"})
    assert text == "EMAIL_IDENTITY=a.example.com;ISP=Gmail"
    with pytest.raises(ValueError, match="NAME=VALUE"):
        parse_dimensions("EMAIL_IDENTITY")


def test_timestamps_text_is_iso_8601_utc_and_reads_back() -> None:
    assert format_timestamp(DAY1) == "2026-01-01T00:00:00Z"
    later = datetime(2026, 1, 1, 12, 30, 1, 250000, tzinfo=UTC)
    assert format_timestamp(later) == "2026-01-01T12:30:01.250000Z"
    assert parse_timestamp("2026-01-01T12:30:01.250000Z") == later
    assert parse_timestamp("2026-01-01T13:30:01.250+01:00") == later
    assert parse_timestamp("2026-01-01") == DAY1  # no offset: UTC
    assert parse_timestamp("2026-01-01T00:00:00Z").tzinfo is UTC
