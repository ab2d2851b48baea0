"""SES v2 VDM metrics models (``BatchGetMetricData``), after botocore's ``sesv2`` service model.

Plain data: validation happens at construction, wire names live in the converter.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

import attrs

from metricsdk._core.enums import WireEnum
from metricsdk._core.validation import (
    check_length,
    check_order,
    known_member,
    require_str,
    to_utc_datetime,
)
from metricsdk.errors import InvalidInputError

__all__ = [
    "MAX_QUERIES_PER_CALL",
    "BatchGetMetricDataQuery",
    "BatchGetMetricDataRequest",
    "BatchGetMetricDataResponse",
    "Metric",
    "MetricDataError",
    "MetricDataResult",
    "MetricDimensionName",
    "MetricNamespace",
    "QueryErrorCode",
]

MAX_QUERIES_PER_CALL = 10
"""``BatchGetMetricData`` takes 1 to 10 queries per call."""


class Metric(WireEnum):
    """A VDM metric."""

    SEND = "SEND"
    COMPLAINT = "COMPLAINT"
    PERMANENT_BOUNCE = "PERMANENT_BOUNCE"
    TRANSIENT_BOUNCE = "TRANSIENT_BOUNCE"
    OPEN = "OPEN"
    CLICK = "CLICK"
    DELIVERY = "DELIVERY"
    DELIVERY_OPEN = "DELIVERY_OPEN"
    DELIVERY_CLICK = "DELIVERY_CLICK"
    DELIVERY_COMPLAINT = "DELIVERY_COMPLAINT"


class MetricNamespace(WireEnum):
    """The namespace of a metric query."""

    VDM = "VDM"


class MetricDimensionName(WireEnum):
    """A dimension a metric query can filter on."""

    EMAIL_IDENTITY = "EMAIL_IDENTITY"
    CONFIGURATION_SET = "CONFIGURATION_SET"
    ISP = "ISP"
    TENANT_NAME = "TENANT_NAME"


class QueryErrorCode(WireEnum):
    """Why a single query of a batch failed."""

    INTERNAL_FAILURE = "INTERNAL_FAILURE"
    ACCESS_DENIED = "ACCESS_DENIED"


WILDCARD = "*"
# The model documents a dimension value as "*" or "a list of up to 10 specific values" carried
# in one string; we read the list as comma-separated. One constant, should that prove wrong.
DIMENSION_VALUE_SEPARATOR = ","
MAX_DIMENSION_VALUES = 10


def _dimensions(value: Mapping[Any, Any] | None) -> dict[MetricDimensionName, str] | None:
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise InvalidInputError("dimensions", "must be a mapping of dimension name to value")
    check_length("dimensions", value, 1, 3, unit="dimensions")
    checked: dict[MetricDimensionName, str] = {}
    for name, dim_value in value.items():
        key = known_member("dimensions", MetricDimensionName, name)
        field = f"dimensions[{key.value}]"
        require_str(field, dim_value)
        values = dim_value.split(DIMENSION_VALUE_SEPARATOR)
        if any(not v.strip() for v in values):
            raise InvalidInputError(field, "must not contain empty values")
        if len(values) > MAX_DIMENSION_VALUES:
            raise InvalidInputError(field, f"must list at most {MAX_DIMENSION_VALUES} values")
        checked[key] = dim_value
    _check_wildcard(checked)
    return checked


def _check_wildcard(dimensions: Mapping[MetricDimensionName, str]) -> None:
    wildcards = [name for name, v in dimensions.items() if v == WILDCARD]
    if not wildcards:
        return
    for name, dim_value in dimensions.items():
        if name in wildcards[:1]:
            continue
        if dim_value == WILDCARD or DIMENSION_VALUE_SEPARATOR in dim_value:
            raise InvalidInputError(
                f"dimensions[{name.value}]",
                f"must be a single value when dimensions[{wildcards[0].value}] is '*'",
            )


def _query_id(value: Any) -> str:
    return require_str("id", value, max_len=255)


def _metric(value: Any) -> Metric:
    return known_member("metric", Metric, value)


def _namespace(value: Any) -> MetricNamespace:
    return known_member("namespace", MetricNamespace, value)


def _start_date(value: Any) -> datetime:
    return to_utc_datetime("start_date", value)


def _end_date(value: Any) -> datetime:
    return to_utc_datetime("end_date", value)


@attrs.frozen(kw_only=True)
class BatchGetMetricDataQuery:
    """One metric query of a batch.

    Naive datetimes are taken as UTC; a ``date`` means midnight UTC.

    Attributes:
        id: your identifier for the query, 1–255 characters, unique within a call.
        metric: the metric to retrieve.
        start_date: the start of the interval.
        end_date: the end of the interval; after ``start_date``.
        dimensions: up to 3 filters, e.g. ``{MetricDimensionName.EMAIL_IDENTITY: "example.com"}``.
            One value may be ``"*"`` (all values); the others must then hold a single value.
        namespace: the metric namespace; only ``VDM`` exists.
    """

    id: str = attrs.field(converter=_query_id)
    metric: Metric = attrs.field(converter=_metric)
    start_date: datetime = attrs.field(converter=_start_date)
    end_date: datetime = attrs.field(converter=_end_date)
    dimensions: dict[MetricDimensionName, str] | None = attrs.field(
        default=None, converter=_dimensions, hash=False
    )
    namespace: MetricNamespace = attrs.field(default=MetricNamespace.VDM, converter=_namespace)

    def __attrs_post_init__(self) -> None:
        check_order("start_date", self.start_date, "end_date", self.end_date)


def check_unique_ids(field: str, queries: Sequence[BatchGetMetricDataQuery]) -> None:
    """Raise if two queries share an id."""
    seen: set[str] = set()
    for query in queries:
        if query.id in seen:
            raise InvalidInputError(field, f"query ids must be unique; {query.id!r} repeats")
        seen.add(query.id)


def checked_queries(value: Any, *, max_count: int | None) -> list[BatchGetMetricDataQuery]:
    """``value`` as a list of 1 to ``max_count`` queries with unique ids, or a clear error."""
    if isinstance(value, (str, bytes)):
        raise InvalidInputError("queries", "must be a list of BatchGetMetricDataQuery")
    try:
        queries = list(value)
    except TypeError:
        raise InvalidInputError("queries", "must be a list of BatchGetMetricDataQuery") from None
    check_length("queries", queries, 1, max_count, unit="queries")
    for i, query in enumerate(queries):
        if not isinstance(query, BatchGetMetricDataQuery):
            raise InvalidInputError(f"queries[{i}]", "must be a BatchGetMetricDataQuery")
    check_unique_ids("queries", queries)
    return queries


def _queries(value: Any) -> list[BatchGetMetricDataQuery]:
    return checked_queries(value, max_count=MAX_QUERIES_PER_CALL)


@attrs.frozen(kw_only=True)
class BatchGetMetricDataRequest:
    """The input of ``BatchGetMetricData``: 1 to 10 queries with unique ids."""

    queries: list[BatchGetMetricDataQuery] = attrs.field(converter=_queries)


@attrs.frozen(kw_only=True)
class MetricDataResult:
    """The answer to one query: parallel lists of timestamps (UTC) and values.

    Attributes:
        id: the query's id; ``None`` only if the answer left it out (the service model marks
            every member of a result optional), and ``get_metric_data`` then reports the query
            it could not match as missing from the answer.
        timestamps: when each value was measured.
        values: the values, one per timestamp.
    """

    id: str | None = None
    timestamps: list[datetime] = attrs.field(factory=list)
    values: list[int] = attrs.field(factory=list)


@attrs.frozen(kw_only=True)
class MetricDataError:
    """A query that failed; ``code`` is a `QueryErrorCode` or, if unknown to this SDK, a string.

    The SDK also reports a query whose whole call failed after retries as a `MetricDataError`
    whose ``code`` is that exception's code.

    Attributes:
        id: the query's id; ``None`` only if the answer left it out (the model marks it
            optional).
        code: why it failed; ``""`` if the answer gave no code.
        message: the service's explanation; ``""`` if it gave none.
    """

    id: str | None = None
    code: QueryErrorCode | str = ""
    message: str = ""


@attrs.frozen(kw_only=True)
class BatchGetMetricDataResponse:
    """The answer to ``BatchGetMetricData``: a result or an error per query."""

    results: list[MetricDataResult] = attrs.field(factory=list)
    errors: list[MetricDataError] = attrs.field(factory=list)
