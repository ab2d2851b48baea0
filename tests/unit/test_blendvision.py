"""BlendVision models and client against respx: the request bodies, validation before sending,
open enums, the deprecated field, error mapping and secrets."""

from __future__ import annotations

import json
import logging
from datetime import datetime, timezone
from typing import Any

import httpx
import pytest
import respx

from metricsdk import RetryPolicy
from metricsdk.blendvision import (
    BlendVisionClient,
    DimensionWithCondition,
    EventReportKey,
    EventReportStatus,
    GroupByField,
    ReportDimension,
    ReportFilter,
)
from metricsdk.errors import (
    APIError,
    AuthenticationError,
    BadRequestError,
    InvalidInputError,
    MalformedResponseError,
    MissingCredentialsError,
    NotFoundError,
    PermissionDeniedError,
    ServerError,
    ThrottlingError,
)

BASE = "https://api.one.blendvision.com/bv/analytics/v1"
TOKEN = "bv-canary-token-5d2e"
CONDITION = DimensionWithCondition(
    dimension=ReportDimension.WATCH_TIME,
    group_by_fields=[GroupByField.WATCH_TIMESTAMP],
    filter=ReportFilter(
        start_time=datetime(2024, 7, 29, 15, 51, 28, 71000, tzinfo=timezone.utc),
        end_time=datetime(2024, 7, 30, tzinfo=timezone.utc),
    ),
)
WIRE_CONDITION = {
    "dimension": "REPORT_DIMENSION_WATCH_TIME",
    "group_by_fields": ["GROUP_BY_FIELD_WATCH_TIMESTAMP"],
    "filter": {"start_time": "2024-07-29T15:51:28.071Z", "end_time": "2024-07-30T00:00:00.000Z"},
}
REPORT = {
    "id": "5c7f3b2e-0000-4000-8000-000000000001",
    "status": "EVENT_REPORT_STATUS_SUCCEEDED",
    "uri": "https://files.example.com/r.csv?sig=abc",
    "dimension_with_condition": WIRE_CONDITION,
}


def client(**extra: Any) -> BlendVisionClient:
    return BlendVisionClient(api_token=TOKEN, org_id="org-1", **extra)


@respx.mock
def test_create_sends_the_documented_body_and_headers() -> None:
    route = respx.post(f"{BASE}/events/reports").respond(200, json={"reports": [REPORT]})
    with client() as bv:
        (report,) = bv.create_event_report(
            event_id="ev-1", type="EVENT_TYPE_LIVE", dimension_with_conditions=[CONDITION]
        )
    sent = route.calls.last.request
    assert json.loads(sent.content) == {
        "id": "ev-1",
        "type": "EVENT_TYPE_LIVE",
        "dimensions": ["REPORT_DIMENSION_WATCH_TIME"],
        "dimension_with_conditions": [WIRE_CONDITION],
    }
    assert sent.headers["authorization"] == f"Bearer {TOKEN}"
    assert sent.headers["x-bv-org-id"] == "org-1"
    assert report.status is EventReportStatus.SUCCEEDED
    assert report.dimension_with_condition == CONDITION
    assert report.done


@respx.mock
def test_batch_get_and_unknown_values_parse_as_strings() -> None:
    odd = {**REPORT, "status": "EVENT_REPORT_STATUS_PAUSED", "dimension": "REPORT_DIMENSION_NEW"}
    odd["dimension_with_condition"] = {**WIRE_CONDITION, "dimension": "REPORT_DIMENSION_NEW"}
    route = respx.post(f"{BASE}/events/reports:batch-get").respond(200, json={"reports": [odd]})
    with client() as bv:
        (report,) = bv.batch_get_event_reports(
            reports=[EventReportKey(id=REPORT["id"], dimension_with_condition=CONDITION)]
        )
    assert json.loads(route.calls.last.request.content) == {
        "reports": [{"id": REPORT["id"], "dimension_with_condition": WIRE_CONDITION}]
    }
    assert report.status == "EVENT_REPORT_STATUS_PAUSED" and not report.done
    assert report.dimension == "REPORT_DIMENSION_NEW"
    assert report.dimension_with_condition.dimension == "REPORT_DIMENSION_NEW"


