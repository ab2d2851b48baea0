"""Checking the base URL a client will send credentials to."""

from __future__ import annotations

import ipaddress

import httpx

from metricsdk.errors import InvalidInputError

__all__ = ["check_base_url", "is_loopback"]


def is_loopback(host: str) -> bool:
    """Whether ``host`` is this machine: localhost, or an address in 127.0.0.0/8 or ::1."""
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_base_url(field: str, url: str, *, allow_insecure_http: bool = False) -> str:
    """Validate a base URL and return it without a trailing slash.

    Plain ``http://`` is refused for any host but loopback, since every request carries a
    credential, unless the caller opts in with ``allow_insecure_http=True``.
    """
    if not isinstance(url, str) or not url:
        raise InvalidInputError(field, "must be a non-empty URL string")
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError, ValueError):
        raise InvalidInputError(field, "is not a valid URL") from None
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise InvalidInputError(field, "must be an http:// or https:// URL with a host")
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
