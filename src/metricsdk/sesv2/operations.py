"""SES v2 metrics wire format, sans I/O: build ``BatchGetMetricData``, parse its answer.

rest-json protocol: ``POST /v2/email/metrics/batch`` with a JSON body, PascalCase names,
timestamps as epoch seconds. The export jobs are in `metricsdk.sesv2.export_operations`, the
account's lists and settings in `metricsdk.sesv2.account_operations`; what they share, in
`metricsdk.sesv2.wire`.

Unlike the other operations, this one is written and read by hand rather than by the AWS
converter: it is the first call of almost every program, and the converter (cattrs and the
functions it generates) costs about 10 ms to build. The hand-written functions apply the very
checks the converter applies (`metricsdk._core.converters`), and a test holds the two to the
same output for valid and broken answers alike.
"""

from __future__ import annotations

from typing import Any

from metricsdk._core.aws_protocol import read_aws_timestamp, write_aws_timestamp
from metricsdk._core.converters import (
    checked_list,
    checked_object,
    datetimes,
    ints,
    load_json_object,
    open_enum,
    read_answer,
    strict,
)
from metricsdk._core.transport import RequestSpec
from metricsdk.errors import MalformedResponseError
from metricsdk.sesv2.models import (
    BatchGetMetricDataQuery,
    BatchGetMetricDataRequest,
    BatchGetMetricDataResponse,
    MetricDataError,
    MetricDataResult,
    QueryErrorCode,
)
from metricsdk.sesv2.pacing import METRIC_DATA
from metricsdk.sesv2.wire import SERVICE, SERVICE_ID, SIGNING_NAME, rest_spec

__all__ = [
    "SERVICE",
    "SERVICE_ID",
    "SIGNING_NAME",
    "build_batch_get_metric_data",
    "default_endpoint",
    "parse_batch_get_metric_data",
    "query_to_wire",
    "response_from_wire",
]

_BATCH_GET_METRIC_DATA = "BatchGetMetricData"


def default_endpoint(region: str) -> str:
    """The public SES v2 endpoint of a region."""
    return f"https://email.{region}.amazonaws.com"


def build_batch_get_metric_data(request: BatchGetMetricDataRequest) -> RequestSpec:
    """The HTTP request for ``BatchGetMetricData``; it weighs one unit per query, against the
    client's ``rate_limiter`` (16 calls and 160 queries per second)."""
    body = {"Queries": [query_to_wire(q) for q in request.queries]}
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
    answer = read_answer(
        response_from_wire, data, status=200, service=SERVICE, operation=_BATCH_GET_METRIC_DATA
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


def query_to_wire(query: BatchGetMetricDataQuery) -> dict[str, Any]:
    """One query as the model's ``BatchGetMetricDataQuery`` shape; ``Dimensions`` only when
    given, and last, as the converter writes it (the same bytes, so the same signature)."""
    wire: dict[str, Any] = {
        "Id": query.id,
        "Metric": query.metric.value,
        "StartDate": write_aws_timestamp(query.start_date),
        "EndDate": write_aws_timestamp(query.end_date),
        "Namespace": query.namespace.value,
    }
    if query.dimensions is not None:
        wire["Dimensions"] = {name.value: value for name, value in query.dimensions.items()}
    return wire


def response_from_wire(data: Any) -> BatchGetMetricDataResponse:
    """A decoded answer as `BatchGetMetricDataResponse`, leniently (every member optional,
    unknown members ignored, a null member absent); ``TypeError``/``ValueError`` for a member
    of the wrong type."""
    members = checked_object(data)
    results, errors = members.get("Results"), members.get("Errors")
    return BatchGetMetricDataResponse(
        results=[] if results is None else [_result(item) for item in checked_list(results)],
        errors=[] if errors is None else [_error(item) for item in checked_list(errors)],
    )


def _result(data: Any) -> MetricDataResult:
    members = checked_object(data)
    query_id, timestamps, values = (members.get(k) for k in ("Id", "Timestamps", "Values"))
    return MetricDataResult(
        id=None if query_id is None else strict(str, query_id),
        timestamps=[]
        if timestamps is None
        else datetimes(timestamps, read_aws_timestamp, numbers_are_epoch_seconds=True),
        values=[] if values is None else ints(values),
    )


def _error(data: Any) -> MetricDataError:
    members = checked_object(data)
    query_id, code, message = (members.get(k) for k in ("Id", "Code", "Message"))
    return MetricDataError(
        id=None if query_id is None else strict(str, query_id),
        code="" if code is None else open_enum(QueryErrorCode, strict(str, code)),
        message="" if message is None else strict(str, message),
    )
