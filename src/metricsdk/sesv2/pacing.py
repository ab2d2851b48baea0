"""The published SES v2 rates, and the pacers shared by every client of an account.

Each SES v2 operation has its own quota, so each request says which pacer admits it
(`RequestSpec.pacing`), never another operation's:

* ``BatchGetMetricData``: at most 16 calls and 160 queries per second (its API reference page):
  the client's ``rate_limiter``.
* ``CreateExportJob``: "no more than once per second" (its API reference page): a pacer of its
  own, 1 call per sliding second.
* every other operation the SDK calls (``GetExportJob``, ``ListExportJobs``,
  ``CancelExportJob``, ``ListEmailIdentities``, ``ListConfigurationSets``, ``ListTenants``,
  ``GetAccount``): no rate is published, so none is paced; a throttled call is retried.

The quotas belong to the AWS account, so within one process clients share each pacer per account
and region when their credentials say which account they belong to (assume-role, web identity
and SSO do from their configuration; static keys do with ``account_id=``, ``AWS_ACCOUNT_ID`` or
``aws_account_id``), else per stable identity of their source (the role ARN, the profile, the
static access key id) — never per temporary key, which changes at every refresh.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Literal

from metricsdk._core.aws_client import AwsClientSettings
from metricsdk._core.credentials import AwsCredentials, CredentialProvider
from metricsdk._core.pacing import Adaptive, Limit, Pacer, shared_pacer
from metricsdk._core.pacing_protocol import RateLimiter
from metricsdk.errors import InvalidInputError

__all__ = [
    "CREATE_EXPORT_JOB",
    "EXPORT_JOB_LIMITS",
    "METRIC_DATA",
    "METRIC_DATA_LIMITS",
    "UNPACED",
    "export_job_pacer",
    "metric_data_pacer",
    "metric_data_pacing_key",
    "resolve_pacers",
    "resolve_rate_limiter",
]

METRIC_DATA_LIMITS = (
    Limit(16, per_seconds=1.0, counts="calls"),
    Limit(160, per_seconds=1.0, counts="units"),
)
"""16 calls and 160 queries in any sliding second, per account."""

EXPORT_JOB_LIMITS = (Limit(1, per_seconds=1.0, counts="calls"),)
"""``CreateExportJob``: one call in any sliding second, per account."""

METRIC_DATA = ""
"""The `RequestSpec.pacing` of ``BatchGetMetricData``: the client's ``rate_limiter``."""
CREATE_EXPORT_JOB = "CreateExportJob"
"""The `RequestSpec.pacing` of ``CreateExportJob``: the client's pacer of that name."""
UNPACED = None
"""The `RequestSpec.pacing` of the operations with no published rate."""


def metric_data_pacer() -> Pacer:
    """A new pacer for the published quota, adaptive after throttling."""
    return Pacer(METRIC_DATA_LIMITS, adaptive=Adaptive())


def export_job_pacer() -> Pacer:
    """A new pacer for ``CreateExportJob``'s published rate, adaptive after throttling."""
    return Pacer(EXPORT_JOB_LIMITS, adaptive=Adaptive())


def resolve_pacers(
    rate_limiter: RateLimiter | Literal["shared"] | None, *, identity: Hashable, region: str
) -> tuple[RateLimiter | None, dict[str, RateLimiter]]:
    """A client's pacers: its ``rate_limiter`` (for ``BatchGetMetricData``) and the pacers it
    keeps by name for the other operations with a published rate.

    ``"shared"`` or a pacer of the caller's own keep the account's shared ``CreateExportJob``
    pacer (a caller's pacer replaces only the metric data one); ``None`` switches every pacer
    off.
    """
    metric_data = resolve_rate_limiter(rate_limiter, identity=identity, region=region)
    if rate_limiter is None:
        return None, {}
    exports = shared_pacer(("sesv2", CREATE_EXPORT_JOB, identity, region), export_job_pacer)
    return metric_data, {CREATE_EXPORT_JOB: exports}


def resolve_rate_limiter(
    rate_limiter: RateLimiter | Literal["shared"] | None, *, identity: Hashable, region: str
) -> RateLimiter | None:
    """The pacer a client uses: the account's shared one, the caller's own, or none.

    Args:
        rate_limiter: ``"shared"``, a pacer, or ``None``.
        identity: the client's pacing identity (its account, else its source's identity).
        region: the client's region.
    """
    if rate_limiter == "shared":
        return shared_pacer(("sesv2", identity, region), metric_data_pacer)
    if rate_limiter is None or isinstance(rate_limiter, RateLimiter):
        return rate_limiter
    raise InvalidInputError("rate_limiter", "must be 'shared', None or a RateLimiter")


def metric_data_pacing_key(
    *,
    region: str | None = None,
    credentials: AwsCredentials | CredentialProvider | None = None,
    profile: str | None = None,
) -> str:
    """The key for a `RedisPacer` shared by every worker of one account and region:
    ``"sesv2:<account id>:<region>"``, for the account a client with these arguments uses.

    The account comes from the configuration when it names one; else the credentials are
    fetched once (container and instance metadata answers, ``credential_process`` output and
    STS answers name the account).

    Args:
        region: as for `SESv2Client`.
        credentials: as for `SESv2Client`.
        profile: as for `SESv2Client`.

    Raises:
        InvalidInputError: the credentials do not say which account they belong to (static
            keys without ``account_id``): set ``AWS_ACCOUNT_ID`` or the profile's
            ``aws_account_id``, or pass ``AwsCredentials(..., account_id=...)``.
    """
    settings = AwsClientSettings(region=region, credentials=credentials, profile=profile)
    source = settings.credentials
    account = getattr(source, "account_id", None)
    if not account:
        loaded = source if isinstance(source, AwsCredentials) else source.load()
        account = loaded.account_id
    if not account:
        raise InvalidInputError(
            "credentials",
            "do not say which AWS account they belong to: set AWS_ACCOUNT_ID or the "
            "profile's aws_account_id, or pass AwsCredentials(..., account_id=...)",
        )
    return f"sesv2:{account}:{settings.region}"
