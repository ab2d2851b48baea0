"""Pure bookkeeping behind ``get_metric_data``: split any number of queries into batches, settle
each answer, and merge everything back in the caller's order.

The rule it enforces: every query ends in exactly one of ``results`` / ``errors``, once.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from typing import NamedTuple

from metricsdk._core.retry import RetryPolicy, backoff_delay
from metricsdk.errors import APIError, InvalidInputError, SDKError
from metricsdk.sesv2.models import (
    MAX_QUERIES_PER_CALL,
    BatchGetMetricDataQuery,
    BatchGetMetricDataResponse,
    MetricDataError,
    MetricDataResult,
    QueryErrorCode,
    checked_queries,
)

__all__ = [
    "MISSING_FROM_ANSWER",
    "Ask",
    "BatchOutcome",
    "batch_rounds",
    "batch_rounds_for",
    "check_concurrency",
    "Settlement",
    "failed_batch",
    "merge_in_order",
    "settle",
    "split_into_batches",
    "streamed_batches",
    "validated_queries",
]

MISSING_FROM_ANSWER = "MISSING_FROM_ANSWER"
"""Error code given to a query the service answered neither with a result nor an error."""


def validated_queries(queries: Iterable[BatchGetMetricDataQuery]) -> list[BatchGetMetricDataQuery]:
    """All queries as a list, checked for type and for ids unique across the whole call.

    Unique ids are this helper's rule, not the service's: answers name their query only by
    id, and the batches and rounds of one call are matched back to the queries by it.
    """
    return checked_queries(queries, max_count=None, unique_ids=True)


def streamed_batches(
    queries: Iterable[BatchGetMetricDataQuery], size: int = MAX_QUERIES_PER_CALL
) -> Iterator[list[BatchGetMetricDataQuery]]:
    """Batches of ``size`` queries taken from ``queries`` only as they are asked for, each
    query checked when it is taken: its type, and its id against every id taken before.

    For a pull fed by a generator, which holds the ids seen, never the queries.

    Raises:
        InvalidInputError: when the query taken is not a query or repeats an id; the batches
            already given stand.
    """
    seen: set[str] = set()
    batch: list[BatchGetMetricDataQuery] = []
    for position, query in enumerate(queries):
        if not isinstance(query, BatchGetMetricDataQuery):
            raise InvalidInputError(f"queries[{position}]", "must be a BatchGetMetricDataQuery")
        if query.id in seen:
            raise InvalidInputError(f"queries[{position}].id", f"repeats the id {query.id!r}")
        seen.add(query.id)
        batch.append(query)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
    elif not seen:
        raise InvalidInputError("queries", "must not be empty")


def split_into_batches(
    queries: Sequence[BatchGetMetricDataQuery], size: int = MAX_QUERIES_PER_CALL
) -> list[list[BatchGetMetricDataQuery]]:
    """Consecutive batches of at most ``size`` queries (full ones first, so fewer calls)."""
    return [list(queries[i : i + size]) for i in range(0, len(queries), size)]


# The bookkeeping's records are NamedTuples, not attrs classes: they never leave the SDK, and
# making an attrs class at import costs about 0.5 ms against a NamedTuple's 0.07 ms.
class Settlement(NamedTuple):
    """What one answer settled for a batch: final results and errors, and queries to re-ask."""

    results: list[MetricDataResult]
    errors: list[MetricDataError]
    reask: list[BatchGetMetricDataQuery]


def settle(
    asked: Sequence[BatchGetMetricDataQuery],
    answer: BatchGetMetricDataResponse,
    *,
    may_reask: bool,
) -> Settlement:
    """Sort an answer's items into final results, final errors and queries to re-ask.

    ``INTERNAL_FAILURE`` is transient and re-asked while ``may_reask``; any other error code
    (``ACCESS_DENIED``...) is final. An answer item for an id that was not asked, or a second
    item for the same id, is ignored; an asked query with no item at all becomes an error, so
    nothing is lost or duplicated.
    """
    by_id = {q.id: q for q in asked}
    settled: set[str] = set()
    results: list[MetricDataResult] = []
    errors: list[MetricDataError] = []
    reask: list[BatchGetMetricDataQuery] = []
    for result in answer.results:
        if result.id in by_id and result.id not in settled:
            settled.add(result.id)
            results.append(result)
    for error in answer.errors:
        if error.id not in by_id or error.id in settled:
            continue
        settled.add(error.id)
        if may_reask and error.code == QueryErrorCode.INTERNAL_FAILURE:
            reask.append(by_id[error.id])
        else:
            errors.append(error)
    for query in asked:
        if query.id not in settled:
            errors.append(
                MetricDataError(
                    id=query.id,
                    code=MISSING_FROM_ANSWER,
                    message="the service answered neither a result nor an error for this query",
                )
            )
    return Settlement(results=results, errors=errors, reask=reask)


def failed_batch(
    queries: Sequence[BatchGetMetricDataQuery], exc: SDKError
) -> list[MetricDataError]:
    """Errors for queries whose call still failed after its retries, carrying the exception's
    code (or class name) and message."""
    code = exc.code if isinstance(exc, APIError) and exc.code else type(exc).__name__
    return [MetricDataError(id=q.id, code=code, message=str(exc)) for q in queries]


def merge_in_order(
    queries: Sequence[BatchGetMetricDataQuery],
    results: Iterable[MetricDataResult],
    errors: Iterable[MetricDataError],
) -> BatchGetMetricDataResponse:
    """One response with results and errors each in the order the caller gave the queries."""
    position: dict[str | None, int] = {q.id: i for i, q in enumerate(queries)}
    last = len(position)  # an item for no query asked (never from `settle`) goes last
    return BatchGetMetricDataResponse(
        results=sorted(results, key=lambda r: position.get(r.id, last)),
        errors=sorted(errors, key=lambda e: position.get(e.id, last)),
    )


class Ask(NamedTuple):
    """A step of `batch_rounds`: send ``queries`` after sleeping ``delay`` seconds."""

    queries: list[BatchGetMetricDataQuery]
    delay: float


class BatchOutcome(NamedTuple):
    """How one batch ended: its final results and errors."""

    results: list[MetricDataResult]
    errors: list[MetricDataError]


BatchRounds = Generator[Ask, "BatchGetMetricDataResponse | SDKError", BatchOutcome]


def batch_rounds(
    batch: Sequence[BatchGetMetricDataQuery],
    *,
    max_rounds: int,
    delay: Callable[[int], float],
) -> BatchRounds:
    """The rounds of one batch, sans I/O: yields what to ask, receives the answer (or the
    exception the call ended with) and returns the batch's outcome.

    Queries answered ``INTERNAL_FAILURE`` are asked again, at most ``max_rounds`` rounds in
    all, waiting ``delay(round)`` seconds before round ``round + 1``.
    """
    results: list[MetricDataResult] = []
    errors: list[MetricDataError] = []
    pending = list(batch)
    for round_number in range(1, max_rounds + 1):
        answer = yield Ask(pending, 0.0 if round_number == 1 else delay(round_number - 1))
        if isinstance(answer, SDKError):
            errors += failed_batch(pending, answer)
            break
        settlement = settle(pending, answer, may_reask=round_number < max_rounds)
        results += settlement.results
        errors += settlement.errors
        pending = settlement.reask
        if not pending:
            break
    return BatchOutcome(results=results, errors=errors)


def check_concurrency(max_concurrency: int) -> None:
    """Refuse a ``max_concurrency`` that is not a whole number of batches, at least one."""
    if isinstance(max_concurrency, bool) or not isinstance(max_concurrency, int):
        raise InvalidInputError("max_concurrency", "must be an integer >= 1")
    if max_concurrency < 1:
        raise InvalidInputError("max_concurrency", "must be an integer >= 1")


def batch_rounds_for(batch: Sequence[BatchGetMetricDataQuery], policy: RetryPolicy) -> BatchRounds:
    """`batch_rounds` with the retry policy's rounds and waits."""
    return batch_rounds(
        batch,
        max_rounds=policy.max_attempts,
        delay=lambda round_number: backoff_delay(policy, round_number, None),
    )
