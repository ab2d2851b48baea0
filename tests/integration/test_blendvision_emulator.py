"""BlendVisionClient and AsyncBlendVisionClient against the emulator over real sockets."""

from __future__ import annotations

import asyncio
import io
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import httpx
import pytest

from metricsdk import RetryPolicy
from metricsdk.blendvision import (
    AsyncBlendVisionClient,
    BlendVisionClient,
    DimensionWithCondition,
    EventReportKey,
    EventReportStatus,
    EventType,
    GroupByField,
    Interval,
    ReportDimension,
    ReportFilter,
    ReportLinkExpiredError,
    SummaryDimensionWithCondition,
)
from metricsdk.errors import (
    AuthenticationError,
    NotFoundError,
    TransportError,
    WaiterTimeoutError,
)
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
            events = bv.create_event_report(
                event_id=event_id, type=EventType.LIVE, dimension_with_conditions=[WATCH, CHAT]
            )
            summaries = bv.create_summary_report(
                type="EVENT_TYPE_VOD", dimension_with_conditions=[SUMMARY]
            )
            created = [*events, *summaries]
            done = bv.wait_for_reports(created, timeout=10, poll_interval=0.05)
            if done[0].status == EventReportStatus.SUCCEEDED:
                bv.download_report(done[0], destination)
            return done

    async def run_async() -> list[Any]:
        async with AsyncBlendVisionClient(**settings(emulator)) as bv:
            events = await bv.create_event_report(
                event_id=event_id, type=EventType.LIVE, dimension_with_conditions=[WATCH, CHAT]
            )
            summaries = await bv.create_summary_report(
                type="EVENT_TYPE_VOD", dimension_with_conditions=[SUMMARY]
            )
            created = [*events, *summaries]
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
    assert target.read_bytes().startswith(b"timestamp,customer_id,watch_seconds\n")
    assert done[0].uri is not None and done[0].uri.startswith(emulator.download_url + "/")
    assert httpx.URL(emulator.download_url).netloc != httpx.URL(emulator.url).netloc
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


def test_throttling_is_retried_to_success_async(emulator: Emulator) -> None:
    emulator.inject(Fault.THROTTLE, service="blendvision", times=2, retry_after=0.05)

    async def run() -> int:
        retry = RetryPolicy(initial_backoff=0.01)
        async with AsyncBlendVisionClient(**settings(emulator, retry=retry)) as bv:
            created = await bv.create_summary_report(
                type=EventType.AOD, dimension_with_conditions=[SUMMARY]
            )
        return len(created)

    assert asyncio.run(run()) == 1
    assert [r.status for r in emulator.requests] == [429, 429, 200]


def test_batch_get_reads_reports_again(kind: str, emulator: Emulator) -> None:
    async def run_async() -> tuple[Any, Any, Any]:
        async with AsyncBlendVisionClient(**settings(emulator)) as bv:
            made = await bv.create_event_report(
                event_id="ev-3", type="EVENT_TYPE_LIVE", dimension_with_conditions=[WATCH, CHAT]
            )
            summary = await bv.create_summary_report(
                type="EVENT_TYPE_LIVE", dimension_with_conditions=[SUMMARY]
            )
            await asyncio.sleep(0.3)
            again = await bv.batch_get_event_reports(reports=[made[1].key(), made[0]])
            summaries = await bv.batch_get_summary_reports(reports=list(summary))
            return made, again, summaries

    def run_sync() -> tuple[Any, Any, Any]:
        with BlendVisionClient(**settings(emulator)) as bv:
            made = bv.create_event_report(
                event_id="ev-3", type="EVENT_TYPE_LIVE", dimension_with_conditions=[WATCH, CHAT]
            )
            summary = bv.create_summary_report(
                type="EVENT_TYPE_LIVE", dimension_with_conditions=[SUMMARY]
            )
            time.sleep(0.3)
            again = bv.batch_get_event_reports(reports=[made[1].key(), made[0]])
            summaries = bv.batch_get_summary_reports(reports=list(summary))
            return made, again, summaries

    made, again, summaries = run_sync() if kind == "sync" else asyncio.run(run_async())
    assert [r.status for r in made] == [EventReportStatus.RUNNING] * 2
    assert [r.id for r in again.reports] == [made[1].id, made[0].id]
    assert [r.status for r in again] == [EventReportStatus.SUCCEEDED] * 2
    assert again[1].dimension is ReportDimension.WATCH_TIME  # the deprecated field, as sent
    assert again[1].dimension_with_condition == WATCH
    assert summaries[0].status is EventReportStatus.SUCCEEDED and summaries[0].uri


