"""Mail Manager wire format, sans I/O: build each operation's request, parse its answer.

AWS JSON 1.0: every operation is ``POST /`` with ``Content-Type: application/x-amz-json-1.0``
and ``X-Amz-Target: MailManagerSvc.<Operation>`` (both signed), a JSON body with PascalCase
names and timestamps as epoch seconds.

``StartArchiveExport`` and ``StartArchiveSearch`` take no idempotency token (the model gives
them no ``ClientToken`` member), so a repeat after the request may have reached the service
could start a second export or search: they are marked not idempotent, and the transport
retries them only when the service certainly did not act (throttling, a refused connection),
never after a read timeout or a 5xx. Every other operation is safe to repeat: the reads change
nothing, and stopping a stopped export or search changes nothing either (the model marks
``StopArchiveSearch`` ``"idempotent": true``).
"""

from __future__ import annotations

import json
from typing import Any, Protocol, TypeVar

from metricsdk._core import wire_answers
from metricsdk._core.aws_protocol import AWS_CONVERTER
from metricsdk._core.transport import RequestSpec
from metricsdk.mailmanager import answer_unions
from metricsdk.mailmanager.archive_models import (
    GetArchiveRequest,
    GetArchiveResponse,
    ListArchivesRequest,
    ListArchivesResponse,
)
from metricsdk.mailmanager.models import (
    GetArchiveExportRequest,
    GetArchiveExportResponse,
    ListArchiveExportsRequest,
    ListArchiveExportsResponse,
    StartArchiveExportRequest,
    StartArchiveExportResponse,
    StopArchiveExportRequest,
    StopArchiveExportResponse,
)
from metricsdk.mailmanager.search_models import (
    GetArchiveSearchRequest,
    GetArchiveSearchResponse,
    GetArchiveSearchResultsRequest,
    GetArchiveSearchResultsResponse,
    ListArchiveSearchesRequest,
    ListArchiveSearchesResponse,
    StartArchiveSearchRequest,
    StartArchiveSearchResponse,
    StopArchiveSearchRequest,
    StopArchiveSearchResponse,
)

__all__ = [
    "CONTENT_TYPE",
    "SERVICE",
    "SERVICE_ID",
    "SIGNING_NAME",
    "TARGET_PREFIX",
    "build_get_archive",
    "build_get_archive_export",
    "build_get_archive_search",
    "build_get_archive_search_results",
    "build_list_archive_exports",
    "build_list_archive_searches",
    "build_list_archives",
    "build_start_archive_export",
    "build_start_archive_search",
    "build_stop_archive_export",
    "build_stop_archive_search",
    "default_endpoint",
    "next_page_token",
    "parse_get_archive",
    "parse_get_archive_export",
    "parse_get_archive_search",
    "parse_get_archive_search_results",
    "parse_list_archive_exports",
    "parse_list_archive_searches",
    "parse_list_archives",
    "parse_start_archive_export",
    "parse_start_archive_search",
    "parse_stop_archive_export",
    "parse_stop_archive_search",
]

T = TypeVar("T")

SERVICE = "mailmanager"
SERVICE_ID = "MailManager"  # botocore's serviceId: names AWS_ENDPOINT_URL_MAILMANAGER
SIGNING_NAME = "ses"
TARGET_PREFIX = "MailManagerSvc"
CONTENT_TYPE = "application/x-amz-json-1.0"

_START = "StartArchiveExport"
_GET = "GetArchiveExport"
_STOP = "StopArchiveExport"
_LIST = "ListArchiveExports"
_LIST_ARCHIVES = "ListArchives"
_GET_ARCHIVE = "GetArchive"
_START_SEARCH = "StartArchiveSearch"
_GET_SEARCH = "GetArchiveSearch"
_SEARCH_RESULTS = "GetArchiveSearchResults"
_LIST_SEARCHES = "ListArchiveSearches"
_STOP_SEARCH = "StopArchiveSearch"

answer_unions.register(AWS_CONVERTER)


def default_endpoint(region: str) -> str:
    """The public Mail Manager endpoint of a region."""
    return f"https://mail-manager.{region}.amazonaws.com"


def _spec(operation: str, payload: Any, *, idempotent: bool) -> RequestSpec:
    return RequestSpec(
        operation=operation,
        method="POST",
        path="/",
        headers=(
            ("content-type", CONTENT_TYPE),
            ("x-amz-target", f"{TARGET_PREFIX}.{operation}"),
        ),
        body=json.dumps(payload, separators=(",", ":")).encode(),
        idempotent=idempotent,
    )


def build_start_archive_export(request: StartArchiveExportRequest) -> RequestSpec:
    """The HTTP request for ``StartArchiveExport``; not idempotent (see the module notes)."""
    return _spec(_START, AWS_CONVERTER.unstructure(request), idempotent=False)


def build_get_archive_export(request: GetArchiveExportRequest) -> RequestSpec:
    """The HTTP request for ``GetArchiveExport``."""
    return _spec(_GET, AWS_CONVERTER.unstructure(request), idempotent=True)


def build_stop_archive_export(request: StopArchiveExportRequest) -> RequestSpec:
    """The HTTP request for ``StopArchiveExport``; repeating it is harmless."""
    return _spec(_STOP, AWS_CONVERTER.unstructure(request), idempotent=True)


