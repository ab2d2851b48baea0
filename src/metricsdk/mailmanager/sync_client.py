# Generated from async_client.py by scripts/unasync.py: do not edit.
# Edit the async source, then run `python scripts/unasync.py` (CI checks they agree).
"""`MailManagerClient`: one line per operation, plus paginators and waiters."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from datetime import date, datetime

import httpx

from metricsdk._core import sync_paging, sync_polling
from metricsdk._core.aws_client import aws_client_config
from metricsdk._core.credentials import AwsCredentials, CredentialProvider
from metricsdk._core.pacing_protocol import RateLimiter
from metricsdk._core.retry import RetryPolicy
from metricsdk._core.sync_client_base import SyncClientBase
from metricsdk._core.sync_transport import SyncTransport
from metricsdk._core.transport import DEFAULT_TIMEOUT
from metricsdk.mailmanager import archive_models, models, operations, search_models
from metricsdk.mailmanager.archive_models import (
    Archive,
    GetArchiveResponse,
    ListArchivesResponse,
)
from metricsdk.mailmanager.config import AWS_SERVICE
from metricsdk.mailmanager.filters import ArchiveFilters
from metricsdk.mailmanager.models import (
    ExportDestinationConfiguration,
    ExportSummary,
    GetArchiveExportResponse,
    ListArchiveExportsResponse,
    StartArchiveExportResponse,
    StopArchiveExportResponse,
)
from metricsdk.mailmanager.search_models import (
    GetArchiveSearchResponse,
    GetArchiveSearchResultsResponse,
    ListArchiveSearchesResponse,
    SearchSummary,
    StartArchiveSearchResponse,
    StopArchiveSearchResponse,
)
from metricsdk.mailmanager.waiter import (
    DEFAULT_POLL_INTERVAL,
    DEFAULT_WAIT_TIMEOUT,
    poll_schedule,
    search_timeout_error,
    settle,
    settle_search,
    timeout_error,
)

__all__ = ["MailManagerClient"]


class MailManagerClient(SyncClientBase):
    """Synchronous client for Amazon SES Mail Manager archives: finding them, exporting
    from them and searching them.

    Args:
        region: the AWS region; else ``AWS_REGION``/``AWS_DEFAULT_REGION``, else the profile's.
        credentials: `AwsCredentials`, or a provider from `metricsdk.credentials`; else the
            default chain (environment, profile, container, instance metadata).
        profile: the shared-file profile to read; else ``AWS_PROFILE``, else ``default``.
        endpoint_url: send requests here instead of ``https://mail-manager.{region}.amazonaws.com``
            (for the emulator, a proxy or a VPC endpoint); else
            ``AWS_ENDPOINT_URL_MAILMANAGER``, else ``AWS_ENDPOINT_URL``.
        http_client: an ``httpx.Client`` you own; the SDK uses it as is and never closes it.
        retry: the retry policy; ``RetryPolicy(max_attempts=1)`` turns retries off.
        timeout: seconds, or an ``httpx.Timeout``; default 5 s to connect, 30 s to read.
        rate_limiter: a pacer every attempt passes through, or ``None`` for none.
        allow_insecure_http: permit a plain ``http://`` endpoint on a non-loopback host.

    Example:
        ```python
        from datetime import date

        from metricsdk.mailmanager import ExportDestinationConfiguration, MailManagerClient

        with MailManagerClient(region="us-east-1") as mail:
            started = mail.start_archive_export(
                archive_id="a-demo",
                from_timestamp=date(2026, 1, 1),
                to_timestamp=date(2026, 2, 1),
                export_destination_configuration=ExportDestinationConfiguration.to_s3(
                    "s3://my-bucket/exports/"
                ),
            )
            done = mail.wait_for_archive_export(export_id=started.export_id)
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
        rate_limiter: RateLimiter | None = None,
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

    def start_archive_export(
        self,
        *,
        archive_id: str,
        filters: ArchiveFilters | None = None,
        from_timestamp: datetime | date,
        to_timestamp: datetime | date,
        max_results: int | None = None,
        export_destination_configuration: ExportDestinationConfiguration,
        include_metadata: bool | None = None,
    ) -> StartArchiveExportResponse:
        """Start exporting archived emails (``StartArchiveExport``); fields as in
        `StartArchiveExportRequest`.

        The operation takes no idempotency token, so it is retried only when the service
        certainly did not act on it (throttling, a refused connection); after a read timeout or
        a 5xx the error is raised, since the export may have started: look with
        `list_archive_exports` before starting again.

        Raises:
            InvalidInputError: before sending, if an argument breaks a documented rule.
            ServiceQuotaExceededException: too many exports at once.
            ThrottlingException: if still throttled after the retries.
            APIError: for any other error answer; TransportError for network failures.
        """
        request = models.StartArchiveExportRequest(
            archive_id=archive_id,
            filters=filters,
            from_timestamp=from_timestamp,
            to_timestamp=to_timestamp,
            max_results=max_results,
            export_destination_configuration=export_destination_configuration,
            include_metadata=include_metadata,
        )
        spec = operations.build_start_archive_export(request)
        return self._transport.request(spec, operations.parse_start_archive_export)

    def get_archive_export(self, *, export_id: str) -> GetArchiveExportResponse:
        """An export's parameters and status (``GetArchiveExport``)."""
        request = models.GetArchiveExportRequest(export_id=export_id)
        spec = operations.build_get_archive_export(request)
        return self._transport.request(spec, operations.parse_get_archive_export)

    def stop_archive_export(self, *, export_id: str) -> StopArchiveExportResponse:
        """Cancel a running export (``StopArchiveExport``); it ends ``CANCELLED``."""
        request = models.StopArchiveExportRequest(export_id=export_id)
        spec = operations.build_stop_archive_export(request)
        return self._transport.request(spec, operations.parse_stop_archive_export)

    def list_archive_exports(
        self, *, archive_id: str, page_size: int | None = None, next_token: str | None = None
    ) -> ListArchiveExportsResponse:
        """One page of an archive's exports (``ListArchiveExports``); see
        `iter_archive_exports` for all of them."""
        request = models.ListArchiveExportsRequest(
            archive_id=archive_id, page_size=page_size, next_token=next_token
        )
        spec = operations.build_list_archive_exports(request)
        return self._transport.request(spec, operations.parse_list_archive_exports)

    def iter_archive_exports(
        self, *, archive_id: str, page_size: int | None = None
    ) -> Iterator[ExportSummary]:
        """Every export of an archive, page after page, following ``NextToken``.

        The arguments are checked before this returns; pages are fetched as you iterate.
        """
        models.ListArchiveExportsRequest(archive_id=archive_id, page_size=page_size)
        return sync_paging.items(
            lambda token: self.list_archive_exports(
                archive_id=archive_id, page_size=page_size, next_token=token
            ),
            lambda page: page.exports,
            service=operations.SERVICE,
            operation="ListArchiveExports",
        )

    def list_archives(
        self, *, page_size: int | None = None, next_token: str | None = None
    ) -> ListArchivesResponse:
        """One page of the account's archives in the region (``ListArchives``); see
        `iter_archives` for all of them."""
        request = archive_models.ListArchivesRequest(page_size=page_size, next_token=next_token)
        spec = operations.build_list_archives(request)
        return self._transport.request(spec, operations.parse_list_archives)

    def iter_archives(self, *, page_size: int | None = None) -> Iterator[Archive]:
        """Every archive, page after page, following ``NextToken``.

        The arguments are checked before this returns; pages are fetched as you iterate.
        """
        archive_models.ListArchivesRequest(page_size=page_size)
        return sync_paging.items(
            lambda token: self.list_archives(page_size=page_size, next_token=token),
            lambda page: page.archives,
            service=operations.SERVICE,
            operation="ListArchives",
        )

    def get_archive(self, *, archive_id: str) -> GetArchiveResponse:
        """An archive's name, ARN, state and retention (``GetArchive``).

        Raises:
            ResourceNotFoundException: the archive does not exist.
        """
        spec = operations.build_get_archive(archive_models.GetArchiveRequest(archive_id=archive_id))
        return self._transport.request(spec, operations.parse_get_archive)

    def wait_for_archive_export(
        self,
        *,
        export_id: str,
        timeout: float = DEFAULT_WAIT_TIMEOUT,
        poll_interval: float = DEFAULT_POLL_INTERVAL,
    ) -> GetArchiveExportResponse:
        """Poll ``GetArchiveExport`` until the export completes.

        Waits start at ``poll_interval`` seconds and grow 1.5 times per poll, up to 60 s; the
        last poll happens at the deadline.

        Args:
            export_id: the export, as `start_archive_export` returned it.
            timeout: seconds to wait in all.
            poll_interval: seconds before the first re-poll.

        Returns:
            The final answer, whose ``status.state`` is ``COMPLETED``.

        Raises:
            ArchiveExportFailedError: the export ended ``FAILED`` or ``CANCELLED``.
            WaiterTimeoutError: it was still running when ``timeout`` ran out.
        """
        models.GetArchiveExportRequest(export_id=export_id)
        return sync_polling.poll(
            functools.partial(self.get_archive_export, export_id=export_id),
            lambda response: settle(export_id, response),
            poll_schedule(timeout=timeout, poll_interval=poll_interval),
            lambda response, seconds: timeout_error(export_id, response, seconds),
        )

    def start_archive_search(
        self,
        *,
        archive_id: str,
        filters: ArchiveFilters | None = None,
        from_timestamp: datetime | date,
        to_timestamp: datetime | date,
        max_results: int,
    ) -> StartArchiveSearchResponse:
        """Start searching an archive (``StartArchiveSearch``); fields as in
        `StartArchiveSearchRequest`.

        Like `start_archive_export`, the operation takes no idempotency token, so it is retried
        only when the service certainly did not act on it (throttling, a refused connection);
        after a read timeout or a 5xx the error is raised, since the search may have started:
        look with `list_archive_searches` before starting again.

        Raises:
            InvalidInputError: before sending, if an argument breaks a documented rule.
            ResourceNotFoundException: the archive does not exist.
            ServiceQuotaExceededException: too many searches at once.
            ConflictException: the archive cannot be searched now.
            ThrottlingException: if still throttled after the retries.
            APIError: for any other error answer; TransportError for network failures.
        """
        request = search_models.StartArchiveSearchRequest(
            archive_id=archive_id,
            filters=filters,
            from_timestamp=from_timestamp,
            to_timestamp=to_timestamp,
            max_results=max_results,
        )
        spec = operations.build_start_archive_search(request)
        return self._transport.request(spec, operations.parse_start_archive_search)

    def get_archive_search(self, *, search_id: str) -> GetArchiveSearchResponse:
        """A search's parameters and status (``GetArchiveSearch``)."""
        request = search_models.GetArchiveSearchRequest(search_id=search_id)
        spec = operations.build_get_archive_search(request)
        return self._transport.request(spec, operations.parse_get_archive_search)

    def get_archive_search_results(self, *, search_id: str) -> GetArchiveSearchResultsResponse:
        """The emails a completed search found, one `Row` each (``GetArchiveSearchResults``).

        Raises:
            ConflictException: the search has not completed.
        """
        request = search_models.GetArchiveSearchResultsRequest(search_id=search_id)
        spec = operations.build_get_archive_search_results(request)
        return self._transport.request(spec, operations.parse_get_archive_search_results)

    def stop_archive_search(self, *, search_id: str) -> StopArchiveSearchResponse:
        """Cancel a running search (``StopArchiveSearch``); it ends ``CANCELLED``."""
        request = search_models.StopArchiveSearchRequest(search_id=search_id)
        spec = operations.build_stop_archive_search(request)
        return self._transport.request(spec, operations.parse_stop_archive_search)

    def list_archive_searches(
        self, *, archive_id: str, page_size: int | None = None, next_token: str | None = None
    ) -> ListArchiveSearchesResponse:
        """One page of an archive's searches (``ListArchiveSearches``); see
        `iter_archive_searches` for all of them."""
        request = search_models.ListArchiveSearchesRequest(
            archive_id=archive_id, page_size=page_size, next_token=next_token
        )
        spec = operations.build_list_archive_searches(request)
        return self._transport.request(spec, operations.parse_list_archive_searches)

    def iter_archive_searches(
        self, *, archive_id: str, page_size: int | None = None
    ) -> Iterator[SearchSummary]:
        """Every search of an archive, page after page, following ``NextToken``.

        The arguments are checked before this returns; pages are fetched as you iterate.
        """
        search_models.ListArchiveSearchesRequest(archive_id=archive_id, page_size=page_size)
        return sync_paging.items(
            lambda token: self.list_archive_searches(
                archive_id=archive_id, page_size=page_size, next_token=token
            ),
            lambda page: page.searches,
            service=operations.SERVICE,
            operation="ListArchiveSearches",
        )

    def wait_for_archive_search(
        self,
        *,
        search_id: str,
        timeout: float = DEFAULT_WAIT_TIMEOUT,
        poll_interval: float = DEFAULT_POLL_INTERVAL,
    ) -> GetArchiveSearchResponse:
        """Poll ``GetArchiveSearch`` until the search completes.

        Waits start at ``poll_interval`` seconds and grow 1.5 times per poll, up to 60 s; the
        last poll happens at the deadline. Fetch the rows with `get_archive_search_results`.

        Args:
            search_id: the search, as `start_archive_search` returned it.
            timeout: seconds to wait in all.
            poll_interval: seconds before the first re-poll.

        Returns:
            The final answer, whose ``status.state`` is ``COMPLETED``.

        Raises:
            ArchiveSearchFailedError: the search ended ``FAILED`` or ``CANCELLED``.
            WaiterTimeoutError: it was still running when ``timeout`` ran out.
        """
        search_models.GetArchiveSearchRequest(search_id=search_id)
        return sync_polling.poll(
            functools.partial(self.get_archive_search, search_id=search_id),
            lambda response: settle_search(search_id, response),
            poll_schedule(timeout=timeout, poll_interval=poll_interval),
            lambda response, seconds: search_timeout_error(search_id, response, seconds),
        )
