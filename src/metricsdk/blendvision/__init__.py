"""BlendVision One analytics: event and summary reports, created, waited for and downloaded."""

from metricsdk.blendvision.client import (
    AsyncBlendVisionClient,
    BlendVisionClient,
    ReportLinkExpiredError,
)
from metricsdk.blendvision.models import (
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

__all__ = [
    "AsyncBlendVisionClient",
    "BlendVisionClient",
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
    "SummaryDimensionWithCondition",
    "SummaryReport",
    "SummaryReportDimension",
    "SummaryReportKey",
]
