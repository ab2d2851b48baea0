"""Where the commands' rows go: CSV, JSON lines or Parquet, to stdout or to a file that appears
under its name only when complete.

A file is written as ``OUTPUT.part`` beside its destination and put in place by
`RowFile.finish`. Its size after each fully written group of rows is what a checkpoint records
(`RowFile.sync`): a resumed pull cuts the part back to that size, dropping a line half written
when the process died, and appends from there. Parquet cannot be appended to once its footer
is missing, so a resumable Parquet pull spools JSON lines and converts them at the end, a batch
of rows at a time.

The columns and their text forms are those of `metricsdk._core.tables`: timestamps ISO 8601 in
UTC, mappings ``NAME=VALUE;...`` in CSV and objects in JSON lines, a missing cell empty (CSV) or
``null`` (JSON lines).
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any, Protocol

from metricsdk._core import tables
from metricsdk._core.tables import Column, Kind

__all__ = [
    "FORMATS",
    "RowFile",
    "RowWriter",
    "format_for",
    "open_writer",
    "read_jsonl",
    "write_table_file",
]

FORMATS = ("csv", "jsonl", "parquet")
"""The output formats, by their ``--format`` names."""

_EXTENSIONS = {
    ".csv": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".parquet": "parquet",
    ".pq": "parquet",
}
_PARQUET_ROWS = 65_536


def format_for(path: str | None, chosen: str | None) -> str:
    """The format to write: ``--format`` if given, else by the file's extension (``.csv``,
    ``.jsonl``/``.ndjson``, ``.parquet``/``.pq``), else CSV."""
    if chosen:
        return chosen
    if path:
        return _EXTENSIONS.get(Path(path).suffix.lower(), "csv")
    return "csv"


class RowWriter(Protocol):
    """Writes rows (tuples in the columns' order) to a binary stream."""

    def write(self, rows: Sequence[Sequence[Any]]) -> None:
        """Write these rows."""

    def close(self) -> None:
        """Write whatever ends the file (Parquet's footer); the stream stays open."""


def _csv_cell(kind: Kind, value: Any) -> str:
    if value is None:
        return ""
    if kind is Kind.TIMESTAMP:
        return tables.format_timestamp(value)
    if kind is Kind.MAPPING:
        return tables.format_dimensions(value)
    return str(value)


def _json_cell(kind: Kind, value: Any) -> Any:
    if value is None:
        return None
    if kind is Kind.TIMESTAMP:
        return tables.format_timestamp(value)
    if kind is Kind.MAPPING:
        return dict(value)
    return value


class CsvWriter:
    """CSV with a header line (unless ``header=False``, to append to a file that has one)."""

    def __init__(self, stream: IO[bytes], columns: Sequence[Column], *, header: bool) -> None:
        self._stream = stream
        self._kinds = [column.kind for column in columns]
        if header:
            self._emit([[column.name for column in columns]])

    def _emit(self, lines: Sequence[Sequence[str]]) -> None:
        text = io.StringIO()
        csv.writer(text, lineterminator="\n").writerows(lines)
        self._stream.write(text.getvalue().encode())

    def write(self, rows: Sequence[Sequence[Any]]) -> None:
        """Write these rows."""
        kinds = self._kinds
        self._emit(
            [
                [_csv_cell(kind, value) for kind, value in zip(kinds, row, strict=True)]
                for row in rows
            ]
        )

    def close(self) -> None:
        """Nothing ends a CSV file."""


class JsonlWriter:
    """One JSON object per line, keyed by column name in the columns' order."""

    def __init__(self, stream: IO[bytes], columns: Sequence[Column]) -> None:
        self._stream = stream
        self._columns = [(column.name, column.kind) for column in columns]

    def write(self, rows: Sequence[Sequence[Any]]) -> None:
        """Write these rows."""
        lines = []
        for row in rows:
            record = {
                name: _json_cell(kind, value)
                for (name, kind), value in zip(self._columns, row, strict=True)
            }
            lines.append(json.dumps(record, ensure_ascii=False) + "\n")
        self._stream.write("".join(lines).encode())

    def close(self) -> None:
        """Nothing ends a JSON lines file."""


class ParquetWriter:
    """Parquet, one row group per `write`; `close` writes the footer."""

    def __init__(self, stream: IO[bytes], columns: Sequence[Column]) -> None:
        needed_by = "Parquet output"
        parquet = tables.require_extra("pyarrow.parquet", needed_by=needed_by, instead="csv")
        self._columns = columns
        schema = tables.arrow_schema(columns, needed_by=needed_by)
        self._writer = parquet.ParquetWriter(stream, schema)

    def write(self, rows: Sequence[Sequence[Any]]) -> None:
        """Write these rows."""
        if rows:
            data = tables.columns_of(rows, len(self._columns))
            batch = tables.to_record_batch(self._columns, data, needed_by="Parquet output")
            self._writer.write_batch(batch)

    def close(self) -> None:
        """Write the footer."""
        self._writer.close()


def open_writer(
    fmt: str, stream: IO[bytes], columns: Sequence[Column], *, header: bool = True
) -> RowWriter:
    """A writer of ``fmt`` rows to ``stream``."""
    if fmt == "csv":
        return CsvWriter(stream, columns, header=header)
    if fmt == "jsonl":
        return JsonlWriter(stream, columns)
    return ParquetWriter(stream, columns)


def _cell_from_json(kind: Kind, value: Any) -> Any:
    if value is None:
        return None
    if kind is Kind.TIMESTAMP:
        return tables.parse_timestamp(value)
    return value


def read_jsonl(stream: IO[bytes], columns: Sequence[Column], size: int) -> Iterator[list[Any]]:
    """The rows of a JSON lines file `JsonlWriter` wrote, ``size`` rows at a time."""
    rows: list[Any] = []
    for line in stream:
        record = json.loads(line)
        rows.append(tuple(_cell_from_json(c.kind, record[c.name]) for c in columns))
        if len(rows) >= size:
            yield rows
            rows = []
    if rows:
        yield rows


def _fsync(stream: IO[bytes]) -> None:
    stream.flush()
    os.fsync(stream.fileno())


class RowFile:
    """A command's rows on their way to ``path`` (or to stdout when ``path`` is ``None``).

    Args:
        path: the destination file; ``None`` for stdout (CSV or JSON lines only).
        fmt: ``"csv"``, ``"jsonl"`` or ``"parquet"``.
        columns: the rows' columns.
        resume_size: continue a part file cut back to this many bytes, instead of a new one.
        resumable: write the part so that it can be resumed (Parquet then spools JSON lines).
    """

    def __init__(
        self,
        path: Path | None,
        fmt: str,
        columns: Sequence[Column],
        *,
        resume_size: int | None = None,
        resumable: bool = False,
    ) -> None:
        self.path = path
        self._fmt = fmt
        self._columns = columns
        self._spooled = resumable and fmt == "parquet"
        self._stream: IO[bytes]
        if path is None:
            self._stream = sys.stdout.buffer
            self.part: Path | None = None
        else:
            self.part = part_path(path)
            if resume_size is None:
                self._stream = self.part.open("wb")
            else:
                self._stream = self.part.open("r+b")
                self._stream.truncate(resume_size)
                self._stream.seek(resume_size)
        self._writer = open_writer(
            "jsonl" if self._spooled else fmt,
            self._stream,
            columns,
            header=resume_size is None,
        )

    def write(self, rows: Sequence[Sequence[Any]]) -> None:
        """Write these rows."""
        self._writer.write(rows)

    def sync(self) -> int:
        """Make everything written so far durable; return the part's size in bytes."""
        if self.part is None:
            self._stream.flush()
            return 0
        _fsync(self._stream)
        return self._stream.tell()

    def finish(self) -> None:
        """Complete the file and put it in place under its name."""
        self._writer.close()
        if self.part is None or self.path is None:
            self._stream.flush()
            return
        _fsync(self._stream)
        self._stream.close()
        if self._spooled:
            _convert_to_parquet(self.part, self.path, self._columns)
            self.part.unlink()
        else:
            os.replace(self.part, self.path)

    def abandon(self) -> None:
        """Stop writing, leaving the part where it is (for a later resume)."""
        if self.part is not None:
            self._stream.close()

    def discard(self) -> None:
        """Stop writing and delete the part."""
        if self.part is not None:
            self._stream.close()
            self.part.unlink(missing_ok=True)


def part_path(path: Path) -> Path:
    """Where ``path`` is written until it is complete."""
    return path.with_name(path.name + ".part")


def _convert_to_parquet(spool: Path, path: Path, columns: Sequence[Column]) -> None:
    converting = path.with_name(path.name + ".converting")
    with spool.open("rb") as source, converting.open("wb") as target:
        writer = ParquetWriter(target, columns)
        for rows in read_jsonl(source, columns, _PARQUET_ROWS):
            writer.write(rows)
        writer.close()
        _fsync(target)
    os.replace(converting, path)


def write_table_file(path: Path, fmt: str, columns: Sequence[Column], rows: Sequence[Any]) -> None:
    """Write a whole (small) table to ``path``, in place only once complete."""
    target = RowFile(path, fmt, columns)
    try:
        target.write(rows)
        target.finish()
    except BaseException:
        target.discard()
        raise