def test_an_unknown_report_is_not_found(emulator: Emulator) -> None:
    with BlendVisionClient(**settings(emulator)) as bv:
        made = bv.create_event_report(
            event_id="ev-4", type="EVENT_TYPE_LIVE", dimension_with_conditions=[CHAT]
        )
        ghost = EventReportKey(id="no-such-report", dimension_with_condition=CHAT)
        with pytest.raises(NotFoundError) as caught:
            bv.batch_get_event_reports(reports=[made[0], ghost])
    assert caught.value.code == "5" and "no-such-report" in caught.value.message


def test_the_waiter_gives_up_at_its_timeout(tmp_path: Path) -> None:
    with Emulator(report_seconds=30.0) as emulator:
        with BlendVisionClient(**settings(emulator)) as bv:
            made = bv.create_event_report(
                event_id="ev-5", type="EVENT_TYPE_LIVE", dimension_with_conditions=[CHAT]
            )
            started = time.monotonic()
            with pytest.raises(WaiterTimeoutError) as caught:
                bv.wait_for_reports(made, timeout=0.3, poll_interval=0.05)
            elapsed = time.monotonic() - started
    assert caught.value.pending == (made[0].id,)
    assert 0.3 <= elapsed < 2.0


# ---- the emulator's request rules are the pages' --------------------------------------------

T1, T2 = "2026-05-01T00:00:00.000Z", "2026-05-02T00:00:00.000Z"
WIRE_WATCH = {"dimension": "REPORT_DIMENSION_WATCH_TIME", "group_by_fields": []}
CREATE = {
    "id": "ev-rules",
    "type": "EVENT_TYPE_LIVE",
    "dimensions": ["REPORT_DIMENSION_WATCH_TIME"],
}
SUMMARY_CONDITION = {"dimension": "SUMMARY_REPORT_DIMENSION_METRICS"}
# (path, body, accepted?) — refused only where BlendVision's API pages refuse.
BV_RULES: dict[str, tuple[str, dict[str, Any], bool]] = {
    "a filter whose start equals its end (the seed's own example)": (
        "/events/reports",
        {
            **CREATE,
            "dimension_with_conditions": [
                {**WIRE_WATCH, "filter": {"start_time": T1, "end_time": T1}}
            ],
        },
        True,
    ),
    "a filter ending before it starts": (
        "/events/reports",
        {
            **CREATE,
            "dimension_with_conditions": [
                {**WIRE_WATCH, "filter": {"start_time": T2, "end_time": T1}}
            ],
        },
        True,
    ),
    "a group-by field named twice": (
        "/events/reports",
        {
            **CREATE,
            "dimension_with_conditions": [
                {**WIRE_WATCH, "group_by_fields": ["GROUP_BY_FIELD_DEVICE_OS"] * 2}
            ],
        },
        True,
    ),
    "no condition": (
        "/events/reports",
        {**CREATE, "dimensions": [], "dimension_with_conditions": []},
        True,
    ),
    "a filter without its end": (
        "/events/reports",
        {**CREATE, "dimension_with_conditions": [{**WIRE_WATCH, "filter": {"start_time": T1}}]},
        False,
    ),
    "an unknown dimension": (
        "/events/reports",
        {
            **CREATE,
            "dimension_with_conditions": [{**WIRE_WATCH, "dimension": "REPORT_DIMENSION_X"}],
        },
        False,
    ),
    "an unknown group-by field": (
        "/events/reports",
        {
            **CREATE,
            "dimension_with_conditions": [{**WIRE_WATCH, "group_by_fields": ["GROUP_BY_X"]}],
        },
        False,
    ),
    "group_by_fields left out": (
        "/events/reports",
        {**CREATE, "dimension_with_conditions": [{"dimension": "REPORT_DIMENSION_WATCH_TIME"}]},
        False,
    ),
    "an unknown event type": (
        "/events/reports",
        {**CREATE, "type": "EVENT_TYPE_RADIO", "dimension_with_conditions": [WIRE_WATCH]},
        False,
    ),
    "an interval with neither end": (
        "/summary/reports",
        {
            "type": "EVENT_TYPE_VOD",
            "dimension_with_conditions": [{**SUMMARY_CONDITION, "interval": {}}],
        },
        True,
    ),
    "an interval with only a start": (
        "/summary/reports",
        {
            "type": "EVENT_TYPE_VOD",
            "dimension_with_conditions": [{**SUMMARY_CONDITION, "interval": {"start_time": T1}}],
        },
        True,
    ),
    "an interval ending before it starts": (
        "/summary/reports",
        {
            "type": "EVENT_TYPE_VOD",
            "dimension_with_conditions": [
                {**SUMMARY_CONDITION, "interval": {"start_time": T2, "end_time": T1}}
            ],
        },
        True,
    ),
    "a summary condition without an interval": (
        "/summary/reports",
        {"type": "EVENT_TYPE_VOD", "dimension_with_conditions": [SUMMARY_CONDITION]},
        False,
    ),
    "an interval end that is not RFC 3339": (
        "/summary/reports",
        {
            "type": "EVENT_TYPE_VOD",
            "dimension_with_conditions": [{**SUMMARY_CONDITION, "interval": {"end_time": "May"}}],
        },
        False,
    ),
    "no report to get": ("/events/reports:batch-get", {"reports": []}, True),
    "no summary report to get": ("/summary/reports:batch-get", {"reports": []}, True),
}