def build_list_archive_exports(request: ListArchiveExportsRequest) -> RequestSpec:
    """The HTTP request for ``ListArchiveExports``."""
    return _spec(_LIST, AWS_CONVERTER.unstructure(request), idempotent=True)


def build_list_archives(request: ListArchivesRequest) -> RequestSpec:
    """The HTTP request for ``ListArchives``."""
    return _spec(_LIST_ARCHIVES, AWS_CONVERTER.unstructure(request), idempotent=True)


def build_get_archive(request: GetArchiveRequest) -> RequestSpec:
    """The HTTP request for ``GetArchive``."""
    return _spec(_GET_ARCHIVE, AWS_CONVERTER.unstructure(request), idempotent=True)


def build_start_archive_search(request: StartArchiveSearchRequest) -> RequestSpec:
    """The HTTP request for ``StartArchiveSearch``; not idempotent (see the module notes)."""
    return _spec(_START_SEARCH, AWS_CONVERTER.unstructure(request), idempotent=False)


def build_get_archive_search(request: GetArchiveSearchRequest) -> RequestSpec:
    """The HTTP request for ``GetArchiveSearch``."""
    return _spec(_GET_SEARCH, AWS_CONVERTER.unstructure(request), idempotent=True)


def build_get_archive_search_results(request: GetArchiveSearchResultsRequest) -> RequestSpec:
    """The HTTP request for ``GetArchiveSearchResults``."""
    return _spec(_SEARCH_RESULTS, AWS_CONVERTER.unstructure(request), idempotent=True)


def build_list_archive_searches(request: ListArchiveSearchesRequest) -> RequestSpec:
    """The HTTP request for ``ListArchiveSearches``."""
    return _spec(_LIST_SEARCHES, AWS_CONVERTER.unstructure(request), idempotent=True)


def build_stop_archive_search(request: StopArchiveSearchRequest) -> RequestSpec:
    """The HTTP request for ``StopArchiveSearch``; repeating it is harmless."""
    return _spec(_STOP_SEARCH, AWS_CONVERTER.unstructure(request), idempotent=True)


def _parse(operation: str, body: bytes, cls: type[T], *, may_be_empty: bool = False) -> T:
    # Only the two stops answer with nothing to say (may_be_empty).
    return wire_answers.parse_json_answer(
        AWS_CONVERTER, body, cls, service=SERVICE, operation=operation, may_be_empty=may_be_empty
    )


def parse_start_archive_export(body: bytes) -> StartArchiveExportResponse:
    """Read a successful ``StartArchiveExport`` answer."""
    return _parse(_START, body, StartArchiveExportResponse)


def parse_get_archive_export(body: bytes) -> GetArchiveExportResponse:
    """Read a successful ``GetArchiveExport`` answer."""
    return _parse(_GET, body, GetArchiveExportResponse)


def parse_stop_archive_export(body: bytes) -> StopArchiveExportResponse:
    """Read a successful ``StopArchiveExport`` answer."""
    return _parse(_STOP, body, StopArchiveExportResponse, may_be_empty=True)


def parse_list_archive_exports(body: bytes) -> ListArchiveExportsResponse:
    """Read a successful ``ListArchiveExports`` answer."""
    return _parse(_LIST, body, ListArchiveExportsResponse)


def parse_list_archives(body: bytes) -> ListArchivesResponse:
    """Read a successful ``ListArchives`` answer."""
    return _parse(_LIST_ARCHIVES, body, ListArchivesResponse)


def parse_get_archive(body: bytes) -> GetArchiveResponse:
    """Read a successful ``GetArchive`` answer."""
    return _parse(_GET_ARCHIVE, body, GetArchiveResponse)


def parse_start_archive_search(body: bytes) -> StartArchiveSearchResponse:
    """Read a successful ``StartArchiveSearch`` answer."""
    return _parse(_START_SEARCH, body, StartArchiveSearchResponse)


def parse_get_archive_search(body: bytes) -> GetArchiveSearchResponse:
    """Read a successful ``GetArchiveSearch`` answer."""
    return _parse(_GET_SEARCH, body, GetArchiveSearchResponse)


def parse_get_archive_search_results(body: bytes) -> GetArchiveSearchResultsResponse:
    """Read a successful ``GetArchiveSearchResults`` answer."""
    return _parse(_SEARCH_RESULTS, body, GetArchiveSearchResultsResponse)


def parse_list_archive_searches(body: bytes) -> ListArchiveSearchesResponse:
    """Read a successful ``ListArchiveSearches`` answer."""
    return _parse(_LIST_SEARCHES, body, ListArchiveSearchesResponse)


def parse_stop_archive_search(body: bytes) -> StopArchiveSearchResponse:
    """Read a successful ``StopArchiveSearch`` answer."""
    return _parse(_STOP_SEARCH, body, StopArchiveSearchResponse, may_be_empty=True)


class _Page(Protocol):
    @property
    def next_token(self) -> str | None: ...


def next_page_token(sent: str | None, page: _Page, operation: str = _LIST) -> str | None:
    """The token of the page after ``page``, or ``None`` when ``page`` was the last.

    Args:
        sent: the token the page was asked with (``None`` for the first page).
        page: one page of a listing, with its ``next_token``.
        operation: the listing's operation, named in the error.

    Raises:
        MalformedResponseError: if the service handed back the token it was just sent, which
            would make a paginator loop forever.
    """
    return wire_answers.next_page_token(SERVICE, operation, sent, page.next_token)
