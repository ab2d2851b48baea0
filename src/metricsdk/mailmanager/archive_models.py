"""Mail Manager archive models (``ListArchives``, ``GetArchive``), after botocore's
``mailmanager`` service model (``mailmanager/2023-10-17``, checked against botocore 1.44.8).

The two requests are checked against what the model states, each check naming its shape; the
answers are read without those checks. The model marks some answer members required
(``ListArchivesResponse.Archives``, ``Archive.ArchiveId``, and ``ArchiveId``, ``ArchiveName``,
``ArchiveArn``, ``ArchiveState`` and ``Retention`` of ``GetArchiveResponse``): an answer without
one of them is not one the service may send, and reads as a `MalformedResponseError`. Every other
member may be absent.
"""

from __future__ import annotations

from datetime import datetime

import attrs

from metricsdk._core.enums import WireEnum
from metricsdk._core.validation import require_str
from metricsdk.mailmanager.filters import (
    UnknownMember,
    _check_union,
    _open_member,
    _optional_instance_of,
)
from metricsdk.mailmanager.models import _next_token, _page_size

__all__ = [
    "Archive",
    "ArchiveRetention",
    "ArchiveState",
    "GetArchiveRequest",
    "GetArchiveResponse",
    "ListArchivesRequest",
    "ListArchivesResponse",
    "RetentionPeriod",
]


class ArchiveState(WireEnum):
    """Whether an archive is in use or on its way out."""

    ACTIVE = "ACTIVE"
    PENDING_DELETION = "PENDING_DELETION"


class RetentionPeriod(WireEnum):
    """How long an archive keeps each email."""

    THREE_MONTHS = "THREE_MONTHS"
    SIX_MONTHS = "SIX_MONTHS"
    NINE_MONTHS = "NINE_MONTHS"
    ONE_YEAR = "ONE_YEAR"
    EIGHTEEN_MONTHS = "EIGHTEEN_MONTHS"
    TWO_YEARS = "TWO_YEARS"
    THIRTY_MONTHS = "THIRTY_MONTHS"
    THREE_YEARS = "THREE_YEARS"
    FOUR_YEARS = "FOUR_YEARS"
    FIVE_YEARS = "FIVE_YEARS"
    SIX_YEARS = "SIX_YEARS"
    SEVEN_YEARS = "SEVEN_YEARS"
    EIGHT_YEARS = "EIGHT_YEARS"
    NINE_YEARS = "NINE_YEARS"
    TEN_YEARS = "TEN_YEARS"
    PERMANENT = "PERMANENT"


def _retention_period(value: RetentionPeriod | str | None) -> RetentionPeriod | str | None:
    return None if value is None else _open_member("retention_period", RetentionPeriod, value)


@attrs.frozen(kw_only=True)
class ArchiveRetention:
    """How long an archive keeps emails: a union whose one member today is
    ``retention_period``.

    Attributes:
        retention_period: a `RetentionPeriod`, or a string for a period this SDK does not know
            yet; ``None`` only when ``unknown`` is set.
        unknown: a kind of retention this SDK does not know yet, with its wire name and raw
            value, as an answer carried it.
    """

    retention_period: RetentionPeriod | str | None = attrs.field(
        default=None, converter=_retention_period
    )
    unknown: UnknownMember | None = attrs.field(
        default=None, validator=_optional_instance_of(UnknownMember)
    )

    def __attrs_post_init__(self) -> None:
        _check_union("ArchiveRetention", {"retention_period": self.retention_period}, self.unknown)


def _archive_id_string(value: str) -> str:
    # model: GetArchiveRequest.ArchiveId is an ArchiveIdString, 1 to 66 characters with no
    # pattern (unlike the ArchiveId shape the search and export operations take).
    return require_str("archive_id", value, max_len=66)


@attrs.frozen(kw_only=True)
class ListArchivesRequest:
    """The input of ``ListArchives``.

    Attributes:
        next_token: the ``next_token`` of the previous page, 1 to 2048 characters.
        page_size: archives per page, 1 to 50.
    """

    next_token: str | None = attrs.field(default=None, converter=_next_token)
    page_size: int | None = attrs.field(default=None, converter=_page_size)


@attrs.frozen(kw_only=True)
class Archive:
    """One archive in a listing.

    Attributes:
        archive_id: the archive's identifier (the model requires it).
        archive_name: its name.
        archive_state: an `ArchiveState`, a string for a state this SDK does not know yet, or
            ``""`` when the answer gave none.
        last_updated_timestamp: when it last changed (UTC).
    """

    archive_id: str
    archive_name: str | None = None
    # "" rather than None for a missing state, as the shared converter reads open enums only
    # as `Enum | str`.
    archive_state: ArchiveState | str = ""
    last_updated_timestamp: datetime | None = None


@attrs.frozen(kw_only=True)
class ListArchivesResponse:
    """One page of ``ListArchives``.

    Attributes:
        archives: the archives on this page (the model requires the list).
        next_token: pass it back for the next page; ``None`` on the last page.
    """

    archives: list[Archive]
    next_token: str | None = None


@attrs.frozen(kw_only=True)
class GetArchiveRequest:
    """The input of ``GetArchive``.

    Attributes:
        archive_id: the archive, 1 to 66 characters (the model sets no pattern here).
    """

    archive_id: str = attrs.field(converter=_archive_id_string)


@attrs.frozen(kw_only=True)
class GetArchiveResponse:
    """The answer to ``GetArchive``: an archive's details.

    Attributes:
        archive_id: the archive's identifier.
        archive_name: its name.
        archive_arn: its ARN.
        archive_state: an `ArchiveState`, or a string for a state this SDK does not know yet.
        retention: how long it keeps emails.
        created_timestamp: when it was created (UTC).
        last_updated_timestamp: when it last changed (UTC).
        kms_key_arn: the KMS key its emails are encrypted with, when it has one of its own.
    """

    archive_id: str
    archive_name: str
    archive_arn: str
    archive_state: ArchiveState | str
    retention: ArchiveRetention
    created_timestamp: datetime | None = None
    last_updated_timestamp: datetime | None = None
    kms_key_arn: str | None = None
