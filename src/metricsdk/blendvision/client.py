"""`BlendVisionClient` and `AsyncBlendVisionClient`: create, batch-get, wait for and download
analytics reports."""

from __future__ import annotations

import asyncio
import os
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import IO, TypeVar

import httpx

from metricsdk._core.auth import BearerAuth
from metricsdk._core.client_base import AsyncClientBase, SyncClientBase
from metricsdk._core.endpoints import check_base_url
from metricsdk._core.pacing_protocol import RateLimiter
from metricsdk._core.retry import RetryPolicy
from metricsdk._core.transport import (
    DEFAULT_TIMEOUT,
    AsyncTransport,
    ServiceConfig,
    SyncTransport,
    normalize_timeout,
)
from metricsdk.blendvision import operations
from metricsdk.blendvision.models import (
    DimensionWithCondition,
    EventReport,
    EventReportKey,
    EventType,
    SummaryDimensionWithCondition,
    SummaryReport,
    SummaryReportKey,
)
from metricsdk.errors import (
    InvalidInputError,
    MissingCredentialsError,
    PermissionDeniedError,
    TransportError,
    WaiterTimeoutError,
)

__all__ = ["AsyncBlendVisionClient", "BlendVisionClient", "ReportLinkExpiredError"]

Report = TypeVar("Report", EventReport, SummaryReport)
Destination = str | os.PathLike[str] | IO[bytes]


class ReportLinkExpiredError(PermissionDeniedError):
    """The report's download link was refused (it expires): batch-get the report again for a
    fresh ``uri`` and download that."""


def _config(
    *,
    api_token: str | None,
    org_id: str | None,
    base_url: str,
    retry: RetryPolicy | None,
    timeout: float | httpx.Timeout,
    rate_limiter: RateLimiter | None,
    allow_insecure_http: bool,
) -> ServiceConfig:
    token = api_token if api_token is not None else os.environ.get("BLENDVISION_API_TOKEN")
    org = org_id if org_id is not None else os.environ.get("BLENDVISION_ORG_ID")
    if not token:
        raise MissingCredentialsError("api_token", ["api_token=", "BLENDVISION_API_TOKEN"])
    if not org:
        raise MissingCredentialsError("org_id", ["org_id=", "BLENDVISION_ORG_ID"])
    if retry is not None and not isinstance(retry, RetryPolicy):
        raise InvalidInputError("retry", "must be a RetryPolicy")
    return ServiceConfig(
        service=operations.SERVICE,
        base_url=check_base_url("base_url", base_url, allow_insecure_http=allow_insecure_http),
        auth=BearerAuth(token, {"x-bv-org-id": org}),
        map_error=operations.map_error,
        retry=retry or RetryPolicy(),
        timeout=normalize_timeout(timeout),
        rate_limiter=rate_limiter,
    )


def _check_wait(timeout: float, poll_interval: float) -> None:
    for field, value in (("timeout", timeout), ("poll_interval", poll_interval)):
        if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
            raise InvalidInputError(field, "must be a positive number of seconds")


def _split(
    reports: Sequence[EventReport | SummaryReport],
) -> tuple[list[EventReportKey], list[SummaryReportKey]]:
    if isinstance(reports, (str, bytes)) or not isinstance(reports, Sequence) or not reports:
        raise InvalidInputError("reports", "must be a non-empty list of reports")
    events: list[EventReportKey] = []
    summaries: list[SummaryReportKey] = []
    for report in reports:
        if isinstance(report, EventReport):
            events.append(report.key())
        elif isinstance(report, SummaryReport):
            summaries.append(report.key())
        else:
            raise InvalidInputError("reports", "must hold EventReport or SummaryReport items")
    return events, summaries


def _in_order(asked: Sequence[Report], answered: Sequence[Report]) -> list[Report]:
    by_id = {report.id: report for report in answered}
    return [by_id.get(report.id, report) for report in asked]


def _next_poll(delay: float, deadline: float) -> float | None:
    remaining = deadline - time.monotonic()
    return None if remaining <= 0 else min(delay, remaining)


