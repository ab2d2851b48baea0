"""Emulated SES v2 ``BatchGetMetricData`` (rest-json), checked against botocore's model.

A request is refused exactly where the service model (``sesv2/2019-09-27``, botocore 1.44.8)
refuses it: members required, of the right JSON type, within their lengths and enums. What the
model leaves open is accepted: ids repeated within a batch, any string as a dimension value,
any order of the two dates (the API reference pages say no more than the model about them).
The values come from `metricsdk.testing._emulator.sesv2_data`, which metrics export jobs read
too. The other SES v2 operations are in `metricsdk.testing._emulator.sesv2_resources`.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any

from metricsdk.testing._emulator.aws import aws_error, epoch_number
from metricsdk.testing._emulator.limits import CallerWindows
from metricsdk.testing._emulator.service import Refusal
from metricsdk.testing._emulator.sesv2_base import SESv2Base
from metricsdk.testing._emulator.sesv2_data import (
    DIMENSIONS,
    METRICS,
    daily_points,
    fraction,
    metric_value,
)
from metricsdk.testing._emulator.wire import Answer, Incoming, json_answer

__all__ = ["SESv2Service", "metric_value"]


class SESv2Service(SESv2Base):
    """``POST /v2/email/metrics/batch`` with the published limits per access key."""

    def __init__(
        self,
        secrets: dict[str, str],
        *,
        calls_per_second: int | None,
        queries_per_second: int | None,
        internal_failure_rate: float,
        access_denied_rate: float,
    ) -> None:
        self._secrets = secrets
        self._windows = CallerWindows(calls_per_second, queries_per_second)
        self.internal_failure_rate = internal_failure_rate
        self.access_denied_rate = access_denied_rate
        self._asked: dict[str, int] = {}
        self._lock = threading.Lock()

    def route(self, request: Incoming) -> str | None:
        if request.method == "POST" and request.raw_path == "/v2/email/metrics/batch":
            return "BatchGetMetricData"
        return None

    def weight(self, request: Incoming, operation: str) -> int:
        try:
            queries = request.json().get("Queries")
        except (ValueError, AttributeError):
            return 1
        return len(queries) if isinstance(queries, list) and queries else 1

    def handle(self, request: Incoming, operation: str, identity: str, now: float) -> Answer:
        queries = _validated(request)
        results, errors = [], []
        for query in queries:
            failure = self._query_failure(query["Id"])
            if failure:
                errors.append({"Id": query["Id"], "Code": failure, "Message": failure.lower()})
            else:
                results.append(_result(query))
        return json_answer(200, {"Results": results, "Errors": errors})

    def _query_failure(self, query_id: str) -> str | None:
        if fraction("denied", query_id) < self.access_denied_rate:
            return "ACCESS_DENIED"
        # INTERNAL_FAILURE is transient: a chosen query fails the first time it is asked only.
        with self._lock:
            first_time = self._asked.get(query_id, 0) == 0
            self._asked[query_id] = self._asked.get(query_id, 0) + 1
        if first_time and fraction("internal", query_id) < self.internal_failure_rate:
            return "INTERNAL_FAILURE"
        return None


def _bad(message: str) -> Refusal:
    return Refusal(aws_error(400, "BadRequestException", message))


def _validated(request: Incoming) -> list[dict[str, Any]]:
    try:
        body = request.json()
    except ValueError:
        raise _bad("The request body is not valid JSON") from None
    queries = body.get("Queries") if isinstance(body, dict) else None
    # model: BatchGetMetricDataRequest.Queries, required, 1 to 10 (BatchGetMetricDataQueries)
    if not isinstance(queries, list) or not 1 <= len(queries) <= 10:
        raise _bad("Queries must be a list of 1 to 10 queries")
    for query in queries:
        _check_query(query)
    return queries


def _check_query(query: Any) -> None:
    # model: BatchGetMetricDataQuery; Id, Namespace, Metric, StartDate and EndDate required
    if not isinstance(query, dict):
        raise _bad("Each query must be an object")
    qid = query.get("Id")
    if not isinstance(qid, str) or not 1 <= len(qid) <= 255:  # QueryIdentifier, 1 to 255
        raise _bad("Id must be 1 to 255 characters")
    if query.get("Namespace") != "VDM":  # the MetricNamespace enum
        raise _bad("Namespace must be VDM")
    if query.get("Metric") not in METRICS:  # the Metric enum
        raise _bad(f"Unknown metric {query.get('Metric')!r}")
    if epoch_number(query.get("StartDate")) is None or epoch_number(query.get("EndDate")) is None:
        raise _bad("StartDate and EndDate must be timestamps")
    dims = query.get("Dimensions")
    # Dimensions: a map of 1 to 3 entries, keys of the MetricDimensionName enum, values plain
    # strings (MetricDimensionValue: no length, no pattern)
    if dims is not None and (
        not isinstance(dims, dict)
        or not 1 <= len(dims) <= 3
        or not set(dims) <= DIMENSIONS
        or not all(isinstance(v, str) for v in dims.values())
    ):
        raise _bad("Dimensions must map 1 to 3 known dimension names to strings")


def _result(query: Mapping[str, Any]) -> dict[str, Any]:
    days = daily_points(float(query["StartDate"]), float(query["EndDate"]))  # checked numbers
    dims = query.get("Dimensions") or {}
    return {
        "Id": query["Id"],
        "Timestamps": days,
        "Values": [metric_value(query["Metric"], dims, day) for day in days],
    }
