"""Mail Manager archive search models (``StartArchiveSearch``, ``GetArchiveSearch``,
``GetArchiveSearchResults``, ``ListArchiveSearches``, ``StopArchiveSearch``), after botocore's
``mailmanager`` service model (``mailmanager/2023-10-17``, checked against botocore 1.44.8).

A search takes the same `ArchiveFilters` as an export and finds up to ``max_results`` emails;
its result is a list of `Row`, one per email, with the headers and envelope the archive kept.
Requests are checked against what the model states, each check naming its shape; answers are
read without those checks, every member optional as the model makes it.
"""

from __future__ import annotations

from datetime import datetime

import attrs

from metricsdk._core.enums import WireEnum
from metricsdk._core.model_checks import checked_integer
from metricsdk._core.validation import require_str
from metricsdk.errors import InvalidInputError
from metricsdk.mailmanager.filters import ArchiveFilters
from metricsdk.mailmanager.models import (
    _archive_id,
    _filters,
    _from_timestamp,
    _next_token,
    _page_size,
    _to_timestamp,
)

__all__ = [
    "FINAL_SEARCH_STATES",
    "MAX_SEARCH_RESULTS",
    "Envelope",
    "GetArchiveSearchRequest",
    "GetArchiveSearchResponse",
    "GetArchiveSearchResultsRequest",
    "GetArchiveSearchResultsResponse",
    "ListArchiveSearchesRequest",
    "ListArchiveSearchesResponse",
    "Row",
    "SearchState",
    "SearchStatus",
    "SearchSummary",
    "StartArchiveSearchRequest",
    "StartArchiveSearchResponse",
    "StopArchiveSearchRequest",
    "StopArchiveSearchResponse",
]

MAX_SEARCH_RESULTS = 1000
"""A search finds at most 1000 emails (model: ``SearchMaxResults``, 0 to 1000)."""


class SearchState(WireEnum):
    """Where a search is in its life."""

    QUEUED = "QUEUED"
    RUNNING = "RUNNING"
    COMPLETED = "COMPLETED"
    FAILED = "FAILED"
    CANCELLED = "CANCELLED"


FINAL_SEARCH_STATES = frozenset({SearchState.COMPLETED, SearchState.FAILED, SearchState.CANCELLED})
"""States a search never leaves."""


def _search_id(value: str) -> str:
    return require_str("search_id", value, max_len=64)  # model: SearchId, 1 to 64


def _search_max_results(value: int) -> int:
    # model: SearchMaxResults, 0 to 1000; StartArchiveSearchRequest requires it
    checked = checked_integer("max_results", value, 0, MAX_SEARCH_RESULTS)
    if checked is None:
        raise InvalidInputError("max_results", "is required (0 to 1000)")
    return checked


def _redacted(value: object) -> str:
    return "None" if value is None else "'***'"


@attrs.frozen(kw_only=True)
class StartArchiveSearchRequest:
    """The input of ``StartArchiveSearch``.

    Naive datetimes are taken as UTC; a ``date`` means midnight UTC.

    Attributes:
        archive_id: the archive, ``a-`` and 1 to 64 word characters.
        filters: which emails to find; all of them when ``None``.
        from_timestamp: the start of the range of emails to search.
        to_timestamp: the end of the range (the model sets no order between the two: the
            service judges the range).
        max_results: the most emails to find, 0 to 1000 (required).
    """

    archive_id: str = attrs.field(converter=_archive_id)
    filters: ArchiveFilters | None = attrs.field(default=None, converter=_filters)
    from_timestamp: datetime = attrs.field(converter=_from_timestamp)
    to_timestamp: datetime = attrs.field(converter=_to_timestamp)
    max_results: int = attrs.field(converter=_search_max_results)


@attrs.frozen(kw_only=True)
class StartArchiveSearchResponse:
    """The answer to ``StartArchiveSearch``.

    Attributes:
        search_id: the new search's identifier, for `get`/`stop`, the results and the waiter.
    """

    # The model marks SearchId optional, as it does every output member here; a start answered
    # without one leaves the caller nothing to follow, so the SDK needs it and reads its
    # absence as a MalformedResponseError.
    search_id: str


@attrs.frozen(kw_only=True)
class GetArchiveSearchRequest:
    """The input of ``GetArchiveSearch``.

    Attributes:
        search_id: the search, 1 to 64 characters.
    """

    search_id: str = attrs.field(converter=_search_id)


@attrs.frozen(kw_only=True)
class GetArchiveSearchResultsRequest:
    """The input of ``GetArchiveSearchResults``.

    Attributes:
        search_id: the search, 1 to 64 characters.
    """

    search_id: str = attrs.field(converter=_search_id)


@attrs.frozen(kw_only=True)
class StopArchiveSearchRequest:
    """The input of ``StopArchiveSearch``.

    Attributes:
        search_id: the search, 1 to 64 characters.
    """

    search_id: str = attrs.field(converter=_search_id)


@attrs.frozen(kw_only=True)
class StopArchiveSearchResponse:
    """The answer to ``StopArchiveSearch``: empty; the search moves to ``CANCELLED``."""


