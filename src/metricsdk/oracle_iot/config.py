"""How an Oracle IoT client is set up from its arguments and the environment: the instance's
base URL, and exactly one kind of credential (checked before anything is sent)."""

from __future__ import annotations

import os
import re

import httpx

from metricsdk._core.auth import BasicAuth, BearerAuth
from metricsdk._core.endpoints import check_base_url
from metricsdk._core.pacing_protocol import RateLimiter
from metricsdk._core.retry import RetryPolicy
from metricsdk._core.transport import ServiceConfig
from metricsdk.errors import InvalidInputError, MissingCredentialsError
from metricsdk.oracle_iot.errors import SERVICE, map_error

__all__ = ["ENVIRONMENT_VARIABLES", "client_config"]

ENVIRONMENT_VARIABLES = {
    "base_url": "ORACLE_IOT_BASE_URL",
    "username": "ORACLE_IOT_USERNAME",
    "password": "ORACLE_IOT_PASSWORD",
    "token": "ORACLE_IOT_TOKEN",
}
"""Where each client setting is read from when it is not passed."""

# Characters that may not appear in a credential sent in a header: controls (header injection)
# and, for a token, whitespace.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_TOKEN_BREAKER = re.compile(r"[\s\x00-\x1f\x7f]")


def _env(name: str) -> str | None:
    return os.environ.get(ENVIRONMENT_VARIABLES[name]) or None


def client_config(
    *,
    base_url: str | None,
    username: str | None,
    password: str | None,
    token: str | None,
    retry: RetryPolicy | None,
    timeout: float | httpx.Timeout,
    rate_limiter: RateLimiter | None,
    allow_insecure_http: bool,
) -> ServiceConfig:
    """The transport settings of a client made with these arguments (or the environment)."""
    url = base_url if base_url is not None else _env("base_url")
    if url is None:
        raise MissingCredentialsError("base_url", ["base_url=", ENVIRONMENT_VARIABLES["base_url"]])
    if username is None and password is None and token is None:
        # The environment is read only when no credential at all was passed, so an explicit
        # argument is never mixed with a stray variable.
        username, password, token = _env("username"), _env("password"), _env("token")
    return ServiceConfig(
        service=SERVICE,
        base_url=check_base_url("base_url", url, allow_insecure_http=allow_insecure_http),
        auth=_auth(username, password, token),
        map_error=map_error,
        retry=retry,
        timeout=timeout,
        rate_limiter=rate_limiter,
    )


def _auth(username: str | None, password: str | None, token: str | None) -> BasicAuth | BearerAuth:
    """Exactly one of: a user name and password (HTTP Basic), or a bearer token."""
    basic = username is not None or password is not None
    if basic and token is not None:
        raise InvalidInputError("token", "give either username and password, or a token, not both")
    if token is not None:
        if not isinstance(token, str) or not token or _TOKEN_BREAKER.search(token):
            raise InvalidInputError(
                "token", "must be a non-empty string without spaces or control characters"
            )
        return BearerAuth(token)
    if not basic:
        raise MissingCredentialsError(
            "username",
            [
                "username=/password=",
                "token=",
                "ORACLE_IOT_USERNAME/ORACLE_IOT_PASSWORD",
                "ORACLE_IOT_TOKEN",
            ],
        )
    if not isinstance(username, str) or not username:
        raise InvalidInputError("username", "must be a non-empty string (Basic auth needs both)")
    if ":" in username or _CONTROL.search(username):
        raise InvalidInputError(
            "username", "must not contain ':' or control characters (HTTP Basic auth)"
        )
    if not isinstance(password, str) or not password:
        raise InvalidInputError("password", "must be a non-empty string (Basic auth needs both)")
    if _CONTROL.search(password):
        raise InvalidInputError("password", "must not contain control characters")
    return BasicAuth(username, password)
