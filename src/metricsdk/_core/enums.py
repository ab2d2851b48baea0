"""The base of every wire enum."""

from __future__ import annotations

import enum

__all__ = ["WireEnum"]


class WireEnum(str, enum.Enum):
    """A string enum whose members compare equal to, and print as, their wire value."""

    def __str__(self) -> str:
        return str(self.value)
