"""Tables out of answers: column specs, and the conversion of rows to pandas, polars and Arrow.

pandas, polars and pyarrow are optional extras. Each is imported here, only when a conversion
to it is asked for, so importing metricsdk never pays for (or needs) any of them; a missing one
is an ImportError naming the ``pip install`` that brings it.

Every library gets the same logical types, chosen so a pull reads the same in each:

| kind        | pandas                  | polars                       | Arrow                     |
|-------------|-------------------------|------------------------------|---------------------------|
| `TEXT`      | ``string``              | ``String``                   | ``string``                |
| `INTEGER`   | ``int64`` / ``Int64``   | ``Int64``                    | ``int64``                 |
| `TIMESTAMP` | ``datetime64[us, UTC]`` | ``Datetime("us", "UTC")``    | ``timestamp[us, tz=UTC]`` |
| `MAPPING`   | ``object`` (dicts)      | ``List(Struct(key, value))`` | ``map<string, string>``   |

A nullable integer column is pandas' nullable ``Int64``; polars and Arrow integers are always
nullable. Microseconds, because that is what a Python ``datetime`` holds, and because
nanoseconds would cap timestamps at the year 2262. polars has no map type: a mapping is a list
of ``{key, value}`` structs, exactly as polars reads an Arrow map.
"""

from __future__ import annotations

import enum
import importlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime, timezone
from types import ModuleType
from typing import Any

import attrs

__all__ = [
    "FRAME_CONVERSIONS",
    "Column",
    "TableConversion",
    "Kind",
    "arrow_schema",
    "columns_of",
    "format_dimensions",
    "format_timestamp",
    "parse_dimensions",
    "parse_timestamp",
    "require_extra",
    "to_arrow",
    "to_pandas",
    "to_polars",
    "to_record_batch",
]


class Kind(enum.Enum):
    """The logical type of a column."""

    TEXT = "text"
    INTEGER = "integer"
    TIMESTAMP = "timestamp"
    MAPPING = "mapping"


@attrs.frozen
class Column:
    """One column of a table: its name, its kind, and whether a cell can be missing."""

    name: str
    kind: Kind
    nullable: bool = True


_EXTRAS = {"pandas": "pandas", "polars": "polars", "pyarrow": "arrow"}


def require_extra(module: str, *, needed_by: str, instead: str = "to_rows()") -> ModuleType:
    """Import an optional extra, or raise an ImportError saying what to install.

    Args:
        module: ``"pandas"``, ``"polars"`` or ``"pyarrow"`` (or a submodule of one).
        needed_by: what needs it, for the message, e.g. ``"MetricSeries.to_pandas()"``.
        instead: what works without it, for the message.

    Raises:
        ImportError: naming the ``pip install`` to run.
    """
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        top = module.split(".", 1)[0]
        extra = _EXTRAS.get(top, top)
        raise ImportError(
            f"{needed_by} needs {top}, which metricsdk does not install by default; run "
            f"`pip install 'metricsdk[{extra}]'` (or `pip install {top}`), or use {instead}"
        ) from exc


def columns_of(rows: Sequence[Sequence[Any]], width: int) -> list[list[Any]]:
    """The rows' cells as one list per column (``width`` of them, even with no rows)."""
    if not rows:
        return [[] for _ in range(width)]
    return [list(column) for column in zip(*rows, strict=True)]


def _mapping_cells(cells: Iterable[Mapping[str, str] | None]) -> list[list[tuple[str, str]] | None]:
    return [None if cell is None else [(str(k), str(v)) for k, v in cell.items()] for cell in cells]


# -- pandas ---------------------------------------------------------------------------------------


def _pandas_dtype(pandas: ModuleType, column: Column) -> Any:
    if column.kind is Kind.TEXT:
        return pandas.StringDtype()
    if column.kind is Kind.INTEGER:
        return pandas.Int64Dtype() if column.nullable else "int64"
    if column.kind is Kind.TIMESTAMP:
        return pandas.DatetimeTZDtype("us", "UTC")
    return object


