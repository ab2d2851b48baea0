"""Emulated SES v2 export jobs: ``CreateExportJob``, ``GetExportJob``, ``ListExportJobs``,
``CancelExportJob``, checked against botocore's model (``sesv2/2019-09-27``, botocore 1.44.8)
and the rules its documentation states.

A job goes ``CREATED`` -> ``PROCESSING`` -> ``COMPLETED`` over ``job_seconds`` (a third of it
``CREATED``), or ends ``FAILED`` when its data source names one of the failing values (a metrics
dimension value, a message insights ``Include`` value) or a metrics export would hold more than
`MAX_RECORDS` records. ``CancelExportJob`` ends a running job ``CANCELLED``; cancelling a
cancelled job changes nothing, cancelling a finished one is refused. Once ``COMPLETED``,
``GetExportJob`` answers a fresh pre-signed link to the file on the download origin in
``ExportDestination.S3Url``. With ``max_running`` set, a job created while that many are
running is refused with ``LimitExceededException``, which ``CreateExportJob`` lists. An unknown
job is a ``NotFoundException``, which both ``GetExportJob`` and ``CancelExportJob`` list.

Refused as the model refuses: required members, JSON types, enums, list and map sizes, lengths,
ranges. Refused as the documentation says: a data source with both sources or neither ("It can
only contain one of MetricsDataSource or MessageInsightsDataSource"), a dimension holding more
than one value when another holds ``*`` (``MetricDimensionValue``), and a request with
``ExportDestination.S3Url`` ("the request fails with a BadRequestException").
"""

from __future__ import annotations

import re
import threading
import uuid
from collections.abc import Callable, Iterable
from typing import Any

import attrs

from metricsdk.testing._emulator.aws import aws_error
from metricsdk.testing._emulator.lifecycle import job_state
from metricsdk.testing._emulator.service import Refusal
from metricsdk.testing._emulator.sesv2_account import SESv2Account
from metricsdk.testing._emulator.sesv2_data import DIMENSIONS, METRICS
from metricsdk.testing._emulator.sesv2_export_files import (
    MAX_RECORDS,
    ExportFileOrigin,
    insights_records,
    metrics_record_count,
    metrics_records,
    render,
)
from metricsdk.testing._emulator.sesv2_rules import (
    INT32,
    bad,
    enum_value,
    integer,
    not_found,
    obj,
    string,
    string_list,
    timestamp,
)

__all__ = ["ExportJobs"]

S3_URL = re.compile(r"^s3:\/\/([^\/]+)\/(.*?([^\/]+)\/?)$")  # model: S3Url
AGGREGATIONS = frozenset({"RATE", "VOLUME"})
DATA_FORMATS = frozenset({"CSV", "JSON"})
SOURCE_TYPES = frozenset({"METRICS_DATA", "MESSAGE_INSIGHTS"})
JOB_STATES = frozenset({"CREATED", "PROCESSING", "COMPLETED", "FAILED", "CANCELLED"})
STAGES = ("CREATED", "PROCESSING")  # a job's states before it ends
RUNNING = frozenset(STAGES)
DELIVERY_EVENTS = frozenset(
    {"SEND", "DELIVERY", "TRANSIENT_BOUNCE", "PERMANENT_BOUNCE", "UNDETERMINED_BOUNCE", "COMPLAINT"}
)
ENGAGEMENT_EVENTS = frozenset({"OPEN", "CLICK"})


@attrs.define
class _Job:
    job_id: str
    seq: int
    source_type: str
    source: dict[str, Any]  # the ExportDataSource as sent (checked)
    data_format: str
    created: float  # epoch seconds
    started: float  # monotonic
    records: int
    failure: str | None = None
    cancelled_after: float | None = None


