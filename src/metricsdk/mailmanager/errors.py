"""The errors Mail Manager documents for the archive operations, under the core classes, and
the waiters' failures.

botocore's model (``mailmanager/2023-10-17``) lists them per operation: every operation may
raise ``ValidationException``, ``AccessDeniedException`` and ``ThrottlingException``; besides
those,

- ``StartArchiveExport``: ``ServiceQuotaExceededException``, ``ResourceNotFoundException``;
- ``ListArchiveExports``, ``GetArchive``, ``ListArchiveSearches``: ``ResourceNotFoundException``;
- ``StartArchiveSearch``: ``ServiceQuotaExceededException``, ``ConflictException``,
  ``ResourceNotFoundException``;
- ``GetArchiveSearchResults``: ``ConflictException``;
- ``GetArchiveExport``, ``StopArchiveExport``, ``ListArchives``, ``GetArchiveSearch``,
  ``StopArchiveSearch``: none.

The SDK picks the class by the error code whatever the operation, so an error sent beyond the
model's list still gets its class.
"""

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
from metricsdk.mailmanager.search_models import GetArchiveSearchResponse, SearchState

__all__ = [
    "AccessDeniedException",
    "ArchiveExportFailedError",
    "ArchiveSearchFailedError",
    "ConflictException",
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
    """Mail Manager: the archive does not exist (HTTP 404); listed for ``StartArchiveExport``,
    ``ListArchiveExports``, ``GetArchive``, ``StartArchiveSearch`` and ``ListArchiveSearches``."""


class ServiceQuotaExceededException(QuotaExceededError):
    """Mail Manager: a quota, such as concurrent exports or searches, was exceeded (HTTP 402 in
    the model)."""


class ConflictException(APIError):
    """Mail Manager: the request conflicts with the resource's state (HTTP 409), such as asking
    for a search's results before it completed; listed for ``StartArchiveSearch`` and
    ``GetArchiveSearchResults``. Not retried: asking again later is the caller's decision."""


class ThrottlingException(ThrottlingError):
    """Mail Manager: too many requests. botocore's model marks it HTTP 429; the project's notes
    on the service say it is answered with HTTP 400. The SDK recognises it by its code, whatever
    the status, and retries it, even for ``StartArchiveExport`` and ``StartArchiveSearch``."""


DOCUMENTED_ERRORS: dict[str, type[APIError]] = {
    cls.__name__: cls
    for cls in (
        ValidationException,
        AccessDeniedException,
        ResourceNotFoundException,
        ServiceQuotaExceededException,
        ThrottlingException,
        ConflictException,
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

    export_id: str
    state: ExportState | str
    error_message: str | None
    response: GetArchiveExportResponse

    def __init__(self, export_id: str, response: GetArchiveExportResponse) -> None:
        self.export_id = export_id
        self.response = response
        self.state = response.status.state
        self.error_message = response.status.error_message
        reason = self.error_message or "no error message"
        super().__init__(f"archive export {export_id!r} ended {self.state}: {reason}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.export_id, self.response))


class ArchiveSearchFailedError(SDKError):
    """An awaited search ended ``FAILED`` or ``CANCELLED`` instead of ``COMPLETED``.

    Attributes:
        search_id: the search.
        state: its final state.
        error_message: the service's explanation, when it gave one.
        response: the final ``GetArchiveSearch`` answer.
    """

    def __init__(self, search_id: str, response: GetArchiveSearchResponse) -> None:
        self.search_id = search_id
        self.response = response
        self.state: SearchState | str = response.status.state
        self.error_message = response.status.error_message
        reason = self.error_message or "no error message"
        super().__init__(f"archive search {search_id!r} ended {self.state}: {reason}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.search_id, self.response))
