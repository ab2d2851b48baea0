"""SES v2 export jobs, sync and async, against the emulator over real sockets: whole life
cycles, the waiter, the download from the second origin, the paginator, failures and pacing;
and the export's file agrees with BatchGetMetricData for the same query."""

from __future__ import annotations

import asyncio
import csv
import io
import json
from collections.abc import Iterator
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from metricsdk import RetryPolicy
from metricsdk.errors import InvalidInputError, TransportError, WaiterTimeoutError
from metricsdk.sesv2 import (
    AsyncSESv2Client,
    BadRequestException,
    BatchGetMetricDataQuery,
    ExportJobFailedError,
    ExportLinkExpiredError,
    ExportMetric,
    ExportSourceType,
    JobStatus,
    LimitExceededException,
    MessageInsightsDataSource,
    MessageInsightsFilters,
    MetricsDataSource,
    NotFoundException,
    SESv2Client,
)
from metricsdk.testing import Emulator, Fault
from metricsdk.testing._emulator.sesv2_data import metric_rate, metric_value

START, END = date(2026, 1, 1), date(2026, 1, 4)
DAYS = [int(datetime(2026, 1, d, tzinfo=timezone.utc).timestamp()) for d in (1, 2, 3)]
SOURCE = MetricsDataSource(
    dimensions={"EMAIL_IDENTITY": ["example.com", "billing@example.com"], "ISP": "Gmail"},
    metrics=[
        ExportMetric(name="DELIVERY", aggregation="VOLUME"),
        ExportMetric(name="OPEN", aggregation="RATE"),
    ],
    start_date=START,
    end_date=END,
)
QUICK = {"poll_interval": 0.02, "timeout": 30.0}


class Session:
    """Runs client calls through one sync or async client against an emulator."""

    def __init__(self, mode: str, emulator: Emulator, **client: Any) -> None:
        self.mode, self.emulator = mode, emulator
        self.client: dict[str, Any] = {
            "region": "eu-west-1",
            "credentials": emulator.aws_credentials,
            "endpoint_url": emulator.url,
            **client,
        }

    def __call__(self, *calls: tuple[str, dict[str, Any]]) -> list[Any]:
        """The results of ``calls`` (method, arguments) made in order on one client; an
        exception a call raises is its result."""
        if self.mode == "sync":
            with SESv2Client(**self.client) as ses:
                return [self._sync(ses, method, kwargs) for method, kwargs in calls]

        async def go() -> list[Any]:
            async with AsyncSESv2Client(**self.client) as ses:
                return [await self._async(ses, method, kwargs) for method, kwargs in calls]

        return asyncio.run(go())

    @staticmethod
    def _sync(ses: SESv2Client, method: str, kwargs: dict[str, Any]) -> Any:
        try:
            result = getattr(ses, method)(**kwargs)
            return list(result) if method.startswith("iter_") else result
        except Exception as exc:
            return exc

    @staticmethod
    async def _async(ses: AsyncSESv2Client, method: str, kwargs: dict[str, Any]) -> Any:
        try:
            if method.startswith("iter_"):
                return [item async for item in getattr(ses, method)(**kwargs)]
            return await getattr(ses, method)(**kwargs)
        except Exception as exc:
            return exc

    def one(self, method: str, **kwargs: Any) -> Any:
        (result,) = self(*[(method, kwargs)])
        if isinstance(result, Exception):
            raise result
        return result


MODES = pytest.mark.parametrize("mode", ["sync", "async"])


@pytest.fixture
def emulator() -> Iterator[Emulator]:
    # No CreateExportJob limit on the server: most tests here switch the client's pacer off
    # and create several jobs in a row; the pacing test turns it back on.
    with Emulator(export_job_seconds=0.2, ses_export_jobs_per_second=None) as emu:
        yield emu


def unpaced(mode: str, emulator: Emulator, **client: Any) -> Session:
    return Session(mode, emulator, rate_limiter=None, **client)


