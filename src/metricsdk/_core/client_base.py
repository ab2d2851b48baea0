"""Lifecycle shared by every service client: context managers and closing."""

from __future__ import annotations

from types import TracebackType
from typing import TypeVar

from metricsdk._core.transport import AsyncTransport, SyncTransport

__all__ = ["AsyncClientBase", "SyncClientBase", "sleep_async"]

_S = TypeVar("_S", bound="SyncClientBase")
_A = TypeVar("_A", bound="AsyncClientBase")


class SyncClientBase:
    """Base of the synchronous clients: ``with`` support and `close`."""

    _transport: SyncTransport

    def close(self) -> None:
        """Release the connection pool, unless it belongs to a caller-supplied ``http_client``."""
        self._transport.close()

    def __enter__(self: _S) -> _S:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


async def sleep_async(seconds: float) -> None:
    """``asyncio.sleep``; asyncio is imported on first use, so sync programs never load it."""
    import asyncio

    await asyncio.sleep(seconds)


class AsyncClientBase:
    """Base of the asynchronous clients: ``async with`` support and `aclose`."""

    _transport: AsyncTransport

    async def aclose(self) -> None:
        """Release the connection pool, unless it belongs to a caller-supplied ``http_client``."""
        await self._transport.aclose()

    async def __aenter__(self: _A) -> _A:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()
