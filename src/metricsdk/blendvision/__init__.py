"""BlendVision One analytics: event and summary reports, created, waited for and downloaded.

```python
from metricsdk.blendvision import BlendVisionClient, AsyncBlendVisionClient
```
"""

from metricsdk.blendvision.async_client import AsyncBlendVisionClient
from metricsdk.blendvision.download import Destination
from metricsdk.blendvision.errors import ReportLinkExpiredError
from metricsdk.blendvision.models import (
    BatchGetEventReportsRequest,
    BatchGetEventReportsResponse,
    BatchGetSummaryReportsRequest,
    BatchGetSummaryReportsResponse,
    CreateEventReportRequest,
    CreateEventReportResponse,
    CreateSummaryReportRequest,
    CreateSummaryReportResponse,
    DimensionWithCondition,
    ErrorInfo,
    EventReport,
    EventReportKey,
    EventReportStatus,
    EventType,
    GroupByField,
    Interval,
    ReportDimension,
    ReportFilter,
    SummaryDimensionWithCondition,
    SummaryReport,
    SummaryReportDimension,
    SummaryReportKey,
)
from metricsdk.blendvision.rows import ReportSource, ReportTable, read_report
from metricsdk.blendvision.sync_client import BlendVisionClient

__all__ = [
    "AsyncBlendVisionClient",
    "BatchGetEventReportsRequest",
    "BatchGetEventReportsResponse",
    "BatchGetSummaryReportsRequest",
    "BatchGetSummaryReportsResponse",
    "BlendVisionClient",
    "CreateEventReportRequest",
    "CreateEventReportResponse",
    "CreateSummaryReportRequest",
    "CreateSummaryReportResponse",
    "Destination",
    "DimensionWithCondition",
    "ErrorInfo",
    "EventReport",
    "EventReportKey",
    "EventReportStatus",
    "EventType",
    "GroupByField",
    "Interval",
    "ReportDimension",
    "ReportFilter",
    "ReportLinkExpiredError",
    "ReportSource",
    "ReportTable",
    "SummaryDimensionWithCondition",
    "SummaryReport",
    "SummaryReportDimension",
    "SummaryReportKey",
    "read_report",
]
