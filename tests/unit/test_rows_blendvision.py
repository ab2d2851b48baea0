"""Downloaded BlendVision report files read into typed rows: the file's columns in its order,
integers and ISO 8601 date-times typed, empty cells missing, and whatever else a file holds
read without a crash."""

from __future__ import annotations

import io
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from metricsdk.blendvision import ReportTable, read_report
from metricsdk.errors import InvalidInputError
from metricsdk.testing._emulator.blendvision import report_csv

UTC = timezone.utc


def test_the_emulators_report_file_reads_typed() -> None:
    table = read_report(report_csv("r-1"))
    assert table.columns == ["timestamp", "customer_id", "watch_seconds"]
    assert table.column_types == {"timestamp": datetime, "customer_id": str, "watch_seconds": int}
    assert len(table.rows) == 50
    first = table.rows[0]
    assert first["timestamp"] == datetime(2026, 1, 1, tzinfo=UTC)
    assert first["customer_id"] == "customer-0"
    assert isinstance(first["watch_seconds"], int)
    assert list(first) == table.columns
    assert table.to_rows() == table.rows


def test_paths_and_file_objects_read_the_same(tmp_path: Path) -> None:
    path = tmp_path / "report.csv"
    path.write_bytes(report_csv("r-2"))
    from_bytes = read_report(report_csv("r-2"))
    assert read_report(path) == from_bytes
    assert read_report(str(path)) == from_bytes
    assert read_report(io.BytesIO(report_csv("r-2"))) == from_bytes


def test_empty_cells_offsets_and_fractions() -> None:
    text = (
        "\ufeffwhen,count,label\r\n"
        "2026-01-01T01:00:00+01:00,3,a\r\n"
        "2026-01-01 00:00:00.5Z,,\r\n"
        '2026-01-01T00:00-0130,-4,"quoted, with comma"\r\n'
        ",5,b\r\n"
    )
    table = read_report(text.encode())
    assert table.columns == ["when", "count", "label"]
    assert table.column_types == {"when": datetime, "count": int, "label": str}
    assert [row["when"] for row in table.rows] == [
        datetime(2026, 1, 1, tzinfo=UTC),
        datetime(2026, 1, 1, 0, 0, 0, 500000, tzinfo=UTC),
        datetime(2026, 1, 1, tzinfo=UTC) + timedelta(hours=1, minutes=30),
        None,
    ]
    assert [row["count"] for row in table.rows] == [3, None, -4, 5]
    assert [row["label"] for row in table.rows] == ["a", None, "quoted, with comma", "b"]


def test_mixed_and_impossible_values_stay_text() -> None:
    table = read_report(b"a,b,c\n1,2026-13-45T00:00:00Z,x\nx,2026-01-01T00:00:00Z,\n")
    assert table.column_types == {"a": str, "b": str, "c": str}
    assert table.rows[0] == {"a": "1", "b": "2026-13-45T00:00:00Z", "c": "x"}
    assert table.rows[1]["c"] is None


def test_ragged_lines_and_odd_headers() -> None:
    table = read_report(b"a,,a\n1,2,3,4\n5\n")
    assert table.columns == ["a", "column_2", "column_3", "column_4"]
    assert table.rows == [
        {"a": 1, "column_2": 2, "column_3": 3, "column_4": 4},
        {"a": 5, "column_2": None, "column_3": None, "column_4": None},
    ]


def test_empty_and_header_only_files() -> None:
    assert read_report(b"") == ReportTable(columns=[], column_types={}, rows=[])
    header_only = read_report(b"timestamp,value\n")
    assert header_only.columns == ["timestamp", "value"]
    assert header_only.column_types == {"timestamp": str, "value": str}
    assert header_only.rows == []


def test_what_is_not_a_report_is_a_clear_error() -> None:
    with pytest.raises(InvalidInputError, match="UTF-8"):
        read_report(b"\xff\xfe\x00garbage")
    with pytest.raises(InvalidInputError, match="must be a path, bytes"):
        read_report(12)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="must be a path, bytes"):
        read_report(io.StringIO("a,b\n"))  # type: ignore[arg-type]
