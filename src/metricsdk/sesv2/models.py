"""SES v2 VDM metrics models (``BatchGetMetricData``), after botocore's ``sesv2`` service model
(``sesv2/2019-09-27``, checked against botocore 1.44.8).

Plain data: validation happens at construction, wire names live in the converter. A request is
checked only against what the service model states, and each check says which constraint it
applies; the service decides everything else. Answers are read without these checks.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

import attrs

from metricsdk._core.enums import WireEnum
from metricsdk._core.validation import check_length, known_member, require_str, to_utc_datetime
from metricsdk.errors import InvalidInputError

if TYPE_CHECKING:  # the row types live with the code that makes them
    from metricsdk.sesv2.rows import MetricDataRow, MetricErrorRow

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
"""``BatchGetMetricData`` takes 1 to 10 queries per call (model: ``BatchGetMetricDataQueries``,
min 1, max 10)."""


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


def _dimensions(value: Mapping[Any, Any] | None) -> dict[MetricDimensionName, str] | None:
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise InvalidInputError("dimensions", "must be a mapping of dimension name to value")
    # Model: Dimensions is a map of 1 to 3 entries keyed by the MetricDimensionName enum, whose
    # values (MetricDimensionValue) are plain strings with no length or pattern constraint.
    # The value's documentation speaks of "*" and of "a list of up to 10 specific values":
    # the shape is shared with CreateExportJob's ExportDimensionValue, a list of 1 to 10 of
    # them; here the value is one string, which the SDK sends as given.
    check_length("dimensions", value, 1, 3, unit="dimensions")
    checked: dict[MetricDimensionName, str] = {}
    for name, dim_value in value.items():
        key = known_member("dimensions", MetricDimensionName, name)
        checked[key] = require_str(f"dimensions[{key.value}]", dim_value, min_len=0)
    return checked


def _query_id(value: Any) -> str:
    return require_str("id", value, max_len=255)  # model: QueryIdentifier, 1 to 255


def _metric(value: Any) -> Metric:
    return known_member("metric", Metric, value)  # model: the Metric enum


def _namespace(value: Any) -> MetricNamespace:
    return known_member("namespace", MetricNamespace, value)  # model: the MetricNamespace enum


def _start_date(value: Any) -> datetime:
    return to_utc_datetime("start_date", value)


def _end_date(value: Any) -> datetime:
    return to_utc_datetime("end_date", value)


@attrs.frozen(kw_only=True)
class BatchGetMetricDataQuery:
    """One metric query of a batch.

    Naive datetimes are taken as UTC; a ``date`` means midnight UTC. Checked as the service
    model states (all five members but ``dimensions`` required); the service itself judges the
    interval (the model sets no order between the two dates).

    Attributes:
        id: your identifier for the query, 1–255 characters.
        metric: the metric to retrieve.
        start_date: the start of the interval.
        end_date: the end of the interval.
        dimensions: 1 to 3 filters, e.g. ``{MetricDimensionName.EMAIL_IDENTITY: "example.com"}``;
            each value is one string, sent as given (``"*"`` for all values).
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


def check_unique_ids(field: str, queries: Sequence[BatchGetMetricDataQuery]) -> None:
    """Raise if two queries share an id.

    Not a service rule (the model says nothing of it): ``get_metric_data`` needs it, since it
    matches each answer to its query by id across batches and rounds.
    """
    seen: set[str] = set()
    for query in queries:
        if query.id in seen:
            raise InvalidInputError(field, f"query ids must be unique; {query.id!r} repeats")
        seen.add(query.id)


def checked_queries(
    value: Any, *, max_count: int | None, unique_ids: bool = False
) -> list[BatchGetMetricDataQuery]:
    """``value`` as a list of 1 to ``max_count`` queries (with unique ids when ``unique_ids``),
    or a clear error."""
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
    if unique_ids:
        check_unique_ids("queries", queries)
    return queries


def _queries(value: Any) -> list[BatchGetMetricDataQuery]:
    # Model: BatchGetMetricDataQueries, 1 to 10 queries; it asks nothing of their ids.
    return checked_queries(value, max_count=MAX_QUERIES_PER_CALL)


