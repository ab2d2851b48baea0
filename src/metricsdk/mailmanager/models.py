"""Mail Manager archive export models (``StartArchiveExport``, ``GetArchiveExport``,
``StopArchiveExport``, ``ListArchiveExports``), after botocore's ``mailmanager`` service model
(``mailmanager/2023-10-17``, checked against botocore 1.44.8).

Plain data: requests are validated at construction, wire names live in the converter. A request
is checked only against what the service model states, and each check names the constraint it
applies; answers are read without these checks.

The model's string patterns are Smithy patterns, ECMA-262 regular expressions, in which ``\\w``
is ASCII ``[A-Za-z0-9_]``; the SDK applies them to the whole value (``re.fullmatch`` with
``re.ASCII``), as their length bounds show they describe the whole value (``ArchiveId`` is 3 to
66 characters: ``a-`` and 1 to 64 word characters).
"""

from __future__ import annotations

import re
from datetime import date, datetime

import attrs

from metricsdk._core.enums import WireEnum
from metricsdk._core.model_checks import INT32, checked_integer
from metricsdk._core.validation import require_str, to_utc_datetime
from metricsdk.errors import InvalidInputError
from metricsdk.mailmanager.filters import (
    ArchiveFilters,
    UnknownMember,
    _check_union,
    _optional_instance_of,
    _refuse_unknown,
    _wrong_type,
    check_filters_sendable,
)

__all__ = [
    "FINAL_EXPORT_STATES",
    "MAX_PAGE_SIZE",
    "ExportDestinationConfiguration",
    "ExportState",
    "ExportStatus",
    "ExportSummary",
    "GetArchiveExportRequest",
    "GetArchiveExportResponse",
    "ListArchiveExportsRequest",
    "ListArchiveExportsResponse",
    "S3ExportDestinationConfiguration",
    "StartArchiveExportRequest",
    "StartArchiveExportResponse",
    "StopArchiveExportRequest",
    "StopArchiveExportResponse",
]

ARCHIVE_ID_PATTERN = re.compile(r"a-\w{1,64}", re.ASCII)  # model: ArchiveId
S3_LOCATION_PATTERN = re.compile(  # model: S3Location
    r"s3://[a-zA-Z0-9.-]{3,63}(/[a-zA-Z0-9!_.*'()/-]*)*"
)
MAX_PAGE_SIZE = 50
"""``ListArchiveExports`` answers at most 50 exports per page (model: ``PageSize``, 1 to 50)."""


class ExportState(WireEnum):
    """Where an export is in its life."""

    QUEUED = "QUEUED"
    PREPROCESSING = "PREPROCESSING"
    PROCESSING = "PROCESSING"
    COMPLETED = "COMPLETED"
    FAILED = "FAILED"
    CANCELLED = "CANCELLED"


FINAL_EXPORT_STATES = frozenset({ExportState.COMPLETED, ExportState.FAILED, ExportState.CANCELLED})
"""States an export never leaves."""


def _check_pattern(field: str, text: str, pattern: re.Pattern[str]) -> str:
    if pattern.fullmatch(text) is None:
        raise InvalidInputError(field, f"must match the pattern {pattern.pattern}; got {text!r}")
    return text


def _archive_id(value: str) -> str:
    # model: ArchiveId, 3 to 66 characters matching a-[\w]{1,64}
    text = require_str("archive_id", value, min_len=3, max_len=66)
    return _check_pattern("archive_id", text, ARCHIVE_ID_PATTERN)


def _export_id(value: str) -> str:
    return require_str("export_id", value, max_len=64)  # model: ExportId, 1 to 64


def _s3_location(value: str | None) -> str | None:
    if value is None:  # model: S3Location is optional, with a pattern and no length bounds
        return None
    text = require_str("s3_location", value, min_len=0)
    return _check_pattern("s3_location", text, S3_LOCATION_PATTERN)


def _max_results(value: int | None) -> int | None:
    # model: ExportMaxResults, an integer with no bounds of its own
    return checked_integer("max_results", value, *INT32)