def test_the_deprecated_dimension_warns() -> None:
    with pytest.warns(DeprecationWarning, match="deprecated"):
        key = EventReportKey(
            id="r", dimension_with_condition=CONDITION, dimension="REPORT_DIMENSION_WATCH_TIME"
        )
    assert key.dimension is ReportDimension.WATCH_TIME


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: DimensionWithCondition(dimension="WATCH"), "dimension: must be one of"),
        (
            lambda: DimensionWithCondition(
                dimension="REPORT_DIMENSION_WATCH_TIME", group_by_fields=["X"]
            ),
            "group_by_fields: must be one of",
        ),
        (
            lambda: ReportFilter(start_time=datetime(2024, 2, 1), end_time=datetime(2024, 1, 1)),
            "start_time: must be before end_time",
        ),
        (
            lambda: EventReportKey(id="", dimension_with_condition=CONDITION),
            "id: must not be empty",
        ),
    ],
)
def test_models_check_their_input(build: Any, message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        build()


@respx.mock
def test_bad_calls_send_nothing() -> None:
    route = respx.post(url__regex=".*").respond(200, json={"reports": []})
    with client() as bv:
        with pytest.raises(
            InvalidInputError, match="dimension_with_conditions: must be a non-empty list"
        ):
            bv.create_event_report(
                event_id="e", type="EVENT_TYPE_LIVE", dimension_with_conditions=[]
            )
        with pytest.raises(InvalidInputError, match="type: must be one of"):
            bv.create_event_report(event_id="e", type="LIVE", dimension_with_conditions=[CONDITION])
        with pytest.raises(InvalidInputError, match="event_id: must be a non-empty string"):
            bv.create_event_report(
                event_id="", type="EVENT_TYPE_LIVE", dimension_with_conditions=[CONDITION]
            )
        with pytest.raises(InvalidInputError, match="reports: must be a non-empty list"):
            bv.batch_get_event_reports(reports=[])
    assert not route.called


def test_credentials_are_required(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BLENDVISION_API_TOKEN", raising=False)
    monkeypatch.delenv("BLENDVISION_ORG_ID", raising=False)
    with pytest.raises(MissingCredentialsError, match="BLENDVISION_API_TOKEN"):
        BlendVisionClient(org_id="o")
    with pytest.raises(MissingCredentialsError, match="BLENDVISION_ORG_ID"):
        BlendVisionClient(api_token="t")


@pytest.mark.parametrize(
    ("status", "rpc", "cls"),
    [
        (400, 3, BadRequestError),
        (401, 16, AuthenticationError),
        (403, 7, PermissionDeniedError),
        (404, 5, NotFoundError),
        (429, 8, ThrottlingError),
        (500, 13, ServerError),
    ],
)
@respx.mock
def test_error_mapping_keeps_code_message_and_details(
    status: int, rpc: int, cls: type[APIError]
) -> None:
    details = [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "X"}]
    respx.post(f"{BASE}/events/reports:batch-get").respond(
        status,
        json={"code": rpc, "message": "went wrong", "details": details},
        headers={"Retry-After": "0"},
    )
    with client(retry=RetryPolicy(max_attempts=1)) as bv, pytest.raises(cls) as caught:
        bv.batch_get_event_reports(
            reports=[EventReportKey(id="r", dimension_with_condition=CONDITION)]
        )
    error = caught.value
    assert (error.status_code, error.code, error.message) == (status, str(rpc), "went wrong")
    assert list(error.details) == details


@respx.mock
def test_creates_are_not_repeated_after_a_5xx_but_batch_gets_are() -> None:
    create = respx.post(f"{BASE}/events/reports").respond(503, json={"code": 14, "message": "busy"})
    get = respx.post(f"{BASE}/events/reports:batch-get").mock(
        side_effect=[
            httpx.Response(503, headers={"Retry-After": "0"}),
            httpx.Response(200, json={"reports": [REPORT]}),
        ]
    )
    with client(retry=RetryPolicy(initial_backoff=0.0)) as bv:
        with pytest.raises(ServerError):
            bv.create_event_report(
                event_id="e", type="EVENT_TYPE_LIVE", dimension_with_conditions=[CONDITION]
            )
        bv.batch_get_event_reports(
            reports=[EventReportKey(id="r", dimension_with_condition=CONDITION)]
        )
    assert create.call_count == 1
    assert get.call_count == 2


@respx.mock
def test_a_malformed_answer_is_an_api_error() -> None:
    respx.post(f"{BASE}/events/reports:batch-get").respond(200, json={"reports": [{"id": 5}]})
    with client() as bv, pytest.raises(MalformedResponseError, match="id must be a string"):
        bv.batch_get_event_reports(
            reports=[EventReportKey(id="r", dimension_with_condition=CONDITION)]
        )


@respx.mock
def test_the_token_never_shows(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="metricsdk")
    respx.post(f"{BASE}/events/reports:batch-get").respond(
        401, json={"code": 16, "message": "bad token"}
    )
    bv = client()
    with pytest.raises(AuthenticationError) as caught:
        bv.batch_get_event_reports(
            reports=[EventReportKey(id="r", dimension_with_condition=CONDITION)]
        )
    bv.close()
    shown = f"{caught.value!s} {caught.value!r} {bv!r} {bv._transport.config!r} {caplog.text}"
    assert TOKEN not in shown


@respx.mock
def test_summary_reports_round_trip() -> None:
    from metricsdk.blendvision import Interval, SummaryDimensionWithCondition, SummaryReportKey

    week = SummaryDimensionWithCondition(
        interval=Interval(start_time=datetime(2026, 5, 4), end_time=datetime(2026, 5, 11))
    )
    wire_week = {
        "dimension": "SUMMARY_REPORT_DIMENSION_METRICS",
        "interval": {
            "start_time": "2026-05-04T00:00:00.000Z",
            "end_time": "2026-05-11T00:00:00.000Z",
        },
    }
    answer = {
        "reports": [
            {
                "id": "s1",
                "status": "EVENT_REPORT_STATUS_RUNNING",
                "dimension_with_condition": wire_week,
            }
        ]
    }
    create = respx.post(f"{BASE}/summary/reports").respond(200, json=answer)
    get = respx.post(f"{BASE}/summary/reports:batch-get").respond(200, json=answer)
    with client() as bv:
        (created,) = bv.create_summary_report(
            type="EVENT_TYPE_VOD", dimension_with_conditions=[week]
        )
        (again,) = bv.batch_get_summary_reports(reports=[created.key()])
    assert json.loads(create.calls.last.request.content) == {
        "type": "EVENT_TYPE_VOD",
        "dimension_with_conditions": [wire_week],
    }
    assert json.loads(get.calls.last.request.content) == {
        "reports": [{"id": "s1", "dimension_with_condition": wire_week}]
    }
    assert created.dimension_with_condition == week and again.status is EventReportStatus.RUNNING
    assert isinstance(created.key(), SummaryReportKey) and not again.done
