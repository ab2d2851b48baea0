"""Regression (reliability item 2): one answer of deeply nested JSON among many batches made
``get_metric_data`` raise ``RecursionError`` and lose every other batch's results. Over real
loopback sockets, sync and async: the batch that got such an answer reports its queries as
errors, every other batch keeps its results, and nothing else is raised."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import date, datetime, timezone

import pytest

from metricsdk import RetryPolicy
from metricsdk.errors import MalformedResponseError
from metricsdk.sesv2 import (
    AsyncSESv2Client,
    BatchGetMetricDataQuery,
    BatchGetMetricDataResponse,
    SESv2Client,
)
from metricsdk.testing import Emulator, Fault
from metricsdk.testing._emulator.sesv2 import metric_value

BATCHES = 20
QUERIES = [
    BatchGetMetricDataQuery(
        id=f"q{n:03}", metric="SEND", start_date=date(2026, 1, 1), end_date=date(2026, 1, 3)
    )
    for n in range(BATCHES * 10)
]
DAYS = [int(datetime(2026, 1, d, tzinfo=timezone.utc).timestamp()) for d in (1, 2)]


@pytest.fixture
def unlimited() -> Iterator[Emulator]:
    """Pacing off on both sides: the test is about parsing, not the quota."""
    with Emulator(ses_calls_per_second=None, ses_queries_per_second=None) as emu:
        yield emu


def pull(kind: str, emulator: Emulator, retry: RetryPolicy) -> BatchGetMetricDataResponse:
    settings = {
        "region": "us-east-1",
        "credentials": emulator.aws_credentials,
        "endpoint_url": emulator.url,
        "retry": retry,
        "rate_limiter": None,
    }
    if kind == "sync":
        with SESv2Client(**settings) as ses:  # type: ignore[arg-type]
            return ses.get_metric_data(queries=QUERIES, max_concurrency=4)

    async def run() -> BatchGetMetricDataResponse:
        async with AsyncSESv2Client(**settings) as ses:  # type: ignore[arg-type]
            return await ses.get_metric_data(queries=QUERIES, max_concurrency=4)

    return asyncio.run(run())


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_one_deeply_nested_answer_costs_one_batch(kind: str, unlimited: Emulator) -> None:
    unlimited.inject(Fault.DEEPLY_NESTED_JSON, service="sesv2")
    answer = pull(kind, unlimited, RetryPolicy(max_attempts=1))

    failed = [error.id for error in answer.errors]
    assert len(failed) == 10
    assert {error.code for error in answer.errors} == {MalformedResponseError.__name__}
    assert all("nested too deeply" in error.message for error in answer.errors)
    # The failed queries are exactly one batch of the split...
    batch = [q.id for q in QUERIES].index(failed[0]) // 10
    assert failed == [q.id for q in QUERIES[batch * 10 : batch * 10 + 10]]
    # ...and every other query came back, with the values the emulator meant.
    assert [r.id for r in answer.results] == [q.id for q in QUERIES if q.id not in failed]
    expected = [metric_value("SEND", {}, day) for day in DAYS]
    assert all(r.values == expected for r in answer.results)
    assert [f.fault for f in unlimited.requests].count(Fault.DEEPLY_NESTED_JSON) == 1
    assert len(unlimited.requests) == BATCHES


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_with_retries_the_batch_is_asked_again_and_nothing_is_lost(
    kind: str, unlimited: Emulator
) -> None:
    unlimited.inject(Fault.DEEPLY_NESTED_JSON, service="sesv2")
    answer = pull(kind, unlimited, RetryPolicy(max_attempts=3, initial_backoff=0.01))
    assert answer.errors == []
    assert [r.id for r in answer.results] == [q.id for q in QUERIES]
    assert len(unlimited.requests) == BATCHES + 1
