"""How an SES v2 client is set up from its arguments: credentials, region and endpoint as the
AWS SDKs resolve them, and the pacers this process shares among the account's clients."""

from __future__ import annotations

from typing import Literal

import attrs
import httpx

from metricsdk._core.aws_client import AwsClientSettings, AwsService, aws_client_config
from metricsdk._core.credentials import AwsCredentials, CredentialProvider
from metricsdk._core.pacing_protocol import RateLimiter
from metricsdk._core.retry import RetryPolicy
from metricsdk._core.transport import ServiceConfig
from metricsdk.sesv2 import operations
from metricsdk.sesv2.errors import DOCUMENTED_ERRORS
from metricsdk.sesv2.pacing import resolve_pacers

__all__ = ["AWS_SERVICE", "client_config"]

AWS_SERVICE = AwsService(
    name=operations.SERVICE,
    service_id=operations.SERVICE_ID,
    signing_name=operations.SIGNING_NAME,
    default_endpoint=operations.default_endpoint,
    documented_errors=DOCUMENTED_ERRORS,
)


def client_config(
    *,
    region: str | None,
    credentials: AwsCredentials | CredentialProvider | None,
    profile: str | None,
    endpoint_url: str | None,
    retry: RetryPolicy | None,
    timeout: float | httpx.Timeout,
    rate_limiter: RateLimiter | Literal["shared"] | None,
    allow_insecure_http: bool,
) -> tuple[AwsClientSettings, ServiceConfig]:
    """The resolved identity and the transport settings of a client made with these arguments."""
    settings, config = aws_client_config(
        AWS_SERVICE,
        region=region,
        credentials=credentials,
        profile=profile,
        endpoint_url=endpoint_url,
        retry=retry,
        timeout=timeout,
        rate_limiter=None,
        allow_insecure_http=allow_insecure_http,
    )
    # The shared pacers are keyed by the account (or the source's stable identity) and region,
    # known only now; never by an access key id that rotates with temporary credentials.
    metric_data, pacers = resolve_pacers(
        rate_limiter, identity=settings.pacing_identity, region=settings.region
    )
    return settings, attrs.evolve(config, rate_limiter=metric_data, pacers=pacers)