@MODES
def test_a_metrics_export_from_start_to_file(mode: str, emulator: Emulator, tmp_path: Path) -> None:
    session = unpaced(mode, emulator)
    created = session.one("create_export_job", export_data_source=SOURCE, export_destination="CSV")
    assert created.job_id
    first, done, size = session(
        ("get_export_job", {"job_id": created.job_id}),
        ("wait_for_export_job", {"job_id": created.job_id, **QUICK}),
        ("download_export_job", {"job_id": created.job_id, "destination": tmp_path / "x.csv"}),
    )
    assert first.job_status in (JobStatus.CREATED, JobStatus.PROCESSING)
    assert first.export_destination.s3_url is None
    assert done.job_status is JobStatus.COMPLETED
    assert done.export_source_type is ExportSourceType.METRICS_DATA
    assert done.export_data_source.metrics_data_source == SOURCE  # echoed back as sent
    assert done.statistics.exported_records_count == 2 * 2 * 3
    assert done.completed_timestamp >= done.created_timestamp
    link = done.export_destination.s3_url
    assert link.startswith(emulator.download_url) and "X-Amz-Signature=" in link
    rows = list(csv.DictReader(io.StringIO((tmp_path / "x.csv").read_text())))
    assert size == (tmp_path / "x.csv").stat().st_size and len(rows) == 12
    assert list(rows[0]) == ["timestamp", "EMAIL_IDENTITY", "ISP", "metric", "aggregation", "value"]
    # The download went to the second origin with a clean request.
    (download,) = emulator.download_requests
    assert (download.operation, download.status) == ("GetExportFile", 200)
    assert not [h for h in download.headers if h == "authorization" or h.startswith("x-amz")]


@MODES
def test_the_export_agrees_with_batch_get_metric_data(mode: str, emulator: Emulator) -> None:
    session = unpaced(mode, emulator)
    job_id = session.one(
        "create_export_job", export_data_source=SOURCE, export_destination="JSON"
    ).job_id
    session.one("wait_for_export_job", job_id=job_id, **QUICK)
    sink = io.BytesIO()
    session.one("download_export_job", job_id=job_id, destination=sink)
    records = json.loads(sink.getvalue())
    queries = [
        BatchGetMetricDataQuery(
            id=f"q{n}",
            metric="DELIVERY",
            start_date=START,
            end_date=END,
            dimensions={"EMAIL_IDENTITY": identity, "ISP": "Gmail"},
        )
        for n, identity in enumerate(["example.com", "billing@example.com"])
    ]
    answer = session.one("get_metric_data", queries=queries)
    for query, result in zip(queries, answer.results):
        identity = query.dimensions["EMAIL_IDENTITY"]  # type: ignore[index]
        exported = [
            r["value"]
            for r in records
            if r["metric"] == "DELIVERY" and r["dimensions"]["EMAIL_IDENTITY"] == identity
        ]
        assert exported == result.values
    rates = [r for r in records if r["aggregation"] == "RATE"]
    dims = {"EMAIL_IDENTITY": "example.com", "ISP": "Gmail"}
    assert [r["value"] for r in rates if r["dimensions"] == dims] == [
        metric_rate("OPEN", dims, day) for day in DAYS
    ]
    assert metric_rate("OPEN", dims, DAYS[0]) == round(
        metric_value("OPEN", dims, DAYS[0]) / metric_value("SEND", dims, DAYS[0]), 6
    )


@MODES
def test_a_message_insights_export(mode: str, emulator: Emulator) -> None:
    session = unpaced(mode, emulator)
    source = MessageInsightsDataSource(
        start_date=datetime(2026, 1, 1),
        end_date=datetime(2026, 1, 31, 23, 59),
        include=MessageInsightsFilters(
            isp=["Gmail", "Yahoo"], from_email_address=["*@example.com"]
        ),
        exclude=MessageInsightsFilters(last_delivery_event=["COMPLAINT"]),
        max_results=12,
    )
    job_id = session.one(
        "create_export_job", export_data_source=source, export_destination="JSON"
    ).job_id
    done = session.one("wait_for_export_job", job_id=job_id, **QUICK)
    assert done.export_source_type is ExportSourceType.MESSAGE_INSIGHTS
    sink = io.BytesIO()
    session.one("download_export_job", job_id=job_id, destination=sink)
    messages = json.loads(sink.getvalue())
    assert len(messages) == done.statistics.exported_records_count == 12
    assert {m["isp"] for m in messages} <= {"Gmail", "Yahoo"}
    assert all(m["from_email_address"].endswith("@example.com") for m in messages)
    assert "COMPLAINT" not in {m["last_delivery_event"] for m in messages}
    assert all("2026-01-01" <= m["send_timestamp"] < "2026-02-01" for m in messages)


