"""Downloaded BlendVision report files as typed rows and DataFrames.

BlendVision does not document the layout of its report files: which columns a report has
depends on its dimension and group-by fields. They are CSV with a header line (as the
emulator serves them), so `read_report` keeps the file's own columns, in the file's order, and
types each by what all of its cells hold:

- every non-empty cell an integer: ``int``;
- every non-empty cell an ISO 8601 date and time (``2026-01-01T00:05:00Z``, any offset; none
  means UTC): an aware UTC ``datetime``;
- anything else: ``str``.

An empty cell is ``None`` in every column. A header cell that is empty or repeats an earlier
one is renamed ``column_N`` (N counting from 1), as is a cell beyond the header's width.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import IO, Any

import attrs

from metricsdk._core import tables
from metricsdk._core.tables import Column, Kind
from metricsdk.errors import InvalidInputError

__all__ = ["ReportSource", "ReportTable", "read_report", "table_columns"]

ReportSource = str | os.PathLike[str] | bytes | IO[bytes]
"""A downloaded report: a path, its bytes, or a binary file object open for reading."""

_INTEGER = re.compile(r"[+-]?\d+")
_DATE_TIME = re.compile(
    r"(\d{4}-\d\d-\d\d)[Tt ](\d\d:\d\d)(?::(\d\d)(?:\.(\d{1,9}))?)?([Zz]|[+-]\d\d:?\d\d)?"
)
_KINDS: dict[type, Kind] = {int: Kind.INTEGER, datetime: Kind.TIMESTAMP, str: Kind.TEXT}


@attrs.frozen(kw_only=True)
class ReportTable:
    """A report file read into typed rows.

    Attributes:
        columns: the column names, in the file's order.
        column_types: each column's type: ``int``, ``datetime`` (aware UTC) or ``str``.
        rows: one dict per data line, keyed by column name in the file's order; an empty cell
            is ``None``.
    """

    columns: list[str]
    column_types: dict[str, type]
    rows: list[dict[str, Any]]

    def to_rows(self) -> list[dict[str, Any]]:
        """The rows (the same dicts as `rows`, in the file's order)."""
        return list(self.rows)

    def to_pandas(self) -> Any:
        """The rows as a ``pandas.DataFrame``: integers as nullable ``Int64``, date-times as
        ``datetime64[us, UTC]``, the rest as ``string``.

        Raises:
            ImportError: if pandas is not installed (``pip install 'metricsdk[pandas]'``).
        """
        return _frame(self, "pandas", tables.to_pandas)

    def to_polars(self) -> Any:
        """The rows as a ``polars.DataFrame`` (``Int64``, ``Datetime("us", "UTC")``,
        ``String``).

        Raises:
            ImportError: if polars is not installed (``pip install 'metricsdk[polars]'``).
        """
        return _frame(self, "polars", tables.to_polars)

    def to_arrow(self) -> Any:
        """The rows as a ``pyarrow.Table`` (``int64``, ``timestamp[us, tz=UTC]``, ``string``).

        Raises:
            ImportError: if pyarrow is not installed (``pip install 'metricsdk[arrow]'``).
        """
        return _frame(self, "arrow", tables.to_arrow)


def table_columns(table: ReportTable) -> list[Column]:
    """The table's columns as `metricsdk._core.tables` column specs."""
    return [Column(name, _KINDS[table.column_types[name]]) for name in table.columns]


def _frame(table: ReportTable, library: str, convert: Callable[..., Any]) -> Any:
    columns = table_columns(table)
    data = [[row[name] for row in table.rows] for name in table.columns]
    return convert(columns, data, needed_by=f"ReportTable.to_{library}()")


def read_report(source: ReportSource) -> ReportTable:
    """Read a downloaded report file (what `BlendVisionClient.download_report` wrote).

    Args:
        source: the file's path, its bytes, or a binary file object open for reading.

    Returns:
        The file's rows, with typed cells (see `metricsdk.blendvision.rows`).

    Raises:
        InvalidInputError: if ``source`` is none of those, or is not UTF-8 text.
        OSError: if the path cannot be read.
    """
    data = _read_bytes(source)
    try:
        text = data.decode("utf-8-sig") if data.startswith(codecs.BOM_UTF8) else data.decode()
    except UnicodeDecodeError:
        raise InvalidInputError("source", "is not a UTF-8 text report file") from None
    lines = [line for line in csv.reader(io.StringIO(text, newline="")) if line]
    if not lines:
        return ReportTable(columns=[], column_types={}, rows=[])
    width = max(len(line) for line in lines)
    names = _column_names(lines[0], width)
    body = lines[1:]
    typed = [_typed_column([_cell(line, i) for line in body]) for i in range(width)]
    column_types = {name: kind for name, (kind, _) in zip(names, typed, strict=True)}
    rows = [
        {name: values[n] for name, (_, values) in zip(names, typed, strict=True)}
        for n in range(len(body))
    ]
    return ReportTable(columns=names, column_types=column_types, rows=rows)


def _read_bytes(source: ReportSource) -> bytes:
    if isinstance(source, bytes):
        return source
    if isinstance(source, (str, os.PathLike)):
        return Path(source).read_bytes()
    read = getattr(source, "read", None)
    if callable(read):
        data = read()
        if isinstance(data, bytes):
            return data
    raise InvalidInputError(
        "source", "must be a path, bytes, or a binary file object open for reading"
    )


def _cell(line: Sequence[str], index: int) -> str | None:
    if index >= len(line) or line[index] == "":
        return None
    return line[index]


def _column_names(header: Sequence[str], width: int) -> list[str]:
    names: list[str] = []
    for index in range(width):
        name = header[index].strip() if index < len(header) else ""
        names.append(name if name and name not in names else f"column_{index + 1}")
    return names


def _typed_column(cells: Sequence[str | None]) -> tuple[type, list[Any]]:
    """The column's type and its cells read as that type."""
    present = [cell.strip() for cell in cells if cell is not None]
    if present and all(_INTEGER.fullmatch(cell) for cell in present):
        return int, [None if cell is None else int(cell) for cell in cells]
    if present and all(_DATE_TIME.fullmatch(cell) for cell in present):
        try:
            return datetime, [None if cell is None else _timestamp(cell) for cell in cells]
        except ValueError:  # shaped like a date-time, but no real one (month 13)
            pass
    return str, list(cells)


def _timestamp(cell: str) -> datetime:
    # Rebuilt in the one form datetime.fromisoformat reads on every Python from 3.10: before
    # 3.11 it reads neither "Z", nor an offset without a colon, nor a fraction of other than
    # 3 or 6 digits.
    match = _DATE_TIME.fullmatch(cell.strip())
    if match is None:
        raise ValueError(f"not an ISO 8601 date and time: {cell!r}")
    day, minute, second, fraction, offset = match.groups()
    if not offset or offset in "Zz":
        offset = "+00:00"
    elif ":" not in offset:
        offset = f"{offset[:3]}:{offset[3:]}"
    text = f"{day}T{minute}:{second or '00'}.{(fraction or '')[:6].ljust(6, '0')}{offset}"
    return tables.parse_timestamp(text)
