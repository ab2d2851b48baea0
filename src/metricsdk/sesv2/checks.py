"""Request checks the SES v2 models share; each raises `InvalidInputError` naming the field, and
its caller cites the constraint of botocore's ``sesv2/2019-09-27`` model that it applies."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any, TypeVar

from metricsdk._core.model_checks import INT32, checked_integer
from metricsdk._core.validation import check_length, known_member, require_str
from metricsdk.errors import InvalidInputError

__all__ = [
    "INT32",
    "checked_integer",
    "checked_list",
    "checked_next_token",
    "checked_string_map",
    "optional_known",
]

E = TypeVar("E", bound=enum.Enum)


def checked_next_token(value: Any) -> str | None:
    # model: NextToken, a string with no length or pattern
    return None if value is None else require_str("next_token", value, min_len=0)


def optional_known(field: str, enum_cls: type[E], value: Any) -> E | None:
    """``None``, or the member of ``enum_cls`` that ``value`` names."""
    return None if value is None else known_member(field, enum_cls, value)


def checked_list(
    field: str, value: Any, max_len: int | None, *, min_len: int = 0, unit: str = "items"
) -> list[Any]:
    """``value`` (any iterable but a string or a mapping) as a list of ``min_len`` to
    ``max_len`` items; the items are the caller's to check."""
    if isinstance(value, (str, bytes, Mapping)):
        raise InvalidInputError(field, f"must be a list, got {type(value).__name__}")
    try:
        items = list(value)
    except TypeError:
        raise InvalidInputError(field, f"must be a list, got {type(value).__name__}") from None
    check_length(field, items, min_len, max_len, unit=unit)
    return items


def checked_string_map(field: str, value: Any, keys: type[E]) -> dict[E, str] | None:
    """``None``, or a mapping from members of ``keys`` to strings of at least one character
    (the shape of every SES v2 ``...Filter`` map: an enum key, a value of ``min`` 1, no bound on
    the number of entries). A value may be an enum member: it is sent as its wire string."""
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise InvalidInputError(field, "must be a mapping of filter key to value")
    checked: dict[E, str] = {}
    for key, item in value.items():
        member = known_member(f"{field} key", keys, key)
        text = require_str(f"{field}[{member.value}]", item)
        checked[member] = item.value if isinstance(item, enum.Enum) else text
    return checked