@MODES
def test_a_failing_export_fails_the_waiter(mode: str) -> None:
    with Emulator(export_job_seconds=0.1, failing_export_values=["broken.example"]) as emulator:
        session = Session(mode, emulator)
        source = MetricsDataSource(
            dimensions={"EMAIL_IDENTITY": ["example.com", "broken.example"]},
            metrics=[ExportMetric(name="SEND")],
            start_date=START,
            end_date=END,
        )
        job_id = session.one(
            "create_export_job", export_data_source=source, export_destination="CSV"
        ).job_id
        with pytest.raises(ExportJobFailedError) as caught:
            session.one("wait_for_export_job", job_id=job_id, **QUICK)
        assert caught.value.job_status is JobStatus.FAILED
        assert "could not read" in (caught.value.error_message or "")
        with pytest.raises(InvalidInputError, match="FAILED, not COMPLETED"):
            session.one("download_export_job", job_id=job_id, destination=io.BytesIO())


@MODES
def test_cancel_the_waiter_and_a_second_cancel(mode: str) -> None:
    with Emulator(export_job_seconds=60.0) as emulator:
        session = Session(mode, emulator)
        job_id = session.one(
            "create_export_job", export_data_source=SOURCE, export_destination="CSV"
        ).job_id
        with pytest.raises(WaiterTimeoutError) as timed_out:
            session.one("wait_for_export_job", job_id=job_id, timeout=0.1, poll_interval=0.02)
        assert timed_out.value.pending == (job_id,)
        first, second, waited = session(
            ("cancel_export_job", {"job_id": job_id}),
            ("cancel_export_job", {"job_id": job_id}),  # safe to repeat
            ("wait_for_export_job", {"job_id": job_id, **QUICK}),
        )
        assert first == second
        assert isinstance(waited, ExportJobFailedError)
        assert waited.job_status is JobStatus.CANCELLED


@MODES
def test_jobs_that_do_not_exist_or_are_finished(mode: str, emulator: Emulator) -> None:
    session = unpaced(mode, emulator)
    missing, cancelled_missing = session(
        ("get_export_job", {"job_id": "no-such-job"}),
        ("cancel_export_job", {"job_id": "no such/job"}),
    )
    assert isinstance(missing, NotFoundException) and missing.status_code == 404
    assert isinstance(cancelled_missing, NotFoundException)
    job_id = session.one(
        "create_export_job", export_data_source=SOURCE, export_destination="CSV"
    ).job_id
    session.one("wait_for_export_job", job_id=job_id, **QUICK)
    with pytest.raises(BadRequestException, match="already COMPLETED"):
        session.one("cancel_export_job", job_id=job_id)


@MODES
def test_the_paginator_lists_and_filters_every_job(mode: str) -> None:
    with Emulator(export_job_seconds=60.0, ses_export_jobs_per_second=None) as emulator:
        check_paginator(unpaced(mode, emulator), emulator)


