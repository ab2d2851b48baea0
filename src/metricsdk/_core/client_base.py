"""Lifecycle shared by every service client: context managers, closing, and the repr."""

from __future__ import annotations

from types import TracebackType
from typing import TypeVar

from metricsdk._core.transport import AsyncTransport, ServiceConfig, SyncTransport

__all__ = ["AsyncClientBase", "SyncClientBase", "sleep_async"]

_S = TypeVar("_S", bound="SyncClientBase")
_A = TypeVar("_A", bound="AsyncClientBase")


def _describe(client: object, config: ServiceConfig) -> str:
    """``Name(region=..., endpoint_url=...)`` for AWS clients, ``Name(base_url=...)`` for the
    others: where the client sends, never what it sends with."""
    if config.region is not None:
        where = f"region={config.region!r}, endpoint_url={config.base_url!r}"
    else:
        where = f"base_url={config.base_url!r}"
    return f"{type(client).__name__}({where})"


class SyncClientBase:
    """Base of the synchronous clients: ``with`` support and `close`."""

    _transport: SyncTransport

    def close(self) -> None:
        """Release the connection pool, unless it belongs to a caller-supplied ``http_client``.

        A closed client raises `ClientClosedError` if it is used again."""
        self._transport.close()

    def __enter__(self: _S) -> _S:
        """Use the client in a ``with`` block, which closes it at the end."""
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Close the client (see `close`)."""
        self.close()

    def __repr__(self) -> str:
        return _describe(self, self._transport.config)


async def sleep_async(seconds: float) -> None:
    """``asyncio.sleep``; asyncio is imported on first use, so sync programs never load it."""
    import asyncio

    await asyncio.sleep(seconds)


class AsyncClientBase:
    """Base of the asynchronous clients: ``async with`` support and `aclose`."""

    _transport: AsyncTransport

    async def aclose(self) -> None:
        """Release the connection pool, unless it belongs to a caller-supplied ``http_client``.

        A closed client raises `ClientClosedError` if it is used again."""
        await self._transport.aclose()

    async def __aenter__(self: _A) -> _A:
        """Use the client in an ``async with`` block, which closes it at the end."""
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Close the client (see `aclose`)."""
        await self.aclose()

    def __repr__(self) -> str:
        return _describe(self, self._transport.config)
