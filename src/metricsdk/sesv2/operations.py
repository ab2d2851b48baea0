"""SES v2 metrics wire format, sans I/O: build ``BatchGetMetricData``, parse its answer.

rest-json protocol: ``POST /v2/email/metrics/batch`` with a JSON body, PascalCase names,
timestamps as epoch seconds. The export jobs are in `metricsdk.sesv2.export_operations`, the
account's lists and settings in `metricsdk.sesv2.account_operations`; what they share, in
`metricsdk.sesv2.wire`.
"""

from __future__ import annotations

from metricsdk._core.aws_protocol import AWS_CONVERTER
from metricsdk._core.converters import load_json_object, structure_answer
from metricsdk._core.transport import RequestSpec
from metricsdk.errors import MalformedResponseError
from metricsdk.sesv2.models import BatchGetMetricDataRequest, BatchGetMetricDataResponse
from metricsdk.sesv2.pacing import METRIC_DATA
from metricsdk.sesv2.wire import SERVICE, SERVICE_ID, SIGNING_NAME, rest_spec

__all__ = [
    "SERVICE",
    "SERVICE_ID",
    "SIGNING_NAME",
    "build_batch_get_metric_data",
    "default_endpoint",
    "parse_batch_get_metric_data",
]

_BATCH_GET_METRIC_DATA = "BatchGetMetricData"


def default_endpoint(region: str) -> str:
    """The public SES v2 endpoint of a region."""
    return f"https://email.{region}.amazonaws.com"


def build_batch_get_metric_data(request: BatchGetMetricDataRequest) -> RequestSpec:
    """The HTTP request for ``BatchGetMetricData``; it weighs one unit per query, against the
    client's ``rate_limiter`` (16 calls and 160 queries per second)."""
    body = {"Queries": [AWS_CONVERTER.unstructure(q) for q in request.queries]}
    return rest_spec(
        _BATCH_GET_METRIC_DATA,
        "POST",
        "/v2/email/metrics/batch",
        payload=body,
        idempotent=True,
        pacing=METRIC_DATA,
        weight=len(request.queries),
    )


def parse_batch_get_metric_data(body: bytes) -> BatchGetMetricDataResponse:
    """Read a successful ``BatchGetMetricData`` answer."""
    data = load_json_object(body, status=200, service=SERVICE, operation=_BATCH_GET_METRIC_DATA)
    answer = structure_answer(
        AWS_CONVERTER,
        data,
        BatchGetMetricDataResponse,
        status=200,
        service=SERVICE,
        operation=_BATCH_GET_METRIC_DATA,
    )
    for result in answer.results:
        if len(result.timestamps) != len(result.values):
            raise MalformedResponseError(
                f"{_BATCH_GET_METRIC_DATA}: result {result.id!r} has "
                f"{len(result.timestamps)} timestamps but {len(result.values)} values",
                status_code=200,
                service=SERVICE,
            )
    return answer
