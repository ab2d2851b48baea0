"""Oracle IoT Cloud Service monitoring metrics: outbound data volume and its sibling metrics."""

from metricsdk.oracle_iot.client import AsyncOracleIoTClient, OracleIoTClient
from metricsdk.oracle_iot.models import (
    DateTimeValue,
    Link,
    MetricQuery,
    MetricSeries,
    Period,
    SortOrder,
)

__all__ = [
    "AsyncOracleIoTClient",
    "DateTimeValue",
    "Link",
    "MetricQuery",
    "MetricSeries",
    "OracleIoTClient",
    "Period",
    "SortOrder",
]
