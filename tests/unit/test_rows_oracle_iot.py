"""Oracle IoT series as rows: ``timestamp, value`` per point, in the series' order."""

from __future__ import annotations

from metricsdk.oracle_iot import DateTimeValue, MetricSeries, SeriesRow
from metricsdk.oracle_iot.models import from_epoch_ms


def test_one_row_per_point_in_the_series_order() -> None:
    late = DateTimeValue(date_time=from_epoch_ms(7_200_000), value=2)
    early = DateTimeValue(date_time=from_epoch_ms(3_600_000), value=1, date_time_as_string="x")
    rows = MetricSeries(items=[late, early]).to_rows()
    assert rows == [SeriesRow(late.date_time, 2), SeriesRow(early.date_time, 1)]
    assert SeriesRow._fields == ("timestamp", "value")
    assert rows[0].timestamp.utcoffset() is not None
    assert MetricSeries(items=[]).to_rows() == []
