"""How a BlendVision client is set up from its arguments and the environment: the token and
organisation id (checked before anything is sent), the base URL, and the transport settings."""

from __future__ import annotations

import os

import httpx

from metricsdk._core.auth import BearerAuth
from metricsdk._core.endpoints import check_base_url
from metricsdk._core.pacing_protocol import RateLimiter
from metricsdk._core.retry import RetryPolicy
from metricsdk._core.transport import ServiceConfig
from metricsdk.blendvision import operations
from metricsdk.errors import InvalidInputError, MissingCredentialsError

__all__ = ["client_config"]


def _credential(field: str, given: str | None, variable: str) -> str:
    value = given if given is not None else os.environ.get(variable)
    if value is None or value == "":
        raise MissingCredentialsError(field, [f"{field}=", variable])
    if not isinstance(value, str):
        raise InvalidInputError(field, f"must be a string, got {type(value).__name__}")
    if not value.isprintable() or not value.isascii() or any(c.isspace() for c in value):
        # The value itself is never repeated in the message: it may be a secret.
        raise InvalidInputError(field, "must be printable ASCII without spaces or line breaks")
    return value


def client_config(
    *,
    api_token: str | None,
    org_id: str | None,
    base_url: str | None,
    retry: RetryPolicy | None,
    timeout: float | httpx.Timeout,
    rate_limiter: RateLimiter | None,
    allow_insecure_http: bool,
) -> ServiceConfig:
    """The transport settings of a client made with these arguments."""
    token = _credential("api_token", api_token, "BLENDVISION_API_TOKEN")
    org = _credential("org_id", org_id, "BLENDVISION_ORG_ID")
    url = base_url if base_url is not None else os.environ.get("BLENDVISION_BASE_URL")
    url = url or operations.DEFAULT_BASE_URL
    return ServiceConfig(
        service=operations.SERVICE,
        base_url=check_base_url("base_url", url, allow_insecure_http=allow_insecure_http),
        auth=BearerAuth(token, {"x-bv-org-id": org}),
        map_error=operations.map_error,
        retry=retry,
        timeout=timeout,
        rate_limiter=rate_limiter,
    )
