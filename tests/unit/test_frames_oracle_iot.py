"""Oracle IoT series as pandas, polars and Arrow tables: ``timestamp, value``, neither missing."""

from __future__ import annotations

import sys

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

from metricsdk.oracle_iot import DateTimeValue, MetricSeries
from metricsdk.oracle_iot.models import from_epoch_ms

SERIES = MetricSeries(
    items=[
        DateTimeValue(date_time=from_epoch_ms(7_200_000), value=2),
        DateTimeValue(date_time=from_epoch_ms(3_600_000), value=1),
    ]
)


def test_pandas() -> None:
    frame = SERIES.to_pandas()
    assert list(frame.columns) == ["timestamp", "value"]
    assert frame["timestamp"].dtype == pd.DatetimeTZDtype("us", "UTC")
    assert frame["value"].dtype == "int64"
    assert [(ts.to_pydatetime(), v) for ts, v in frame.itertuples(index=False)] == [
        tuple(row) for row in SERIES.to_rows()
    ]
    by_time = frame.set_index("timestamp")["value"]  # the Series the docs show
    assert by_time[from_epoch_ms(3_600_000)] == 1


def test_polars() -> None:
    frame = SERIES.to_polars()
    assert frame.schema == pl.Schema({"timestamp": pl.Datetime("us", "UTC"), "value": pl.Int64})
    assert frame.rows() == [tuple(row) for row in SERIES.to_rows()]


def test_arrow() -> None:
    table = SERIES.to_arrow()
    assert table.schema == pa.schema(
        [
            pa.field("timestamp", pa.timestamp("us", tz="UTC"), nullable=False),
            pa.field("value", pa.int64(), nullable=False),
        ]
    )
    assert table.column("value").to_pylist() == [2, 1]


def test_an_empty_series() -> None:
    assert MetricSeries(items=[]).to_pandas()["value"].dtype == "int64"
    assert MetricSeries(items=[]).to_polars().height == 0
    assert MetricSeries(items=[]).to_arrow().num_rows == 0


@pytest.mark.parametrize(
    ("method", "module", "extra"),
    [
        ("to_pandas", "pandas", "pandas"),
        ("to_polars", "polars", "polars"),
        ("to_arrow", "pyarrow", "arrow"),
    ],
)
def test_a_missing_extra_names_the_install(
    method: str, module: str, extra: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, module, None)
    with pytest.raises(ImportError, match=rf"pip install 'metricsdk\[{extra}\]'.*as_pairs"):
        getattr(SERIES, method)()
