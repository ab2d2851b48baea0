"""Request checks and pagination the emulated SES v2 operations share, written against the wire
(dicts and JSON) after botocore's ``sesv2/2019-09-27`` model; every refusal is a
``BadRequestException``, the error every operation lists for invalid input."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from typing import Any, TypeVar

from metricsdk.testing._emulator.aws import aws_error, epoch_number
from metricsdk.testing._emulator.service import Refusal

__all__ = [
    "DEFAULT_PAGE_SIZE",
    "INT32",
    "bad",
    "enum_value",
    "integer",
    "not_found",
    "obj",
    "page",
    "string",
    "string_list",
    "string_map",
    "timestamp",
]

T = TypeVar("T")

INT32 = (-(2**31), 2**31 - 1)  # a Smithy integer
DEFAULT_PAGE_SIZE = 10
"""Items per page when a list call asks for none, or for fewer than one."""


def bad(message: str) -> Refusal:
    """A ``BadRequestException`` (HTTP 400)."""
    return Refusal(aws_error(400, "BadRequestException", message))


def not_found(message: str) -> Refusal:
    """A ``NotFoundException`` (HTTP 404)."""
    return Refusal(aws_error(404, "NotFoundException", message))


def obj(value: Any, name: str, *, required: bool = True) -> dict[str, Any] | None:
    """``value`` if it is a JSON object; ``None`` when absent and not ``required``."""
    if value is None and not required:
        return None
    if not isinstance(value, dict):
        raise bad(f"{name} must be an object")
    return value


def string(
    value: Any, name: str, *, min_len: int = 0, max_len: int | None = None, required: bool = True
) -> str | None:
    """``value`` if it is a string of an allowed length; ``None`` when absent and optional."""
    if value is None and not required:
        return None
    if not isinstance(value, str) or len(value) < min_len:
        raise bad(f"{name} must be a string of at least {min_len} characters")
    if max_len is not None and len(value) > max_len:
        raise bad(f"{name} must be at most {max_len} characters")
    return value


def enum_value(
    value: Any, name: str, allowed: Collection[str], *, required: bool = True
) -> str | None:
    """``value`` if it is one of ``allowed``; ``None`` when absent and optional."""
    if value is None and not required:
        return None
    if value not in allowed:
        raise bad(f"{name} must be one of {', '.join(sorted(allowed))}")
    return str(value)


def integer(value: Any, name: str, low: int, high: int) -> int | None:
    """``value`` if it is an integer from ``low`` to ``high``; ``None`` when absent."""
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise bad(f"{name} must be an integer from {low} to {high}")
    return value


def timestamp(value: Any, name: str) -> float:
    """A required timestamp (epoch seconds, as the AWS JSON protocols send it)."""
    number = epoch_number(value)
    if number is None:
        raise bad(f"{name} is required and must be a timestamp")
    return number


def string_list(
    value: Any,
    name: str,
    *,
    max_items: int,
    min_items: int = 0,
    item: Callable[[Any, str], Any] | None = None,
) -> list[Any] | None:
    """A list of ``min_items`` to ``max_items``, each checked by ``item`` (a plain string when
    none is given); ``None`` when absent."""
    if value is None:
        return None
    if not isinstance(value, list) or not min_items <= len(value) <= max_items:
        raise bad(f"{name} must be a list of {min_items} to {max_items} items")
    check = item or (lambda v, n: string(v, n))
    return [check(v, f"{name}[{i}]") for i, v in enumerate(value)]


def string_map(value: Any, name: str, keys: Collection[str]) -> dict[str, str] | None:
    """A ``...Filter`` map: keys of an enum, values strings of at least one character."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise bad(f"{name} must be an object")
    for key, item in value.items():
        enum_value(key, f"{name} key", keys)
        string(item, f"{name}[{key}]", min_len=1)
    return value


def page(items: Sequence[T], body: dict[str, Any], page_size: int | None) -> dict[str, Any]:
    """One page of ``items`` for a list call's ``NextToken``: ``{"items": [...]}`` and, unless
    it is the last, the ``NextToken`` of the next one (an offset the emulator can read back;
    one it did not issue is refused)."""
    size = page_size if page_size is not None and page_size > 0 else DEFAULT_PAGE_SIZE
    token = string(body.get("NextToken"), "NextToken", required=False)  # NextToken: a string
    offset = 0
    if token is not None:
        number = token.removeprefix("page-")
        if not token.startswith("page-") or not number.isdigit():
            raise bad("NextToken is not one this service issued")
        offset = int(number)
    answer: dict[str, Any] = {"items": list(items[offset : offset + size])}
    if offset + size < len(items):
        answer["NextToken"] = f"page-{offset + size}"
    return answer
