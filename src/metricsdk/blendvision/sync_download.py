# Generated from async_download.py by scripts/unasync.py: do not edit.
# Edit the async source, then run `python scripts/unasync.py` (CI checks they agree).
"""Downloading a finished report's file over an ``httpx.Client``: see
`metricsdk.blendvision.download` for what a clean request is and how the file is written."""

from __future__ import annotations

import httpx

from metricsdk.blendvision.download import (
    MAX_REDIRECTS,
    Destination,
    PartFile,
    broken,
    clean_request,
    next_hop,
    refused,
)

__all__ = ["download"]


def _open(client: httpx.Client, url: str, timeout: httpx.Timeout) -> httpx.Response:
    """The final answer for ``url``, each redirect followed with a clean request."""
    target: httpx.URL | str = url
    for hops in range(MAX_REDIRECTS + 1):
        response = client.send(
            clean_request(target, timeout), stream=True, auth=None, follow_redirects=False
        )
        hop = next_hop(response, hops)
        if hop is None:
            return response
        response.close()
        target = hop
    raise AssertionError("unreachable: next_hop raises past MAX_REDIRECTS")  # pragma: no cover


def download(
    client: httpx.Client, url: str, destination: Destination, timeout: httpx.Timeout
) -> int:
    """Stream ``url`` to ``destination`` with a clean request; return the number of bytes.

    Chunks are written to local disk as they come: small, fast writes not worth a thread each.
    """
    part = PartFile(destination)
    try:
        response = _open(client, url, timeout)
        try:
            if response.status_code != 200:
                raise refused(response)
            for chunk in response.iter_bytes():
                part.write(chunk)
        finally:
            response.close()
    except httpx.HTTPError as exc:
        part.discard()
        raise broken(exc) from exc
    except BaseException:
        part.discard()
        raise
    part.commit()
    return part.size
