"""Downloading a finished report's file from its signed ``uri``.

The ``uri`` is a pre-signed link on another host, whose signing and expiry BlendVision does not
document. It is fetched with no BlendVision credentials: the request is built without the
client's auth, and any ``Authorization`` or ``x-bv-org-id`` header (from a caller's own
``httpx`` client defaults) is removed before it leaves. A 403 means the link expired or was
refused: batch-get the report again for a fresh one.

The file is written to a temporary file beside the destination and renamed into place only
once complete; a file object gets the bytes only after the whole download arrived.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import IO

import httpx

from metricsdk.blendvision.errors import SERVICE, ReportLinkExpiredError, map_error
from metricsdk.blendvision.models import EventReport, SummaryReport
from metricsdk.errors import APIError, InvalidInputError, TransportError

__all__ = [
    "CREDENTIAL_HEADERS",
    "Destination",
    "PartFile",
    "download_async",
    "download_sync",
    "report_url",
]

Destination = str | os.PathLike[str] | IO[bytes]
"""Where a download goes: a path, or a binary file object open for writing."""

CREDENTIAL_HEADERS = ("authorization", "x-bv-org-id")
"""Headers never sent with a download."""

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


def _refused(response: httpx.Response) -> APIError:
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


def _broken(exc: httpx.HTTPError) -> TransportError:
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


def _request(
    client: httpx.Client | httpx.AsyncClient, url: str, timeout: httpx.Timeout
) -> httpx.Request:
    request = client.build_request("GET", url, timeout=timeout)
    for name in CREDENTIAL_HEADERS:
        request.headers.pop(name, None)
    return request


def download_sync(
    client: httpx.Client, url: str, destination: Destination, timeout: httpx.Timeout
) -> int:
    """Stream ``url`` to ``destination`` with no credentials; return the number of bytes."""
    part = PartFile(destination)
    try:
        response = client.send(
            _request(client, url, timeout), stream=True, auth=None, follow_redirects=True
        )
        try:
            if response.status_code != 200:
                raise _refused(response)
            for chunk in response.iter_bytes():
                part.write(chunk)
        finally:
            response.close()
    except httpx.HTTPError as exc:
        part.discard()
        raise _broken(exc) from exc
    except BaseException:
        part.discard()
        raise
    part.commit()
    return part.size


async def download_async(
    client: httpx.AsyncClient, url: str, destination: Destination, timeout: httpx.Timeout
) -> int:
    """`download_sync` for an ``httpx.AsyncClient``. Chunks are written to local disk
    synchronously: small, fast writes not worth a thread each."""
    part = PartFile(destination)
    try:
        response = await client.send(
            _request(client, url, timeout), stream=True, auth=None, follow_redirects=True
        )
        try:
            if response.status_code != 200:
                raise _refused(response)
            async for chunk in response.aiter_bytes():
                part.write(chunk)
        finally:
            await response.aclose()
    except httpx.HTTPError as exc:
        part.discard()
        raise _broken(exc) from exc
    except BaseException:
        part.discard()
        raise
    part.commit()
    return part.size
