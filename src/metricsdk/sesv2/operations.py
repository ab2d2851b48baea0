"""SES v2 wire format, sans I/O: build each operation's request, parse its answer.

rest-json protocol: ``POST /v2/email/metrics/batch`` with a JSON body, PascalCase names,
timestamps as epoch seconds.
"""

from __future__ import annotations

import json

from metricsdk._core.aws_protocol import AWS_CONVERTER
from metricsdk._core.converters import load_json_object, structure_answer
from metricsdk._core.transport import RequestSpec
from metricsdk.errors import MalformedResponseError
from metricsdk.sesv2.models import BatchGetMetricDataRequest, BatchGetMetricDataResponse

__all__ = [
    "SERVICE",
    "SIGNING_NAME",
    "build_batch_get_metric_data",
    "default_endpoint",
    "parse_batch_get_metric_data",
]

SERVICE = "sesv2"
SERVICE_ID = "SESv2"  # botocore's serviceId: names AWS_ENDPOINT_URL_SESV2
SIGNING_NAME = "ses"
_BATCH_GET_METRIC_DATA = "BatchGetMetricData"
_JSON_HEADERS = (("content-type", "application/json"),)


def default_endpoint(region: str) -> str:
    """The public SES v2 endpoint of a region."""
    return f"https://email.{region}.amazonaws.com"


def build_batch_get_metric_data(request: BatchGetMetricDataRequest) -> RequestSpec:
    """The HTTP request for ``BatchGetMetricData``; it weighs one unit per query."""
    body = {"Queries": [AWS_CONVERTER.unstructure(q) for q in request.queries]}
    return RequestSpec(
        operation=_BATCH_GET_METRIC_DATA,
        method="POST",
        path="/v2/email/metrics/batch",
        headers=_JSON_HEADERS,
        body=json.dumps(body, separators=(",", ":")).encode(),
        idempotent=True,
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
