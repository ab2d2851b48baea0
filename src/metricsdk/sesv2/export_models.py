"""Models of SES v2 export jobs (``CreateExportJob``, ``GetExportJob``, ``ListExportJobs``,
``CancelExportJob``), after botocore's ``sesv2`` service model (``sesv2/2019-09-27``, checked
against botocore 1.44.8).

An export job is AWS's bulk path for VDM metrics (a `MetricsDataSource`: dimensions, metrics and
an interval) or for message insights (a `MessageInsightsDataSource`); SES writes the file and,
once the job is ``COMPLETED``, ``GetExportJob`` answers a pre-signed link to it.

Requests are checked at construction, each check citing the constraint it applies (the model's,
or its documentation's where it states a rule); answers are read leniently (see
`metricsdk.sesv2.wire`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import attrs

from metricsdk._core.enums import WireEnum
from metricsdk._core.validation import check_length, known_member, require_str
from metricsdk.errors import InvalidInputError
from metricsdk.sesv2.checks import (
    INT32,
    checked_integer,
    checked_list,
    checked_next_token,
    optional_known,
)
from metricsdk.sesv2.models import (
    Metric,
    MetricDimensionName,
    MetricNamespace,
    _end_date,
    _namespace,
    _start_date,
)

__all__ = [
    "FINAL_JOB_STATES",
    "MAX_EXPORT_METRICS",
    "MAX_VALUES_PER_DIMENSION",
    "CancelExportJobRequest",
    "CancelExportJobResponse",
    "CreateExportJobRequest",
    "CreateExportJobResponse",
    "DataFormat",
    "DeliveryEventType",
    "EngagementEventType",
    "ExportDataSource",
    "ExportDestination",
    "ExportJobSummary",
    "ExportMetric",
    "ExportSourceType",
    "ExportStatistics",
    "FailureInfo",
    "GetExportJobRequest",
    "GetExportJobResponse",
    "JobStatus",
    "ListExportJobsRequest",
    "ListExportJobsResponse",
    "MessageInsightsDataSource",
    "MessageInsightsFilters",
    "MetricAggregation",
    "MetricsDataSource",
]

MAX_EXPORT_METRICS = 10
"""A metrics export takes 1 to 10 metrics (model: ``ExportMetrics``)."""
MAX_VALUES_PER_DIMENSION = 10
"""Each dimension of a metrics export takes 1 to 10 values (model: ``ExportDimensionValue``)."""
WILDCARD = "*"
"""The dimension value that stands for every value (``MetricDimensionValue``'s documentation)."""


class MetricAggregation(WireEnum):
    """How an exported metric is aggregated."""

    RATE = "RATE"
    VOLUME = "VOLUME"


class DataFormat(WireEnum):
    """The format of an export file."""

    CSV = "CSV"
    JSON = "JSON"


class ExportSourceType(WireEnum):
    """What an export job exports."""

    METRICS_DATA = "METRICS_DATA"
    MESSAGE_INSIGHTS = "MESSAGE_INSIGHTS"


class JobStatus(WireEnum):
    """Where an export job is in its life."""

    CREATED = "CREATED"
    PROCESSING = "PROCESSING"
    COMPLETED = "COMPLETED"
    FAILED = "FAILED"
    CANCELLED = "CANCELLED"


FINAL_JOB_STATES = frozenset({JobStatus.COMPLETED, JobStatus.FAILED, JobStatus.CANCELLED})
"""States an export job never leaves."""


class DeliveryEventType(WireEnum):
    """A message's last delivery event, for message insights filters."""

    SEND = "SEND"
    DELIVERY = "DELIVERY"
    TRANSIENT_BOUNCE = "TRANSIENT_BOUNCE"
    PERMANENT_BOUNCE = "PERMANENT_BOUNCE"
    UNDETERMINED_BOUNCE = "UNDETERMINED_BOUNCE"
    COMPLAINT = "COMPLAINT"


class EngagementEventType(WireEnum):
    """A message's last engagement event, for message insights filters."""

    OPEN = "OPEN"
    CLICK = "CLICK"


# -- the metrics source ------------------------------------------------------------------------


def _metric_name(value: Any) -> Metric | str | None:
    return optional_known("name", Metric, value)  # model: the Metric enum


def _aggregation(value: Any) -> MetricAggregation | str | None:
    return optional_known("aggregation", MetricAggregation, value)  # model: MetricAggregation


@attrs.frozen(kw_only=True)
class ExportMetric:
    """One metric of a metrics export and how to aggregate it, e.g.
    ``ExportMetric(name="SEND", aggregation="VOLUME")``.

    Attributes:
        name: a `Metric` (the model makes it optional).
        aggregation: ``RATE`` or ``VOLUME`` (optional too).
    """

    name: Metric | str | None = attrs.field(default=None, converter=_metric_name)
    aggregation: MetricAggregation | str | None = attrs.field(default=None, converter=_aggregation)


def _plain(text: str) -> str:
    """A checked string as a plain ``str`` (a ``str`` enum member gives its value)."""
    return str.__str__(text)


def _dimension_values(field: str, value: Any) -> list[str]:
    if isinstance(value, str):  # one value, the common case, without the list around it
        value = [value]
    # model: ExportDimensionValue, a list of 1 to 10 MetricDimensionValue, plain strings
    values = checked_list(field, value, MAX_VALUES_PER_DIMENSION, min_len=1, unit="values")
    for index, item in enumerate(values):
        require_str(f"{field}[{index}]", item, min_len=0)
    return [_plain(item) for item in values]


def _export_dimensions(value: Any) -> dict[MetricDimensionName | str, list[str]]:
    if not isinstance(value, Mapping):
        raise InvalidInputError("dimensions", "must be a mapping of dimension name to values")
    # model: ExportDimensions, a map of 1 to 3 entries keyed by the MetricDimensionName enum
    check_length("dimensions", value, 1, 3, unit="dimensions")
    checked: dict[MetricDimensionName | str, list[str]] = {}
    for name, values in value.items():
        key = known_member("dimensions", MetricDimensionName, name)
        checked[key] = _dimension_values(f"dimensions[{key.value}]", values)
    # MetricDimensionValue's documentation: "If one Dimension has the * value, other dimensions
    # can only contain one value."
    wildcards = [name for name, values in checked.items() if WILDCARD in values]
    for name, values in checked.items():
        if wildcards and name != wildcards[0] and len(values) != 1:
            raise InvalidInputError(
                f"dimensions[{_name(name)}]",
                f"must hold exactly one value, as dimensions[{_name(wildcards[0])}] holds '*'",
            )
    return checked


def _name(key: MetricDimensionName | str) -> str:
    return key.value if isinstance(key, MetricDimensionName) else key


def _export_metrics(value: Any) -> list[ExportMetric]:
    # model: ExportMetrics, 1 to 10 ExportMetric
    metrics = checked_list("metrics", value, MAX_EXPORT_METRICS, min_len=1, unit="metrics")
    for index, metric in enumerate(metrics):
        if not isinstance(metric, ExportMetric):
            raise InvalidInputError(f"metrics[{index}]", "must be an ExportMetric")
    return metrics


@attrs.frozen(kw_only=True)
class MetricsDataSource:
    """What a metrics export exports: metrics, filtered by dimensions, over an interval.

    Naive datetimes are taken as UTC; a ``date`` means midnight UTC. The model sets no order
    between the two dates: the service judges the interval.

    Attributes:
        dimensions: 1 to 3 dimensions, each with 1 to 10 values (a single string is one value),
            e.g. ``{"EMAIL_IDENTITY": ["a.example", "b.example"], "ISP": "*"}``. ``"*"`` stands
            for every value; when one dimension holds it, each other holds exactly one value
            (as the model's documentation says).
        metrics: 1 to 10 `ExportMetric`.
        start_date: the start of the interval.
        end_date: the end of the interval.
        namespace: the metric namespace; only ``VDM`` exists.
    """

    dimensions: dict[MetricDimensionName | str, list[str]] = attrs.field(
        converter=_export_dimensions, hash=False
    )
    namespace: MetricNamespace | str = attrs.field(
        default=MetricNamespace.VDM, converter=_namespace
    )
    metrics: list[ExportMetric] = attrs.field(converter=_export_metrics, hash=False)
    start_date: datetime = attrs.field(converter=_start_date)
    end_date: datetime = attrs.field(converter=_end_date)


# -- the message insights source ---------------------------------------------------------------


def _strings(field: str, value: Any, max_len: int, text_max: int | None, min_text: int) -> Any:
    if value is None:
        return None
    items = checked_list(field, value, max_len)
    for index, item in enumerate(items):
        require_str(f"{field}[{index}]", item, min_len=min_text, max_len=text_max)
    return [_plain(item) for item in items]


def _from_addresses(value: Any) -> list[str] | None:
    # model: EmailAddressFilterList, at most 5 InsightsEmailAddress of 1 to 320 characters
    result: list[str] | None = _strings("from_email_address", value, 5, 320, 1)
    return result


def _destinations(value: Any) -> list[str] | None:
    # model: EmailAddressFilterList, at most 5 InsightsEmailAddress of 1 to 320 characters
    result: list[str] | None = _strings("destination", value, 5, 320, 1)
    return result


def _subjects(value: Any) -> list[str] | None:
    # model: EmailSubjectFilterList, at most 1 EmailSubject of 1 to 998 characters
    result: list[str] | None = _strings("subject", value, 1, 998, 1)
    return result


def _isps(value: Any) -> list[str] | None:
    # model: IspFilterList, at most 5 Isp (plain strings)
    result: list[str] | None = _strings("isp", value, 5, None, 0)
    return result


def _tenant_names(value: Any) -> list[str] | None:
    # model: TenantNameFilterList, at most 5 TenantName of at least 1 character
    result: list[str] | None = _strings("tenant_name", value, 5, None, 1)
    return result


def _delivery_events(value: Any) -> list[DeliveryEventType | str] | None:
    # model: LastDeliveryEventList, at most 5 of the DeliveryEventType enum
    if value is None:
        return None
    items = checked_list("last_delivery_event", value, 5)
    return [
        known_member(f"last_delivery_event[{i}]", DeliveryEventType, item)
        for i, item in enumerate(items)
    ]


def _engagement_events(value: Any) -> list[EngagementEventType | str] | None:
    # model: LastEngagementEventList, at most 2 of the EngagementEventType enum
    if value is None:
        return None
    items = checked_list("last_engagement_event", value, 2)
    return [
        known_member(f"last_engagement_event[{i}]", EngagementEventType, item)
        for i, item in enumerate(items)
    ]


@attrs.frozen(kw_only=True)
class MessageInsightsFilters:
    """Which messages a message insights export includes (or excludes). Filters are joined by
    AND, the values of one filter by OR; the addresses and the subject match exactly, or by
    ``*`` at either end. The model marks addresses and subjects sensitive: they are left out of
    this object's ``repr``.

    Attributes:
        from_email_address: at most 5 sender addresses, each 1–320 characters.
        destination: at most 5 recipient addresses, each 1–320 characters.
        subject: at most 1 subject, 1–998 characters.
        isp: at most 5 recipient ISPs (``"Gmail"``...).
        tenant_name: at most 5 tenant names.
        last_delivery_event: at most 5 `DeliveryEventType`.
        last_engagement_event: at most 2 `EngagementEventType`.
    """

    from_email_address: list[str] | None = attrs.field(
        default=None, converter=_from_addresses, repr=False, hash=False
    )
    destination: list[str] | None = attrs.field(
        default=None, converter=_destinations, repr=False, hash=False
    )
    subject: list[str] | None = attrs.field(
        default=None, converter=_subjects, repr=False, hash=False
    )
    isp: list[str] | None = attrs.field(default=None, converter=_isps, hash=False)
    tenant_name: list[str] | None = attrs.field(default=None, converter=_tenant_names, hash=False)
    last_delivery_event: list[DeliveryEventType | str] | None = attrs.field(
        default=None, converter=_delivery_events, hash=False
    )
    last_engagement_event: list[EngagementEventType | str] | None = attrs.field(
        default=None, converter=_engagement_events, hash=False
    )


def _filters(field: str, value: Any) -> MessageInsightsFilters | None:
    if value is not None and not isinstance(value, MessageInsightsFilters):
        raise InvalidInputError(field, "must be a MessageInsightsFilters")
    return value


def _include(value: Any) -> MessageInsightsFilters | None:
    return _filters("include", value)


def _exclude(value: Any) -> MessageInsightsFilters | None:
    return _filters("exclude", value)


def _max_results(value: Any) -> int | None:
    # model: MessageInsightsExportMaxResults, 1 to 10000
    return checked_integer("max_results", value, 1, 10_000)


@attrs.frozen(kw_only=True)
class MessageInsightsDataSource:
    """What a message insights export exports: messages sent within an interval, filtered.

    Attributes:
        start_date: the start of the interval (inclusive).
        end_date: the end of the interval (inclusive).
        include: messages to include.
        exclude: messages to leave out.
        max_results: the most messages, 1 to 10000 (the service's default is 1000).
    """

    start_date: datetime = attrs.field(converter=_start_date)
    end_date: datetime = attrs.field(converter=_end_date)
    include: MessageInsightsFilters | None = attrs.field(default=None, converter=_include)
    exclude: MessageInsightsFilters | None = attrs.field(default=None, converter=_exclude)
    max_results: int | None = attrs.field(default=None, converter=_max_results)


# -- the job ---------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class ExportDataSource:
    """What an export job exports: exactly one of the two sources (the model's documentation:
    "It can only contain one of MetricsDataSource or MessageInsightsDataSource").

    `create_export_job` also takes either source as it is and wraps it in this.

    Attributes:
        metrics_data_source: VDM metrics.
        message_insights_data_source: message insights.
    """

    metrics_data_source: MetricsDataSource | None = None
    message_insights_data_source: MessageInsightsDataSource | None = None

    def __attrs_post_init__(self) -> None:
        # The model's documentation: "It can only contain one of MetricsDataSource or
        # MessageInsightsDataSource object." (the model itself requires neither)
        sources = (self.metrics_data_source, self.message_insights_data_source)
        if sum(source is not None for source in sources) != 1:
            raise InvalidInputError(
                "export_data_source",
                "must hold exactly one of metrics_data_source and message_insights_data_source",
            )
        if self.metrics_data_source is not None and not isinstance(
            self.metrics_data_source, MetricsDataSource
        ):
            raise InvalidInputError("metrics_data_source", "must be a MetricsDataSource")
        if self.message_insights_data_source is not None and not isinstance(
            self.message_insights_data_source, MessageInsightsDataSource
        ):
            raise InvalidInputError(
                "message_insights_data_source", "must be a MessageInsightsDataSource"
            )


def _data_format(value: Any) -> DataFormat | str:
    return known_member("data_format", DataFormat, value)  # model: the DataFormat enum


def _s3_url(value: Any) -> str | None:
    return None if value is None else require_str("s3_url", value, min_len=0)


@attrs.frozen(kw_only=True)
class ExportDestination:
    """The format of an export's file and, in an answer, where to fetch it.

    Attributes:
        data_format: ``CSV`` or ``JSON``.
        s3_url: set by SES in ``GetExportJob``'s answer once the job is ``COMPLETED``: a
            pre-signed link to the file, valid five minutes (`download_export_job` asks for a
            fresh one and fetches it). Never sent: the model's documentation says a
            ``CreateExportJob`` request that includes it fails.
    """

    data_format: DataFormat | str = attrs.field(converter=_data_format)
    s3_url: str | None = attrs.field(default=None, converter=_s3_url)


def _export_data_source(value: Any) -> ExportDataSource:
    if isinstance(value, MetricsDataSource):
        return ExportDataSource(metrics_data_source=value)
    if isinstance(value, MessageInsightsDataSource):
        return ExportDataSource(message_insights_data_source=value)
    if not isinstance(value, ExportDataSource):
        raise InvalidInputError(
            "export_data_source",
            "must be a MetricsDataSource, a MessageInsightsDataSource or an ExportDataSource",
        )
    # One read from an answer was not held to the request rules: apply them now.
    return ExportDataSource(
        metrics_data_source=value.metrics_data_source,
        message_insights_data_source=value.message_insights_data_source,
    )


def _export_destination(value: Any) -> ExportDestination:
    if not isinstance(value, ExportDestination):
        value = ExportDestination(data_format=value)
    # The member's documentation: "If you include this field in a CreateExportJob request, the
    # request fails with a BadRequestException."
    if value.s3_url is not None:
        raise InvalidInputError(
            "export_destination.s3_url",
            "must not be set: SES writes the file where it manages and GetExportJob answers a "
            "link to it (a CreateExportJob request with S3Url fails)",
        )
    return ExportDestination(data_format=value.data_format)


@attrs.frozen(kw_only=True)
class CreateExportJobRequest:
    """The input of ``CreateExportJob``.

    Attributes:
        export_data_source: a `MetricsDataSource` or `MessageInsightsDataSource` (or an
            `ExportDataSource` holding one).
        export_destination: an `ExportDestination`, or just its format (``"CSV"``, ``"JSON"``).
    """

    export_data_source: ExportDataSource = attrs.field(converter=_export_data_source)
    export_destination: ExportDestination = attrs.field(converter=_export_destination)


@attrs.frozen(kw_only=True)
class CreateExportJobResponse:
    """The answer to ``CreateExportJob``.

    Attributes:
        job_id: the new job's identifier, for `get_export_job`, the waiter and the download.
    """

    # The model marks JobId optional, as it does every output member; but an answer without one
    # leaves the caller nothing to follow, cancel or wait for, so the SDK needs it and reads its
    # absence as a MalformedResponseError.
    job_id: str


def _job_id(value: Any) -> str:
    return require_str("job_id", value)  # model: JobId, at least 1 character


@attrs.frozen(kw_only=True)
class GetExportJobRequest:
    """The input of ``GetExportJob``.

    Attributes:
        job_id: the job, at least one character.
    """

    job_id: str = attrs.field(converter=_job_id)


@attrs.frozen(kw_only=True)
class CancelExportJobRequest:
    """The input of ``CancelExportJob``.

    Attributes:
        job_id: the job, at least one character.
    """

    job_id: str = attrs.field(converter=_job_id)


@attrs.frozen(kw_only=True)
class CancelExportJobResponse:
    """The answer to ``CancelExportJob``: empty; the job moves to ``CANCELLED``."""


@attrs.frozen(kw_only=True)
class FailureInfo:
    """Why an export job failed.

    Attributes:
        failed_records_s3_url: a pre-signed link to the records that failed, with details.
        error_message: the reason.
    """

    failed_records_s3_url: str | None = None
    error_message: str | None = None


@attrs.frozen(kw_only=True)
class ExportStatistics:
    """What an export job did.

    Attributes:
        processed_records_count: records read to make the file.
        exported_records_count: records in the file (not known for every source type).
    """

    processed_records_count: int | None = None
    exported_records_count: int | None = None


@attrs.frozen(kw_only=True)
class GetExportJobResponse:
    """The answer to ``GetExportJob``: the job's parameters, its status and, once it is
    ``COMPLETED``, the link to its file in ``export_destination.s3_url``.

    Every member is optional in the model.

    Attributes:
        job_id: the job.
        export_source_type: an `ExportSourceType` (or a string).
        job_status: a `JobStatus`, or a string for a state this SDK does not know yet.
        export_destination: the format, and the file's link once completed.
        export_data_source: what the job exports.
        created_timestamp: when it was created (UTC).
        completed_timestamp: when it ended (UTC).
        failure_info: why it failed, when it did.
        statistics: what it did.
    """

    job_id: str | None = None
    export_source_type: ExportSourceType | str | None = None
    job_status: JobStatus | str | None = None
    export_destination: ExportDestination | None = None
    export_data_source: ExportDataSource | None = None
    created_timestamp: datetime | None = None
    completed_timestamp: datetime | None = None
    failure_info: FailureInfo | None = None
    statistics: ExportStatistics | None = None

    @property
    def is_final(self) -> bool:
        """Whether the job reached ``COMPLETED``, ``FAILED`` or ``CANCELLED``."""
        return self.job_status in FINAL_JOB_STATES


def _source_type(value: Any) -> ExportSourceType | str | None:
    return optional_known("export_source_type", ExportSourceType, value)  # model: the enum


def _job_status(value: Any) -> JobStatus | str | None:
    return optional_known("job_status", JobStatus, value)  # model: the JobStatus enum


def _page_size(value: Any) -> int | None:
    return checked_integer("page_size", value, *INT32)  # model: MaxItems, an integer


@attrs.frozen(kw_only=True)
class ListExportJobsRequest:
    """The input of ``ListExportJobs``.

    Attributes:
        next_token: the ``next_token`` of the previous page.
        page_size: jobs per page (the model bounds it by its type only).
        export_source_type: only jobs of this `ExportSourceType`.
        job_status: only jobs in this `JobStatus`.
    """

    next_token: str | None = attrs.field(default=None, converter=checked_next_token)
    page_size: int | None = attrs.field(default=None, converter=_page_size)
    export_source_type: ExportSourceType | str | None = attrs.field(
        default=None, converter=_source_type
    )
    job_status: JobStatus | str | None = attrs.field(default=None, converter=_job_status)


@attrs.frozen(kw_only=True)
class ExportJobSummary:
    """One export job in a listing.

    Attributes:
        job_id: the job.
        export_source_type: an `ExportSourceType` (or a string).
        job_status: a `JobStatus` (or a string).
        created_timestamp: when it was created (UTC).
        completed_timestamp: when it ended (UTC).
    """

    job_id: str | None = None
    export_source_type: ExportSourceType | str | None = None
    job_status: JobStatus | str | None = None
    created_timestamp: datetime | None = None
    completed_timestamp: datetime | None = None


@attrs.frozen(kw_only=True)
class ListExportJobsResponse:
    """One page of ``ListExportJobs``.

    Attributes:
        export_jobs: the jobs on this page.
        next_token: pass it back for the next page; ``None`` on the last page.
    """

    export_jobs: list[ExportJobSummary] = attrs.field(factory=list)
    next_token: str | None = None
