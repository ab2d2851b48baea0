"""The errors SES v2 documents for the operations the SDK calls, under the core classes, and the
export waiter's and download's own.

botocore's model (``sesv2/2019-09-27``) lists them per operation:

| operation | errors |
|---|---|
| ``BatchGetMetricData`` | ``BadRequestException``, ``InternalServiceErrorException``, ``TooManyRequestsException``, ``NotFoundException`` |
| ``CreateExportJob`` | ``BadRequestException``, ``TooManyRequestsException``, ``NotFoundException``, ``LimitExceededException`` |
| ``GetExportJob``, ``CancelExportJob`` | ``BadRequestException``, ``NotFoundException``, ``TooManyRequestsException`` |
| ``ListExportJobs``, ``ListEmailIdentities``, ``ListConfigurationSets``, ``ListTenants``, ``GetAccount`` | ``TooManyRequestsException``, ``BadRequestException`` |

The SDK picks the class by the error code whatever the operation, so an error sent beyond the
model's list still gets its class.
"""  # noqa: E501

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from metricsdk.errors import (
    APIError,
    BadRequestError,
    NotFoundError,
    PermissionDeniedError,
    QuotaExceededError,
    SDKError,
    ServerError,
    ThrottlingError,
)

if TYPE_CHECKING:
    from metricsdk.sesv2.export_models import GetExportJobResponse, JobStatus

__all__ = [
    "BadRequestException",
    "ExportJobFailedError",
    "ExportLinkExpiredError",
    "InternalServiceErrorException",
    "LimitExceededException",
    "NotFoundException",
    "TooManyRequestsException",
]


class BadRequestException(BadRequestError):
    """SES v2: the input was invalid (HTTP 400)."""


class NotFoundException(NotFoundError):
    """SES v2: the resource does not exist (HTTP 404)."""


class TooManyRequestsException(ThrottlingError):
    """SES v2: too many requests (HTTP 429); retried, and it slows the pacer."""


class InternalServiceErrorException(ServerError):
    """SES v2: the service failed (HTTP 500)."""


class LimitExceededException(QuotaExceededError):
    """SES v2: "There are too many instances of the specified resource type" (HTTP 400), e.g.
    too many export jobs; listed for ``CreateExportJob``.

    A quota, not a rate: not retried (botocore's standard retry mode counts the code among its
    throttling codes; a retry seconds later would meet the same quota, and ``CreateExportJob``
    must not be repeated once it may have taken effect).
    """


DOCUMENTED_ERRORS: dict[str, type[APIError]] = {
    cls.__name__: cls
    for cls in (
        BadRequestException,
        NotFoundException,
        TooManyRequestsException,
        InternalServiceErrorException,
        LimitExceededException,
    )
}


class ExportJobFailedError(SDKError):
    """An awaited export job ended ``FAILED`` or ``CANCELLED`` instead of ``COMPLETED``.

    Attributes:
        job_id: the job.
        job_status: its final state.
        error_message: the service's explanation (``failure_info.error_message``), if any.
        response: the final ``GetExportJob`` answer.
    """

    def __init__(self, job_id: str, response: GetExportJobResponse) -> None:
        self.job_id = job_id
        self.response = response
        self.job_status: JobStatus | str | None = response.job_status
        info = response.failure_info
        self.error_message = None if info is None else info.error_message
        reason = self.error_message or "no error message"
        super().__init__(f"export job {job_id!r} ended {self.job_status}: {reason}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.job_id, self.response))


class ExportLinkExpiredError(PermissionDeniedError):
    """The export file's pre-signed link was refused (403): such links expire five minutes after
    ``GetExportJob`` answers them. `download_export_job` fetches a fresh link each time: call it
    again."""
