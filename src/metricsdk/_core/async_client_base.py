# The async source of a generated sync module: see scripts/unasync.py.
"""`AsyncClientBase`: what every async client shares — ``async with``, `aclose`, the repr."""

from __future__ import annotations

from types import TracebackType
from typing import TYPE_CHECKING, TypeVar

from metricsdk._core.async_transport import AsyncTransport
from metricsdk._core.transport import describe_client

if TYPE_CHECKING:
    from metricsdk._core.download import Destination, Refused

__all__ = ["AsyncClientBase"]

_C = TypeVar("_C", bound="AsyncClientBase")


class AsyncClientBase:
    """Base of the asynchronous clients: ``async with`` support and `aclose`."""

    _transport: AsyncTransport

    async def aclose(self) -> None:
        """Release the connection pool, unless it belongs to a caller-supplied ``http_client``.

        A closed client raises `ClientClosedError` if it is used again."""
        await self._transport.aclose()

    async def __aenter__(self: _C) -> _C:
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
        return describe_client(self, self._transport.config)

    async def _download(
        self, url: str, destination: Destination, *, refused: Refused, operation: str
    ) -> int:
        """Stream a signed link's file to ``destination`` over this client's connection pool,
        with its timeouts but none of its credentials (see `metricsdk._core.download`); return
        its size. Every client's download helper ends here."""
        from metricsdk._core import async_download  # loaded by the first download

        transport = self._transport
        return await async_download.download(
            transport.raw_client,
            url,
            destination,
            transport.config.phases,
            refused=refused,
            service=transport.config.service,
            operation=operation,
        )
