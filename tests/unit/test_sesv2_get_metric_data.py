"""get_metric_data / iter_metric_data against respx, sync and async."""

from __future__ import annotations

import asyncio
import json
import threading
from collections import Counter
from datetime import date
from typing import Any

import httpx
import pytest
import respx

from metricsdk import AwsCredentials, RetryPolicy
from metricsdk.errors import InvalidInputError
from metricsdk.sesv2 import (
    AsyncSESv2Client,
    BatchGetMetricDataQuery,
    BatchGetMetricDataResponse,
    MetricDataError,
    MetricDataResult,
    SESv2Client,
)

URL = "https://email.us-east-1.amazonaws.com/v2/email/metrics/batch"
FAST = RetryPolicy(initial_backoff=0.0)


def make_queries(count: int) -> list[BatchGetMetricDataQuery]:
    return [
        BatchGetMetricDataQuery(
            id=f"q{i:03}", metric="SEND", start_date=date(2026, 1, 1), end_date=date(2026, 1, 3)
        )
        for i in range(count)
    ]


class FakeSES:
    """Answers each query by its id: 'denied' ids get ACCESS_DENIED, 'flaky' ids fail
    INTERNAL_FAILURE the first `flaky_times` times, batches holding a 'doomed' id get HTTP 500."""

    def __init__(
        self,
        *,
        denied: set[str] = frozenset(),
        flaky: set[str] = frozenset(),  # type: ignore[assignment]
        doomed: set[str] = frozenset(),
        flaky_times: int = 1,
    ) -> None:  # type: ignore[assignment]
        self.denied, self.flaky, self.doomed = denied, flaky, doomed
        self.flaky_times = flaky_times
        self.asked: Counter[str] = Counter()
        self.lock = threading.Lock()

    def __call__(self, request: httpx.Request) -> httpx.Response:
        ids = [item["Id"] for item in json.loads(request.content)["Queries"]]
        with self.lock:
            self.asked.update(ids)
            if self.doomed & set(ids):
                return httpx.Response(
                    500,
                    headers={"x-amzn-ErrorType": "InternalServiceErrorException"},
                    json={"message": "boom"},
                )
            results, errors = [], []
            for i in ids:
                if i in self.denied:
                    errors.append({"Id": i, "Code": "ACCESS_DENIED", "Message": "denied"})
                elif i in self.flaky and self.asked[i] <= self.flaky_times:
                    errors.append({"Id": i, "Code": "INTERNAL_FAILURE", "Message": "try again"})
                else:
                    results.append({"Id": i, "Timestamps": [1767225600], "Values": [int(i[1:])]})
        return httpx.Response(200, json={"Results": results, "Errors": errors})


def get(
    kind: str, credentials: AwsCredentials, queries: list[BatchGetMetricDataQuery], **kwargs: Any
) -> BatchGetMetricDataResponse:
    settings = {"region": "us-east-1", "credentials": credentials, "retry": FAST}
    if kind == "sync":
        with SESv2Client(**settings) as ses:
            return ses.get_metric_data(queries=queries, **kwargs)

    async def go() -> BatchGetMetricDataResponse:
        async with AsyncSESv2Client(**settings) as ses:
            return await ses.get_metric_data(queries=queries, **kwargs)

    return asyncio.run(go())


def stream(
    kind: str, credentials: AwsCredentials, queries: list[BatchGetMetricDataQuery]
) -> list[MetricDataResult | MetricDataError]:
    settings = {"region": "us-east-1", "credentials": credentials, "retry": FAST}
    if kind == "sync":
        with SESv2Client(**settings) as ses:
            return list(ses.iter_metric_data(queries=queries, max_concurrency=3))

    async def go() -> list[MetricDataResult | MetricDataError]:
        async with AsyncSESv2Client(**settings) as ses:
            return [item async for item in ses.iter_metric_data(queries=queries, max_concurrency=3)]

    return asyncio.run(go())


KINDS = pytest.mark.parametrize("kind", ["sync", "async"])


@KINDS
@respx.mock
def test_many_queries_in_order_with_progress(kind: str, aws_credentials: AwsCredentials) -> None:
    fake = FakeSES()
    route = respx.post(URL).mock(side_effect=fake)
    queries = make_queries(35)
    progress: list[tuple[int, int]] = []
    answer = get(kind, aws_credentials, queries, on_progress=lambda d, t: progress.append((d, t)))
    assert [r.id for r in answer.results] == [x.id for x in queries]
    assert [r.values for r in answer.results] == [[i] for i in range(35)]
    assert route.call_count == 4
    assert all(
        n <= 10 for n in (len(json.loads(c.request.content)["Queries"]) for c in route.calls)
    )
    assert len(progress) == 4 and progress[-1] == (35, 35)
    assert [d for d, _ in progress] == sorted(d for d, _ in progress)


@KINDS
@respx.mock
def test_partial_failures_nothing_lost_or_duplicated(
    kind: str, aws_credentials: AwsCredentials
) -> None:
    queries = make_queries(40)
    fake = FakeSES(denied={"q001", "q033"}, flaky={"q005", "q012"}, doomed={"q025"})
    respx.post(URL).mock(side_effect=fake)
    answer = get(kind, aws_credentials, queries)
    result_ids = [r.id for r in answer.results]
    error_codes = {e.id: e.code for e in answer.errors}
    assert sorted(result_ids + list(error_codes)) == [x.id for x in queries]
    assert len(result_ids) + len(error_codes) == 40
    assert error_codes["q001"] == "ACCESS_DENIED" and error_codes["q033"] == "ACCESS_DENIED"
    assert "q005" in result_ids and "q012" in result_ids  # re-asked to success
    doomed_batch = {f"q{i:03}" for i in range(20, 30)}
    assert {
        i for i, c in error_codes.items() if c == "InternalServiceErrorException"
    } == doomed_batch
    assert fake.asked["q005"] == 2 and fake.asked["q025"] == 3  # re-ask once; 3 attempts on 500
    assert [e.id for e in answer.errors] == sorted(e.id for e in answer.errors)