class ExportJobs:
    """The account's export jobs and their life cycles.

    Args:
        job_seconds: how long a job takes to complete.
        failing_values: values whose jobs end ``FAILED``.
        files: the origin serving the finished files.
        account: the account whose addresses and tenants message insights draw on.
        wall_clock: epoch seconds, for the jobs' timestamps.
        max_running: the most jobs running at once (``None``: no limit).
    """

    def __init__(
        self,
        *,
        job_seconds: float,
        failing_values: Iterable[str],
        files: ExportFileOrigin,
        account: SESv2Account,
        wall_clock: Callable[[], float],
        max_running: int | None = None,
    ) -> None:
        self.job_seconds = job_seconds
        self.failing_values = frozenset(failing_values)
        self._files = files
        self._account = account
        self._wall = wall_clock
        self.max_running = max_running
        self._jobs: dict[str, _Job] = {}
        self._lock = threading.Lock()

    # -- operations: each takes the request's members (the body and the path's JobId) -------

    def create_job(self, body: dict[str, Any], region: str, now: float) -> dict[str, Any]:
        source_type, source = _checked_source(body.get("ExportDataSource"))
        data_format = _checked_destination(body.get("ExportDestination"))
        if source_type == "METRICS_DATA":
            records = metrics_record_count(source["MetricsDataSource"])
        else:
            records = len(self._insights(source["MessageInsightsDataSource"]))
        with self._lock:
            running = sum(self._state(j, now) in RUNNING for j in self._jobs.values())
            if self.max_running is not None and running >= self.max_running:
                raise Refusal(
                    aws_error(400, "LimitExceededException", "Too many export jobs are running")
                )
            job = _Job(
                job_id=str(uuid.uuid4()),
                seq=len(self._jobs),
                source_type=source_type,
                source=source,
                data_format=data_format,
                created=self._wall(),
                started=now,
                records=records,
                failure=self._failure(source, records),
            )
            self._jobs[job.job_id] = job
        return {"JobId": job.job_id}

    def get_job(self, body: dict[str, Any], region: str, now: float) -> dict[str, Any]:
        job = self._find(body)
        state = self._state(job, now)
        destination: dict[str, Any] = {"DataFormat": job.data_format}
        answer: dict[str, Any] = {
            **self._summary(job, state),
            "ExportDestination": destination,
            "ExportDataSource": job.source,
        }
        if state == "COMPLETED":
            self._files.publish(job.job_id, lambda: self._file(job))
            destination["S3Url"] = self._files.signed_link(job.job_id, job.data_format)
            answer["Statistics"] = {
                "ProcessedRecordsCount": job.records,
                "ExportedRecordsCount": job.records,
            }
        if state == "FAILED":
            answer["FailureInfo"] = {"ErrorMessage": job.failure}
        return answer

    def list_jobs(self, body: dict[str, Any], region: str, now: float) -> dict[str, Any]:
        # model: ListExportJobsRequest; every member optional
        size = integer(body.get("PageSize"), "PageSize", *INT32)  # MaxItems
        size = size if size is not None and size > 0 else 10
        source_type = enum_value(
            body.get("ExportSourceType"), "ExportSourceType", SOURCE_TYPES, required=False
        )
        status = enum_value(body.get("JobStatus"), "JobStatus", JOB_STATES, required=False)
        token = string(body.get("NextToken"), "NextToken", required=False)
        before = None if token is None else _seq_token(token)
        with self._lock:
            jobs = sorted(self._jobs.values(), key=lambda j: j.seq, reverse=True)
        chosen: list[tuple[_Job, str]] = []
        for job in jobs:
            state = self._state(job, now)
            if before is not None and job.seq >= before:
                continue
            if source_type not in (None, job.source_type) or status not in (None, state):
                continue
            chosen.append((job, state))
        answer: dict[str, Any] = {
            "ExportJobs": [self._summary(job, state) for job, state in chosen[:size]]
        }
        if len(chosen) > size:
            answer["NextToken"] = f"before-{chosen[size - 1][0].seq}"
        return answer

    def cancel_job(self, body: dict[str, Any], region: str, now: float) -> dict[str, Any]:
        job = self._find(body)
        with self._lock:
            state = self._state(job, now)
            if state in RUNNING:
                job.cancelled_after = now - job.started
            elif state != "CANCELLED":
                raise bad(f"Export job {job.job_id} is already {state}")
        return {}

    # -- the life cycle ----------------------------------------------------------------------

    def _find(self, body: dict[str, Any]) -> _Job:
        job_id = string(body.get("JobId"), "JobId", min_len=1)  # model: JobId, min 1
        with self._lock:
            job = self._jobs.get(job_id or "")
        if job is None:
            raise not_found(f"Export job {job_id} does not exist")
        return job

    def _state(self, job: _Job, now: float) -> str:
        return job_state(job, now, self.job_seconds, failed=bool(job.failure), stages=STAGES)

    def _summary(self, job: _Job, state: str) -> dict[str, Any]:
        summary: dict[str, Any] = {
            "JobId": job.job_id,
            "ExportSourceType": job.source_type,
            "JobStatus": state,
            "CreatedTimestamp": job.created,
        }
        if state == "CANCELLED":
            summary["CompletedTimestamp"] = job.created + (job.cancelled_after or 0.0)
        elif state in ("COMPLETED", "FAILED"):
            summary["CompletedTimestamp"] = job.created + self.job_seconds
        return summary

    def _failure(self, source: dict[str, Any], records: int) -> str | None:
        named = _values_named(source)
        if named & self.failing_values:
            return "The export could not read the data of a requested value"
        if records > MAX_RECORDS:
            return f"The export would hold {records} records; the emulator holds {MAX_RECORDS}"
        return None

    def _insights(self, source: dict[str, Any]) -> list[dict[str, Any]]:
        account = self._account
        senders = [i.name for i in account.identities if "@" in i.name]
        senders += [f"news@{i.name}" for i in account.identities if "@" not in i.name]
        return insights_records(source, senders, [t.name for t in account.tenants])

    def _file(self, job: _Job) -> tuple[bytes, str]:
        if job.source_type == "METRICS_DATA":
            records = list(metrics_records(job.source["MetricsDataSource"]))
        else:
            records = self._insights(job.source["MessageInsightsDataSource"])
        return render(records, job.data_format)


