"""Report files as pandas, polars and Arrow tables: the file's columns, typed."""

from __future__ import annotations

import sys
from datetime import datetime, timezone

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

from metricsdk.blendvision import read_report

REPORT = read_report(
    b"timestamp,customer_id,watch_seconds\n"
    b"2026-01-01T00:00:00Z,customer-1,30\n"
    b"2026-01-01T00:01:00Z,,\n"
)
FIRST = datetime(2026, 1, 1, tzinfo=timezone.utc)


def test_pandas() -> None:
    frame = REPORT.to_pandas()
    assert list(frame.columns) == ["timestamp", "customer_id", "watch_seconds"]
    assert frame["timestamp"].dtype == pd.DatetimeTZDtype("us", "UTC")
    assert frame["customer_id"].dtype == pd.StringDtype()
    assert frame["watch_seconds"].dtype == pd.Int64Dtype()
    assert frame["watch_seconds"].tolist() == [30, pd.NA]
    assert frame["timestamp"].iloc[0].to_pydatetime() == FIRST


def test_polars() -> None:
    frame = REPORT.to_polars()
    assert frame.schema == pl.Schema(
        {
            "timestamp": pl.Datetime("us", "UTC"),
            "customer_id": pl.String,
            "watch_seconds": pl.Int64,
        }
    )
    assert frame.row(1) == (datetime(2026, 1, 1, 0, 1, tzinfo=timezone.utc), None, None)


def test_arrow() -> None:
    table = REPORT.to_arrow()
    assert table.schema.types == [pa.timestamp("us", tz="UTC"), pa.string(), pa.int64()]
    assert table.to_pylist() == REPORT.to_rows()


def test_a_missing_extra_names_the_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "polars", None)
    with pytest.raises(ImportError, match=r"ReportTable.to_polars\(\) needs polars"):
        REPORT.to_polars()
