"""SES v2 metric answers as tidy rows, DataFrames and Arrow record batches.

An answer names each result only by its query id; the metric and dimensions come from the
queries, which is why the functions here take them. One row per point:

| column         | type                              | notes                               |
|----------------|-----------------------------------|-------------------------------------|
| ``query_id``   | ``str``                           | the query's id                      |
| ``metric``     | ``str`` or ``None``               | ``None`` when the query was not given |
| ``dimensions`` | ``dict[str, str]`` or ``None``    | ``{}`` for a query without dimensions |
| ``timestamp``  | aware UTC ``datetime``            | the day the value counts            |
| ``value``      | ``int``                           | ``None`` if a timestamp lacks a value |

Errors have ``query_id, metric, dimensions, code, message``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import datetime
from itertools import zip_longest
from typing import Any, NamedTuple

from metricsdk._core import tables
from metricsdk._core.tables import Column, Kind
from metricsdk.errors import InvalidInputError
from metricsdk.sesv2.models import (
    BatchGetMetricDataQuery,
    BatchGetMetricDataResponse,
    MetricDataError,
    MetricDataResult,
)

__all__ = [
    "ERROR_COLUMNS",
    "METRIC_COLUMNS",
    "MetricDataRow",
    "MetricErrorRow",
    "QueryIndex",
    "error_frame",
    "error_row",
    "error_rows",
    "index_queries",
    "metric_frame",
    "metric_rows",
    "record_batch_schema",
    "record_batches",
    "result_rows",
]

METRIC_COLUMNS = (
    Column("query_id", Kind.TEXT),
    Column("metric", Kind.TEXT),
    Column("dimensions", Kind.MAPPING),
    Column("timestamp", Kind.TIMESTAMP),
    Column("value", Kind.INTEGER),
)
"""The columns of a point, in order."""

ERROR_COLUMNS = (
    Column("query_id", Kind.TEXT),
    Column("metric", Kind.TEXT),
    Column("dimensions", Kind.MAPPING),
    Column("code", Kind.TEXT, nullable=False),
    Column("message", Kind.TEXT, nullable=False),
)
"""The columns of a query's error, in order."""


class MetricDataRow(NamedTuple):
    """One point of a metric query's answer.

    Attributes:
        query_id: the query's id.
        metric: the metric's wire name (``"SEND"``), or ``None`` if the query was not given.
        dimensions: the query's dimensions by wire name (``{}`` for none), or ``None`` if the
            query was not given.
        timestamp: when, as a timezone-aware UTC datetime.
        value: the value; ``None`` only if the answer gave fewer values than timestamps.
    """

    query_id: str | None
    metric: str | None
    dimensions: dict[str, str] | None
    timestamp: datetime | None
    value: int | None


class MetricErrorRow(NamedTuple):
    """A query that failed.

    Attributes:
        query_id: the query's id.
        metric: the metric's wire name, or ``None`` if the query was not given.
        dimensions: the query's dimensions (``{}`` for none), or ``None`` if not given.
        code: why it failed (``"ACCESS_DENIED"``, or an exception's code).
        message: the explanation.
    """

    query_id: str | None
    metric: str | None
    dimensions: dict[str, str] | None
    code: str
    message: str


QueryIndex = Mapping[str, BatchGetMetricDataQuery]
"""Queries by id."""


def index_queries(queries: Iterable[BatchGetMetricDataQuery]) -> dict[str, BatchGetMetricDataQuery]:
    """The queries by id (the last of a repeated id wins)."""
    return {query.id: query for query in queries}


def _labels(query_id: str | None, queries: QueryIndex) -> tuple[str | None, dict[str, str] | None]:
    query = queries.get(query_id) if query_id is not None else None
    if query is None:
        return None, None
    dimensions = {str(name): value for name, value in (query.dimensions or {}).items()}
    return str(query.metric), dimensions


def result_rows(result: MetricDataResult, queries: QueryIndex) -> list[MetricDataRow]:
    """The points of one result, labelled from its query."""
    metric, dimensions = _labels(result.id, queries)
    return [
        MetricDataRow(result.id, metric, dimensions, timestamp, value)
        for timestamp, value in zip_longest(result.timestamps, result.values)
    ]


def error_row(error: MetricDataError, queries: QueryIndex) -> MetricErrorRow:
    """One error, labelled from its query."""
    metric, dimensions = _labels(error.id, queries)
    return MetricErrorRow(error.id, metric, dimensions, str(error.code), error.message)


