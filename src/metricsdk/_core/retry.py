"""Retry rules: what is retried, how long to wait, and the user-facing `RetryPolicy`.

Everything here is a pure function of an error, a policy and a random draw, so the rules are
tested without a network; the transport feeds them to tenacity.

What is retried:

* throttling, recognised by error code whatever the HTTP status (Mail Manager throttles with
  HTTP 400) — always, since the service did not act on the request;
* failures to connect (nothing was sent) — always;
* 5xx answers, transient error codes, read failures and unreadable answers — only for operations
  that are safe to repeat, since the request may already have taken effect.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Mapping
from typing import Any

import attrs
import httpx

from metricsdk.errors import (
    APIError,
    DeadlineExceededError,
    InvalidInputError,
    ThrottlingError,
    TransportError,
)

__all__ = [
    "THROTTLING_ERROR_CODES",
    "TRANSIENT_ERROR_CODES",
    "RetryPolicy",
    "backoff_delay",
    "is_retryable",
    "is_throttling_code",
    "parse_retry_after",
]

# botocore's union of the error codes AWS services use for throttling (retries/standard.py),
# kept verbatim as data so our classification agrees with the reference SDK.
THROTTLING_ERROR_CODES = frozenset(
    {
        "Throttling",
        "ThrottlingException",
        "ThrottledException",
        "RequestThrottledException",
        "TooManyRequestsException",
        "ProvisionedThroughputExceededException",
        "TransactionInProgressException",
        "RequestLimitExceeded",
        "BandwidthLimitExceeded",
        "LimitExceededException",
        "RequestThrottled",
        "SlowDown",
        "PriorRequestNotComplete",
        "EC2ThrottledException",
    }
)
TRANSIENT_ERROR_CODES = frozenset(
    {"RequestTimeout", "RequestTimeoutException", "PriorRequestNotComplete"}
)

# Errors raised before a single byte of the request left this machine.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.UnsupportedProtocol)

# The unit of `x-amz-retry-after` is not documented by AWS for these services; the AWS SDKs that
# honour it read milliseconds. One constant, should that reading prove wrong.
_AMZ_RETRY_AFTER_UNIT_SECONDS = 0.001


def _at_least_one(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidInputError(f"RetryPolicy.{attribute.name}", "must be an integer >= 1")


def _non_negative(instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value >= 0:
        raise InvalidInputError(f"RetryPolicy.{attribute.name}", "must be a number >= 0")


def _positive_or_none(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
        raise InvalidInputError(f"RetryPolicy.{attribute.name}", "must be a number > 0, or None")


@attrs.frozen(kw_only=True)
class RetryPolicy:
    """How a client retries failed attempts.

    Waits grow exponentially with full jitter: before retry *n* the client sleeps a random time
    between 0 and ``min(max_backoff, initial_backoff * 2 ** (n - 1))`` seconds, unless the
    service asked for a specific wait (``Retry-After``, ``retry-after-ms``,
    ``x-amz-retry-after``), which is honoured up to ``max_retry_after``.

    Attributes:
        max_attempts: total attempts including the first; ``1`` turns retries off.
        initial_backoff: the scale of the first wait, in seconds.
        max_backoff: the cap of the exponential wait, in seconds.
        max_retry_after: the longest server-requested wait honoured, in seconds, wherever it
            is used: the sleep before a retry, and the pause it imposes on every call sharing
            the pacer (in process or in Redis). A longer request is cut to this.
        deadline: seconds one call may take in all — every attempt, the waits between them and
            the wait for the pacer — after which it raises `DeadlineExceededError`; ``None``
            for no bound beyond the attempts' own timeouts.
    """

    max_attempts: int = attrs.field(default=3, validator=_at_least_one)
    initial_backoff: float = attrs.field(default=0.1, validator=_non_negative)
    max_backoff: float = attrs.field(default=20.0, validator=_non_negative)
    max_retry_after: float = attrs.field(default=60.0, validator=_non_negative)
    deadline: float | None = attrs.field(default=300.0, validator=_positive_or_none)


def is_throttling_code(code: str) -> bool:
    """Whether a service error code means "slow down" (botocore's list of throttling codes)."""
    return code in THROTTLING_ERROR_CODES


def is_retryable(error: BaseException, *, idempotent: bool) -> bool:
    """Whether an attempt that failed with ``error`` may be tried again.

    Attributes:
        error: the exception the attempt raised.
        idempotent: whether the operation is safe to repeat after it may have taken effect.
    """
    if isinstance(error, ThrottlingError):
        return True
    if isinstance(error, DeadlineExceededError):
        return False
    if isinstance(error, TransportError):
        cause = error.__cause__
        return isinstance(cause, _NOT_SENT) or (idempotent and isinstance(cause, httpx.HTTPError))
    if isinstance(error, APIError):
        return idempotent and (error.retryable or error.code in TRANSIENT_ERROR_CODES)
    return False


def parse_retry_after(headers: Mapping[str, str], *, now: float | None = None) -> float | None:
    """The wait, in seconds, that an answer's headers ask for, or ``None``.

    Reads ``retry-after-ms`` (milliseconds), ``x-amz-retry-after`` (milliseconds) and
    ``Retry-After`` (seconds, or an HTTP date). Garbage and negative values are ignored.
    """
    for name, unit in (
        ("retry-after-ms", 0.001),
        ("x-amz-retry-after", _AMZ_RETRY_AFTER_UNIT_SECONDS),
    ):
        value = headers.get(name)
        if value is not None:
            seconds = _number(value)
            if seconds is not None:
                return seconds * unit
    value = headers.get("retry-after")
    if value is None:
        return None
    seconds = _number(value)
    if seconds is not None:
        return seconds
    return _seconds_until_http_date(value, time.time() if now is None else now)


def _number(text: str) -> float | None:
    try:
        value = float(text.strip())
    except ValueError:
        return None
    return value if math.isfinite(value) and value >= 0 else None


def _seconds_until_http_date(text: str, now: float) -> float | None:
    try:
        import email.utils  # only for an HTTP-date Retry-After; costs ~10 ms at import

        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - now)


def backoff_delay(
    policy: RetryPolicy,
    retry_number: int,
    retry_after: float | None,
    *,
    rng: random.Random | None = None,
) -> float:
    """Seconds to sleep before retry number ``retry_number`` (1 for the first retry).

    A server-requested wait wins over the jittered exponential one, capped by
    ``policy.max_retry_after``.
    """
    if retry_after is not None:
        return min(retry_after, policy.max_retry_after)
    ceiling = min(policy.max_backoff, policy.initial_backoff * 2.0 ** (retry_number - 1))
    return (rng or random).uniform(0.0, ceiling)