def _waiting_error(reports: Sequence[Report], timeout: float) -> WaiterTimeoutError:
    pending = [report.id for report in reports if not report.done]
    return WaiterTimeoutError(
        f"{len(pending)} report(s) still running after {timeout:g} s", pending=pending
    )


def _download_url(report: EventReport | SummaryReport) -> str:
    if not isinstance(report, (EventReport, SummaryReport)):
        raise InvalidInputError("report", "must be an EventReport or SummaryReport")
    if not report.uri:
        raise InvalidInputError("report", f"has no uri yet (status {report.status})")
    return report.uri


def _refused(response: httpx.Response, url: str) -> Exception:
    host = httpx.URL(url).host
    if response.status_code == 403:
        return ReportLinkExpiredError(
            f"the download link on {host} was refused (403), most likely expired: batch-get "
            "the report again for a fresh uri",
            status_code=403,
            service=operations.SERVICE,
        )
    return operations.map_error(response.status_code, response.headers, b"")


class _PartFile:
    """Where a download is written: a temporary file beside the destination, renamed into
    place only when complete; or, for a file object, a spooled buffer copied in at the end."""

    def __init__(self, destination: Destination) -> None:
        self._target = destination
        if isinstance(destination, (str, os.PathLike)):
            folder = Path(destination).resolve().parent
            handle, name = tempfile.mkstemp(dir=folder, prefix=".metricsdk-", suffix=".part")
            self._part_name: str | None = name
            self.file: IO[bytes] = os.fdopen(handle, "wb")
        else:
            self._part_name = None
            self.file = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115

    def commit(self) -> None:
        if self._part_name is not None:
            self.file.close()
            os.replace(self._part_name, os.fspath(self._target))  # type: ignore[arg-type]
            return
        self.file.seek(0)
        target = self._target
        assert not isinstance(target, (str, os.PathLike))  # for mypy: the path case returned
        while chunk := self.file.read(1024 * 1024):
            target.write(chunk)
        self.file.close()

    def discard(self) -> None:
        self.file.close()
        if self._part_name is not None:
            Path(self._part_name).unlink(missing_ok=True)