def _page_size(value: int | None) -> int | None:
    return checked_integer("page_size", value, 1, MAX_PAGE_SIZE)  # model: PageSize, 1 to 50


def _next_token(value: str | None) -> str | None:
    # model: PaginationToken, 1 to 2048
    return None if value is None else require_str("next_token", value, max_len=2048)


def _include_metadata(value: bool | None) -> bool | None:
    if value is not None and not isinstance(value, bool):  # model: Boolean
        raise InvalidInputError("include_metadata", "must be True, False or None")
    return value


def _from_timestamp(value: datetime | date) -> datetime:
    return to_utc_datetime("from_timestamp", value)


def _to_timestamp(value: datetime | date) -> datetime:
    return to_utc_datetime("to_timestamp", value)


@attrs.frozen(kw_only=True)
class S3ExportDestinationConfiguration:
    """An S3 destination for exported emails.

    Attributes:
        s3_location: ``s3://bucket`` or ``s3://bucket/prefix/``; the bucket name is 3 to 63 of
            ``a-z A-Z 0-9 . -`` and the path uses ``a-z A-Z 0-9 ! _ . * ' ( ) / -``.
    """

    s3_location: str | None = attrs.field(default=None, converter=_s3_location)


@attrs.frozen(kw_only=True)
class ExportDestinationConfiguration:
    """Where an export goes: a union whose one member today is ``s3``.

    Attributes:
        s3: the S3 destination.
        unknown: a kind of destination this SDK does not know yet, read from an answer, with
            its wire name and raw value; never sent.
    """

    s3: S3ExportDestinationConfiguration | None = attrs.field(
        default=None, validator=_optional_instance_of(S3ExportDestinationConfiguration)
    )
    unknown: UnknownMember | None = attrs.field(
        default=None, validator=_optional_instance_of(UnknownMember)
    )

    def __attrs_post_init__(self) -> None:
        _check_union("ExportDestinationConfiguration", {"s3": self.s3}, self.unknown)

    @classmethod
    def to_s3(cls, s3_location: str) -> ExportDestinationConfiguration:
        """Export to an S3 location, e.g. ``to_s3("s3://my-bucket/exports/")``."""
        return cls(s3=S3ExportDestinationConfiguration(s3_location=s3_location))


def _destination(value: ExportDestinationConfiguration) -> ExportDestinationConfiguration:
    field = "export_destination_configuration"
    if not isinstance(value, ExportDestinationConfiguration):
        raise _wrong_type(field, ExportDestinationConfiguration, value)
    # One read from an answer was not held to the request rules: apply them now.
    _refuse_unknown(field, value.unknown)
    _check_union("ExportDestinationConfiguration", {"s3": value.s3})
    if value.s3 is not None:
        _s3_location(value.s3.s3_location)
    return value


def _filters(value: ArchiveFilters | None) -> ArchiveFilters | None:
    if value is None:
        return None
    if not isinstance(value, ArchiveFilters):
        raise _wrong_type("filters", ArchiveFilters, value)
    check_filters_sendable(value)
    return value


@attrs.frozen(kw_only=True)
class StartArchiveExportRequest:
    """The input of ``StartArchiveExport``.

    Naive datetimes are taken as UTC; a ``date`` means midnight UTC.

    Attributes:
        archive_id: the archive, ``a-`` and 1 to 64 word characters.
        from_timestamp: the start of the range of emails to export.
        to_timestamp: the end of the range (the model sets no order between the two: the
            service judges the range).
        export_destination_configuration: where the export goes.
        filters: which emails to include; all of them when ``None``.
        max_results: the most emails to export (the model gives no bounds).
        include_metadata: whether to export each email's metadata too.
    """

    archive_id: str = attrs.field(converter=_archive_id)
    filters: ArchiveFilters | None = attrs.field(default=None, converter=_filters)
    from_timestamp: datetime = attrs.field(converter=_from_timestamp)
    to_timestamp: datetime = attrs.field(converter=_to_timestamp)
    max_results: int | None = attrs.field(default=None, converter=_max_results)
    export_destination_configuration: ExportDestinationConfiguration = attrs.field(
        converter=_destination
    )
    include_metadata: bool | None = attrs.field(default=None, converter=_include_metadata)


