"""Configuration shared by the AWS service clients: credentials, region, endpoint, signing."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping

import httpx

from metricsdk._core.aws_config import resolve_credentials, resolve_region
from metricsdk._core.aws_protocol import SigV4Auth, aws_error_mapper
from metricsdk._core.credentials import AwsCredentials
from metricsdk._core.endpoints import check_base_url
from metricsdk._core.pacing_protocol import RateLimiter
from metricsdk._core.retry import RetryPolicy
from metricsdk._core.transport import ServiceConfig
from metricsdk.errors import APIError, InvalidInputError

__all__ = ["AwsClientSettings", "aws_service_config"]


def _endpoint_from_environment(service_id: str) -> str | None:
    specific = os.environ.get(f"AWS_ENDPOINT_URL_{service_id.upper().replace(' ', '_')}")
    return specific or os.environ.get("AWS_ENDPOINT_URL") or None


class AwsClientSettings:
    """The resolved identity of an AWS client: what it signs with and where it sends."""

    def __init__(
        self,
        *,
        region: str | None,
        credentials: AwsCredentials | None,
        profile: str | None,
    ) -> None:
        if credentials is not None and not isinstance(credentials, AwsCredentials):
            raise InvalidInputError("credentials", "must be an AwsCredentials")
        self.credentials = resolve_credentials(credentials, profile=profile)
        self.region = resolve_region(region, profile=profile)


def aws_service_config(
    *,
    service: str,
    service_id: str,
    signing_name: str,
    settings: AwsClientSettings,
    default_endpoint: Callable[[str], str],
    documented_errors: Mapping[str, type[APIError]],
    endpoint_url: str | None,
    retry: RetryPolicy | None,
    timeout: float | httpx.Timeout,
    rate_limiter: RateLimiter | None,
    allow_insecure_http: bool,
) -> ServiceConfig:
    """The transport configuration of one AWS client.

    The endpoint is ``endpoint_url``, else ``AWS_ENDPOINT_URL_<SERVICE_ID>``, else
    ``AWS_ENDPOINT_URL`` (the variables boto3 reads), else the service's public endpoint.
    """
    base_url = (
        endpoint_url or _endpoint_from_environment(service_id) or default_endpoint(settings.region)
    )
    return ServiceConfig(
        service=service,
        base_url=check_base_url("endpoint_url", base_url, allow_insecure_http=allow_insecure_http),
        auth=SigV4Auth(settings.credentials, settings.region, signing_name),
        map_error=aws_error_mapper(service, documented_errors),
        retry=retry,
        timeout=timeout,
        rate_limiter=rate_limiter,
    )