class BlendVisionClient(SyncClientBase):
    """Synchronous client for BlendVision One analytics reports.

    Args:
        api_token: the API token; else ``BLENDVISION_API_TOKEN``.
        org_id: the organisation id sent as ``x-bv-org-id``; else ``BLENDVISION_ORG_ID``.
        base_url: the API's origin.
        http_client: an ``httpx.Client`` you own; the SDK uses it as is and never closes it.
        retry: the retry policy; ``RetryPolicy(max_attempts=1)`` turns retries off.
        timeout: seconds, or an ``httpx.Timeout``; default 5 s to connect, 30 s to read.
        rate_limiter: a pacer every attempt passes through (none by default: no analytics rate
            is published, and 429 answers are retried after ``Retry-After``).
        allow_insecure_http: permit a plain ``http://`` base URL on a non-loopback host.
    """

    def __init__(
        self,
        *,
        api_token: str | None = None,
        org_id: str | None = None,
        base_url: str = operations.DEFAULT_BASE_URL,
        http_client: httpx.Client | None = None,
        retry: RetryPolicy | None = None,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        rate_limiter: RateLimiter | None = None,
        allow_insecure_http: bool = False,
    ) -> None:
        config = _config(
            api_token=api_token,
            org_id=org_id,
            base_url=base_url,
            retry=retry,
            timeout=timeout,
            rate_limiter=rate_limiter,
            allow_insecure_http=allow_insecure_http,
        )
        self._transport = SyncTransport(config, http_client)

    def __repr__(self) -> str:
        return f"BlendVisionClient(base_url={self._transport.config.base_url!r})"

    def create_event_report(
        self,
        *,
        event_id: str,
        type: EventType | str,
        dimension_with_conditions: Sequence[DimensionWithCondition],
    ) -> list[EventReport]:
        """Start one event report per condition. Not retried after a read timeout or a 5xx,
        since the reports may have been created."""
        spec = operations.build_create_event_report(event_id, type, dimension_with_conditions)
        return self._transport.request(
            spec, lambda body: operations.parse_event_reports(spec.operation, body)
        )

    def batch_get_event_reports(self, *, reports: Sequence[EventReportKey]) -> list[EventReport]:
        """The current state of event reports (``:batch-get``)."""
        spec = operations.build_batch_get_event_reports(reports)
        return self._transport.request(
            spec, lambda body: operations.parse_event_reports(spec.operation, body)
        )

    def create_summary_report(
        self,
        *,
        type: EventType | str,
        dimension_with_conditions: Sequence[SummaryDimensionWithCondition],
    ) -> list[SummaryReport]:
        """Start one summary report per condition; not retried after a read timeout or 5xx."""
        spec = operations.build_create_summary_report(type, dimension_with_conditions)
        return self._transport.request(
            spec, lambda body: operations.parse_summary_reports(spec.operation, body)
        )

    def batch_get_summary_reports(
        self, *, reports: Sequence[SummaryReportKey]
    ) -> list[SummaryReport]:
        """The current state of summary reports (``:batch-get``)."""
        spec = operations.build_batch_get_summary_reports(reports)
        return self._transport.request(
            spec, lambda body: operations.parse_summary_reports(spec.operation, body)
        )

    def wait_for_reports(
        self, reports: Sequence[Report], *, timeout: float = 600.0, poll_interval: float = 2.0
    ) -> list[Report]:
        """Poll until every report has SUCCEEDED or FAILED; return them in the order given.

        Waits start at ``poll_interval`` and grow 1.5 times per poll, up to 30 s. A FAILED
        report is returned like the others, with its ``error_info``.

        Raises:
            WaiterTimeoutError: some were still running after ``timeout`` seconds.
        """
        _check_wait(timeout, poll_interval)
        events, summaries = _split(reports)
        deadline, delay, current = time.monotonic() + timeout, poll_interval, list(reports)
        while True:
            answered: list[EventReport | SummaryReport] = []
            if events:
                answered += self.batch_get_event_reports(reports=events)
            if summaries:
                answered += self.batch_get_summary_reports(reports=summaries)
            current = _in_order(current, answered)  # type: ignore[arg-type]
            if all(report.done for report in current):
                return current
            sleep = _next_poll(delay, deadline)
            if sleep is None:
                raise _waiting_error(current, timeout)
            time.sleep(sleep)
            delay = min(delay * 1.5, 30.0)

    def download_report(self, report: EventReport | SummaryReport, destination: Destination) -> int:
        """Stream a SUCCEEDED report's file to a path or a binary file object; return its size.

        The link is fetched with no BlendVision credentials (it is a signed link on another
        host). The file appears under its name only once complete.

        Raises:
            ReportLinkExpiredError: the link was refused; batch-get the report again.
            TransportError: the download broke off; nothing is left at the destination.
        """
        url = _download_url(report)
        part = _PartFile(destination)
        try:
            size = 0
            with self._transport.raw_client.stream(
                "GET", url, timeout=self._transport.config.timeout
            ) as response:
                if response.status_code != 200:
                    raise _refused(response, url)
                for chunk in response.iter_bytes():
                    part.file.write(chunk)
                    size += len(chunk)
        except httpx.HTTPError as exc:
            part.discard()
            raise TransportError(
                f"the report download broke off: {type(exc).__name__}",
                service=operations.SERVICE,
                operation="DownloadReport",
            ) from exc
        except BaseException:
            part.discard()
            raise
        part.commit()
        return size


