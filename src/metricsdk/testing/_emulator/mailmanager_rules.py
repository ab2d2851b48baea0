"""What the emulated Mail Manager refuses, exactly as botocore's model (``mailmanager/2023-10-17``,
botocore 1.44.8) states it, and its error answers; plus the call every handler is given.

Smithy patterns are ECMA-262 regular expressions (``\\w`` is ASCII), each describing the whole
value, as its length bounds show. What the model leaves open is accepted: any ``MaxResults`` of
an export, timestamps in either order. Members the model does not name are ignored; a union
member it does not name is refused.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, TypeVar

import attrs

from metricsdk.testing._emulator.aws import aws_error, epoch_number
from metricsdk.testing._emulator.service import Refusal

__all__ = [
    "INT32",
    "Call",
    "archive_id",
    "check_destination",
    "check_filters",
    "error",
    "integer",
    "invalid",
    "page",
    "required_id",
    "timestamp",
]

T = TypeVar("T")

ARCHIVE_ID = re.compile(r"a-\w{1,64}", re.ASCII)
S3_LOCATION = re.compile(r"s3://[a-zA-Z0-9.-]{3,63}(/[a-zA-Z0-9!_.*'()/-]*)*")
STRING_ATTRIBUTES = frozenset({"TO", "FROM", "CC", "SUBJECT", "ENVELOPE_TO", "ENVELOPE_FROM"})
STRING_OPERATORS = frozenset({"CONTAINS"})
BOOLEAN_ATTRIBUTES = frozenset({"HAS_ATTACHMENTS"})
BOOLEAN_OPERATORS = frozenset({"IS_TRUE", "IS_FALSE"})
INT32 = (-(2**31), 2**31 - 1)  # a Smithy integer
DEFAULT_PAGE_SIZE = 10  # the model gives none; the emulator's choice

_STATUS = {
    "ValidationException": 400,
    "SerializationException": 400,
    "UnknownOperationException": 400,
    "ServiceQuotaExceededException": 402,  # as the model marks it
    "ResourceNotFoundException": 404,
    "ConflictException": 409,
}


@attrs.frozen
class Call:
    """One well-formed, authenticated call: its JSON body, its arrival (``time.monotonic()``),
    and the region its signature is scoped to."""

    body: dict[str, Any]
    now: float
    region: str


def error(code: str, message: str) -> Refusal:
    """A refusal with this error code, at the status the model gives it."""
    return Refusal(aws_error(_STATUS.get(code, 400), code, message, json_1_0=True))


def invalid(message: str) -> Refusal:
    """A ``ValidationException`` refusal."""
    return error("ValidationException", message)


def archive_id(body: dict[str, Any]) -> str:
    """The ``ArchiveId`` member: required, 3 to 66 characters, ``a-[\\w]{1,64}``."""
    value = body.get("ArchiveId")
    if not isinstance(value, str) or not 3 <= len(value) <= 66 or not ARCHIVE_ID.fullmatch(value):
        raise invalid("ArchiveId must match a-[\\w]{1,64}")
    return value


def required_id(body: dict[str, Any], name: str, max_len: int) -> str:
    """A required string member of 1 to ``max_len`` characters (``ExportId``, ``SearchId``:
    64; ``ArchiveIdString``: 66)."""
    value = body.get(name)
    if not isinstance(value, str) or not 1 <= len(value) <= max_len:
        raise invalid(f"{name} must be 1 to {max_len} characters")
    return value


def timestamp(body: dict[str, Any], name: str) -> float:
    """A required ``Timestamp`` member, as epoch seconds."""
    value = epoch_number(body.get(name))
    if value is None:
        raise invalid(f"{name} is required and must be a timestamp")
    return value


def integer(body: dict[str, Any], name: str, low: int, high: int) -> int | None:
    """An optional integer member within ``low`` and ``high``."""
    value = body.get(name)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise invalid(f"{name} must be an integer from {low} to {high}")
    return value


def page(items: Sequence[T], body: dict[str, Any]) -> tuple[Sequence[T], str | None]:
    """The page of ``items`` that ``PageSize`` (1 to 50) and ``NextToken`` (``PaginationToken``,
    1 to 2048 characters) ask for, and the token of the next page."""
    size = integer(body, "PageSize", 1, 50)
    size = DEFAULT_PAGE_SIZE if size is None else size
    token = body.get("NextToken")
    if token is not None and (not isinstance(token, str) or not 1 <= len(token) <= 2048):
        raise invalid("NextToken must be 1 to 2048 characters")
    try:
        offset = int(token) if token is not None else 0
    except ValueError:
        raise invalid("NextToken is invalid") from None
    if offset < 0:
        raise invalid("NextToken is invalid")
    following = str(offset + size) if offset + size < len(items) else None
    return items[offset : offset + size], following


def _union(value: Any, name: str, members: frozenset[str]) -> tuple[str, Any]:
    """The one member a union sets (the model's "union": true), which must be a known one."""
    present = {k: v for k, v in value.items() if v is not None} if isinstance(value, dict) else {}
    if not isinstance(value, dict) or len(present) != 1:
        raise invalid(f"{name} must set exactly one member")
    ((member, content),) = present.items()
    if member not in members:
        raise invalid(f"{name} has no member {member}")
    return member, content


def check_destination(value: Any) -> None:
    """``ExportDestinationConfiguration``: a required union; ``S3`` holds an optional
    ``S3Location``."""
    if value is None:
        raise invalid("ExportDestinationConfiguration is required")
    _, s3 = _union(value, "ExportDestinationConfiguration", frozenset({"S3"}))
    if not isinstance(s3, dict):
        raise invalid("ExportDestinationConfiguration.S3 must be an object")
    location = s3.get("S3Location")
    if location is not None and (
        not isinstance(location, str) or not S3_LOCATION.fullmatch(location)
    ):
        raise invalid("ExportDestinationConfiguration.S3.S3Location is invalid")


def check_filters(filters: Any) -> None:
    """``ArchiveFilters``: optional; ``Include`` and ``Unless`` of 0 to 10 conditions each."""
    if filters is None:
        return
    if not isinstance(filters, dict):
        raise invalid("Filters must be an object")
    for key in ("Include", "Unless"):
        conditions = filters.get(key)
        if conditions is None:
            continue
        if not isinstance(conditions, list) or len(conditions) > 10:
            raise invalid(f"Filters.{key} must list at most 10 conditions")
        for condition in conditions:
            _check_condition(condition)


def _check_condition(condition: Any) -> None:
    kind, expression = _union(
        condition, "ArchiveFilterCondition", frozenset({"StringExpression", "BooleanExpression"})
    )
    if not isinstance(expression, dict):
        raise invalid(f"{kind} must be an object")
    string = kind == "StringExpression"
    # Archive{String,Boolean}Expression: Evaluate and Operator required (and Values for a
    # string); Evaluate is a union whose one member, Attribute, is an enum
    _, attribute = _union(expression.get("Evaluate"), f"{kind}.Evaluate", frozenset({"Attribute"}))
    if attribute not in (STRING_ATTRIBUTES if string else BOOLEAN_ATTRIBUTES):
        raise invalid(f"{kind}.Evaluate.Attribute {attribute!r} is not a known attribute")
    if expression.get("Operator") not in (STRING_OPERATORS if string else BOOLEAN_OPERATORS):
        raise invalid(f"{kind}.Operator is required and must be a known operator")
    if string:
        values = expression.get("Values")
        # StringValueList: 1 to 10 StringValue of 1 to 2048 characters
        if (
            not isinstance(values, list)
            or not 1 <= len(values) <= 10
            or not all(isinstance(v, str) and 1 <= len(v) <= 2048 for v in values)
        ):
            raise invalid(
                "StringExpression.Values must hold 1 to 10 values of 1 to 2048 characters"
            )
