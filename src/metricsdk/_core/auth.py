"""Header-based auth for the non-AWS services: bearer tokens and HTTP Basic."""

from __future__ import annotations

import base64
from collections.abc import Mapping

import httpx

__all__ = ["BasicAuth", "BearerAuth"]


class BearerAuth:
    """``Authorization: Bearer <token>`` plus any fixed headers (e.g. an organisation id)."""

    def __init__(self, token: str, extra_headers: Mapping[str, str] | None = None) -> None:
        self._token = token
        self._headers = {"authorization": f"Bearer {token}", **(extra_headers or {})}

    def __repr__(self) -> str:
        return "BearerAuth(<hidden>)"

    def apply(self, request: httpx.Request, signed_headers: Mapping[str, str]) -> None:
        """Add the bearer token and the fixed headers."""
        request.headers.update(self._headers)

    def secrets(self) -> tuple[str, ...]:
        """The token."""
        return (self._token,)

    async def apply_async(self, request: httpx.Request, signed_headers: Mapping[str, str]) -> None:
        """As `apply`: the token is at hand, nothing to await."""
        self.apply(request, signed_headers)


class BasicAuth:
    """HTTP Basic auth (RFC 7617) with a user name and password."""

    def __init__(self, username: str, password: str) -> None:
        pair = f"{username}:{password}".encode()
        self._password = password
        self._header = "Basic " + base64.b64encode(pair).decode("ascii")

    def __repr__(self) -> str:
        return "BasicAuth(<hidden>)"

    def apply(self, request: httpx.Request, signed_headers: Mapping[str, str]) -> None:
        """Add the ``Authorization: Basic`` header."""
        request.headers["authorization"] = self._header

    def secrets(self) -> tuple[str, ...]:
        """The password, and the header value that encodes it."""
        return (self._password, self._header.removeprefix("Basic "))

    async def apply_async(self, request: httpx.Request, signed_headers: Mapping[str, str]) -> None:
        """As `apply`: the password is at hand, nothing to await."""
        self.apply(request, signed_headers)
