"""Small checks shared by the models; each raises `InvalidInputError` naming the field."""

from __future__ import annotations

import enum
from collections.abc import Sized
from datetime import date, datetime, time, timezone
from typing import Any, TypeVar

from metricsdk._core.converters import as_utc
from metricsdk.errors import InvalidInputError

__all__ = [
    "check_length",
    "check_order",
    "known_member",
    "require_str",
    "to_utc_datetime",
    "utc_or_invalid",
]

E = TypeVar("E", bound=enum.Enum)


def require_str(field: str, value: Any, *, min_len: int = 1, max_len: int | None = None) -> str:
    """``value`` if it is a string of an allowed length."""
    if not isinstance(value, str):
        raise InvalidInputError(field, f"must be a string, got {type(value).__name__}")
    check_length(field, value, min_len, max_len, unit="characters")
    return value


def check_length(
    field: str, value: Sized, min_len: int, max_len: int | None, *, unit: str = "items"
) -> None:
    """Raise unless ``min_len <= len(value) <= max_len``."""
    size = len(value)
    if size == 0 and min_len == 1 and max_len is None:
        raise InvalidInputError(field, "must not be empty")
    if size < min_len or (max_len is not None and size > max_len):
        bound = f"{min_len} to {max_len}" if max_len is not None else f"at least {min_len}"
        raise InvalidInputError(field, f"must have {bound} {unit}, got {size}")


def known_member(field: str, enum_cls: type[E], value: Any) -> E:
    """The member of ``enum_cls`` for a member or its wire string, else a clear error."""
    if isinstance(value, enum_cls):
        return value
    try:
        return enum_cls(value)
    except ValueError:
        allowed = ", ".join(str(m.value) for m in enum_cls)
        raise InvalidInputError(field, f"must be one of {allowed}; got {value!r}") from None


def to_utc_datetime(field: str, value: Any) -> datetime:
    """A timezone-aware UTC datetime from a datetime (naive = UTC) or a date (midnight UTC).

    Raises:
        InvalidInputError: for anything else, or for a datetime whose offset moves it out of
            the years 1 to 9999 in UTC.
    """
    if isinstance(value, datetime):
        return utc_or_invalid(field, value)
    if isinstance(value, date):
        return datetime.combine(value, time(), tzinfo=timezone.utc)
    raise InvalidInputError(field, f"must be a datetime or a date, got {type(value).__name__}")


def utc_or_invalid(field: str, value: datetime) -> datetime:
    """``value`` in UTC (naive = UTC), or `InvalidInputError` if UTC cannot hold it."""
    try:
        return as_utc(value)
    except ValueError:
        raise InvalidInputError(
            field, "must fall within 0001-01-01 and 9999-12-31 once moved to UTC"
        ) from None


def check_order(start_field: str, start: datetime, end_field: str, end: datetime) -> None:
    """Raise unless ``start`` is strictly before ``end``."""
    if not start < end:
        raise InvalidInputError(start_field, f"must be before {end_field}")
