"""The callables the shared client loops take, named once for each side.

An async source annotates with `AsyncFetch`; scripts/unasync.py rewrites the word to `Fetch`
in its generated sync twin. A word swap could not turn ``Callable[[], Awaitable[R]]`` into
``Callable[[], R]``, so both spellings are written here, by hand.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeAlias, TypeVar

__all__ = ["AsyncFetch", "Fetch"]

R = TypeVar("R")

AsyncFetch: TypeAlias = Callable[[], Awaitable[R]]
"""A call that asks the service once and is awaited for its answer."""
Fetch: TypeAlias = Callable[[], R]
"""A call that asks the service once and returns its answer."""