@attrs.frozen(kw_only=True)
class SearchStatus:
    """Where a search stands.

    Attributes:
        submission_timestamp: when the search was submitted (UTC).
        completion_timestamp: when it reached a final state (UTC).
        state: a `SearchState`, a string for a state this SDK does not know yet, or ``""``
            when the answer gave none.
        error_message: why it failed, when it did.
    """

    submission_timestamp: datetime | None = None
    completion_timestamp: datetime | None = None
    # "" rather than None for a missing state, as the shared converter reads open enums only
    # as `Enum | str`.
    state: SearchState | str = ""
    error_message: str | None = None

    @property
    def is_final(self) -> bool:
        """Whether the search reached ``COMPLETED``, ``FAILED`` or ``CANCELLED``."""
        return self.state in FINAL_SEARCH_STATES


@attrs.frozen(kw_only=True)
class GetArchiveSearchResponse:
    """The answer to ``GetArchiveSearch``: the search's parameters and its status.

    Every field is optional in the service model; ``status`` is an empty `SearchStatus` when
    the answer has none.
    """

    archive_id: str | None = None
    filters: ArchiveFilters | None = None
    from_timestamp: datetime | None = None
    to_timestamp: datetime | None = None
    max_results: int | None = None
    status: SearchStatus = attrs.field(factory=SearchStatus)


@attrs.frozen(kw_only=True)
class Envelope:
    """The SMTP envelope an email arrived with.

    Attributes:
        helo: the name the sending server gave in ``HELO``/``EHLO``.
        from_: the ``MAIL FROM`` address (``From`` on the wire).
        to: the ``RCPT TO`` addresses.
    """

    helo: str | None = None
    from_: str | None = None
    to: list[str] | None = None


@attrs.frozen(kw_only=True)
class Row:
    """One email a search found. Every member is optional in the service model.

    ``sender_ip_address`` is marked sensitive in the model: it is kept, but shown as ``'***'``
    in the row's ``repr``.

    Attributes:
        archived_message_id: the email's identifier in the archive.
        received_timestamp: when it was received (UTC).
        date: its ``Date`` header, as written.
        to: its ``To`` header.
        from_: its ``From`` header (``From`` on the wire).
        cc: its ``Cc`` header.
        subject: its ``Subject`` header.
        message_id: its ``Message-ID`` header.
        has_attachments: whether it has attachments.
        received_headers: its ``Received`` headers.
        in_reply_to: its ``In-Reply-To`` header.
        x_mailer: its ``X-Mailer`` header.
        x_original_mailer: its ``X-Original-Mailer`` header.
        x_priority: its ``X-Priority`` header.
        ingress_point_id: the ingress point that received it.
        sender_hostname: the name of the host that sent it.
        sender_ip_address: the address of the host that sent it.
        envelope: its SMTP envelope.
        source_arn: the ARN of what it came through (an ingress point, say).
    """

    archived_message_id: str | None = None
    received_timestamp: datetime | None = None
    date: str | None = None
    to: str | None = None
    from_: str | None = None
    cc: str | None = None
    subject: str | None = None
    message_id: str | None = None
    has_attachments: bool | None = None
    received_headers: list[str] | None = None
    in_reply_to: str | None = None
    x_mailer: str | None = None
    x_original_mailer: str | None = None
    x_priority: str | None = None
    ingress_point_id: str | None = None
    sender_hostname: str | None = None
    # model: SenderIpAddress is "sensitive": true
    sender_ip_address: str | None = attrs.field(default=None, repr=_redacted)
    envelope: Envelope | None = None
    source_arn: str | None = None


@attrs.frozen(kw_only=True)
class GetArchiveSearchResultsResponse:
    """The answer to ``GetArchiveSearchResults``.

    Attributes:
        rows: the emails the search found, one `Row` each.
    """

    rows: list[Row] = attrs.field(factory=list)


@attrs.frozen(kw_only=True)
class ListArchiveSearchesRequest:
    """The input of ``ListArchiveSearches``.

    Attributes:
        archive_id: the archive, ``a-`` and 1 to 64 word characters.
        next_token: the ``next_token`` of the previous page, 1 to 2048 characters.
        page_size: searches per page, 1 to 50.
    """

    archive_id: str = attrs.field(converter=_archive_id)
    next_token: str | None = attrs.field(default=None, converter=_next_token)
    page_size: int | None = attrs.field(default=None, converter=_page_size)


@attrs.frozen(kw_only=True)
class SearchSummary:
    """One search in a listing.

    Attributes:
        search_id: the search's identifier; ``None`` only if the answer left it out (the
            service model marks every member of a ``SearchSummary`` optional).
        status: where it stands.
    """

    search_id: str | None = None
    status: SearchStatus = attrs.field(factory=SearchStatus)


@attrs.frozen(kw_only=True)
class ListArchiveSearchesResponse:
    """One page of ``ListArchiveSearches``.

    Attributes:
        searches: the searches on this page.
        next_token: pass it back for the next page; ``None`` on the last page.
    """

    searches: list[SearchSummary] = attrs.field(factory=list)
    next_token: str | None = None