def _pandas_frame(pandas: ModuleType, columns: Sequence[Column], data: Sequence[list[Any]]) -> Any:
    series = {}
    for column, cells in zip(columns, data, strict=True):
        dtype = _pandas_dtype(pandas, column)
        if column.kind is Kind.MAPPING:
            values = pandas.Series(
                [None if cell is None else dict(cell) for cell in cells], dtype=object
            )
        elif column.kind is Kind.TIMESTAMP:
            # Through an index, never `Series(datetimes, dtype=...)`: pandas 2 and 3 disagree
            # on how that treats aware datetimes, while this reads them as instants in both.
            values = pandas.Series(
                pandas.DatetimeIndex(cells, dtype=dtype) if cells else [], dtype=dtype
            )
        else:
            values = pandas.Series(cells, dtype=dtype)
        series[column.name] = values
    return pandas.DataFrame(series, columns=[column.name for column in columns])


# -- Arrow ----------------------------------------------------------------------------------------


def _arrow_type(pyarrow: ModuleType, kind: Kind) -> Any:
    if kind is Kind.TEXT:
        return pyarrow.string()
    if kind is Kind.INTEGER:
        return pyarrow.int64()
    if kind is Kind.TIMESTAMP:
        return pyarrow.timestamp("us", tz="UTC")
    return pyarrow.map_(pyarrow.string(), pyarrow.string())


def _arrow_schema(pyarrow: ModuleType, columns: Sequence[Column]) -> Any:
    return pyarrow.schema(
        [
            pyarrow.field(column.name, _arrow_type(pyarrow, column.kind), column.nullable)
            for column in columns
        ]
    )


def arrow_schema(columns: Sequence[Column], *, needed_by: str, instead: str = "to_rows()") -> Any:
    """The ``pyarrow.Schema`` of a table of ``columns``."""
    return _arrow_schema(require_extra("pyarrow", needed_by=needed_by, instead=instead), columns)


def _arrow_arrays(
    pyarrow: ModuleType, columns: Sequence[Column], data: Sequence[list[Any]]
) -> list[Any]:
    arrays = []
    for column, cells in zip(columns, data, strict=True):
        kind = _arrow_type(pyarrow, column.kind)
        values = _mapping_cells(cells) if column.kind is Kind.MAPPING else cells
        arrays.append(pyarrow.array(values, type=kind))
    return arrays


def _arrow_table(pyarrow: ModuleType, columns: Sequence[Column], data: Sequence[list[Any]]) -> Any:
    arrays = _arrow_arrays(pyarrow, columns, data)
    return pyarrow.Table.from_arrays(arrays, schema=_arrow_schema(pyarrow, columns))


def _arrow_batch(pyarrow: ModuleType, columns: Sequence[Column], data: Sequence[list[Any]]) -> Any:
    arrays = _arrow_arrays(pyarrow, columns, data)
    return pyarrow.RecordBatch.from_arrays(arrays, schema=_arrow_schema(pyarrow, columns))


# -- polars ---------------------------------------------------------------------------------------


def _polars_dtype(polars: ModuleType, kind: Kind) -> Any:
    if kind is Kind.TEXT:
        return polars.String
    if kind is Kind.INTEGER:
        return polars.Int64
    if kind is Kind.TIMESTAMP:
        return polars.Datetime("us", "UTC")
    return polars.List(polars.Struct({"key": polars.String, "value": polars.String}))


def _polars_frame(polars: ModuleType, columns: Sequence[Column], data: Sequence[list[Any]]) -> Any:
    series = []
    for column, cells in zip(columns, data, strict=True):
        values: list[Any] = cells
        if column.kind is Kind.MAPPING:
            values = [
                None if pairs is None else [{"key": k, "value": v} for k, v in pairs]
                for pairs in _mapping_cells(cells)
            ]
        series.append(polars.Series(column.name, values, dtype=_polars_dtype(polars, column.kind)))
    return polars.DataFrame(series)


