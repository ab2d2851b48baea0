"""Amazon SES v2 VDM metrics: ``BatchGetMetricData``."""

from metricsdk.sesv2.async_client import AsyncSESv2Client
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
from metricsdk.sesv2.rows import (
    MetricDataRow,
    MetricErrorRow,
    record_batch_schema,
    record_batches,
)
from metricsdk.sesv2.sync_client import SESv2Client

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
    "MetricDataRow",
    "MetricDimensionName",
    "MetricErrorRow",
    "MetricNamespace",
    "NotFoundException",
    "QueryErrorCode",
    "SESv2Client",
    "TooManyRequestsException",
    "record_batch_schema",
    "record_batches",
]
