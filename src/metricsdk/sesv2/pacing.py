"""The published ``BatchGetMetricData`` quota, and the pacer shared by every client of an account.

SES allows at most 16 calls and 160 queries per second for ``BatchGetMetricData``. The quota
belongs to the AWS account; within one process, clients are matched by access key id and
region (the account id itself is not known without an extra call), so clients using different
keys of one account should be handed one `Pacer` explicitly.
"""

from __future__ import annotations

from typing import Literal

from metricsdk._core.pacing import Adaptive, Limit, Pacer, shared_pacer
from metricsdk._core.pacing_protocol import RateLimiter
from metricsdk.errors import InvalidInputError

__all__ = ["METRIC_DATA_LIMITS", "metric_data_pacer", "resolve_rate_limiter"]

METRIC_DATA_LIMITS = (
    Limit(16, per_seconds=1.0, counts="calls"),
    Limit(160, per_seconds=1.0, counts="units"),
)
"""16 calls and 160 queries in any sliding second, per account."""


def metric_data_pacer() -> Pacer:
    """A new pacer for the published quota, adaptive after throttling."""
    return Pacer(METRIC_DATA_LIMITS, adaptive=Adaptive())


def resolve_rate_limiter(
    rate_limiter: RateLimiter | Literal["shared"] | None, *, access_key_id: str, region: str
) -> RateLimiter | None:
    """The pacer a client uses: the account's shared one, the caller's own, or none."""
    if rate_limiter == "shared":
        return shared_pacer(("sesv2", access_key_id, region), metric_data_pacer)
    if rate_limiter is None or isinstance(rate_limiter, RateLimiter):
        return rate_limiter
    raise InvalidInputError("rate_limiter", "must be 'shared', None or a RateLimiter")