# -- the conversions ------------------------------------------------------------------------------


class TableConversion:
    """A conversion of a table to one library's type: called with ``(columns, data, *,
    needed_by, instead)``, it imports the library (see `require_extra`) and builds the table.

    The four conversions differ only in the library and how the table is built from it, so
    each is one of these rather than a function of its own.

    Args:
        module: the library's module.
        build: builds the table from the imported module, the columns and ``data`` (one list
            per column).
        doc: what the conversion returns.
    """

    def __init__(
        self,
        module: str,
        build: Callable[[ModuleType, Sequence[Column], Sequence[list[Any]]], Any],
        doc: str,
    ) -> None:
        self._module = module
        self._build = build
        self.__doc__ = doc

    def __call__(
        self,
        columns: Sequence[Column],
        data: Sequence[list[Any]],
        *,
        needed_by: str,
        instead: str = "to_rows()",
    ) -> Any:
        """The table of ``data`` (one list per column) of ``columns``, in this library's type."""
        library = require_extra(self._module, needed_by=needed_by, instead=instead)
        return self._build(library, columns, data)

    def __repr__(self) -> str:
        return f"TableConversion({self._module!r})"


to_pandas = TableConversion(
    "pandas",
    _pandas_frame,
    "A ``pandas.DataFrame`` of ``data`` (one list per column), with the kinds' dtypes.",
)
to_polars = TableConversion(
    "polars",
    _polars_frame,
    "A ``polars.DataFrame`` of ``data`` (one list per column), with the kinds' dtypes.",
)
to_arrow = TableConversion(
    "pyarrow",
    _arrow_table,
    "A ``pyarrow.Table`` of ``data`` (one list per column), with the kinds' types.",
)
to_record_batch = TableConversion(
    "pyarrow",
    _arrow_batch,
    "A ``pyarrow.RecordBatch`` of ``data`` (one list per column), with the kinds' types.",
)

FRAME_CONVERSIONS: dict[str, TableConversion] = {
    "pandas": to_pandas,
    "polars": to_polars,
    "arrow": to_arrow,
}
"""The conversion behind each ``to_<library>()`` method, by the library's name in it."""


# -- text forms (CSV, JSON lines) -----------------------------------------------------------------


def format_timestamp(value: datetime) -> str:
    """ISO 8601 in UTC with a ``Z``: ``2026-01-01T00:00:00Z`` (microseconds only when set)."""
    return value.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")


def parse_timestamp(text: str) -> datetime:
    """An aware UTC datetime from ISO 8601 (``Z`` or an offset; no offset means UTC).

    Raises:
        ValueError: if ``text`` is not ISO 8601.
    """
    text = text.strip()
    if text[-1:] in ("Z", "z"):
        text = text[:-1] + "+00:00"
    value = datetime.fromisoformat(text)
    if value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


def _escape(text: str) -> str:
    return text.replace("%", "%25").replace(";", "%3B").replace("=", "%3D")


def _unescape(text: str) -> str:
    return text.replace("%3D", "=").replace("%3B", ";").replace("%25", "%")


def format_dimensions(value: Mapping[str, str]) -> str:
    """A mapping as ``NAME=VALUE;NAME=VALUE``, in its own order.

    A ``%``, ``;`` or ``=`` inside a name or value is written ``%25``, ``%3B`` or ``%3D``, so
    that `parse_dimensions` reads back exactly what was written.
    """
    return ";".join(f"{_escape(name)}={_escape(cell)}" for name, cell in value.items())


def parse_dimensions(text: str) -> dict[str, str]:
    """The mapping `format_dimensions` wrote (``""`` is an empty mapping).

    Raises:
        ValueError: if a pair has no ``=``.
    """
    if not text:
        return {}
    pairs = {}
    for pair in text.split(";"):
        name, separator, cell = pair.partition("=")
        if not separator:
            raise ValueError(f"{pair!r} is not NAME=VALUE")
        pairs[_unescape(name)] = _unescape(cell)
    return pairs
