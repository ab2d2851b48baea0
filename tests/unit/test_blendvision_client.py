"""BlendVisionClient and AsyncBlendVisionClient against respx: headers and bodies, credentials,
retries (429/503 after Retry-After; creates never repeated after a 5xx or a read timeout),
nothing sent for bad input, and no token in any repr, error or log line."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from datetime import date
from typing import Any

import httpx
import pytest
import respx

from metricsdk import RetryPolicy
from metricsdk.blendvision import (
    AsyncBlendVisionClient,
    BlendVisionClient,
    CreateEventReportResponse,
    DimensionWithCondition,
    EventReportKey,
    EventReportStatus,
    EventType,
    Interval,
    SummaryDimensionWithCondition,
)
from metricsdk.blendvision.operations import parse_create_event_report, parse_create_summary_report
from metricsdk.errors import (
    AuthenticationError,
    InvalidInputError,
    MissingCredentialsError,
    ServerError,
    ThrottlingError,
    TransportError,
    WaiterTimeoutError,
)

BASE = "https://api.one.blendvision.com/bv/analytics/v1"
TOKEN = "bv-canary-t0ken-91f3a7"
ORG = "org-7d1"
CHAT = DimensionWithCondition(dimension="REPORT_DIMENSION_CHAT_HISTORIES")
WIRE_CHAT = {"dimension": "REPORT_DIMENSION_CHAT_HISTORIES", "group_by_fields": []}
WEEK = SummaryDimensionWithCondition(
    interval=Interval(start_time=date(2026, 5, 4), end_time=date(2026, 5, 11))
)
WIRE_WEEK = {
    "dimension": "SUMMARY_REPORT_DIMENSION_METRICS",
    "interval": {"start_time": "2026-05-04T00:00:00.000Z", "end_time": "2026-05-11T00:00:00.000Z"},
}
FAST = RetryPolicy(max_attempts=3, initial_backoff=0.0)


def event(report_id: str, status: str = "RUNNING", **extra: Any) -> dict[str, Any]:
    return {
        "id": report_id,
        "status": f"EVENT_REPORT_STATUS_{status}",
        "dimension_with_condition": WIRE_CHAT,
        **extra,
    }


def summary(report_id: str, status: str = "RUNNING") -> dict[str, Any]:
    return {
        "id": report_id,
        "status": f"EVENT_REPORT_STATUS_{status}",
        "dimension_with_condition": WIRE_WEEK,
    }


def client(**extra: Any) -> BlendVisionClient:
    return BlendVisionClient(api_token=TOKEN, org_id=ORG, **{"retry": FAST, **extra})


def create(bv: BlendVisionClient) -> CreateEventReportResponse:
    return bv.create_event_report(
        event_id="ev", type=EventType.VOD, dimension_with_conditions=[CHAT]
    )


@respx.mock
def test_every_operation_sends_the_token_and_org_id() -> None:
    routes = [
        respx.post(f"{BASE}/events/reports").respond(200, json={"reports": [event("r1")]}),
        respx.post(f"{BASE}/events/reports:batch-get").respond(
            200, json={"reports": [event("r1")]}
        ),
        respx.post(f"{BASE}/summary/reports").respond(200, json={"reports": [summary("s1")]}),
        respx.post(f"{BASE}/summary/reports:batch-get").respond(
            200, json={"reports": [summary("s1")]}
        ),
    ]
    with client() as bv:
        made = create(bv)
        again = bv.batch_get_event_reports(reports=list(made))
        sums = bv.create_summary_report(type="EVENT_TYPE_VOD", dimension_with_conditions=[WEEK])
        sums_again = bv.batch_get_summary_reports(reports=[sums[0].key()])
    for route in routes:
        sent = route.calls.last.request
        assert sent.headers["authorization"] == f"Bearer {TOKEN}"
        assert sent.headers["x-bv-org-id"] == ORG
        assert sent.headers["content-type"] == "application/json"
        assert sent.headers["user-agent"].startswith("metricsdk/")
    assert json.loads(routes[1].calls.last.request.content) == {
        "reports": [{"id": "r1", "dimension_with_condition": WIRE_CHAT}]
    }
    assert again[0].dimension_with_condition == CHAT
    assert sums_again[0].dimension_with_condition == WEEK


def test_credentials_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BLENDVISION_API_TOKEN", TOKEN)
    monkeypatch.setenv("BLENDVISION_ORG_ID", ORG)
    with respx.mock:
        route = respx.post(f"{BASE}/events/reports").respond(200, json={"reports": []})
        with BlendVisionClient() as bv:
            create(bv)
    assert route.calls.last.request.headers["x-bv-org-id"] == ORG


def test_a_missing_credential_names_where_it_was_looked_for(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("BLENDVISION_API_TOKEN", raising=False)
    monkeypatch.setenv("BLENDVISION_ORG_ID", "")
    with pytest.raises(MissingCredentialsError) as caught:
        BlendVisionClient(org_id=ORG)
    assert caught.value.field == "api_token"
    assert caught.value.searched == ("api_token=", "BLENDVISION_API_TOKEN")
    with pytest.raises(MissingCredentialsError, match="org_id=, BLENDVISION_ORG_ID"):
        AsyncBlendVisionClient(api_token=TOKEN)


@pytest.mark.parametrize(
    ("settings", "field", "rule"),
    [
        ({"api_token": f"{TOKEN}\r\nX-Evil: 1"}, "api_token", "must be printable ASCII"),
        ({"api_token": f"Bearer {TOKEN}"}, "api_token", "must be printable ASCII"),
        ({"org_id": 42}, "org_id", "must be a string, got int"),
        ({"base_url": "http://api.example.com"}, "base_url", "plain http://"),
        ({"base_url": "ftp://api.example.com"}, "base_url", "must be an http:// or https://"),
        ({"timeout": 0}, "timeout", "must be a positive number"),
        ({"retry": 3}, "retry", "must be a RetryPolicy"),
    ],
)
def test_bad_settings_are_refused(settings: dict[str, Any], field: str, rule: str) -> None:
    arguments = {"api_token": TOKEN, "org_id": ORG, **settings}
    with pytest.raises(InvalidInputError) as caught:
        BlendVisionClient(**arguments)
    assert caught.value.field == field and rule in caught.value.rule
    assert TOKEN not in str(caught.value)


@respx.mock
def test_bad_calls_send_nothing() -> None:
    route = respx.route().respond(200, json={"reports": []})
    with client() as bv:
        with pytest.raises(InvalidInputError, match="type: must be one of"):
            bv.create_event_report(event_id="e", type="VOD", dimension_with_conditions=[CHAT])
        with pytest.raises(InvalidInputError, match=r"dimension_with_conditions\[0\]"):
            bv.create_summary_report(type="EVENT_TYPE_VOD", dimension_with_conditions=[CHAT])
        with pytest.raises(InvalidInputError, match="reports: must be a list"):
            bv.batch_get_summary_reports(reports="r-1")
        with pytest.raises(InvalidInputError, match="poll_interval"):
            bv.wait_for_reports([], poll_interval=0)
        with pytest.raises(InvalidInputError, match="reports: must not be empty"):
            bv.wait_for_reports([])
    assert not route.called


@respx.mock
def test_429_and_503_are_retried_after_retry_after() -> None:
    route = respx.post(f"{BASE}/events/reports:batch-get").mock(
        side_effect=[
            httpx.Response(
                429, json={"code": 8, "message": "slow"}, headers={"Retry-After": "0.2"}
            ),
            httpx.Response(
                503, json={"code": 14, "message": "busy"}, headers={"Retry-After": "0.1"}
            ),
            httpx.Response(200, json={"reports": [event("r1", "SUCCEEDED")]}),
        ]
    )
    started = time.monotonic()
    with client(retry=RetryPolicy(max_attempts=3, initial_backoff=30.0)) as bv:
        (report,) = bv.batch_get_event_reports(reports=[create_key("r1")])
    assert 0.3 <= time.monotonic() - started < 5.0  # the asked waits, not the 30 s backoff
    assert route.call_count == 3 and report.status is EventReportStatus.SUCCEEDED


def create_key(report_id: str) -> EventReportKey:
    return EventReportKey(id=report_id, dimension_with_condition=CHAT)


@respx.mock
def test_a_create_is_retried_after_throttling_but_not_after_a_5xx() -> None:
    route = respx.post(f"{BASE}/events/reports").mock(
        side_effect=[
            httpx.Response(429, json={"code": 8, "message": "slow"}, headers={"Retry-After": "0"}),
            httpx.Response(503, json={"code": 14, "message": "busy"}, headers={"Retry-After": "0"}),
            httpx.Response(200, json={"reports": [event("r1")]}),
        ]
    )
    with client() as bv, pytest.raises(ServerError) as caught:
        create(bv)
    assert route.call_count == 2
    assert (caught.value.code, caught.value.message) == ("14", "busy")


@respx.mock
def test_a_create_is_not_retried_after_a_read_timeout_but_a_batch_get_is() -> None:
    made = respx.post(f"{BASE}/events/reports").mock(side_effect=httpx.ReadTimeout("slow"))
    get = respx.post(f"{BASE}/events/reports:batch-get").mock(
        side_effect=[httpx.ReadTimeout("slow"), httpx.Response(200, json={"reports": []})]
    )
    with client() as bv:
        with pytest.raises(TransportError, match="ReadTimeout") as caught:
            create(bv)
        bv.batch_get_event_reports(reports=[create_key("r1")])
    assert isinstance(caught.value.__cause__, httpx.ReadTimeout)
    assert (made.call_count, get.call_count) == (1, 2)


@respx.mock
def test_a_create_is_retried_when_the_connection_was_refused() -> None:
    route = respx.post(f"{BASE}/summary/reports").mock(
        side_effect=[httpx.ConnectError("refused"), httpx.Response(200, json={"reports": []})]
    )
    with client() as bv:
        bv.create_summary_report(type=EventType.LIVE, dimension_with_conditions=[WEEK])
    assert route.call_count == 2


@respx.mock
def test_persistent_throttling_ends_in_a_throttling_error() -> None:
    respx.post(f"{BASE}/events/reports").respond(
        429, json={"code": 8, "message": "exhausted", "details": []}, headers={"Retry-After": "0"}
    )
    with client() as bv, pytest.raises(ThrottlingError) as caught:
        create(bv)
    assert caught.value.status_code == 429 and caught.value.retry_after == 0.0


@respx.mock
def test_the_waiter_polls_only_running_reports_and_keeps_the_order() -> None:
    respx.post(f"{BASE}/events/reports").respond(
        200, json={"reports": [event("r1"), event("r2", "SUCCEEDED", uri="https://f/x")]}
    )
    respx.post(f"{BASE}/summary/reports").respond(200, json={"reports": [summary("s1")]})
    events = respx.post(f"{BASE}/events/reports:batch-get").mock(
        side_effect=[
            httpx.Response(200, json={"reports": [event("r1")]}),
            httpx.Response(200, json={"reports": [event("r1", "FAILED")]}),
        ]
    )
    sums = respx.post(f"{BASE}/summary/reports:batch-get").mock(
        side_effect=[httpx.Response(200, json={"reports": [summary("s1", "SUCCEEDED")]})]
    )
    with client() as bv:
        made = [
            *create(bv),
            *bv.create_summary_report(type="EVENT_TYPE_VOD", dimension_with_conditions=[WEEK]),
        ]
        done = bv.wait_for_reports(made, timeout=5, poll_interval=0.01)
    assert [r.id for r in done] == ["r1", "r2", "s1"]
    assert [r.status for r in done] == [
        EventReportStatus.FAILED,
        EventReportStatus.SUCCEEDED,
        EventReportStatus.SUCCEEDED,
    ]
    asked = [json.loads(call.request.content)["reports"] for call in events.calls]
    assert [[key["id"] for key in keys] for keys in asked] == [["r1"], ["r1"]]
    assert sums.call_count == 1


@respx.mock
def test_the_async_waiter_stops_asking_for_finished_events_while_summaries_run() -> None:
    events = respx.post(f"{BASE}/events/reports:batch-get").respond(
        200, json={"reports": [event("r1", "SUCCEEDED", uri="https://f/r1")]}
    )
    sums = respx.post(f"{BASE}/summary/reports:batch-get").mock(
        side_effect=[
            httpx.Response(200, json={"reports": [summary("s1")]}),
            httpx.Response(200, json={"reports": [summary("s1", "SUCCEEDED")]}),
        ]
    )
    made = [
        *parse_create_event_report(json.dumps({"reports": [event("r1")]}).encode()),
        *parse_create_summary_report(json.dumps({"reports": [summary("s1")]}).encode()),
    ]

    async def run() -> list[Any]:
        async with AsyncBlendVisionClient(api_token=TOKEN, org_id=ORG, retry=FAST) as bv:
            return await bv.wait_for_reports(made, timeout=5, poll_interval=0.01)

    done = asyncio.run(run())
    assert [(r.id, r.status) for r in done] == [
        ("r1", EventReportStatus.SUCCEEDED),
        ("s1", EventReportStatus.SUCCEEDED),
    ]
    assert (events.call_count, sums.call_count) == (1, 2)


@respx.mock
def test_the_waiter_times_out_with_the_pending_ids() -> None:
    respx.post(f"{BASE}/events/reports:batch-get").respond(200, json={"reports": [event("r1")]})
    report = event("r1")
    with client() as bv:
        made = parse_create_event_report(json.dumps({"reports": [report]}).encode())
        with pytest.raises(WaiterTimeoutError) as caught:
            bv.wait_for_reports(made, timeout=0.2, poll_interval=0.05)
    assert caught.value.pending == ("r1",)
    assert "1 report(s) still running after 0.2 s" in str(caught.value)


@respx.mock
def test_the_async_client_does_the_same() -> None:
    respx.post(f"{BASE}/events/reports").mock(
        side_effect=[
            httpx.Response(429, json={"code": 8}, headers={"Retry-After": "0"}),
            httpx.Response(200, json={"reports": [event("r1")]}),
        ]
    )
    respx.post(f"{BASE}/events/reports:batch-get").respond(
        200, json={"reports": [event("r1", "SUCCEEDED", uri="https://files.example.com/r1")]}
    )
    respx.post(f"{BASE}/summary/reports").respond(503, json={"code": 14, "message": "busy"})

    async def run() -> Any:
        async with AsyncBlendVisionClient(api_token=TOKEN, org_id=ORG, retry=FAST) as bv:
            made = await bv.create_event_report(
                event_id="ev", type="EVENT_TYPE_LIVE", dimension_with_conditions=[CHAT]
            )
            done = await bv.wait_for_reports(made, timeout=5, poll_interval=0.01)
            with pytest.raises(ServerError):
                await bv.create_summary_report(
                    type="EVENT_TYPE_LIVE", dimension_with_conditions=[WEEK]
                )
            return done, repr(bv)

    (report,), shown = asyncio.run(run())
    assert report.uri == "https://files.example.com/r1"
    assert shown == "AsyncBlendVisionClient(base_url='https://api.one.blendvision.com')"
    assert respx.calls.call_count == 4  # 429 + create, one poll, one 503 create (not repeated)


@respx.mock
def test_the_token_never_shows(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="metricsdk")
    respx.post(f"{BASE}/events/reports:batch-get").mock(
        side_effect=[
            httpx.Response(503, json={"code": 14}, headers={"Retry-After": "0"}),
            httpx.Response(401, json={"code": 16, "message": "bad token"}),
        ]
    )
    bv = client()
    with pytest.raises(AuthenticationError) as caught:
        bv.batch_get_event_reports(reports=[create_key("r")])
    bv.close()
    assert "attempt=1 failed (ServerError)" in caplog.text  # the DEBUG log did run
    shown = [
        str(caught.value),
        repr(caught.value),
        repr(bv),
        repr(bv._transport.config),
        caplog.text,
    ]
    for text in shown:
        assert TOKEN not in text
    assert caught.value.code == "16" and caught.value.message == "bad token"


def test_a_callers_http_client_is_used_and_left_open() -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"reports": [event("r1")]})

    http = httpx.Client(transport=httpx.MockTransport(answer))
    with BlendVisionClient(
        api_token=TOKEN, org_id=ORG, http_client=http, base_url="https://bv.internal/"
    ) as bv:
        create(bv)
    assert not http.is_closed
    assert str(seen[0].url) == "https://bv.internal/bv/analytics/v1/events/reports"
    http.close()