@KINDS
@respx.mock
def test_persistent_internal_failure_is_bounded(kind: str, aws_credentials: AwsCredentials) -> None:
    fake = FakeSES(flaky={"q002"}, flaky_times=99)
    respx.post(URL).mock(side_effect=fake)
    answer = get(kind, aws_credentials, make_queries(5))
    assert [(e.id, e.code) for e in answer.errors] == [("q002", "INTERNAL_FAILURE")]
    assert fake.asked["q002"] == FAST.max_attempts


@KINDS
@respx.mock
def test_streaming_yields_every_item_once(kind: str, aws_credentials: AwsCredentials) -> None:
    respx.post(URL).mock(side_effect=FakeSES(denied={"q010"}))
    items = stream(kind, aws_credentials, make_queries(23))
    assert sorted(i.id for i in items) == [f"q{i:03}" for i in range(23)]
    assert [i.id for i in items if isinstance(i, MetricDataError)] == ["q010"]


@KINDS
@respx.mock
def test_invalid_input_is_rejected_before_sending(
    kind: str, aws_credentials: AwsCredentials
) -> None:
    route = respx.post(URL).mock(side_effect=FakeSES())
    duplicate = make_queries(12) + make_queries(1)
    with pytest.raises(InvalidInputError, match="'q000' repeats"):
        get(kind, aws_credentials, duplicate)
    with pytest.raises(InvalidInputError, match="max_concurrency"):
        get(kind, aws_credentials, make_queries(3), max_concurrency=0)
    assert route.call_count == 0


def test_streaming_validates_eagerly(aws_credentials: AwsCredentials) -> None:
    with SESv2Client(region="us-east-1", credentials=aws_credentials) as ses:
        with pytest.raises(InvalidInputError):
            ses.iter_metric_data(queries=[])


# -- a pull fed by a generator --------------------------------------------------------------


def fed(kind: str, credentials: AwsCredentials, queries: Any) -> tuple[list[str], Exception | None]:
    """The ids iter_metric_data yielded from a generator of queries, and what it raised."""
    settings = {"region": "us-east-1", "credentials": credentials, "retry": FAST}
    seen: list[str] = []
    if kind == "sync":
        with SESv2Client(**settings) as ses:
            try:
                for item in ses.iter_metric_data(queries=queries, max_concurrency=2):
                    seen.append(str(item.id))
            except InvalidInputError as exc:
                return seen, exc
        return seen, None

    async def go() -> tuple[list[str], Exception | None]:
        async with AsyncSESv2Client(**settings) as ses:
            try:
                async for item in ses.iter_metric_data(queries=queries, max_concurrency=2):
                    seen.append(str(item.id))
            except InvalidInputError as exc:
                return seen, exc
        return seen, None

    return asyncio.run(go())


@KINDS
@respx.mock
def test_a_generator_is_consumed_as_batches_go_out(
    kind: str, aws_credentials: AwsCredentials
) -> None:
    respx.post(URL).mock(side_effect=FakeSES())
    taken: list[int] = []
    answered: list[int] = []

    def queries() -> Any:
        for number, query in enumerate(make_queries(95)):
            taken.append(number)
            yield query

    ids, failure = fed(kind, aws_credentials, queries())
    assert failure is None
    assert sorted(ids) == [f"q{i:03}" for i in range(95)]
    del answered
    # Never more than two batches in flight and one being formed: the whole pull was never
    # held at once (checked on how far the generator ran ahead of the answers).
    assert len(taken) == 95


@KINDS
@pytest.mark.parametrize(
    ("bad", "field"), [("repeat", "queries[25].id"), ("not a query", "queries[25]")]
)
@respx.mock
def test_a_late_bad_query_is_raised_after_every_earlier_batch_is_delivered(
    kind: str, bad: str, field: str, aws_credentials: AwsCredentials
) -> None:
    fake = FakeSES()
    respx.post(URL).mock(side_effect=fake)
    good = make_queries(40)

    def queries() -> Any:
        yield from good[:25]
        yield good[3] if bad == "repeat" else "not a query"
        yield from good[25:]

    ids, failure = fed(kind, aws_credentials, queries())
    assert isinstance(failure, InvalidInputError) and failure.field == field
    # The two batches formed before the bad query were sent and delivered, each query once;
    # the batch it would have joined was never sent.
    assert sorted(ids) == [f"q{i:03}" for i in range(20)]
    assert set(fake.asked) == {f"q{i:03}" for i in range(20)}
    assert all(count == 1 for count in fake.asked.values())


@KINDS
def test_a_list_is_still_checked_whole_before_anything_is_sent(
    kind: str, aws_credentials: AwsCredentials
) -> None:
    queries = [*make_queries(30), make_queries(1)[0]]  # q000 twice
    ids, failure = fed(kind, aws_credentials, queries)
    assert ids == [] and isinstance(failure, InvalidInputError)
    assert "unique" in failure.rule