def _seq_token(token: str) -> int:
    number = token.removeprefix("before-")
    if not token.startswith("before-") or not number.isdigit():
        raise bad("NextToken is not one this service issued")
    return int(number)


def _values_named(source: dict[str, Any]) -> set[str]:
    metrics = source.get("MetricsDataSource")
    if metrics is not None:
        return {v for values in metrics["Dimensions"].values() for v in values}
    include = source["MessageInsightsDataSource"].get("Include") or {}
    return {v for values in include.values() if isinstance(values, list) for v in values}


# -- CreateExportJob's request -----------------------------------------------------------------


def _checked_source(value: Any) -> tuple[str, dict[str, Any]]:
    source = obj(value, "ExportDataSource")  # required
    assert source is not None
    present = {k: v for k, v in source.items() if v is not None}
    metrics, insights = present.get("MetricsDataSource"), present.get("MessageInsightsDataSource")
    # The documentation: "It can only contain one of MetricsDataSource or
    # MessageInsightsDataSource object."
    if (metrics is None) == (insights is None):
        raise bad(
            "ExportDataSource must hold one of MetricsDataSource or MessageInsightsDataSource"
        )
    if metrics is not None:
        return "METRICS_DATA", {"MetricsDataSource": _checked_metrics(metrics)}
    return "MESSAGE_INSIGHTS", {"MessageInsightsDataSource": _checked_insights(insights)}


def _checked_metrics(value: Any) -> dict[str, Any]:
    # model: MetricsDataSource; Dimensions, Namespace, Metrics, StartDate, EndDate required
    source = obj(value, "MetricsDataSource")
    assert source is not None
    dimensions = obj(source.get("Dimensions"), "Dimensions")
    assert dimensions is not None
    if not 1 <= len(dimensions) <= 3:  # ExportDimensions: 1 to 3 entries
        raise bad("Dimensions must hold 1 to 3 dimensions")
    for name, values in dimensions.items():
        enum_value(name, "Dimensions key", DIMENSIONS)  # MetricDimensionName
        # ExportDimensionValue: 1 to 10 MetricDimensionValue, plain strings
        string_list(values, f"Dimensions[{name}]", min_items=1, max_items=10)
    wildcards = [name for name, values in dimensions.items() if "*" in values]
    if wildcards and any(
        len(values) != 1 for name, values in dimensions.items() if name != wildcards[0]
    ):  # MetricDimensionValue's documentation
        raise bad("When one dimension has the * value, the others can only hold one value")
    enum_value(source.get("Namespace"), "Namespace", {"VDM"})  # MetricNamespace
    # ExportMetrics: 1 to 10 ExportMetric, whose Name and Aggregation are optional enums
    string_list(source.get("Metrics"), "Metrics", min_items=1, max_items=10, item=_metric)
    return {
        "Dimensions": dimensions,
        "Namespace": "VDM",
        "Metrics": source["Metrics"],
        "StartDate": timestamp(source.get("StartDate"), "StartDate"),
        "EndDate": timestamp(source.get("EndDate"), "EndDate"),
    }


