from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

import httpx
import pytest

from metricsdk import RetryPolicy
from metricsdk._core.retry import backoff_delay, is_retryable, parse_retry_after
from metricsdk.errors import (
    BadRequestError,
    InvalidInputError,
    MalformedResponseError,
    ServerError,
    ThrottlingError,
    TransportError,
)


def _transport_error(cause: Exception) -> TransportError:
    err = TransportError("x")
    err.__cause__ = cause
    return err


@pytest.mark.parametrize("idempotent", [True, False])
def test_throttling_and_unsent_requests_are_always_retried(idempotent: bool) -> None:
    assert is_retryable(
        ThrottlingError("t", status_code=400, code="ThrottlingException"), idempotent=idempotent
    )
    assert is_retryable(_transport_error(httpx.ConnectError("refused")), idempotent=idempotent)
    assert is_retryable(_transport_error(httpx.ConnectTimeout("slow")), idempotent=idempotent)


def test_maybe_applied_failures_are_retried_only_when_idempotent() -> None:
    for error in (
        ServerError("boom", status_code=500),
        MalformedResponseError("junk", status_code=200),
        _transport_error(httpx.ReadTimeout("slow")),
        _transport_error(httpx.RemoteProtocolError("reset")),
    ):
        assert is_retryable(error, idempotent=True), error
        assert not is_retryable(error, idempotent=False), error


def test_client_errors_are_never_retried() -> None:
    assert not is_retryable(BadRequestError("bad", status_code=400), idempotent=True)
    assert not is_retryable(ValueError("x"), idempotent=True)


def test_transient_codes_are_retried_when_idempotent() -> None:
    error = BadRequestError("t", status_code=400, code="RequestTimeoutException")
    assert is_retryable(error, idempotent=True)
    assert not is_retryable(error, idempotent=False)


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"retry-after": "3"}, 3.0),
        ({"retry-after": "0.5"}, 0.5),
        ({"retry-after-ms": "250"}, 0.25),
        ({"x-amz-retry-after": "1500"}, 1.5),
        ({"retry-after-ms": "100", "retry-after": "9"}, 0.1),
        ({"retry-after": "soon"}, None),
        ({"retry-after": "-4"}, None),
        ({"retry-after": "nan"}, None),
        ({}, None),
    ],
)
def test_parse_retry_after(headers: dict[str, str], expected: float | None) -> None:
    assert parse_retry_after(headers) == expected


def test_parse_retry_after_http_date() -> None:
    now = datetime(2026, 1, 1, tzinfo=timezone.utc)
    header = format_datetime(now + timedelta(seconds=7), usegmt=True)
    assert parse_retry_after({"retry-after": header}, now=now.timestamp()) == pytest.approx(7.0)
    past = format_datetime(now - timedelta(seconds=7), usegmt=True)
    assert parse_retry_after({"retry-after": past}, now=now.timestamp()) == 0.0


def test_backoff_is_full_jitter_under_an_exponential_cap() -> None:
    policy = RetryPolicy(initial_backoff=0.1, max_backoff=1.0)
    rng = random.Random(7)
    for retry_number, cap in ((1, 0.1), (2, 0.2), (3, 0.4), (5, 1.0), (30, 1.0)):
        draws = [backoff_delay(policy, retry_number, None, rng=rng) for _ in range(200)]
        assert all(0.0 <= d <= cap for d in draws)
        assert max(draws) > cap * 0.8  # jitter spans the range, not a constant


def test_server_requested_wait_wins_and_is_capped() -> None:
    policy = RetryPolicy(max_retry_after=5.0)
    assert backoff_delay(policy, 1, 2.5) == 2.5
    assert backoff_delay(policy, 1, 3600.0) == 5.0


@pytest.mark.parametrize(
    "kwargs",
    [{"max_attempts": 0}, {"max_attempts": True}, {"initial_backoff": -1}, {"max_backoff": "x"}],
)
def test_retry_policy_rejects_bad_values(kwargs: dict[str, object]) -> None:
    with pytest.raises(InvalidInputError, match="RetryPolicy"):
        RetryPolicy(**kwargs)  # type: ignore[arg-type]
