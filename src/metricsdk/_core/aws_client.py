"""Configuration shared by the AWS service clients: credentials, region, endpoint, signing."""

from __future__ import annotations

import os
from collections.abc import Callable, Hashable, Mapping
from typing import Literal, NamedTuple, Protocol, cast

import attrs
import httpx

from metricsdk._core.aws_config import resolve_credentials, resolve_region
from metricsdk._core.aws_protocol import SigV4Auth, aws_error_mapper
from metricsdk._core.credentials import AwsCredentials, CredentialProvider, pacing_identity
from metricsdk._core.endpoints import check_base_url
from metricsdk._core.pacing_protocol import RateLimiter
from metricsdk._core.retry import RetryPolicy
from metricsdk._core.transport import ServiceConfig
from metricsdk.errors import APIError, InvalidInputError

__all__ = ["AwsClientSettings", "AwsOperations", "AwsService", "ResolvePacers", "aws_client_config"]


def _endpoint_from_environment(service_id: str) -> str | None:
    specific = os.environ.get(f"AWS_ENDPOINT_URL_{service_id.upper().replace(' ', '_')}")
    return specific or os.environ.get("AWS_ENDPOINT_URL") or None


class AwsClientSettings:
    """The resolved identity of an AWS client: what it signs with and where it sends.

    Attributes:
        credentials: static keys, or the provider asked at every attempt.
        region: the region.
        pacing_identity: what the client's shared pacer is keyed by (with the region): the
            account when known, else a stable identity of the source, never a rotating key.
    """

    def __init__(
        self,
        *,
        region: str | None,
        credentials: AwsCredentials | CredentialProvider | None,
        profile: str | None,
    ) -> None:
        if credentials is not None and not isinstance(
            credentials, (AwsCredentials, CredentialProvider)
        ):
            raise InvalidInputError(
                "credentials", "must be an AwsCredentials or a provider from metricsdk.credentials"
            )
        self.credentials = resolve_credentials(credentials, profile=profile, region=region)
        self.region = resolve_region(region, profile=profile)
        self.pacing_identity = pacing_identity(self.credentials)


class AwsOperations(Protocol):
    """What an AWS service's operations module declares about the service (`AwsService.of`
    reads it)."""

    @property
    def SERVICE(self) -> str:
        """The service's name in logs and errors."""
        ...

    @property
    def SERVICE_ID(self) -> str:
        """botocore's service id."""
        ...

    @property
    def SIGNING_NAME(self) -> str:
        """The SigV4 signing name."""
        ...

    def default_endpoint(self, region: str) -> str:
        """The public endpoint for a region."""
        ...


class ResolvePacers(Protocol):
    """How a service's clients turn their ``rate_limiter`` argument into the pacers they keep:
    the one for calls without a quota of their own, and one per operation that has one."""

    def __call__(
        self,
        rate_limiter: RateLimiter | Literal["shared"] | None,
        *,
        identity: Hashable,
        region: str,
    ) -> tuple[RateLimiter | None, dict[str, RateLimiter]]:
        """The pacers, given the client's pacing identity and region."""
        ...


# A NamedTuple, not an attrs class: internal, and about 0.5 ms cheaper to make at import.
class AwsService(NamedTuple):
    """What sets one AWS service's clients apart in the shared set-up.

    Attributes:
        name: the service's name in logs and errors (``"sesv2"``).
        service_id: botocore's service id, naming ``AWS_ENDPOINT_URL_<SERVICE_ID>``.
        signing_name: the SigV4 signing name.
        default_endpoint: the public endpoint for a region.
        documented_errors: the service's documented error codes and their classes.
        resolve_pacers: how its clients' ``rate_limiter`` argument becomes their pacers, for a
            service with published rates; ``None`` takes it as the one pacer of every call.
    """

    name: str
    service_id: str
    signing_name: str
    default_endpoint: Callable[[str], str]
    documented_errors: Mapping[str, type[APIError]]
    resolve_pacers: ResolvePacers | None = None

    @classmethod
    def of(
        cls,
        operations: AwsOperations,
        documented_errors: Mapping[str, type[APIError]],
        resolve_pacers: ResolvePacers | None = None,
    ) -> AwsService:
        """The service whose operations module is ``operations``."""
        return cls(
            name=operations.SERVICE,
            service_id=operations.SERVICE_ID,
            signing_name=operations.SIGNING_NAME,
            default_endpoint=operations.default_endpoint,
            documented_errors=documented_errors,
            resolve_pacers=resolve_pacers,
        )


def aws_client_config(
    service: AwsService,
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
    """The resolved identity and the transport configuration of one AWS client.

    The endpoint is ``endpoint_url``, else ``AWS_ENDPOINT_URL_<SERVICE_ID>``, else
    ``AWS_ENDPOINT_URL`` (the variables boto3 reads), else the service's public endpoint.
    """
    settings = AwsClientSettings(region=region, credentials=credentials, profile=profile)
    base_url = (
        endpoint_url
        or _endpoint_from_environment(service.service_id)
        or service.default_endpoint(settings.region)
    )
    resolve = service.resolve_pacers
    config = ServiceConfig(
        service=service.name,
        base_url=check_base_url("endpoint_url", base_url, allow_insecure_http=allow_insecure_http),
        auth=SigV4Auth(settings.credentials, settings.region, service.signing_name),
        map_error=aws_error_mapper(service.name, service.documented_errors),
        retry=retry,
        timeout=timeout,
        # Without pacers of its own, the service takes the caller's as is: ServiceConfig checks
        # it (``"shared"`` included).
        rate_limiter=None if resolve is not None else cast("RateLimiter | None", rate_limiter),
        region=settings.region,
    )
    if resolve is None:
        return settings, config
    # The shared pacers are keyed by the account (or the source's stable identity) and region,
    # known only now; never by an access key id that rotates with temporary credentials.
    limiter, pacers = resolve(
        rate_limiter, identity=settings.pacing_identity, region=settings.region
    )
    return settings, attrs.evolve(config, rate_limiter=limiter, pacers=pacers)