def _metric(value: Any, name: str) -> dict[str, Any]:
    metric = obj(value, name)
    assert metric is not None
    enum_value(metric.get("Name"), f"{name}.Name", METRICS, required=False)
    enum_value(metric.get("Aggregation"), f"{name}.Aggregation", AGGREGATIONS, required=False)
    return {k: v for k, v in metric.items() if k in ("Name", "Aggregation") and v is not None}


def _checked_insights(value: Any) -> dict[str, Any]:
    # model: MessageInsightsDataSource; StartDate and EndDate required
    source = obj(value, "MessageInsightsDataSource")
    assert source is not None
    checked: dict[str, Any] = {
        "StartDate": timestamp(source.get("StartDate"), "StartDate"),
        "EndDate": timestamp(source.get("EndDate"), "EndDate"),
    }
    for member in ("Include", "Exclude"):
        filters = _checked_filters(source.get(member), member)
        if filters is not None:
            checked[member] = filters
    maximum = integer(source.get("MaxResults"), "MaxResults", 1, 10_000)
    if maximum is not None:
        checked["MaxResults"] = maximum
    return checked


def _text(min_len: int, max_len: int | None) -> Callable[[Any, str], Any]:
    return lambda value, name: string(value, name, min_len=min_len, max_len=max_len)


def _one_of(allowed: frozenset[str]) -> Callable[[Any, str], Any]:
    return lambda value, name: enum_value(value, name, allowed)


# model: MessageInsightsFilters: each member a list with a maximum, of constrained items
_FILTERS: dict[str, tuple[int, Callable[[Any, str], Any]]] = {
    "FromEmailAddress": (5, _text(1, 320)),  # EmailAddressFilterList of InsightsEmailAddress
    "Destination": (5, _text(1, 320)),
    "Subject": (1, _text(1, 998)),  # EmailSubjectFilterList of EmailSubject
    "Isp": (5, _text(0, None)),  # IspFilterList of Isp
    "TenantName": (5, _text(1, None)),  # TenantNameFilterList of TenantName
    "LastDeliveryEvent": (5, _one_of(DELIVERY_EVENTS)),  # of DeliveryEventType
    "LastEngagementEvent": (2, _one_of(ENGAGEMENT_EVENTS)),  # of EngagementEventType
}


def _checked_filters(value: Any, name: str) -> dict[str, Any] | None:
    filters = obj(value, name, required=False)
    if filters is None:
        return None
    checked = {}
    for member, (most, item) in _FILTERS.items():
        values = string_list(filters.get(member), f"{name}.{member}", max_items=most, item=item)
        if values is not None:
            checked[member] = values
    return checked


def _checked_destination(value: Any) -> str:
    # model: ExportDestination; DataFormat required
    destination = obj(value, "ExportDestination")
    assert destination is not None
    data_format = enum_value(destination.get("DataFormat"), "DataFormat", DATA_FORMATS)
    url = destination.get("S3Url")
    if url is not None:
        if not isinstance(url, str) or not S3_URL.fullmatch(url):
            raise bad("S3Url must match the S3Url pattern")
        # S3Url's documentation: "If you include this field in a CreateExportJob request, the
        # request fails with a BadRequestException."
        raise bad("S3Url must not be included in a CreateExportJob request")
    assert data_format is not None
    return data_format
