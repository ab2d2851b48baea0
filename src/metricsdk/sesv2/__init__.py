"""Amazon SES v2 VDM metrics: ``BatchGetMetricData``."""

from metricsdk.sesv2.client import AsyncSESv2Client, SESv2Client
from metricsdk.sesv2.errors import (
    BadRequestException,
    InternalServiceErrorException,
    NotFoundException,
    TooManyRequestsException,
)
from metricsdk.sesv2.models import (
    BatchGetMetricDataQuery,
    BatchGetMetricDataRequest,
    BatchGetMetricDataResponse,
    Metric,
    MetricDataError,
    MetricDataResult,
    MetricDimensionName,
    MetricNamespace,
    QueryErrorCode,
)

__all__ = [
    "AsyncSESv2Client",
    "BadRequestException",
    "BatchGetMetricDataQuery",
    "BatchGetMetricDataRequest",
    "BatchGetMetricDataResponse",
    "InternalServiceErrorException",
    "Metric",
    "MetricDataError",
    "MetricDataResult",
    "MetricDimensionName",
    "MetricNamespace",
    "NotFoundException",
    "QueryErrorCode",
    "SESv2Client",
    "TooManyRequestsException",
]
