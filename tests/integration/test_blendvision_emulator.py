"""BlendVisionClient and AsyncBlendVisionClient against the emulator over real sockets."""

from __future__ import annotations

import asyncio
import io
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from metricsdk import RetryPolicy
from metricsdk.blendvision import (
    AsyncBlendVisionClient,
    BlendVisionClient,
    DimensionWithCondition,
    EventReportStatus,
    EventType,
    GroupByField,
    Interval,
    ReportDimension,
    ReportFilter,
    ReportLinkExpiredError,
    SummaryDimensionWithCondition,
)
from metricsdk.errors import AuthenticationError, TransportError
from metricsdk.testing import Emulator, Fault

WATCH = DimensionWithCondition(
    dimension=ReportDimension.WATCH_TIME,
    group_by_fields=[GroupByField.DEVICE_OS, "GROUP_BY_FIELD_GEO_REGION"],
    filter=ReportFilter(
        start_time=datetime(2026, 5, 1, tzinfo=timezone.utc),
        end_time=datetime(2026, 5, 2, tzinfo=timezone.utc),
    ),
)
CHAT = DimensionWithCondition(dimension="REPORT_DIMENSION_CHAT_HISTORIES")
SUMMARY = SummaryDimensionWithCondition(
    interval=Interval(start_time=datetime(2026, 5, 1), end_time=datetime(2026, 5, 8))
)


def settings(emulator: Emulator, **extra: Any) -> dict[str, Any]:
    return {
        "api_token": emulator.blendvision_api_token,
        "org_id": emulator.blendvision_org_id,
        "base_url": emulator.url,
        **extra,
    }


def lifecycle(kind: str, emulator: Emulator, destination: Any, event_id: str = "ev-1") -> list[Any]:
    """create event + summary reports -> wait -> download the first; return the final reports."""

    def sync() -> list[Any]:
        with BlendVisionClient(**settings(emulator)) as bv:
            created = bv.create_event_report(
                event_id=event_id, type=EventType.LIVE, dimension_with_conditions=[WATCH, CHAT]
            )
            created += bv.create_summary_report(
                type="EVENT_TYPE_VOD", dimension_with_conditions=[SUMMARY]
            )
            done = bv.wait_for_reports(created, timeout=10, poll_interval=0.05)
            if done[0].status == EventReportStatus.SUCCEEDED:
                bv.download_report(done[0], destination)
            return done

    async def run_async() -> list[Any]:
        async with AsyncBlendVisionClient(**settings(emulator)) as bv:
            created = await bv.create_event_report(
                event_id=event_id, type=EventType.LIVE, dimension_with_conditions=[WATCH, CHAT]
            )
            created += await bv.create_summary_report(
                type="EVENT_TYPE_VOD", dimension_with_conditions=[SUMMARY]
            )
            done = await bv.wait_for_reports(created, timeout=10, poll_interval=0.05)
            if done[0].status == EventReportStatus.SUCCEEDED:
                await bv.download_report(done[0], destination)
            return done

    return sync() if kind == "sync" else asyncio.run(run_async())


@pytest.fixture(params=["sync", "async"])
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def test_create_wait_download(kind: str, emulator: Emulator, tmp_path: Path) -> None:
    target = tmp_path / "watch.csv"
    done = lifecycle(kind, emulator, target)
    assert [r.status for r in done] == [EventReportStatus.SUCCEEDED] * 3
    assert done[0].dimension_with_condition == WATCH
    assert done[2].dimension_with_condition == SUMMARY
    assert b"," in target.read_bytes()
    downloads = emulator.download_requests
    assert len(downloads) == 1
    sent = {name.lower() for name in downloads[0].headers}
    assert "authorization" not in sent and "x-bv-org-id" not in sent
    assert list(tmp_path.iterdir()) == [target]  # no part file left behind


def test_download_to_a_file_object(kind: str, emulator: Emulator) -> None:
    buffer = io.BytesIO()
    lifecycle(kind, emulator, buffer)
    assert len(buffer.getvalue()) > 0


def test_a_failed_report_carries_its_error_info(kind: str, tmp_path: Path) -> None:
    with Emulator(failing_event_ids=["ev-bad"], report_seconds=0.1) as emulator:
        done = lifecycle(kind, emulator, tmp_path / "never.csv", event_id="ev-bad")
    assert done[0].status == EventReportStatus.FAILED
    assert done[0].error_info is not None and done[0].error_info.reason == "NO_DATA"
    assert done[0].uri is None
    assert not (tmp_path / "never.csv").exists()


def test_an_interrupted_download_leaves_no_file(
    kind: str, emulator: Emulator, tmp_path: Path
) -> None:
    emulator.inject(Fault.RESET_MID_BODY, service="download")
    target = tmp_path / "broken.csv"
    with pytest.raises(TransportError, match="broke off"):
        lifecycle(kind, emulator, target)
    assert list(tmp_path.iterdir()) == []


def test_an_expired_link_says_so(tmp_path: Path) -> None:
    with Emulator(download_link_ttl=-1, report_seconds=0.0) as emulator:
        with BlendVisionClient(**settings(emulator)) as bv:
            created = bv.create_event_report(
                event_id="ev-2", type="EVENT_TYPE_VOD", dimension_with_conditions=[CHAT]
            )
            (done,) = bv.wait_for_reports(created, timeout=10, poll_interval=0.05)
            with pytest.raises(ReportLinkExpiredError, match="batch-get the report again"):
                bv.download_report(done, tmp_path / "x.csv")
    assert list(tmp_path.iterdir()) == []


def test_a_wrong_token_is_refused(emulator: Emulator) -> None:
    with BlendVisionClient(**settings(emulator, api_token="nope")) as bv:
        with pytest.raises(AuthenticationError) as caught:
            bv.create_event_report(
                event_id="e", type="EVENT_TYPE_LIVE", dimension_with_conditions=[CHAT]
            )
    assert "nope" not in str(caught.value)


def test_throttling_is_retried_to_success(emulator: Emulator) -> None:
    emulator.inject(Fault.THROTTLE, service="blendvision", times=2, retry_after=0.05)
    with BlendVisionClient(**settings(emulator, retry=RetryPolicy(initial_backoff=0.01))) as bv:
        created = bv.create_event_report(
            event_id="e", type="EVENT_TYPE_LIVE", dimension_with_conditions=[CHAT]
        )
    assert len(created) == 1
    assert [r.status for r in emulator.requests] == [429, 429, 200]
