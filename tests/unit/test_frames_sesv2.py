"""SES v2 answers as pandas, polars and Arrow tables: the documented columns in order, the same
cells as `to_rows()`, the dtypes each library is promised, and a missing extra named."""

from __future__ import annotations

import sys
from datetime import date, datetime, timezone

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

from metricsdk.sesv2 import (
    BatchGetMetricDataQuery,
    BatchGetMetricDataResponse,
    MetricDataError,
    MetricDataResult,
)

UTC = timezone.utc
DAY1, DAY2 = datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 1, 2, tzinfo=UTC)
COLUMNS = ["query_id", "metric", "dimensions", "timestamp", "value"]
ERROR_COLUMNS = ["query_id", "metric", "dimensions", "code", "message"]

QUERIES = [
    BatchGetMetricDataQuery(
        id="sends",
        metric="SEND",
        start_date=date(2026, 1, 1),
        end_date=date(2026, 1, 3),
        dimensions={"EMAIL_IDENTITY": "a.example.com"},
    ),
    BatchGetMetricDataQuery(
        id="opens", metric="OPEN", start_date=date(2026, 1, 1), end_date=date(2026, 1, 3)
    ),
]
ANSWER = BatchGetMetricDataResponse(
    results=[
        MetricDataResult(id="sends", timestamps=[DAY1, DAY2], values=[7, 8]),
        MetricDataResult(id="opens", timestamps=[DAY1, DAY2], values=[3]),  # one value missing
    ],
    errors=[MetricDataError(id="opens", code="ACCESS_DENIED", message="denied")],
)


def test_pandas_dtypes_and_cells() -> None:
    frame = ANSWER.to_pandas(QUERIES)
    assert list(frame.columns) == COLUMNS
    assert frame["query_id"].dtype == pd.StringDtype()
    assert frame["metric"].dtype == pd.StringDtype()
    assert frame["dimensions"].dtype == object
    assert frame["timestamp"].dtype == pd.DatetimeTZDtype("us", "UTC")
    assert frame["value"].dtype == pd.Int64Dtype()
    assert frame["value"].tolist() == [7, 8, 3, pd.NA]
    assert frame["dimensions"].tolist() == [{"EMAIL_IDENTITY": "a.example.com"}] * 2 + [{}, {}]
    assert [ts.to_pydatetime() for ts in frame["timestamp"]] == [DAY1, DAY2, DAY1, DAY2]


def test_polars_dtypes_and_cells() -> None:
    frame = ANSWER.to_polars(QUERIES)
    assert frame.columns == COLUMNS
    assert frame.schema["query_id"] == pl.String
    assert frame.schema["metric"] == pl.String
    assert frame.schema["dimensions"] == pl.List(pl.Struct({"key": pl.String, "value": pl.String}))
    assert frame.schema["timestamp"] == pl.Datetime("us", "UTC")
    assert frame.schema["value"] == pl.Int64
    assert frame["value"].to_list() == [7, 8, 3, None]
    assert frame["timestamp"].to_list() == [DAY1, DAY2, DAY1, DAY2]
    assert frame["dimensions"].to_list()[0] == [{"key": "EMAIL_IDENTITY", "value": "a.example.com"}]


def test_arrow_types_and_cells() -> None:
    table = ANSWER.to_arrow(QUERIES)
    assert table.schema.names == COLUMNS
    assert table.schema.field("query_id").type == pa.string()
    assert table.schema.field("dimensions").type == pa.map_(pa.string(), pa.string())
    assert table.schema.field("timestamp").type == pa.timestamp("us", tz="UTC")
    assert table.schema.field("value").type == pa.int64()
    assert table.column("value").to_pylist() == [7, 8, 3, None]
    assert table.column("timestamp").to_pylist() == [DAY1, DAY2, DAY1, DAY2]
    assert table.column("dimensions").to_pylist()[0] == [("EMAIL_IDENTITY", "a.example.com")]