def metric_rows(
    response: BatchGetMetricDataResponse, queries: Iterable[BatchGetMetricDataQuery] = ()
) -> list[MetricDataRow]:
    """Every point of every result, in the answer's order."""
    index = index_queries(queries)
    rows: list[MetricDataRow] = []
    for result in response.results:
        rows += result_rows(result, index)
    return rows


def error_rows(
    response: BatchGetMetricDataResponse, queries: Iterable[BatchGetMetricDataQuery] = ()
) -> list[MetricErrorRow]:
    """Every error, in the answer's order."""
    index = index_queries(queries)
    return [error_row(error, index) for error in response.errors]


def metric_frame(
    response: BatchGetMetricDataResponse,
    queries: Iterable[BatchGetMetricDataQuery],
    library: str,
) -> Any:
    """The points as a ``library`` (``"pandas"``, ``"polars"`` or ``"arrow"``) table."""
    return _frame(METRIC_COLUMNS, metric_rows(response, queries), library, "to")


def error_frame(
    response: BatchGetMetricDataResponse,
    queries: Iterable[BatchGetMetricDataQuery],
    library: str,
) -> Any:
    """The errors as a ``library`` (``"pandas"``, ``"polars"`` or ``"arrow"``) table."""
    return _frame(ERROR_COLUMNS, error_rows(response, queries), library, "errors_to")


def _frame(columns: tuple[Column, ...], rows: list[Any], library: str, method: str) -> Any:
    # ``method`` names the response method that asked, for the message of a missing extra.
    return tables.FRAME_CONVERSIONS[library](
        columns,
        tables.columns_of(rows, len(columns)),
        needed_by=f"BatchGetMetricDataResponse.{method}_{library}()",
    )


def record_batch_schema() -> Any:
    """The ``pyarrow.Schema`` of `record_batches`' batches (and of ``to_arrow()``), to open a
    writer before the first batch arrives.

    Raises:
        ImportError: if pyarrow is not installed.
    """
    return tables.arrow_schema(METRIC_COLUMNS, needed_by="record_batch_schema()")


def record_batches(
    items: Iterable[MetricDataResult | MetricDataError],
    *,
    queries: Iterable[BatchGetMetricDataQuery],
    rows_per_batch: int = 65_536,
    on_error: Callable[[MetricErrorRow], object] | None = None,
) -> Iterator[Any]:
    """`iter_metric_data`'s items as ``pyarrow.RecordBatch``es of `METRIC_COLUMNS`, built as
    the items arrive: at most about ``rows_per_batch`` points are held at a time, so a pull of
    any size can be written out (to Parquet, Arrow IPC, a database) as it runs.

    Args:
        items: what `SESv2Client.iter_metric_data` yields.
        queries: the queries asked, to label each point with its metric and dimensions.
        rows_per_batch: a batch is handed on once it holds at least this many points (one
            result is never split); the last batch may be smaller.
        on_error: called with each error as its row; errors are otherwise left out.

    Returns:
        An iterator of record batches, all with the same schema; none for a pull without
        points.

    Raises:
        ImportError: if pyarrow is not installed (raised at once, not at the first batch).
        InvalidInputError: if ``rows_per_batch`` is not a positive integer.
    """
    needed_by = "metricsdk.sesv2.rows.record_batches()"
    tables.require_extra("pyarrow", needed_by=needed_by)
    if (
        isinstance(rows_per_batch, bool)
        or not isinstance(rows_per_batch, int)
        or rows_per_batch < 1
    ):
        raise InvalidInputError("rows_per_batch", "must be a positive integer")
    return _batches(items, index_queries(queries), rows_per_batch, on_error, needed_by)


def _batches(
    items: Iterable[MetricDataResult | MetricDataError],
    index: QueryIndex,
    rows_per_batch: int,
    on_error: Callable[[MetricErrorRow], object] | None,
    needed_by: str,
) -> Iterator[Any]:
    pending: list[MetricDataRow] = []
    for item in items:
        if isinstance(item, MetricDataError):
            if on_error is not None:
                on_error(error_row(item, index))
            continue
        pending += result_rows(item, index)
        if len(pending) >= rows_per_batch:
            yield _record_batch(pending, needed_by)
            pending = []
    if pending:
        yield _record_batch(pending, needed_by)


def _record_batch(rows: list[MetricDataRow], needed_by: str) -> Any:
    data = tables.columns_of(rows, len(METRIC_COLUMNS))
    return tables.to_record_batch(METRIC_COLUMNS, data, needed_by=needed_by)
