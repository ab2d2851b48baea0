# Generated from async_client_base.py by scripts/unasync.py: do not edit.
# Edit the async source, then run `python scripts/unasync.py` (CI checks they agree).
"""`SyncClientBase`: what every sync client shares — ``with``, `close`, the repr."""

from __future__ import annotations

from types import TracebackType
from typing import TYPE_CHECKING, TypeVar

from metricsdk._core.sync_transport import SyncTransport
from metricsdk._core.transport import describe_client

if TYPE_CHECKING:
    from metricsdk._core.download import Destination, Refused

__all__ = ["SyncClientBase"]

_C = TypeVar("_C", bound="SyncClientBase")


class SyncClientBase:
    """Base of the synchronous clients: ``with`` support and `close`."""

    _transport: SyncTransport

    def close(self) -> None:
        """Release the connection pool, unless it belongs to a caller-supplied ``http_client``.

        A closed client raises `ClientClosedError` if it is used again."""
        self._transport.close()

    def __enter__(self: _C) -> _C:
        """Use the client in an ``with`` block, which closes it at the end."""
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
        return describe_client(self, self._transport.config)

    def _download(
        self, url: str, destination: Destination, *, refused: Refused, operation: str
    ) -> int:
        """Stream a signed link's file to ``destination`` over this client's connection pool,
        with its timeouts but none of its credentials (see `metricsdk._core.download`); return
        its size. Every client's download helper ends here."""
        from metricsdk._core import sync_download  # loaded by the first download

        transport = self._transport
        return sync_download.download(
            transport.raw_client,
            url,
            destination,
            transport.config.phases,
            refused=refused,
            service=transport.config.service,
            operation=operation,
        )