@pytest.mark.parametrize("row", sorted(BV_RULES))
def test_emulator_rules_are_the_pages(row: str, emulator: Emulator) -> None:
    path, body, accepted = BV_RULES[row]
    answer = httpx.post(
        f"{emulator.url}/bv/analytics/v1{path}",
        json=body,
        headers={
            "authorization": f"Bearer {emulator.blendvision_api_token}",
            "x-bv-org-id": emulator.blendvision_org_id,
        },
    )
    assert answer.status_code == (200 if accepted else 400), answer.text
    if accepted:
        reports = answer.json()["reports"]
        assert len(reports) == len(body.get("dimension_with_conditions", body.get("reports")))
    else:
        assert answer.json()["code"] == 3  # INVALID_ARGUMENT


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_the_seed_example_window_goes_through_the_sdk(kind: str, emulator: Emulator) -> None:
    instant = datetime(2026, 5, 1, tzinfo=timezone.utc)
    seed = DimensionWithCondition(
        dimension=ReportDimension.WATCH_TIME,
        filter=ReportFilter(start_time=instant, end_time=instant),
    )
    open_interval = SummaryDimensionWithCondition(interval=Interval(start_time=instant))

    async def run() -> tuple[Any, Any]:
        if kind == "sync":
            with BlendVisionClient(**settings(emulator)) as bv:
                return (
                    bv.create_event_report(
                        event_id="ev-seed", type="EVENT_TYPE_VOD", dimension_with_conditions=[seed]
                    ),
                    bv.create_summary_report(
                        type="EVENT_TYPE_VOD", dimension_with_conditions=[open_interval]
                    ),
                )
        async with AsyncBlendVisionClient(**settings(emulator)) as bv:
            return (
                await bv.create_event_report(
                    event_id="ev-seed", type="EVENT_TYPE_VOD", dimension_with_conditions=[seed]
                ),
                await bv.create_summary_report(
                    type="EVENT_TYPE_VOD", dimension_with_conditions=[open_interval]
                ),
            )

    (event,), (summary,) = asyncio.run(run())
    assert event.dimension_with_condition.filter == ReportFilter(
        start_time=instant, end_time=instant
    )
    assert summary.dimension_with_condition.interval == Interval(start_time=instant)
