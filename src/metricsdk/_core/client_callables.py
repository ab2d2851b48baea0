"""The callables the shared client loops take, named once for each side.

An async source annotates with `AsyncFetch`; scripts/unasync.py rewrites the word to `Fetch`
in its generated sync twin. A word swap could not turn ``Callable[[], Awaitable[R]]`` into
``Callable[[], R]``, so both spellings are written here, by hand.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Protocol, TypeAlias, TypeVar

__all__ = ["AsyncFetch", "AsyncPageFetch", "Fetch", "Page", "PageFetch"]

R = TypeVar("R")


class Page(Protocol):
    """One page of a listing: whatever it holds, and the token of the next."""

    @property
    def next_token(self) -> str | None:
        """The token to ask the next page with; ``None`` or empty after the last."""


P = TypeVar("P", bound=Page)

AsyncFetch: TypeAlias = Callable[[], Awaitable[R]]
"""A call that asks the service once and is awaited for its answer."""
Fetch: TypeAlias = Callable[[], R]
"""A call that asks the service once and returns its answer."""
AsyncPageFetch: TypeAlias = Callable[[str | None], Awaitable[P]]
"""A call that asks for the page of a token (``None``: the first) and is awaited for it."""
PageFetch: TypeAlias = Callable[[str | None], P]
"""A call that asks for the page of a token (``None``: the first) and returns it."""
