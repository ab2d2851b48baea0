"""Downloading a finished report's file from its signed ``uri``.

The ``uri`` is a pre-signed link on another host, whose signing and expiry BlendVision does not
document. It is fetched with a clean request: no BlendVision credentials, and nothing of the
caller's own ``httpx`` client but its connection settings (proxies, TLS) — none of its default
headers, none of its cookies, none of its auth. Redirects are followed here, each hop again a
clean request, rather than by httpx, which would add the client's cookies to them. A 403 means
the link expired or was refused: batch-get the report again for a fresh one.

The file is written to a temporary file beside the destination and renamed into place only
once complete; a file object gets the bytes only after the whole download arrived. This module
holds what both sides share; the download itself is `async_download.download` (written once)
and its generated sync twin.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import IO

import httpx

from metricsdk._core.transport import USER_AGENT
from metricsdk.blendvision.errors import SERVICE, ReportLinkExpiredError, map_error
from metricsdk.blendvision.models import EventReport, SummaryReport
from metricsdk.errors import APIError, InvalidInputError, TransportError

__all__ = [
    "MAX_REDIRECTS",
    "Destination",
    "PartFile",
    "broken",
    "clean_request",
    "next_hop",
    "refused",
    "report_url",
]

Destination = str | os.PathLike[str] | IO[bytes]
"""Where a download goes: a path, or a binary file object open for writing."""

MAX_REDIRECTS = 5
"""Redirects followed before a download gives up."""

_REDIRECTS = frozenset({301, 302, 303, 307, 308})

_OPERATION = "DownloadReport"
_SPOOL_BYTES = 8 * 1024 * 1024


def report_url(report: EventReport | SummaryReport) -> str:
    """The download link of a finished report, checked before anything is sent."""
    if not isinstance(report, (EventReport, SummaryReport)):
        raise InvalidInputError(
            "report", f"must be an EventReport or SummaryReport, got {type(report).__name__}"
        )
    if not report.uri:
        raise InvalidInputError(
            "report", f"has no uri: its status is {report.status}, not SUCCEEDED"
        )
    try:
        url = httpx.URL(report.uri)
    except (httpx.InvalidURL, TypeError, ValueError):
        raise InvalidInputError("report", "its uri is not a valid URL") from None
    if url.scheme not in ("http", "https") or not url.host:
        raise InvalidInputError("report", "its uri is not an absolute http(s) URL")
    return report.uri


def refused(response: httpx.Response) -> APIError:
    host = response.request.url.host
    if response.status_code == 403:
        return ReportLinkExpiredError(
            f"the download link on {host} was refused (403), most likely expired: batch-get "
            "the report again for a fresh uri and download that",
            status_code=403,
            service=SERVICE,
        )
    error = map_error(response.status_code, response.headers, b"")
    error.message = f"the download from {host} answered HTTP {response.status_code}"
    return error


def broken(exc: httpx.HTTPError) -> TransportError:
    return TransportError(
        f"the report download broke off ({type(exc).__name__}); nothing was written to the "
        "destination",
        service=SERVICE,
        operation=_OPERATION,
    )


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
        if isinstance(destination, (str, os.PathLike)):
            path = Path(destination)
            if path.is_dir():
                raise InvalidInputError("destination", "is a folder; give a file path")
            if not path.resolve().parent.is_dir():
                raise InvalidInputError("destination", "its folder does not exist")
            handle, name = tempfile.mkstemp(
                dir=path.resolve().parent, prefix=f".{path.name}.", suffix=".part"
            )
            self._path, self._part_name = path, name
            self.file: IO[bytes] = os.fdopen(handle, "wb")
        elif callable(getattr(destination, "write", None)):
            self.file = tempfile.SpooledTemporaryFile(max_size=_SPOOL_BYTES)  # noqa: SIM115
        else:
            raise InvalidInputError(
                "destination", "must be a path or a binary file object open for writing"
            )
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


def next_hop(response: httpx.Response, hops: int) -> httpx.URL | None:
    """Where a redirect leads, or None when ``response`` is not one."""
    if response.status_code not in _REDIRECTS or "location" not in response.headers:
        return None
    if hops >= MAX_REDIRECTS:
        raise TransportError(
            f"the report download was redirected more than {MAX_REDIRECTS} times",
            service=SERVICE,
            operation=_OPERATION,
        )
    return response.request.url.join(response.headers["location"])
