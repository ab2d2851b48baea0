"""Checking the URLs the SDK sends requests to: a client's base URL, a download's link."""

from __future__ import annotations

import ipaddress

import httpx

from metricsdk.errors import InvalidInputError

__all__ = ["check_base_url", "http_url", "is_loopback"]


def is_loopback(host: str) -> bool:
    """Whether ``host`` is this machine: localhost, or an address in 127.0.0.0/8 or ::1."""
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def http_url(field: str, url: str, *, invalid: str, not_http: str) -> httpx.URL:
    """``url`` parsed, if it is an absolute http(s) URL: the check a base URL and a download
    link share, each with its own wording.

    Args:
        field: the argument the URL came with, for the error.
        url: the URL.
        invalid: the rule broken when ``url`` is not a URL at all.
        not_http: the rule broken when it is not absolute http(s) (no host, another scheme).

    Raises:
        InvalidInputError: naming ``field`` and the rule ``url`` breaks.
    """
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError, ValueError):
        raise InvalidInputError(field, invalid) from None
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise InvalidInputError(field, not_http)
    return parsed


def check_base_url(field: str, url: str, *, allow_insecure_http: bool = False) -> str:
    """Validate a base URL and return it without a trailing slash.

    Plain ``http://`` is refused for any host but loopback, since every request carries a
    credential, unless the caller opts in with ``allow_insecure_http=True``.
    """
    if not isinstance(url, str) or not url:
        raise InvalidInputError(field, "must be a non-empty URL string")
    parsed = http_url(
        field,
        url,
        invalid="is not a valid URL",
        not_http="must be an http:// or https:// URL with a host",
    )
    if parsed.query or parsed.fragment:
        raise InvalidInputError(field, "must not have a query string or fragment")
    if parsed.userinfo:
        raise InvalidInputError(field, "must not embed credentials; pass them as arguments")
    if parsed.scheme == "http" and not allow_insecure_http and not is_loopback(parsed.host):
        raise InvalidInputError(
            field,
            "plain http:// to a non-loopback host would send credentials unencrypted; "
            "use https:// or pass allow_insecure_http=True",
        )
    return url.rstrip("/")
