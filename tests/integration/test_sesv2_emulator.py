"""SESv2Client and AsyncSESv2Client against the emulator over real sockets."""

from __future__ import annotations

import asyncio
from datetime import date

import pytest

from metricsdk import AwsCredentials, RetryPolicy
from metricsdk.errors import AuthenticationError
from metricsdk.sesv2 import (
    AsyncSESv2Client,
    BatchGetMetricDataQuery,
    BatchGetMetricDataResponse,
    SESv2Client,
    TooManyRequestsException,
)
from metricsdk.testing import Emulator, Fault
from metricsdk.testing._emulator.sesv2 import metric_value

QUERIES = [
    BatchGetMetricDataQuery(
        id=f"q{i}",
        metric="DELIVERY",
        start_date=date(2026, 2, 1),
        end_date=date(2026, 2, 3),
        dimensions={"ISP": f"isp{i}"},
    )
    for i in range(4)
]


def call(
    kind: str,
    emulator: Emulator,
    credentials: AwsCredentials | None = None,
    retry: RetryPolicy | None = None,
) -> BatchGetMetricDataResponse:
    settings = {
        "region": "eu-west-1",
        "credentials": credentials or emulator.aws_credentials,
        "endpoint_url": emulator.url,
        "retry": retry,
    }
    if kind == "sync":
        with SESv2Client(**settings) as ses:
            return ses.batch_get_metric_data(queries=QUERIES)

    async def go() -> BatchGetMetricDataResponse:
        async with AsyncSESv2Client(**settings) as ses:
            return await ses.batch_get_metric_data(queries=QUERIES)

    return asyncio.run(go())


KINDS = pytest.mark.parametrize("kind", ["sync", "async"])


@KINDS
def test_values_are_the_emulators(kind: str, emulator: Emulator) -> None:
    answer = call(kind, emulator)
    first = answer.results[0]
    days = [int(t.timestamp()) for t in first.timestamps]
    assert len(days) == 2
    assert first.values == [metric_value("DELIVERY", {"ISP": "isp0"}, d) for d in days]
    assert emulator.requests[-1].weight == 4


@KINDS
def test_wrong_secret_is_an_authentication_error(kind: str, emulator: Emulator) -> None:
    wrong = AwsCredentials(emulator.aws_credentials.access_key_id, "not-the-secret")
    with pytest.raises(AuthenticationError) as caught:
        call(kind, emulator, credentials=wrong)
    assert caught.value.status_code == 403
    assert len(emulator.requests) == 1  # not retried


@KINDS
def test_throttling_is_retried_then_reported(kind: str, emulator: Emulator) -> None:
    emulator.inject(Fault.THROTTLE, service="sesv2", times=2, retry_after=0.01)
    assert len(call(kind, emulator).results) == 4
    assert [r.status for r in emulator.requests] == [429, 429, 200]
    emulator.inject(Fault.THROTTLE, service="sesv2", times=5, retry_after=0.01)
    with pytest.raises(TooManyRequestsException):
        call(kind, emulator, retry=RetryPolicy(max_attempts=2))


@KINDS
def test_what_the_model_allows_goes_through(kind: str, emulator: Emulator) -> None:
    """Requests the SDK once refused and the model allows: the SDK sends them, the emulator
    (refusing only what the model refuses) answers them."""
    day = date(2026, 2, 1)
    allowed = [
        BatchGetMetricDataQuery(id="same", metric="SEND", start_date=day, end_date=day),
        BatchGetMetricDataQuery(
            id="same",
            metric="SEND",
            start_date=date(2026, 2, 3),
            end_date=day,
            dimensions={"ISP": "*", "EMAIL_IDENTITY": "*"},
        ),
        BatchGetMetricDataQuery(
            id="many",
            metric="OPEN",
            start_date=day,
            end_date=date(2026, 2, 2),
            dimensions={"ISP": ",".join(f"isp{n}" for n in range(11)), "TENANT_NAME": ""},
        ),
    ]
    settings = {
        "region": "eu-west-1",
        "credentials": emulator.aws_credentials,
        "endpoint_url": emulator.url,
    }
    if kind == "sync":
        with SESv2Client(**settings) as ses:  # type: ignore[arg-type]
            answer = ses.batch_get_metric_data(queries=allowed)
    else:

        async def go() -> BatchGetMetricDataResponse:
            async with AsyncSESv2Client(**settings) as ses:  # type: ignore[arg-type]
                return await ses.batch_get_metric_data(queries=allowed)

        answer = asyncio.run(go())
    assert [r.id for r in answer.results] == ["same", "same", "many"]
    # An empty or reversed interval has no day in it; a one-day interval has one.
    assert [len(r.values) for r in answer.results] == [0, 0, 1]
    assert answer.errors == []
