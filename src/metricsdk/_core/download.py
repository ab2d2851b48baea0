"""Downloading a file from a signed link on another host, safely, shared by every service that
hands out such links (BlendVision reports, SES export jobs).

A link is fetched with a clean request: no credentials, and nothing of the caller's own
``httpx`` client but its connection settings (proxies, TLS) — none of its default headers,
none of its cookies, none of its auth. Redirects are followed here, each hop again a clean
request, rather than by httpx, which would add the client's cookies to them.

The file is written to a temporary file beside the destination and renamed into place only
once complete; a file object gets the bytes only after the whole download arrived. This module
holds what both sides share; the download itself is `async_download.download` (written once)
and its generated sync twin.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import IO

import httpx

from metricsdk._core.endpoints import http_url
from metricsdk._core.transport import USER_AGENT
from metricsdk.errors import APIError, InvalidInputError, TransportError

__all__ = [
    "MAX_REDIRECTS",
    "Destination",
    "PartFile",
    "Refused",
    "broken",
    "check_destination",
    "checked_link",
    "clean_request",
    "next_hop",
    "too_many_redirects",
]

Destination = str | os.PathLike[str] | IO[bytes]
"""Where a download goes: a path, or a binary file object open for writing."""

Refused = Callable[[httpx.Response], APIError]
"""Turns a link's non-200 answer into the service's error (e.g. "the link expired")."""

MAX_REDIRECTS = 5
"""Redirects followed before a download gives up."""

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_SPOOL_BYTES = 8 * 1024 * 1024


def checked_link(field: str, uri: str | None, missing: str) -> str:
    """``uri`` if it is an absolute http(s) URL, checked before anything is sent.

    Args:
        field: the argument the link came with, for the error.
        uri: the link.
        missing: why there is no link, when there is none.
    """
    if not uri:
        raise InvalidInputError(field, missing)
    http_url(
        field,
        uri,
        invalid="its link is not a valid URL",
        not_http="its link is not an absolute http(s) URL",
    )
    return uri


def broken(exc: httpx.HTTPError, *, service: str, operation: str) -> TransportError:
    """The error for a download that broke off."""
    return TransportError(
        f"the download broke off ({type(exc).__name__}); nothing was written to the destination",
        service=service,
        operation=operation,
    )


def check_destination(destination: Destination) -> Path | None:
    """Refuse a destination a download could not write, before anything is asked or sent: the
    rules `PartFile` applies when it opens one. Returns the path, or ``None`` for a file object.

    Raises:
        InvalidInputError: a folder, a path in a missing folder, or something not writable.
    """
    if isinstance(destination, (str, os.PathLike)):
        path = Path(destination)
        if path.is_dir():
            raise InvalidInputError("destination", "is a folder; give a file path")
        if not path.resolve().parent.is_dir():
            raise InvalidInputError("destination", "its folder does not exist")
        return path
    if not callable(getattr(destination, "write", None)):
        raise InvalidInputError(
            "destination", "must be a path or a binary file object open for writing"
        )
    return None


class PartFile:
    """Where a download is written while it runs.

    For a path: a temporary file beside it, renamed into place by `commit`. For a file object:
    a spooled buffer (in memory up to 8 MiB, then on disk) copied into it by `commit`.

    Args:
        destination: a path (whose folder must exist) or a binary file object.
    """

    def __init__(self, destination: Destination) -> None:
        self._target = destination
        self._path: Path | None = None
        self._part_name: str | None = None
        path = check_destination(destination)
        if path is not None:
            import tempfile  # only a download needs it

            handle, name = tempfile.mkstemp(
                dir=path.resolve().parent, prefix=f".{path.name}.", suffix=".part"
            )
            self._path, self._part_name = path, name
            self.file: IO[bytes] = os.fdopen(handle, "wb")
        else:
            import tempfile

            self.file = tempfile.SpooledTemporaryFile(max_size=_SPOOL_BYTES)  # noqa: SIM115
        self.size = 0

    def write(self, chunk: bytes) -> None:
        """Add a chunk of the download."""
        self.file.write(chunk)
        self.size += len(chunk)

    def commit(self) -> None:
        """Put the complete download in place."""
        if self._path is not None and self._part_name is not None:
            self.file.close()
            os.replace(self._part_name, self._path)
            return
        target = self._target
        assert not isinstance(target, (str, os.PathLike))  # the path case returned above
        self.file.seek(0)
        while chunk := self.file.read(1024 * 1024):
            target.write(chunk)
        self.file.close()

    def discard(self) -> None:
        """Drop a download that did not complete."""
        self.file.close()
        if self._part_name is not None:
            Path(self._part_name).unlink(missing_ok=True)


def clean_request(url: str | httpx.URL, timeout: httpx.Timeout) -> httpx.Request:
    """A request built from nothing but the URL: not through a client, so none of its default
    headers or cookies are added."""
    return httpx.Request(
        "GET", url, headers={"user-agent": USER_AGENT}, extensions={"timeout": timeout.as_dict()}
    )


def next_hop(response: httpx.Response) -> httpx.URL | None:
    """Where a redirect leads, or None when ``response`` is not one."""
    if response.status_code not in _REDIRECTS or "location" not in response.headers:
        return None
    return response.request.url.join(response.headers["location"])


def too_many_redirects(*, service: str, operation: str) -> TransportError:
    """The error for a link that kept redirecting."""
    return TransportError(
        f"the download was redirected more than {MAX_REDIRECTS} times",
        service=service,
        operation=operation,
    )
