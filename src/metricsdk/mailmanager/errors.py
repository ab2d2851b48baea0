"""The errors Mail Manager documents for the archive export operations, under the core classes,
and the waiter's failure."""

from __future__ import annotations

from typing import Any

from metricsdk.errors import (
    APIError,
    BadRequestError,
    NotFoundError,
    PermissionDeniedError,
    QuotaExceededError,
    SDKError,
    ThrottlingError,
)
from metricsdk.mailmanager.models import ExportState, GetArchiveExportResponse

__all__ = [
    "AccessDeniedException",
    "ArchiveExportFailedError",
    "ResourceNotFoundException",
    "ServiceQuotaExceededException",
    "ThrottlingException",
    "ValidationException",
]


class ValidationException(BadRequestError):
    """Mail Manager: the input was invalid (HTTP 400)."""


class AccessDeniedException(PermissionDeniedError):
    """Mail Manager: the caller may not do this (HTTP 403)."""


class ResourceNotFoundException(NotFoundError):
    """Mail Manager: the archive or export does not exist (HTTP 404)."""


class ServiceQuotaExceededException(QuotaExceededError):
    """Mail Manager: a quota, such as concurrent exports, was exceeded."""


class ThrottlingException(ThrottlingError):
    """Mail Manager: too many requests. The service answers it with HTTP 400, not 429; the SDK
    recognises it by its code and retries it, even for ``StartArchiveExport``."""


DOCUMENTED_ERRORS: dict[str, type[APIError]] = {
    cls.__name__: cls
    for cls in (
        ValidationException,
        AccessDeniedException,
        ResourceNotFoundException,
        ServiceQuotaExceededException,
        ThrottlingException,
    )
}


class ArchiveExportFailedError(SDKError):
    """An awaited export ended ``FAILED`` or ``CANCELLED`` instead of ``COMPLETED``.

    Attributes:
        export_id: the export.
        state: its final state.
        error_message: the service's explanation, when it gave one.
        response: the final ``GetArchiveExport`` answer.
    """

    def __init__(self, export_id: str, response: GetArchiveExportResponse) -> None:
        self.export_id = export_id
        self.response = response
        self.state: ExportState | str = response.status.state
        self.error_message = response.status.error_message
        reason = self.error_message or "no error message"
        super().__init__(f"archive export {export_id!r} ended {self.state}: {reason}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.export_id, self.response))
