"""The pure bookkeeping of get_metric_data: nothing lost, nothing duplicated, caller's order."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from metricsdk.errors import InvalidInputError, ServerError, TransportError
from metricsdk.sesv2 import (
    BatchGetMetricDataQuery,
    BatchGetMetricDataResponse,
    MetricDataError,
    MetricDataResult,
)
from metricsdk.sesv2.batching import (
    MISSING_FROM_ANSWER,
    Ask,
    batch_rounds,
    merge_in_order,
    settle,
    split_into_batches,
    validated_queries,
)


def q(name: str) -> BatchGetMetricDataQuery:
    return BatchGetMetricDataQuery(
        id=name, metric="SEND", start_date=date(2026, 1, 1), end_date=date(2026, 1, 2)
    )


def ok(name: str) -> MetricDataResult:
    return MetricDataResult(id=name, timestamps=[], values=[])


def err(name: str, code: str) -> MetricDataError:
    return MetricDataError(id=name, code=code, message=code.lower())


@pytest.mark.parametrize(
    ("count", "sizes"), [(1, [1]), (10, [10]), (11, [10, 1]), (35, [10, 10, 10, 5])]
)
def test_split_into_batches(count: int, sizes: list[int]) -> None:
    queries = [q(f"q{i}") for i in range(count)]
    batches = split_into_batches(queries)
    assert [len(b) for b in batches] == sizes
    assert [x for b in batches for x in b] == queries


def test_ids_must_be_unique_across_the_whole_call() -> None:
    queries = [q(f"q{i}") for i in range(15)] + [q("q3")]
    with pytest.raises(InvalidInputError, match="'q3' repeats"):
        validated_queries(queries)
    with pytest.raises(InvalidInputError, match="must not be empty"):
        validated_queries([])
    with pytest.raises(InvalidInputError, match=r"queries\[1\]"):
        validated_queries([q("a"), "b"])  # type: ignore[list-item]


def test_settle_sorts_results_errors_and_reasks() -> None:
    asked = [q("a"), q("b"), q("c"), q("d")]
    answer = BatchGetMetricDataResponse(
        results=[ok("a"), ok("a"), ok("stranger")],
        errors=[err("b", "INTERNAL_FAILURE"), err("c", "ACCESS_DENIED"), err("a", "ACCESS_DENIED")],
    )
    s = settle(asked, answer, may_reask=True)
    assert [r.id for r in s.results] == ["a"]
    assert [(e.id, e.code) for e in s.errors] == [
        ("c", "ACCESS_DENIED"),
        ("d", MISSING_FROM_ANSWER),
    ]
    assert [x.id for x in s.reask] == ["b"]
    last = settle(asked, answer, may_reask=False)
    assert ("b", "INTERNAL_FAILURE") in [(e.id, e.code) for e in last.errors]
    assert last.reask == []


def drive(batch: list[BatchGetMetricDataQuery], answers: list[object], max_rounds: int = 3):  # type: ignore[no-untyped-def]
    plan = batch_rounds(batch, max_rounds=max_rounds, delay=lambda n: 0.5 * n)
    asks: list[Ask] = [next(plan)]
    for answer in answers:
        try:
            asks.append(plan.send(answer))  # type: ignore[arg-type]
        except StopIteration as done:
            return asks, done.value
    raise AssertionError("plan did not finish")


def test_rounds_reask_internal_failures_with_backoff_then_give_up() -> None:
    batch = [q("a"), q("b")]
    flaky = BatchGetMetricDataResponse(results=[ok("a")], errors=[err("b", "INTERNAL_FAILURE")])
    still = BatchGetMetricDataResponse(errors=[err("b", "INTERNAL_FAILURE")])
    asks, outcome = drive(batch, [flaky, still, still])
    assert [[x.id for x in a.queries] for a in asks] == [["a", "b"], ["b"], ["b"]]
    assert [a.delay for a in asks] == [0.0, 0.5, 1.0]
    assert [r.id for r in outcome.results] == ["a"]
    assert [(e.id, e.code) for e in outcome.errors] == [("b", "INTERNAL_FAILURE")]


def test_a_failed_call_turns_its_pending_queries_into_errors() -> None:
    batch = [q("a"), q("b")]
    flaky = BatchGetMetricDataResponse(results=[ok("a")], errors=[err("b", "INTERNAL_FAILURE")])
    _, outcome = drive(batch, [flaky, ServerError("down", status_code=503, code="Unavailable")])
    assert [r.id for r in outcome.results] == ["a"]
    assert [(e.id, e.code) for e in outcome.errors] == [("b", "Unavailable")]
    _, outcome = drive(batch, [TransportError("reset")])
    assert [(e.id, e.code) for e in outcome.errors] == [
        ("a", "TransportError"),
        ("b", "TransportError"),
    ]
    assert "reset" in outcome.errors[0].message


@given(
    st.lists(
        st.sampled_from(["ok", "denied", "flaky", "missing", "failed"]), min_size=1, max_size=25
    )
)
def test_every_query_ends_exactly_once(fates: list[str]) -> None:
    batch = [q(f"q{i}") for i in range(len(fates))]
    results = [ok(x.id) for x, f in zip(batch, fates) if f == "ok"]
    errors = [err(x.id, "ACCESS_DENIED") for x, f in zip(batch, fates) if f == "denied"]
    errors += [err(x.id, "INTERNAL_FAILURE") for x, f in zip(batch, fates) if f == "flaky"]
    answer = BatchGetMetricDataResponse(results=results, errors=errors)
    _, outcome = drive(batch, [answer, answer, answer])
    ids = [r.id for r in outcome.results] + [e.id for e in outcome.errors]
    assert sorted(ids) == sorted(x.id for x in batch)


def test_merge_restores_the_callers_order() -> None:
    queries = [q("z"), q("a"), q("m")]
    merged = merge_in_order(queries, [ok("m"), ok("z")], [err("a", "ACCESS_DENIED")])
    assert [r.id for r in merged.results] == ["z", "m"]
    assert [e.id for e in merged.errors] == ["a"]