@attrs.frozen(kw_only=True)
class StartArchiveExportResponse:
    """The answer to ``StartArchiveExport``.

    Attributes:
        export_id: the new export's identifier, for `get`/`stop` and the waiter.
    """

    # The service model marks ExportId optional, as it does every output member; but a start
    # answered without one leaves the caller nothing to follow, stop or wait for, so the SDK
    # needs it and reads its absence as a MalformedResponseError.
    export_id: str


@attrs.frozen(kw_only=True)
class GetArchiveExportRequest:
    """The input of ``GetArchiveExport``.

    Attributes:
        export_id: the export, 1 to 64 characters.
    """

    export_id: str = attrs.field(converter=_export_id)


@attrs.frozen(kw_only=True)
class StopArchiveExportRequest:
    """The input of ``StopArchiveExport``.

    Attributes:
        export_id: the export, 1 to 64 characters.
    """

    export_id: str = attrs.field(converter=_export_id)


@attrs.frozen(kw_only=True)
class StopArchiveExportResponse:
    """The answer to ``StopArchiveExport``: empty; the export moves to ``CANCELLED``."""


@attrs.frozen(kw_only=True)
class ExportStatus:
    """Where an export stands.

    Attributes:
        submission_timestamp: when the export was submitted (UTC).
        completion_timestamp: when it reached a final state (UTC).
        state: an `ExportState`, a string for a state this SDK does not know yet, or ``""``
            when the answer gave none.
        error_message: why it failed, when it did.
    """

    submission_timestamp: datetime | None = None
    completion_timestamp: datetime | None = None
    # "" rather than None for a missing state, as the shared converter reads open enums only
    # as `Enum | str`.
    state: ExportState | str = ""
    error_message: str | None = None

    @property
    def is_final(self) -> bool:
        """Whether the export reached ``COMPLETED``, ``FAILED`` or ``CANCELLED``."""
        return self.state in FINAL_EXPORT_STATES


@attrs.frozen(kw_only=True)
class GetArchiveExportResponse:
    """The answer to ``GetArchiveExport``: the export's parameters and its status.

    Every field is optional in the service model; ``status`` is an empty `ExportStatus` when
    the answer has none.
    """

    archive_id: str | None = None
    filters: ArchiveFilters | None = None
    from_timestamp: datetime | None = None
    to_timestamp: datetime | None = None
    max_results: int | None = None
    export_destination_configuration: ExportDestinationConfiguration | None = None
    status: ExportStatus = attrs.field(factory=ExportStatus)


@attrs.frozen(kw_only=True)
class ListArchiveExportsRequest:
    """The input of ``ListArchiveExports``.

    Attributes:
        archive_id: the archive, ``a-`` and 1 to 64 word characters.
        next_token: the ``next_token`` of the previous page, 1 to 2048 characters.
        page_size: exports per page, 1 to 50.
    """

    archive_id: str = attrs.field(converter=_archive_id)
    next_token: str | None = attrs.field(default=None, converter=_next_token)
    page_size: int | None = attrs.field(default=None, converter=_page_size)


@attrs.frozen(kw_only=True)
class ExportSummary:
    """One export in a listing.

    Attributes:
        export_id: the export's identifier; ``None`` only if the answer left it out (the
            service model marks every member of an ``ExportSummary`` optional).
        status: where it stands.
    """

    export_id: str | None = None
    status: ExportStatus = attrs.field(factory=ExportStatus)


@attrs.frozen(kw_only=True)
class ListArchiveExportsResponse:
    """One page of ``ListArchiveExports``.

    Attributes:
        exports: the exports on this page.
        next_token: pass it back for the next page; ``None`` on the last page.
    """

    exports: list[ExportSummary] = attrs.field(factory=list)
    next_token: str | None = None
