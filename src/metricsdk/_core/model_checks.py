"""Request checks that the models of more than one service apply alike, so that a Smithy
``integer`` is checked, and its error worded, the same way in every service.

Each raises `InvalidInputError` naming the field; the caller cites the constraint of its
service model that it applies.
"""

from __future__ import annotations

from typing import Any

from metricsdk.errors import InvalidInputError

__all__ = ["INT32", "checked_integer"]

INT32 = (-(2**31), 2**31 - 1)
"""The range of a Smithy ``integer`` (a ``MaxItems`` or ``PageSize`` with no bounds of its own)."""


def checked_integer(field: str, value: Any, low: int, high: int) -> int | None:
    """``value`` if it is ``None`` or an integer from ``low`` to ``high``."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInputError(field, f"must be an integer, got {type(value).__name__}")
    if not low <= value <= high:
        raise InvalidInputError(field, f"must be from {low} to {high}, got {value}")
    return value
