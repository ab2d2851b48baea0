"""The loop every paginator shares (`metricsdk._core.async_paging` and its generated sync twin):
pages are asked for one at a time as items are consumed, each with the token of the page
before, until a page has no token; a token handed back unchanged stops it with an error."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import attrs
import pytest

from metricsdk._core import async_paging, sync_paging
from metricsdk.errors import MalformedResponseError


@attrs.frozen
class Page:
    things: list[int]
    next_token: str | None


class Listing:
    """Pages keyed by the token that asks for them; records the tokens it was asked with."""

    def __init__(self, pages: dict[str | None, Page]) -> None:
        self.pages = pages
        self.asked: list[str | None] = []

    def page(self, token: str | None) -> Page:
        self.asked.append(token)
        return self.pages[token]

    async def page_async(self, token: str | None) -> Page:
        return self.page(token)


THREE_PAGES = {
    None: Page([1, 2], "b"),
    "b": Page([], "c"),  # an empty page in the middle is followed, not taken as the end
    "c": Page([3], ""),  # an empty token ends the listing, as a missing one does
}


def sync_items(listing: Listing) -> Iterator[int]:
    return sync_paging.items(
        listing.page, lambda page: page.things, service="svc", operation="ListThings"
    )


def async_items(listing: Listing) -> AsyncIterator[int]:
    return async_paging.items(
        listing.page_async, lambda page: page.things, service="svc", operation="ListThings"
    )


def test_sync_items_follow_every_page_in_order() -> None:
    listing = Listing(THREE_PAGES)
    assert list(sync_items(listing)) == [1, 2, 3]
    assert listing.asked == [None, "b", "c"]


async def test_async_items_follow_every_page_in_order() -> None:
    listing = Listing(THREE_PAGES)
    assert [item async for item in async_items(listing)] == [1, 2, 3]
    assert listing.asked == [None, "b", "c"]


def test_pages_are_asked_for_only_as_items_are_consumed() -> None:
    listing = Listing(THREE_PAGES)
    items = sync_items(listing)
    assert listing.asked == []
    assert next(items) == 1
    assert listing.asked == [None]


def test_a_repeated_token_is_an_error_naming_the_operation() -> None:
    listing = Listing({None: Page([1], "a"), "a": Page([2], "a")})
    items = sync_items(listing)
    with pytest.raises(MalformedResponseError, match="ListThings: the answer repeats"):
        list(items)
    assert listing.asked == [None, "a"]


async def test_a_repeated_token_stops_the_async_side_too() -> None:
    listing = Listing({None: Page([1], "a"), "a": Page([2], "a")})
    items = async_items(listing)
    assert [await anext(items), await anext(items)] == [1, 2]
    with pytest.raises(MalformedResponseError, match="ListThings: the answer repeats"):
        await anext(items)
