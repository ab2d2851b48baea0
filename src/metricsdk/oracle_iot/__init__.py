"""Oracle IoT Cloud Service monitoring metrics (REST API v2): the outbound message data volume
of an application and its sibling metrics, each a time series, with sync and async clients.

```python
from metricsdk.oracle_iot import OracleIoTClient, Period

with OracleIoTClient(base_url=url, username=user, password=password) as iot:
    series = iot.get_outbound_message_data_volume(app_id="my-app", period=Period.DAILY)
```
"""

from metricsdk.oracle_iot.async_client import AsyncOracleIoTClient
from metricsdk.oracle_iot.errors import OracleErrorBody, SeriesFormatError
from metricsdk.oracle_iot.models import (
    AppMetric,
    DateTimeValue,
    InstanceMetric,
    Link,
    MetricQuery,
    MetricSeries,
    Period,
    SortOrder,
)
from metricsdk.oracle_iot.rows import SeriesRow
from metricsdk.oracle_iot.sync_client import OracleIoTClient

__all__ = [
    "AppMetric",
    "AsyncOracleIoTClient",
    "DateTimeValue",
    "InstanceMetric",
    "Link",
    "MetricQuery",
    "MetricSeries",
    "OracleErrorBody",
    "OracleIoTClient",
    "Period",
    "SeriesFormatError",
    "SeriesRow",
    "SortOrder",
]