def test_every_library_holds_what_to_rows_holds() -> None:
    rows = [tuple(row) for row in ANSWER.to_rows(QUERIES)]
    from_pandas = [
        (q, m, d, None if ts is pd.NaT else ts.to_pydatetime(), None if v is pd.NA else v)
        for q, m, d, ts, v in ANSWER.to_pandas(QUERIES).itertuples(index=False)
    ]
    assert from_pandas == rows
    from_polars = [
        (q, m, {p["key"]: p["value"] for p in d}, ts, v)
        for q, m, d, ts, v in ANSWER.to_polars(QUERIES).iter_rows()
    ]
    assert from_polars == rows
    from_arrow = [
        (r["query_id"], r["metric"], dict(r["dimensions"]), r["timestamp"], r["value"])
        for r in ANSWER.to_arrow(QUERIES).to_pylist()
    ]
    assert from_arrow == rows


def test_errors_as_tables() -> None:
    frame = ANSWER.errors_to_pandas(QUERIES)
    assert list(frame.columns) == ERROR_COLUMNS
    assert frame.iloc[0].tolist() == ["opens", "OPEN", {}, "ACCESS_DENIED", "denied"]
    assert frame["code"].dtype == pd.StringDtype()
    assert ANSWER.errors_to_polars(QUERIES).row(0)[3:] == ("ACCESS_DENIED", "denied")
    arrow = ANSWER.errors_to_arrow(QUERIES)
    assert arrow.schema.names == ERROR_COLUMNS
    assert not arrow.schema.field("code").nullable


def test_an_empty_answer_keeps_its_columns_and_dtypes() -> None:
    empty = BatchGetMetricDataResponse()
    frame = empty.to_pandas()
    assert list(frame.columns) == COLUMNS and len(frame) == 0
    assert frame["timestamp"].dtype == pd.DatetimeTZDtype("us", "UTC")
    assert frame["value"].dtype == pd.Int64Dtype()
    assert empty.to_polars().schema["timestamp"] == pl.Datetime("us", "UTC")
    assert empty.to_arrow().num_rows == 0
    assert empty.to_arrow().schema == ANSWER.to_arrow().schema


@pytest.mark.parametrize(
    ("method", "module", "extra"),
    [
        ("to_pandas", "pandas", "pandas"),
        ("to_polars", "polars", "polars"),
        ("to_arrow", "pyarrow", "arrow"),
        ("errors_to_pandas", "pandas", "pandas"),
        ("errors_to_polars", "polars", "polars"),
        ("errors_to_arrow", "pyarrow", "arrow"),
    ],
)
def test_a_missing_extra_names_the_install(
    method: str, module: str, extra: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # None in sys.modules makes the import fail, whether or not the library is installed.
    monkeypatch.setitem(sys.modules, module, None)
    with pytest.raises(ImportError) as caught:
        getattr(ANSWER, method)(QUERIES)
    message = str(caught.value)
    assert f"pip install 'metricsdk[{extra}]'" in message
    assert f"BatchGetMetricDataResponse.{method}()" in message
    assert "to_rows()" in message


def test_the_first_and_last_representable_days_survive_every_library() -> None:
    # Microseconds, not nanoseconds: pandas' nanosecond timestamps stop in 2262.
    first, last = datetime(1, 1, 1, tzinfo=UTC), datetime(9999, 12, 31, tzinfo=UTC)
    extremes = BatchGetMetricDataResponse(
        results=[MetricDataResult(id="x", timestamps=[first, last], values=[1, 2])]
    )
    assert [t.to_pydatetime() for t in extremes.to_pandas()["timestamp"]] == [first, last]
    assert extremes.to_polars()["timestamp"].to_list() == [first, last]
    assert extremes.to_arrow().column("timestamp").to_pylist() == [first, last]


def test_a_timestamp_without_a_value_and_a_value_without_a_timestamp() -> None:
    lopsided = BatchGetMetricDataResponse(
        results=[MetricDataResult(id="x", timestamps=[DAY1], values=[1, 2])]
    )
    frame = lopsided.to_pandas()
    assert frame["timestamp"].isna().tolist() == [False, True]
    assert lopsided.to_polars()["timestamp"].to_list() == [DAY1, None]
    assert lopsided.to_arrow().column("timestamp").to_pylist() == [DAY1, None]
