"""Every fault the emulator can inject, through the SES client over real sockets, sync and
async: one fault is retried to success (BatchGetMetricData is a read, safe to repeat); a fault
that outlasts the retries raises its documented error class. Never a hang (every call has a
timeout), never an AttributeError/KeyError/TypeError, never a partial result."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any

import httpx
import pytest

from metricsdk import RetryPolicy
from metricsdk._core.transport import MAX_RESPONSE_BYTES
from metricsdk.errors import (
    MalformedResponseError,
    SDKError,
    ServerError,
    ThrottlingError,
    TransportError,
)
from metricsdk.sesv2 import AsyncSESv2Client, BatchGetMetricDataQuery, SESv2Client
from metricsdk.testing import Emulator, Fault

QUERY = BatchGetMetricDataQuery(
    id="q", metric="SEND", start_date=date(2026, 1, 1), end_date=date(2026, 1, 3)
)
DOCUMENTED: dict[Fault, type[SDKError]] = {
    Fault.THROTTLE: ThrottlingError,
    Fault.SERVER_ERROR: ServerError,
    Fault.UNAVAILABLE: ServerError,
    Fault.HTML_ERROR_PAGE: ServerError,
    Fault.RESET_BEFORE_ANSWER: TransportError,
    Fault.RESET_MID_BODY: TransportError,
    Fault.SLOW: TransportError,
    Fault.TRUNCATED_JSON: MalformedResponseError,
    Fault.MALFORMED_JSON: MalformedResponseError,
    Fault.WRONG_TYPES: MalformedResponseError,
    Fault.EMPTY_BODY: MalformedResponseError,
    Fault.OVERSIZED: MalformedResponseError,
    Fault.DEEPLY_NESTED_JSON: MalformedResponseError,
}
OPTIONS: dict[Fault, dict[str, Any]] = {
    Fault.SLOW: {"delay": 0.6},
    Fault.OVERSIZED: {"size": MAX_RESPONSE_BYTES + 1},
    Fault.THROTTLE: {"retry_after": 0.01},
}


def test_every_fault_kind_is_covered() -> None:
    assert set(DOCUMENTED) == set(Fault)


# A short read timeout makes SLOW time out quickly; every other fault gets room, since a
# 64 MiB OVERSIZED answer can stall a socket read for longer than that on a loaded machine.
SLOW_READ = httpx.Timeout(5.0, read=0.3)


def call(kind: str, emulator: Emulator, fault: Fault) -> Any:
    settings: dict[str, Any] = {
        "region": "us-east-1",
        "credentials": emulator.aws_credentials,
        "endpoint_url": emulator.url,
        "retry": RetryPolicy(max_attempts=3, initial_backoff=0.01),
        "timeout": SLOW_READ if fault is Fault.SLOW else httpx.Timeout(10.0),
        "rate_limiter": None,
    }
    if kind == "sync":
        with SESv2Client(**settings) as ses:
            return ses.batch_get_metric_data(queries=[QUERY])

    async def run() -> Any:
        async with AsyncSESv2Client(**settings) as ses:
            return await ses.batch_get_metric_data(queries=[QUERY])

    return asyncio.run(run())


@pytest.mark.parametrize("kind", ["sync", "async"])
@pytest.mark.parametrize("fault", list(Fault), ids=lambda f: f.name)
def test_one_fault_is_retried_to_success(kind: str, fault: Fault, emulator: Emulator) -> None:
    emulator.inject(fault, service="sesv2", **OPTIONS.get(fault, {}))
    answer = call(kind, emulator, fault)
    assert [r.id for r in answer.results] == ["q"] and answer.errors == []
    assert len(answer.results[0].values) == 2
    assert len(emulator.requests) == 2


@pytest.mark.parametrize("kind", ["sync", "async"])
@pytest.mark.parametrize("fault", list(Fault), ids=lambda f: f.name)
def test_a_lasting_fault_raises_its_documented_error(
    kind: str, fault: Fault, emulator: Emulator
) -> None:
    emulator.inject(fault, service="sesv2", times=3, **OPTIONS.get(fault, {}))
    with pytest.raises(DOCUMENTED[fault]) as caught:
        call(kind, emulator, fault)
    assert caught.value.__class__.__module__.startswith("metricsdk")
    assert len(emulator.requests) == 3