@attrs.frozen(kw_only=True)
class BatchGetMetricDataRequest:
    """The input of ``BatchGetMetricData``: 1 to 10 queries."""

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
    """The answer to ``BatchGetMetricData`` (and ``get_metric_data``'s merged answer): a result
    or an error per query.

    The ``to_*`` methods give it as a table, one row per point, with the columns
    ``query_id, metric, dimensions, timestamp, value`` (see `metricsdk.sesv2.rows`). An answer
    names each result only by its id: pass the ``queries`` you asked to fill ``metric`` and
    ``dimensions`` (they stay empty for an id not among them). The ``errors_to_*`` methods give
    the errors the same way, as ``query_id, metric, dimensions, code, message``.

    Attributes:
        results: the answered queries.
        errors: the failed queries.
    """

    results: list[MetricDataResult] = attrs.field(factory=list)
    errors: list[MetricDataError] = attrs.field(factory=list)

    def to_rows(self, queries: Iterable[BatchGetMetricDataQuery] = ()) -> list[MetricDataRow]:
        """Every point as a `MetricDataRow`, result by result in the answer's order."""
        from metricsdk.sesv2 import rows  # the row helpers import this module

        return rows.metric_rows(self, queries)

    def errors_to_rows(
        self, queries: Iterable[BatchGetMetricDataQuery] = ()
    ) -> list[MetricErrorRow]:
        """Every error as a `MetricErrorRow`, in the answer's order."""
        from metricsdk.sesv2 import rows

        return rows.error_rows(self, queries)

    def to_pandas(self, queries: Iterable[BatchGetMetricDataQuery] = ()) -> Any:
        """The points as a ``pandas.DataFrame``: ``string`` ids and metrics, ``dimensions`` as
        dicts, ``timestamp`` as ``datetime64[us, UTC]``, ``value`` as nullable ``Int64``.

        Raises:
            ImportError: if pandas is not installed (``pip install 'metricsdk[pandas]'``).
        """
        from metricsdk.sesv2 import rows

        return rows.metric_frame(self, queries, "pandas")

    def to_polars(self, queries: Iterable[BatchGetMetricDataQuery] = ()) -> Any:
        """The points as a ``polars.DataFrame``: ``String``, ``dimensions`` as a list of
        ``{key, value}`` structs, ``Datetime("us", "UTC")`` and ``Int64`` columns.

        Raises:
            ImportError: if polars is not installed (``pip install 'metricsdk[polars]'``).
        """
        from metricsdk.sesv2 import rows

        return rows.metric_frame(self, queries, "polars")

    def to_arrow(self, queries: Iterable[BatchGetMetricDataQuery] = ()) -> Any:
        """The points as a ``pyarrow.Table``: ``string``, ``dimensions`` as
        ``map<string, string>``, ``timestamp[us, tz=UTC]`` and ``int64`` columns.

        Raises:
            ImportError: if pyarrow is not installed (``pip install 'metricsdk[arrow]'``).
        """
        from metricsdk.sesv2 import rows

        return rows.metric_frame(self, queries, "arrow")

    def errors_to_pandas(self, queries: Iterable[BatchGetMetricDataQuery] = ()) -> Any:
        """The errors as a ``pandas.DataFrame``; see `errors_to_rows`.

        Raises:
            ImportError: if pandas is not installed.
        """
        from metricsdk.sesv2 import rows

        return rows.error_frame(self, queries, "pandas")

    def errors_to_polars(self, queries: Iterable[BatchGetMetricDataQuery] = ()) -> Any:
        """The errors as a ``polars.DataFrame``; see `errors_to_rows`.

        Raises:
            ImportError: if polars is not installed.
        """
        from metricsdk.sesv2 import rows

        return rows.error_frame(self, queries, "polars")

    def errors_to_arrow(self, queries: Iterable[BatchGetMetricDataQuery] = ()) -> Any:
        """The errors as a ``pyarrow.Table``; see `errors_to_rows`.

        Raises:
            ImportError: if pyarrow is not installed.
        """
        from metricsdk.sesv2 import rows

        return rows.error_frame(self, queries, "arrow")
