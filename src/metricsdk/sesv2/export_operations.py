"""The wire format of SES v2 export jobs, sans I/O: build each operation's request, parse its
answer.

| operation | request | safe to repeat | paced by |
|---|---|---|---|
| ``CreateExportJob`` | ``POST /v2/email/export-jobs`` | no | its own pacer, 1 call/s |
| ``GetExportJob`` | ``GET /v2/email/export-jobs/{JobId}`` | yes | nothing |
| ``ListExportJobs`` | ``POST /v2/email/list-export-jobs`` | yes | nothing |
| ``CancelExportJob`` | ``PUT /v2/email/export-jobs/{JobId}/cancel`` | yes | nothing |

``CreateExportJob`` takes no idempotency token, so a repeat after the request may have reached
the service could start a second job: it is marked not idempotent, and the transport retries it
only when the service certainly did not act (throttling, a refused connection), never after a
read timeout or a 5xx. Cancelling a cancelled job changes nothing, so ``CancelExportJob`` is
safe to repeat.
"""

from __future__ import annotations

from metricsdk._core.aws_protocol import AWS_CONVERTER
from metricsdk._core.transport import RequestSpec
from metricsdk.sesv2 import wire
from metricsdk.sesv2.export_models import (
    CancelExportJobRequest,
    CancelExportJobResponse,
    CreateExportJobRequest,
    CreateExportJobResponse,
    ExportDataSource,
    ExportDestination,
    ExportJobSummary,
    ExportMetric,
    ExportStatistics,
    FailureInfo,
    GetExportJobRequest,
    GetExportJobResponse,
    ListExportJobsRequest,
    ListExportJobsResponse,
    MessageInsightsDataSource,
    MessageInsightsFilters,
    MetricsDataSource,
)
from metricsdk.sesv2.pacing import CREATE_EXPORT_JOB, UNPACED

__all__ = [
    "CANCEL_EXPORT_JOB",
    "CREATE_EXPORT_JOB",
    "GET_EXPORT_JOB",
    "LIST_EXPORT_JOBS",
    "build_cancel_export_job",
    "build_create_export_job",
    "build_get_export_job",
    "build_list_export_jobs",
    "parse_cancel_export_job",
    "parse_create_export_job",
    "parse_get_export_job",
    "parse_list_export_jobs",
]

GET_EXPORT_JOB = "GetExportJob"
LIST_EXPORT_JOBS = "ListExportJobs"
CANCEL_EXPORT_JOB = "CancelExportJob"
_JOBS = "/v2/email/export-jobs"

wire.read_leniently(
    ExportMetric,
    MetricsDataSource,
    MessageInsightsFilters,
    MessageInsightsDataSource,
    ExportDataSource,
    ExportDestination,
    FailureInfo,
    ExportStatistics,
    CreateExportJobResponse,
    GetExportJobResponse,
    ExportJobSummary,
    ListExportJobsResponse,
    CancelExportJobResponse,
)


def build_create_export_job(request: CreateExportJobRequest) -> RequestSpec:
    """The HTTP request for ``CreateExportJob``: not idempotent, and paced by its own published
    rate (see the module notes)."""
    return wire.rest_spec(
        CREATE_EXPORT_JOB,
        "POST",
        _JOBS,
        payload=AWS_CONVERTER.unstructure(request),
        idempotent=False,
        pacing=CREATE_EXPORT_JOB,
    )


def parse_create_export_job(body: bytes) -> CreateExportJobResponse:
    """Read a successful ``CreateExportJob`` answer."""
    return wire.parse_answer(CREATE_EXPORT_JOB, body, CreateExportJobResponse)


def build_get_export_job(request: GetExportJobRequest) -> RequestSpec:
    """The HTTP request for ``GetExportJob``: the job id is the last path segment."""
    path = f"{_JOBS}/{wire.path_label('job_id', request.job_id)}"
    return wire.rest_spec(GET_EXPORT_JOB, "GET", path, idempotent=True, pacing=UNPACED)


def parse_get_export_job(body: bytes) -> GetExportJobResponse:
    """Read a successful ``GetExportJob`` answer."""
    return wire.parse_answer(GET_EXPORT_JOB, body, GetExportJobResponse)


def build_list_export_jobs(request: ListExportJobsRequest) -> RequestSpec:
    """The HTTP request for ``ListExportJobs``."""
    return wire.rest_spec(
        LIST_EXPORT_JOBS,
        "POST",
        "/v2/email/list-export-jobs",
        payload=AWS_CONVERTER.unstructure(request),
        idempotent=True,
        pacing=UNPACED,
    )


def parse_list_export_jobs(body: bytes) -> ListExportJobsResponse:
    """Read a successful ``ListExportJobs`` answer."""
    return wire.parse_answer(LIST_EXPORT_JOBS, body, ListExportJobsResponse)


def build_cancel_export_job(request: CancelExportJobRequest) -> RequestSpec:
    """The HTTP request for ``CancelExportJob``: a ``PUT`` with no body; safe to repeat."""
    path = f"{_JOBS}/{wire.path_label('job_id', request.job_id)}/cancel"
    return wire.rest_spec(CANCEL_EXPORT_JOB, "PUT", path, idempotent=True, pacing=UNPACED)


def parse_cancel_export_job(body: bytes) -> CancelExportJobResponse:
    """Read a successful ``CancelExportJob`` answer (empty, or an empty object)."""
    return wire.parse_answer(CANCEL_EXPORT_JOB, body, CancelExportJobResponse, may_be_empty=True)
