"""Oracle IoT series as tidy rows and DataFrames.

One row per point, in the series' order:

| column      | type                    |
|-------------|-------------------------|
| ``timestamp`` | aware UTC ``datetime`` |
| ``value``   | ``int`` (never missing: a point without a value is refused when read) |

A series does not carry its metric's name; to stack several series, add a column for it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, NamedTuple

from metricsdk._core import tables
from metricsdk._core.tables import Column, Kind
from metricsdk.oracle_iot.models import MetricSeries

__all__ = ["SERIES_COLUMNS", "SeriesRow", "series_frame", "series_rows"]

SERIES_COLUMNS = (
    Column("timestamp", Kind.TIMESTAMP, nullable=False),
    Column("value", Kind.INTEGER, nullable=False),
)
"""The columns of a point, in order."""


class SeriesRow(NamedTuple):
    """One point of a series.

    Attributes:
        timestamp: when, as a timezone-aware UTC datetime.
        value: the measurement: bytes, messages or devices, depending on the metric.
    """

    timestamp: datetime
    value: int


def series_rows(series: MetricSeries) -> list[SeriesRow]:
    """The points of ``series`` as rows, in its order."""
    return [SeriesRow(item.date_time, item.value) for item in series.items]


def series_frame(series: MetricSeries, library: str) -> Any:
    """The points as a ``library`` (``"pandas"``, ``"polars"`` or ``"arrow"``) table."""
    data: list[list[Any]] = [
        [item.date_time for item in series.items],
        [item.value for item in series.items],
    ]
    return tables.FRAME_CONVERSIONS[library](
        SERIES_COLUMNS,
        data,
        needed_by=f"MetricSeries.to_{library}()",
        instead="to_rows() or as_pairs()",
    )
