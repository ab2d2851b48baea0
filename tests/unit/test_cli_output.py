"""The command's files, pure: a part file cut back to its last synced size drops a torn line,
a spooled Parquet part converts to the same rows, checkpoints replace each other atomically and
refuse another pull's, and progress shows only on a terminal (rich when installed)."""

from __future__ import annotations

import io
import json
import sys
from datetime import datetime, timezone
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from metricsdk.cli.checkpoint import Checkpoint, CheckpointError, State, fingerprint
from metricsdk.cli.output import RowFile, format_for, part_path
from metricsdk.cli.progress import LineProgress, NoProgress, RichProgress, progress_for
from metricsdk.sesv2.rows import METRIC_COLUMNS

DAY = datetime(2026, 1, 1, tzinfo=timezone.utc)
FIRST = [("q1", "SEND", {"ISP": "Gmail"}, DAY, 1), ("q1", "SEND", {"ISP": "Gmail"}, DAY, 2)]
SECOND = [("q2", None, None, None, None)]


def test_formats_by_extension() -> None:
    assert format_for("a.CSV", None) == "csv"
    assert format_for("a.jsonl", None) == format_for("a.ndjson", None) == "jsonl"
    assert format_for("a.parquet", None) == format_for("a.pq", None) == "parquet"
    assert format_for("a.txt", None) == format_for(None, None) == "csv"
    assert format_for("a.csv", "jsonl") == "jsonl"


def test_a_resumed_part_drops_what_was_written_after_the_last_sync(tmp_path: Path) -> None:
    output = tmp_path / "pull.csv"
    first = RowFile(output, "csv", METRIC_COLUMNS, resumable=True)
    first.write(FIRST)
    size = first.sync()
    first.write(SECOND)  # written, never synced: as good as lost when the process dies
    first.abandon()
    with part_path(output).open("ab") as part:
        part.write(b"q9,SEND,,2026-01-0")  # and a line torn in the middle
    assert not output.exists()

    resumed = RowFile(output, "csv", METRIC_COLUMNS, resume_size=size, resumable=True)
    resumed.write(SECOND)
    resumed.finish()
    assert output.read_text() == (
        "query_id,metric,dimensions,timestamp,value\n"
        "q1,SEND,ISP=Gmail,2026-01-01T00:00:00Z,1\n"
        "q1,SEND,ISP=Gmail,2026-01-01T00:00:00Z,2\n"
        "q2,,,,\n"
    )
    assert not part_path(output).exists()


def test_a_resumable_parquet_part_spools_and_converts(tmp_path: Path) -> None:
    output = tmp_path / "pull.parquet"
    first = RowFile(output, "parquet", METRIC_COLUMNS, resumable=True)
    first.write(FIRST)
    size = first.sync()
    first.abandon()
    with part_path(output).open("ab") as part:
        part.write(b'{"query_id": "torn')
    resumed = RowFile(output, "parquet", METRIC_COLUMNS, resume_size=size, resumable=True)
    resumed.write(SECOND)
    resumed.finish()
    rows = [tuple(r.values()) for r in pq.read_table(output).to_pylist()]
    assert rows == [
        ("q1", "SEND", [("ISP", "Gmail")], DAY, 1),
        ("q1", "SEND", [("ISP", "Gmail")], DAY, 2),
        ("q2", None, None, None, None),
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pull.parquet"]


def test_a_discarded_file_leaves_nothing(tmp_path: Path) -> None:
    target = RowFile(tmp_path / "x.jsonl", "jsonl", METRIC_COLUMNS)
    target.write(FIRST)
    target.discard()
    assert list(tmp_path.iterdir()) == []


def test_checkpoints_round_trip_and_replace_each_other(tmp_path: Path) -> None:
    path = tmp_path / "pull.ckpt"
    pull = fingerprint({"queries": ["a", "b"]})
    checkpoint = Checkpoint(path, pull)
    assert checkpoint.load() is None
    checkpoint.save(State(size=10, done=frozenset({"a"})))
    (tmp_path / "pull.ckpt.writing").write_text("{torn")  # a save killed halfway
    assert checkpoint.load() == State(size=10, done=frozenset({"a"}))
    checkpoint.save(State(size=20, done=frozenset({"a", "b"}), finished=True, failed=1))
    assert checkpoint.load() == State(size=20, done=frozenset({"a", "b"}), finished=True, failed=1)
    assert json.loads(path.read_text())["done"] == ["a", "b"]
    with pytest.raises(CheckpointError, match="belongs to another pull"):
        Checkpoint(path, fingerprint({"queries": ["a"]})).load()
    path.write_text('{"version": 1}')
    with pytest.raises(CheckpointError, match="not a metricsdk checkpoint"):
        checkpoint.load()
    checkpoint.remove()
    assert not path.exists()


def test_fingerprints_depend_on_content_not_key_order() -> None:
    assert fingerprint({"a": 1, "b": [2]}) == fingerprint({"b": [2], "a": 1})
    assert fingerprint({"a": 1}) != fingerprint({"a": 2})


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_no_progress_off_a_terminal_or_when_quiet() -> None:
    assert isinstance(progress_for(io.StringIO(), quiet=False, description="x"), NoProgress)
    assert isinstance(progress_for(Terminal(), quiet=True, description="x"), NoProgress)
    notes = io.StringIO()
    silent = NoProgress(notes)
    silent.update(1, 2)
    silent.note("query q failed")
    silent.finish()
    assert notes.getvalue() == "query q failed\n"


def test_rich_progress_on_a_terminal() -> None:
    screen = Terminal()
    progress = progress_for(screen, quiet=False, description="queries answered")
    assert isinstance(progress, RichProgress)
    progress.update(3, 10)
    progress.note("metricsdk: query q failed")
    progress.update(10, 10)
    progress.finish()
    assert "queries answered" in screen.getvalue()
    assert "10/10" in screen.getvalue()
    assert "metricsdk: query q failed" in screen.getvalue()


def test_plain_progress_without_rich(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "rich.progress", None)
    screen = Terminal()
    progress = progress_for(screen, quiet=False, description="queries answered")
    assert isinstance(progress, LineProgress)
    progress.update(5, 10)
    progress.note("query q failed")
    progress.update(10, 10)
    progress.finish()
    assert screen.getvalue() == (
        "\r  [" + "#" * 20 + "." * 20 + "] 5/10"
        "\r\x1b[K" + "query q failed\n"
        "\r  [" + "#" * 40 + "] 10/10\n"
    )


def test_plain_progress_off_a_terminal_prints_a_line_per_tenth() -> None:
    log = io.StringIO()
    progress = LineProgress(log)
    for done in range(0, 101, 5):
        progress.update(done, 100)
    progress.finish()
    assert log.getvalue().count("\n") == 11
    assert log.getvalue().endswith("  100/100 queries answered\n")
