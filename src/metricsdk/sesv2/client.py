"""`SESv2Client` and `AsyncSESv2Client`: thin, one line per operation."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable, Iterable, Iterator, Sequence
from typing import Literal

import attrs
import httpx

from metricsdk._core.aws_client import AwsClientSettings, AwsService, aws_client_config
from metricsdk._core.client_base import AsyncClientBase, SyncClientBase, sleep_async
from metricsdk._core.credentials import AwsCredentials, CredentialProvider
from metricsdk._core.pacing_protocol import RateLimiter
from metricsdk._core.retry import RetryPolicy, backoff_delay
from metricsdk._core.transport import DEFAULT_TIMEOUT, AsyncTransport, ServiceConfig, SyncTransport
from metricsdk.errors import InvalidInputError, SDKError
from metricsdk.sesv2 import operations
from metricsdk.sesv2.batching import (
    BatchOutcome,
    BatchRounds,
    batch_rounds,
    merge_in_order,
    split_into_batches,
    validated_queries,
)
from metricsdk.sesv2.errors import DOCUMENTED_ERRORS
from metricsdk.sesv2.models import (
    BatchGetMetricDataQuery,
    BatchGetMetricDataRequest,
    BatchGetMetricDataResponse,
    MetricDataError,
    MetricDataResult,
)
from metricsdk.sesv2.pacing import resolve_rate_limiter

__all__ = ["DEFAULT_MAX_CONCURRENCY", "AsyncSESv2Client", "ProgressHook", "SESv2Client"]

DEFAULT_MAX_CONCURRENCY = 16
"""Batches in flight at once in ``get_metric_data``: enough to fill 16 calls per second even
when each call takes a second; the pacer, not this number, keeps the rate within the quota."""

ProgressHook = Callable[[int, int], None]
"""``on_progress(done, total)``: queries settled so far, and queries in all."""


def _check_concurrency(max_concurrency: int) -> None:
    if isinstance(max_concurrency, bool) or not isinstance(max_concurrency, int):
        raise InvalidInputError("max_concurrency", "must be an integer >= 1")
    if max_concurrency < 1:
        raise InvalidInputError("max_concurrency", "must be an integer >= 1")


def _rounds(batch: Sequence[BatchGetMetricDataQuery], policy: RetryPolicy) -> BatchRounds:
    return batch_rounds(
        batch,
        max_rounds=policy.max_attempts,
        delay=lambda round_number: backoff_delay(policy, round_number, None),
    )


def _collect(
    outcomes: Iterable[BatchOutcome],
    queries: Sequence[BatchGetMetricDataQuery],
    on_progress: ProgressHook | None,
) -> BatchGetMetricDataResponse:
    results: list[MetricDataResult] = []
    errors: list[MetricDataError] = []
    for outcome in outcomes:
        results += outcome.results
        errors += outcome.errors
        if on_progress is not None:
            on_progress(len(results) + len(errors), len(queries))
    return merge_in_order(queries, results, errors)


AWS_SERVICE = AwsService(
    name=operations.SERVICE,
    service_id=operations.SERVICE_ID,
    signing_name=operations.SIGNING_NAME,
    default_endpoint=operations.default_endpoint,
    documented_errors=DOCUMENTED_ERRORS,
)


def _config(
    *,
    region: str | None,
    credentials: AwsCredentials | CredentialProvider | None,
    profile: str | None,
    endpoint_url: str | None,
    retry: RetryPolicy | None,
    timeout: float | httpx.Timeout,
    rate_limiter: RateLimiter | Literal["shared"] | None,
    allow_insecure_http: bool,
) -> tuple[AwsClientSettings, ServiceConfig]:
    settings, config = aws_client_config(
        AWS_SERVICE,
        region=region,
        credentials=credentials,
        profile=profile,
        endpoint_url=endpoint_url,
        retry=retry,
        timeout=timeout,
        rate_limiter=None,
        allow_insecure_http=allow_insecure_http,
    )
    # The shared pacer is keyed by the account (or the source's stable identity) and region,
    # known only now; never by an access key id that rotates with temporary credentials.
    pacer = resolve_rate_limiter(
        rate_limiter, identity=settings.pacing_identity, region=settings.region
    )
    return settings, attrs.evolve(config, rate_limiter=pacer)


class SESv2Client(SyncClientBase):
    """Synchronous client for Amazon SES v2 VDM metrics.

    Args:
        region: the AWS region; else ``AWS_REGION``/``AWS_DEFAULT_REGION``, else the profile's.
        credentials: `AwsCredentials`, or a provider from `metricsdk.credentials`; else the
            default chain (environment, profile, container, instance metadata).
        profile: the shared-file profile to read; else ``AWS_PROFILE``, else ``default``.
        endpoint_url: send requests here instead of ``https://email.{region}.amazonaws.com``
            (for the emulator, a proxy or a VPC endpoint); else ``AWS_ENDPOINT_URL_SESV2``,
            else ``AWS_ENDPOINT_URL``.
        http_client: an ``httpx.Client`` you own; the SDK uses it as is and never closes it.
        retry: the retry policy; ``RetryPolicy(max_attempts=1)`` turns retries off.
        timeout: seconds, or an ``httpx.Timeout``; default 5 s to connect, 30 s to read.
        rate_limiter: ``"shared"`` (the default) paces every attempt, retries included, with
            the pacer this process shares among clients of the same account and region
            (16 calls and 160 queries per sliding second); pass your own `Pacer` (or any
            `RateLimiter`) instead, or ``None`` to switch pacing off.
        allow_insecure_http: permit a plain ``http://`` endpoint on a non-loopback host.

    Example:
        ```python
        with SESv2Client(region="us-east-1") as ses:
            answer = ses.batch_get_metric_data(queries=[...])
        ```
    """

    def __init__(
        self,
        *,
        region: str | None = None,
        credentials: AwsCredentials | CredentialProvider | None = None,
        profile: str | None = None,
        endpoint_url: str | None = None,
        http_client: httpx.Client | None = None,
        retry: RetryPolicy | None = None,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        rate_limiter: RateLimiter | Literal["shared"] | None = "shared",
        allow_insecure_http: bool = False,
    ) -> None:
        settings, config = _config(
            region=region,
            credentials=credentials,
            profile=profile,
            endpoint_url=endpoint_url,
            retry=retry,
            timeout=timeout,
            rate_limiter=rate_limiter,
            allow_insecure_http=allow_insecure_http,
        )
        self.region = settings.region
        self._transport = SyncTransport(config, http_client)

    def batch_get_metric_data(
        self, *, queries: Sequence[BatchGetMetricDataQuery]
    ) -> BatchGetMetricDataResponse:
        """Run 1 to 10 metric queries in one call (``BatchGetMetricData``).

        Raises:
            InvalidInputError: before sending, if the batch breaks a documented rule.
            TooManyRequestsException: if still throttled after the retries.
            APIError: for any other error answer; TransportError for network failures.
        """
        spec = operations.build_batch_get_metric_data(BatchGetMetricDataRequest(queries=queries))
        return self._transport.request(spec, operations.parse_batch_get_metric_data)

    def get_metric_data(
        self,
        *,
        queries: Iterable[BatchGetMetricDataQuery],
        max_concurrency: int = DEFAULT_MAX_CONCURRENCY,
        on_progress: ProgressHook | None = None,
    ) -> BatchGetMetricDataResponse:
        """Run any number of metric queries: batches of 10, sent concurrently under the pacer.

        Queries answered ``INTERNAL_FAILURE`` are asked again (as many rounds as the retry
        policy's ``max_attempts``); a batch whose call still fails after its retries reports
        its queries as errors carrying the exception's code and message, and the other batches'
        results are kept. Every query ends in exactly one of ``results`` / ``errors``, each list
        in the order the queries were given.

        Args:
            queries: the queries; ids must be unique across all of them.
            max_concurrency: the most batches in flight at once (threads).
            on_progress: called with ``(done, total)`` queries as each batch completes.
        """
        checked = validated_queries(queries)
        _check_concurrency(max_concurrency)
        return _collect(self._completed_batches(checked, max_concurrency), checked, on_progress)

    def iter_metric_data(
        self,
        *,
        queries: Iterable[BatchGetMetricDataQuery],
        max_concurrency: int = DEFAULT_MAX_CONCURRENCY,
    ) -> Iterator[MetricDataResult | MetricDataError]:
        """Like `get_metric_data`, but yield each result or error as its batch completes,
        to stream a large pull to disk. The queries are validated before this returns."""
        checked = validated_queries(queries)
        _check_concurrency(max_concurrency)
        return self._iter_items(checked, max_concurrency)

    def _iter_items(
        self, queries: list[BatchGetMetricDataQuery], max_concurrency: int
    ) -> Iterator[MetricDataResult | MetricDataError]:
        for outcome in self._completed_batches(queries, max_concurrency):
            yield from outcome.results
            yield from outcome.errors

    def _completed_batches(
        self, queries: list[BatchGetMetricDataQuery], max_concurrency: int
    ) -> Iterator[BatchOutcome]:
        batches = split_into_batches(queries)
        workers = min(max_concurrency, len(batches))
        from concurrent.futures import ThreadPoolExecutor, as_completed  # loaded when needed

        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="metricsdk") as pool:
            futures = [pool.submit(self._run_batch, batch) for batch in batches]
            try:
                for future in as_completed(futures):
                    yield future.result()
            finally:
                for future in futures:
                    future.cancel()

    def _run_batch(self, batch: list[BatchGetMetricDataQuery]) -> BatchOutcome:
        rounds = _rounds(batch, self._transport.config.retry)
        step = next(rounds)
        while True:
            if step.delay:
                time.sleep(step.delay)
            answer: BatchGetMetricDataResponse | SDKError
            try:
                answer = self.batch_get_metric_data(queries=step.queries)
            except SDKError as exc:
                answer = exc
            try:
                step = rounds.send(answer)
            except StopIteration as finished:
                outcome: BatchOutcome = finished.value
                return outcome


class AsyncSESv2Client(AsyncClientBase):
    """Asynchronous client for Amazon SES v2 VDM metrics; arguments as for `SESv2Client`,
    with an ``httpx.AsyncClient`` as ``http_client``."""

    def __init__(
        self,
        *,
        region: str | None = None,
        credentials: AwsCredentials | CredentialProvider | None = None,
        profile: str | None = None,
        endpoint_url: str | None = None,
        http_client: httpx.AsyncClient | None = None,
        retry: RetryPolicy | None = None,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        rate_limiter: RateLimiter | Literal["shared"] | None = "shared",
        allow_insecure_http: bool = False,
    ) -> None:
        settings, config = _config(
            region=region,
            credentials=credentials,
            profile=profile,
            endpoint_url=endpoint_url,
            retry=retry,
            timeout=timeout,
            rate_limiter=rate_limiter,
            allow_insecure_http=allow_insecure_http,
        )
        self.region = settings.region
        self._transport = AsyncTransport(config, http_client)

    async def batch_get_metric_data(
        self, *, queries: Sequence[BatchGetMetricDataQuery]
    ) -> BatchGetMetricDataResponse:
        """Run 1 to 10 metric queries in one call; see `SESv2Client.batch_get_metric_data`."""
        spec = operations.build_batch_get_metric_data(BatchGetMetricDataRequest(queries=queries))
        return await self._transport.request(spec, operations.parse_batch_get_metric_data)

    async def get_metric_data(
        self,
        *,
        queries: Iterable[BatchGetMetricDataQuery],
        max_concurrency: int = DEFAULT_MAX_CONCURRENCY,
        on_progress: ProgressHook | None = None,
    ) -> BatchGetMetricDataResponse:
        """Run any number of metric queries as concurrent tasks under the pacer; see
        `SESv2Client.get_metric_data`."""
        checked = validated_queries(queries)
        _check_concurrency(max_concurrency)
        results: list[MetricDataResult] = []
        errors: list[MetricDataError] = []
        async for outcome in self._completed_batches(checked, max_concurrency):
            results += outcome.results
            errors += outcome.errors
            if on_progress is not None:
                on_progress(len(results) + len(errors), len(checked))
        return merge_in_order(checked, results, errors)

    def iter_metric_data(
        self,
        *,
        queries: Iterable[BatchGetMetricDataQuery],
        max_concurrency: int = DEFAULT_MAX_CONCURRENCY,
    ) -> AsyncIterator[MetricDataResult | MetricDataError]:
        """Yield each result or error as its batch completes (``async for``); see
        `SESv2Client.iter_metric_data`. The queries are validated before this returns."""
        checked = validated_queries(queries)
        _check_concurrency(max_concurrency)
        return self._iter_items(checked, max_concurrency)

    async def _iter_items(
        self, queries: list[BatchGetMetricDataQuery], max_concurrency: int
    ) -> AsyncIterator[MetricDataResult | MetricDataError]:
        async for outcome in self._completed_batches(queries, max_concurrency):
            for result in outcome.results:
                yield result
            for error in outcome.errors:
                yield error

    async def _completed_batches(
        self, queries: list[BatchGetMetricDataQuery], max_concurrency: int
    ) -> AsyncIterator[BatchOutcome]:
        import asyncio  # loaded on first async use: sync programs never pay for it

        slots = asyncio.Semaphore(max_concurrency)

        async def run(batch: list[BatchGetMetricDataQuery]) -> BatchOutcome:
            async with slots:
                return await self._run_batch(batch)

        tasks = [asyncio.ensure_future(run(batch)) for batch in split_into_batches(queries)]
        try:
            for next_done in asyncio.as_completed(tasks):
                yield await next_done
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

    async def _run_batch(self, batch: list[BatchGetMetricDataQuery]) -> BatchOutcome:
        rounds = _rounds(batch, self._transport.config.retry)
        step = next(rounds)
        while True:
            if step.delay:
                await sleep_async(step.delay)
            answer: BatchGetMetricDataResponse | SDKError
            try:
                answer = await self.batch_get_metric_data(queries=step.queries)
            except SDKError as exc:
                answer = exc
            try:
                step = rounds.send(answer)
            except StopIteration as finished:
                outcome: BatchOutcome = finished.value
                return outcome
