# Generated from async_download.py by scripts/unasync.py: do not edit.
# Edit the async source, then run `python scripts/unasync.py` (CI checks they agree).
"""Downloading a file from a signed link over an ``httpx.Client``: see
`metricsdk._core.download` for what a clean request is and how the file is written."""

from __future__ import annotations

import httpx

from metricsdk._core.download import (
    MAX_REDIRECTS,
    Destination,
    PartFile,
    Refused,
    broken,
    clean_request,
    next_hop,
    too_many_redirects,
)

__all__ = ["download"]


def _open(
    client: httpx.Client, url: str, timeout: httpx.Timeout, *, service: str, operation: str
) -> httpx.Response:
    """The final answer for ``url``, each redirect followed with a clean request."""
    target: httpx.URL | str = url
    for _ in range(MAX_REDIRECTS + 1):
        response = client.send(
            clean_request(target, timeout), stream=True, auth=None, follow_redirects=False
        )
        hop = next_hop(response)
        if hop is None:
            return response
        response.close()
        target = hop
    raise too_many_redirects(service=service, operation=operation)


def download(
    client: httpx.Client,
    url: str,
    destination: Destination,
    timeout: httpx.Timeout,
    *,
    refused: Refused,
    service: str,
    operation: str,
) -> int:
    """Stream ``url`` to ``destination`` with a clean request; return the number of bytes.

    Chunks are written to local disk as they come: small, fast writes not worth a thread each.

    Args:
        client: whose connection settings (proxies, TLS) the download uses, and nothing else.
        url: the signed link.
        destination: a path, or a binary file object open for writing.
        timeout: the timeouts of each request.
        refused: the service's error for a non-200 answer.
        service: the service's name, for errors.
        operation: the download's name, for errors.
    """
    part = PartFile(destination)
    try:
        response = _open(client, url, timeout, service=service, operation=operation)
        try:
            if response.status_code != 200:
                raise refused(response)
            for chunk in response.iter_bytes():
                part.write(chunk)
        finally:
            response.close()
    except httpx.HTTPError as exc:
        part.discard()
        raise broken(exc, service=service, operation=operation) from exc
    except BaseException:
        part.discard()
        raise
    part.commit()
    return part.size
