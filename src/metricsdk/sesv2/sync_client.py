# Generated from async_client.py by scripts/unasync.py: do not edit.
# Edit the async source, then run `python scripts/unasync.py` (CI checks they agree).
"""`SESv2Client`: thin, one line per operation, plus ``get_metric_data`` for any number of
queries and a paginator for every list."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Literal

import httpx

from metricsdk._core import sync_paging, sync_polling, sync_primitives
from metricsdk._core.aws_client import aws_client_config
from metricsdk._core.credentials import AwsCredentials, CredentialProvider
from metricsdk._core.pacing_protocol import RateLimiter
from metricsdk._core.retry import RetryPolicy
from metricsdk._core.sync_client_base import SyncClientBase
from metricsdk._core.sync_transport import SyncTransport
from metricsdk._core.transport import DEFAULT_TIMEOUT
from metricsdk.errors import InvalidInputError, SDKError
from metricsdk.sesv2 import operations

if TYPE_CHECKING:
    from metricsdk.sesv2.account_models import (
        ConfigurationSetFilterKey,
        GetAccountResponse,
        IdentityFilterKey,
        IdentityInfo,
        ListConfigurationSetsResponse,
        ListEmailIdentitiesResponse,
        ListTenantsFilterKey,
        ListTenantsResponse,
        TenantInfo,
    )
    from metricsdk.sesv2.batching import BatchOutcome
    from metricsdk.sesv2.download import Destination
    from metricsdk.sesv2.export_models import (
        CancelExportJobResponse,
        CreateExportJobResponse,
        DataFormat,
        ExportDataSource,
        ExportDestination,
        ExportJobSummary,
        ExportSourceType,
        GetExportJobResponse,
        JobStatus,
        ListExportJobsResponse,
        MessageInsightsDataSource,
        MetricsDataSource,
    )
from metricsdk.sesv2.config import AWS_SERVICE
from metricsdk.sesv2.models import (
    BatchGetMetricDataQuery,
    BatchGetMetricDataRequest,
    BatchGetMetricDataResponse,
    MetricDataError,
    MetricDataResult,
)
from metricsdk.sesv2.waiter import DEFAULT_POLL_INTERVAL, DEFAULT_WAIT_TIMEOUT

__all__ = ["DEFAULT_MAX_CONCURRENCY", "SESv2Client", "ProgressHook"]

DEFAULT_MAX_CONCURRENCY = 16
"""Batches in flight at once in ``get_metric_data``: enough to fill 16 calls per second even
when each call takes a second; the pacer, not this number, keeps the rate within the quota."""

ProgressHook = Callable[[int, int], None]
"""``on_progress(done, total)``: queries settled so far, and queries in all."""


class SESv2Client(SyncClientBase):
    """Synchronous client for Amazon SES v2 VDM metrics, metric export jobs, and the account's
    identities, configuration sets, tenants and settings.

    Args:
        region: the AWS region; else ``AWS_REGION``/``AWS_DEFAULT_REGION``, else the profile's.
        credentials: `AwsCredentials`, or a provider from `metricsdk.credentials`; else the
            default chain (environment, profile, container, instance metadata).
        profile: the shared-file profile to read; else ``AWS_PROFILE``, else ``default``.
        endpoint_url: send requests here instead of ``https://email.{region}.amazonaws.com``
            (for the emulator, a proxy or a VPC endpoint); else ``AWS_ENDPOINT_URL_SESV2``,
            else ``AWS_ENDPOINT_URL``.
        http_client: an ``httpx.Client`` you own; the SDK uses it as is and never closes
            it.
        retry: the retry policy; ``RetryPolicy(max_attempts=1)`` turns retries off.
        timeout: seconds, or an ``httpx.Timeout``; default 5 s to connect, 30 s to read.
        rate_limiter: ``"shared"`` (the default) paces every ``BatchGetMetricData``
            attempt, retries included, with the pacer this process shares among clients of the
            same account and region (16 calls and 160 queries per sliding second), and every
            ``CreateExportJob`` attempt with the account's pacer of its own (one call per
            second); the other operations have no published rate and are not paced. Pass your
            own `Pacer` (or any `RateLimiter`) to replace the metric data pacer only, or
            ``None`` to switch all pacing off.
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
        settings, config = aws_client_config(
            AWS_SERVICE,
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
        # The batching's bookkeeping loads with the first pull, not with the package.
        from metricsdk.sesv2.batching import (
            check_concurrency,
            merge_in_order,
            split_into_batches,
            validated_queries,
        )

        checked = validated_queries(queries)
        check_concurrency(max_concurrency)
        results: list[MetricDataResult] = []
        errors: list[MetricDataError] = []
        for outcome in self._completed_batches(split_into_batches(checked), max_concurrency):
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
    ) -> Iterator[MetricDataResult | MetricDataError]:
        """Like `get_metric_data`, but yield each result or error as its batch completes,
        to stream a large pull to disk.

        A list or tuple of queries is checked whole before this returns (types, ids unique).
        Any other iterable — a generator — is consumed as batches go out, so that a pull of
        any size holds ``max_concurrency`` batches of queries rather than all of them: each
        query is checked when it is taken, and one that is not a query or repeats an earlier
        id raises `InvalidInputError` from the iteration once every result of the batches
        already sent has been yielded, each exactly once.
        """
        from metricsdk.sesv2.batching import (
            check_concurrency,
            split_into_batches,
            streamed_batches,
            validated_queries,
        )

        check_concurrency(max_concurrency)
        if isinstance(queries, (list, tuple)):
            batches: Iterable[list[BatchGetMetricDataQuery]] = split_into_batches(
                validated_queries(queries)
            )
        elif isinstance(queries, Iterable) and not isinstance(queries, (str, bytes)):
            batches = streamed_batches(queries)
        else:
            raise InvalidInputError("queries", "must be an iterable of BatchGetMetricDataQuery")
        return self._iter_items(batches, max_concurrency)

    def _iter_items(
        self, batches: Iterable[list[BatchGetMetricDataQuery]], max_concurrency: int
    ) -> Iterator[MetricDataResult | MetricDataError]:
        for outcome in self._completed_batches(batches, max_concurrency):
            for result in outcome.results:
                yield result
            for error in outcome.errors:
                yield error

    def _completed_batches(
        self, batches: Iterable[list[BatchGetMetricDataQuery]], max_concurrency: int
    ) -> Iterator[BatchOutcome]:
        jobs = (functools.partial(self._run_batch, batch) for batch in batches)
        return sync_primitives.completed(jobs, max_concurrency)

    def _run_batch(self, batch: list[BatchGetMetricDataQuery]) -> BatchOutcome:
        from metricsdk.sesv2.batching import batch_rounds_for

        rounds = batch_rounds_for(batch, self._transport.config.retry)
        step = next(rounds)
        while True:
            if step.delay:
                sync_primitives.sleep(step.delay)
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

    # -- the account: the values of the metric dimensions, and its settings --------------------

    def list_email_identities(
        self,
        *,
        filter: Mapping[IdentityFilterKey | str, str] | None = None,
        page_size: int | None = None,
        next_token: str | None = None,
    ) -> ListEmailIdentitiesResponse:
        """One page of the account's email identities (``ListEmailIdentities``); see
        `iter_email_identities` for all of them. Fields as in `ListEmailIdentitiesRequest`."""
        from metricsdk.sesv2 import account_operations
        from metricsdk.sesv2.account_models import ListEmailIdentitiesRequest

        request = ListEmailIdentitiesRequest(
            filter=filter, page_size=page_size, next_token=next_token
        )
        spec = account_operations.build_list_email_identities(request)
        return self._transport.request(spec, account_operations.parse_list_email_identities)

    def iter_email_identities(
        self,
        *,
        filter: Mapping[IdentityFilterKey | str, str] | None = None,
        page_size: int | None = None,
    ) -> Iterator[IdentityInfo]:
        """Every email identity of the account, page after page, following ``NextToken``: the
        values of the ``EMAIL_IDENTITY`` dimension.

        The arguments are checked before this returns; pages are fetched as you iterate.
        """
        from metricsdk.sesv2 import account_operations
        from metricsdk.sesv2.account_models import ListEmailIdentitiesRequest

        ListEmailIdentitiesRequest(filter=filter, page_size=page_size)
        return sync_paging.items(
            lambda token: self.list_email_identities(
                filter=filter, page_size=page_size, next_token=token
            ),
            lambda page: page.email_identities,
            service=operations.SERVICE,
            operation=account_operations.LIST_EMAIL_IDENTITIES,
        )

    def list_configuration_sets(
        self,
        *,
        filter: Mapping[ConfigurationSetFilterKey | str, str] | None = None,
        page_size: int | None = None,
        next_token: str | None = None,
    ) -> ListConfigurationSetsResponse:
        """One page of the account's configuration set names (``ListConfigurationSets``); see
        `iter_configuration_sets` for all of them."""
        from metricsdk.sesv2 import account_operations
        from metricsdk.sesv2.account_models import ListConfigurationSetsRequest

        request = ListConfigurationSetsRequest(
            filter=filter, page_size=page_size, next_token=next_token
        )
        spec = account_operations.build_list_configuration_sets(request)
        return self._transport.request(spec, account_operations.parse_list_configuration_sets)

    def iter_configuration_sets(
        self,
        *,
        filter: Mapping[ConfigurationSetFilterKey | str, str] | None = None,
        page_size: int | None = None,
    ) -> Iterator[str]:
        """Every configuration set name of the account in the region, page after page: the
        values of the ``CONFIGURATION_SET`` dimension. Checked before this returns."""
        from metricsdk.sesv2 import account_operations
        from metricsdk.sesv2.account_models import ListConfigurationSetsRequest

        ListConfigurationSetsRequest(filter=filter, page_size=page_size)
        return sync_paging.items(
            lambda token: self.list_configuration_sets(
                filter=filter, page_size=page_size, next_token=token
            ),
            lambda page: page.configuration_sets,
            service=operations.SERVICE,
            operation=account_operations.LIST_CONFIGURATION_SETS,
        )

    def list_tenants(
        self,
        *,
        filter: Mapping[ListTenantsFilterKey | str, str] | None = None,
        page_size: int | None = None,
        next_token: str | None = None,
    ) -> ListTenantsResponse:
        """One page of the account's tenants (``ListTenants``); see `iter_tenants` for all."""
        from metricsdk.sesv2 import account_operations
        from metricsdk.sesv2.account_models import ListTenantsRequest

        request = ListTenantsRequest(filter=filter, page_size=page_size, next_token=next_token)
        spec = account_operations.build_list_tenants(request)
        return self._transport.request(spec, account_operations.parse_list_tenants)

    def iter_tenants(
        self,
        *,
        filter: Mapping[ListTenantsFilterKey | str, str] | None = None,
        page_size: int | None = None,
    ) -> Iterator[TenantInfo]:
        """Every tenant of the account in the region, page after page: their names are the
        values of the ``TENANT_NAME`` dimension. Checked before this returns."""
        from metricsdk.sesv2 import account_operations
        from metricsdk.sesv2.account_models import ListTenantsRequest

        ListTenantsRequest(filter=filter, page_size=page_size)
        return sync_paging.items(
            lambda token: self.list_tenants(filter=filter, page_size=page_size, next_token=token),
            lambda page: page.tenants,
            service=operations.SERVICE,
            operation=account_operations.LIST_TENANTS,
        )

    def get_account(self) -> GetAccountResponse:
        """The account's sending status and settings in the region (``GetAccount``), among
        them whether VDM is on: ``(ses.get_account()).vdm_enabled``."""
        from metricsdk.sesv2 import account_operations
        from metricsdk.sesv2.account_models import GetAccountRequest

        spec = account_operations.build_get_account(GetAccountRequest())
        return self._transport.request(spec, account_operations.parse_get_account)

    # -- export jobs: AWS's bulk path for metrics ------------------------------------------------

    def create_export_job(
        self,
        *,
        export_data_source: MetricsDataSource | MessageInsightsDataSource | ExportDataSource,
        export_destination: ExportDestination | DataFormat | str,
    ) -> CreateExportJobResponse:
        """Start an export job (``CreateExportJob``); fields as in `CreateExportJobRequest`.

        The job runs on its own: follow it with `wait_for_export_job`, then fetch its file with
        `download_export_job`. The operation takes no idempotency token, so it is retried only
        when the service certainly did not act on it (throttling, a refused connection); after
        a read timeout or a 5xx the error is raised, since the job may have started: look with
        `list_export_jobs` before starting again. Calls are paced to the published rate, once
        per second per account.

        Raises:
            InvalidInputError: before sending, if an argument breaks a documented rule.
            LimitExceededException: too many export jobs.
            TooManyRequestsException: if still throttled after the retries.
            APIError: for any other error answer; TransportError for network failures.
        """
        from metricsdk.sesv2 import export_operations
        from metricsdk.sesv2.export_models import CreateExportJobRequest

        request = CreateExportJobRequest(
            export_data_source=export_data_source, export_destination=export_destination
        )
        spec = export_operations.build_create_export_job(request)
        return self._transport.request(spec, export_operations.parse_create_export_job)

    def get_export_job(self, *, job_id: str) -> GetExportJobResponse:
        """An export job's parameters and status (``GetExportJob``); once it is
        ``COMPLETED``, ``export_destination.s3_url`` links to its file for five minutes.

        Raises:
            NotFoundException: no such job.
        """
        from metricsdk.sesv2 import export_operations
        from metricsdk.sesv2.export_models import GetExportJobRequest

        spec = export_operations.build_get_export_job(GetExportJobRequest(job_id=job_id))
        return self._transport.request(spec, export_operations.parse_get_export_job)

    def list_export_jobs(
        self,
        *,
        export_source_type: ExportSourceType | str | None = None,
        job_status: JobStatus | str | None = None,
        page_size: int | None = None,
        next_token: str | None = None,
    ) -> ListExportJobsResponse:
        """One page of the account's export jobs (``ListExportJobs``), optionally only those of
        one source type or in one status; see `iter_export_jobs` for all of them."""
        from metricsdk.sesv2 import export_operations
        from metricsdk.sesv2.export_models import ListExportJobsRequest

        request = ListExportJobsRequest(
            export_source_type=export_source_type,
            job_status=job_status,
            page_size=page_size,
            next_token=next_token,
        )
        spec = export_operations.build_list_export_jobs(request)
        return self._transport.request(spec, export_operations.parse_list_export_jobs)

    def iter_export_jobs(
        self,
        *,
        export_source_type: ExportSourceType | str | None = None,
        job_status: JobStatus | str | None = None,
        page_size: int | None = None,
    ) -> Iterator[ExportJobSummary]:
        """Every export job of the account (of this source type, in this status), page after
        page, following ``NextToken``. Checked before this returns; pages are fetched as you
        iterate."""
        from metricsdk.sesv2 import export_operations
        from metricsdk.sesv2.export_models import ListExportJobsRequest

        ListExportJobsRequest(
            export_source_type=export_source_type, job_status=job_status, page_size=page_size
        )
        return sync_paging.items(
            lambda token: self.list_export_jobs(
                export_source_type=export_source_type,
                job_status=job_status,
                page_size=page_size,
                next_token=token,
            ),
            lambda page: page.export_jobs,
            service=operations.SERVICE,
            operation=export_operations.LIST_EXPORT_JOBS,
        )

    def cancel_export_job(self, *, job_id: str) -> CancelExportJobResponse:
        """Cancel a running export job (``CancelExportJob``); it ends ``CANCELLED``. Safe to
        repeat, so it is retried like a read.

        Raises:
            NotFoundException: no such job.
        """
        from metricsdk.sesv2 import export_operations
        from metricsdk.sesv2.export_models import CancelExportJobRequest

        spec = export_operations.build_cancel_export_job(CancelExportJobRequest(job_id=job_id))
        return self._transport.request(spec, export_operations.parse_cancel_export_job)

    def wait_for_export_job(
        self,
        *,
        job_id: str,
        timeout: float = DEFAULT_WAIT_TIMEOUT,
        poll_interval: float = DEFAULT_POLL_INTERVAL,
    ) -> GetExportJobResponse:
        """Poll ``GetExportJob`` until the job completes.

        Waits start at ``poll_interval`` seconds and grow 1.5 times per poll, up to 60 s; the
        last poll happens at the deadline. Throttled polls are retried as any call is.

        Args:
            job_id: the job, as `create_export_job` returned it.
            timeout: seconds to wait in all.
            poll_interval: seconds before the first re-poll.

        Returns:
            The final answer, whose ``job_status`` is ``COMPLETED``.

        Raises:
            ExportJobFailedError: the job ended ``FAILED`` or ``CANCELLED``.
            WaiterTimeoutError: it was still running when ``timeout`` ran out.
        """
        from metricsdk.sesv2.export_models import GetExportJobRequest
        from metricsdk.sesv2.waiter import poll_schedule, settle, timeout_error

        GetExportJobRequest(job_id=job_id)
        return sync_polling.poll(
            functools.partial(self.get_export_job, job_id=job_id),
            lambda response: settle(job_id, response),
            poll_schedule(timeout=timeout, poll_interval=poll_interval),
            lambda response, seconds: timeout_error(job_id, response, seconds),
        )

    def download_export_job(self, *, job_id: str, destination: Destination) -> int:
        """Stream a completed job's file to a path or a binary file object; return its size.

        Asks ``GetExportJob`` for a fresh link (links live five minutes) and fetches it with a
        clean request: no AWS signature or headers, none of your ``http_client``'s cookies or
        default headers (its proxies and TLS settings apply). A path gets the file under its
        name only once complete; a file object gets the bytes only once all arrived.

        Args:
            job_id: a ``COMPLETED`` job (see `wait_for_export_job`).
            destination: a file path (its folder must exist), or a binary file object.

        Raises:
            InvalidInputError: the destination is unusable (before anything is sent), or the
                job has no file (it is not ``COMPLETED``).
            ExportLinkExpiredError: the link was refused (403); call this again.
            TransportError: the download broke off; nothing is left at the destination.
        """
        from metricsdk.sesv2.download import OPERATION as DOWNLOAD
        from metricsdk.sesv2.download import check_destination, export_file_url, refused
        from metricsdk.sesv2.export_models import GetExportJobRequest

        GetExportJobRequest(job_id=job_id)
        check_destination(destination)
        url = export_file_url(self.get_export_job(job_id=job_id))
        return self._download(url, destination, refused=refused, operation=DOWNLOAD)
