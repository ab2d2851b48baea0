# The async source of a generated sync module: see scripts/unasync.py.
"""`AsyncBlendVisionClient`: one line per operation, plus a waiter and a download helper."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar, cast

import httpx

from metricsdk._core import async_polling
from metricsdk._core.async_client_base import AsyncClientBase
from metricsdk._core.async_transport import AsyncTransport
from metricsdk._core.pacing_protocol import RateLimiter
from metricsdk._core.retry import RetryPolicy
from metricsdk._core.transport import DEFAULT_TIMEOUT
from metricsdk.blendvision import models, operations
from metricsdk.blendvision.config import client_config
from metricsdk.blendvision.download import OPERATION as DOWNLOAD
from metricsdk.blendvision.download import Destination, refused, report_url
from metricsdk.blendvision.models import (
    BatchGetEventReportsResponse,
    BatchGetSummaryReportsResponse,
    CreateEventReportResponse,
    CreateSummaryReportResponse,
    DimensionWithCondition,
    EventReport,
    EventReportKey,
    EventType,
    SummaryDimensionWithCondition,
    SummaryReport,
    SummaryReportKey,
)
from metricsdk.blendvision.waiter import (
    DEFAULT_POLL_INTERVAL,
    DEFAULT_WAIT_TIMEOUT,
    WaitPlan,
    poll_schedule,
    timeout_error,
)

__all__ = ["AsyncBlendVisionClient"]

ReportT = TypeVar("ReportT", bound=EventReport | SummaryReport)


def _settle(plan: WaitPlan) -> WaitPlan | None:
    return plan if plan.done else None


class AsyncBlendVisionClient(AsyncClientBase):
    """Asynchronous client for BlendVision One analytics reports.

    Args:
        api_token: the API token; else ``BLENDVISION_API_TOKEN``.
        org_id: the organisation id sent as ``x-bv-org-id``; else ``BLENDVISION_ORG_ID``.
        base_url: the API's origin; else ``BLENDVISION_BASE_URL``, else
            ``https://api.one.blendvision.com``.
        http_client: an ``httpx.AsyncClient`` you own; the SDK uses it as is and never closes it.
        retry: the retry policy; ``RetryPolicy(max_attempts=1)`` turns retries off.
        timeout: seconds, or an ``httpx.Timeout``; default 5 s to connect, 30 s to read. It
            also bounds each read of a download.
        rate_limiter: a pacer every attempt passes through (none by default: no analytics rate
            is published, and 429 answers are retried after ``Retry-After``).
        allow_insecure_http: permit a plain ``http://`` base URL on a non-loopback host.

    Raises:
        MissingCredentialsError: no token or no organisation id was found.

    Example:
        ```python
        from metricsdk.blendvision import AsyncBlendVisionClient, DimensionWithCondition

        async with AsyncBlendVisionClient() as bv:
            created = await bv.create_event_report(
                event_id="my-event-id",
                type="EVENT_TYPE_LIVE",
                dimension_with_conditions=[
                    DimensionWithCondition(dimension="REPORT_DIMENSION_WATCH_TIME")
                ],
            )
            (report,) = await bv.wait_for_reports(created)
            await bv.download_report(report, "watch-time.csv")
        ```
    """

    def __init__(
        self,
        *,
        api_token: str | None = None,
        org_id: str | None = None,
        base_url: str | None = None,
        http_client: httpx.AsyncClient | None = None,
        retry: RetryPolicy | None = None,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        rate_limiter: RateLimiter | None = None,
        allow_insecure_http: bool = False,
    ) -> None:
        config = client_config(
            api_token=api_token,
            org_id=org_id,
            base_url=base_url,
            retry=retry,
            timeout=timeout,
            rate_limiter=rate_limiter,
            allow_insecure_http=allow_insecure_http,
        )
        self._transport = AsyncTransport(config, http_client)

    async def create_event_report(
        self,
        *,
        event_id: str,
        type: EventType | str,
        dimension_with_conditions: Sequence[DimensionWithCondition],
    ) -> CreateEventReportResponse:
        """Start one event report per condition; the answer reads as the list of them.

        Not retried after a read timeout or a 5xx, since the reports may have been created.
        """
        request = models.CreateEventReportRequest(
            event_id=event_id, type=type, dimension_with_conditions=dimension_with_conditions
        )
        return await self._transport.request(
            operations.build_create_event_report(request),
            operations.parse_create_event_report,
        )

    async def batch_get_event_reports(
        self, *, reports: Sequence[EventReportKey | EventReport]
    ) -> BatchGetEventReportsResponse:
        """The current state of event reports (an `EventReport` is taken as its key)."""
        request = models.BatchGetEventReportsRequest(reports=reports)
        return await self._transport.request(
            operations.build_batch_get_event_reports(request),
            operations.parse_batch_get_event_reports,
        )

    async def create_summary_report(
        self,
        *,
        type: EventType | str,
        dimension_with_conditions: Sequence[SummaryDimensionWithCondition],
    ) -> CreateSummaryReportResponse:
        """Start one summary report per condition; not retried after a read timeout or 5xx."""
        request = models.CreateSummaryReportRequest(
            type=type, dimension_with_conditions=dimension_with_conditions
        )
        return await self._transport.request(
            operations.build_create_summary_report(request),
            operations.parse_create_summary_report,
        )

    async def batch_get_summary_reports(
        self, *, reports: Sequence[SummaryReportKey | SummaryReport]
    ) -> BatchGetSummaryReportsResponse:
        """The current state of summary reports (a `SummaryReport` is taken as its key)."""
        request = models.BatchGetSummaryReportsRequest(reports=reports)
        return await self._transport.request(
            operations.build_batch_get_summary_reports(request),
            operations.parse_batch_get_summary_reports,
        )

    async def wait_for_reports(
        self,
        reports: Sequence[ReportT],
        *,
        timeout: float = DEFAULT_WAIT_TIMEOUT,
        poll_interval: float = DEFAULT_POLL_INTERVAL,
    ) -> list[ReportT]:
        """Poll until every report has SUCCEEDED or FAILED; return them in the order given.

        Event and summary reports may be mixed; only those still running are asked for again.
        Waits start at ``poll_interval`` seconds and grow 1.5 times per poll, up to 30 s. A
        FAILED report is returned like the others, with its ``error_info``.

        Raises:
            WaiterTimeoutError: some were still running after ``timeout`` seconds; their ids
                are in ``pending``.
        """
        schedule = poll_schedule(timeout=timeout, poll_interval=poll_interval)
        plan = WaitPlan(reports)

        async def refresh() -> WaitPlan:
            if (events := plan.event_request()) is not None:
                plan.update(await self.batch_get_event_reports(reports=events.reports))
            if (summaries := plan.summary_request()) is not None:
                plan.update(await self.batch_get_summary_reports(reports=summaries.reports))
            return plan

        await async_polling.poll(refresh, _settle, schedule, timeout_error)
        return cast("list[ReportT]", plan.current)

    async def download_report(
        self, report: EventReport | SummaryReport, destination: Destination
    ) -> int:
        """Stream a SUCCEEDED report's file to a path or a binary file object; return its size.

        The link is fetched with no BlendVision credentials (it is a signed link on another
        host). The file appears under its name only once complete.

        Raises:
            InvalidInputError: the report has no ``uri`` yet, or the destination is unusable.
            ReportLinkExpiredError: the link was refused (403); batch-get the report again.
            TransportError: the download broke off; nothing is left at the destination.
        """
        url = report_url(report)
        return await self._download(url, destination, refused=refused, operation=DOWNLOAD)