def check_paginator(session: Session, emulator: Emulator) -> None:
    insights = MessageInsightsDataSource(start_date=START, end_date=END)
    created = session(
        *[
            ("create_export_job", {"export_data_source": s, "export_destination": "CSV"})
            for s in (SOURCE, insights, SOURCE, insights, SOURCE)
        ]
    )
    ids = [c.job_id for c in created]
    session.one("cancel_export_job", job_id=ids[0])
    everything, metrics, cancelled, page = session(
        ("iter_export_jobs", {"page_size": 2}),
        ("iter_export_jobs", {"page_size": 1, "export_source_type": "METRICS_DATA"}),
        ("iter_export_jobs", {"job_status": JobStatus.CANCELLED}),
        ("list_export_jobs", {"page_size": 3}),
    )
    assert [j.job_id for j in everything] == ids[::-1]  # newest first
    assert [j.job_id for j in metrics] == [ids[4], ids[2], ids[0]]
    assert [j.job_id for j in cancelled] == [ids[0]]
    assert len(page.export_jobs) == 3 and page.next_token
    listing_calls = [r for r in emulator.requests if r.operation == "ListExportJobs"]
    assert len(listing_calls) == 3 + 3 + 1 + 1  # pages of 2, of 1 (three jobs), one, one


@MODES
def test_downloads_refused_expired_or_broken(mode: str, tmp_path: Path) -> None:
    with Emulator(export_job_seconds=0.05, download_link_ttl=0) as emulator:
        session = Session(mode, emulator)
        job_id = session.one(
            "create_export_job", export_data_source=SOURCE, export_destination="CSV"
        ).job_id
        session.one("wait_for_export_job", job_id=job_id, **QUICK)
        with pytest.raises(ExportLinkExpiredError):
            session.one("download_export_job", job_id=job_id, destination=tmp_path / "a.csv")
        assert list(tmp_path.iterdir()) == []
    with Emulator(export_job_seconds=0.05) as emulator:
        session = Session(mode, emulator)
        job_id = session.one(
            "create_export_job", export_data_source=SOURCE, export_destination="CSV"
        ).job_id
        session.one("wait_for_export_job", job_id=job_id, **QUICK)
        emulator.inject(Fault.RESET_MID_BODY, service="download", operation="GetExportFile")
        with pytest.raises(TransportError):
            session.one("download_export_job", job_id=job_id, destination=tmp_path / "b.csv")
        assert list(tmp_path.iterdir()) == []
        size = session.one("download_export_job", job_id=job_id, destination=tmp_path / "b.csv")
        assert size == (tmp_path / "b.csv").stat().st_size > 0


@MODES
def test_too_many_running_jobs_is_a_limit_not_retried(mode: str) -> None:
    with Emulator(export_job_seconds=60.0, ses_max_running_export_jobs=1) as emulator:
        session = Session(mode, emulator, retry=RetryPolicy(initial_backoff=0.0))
        create = {"export_data_source": SOURCE, "export_destination": "CSV"}
        first, second = session(("create_export_job", create), ("create_export_job", create))
        assert first.job_id
        assert isinstance(second, LimitExceededException) and second.status_code == 400
        creates = [r for r in emulator.requests if r.operation == "CreateExportJob"]
        assert [r.status for r in creates] == [200, 400]


@MODES
@pytest.mark.serial
@pytest.mark.usefixtures("prompt_server_threads")
def test_creates_are_paced_at_the_published_rate(mode: str) -> None:
    # The server allows one CreateExportJob per sliding second, as the service does; the
    # client's own pacer keeps to it, so nothing is throttled, and the other operations in
    # between wait for nothing. (The connection is opened first by GetAccount, so the server
    # stamps each create as it reads it.)
    with Emulator(export_job_seconds=0.05) as emulator:
        session = Session(mode, emulator, retry=RetryPolicy(max_attempts=1))
        create = {"export_data_source": SOURCE, "export_destination": "JSON"}
        results = session(
            ("get_account", {}),
            ("create_export_job", create),
            ("list_export_jobs", {}),
            ("create_export_job", create),
            ("create_export_job", create),
        )
        assert not [r for r in results if isinstance(r, Exception)]
        assert [r.status for r in emulator.requests] == [200] * 5
        emulator.inject(Fault.THROTTLE, service="sesv2", operation="CreateExportJob")
        # A throttled create is retried: the service did not act on it.
        retried = Session(mode, emulator, retry=RetryPolicy(initial_backoff=0.0))
        assert retried.one("create_export_job", **create).job_id
        assert [r.status for r in emulator.requests][-2:] == [429, 200]
