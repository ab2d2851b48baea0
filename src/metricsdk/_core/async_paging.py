# The async source of a generated sync module: see scripts/unasync.py.
"""`items`: the loop every paginator of every client runs, written once. A paginator says how
to ask for a page and what a page holds; this follows ``NextToken`` from page to page."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterable
from typing import TypeVar

from metricsdk._core import wire_answers
from metricsdk._core.client_callables import AsyncPageFetch, Page

__all__ = ["items"]

P = TypeVar("P", bound=Page)
T = TypeVar("T")


async def items(
    fetch_page: AsyncPageFetch[P],
    items_of: Callable[[P], Iterable[T]],
    *,
    service: str,
    operation: str,
) -> AsyncIterator[T]:
    """Every item of every page, the pages fetched one at a time as the items are consumed.

    Args:
        fetch_page: asks for one page, given the token of the page before (``None`` first).
        items_of: the items a page holds.
        service: the service, named in the error below.
        operation: the listing's operation, named in the error below.

    Raises:
        MalformedResponseError: if the service hands back the token it was just sent, which
            would loop forever.
    """
    token: str | None = None
    while True:
        page = await fetch_page(token)
        for item in items_of(page):
            yield item
        token = wire_answers.next_page_token(service, operation, token, page.next_token)
        if token is None:
            return