class AsyncBlendVisionClient(AsyncClientBase):
    """Asynchronous client for BlendVision One analytics reports: the arguments of
    `BlendVisionClient` (``http_client`` is an ``httpx.AsyncClient``); every method is a
    coroutine."""

    def __init__(
        self,
        *,
        api_token: str | None = None,
        org_id: str | None = None,
        base_url: str = operations.DEFAULT_BASE_URL,
        http_client: httpx.AsyncClient | None = None,
        retry: RetryPolicy | None = None,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        rate_limiter: RateLimiter | None = None,
        allow_insecure_http: bool = False,
    ) -> None:
        config = _config(
            api_token=api_token,
            org_id=org_id,
            base_url=base_url,
            retry=retry,
            timeout=timeout,
            rate_limiter=rate_limiter,
            allow_insecure_http=allow_insecure_http,
        )
        self._transport = AsyncTransport(config, http_client)

    def __repr__(self) -> str:
        return f"AsyncBlendVisionClient(base_url={self._transport.config.base_url!r})"

    async def create_event_report(
        self,
        *,
        event_id: str,
        type: EventType | str,
        dimension_with_conditions: Sequence[DimensionWithCondition],
    ) -> list[EventReport]:
        """Start one event report per condition; see `BlendVisionClient.create_event_report`."""
        spec = operations.build_create_event_report(event_id, type, dimension_with_conditions)
        return await self._transport.request(
            spec, lambda body: operations.parse_event_reports(spec.operation, body)
        )

    async def batch_get_event_reports(
        self, *, reports: Sequence[EventReportKey]
    ) -> list[EventReport]:
        """The current state of event reports (``:batch-get``)."""
        spec = operations.build_batch_get_event_reports(reports)
        return await self._transport.request(
            spec, lambda body: operations.parse_event_reports(spec.operation, body)
        )

    async def create_summary_report(
        self,
        *,
        type: EventType | str,
        dimension_with_conditions: Sequence[SummaryDimensionWithCondition],
    ) -> list[SummaryReport]:
        """Start one summary report per condition; not retried after a read timeout or 5xx."""
        spec = operations.build_create_summary_report(type, dimension_with_conditions)
        return await self._transport.request(
            spec, lambda body: operations.parse_summary_reports(spec.operation, body)
        )

    async def batch_get_summary_reports(
        self, *, reports: Sequence[SummaryReportKey]
    ) -> list[SummaryReport]:
        """The current state of summary reports (``:batch-get``)."""
        spec = operations.build_batch_get_summary_reports(reports)
        return await self._transport.request(
            spec, lambda body: operations.parse_summary_reports(spec.operation, body)
        )

    async def wait_for_reports(
        self, reports: Sequence[Report], *, timeout: float = 600.0, poll_interval: float = 2.0
    ) -> list[Report]:
        """Poll until every report has finished; see `BlendVisionClient.wait_for_reports`."""
        _check_wait(timeout, poll_interval)
        events, summaries = _split(reports)
        deadline, delay, current = time.monotonic() + timeout, poll_interval, list(reports)
        while True:
            answered: list[EventReport | SummaryReport] = []
            if events:
                answered += await self.batch_get_event_reports(reports=events)
            if summaries:
                answered += await self.batch_get_summary_reports(reports=summaries)
            current = _in_order(current, answered)  # type: ignore[arg-type]
            if all(report.done for report in current):
                return current
            sleep = _next_poll(delay, deadline)
            if sleep is None:
                raise _waiting_error(current, timeout)
            await asyncio.sleep(sleep)
            delay = min(delay * 1.5, 30.0)

    async def download_report(
        self, report: EventReport | SummaryReport, destination: Destination
    ) -> int:
        """Stream a report's file; see `BlendVisionClient.download_report`. Chunks are
        written to local disk synchronously: small, fast writes not worth a thread each."""
        url = _download_url(report)
        part = _PartFile(destination)
        try:
            size = 0
            async with self._transport.raw_client.stream(
                "GET", url, timeout=self._transport.config.timeout
            ) as response:
                if response.status_code != 200:
                    raise _refused(response, url)
                async for chunk in response.aiter_bytes():
                    part.file.write(chunk)
                    size += len(chunk)
        except httpx.HTTPError as exc:
            part.discard()
            raise TransportError(
                f"the report download broke off: {type(exc).__name__}",
                service=operations.SERVICE,
                operation="DownloadReport",
            ) from exc
        except BaseException:
            part.discard()
            raise
        part.commit()
        return size
