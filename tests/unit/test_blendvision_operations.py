"""The BlendVision wire format without a network: request bodies as documented, answers read
leniently where the service may evolve and strictly where it misbehaves, errors mapped."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from typing import Any

import httpx
import pytest

from metricsdk.blendvision import (
    BatchGetEventReportsRequest,
    BatchGetSummaryReportsRequest,
    CreateEventReportRequest,
    CreateSummaryReportRequest,
    DimensionWithCondition,
    ErrorInfo,
    EventReportKey,
    EventReportStatus,
    GroupByField,
    Interval,
    ReportDimension,
    ReportFilter,
    SummaryDimensionWithCondition,
    SummaryReportDimension,
    SummaryReportKey,
)
from metricsdk.blendvision import operations as ops
from metricsdk.blendvision.errors import RETRY_HINT_METADATA_KEY, retry_hint
from metricsdk.errors import (
    APIError,
    AuthenticationError,
    BadRequestError,
    MalformedResponseError,
    NotFoundError,
    PermissionDeniedError,
    ServerError,
    ThrottlingError,
)

UTC = timezone.utc
WATCH = DimensionWithCondition(
    dimension=ReportDimension.WATCH_TIME,
    group_by_fields=[GroupByField.WATCH_TIMESTAMP, GroupByField.GEO_REGION],
    filter=ReportFilter(
        start_time=datetime(2024, 7, 29, 15, 51, 28, 71000, tzinfo=UTC),
        end_time=datetime(2024, 7, 30, tzinfo=UTC),
    ),
)
WIRE_WATCH = {
    "dimension": "REPORT_DIMENSION_WATCH_TIME",
    "group_by_fields": ["GROUP_BY_FIELD_WATCH_TIMESTAMP", "GROUP_BY_FIELD_GEO_REGION"],
    "filter": {"start_time": "2024-07-29T15:51:28.071Z", "end_time": "2024-07-30T00:00:00.000Z"},
}
CHAT = DimensionWithCondition(dimension=ReportDimension.CHAT_HISTORIES)
WIRE_CHAT = {"dimension": "REPORT_DIMENSION_CHAT_HISTORIES", "group_by_fields": []}
WEEK = SummaryDimensionWithCondition(
    interval=Interval(start_time=datetime(2026, 5, 4), end_time=datetime(2026, 5, 11))
)
WIRE_WEEK = {
    "dimension": "SUMMARY_REPORT_DIMENSION_METRICS",
    "interval": {"start_time": "2026-05-04T00:00:00.000Z", "end_time": "2026-05-11T00:00:00.000Z"},
}


def body(spec: Any) -> Any:
    return json.loads(spec.body)


def test_create_event_report_request() -> None:
    spec = ops.build_create_event_report(
        CreateEventReportRequest(
            event_id="e1c0ffee", type="EVENT_TYPE_LIVE", dimension_with_conditions=[WATCH, CHAT]
        )
    )
    assert (spec.method, spec.path) == ("POST", "/bv/analytics/v1/events/reports")
    assert dict(spec.headers)["content-type"] == "application/json"
    assert spec.idempotent is False
    assert body(spec) == {
        "id": "e1c0ffee",
        "type": "EVENT_TYPE_LIVE",
        "dimensions": ["REPORT_DIMENSION_WATCH_TIME", "REPORT_DIMENSION_CHAT_HISTORIES"],
        "dimension_with_conditions": [WIRE_WATCH, WIRE_CHAT],
    }


def test_batch_get_event_reports_request() -> None:
    with pytest.warns(DeprecationWarning, match="deprecated"):
        old_style = EventReportKey(
            id="r2", dimension_with_condition=CHAT, dimension=ReportDimension.CHAT_HISTORIES
        )
    spec = ops.build_batch_get_event_reports(
        BatchGetEventReportsRequest(
            reports=[EventReportKey(id="r1", dimension_with_condition=WATCH), old_style]
        )
    )
    assert (spec.path, spec.idempotent) == ("/bv/analytics/v1/events/reports:batch-get", True)
    assert body(spec) == {
        "reports": [
            {"id": "r1", "dimension_with_condition": WIRE_WATCH},
            {
                "id": "r2",
                "dimension_with_condition": WIRE_CHAT,
                "dimension": "REPORT_DIMENSION_CHAT_HISTORIES",
            },
        ]
    }


def test_summary_report_requests() -> None:
    create = ops.build_create_summary_report(
        CreateSummaryReportRequest(type="EVENT_TYPE_VOD", dimension_with_conditions=[WEEK])
    )
    assert (create.path, create.idempotent) == ("/bv/analytics/v1/summary/reports", False)
    assert body(create) == {"type": "EVENT_TYPE_VOD", "dimension_with_conditions": [WIRE_WEEK]}
    get = ops.build_batch_get_summary_reports(
        BatchGetSummaryReportsRequest(
            reports=[SummaryReportKey(id="s1", dimension_with_condition=WEEK)]
        )
    )
    assert (get.path, get.idempotent) == ("/bv/analytics/v1/summary/reports:batch-get", True)
    assert body(get) == {"reports": [{"id": "s1", "dimension_with_condition": WIRE_WEEK}]}


def test_times_are_written_as_rfc3339_utc_milliseconds() -> None:
    tokyo = timezone(timedelta(hours=9))
    assert ops.format_time(datetime(2024, 7, 29, 15, 51, 28, 71999, tzinfo=UTC)) == (
        "2024-07-29T15:51:28.071Z"
    )
    assert ops.format_time(datetime(2024, 7, 29)) == "2024-07-29T00:00:00.000Z"
    assert ops.format_time(datetime(2024, 1, 1, 9, tzinfo=tokyo)) == "2024-01-01T00:00:00.000Z"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-07-29T15:51:28.071Z", datetime(2024, 7, 29, 15, 51, 28, 71000, tzinfo=UTC)),
        ("2024-07-29T15:51:28Z", datetime(2024, 7, 29, 15, 51, 28, tzinfo=UTC)),
        ("2024-07-29T15:51:28.071000000Z", datetime(2024, 7, 29, 15, 51, 28, 71000, tzinfo=UTC)),
        ("2024-07-29t15:51:28.5z", datetime(2024, 7, 29, 15, 51, 28, 500000, tzinfo=UTC)),
        ("2024-07-29T23:30:00+08:00", datetime(2024, 7, 29, 15, 30, tzinfo=UTC)),
    ],
)
def test_rfc3339_times_are_read_as_aware_utc(text: str, expected: datetime) -> None:
    parsed = ops.parse_time(text)
    assert parsed == expected and parsed.tzinfo is UTC


@pytest.mark.parametrize("text", ["2024-07-29", "2024-07-29T15:51:28", "yesterday", 1722268288])
def test_non_rfc3339_times_are_refused(text: Any) -> None:
    with pytest.raises((TypeError, ValueError)):
        ops.parse_time(text)


EVENT_REPORT = {
    "id": "5c7f3b2e-0000-4000-8000-000000000001",
    "dimension": "REPORT_DIMENSION_WATCH_TIME",
    "status": "EVENT_REPORT_STATUS_SUCCEEDED",
    "uri": "https://files.example.com/r.csv?sig=abc",
    "dimension_with_condition": WIRE_WATCH,
}


def raw(data: Any) -> bytes:
    return json.dumps(data).encode()


def test_event_reports_are_read() -> None:
    failed = {
        "id": "r2",
        "status": "EVENT_REPORT_STATUS_FAILED",
        "error_info": {
            "reason": "NO_DATA",
            "domain": "analytics.blendvision.com",
            "metadata": {"event_id": "e1"},
        },
        "dimension_with_condition": WIRE_CHAT,
    }
    answer = ops.parse_batch_get_event_reports(raw({"reports": [EVENT_REPORT, failed]}))
    first, second = answer.reports
    assert first.id == EVENT_REPORT["id"] and first.status is EventReportStatus.SUCCEEDED
    assert first.uri == EVENT_REPORT["uri"] and first.error_info is None
    assert first.dimension is ReportDimension.WATCH_TIME
    assert first.dimension_with_condition == WATCH
    assert second.status is EventReportStatus.FAILED and second.uri is None
    assert second.error_info == ErrorInfo(
        reason="NO_DATA", domain="analytics.blendvision.com", metadata={"event_id": "e1"}
    )
    assert second.dimension is None and second.dimension_with_condition == CHAT
    assert ops.parse_create_event_report(raw({"reports": [EVENT_REPORT]})).reports == (first,)


def test_unknown_enum_values_in_answers_parse_as_plain_strings() -> None:
    odd = {
        "id": "r",
        "status": "EVENT_REPORT_STATUS_QUEUED",
        "dimension": "REPORT_DIMENSION_REACTIONS",
        "dimension_with_condition": {
            "dimension": "REPORT_DIMENSION_REACTIONS",
            "group_by_fields": ["GROUP_BY_FIELD_DEVICE_OS", "GROUP_BY_FIELD_BROWSER"],
        },
    }
    (report,) = ops.parse_batch_get_event_reports(raw({"reports": [odd]}))
    assert report.status == "EVENT_REPORT_STATUS_QUEUED" and not report.done
    assert type(report.status) is str
    assert report.dimension == "REPORT_DIMENSION_REACTIONS"
    condition = report.dimension_with_condition
    assert condition.dimension == "REPORT_DIMENSION_REACTIONS"
    assert condition.group_by_fields == (GroupByField.DEVICE_OS, "GROUP_BY_FIELD_BROWSER")
    summary = {
        "id": "s",
        "status": "EVENT_REPORT_STATUS_SUCCEEDED",
        "dimension_with_condition": {**WIRE_WEEK, "dimension": "SUMMARY_REPORT_DIMENSION_NEW"},
    }
    (read,) = ops.parse_batch_get_summary_reports(raw({"reports": [summary]}))
    assert read.dimension_with_condition.dimension == "SUMMARY_REPORT_DIMENSION_NEW"


def test_fields_proto3_json_leaves_out_are_defaults() -> None:
    sparse = {"id": "r", "dimension_with_condition": {"dimension": "REPORT_DIMENSION_POLL_VOTES"}}
    (report,) = ops.parse_batch_get_event_reports(raw({"reports": [sparse]}))
    assert report.status == "EVENT_REPORT_STATUS_UNSPECIFIED" and not report.done
    assert report.dimension_with_condition.group_by_fields == ()
    assert report.uri is None and report.error_info is None
    assert len(ops.parse_batch_get_event_reports(b"{}")) == 0
    failed = {**sparse, "status": "EVENT_REPORT_STATUS_FAILED", "error_info": {}, "uri": ""}
    (report,) = ops.parse_batch_get_event_reports(raw({"reports": [failed]}))
    assert report.error_info == ErrorInfo() and report.uri is None


def test_summary_reports_are_read() -> None:
    answer = {
        "reports": [
            {
                "id": "s1",
                "status": "EVENT_REPORT_STATUS_RUNNING",
                "dimension_with_condition": WIRE_WEEK,
            }
        ]
    }
    (report,) = ops.parse_create_summary_report(raw(answer))
    assert report.status is EventReportStatus.RUNNING
    assert report.dimension_with_condition == WEEK
    assert report.dimension_with_condition.dimension is SummaryReportDimension.METRICS
    assert ops.parse_batch_get_summary_reports(raw(answer)).reports == (report,)


@pytest.mark.parametrize(
    ("answer", "problem"),
    [
        (b"not json", "not valid JSON"),
        (b"[]", "expected a JSON object"),
        (raw({"reports": {"id": "r"}}), "expected a list"),
        (raw({"reports": ["r"]}), "report must be an object"),
        (raw({"reports": [{**EVENT_REPORT, "id": 5}]}), "id must be a string"),
        (raw({"reports": [{"status": "EVENT_REPORT_STATUS_RUNNING"}]}), "id is missing"),
        (raw({"reports": [{"id": "r"}]}), "dimension_with_condition must be an object"),
        (raw({"reports": [{**EVENT_REPORT, "status": 3}]}), "status must be a string"),
        (raw({"reports": [{**EVENT_REPORT, "uri": ["x"]}]}), "uri must be a string"),
        (raw({"reports": [{**EVENT_REPORT, "error_info": "boom"}]}), "error_info must be an"),
        (
            raw({"reports": [{**EVENT_REPORT, "error_info": {"metadata": {"a": 1}}}]}),
            "expected str",
        ),
        (
            raw(
                {
                    "reports": [
                        {**EVENT_REPORT, "dimension_with_condition": {**WIRE_WATCH, "filter": 1}}
                    ]
                }
            ),
            "filter must be an object",
        ),
        (
            raw(
                {
                    "reports": [
                        {
                            **EVENT_REPORT,
                            "dimension_with_condition": {
                                **WIRE_WATCH,
                                "filter": {"start_time": "2024-07-29", "end_time": "x"},
                            },
                        }
                    ]
                }
            ),
            "not an RFC 3339 time",
        ),
        (
            raw(
                {
                    "reports": [
                        {
                            **EVENT_REPORT,
                            "dimension_with_condition": {**WIRE_WATCH, "group_by_fields": "X"},
                        }
                    ]
                }
            ),
            "group_by_fields must be a list",
        ),
    ],
)
def test_misshapen_answers_are_malformed_response_errors(answer: bytes, problem: str) -> None:
    with pytest.raises(MalformedResponseError, match=problem) as caught:
        ops.parse_batch_get_event_reports(answer)
    assert caught.value.status_code == 200 and caught.value.service == "blendvision"


def test_a_summary_answer_without_an_interval_reads_as_an_open_one() -> None:
    # The summary report pages mark the interval's two ends optional.
    answer = {"reports": [{"id": "s", "dimension_with_condition": {"dimension": "X"}}]}
    (report,) = ops.parse_batch_get_summary_reports(raw(answer))
    assert report.dimension_with_condition.interval == Interval()
    assert report.dimension_with_condition.dimension == "X"
    misshapen = {"reports": [{"id": "s", "dimension_with_condition": {"interval": []}}]}
    with pytest.raises(MalformedResponseError, match="dimension is missing"):
        ops.parse_batch_get_summary_reports(raw(misshapen))
    wrong = {
        "reports": [{"id": "s", "dimension_with_condition": {"dimension": "X", "interval": []}}]
    }
    with pytest.raises(MalformedResponseError, match="interval must be an object"):
        ops.parse_batch_get_summary_reports(raw(wrong))


ERROR_INFO = {
    "@type": "type.googleapis.com/google.rpc.ErrorInfo",
    "reason": "INVALID_FIELD",
    "domain": "blendvision.com",
    "metadata": {"field": "dimension_with_conditions"},
}


@pytest.mark.parametrize(
    ("status", "rpc", "cls"),
    [
        (400, 3, BadRequestError),
        (401, 16, AuthenticationError),
        (403, 7, PermissionDeniedError),
        (404, 5, NotFoundError),
        (429, 8, ThrottlingError),
        (500, 13, ServerError),
        (503, 14, ServerError),
        (409, 6, APIError),
    ],
)
def test_errors_are_mapped_by_status_keeping_code_message_details(
    status: int, rpc: int, cls: type[APIError]
) -> None:
    answer = {"code": rpc, "message": "something is off", "details": [ERROR_INFO, "junk"]}
    error = ops.map_error(status, httpx.Headers({"x-request-id": "req-9"}), raw(answer))
    assert type(error) is cls
    assert (error.status_code, error.code, error.message) == (status, str(rpc), "something is off")
    assert error.details == (ERROR_INFO,)
    assert error.request_id == "req-9" and error.service == "blendvision"
    assert f"HTTP {status} {rpc}: something is off" in str(error)


def test_resource_exhausted_is_throttling_whatever_the_status() -> None:
    error = ops.map_error(400, httpx.Headers(), raw({"code": 8, "message": "quota"}))
    assert isinstance(error, ThrottlingError) and error.retryable


@pytest.mark.parametrize(
    "answer", [b"", b"<html>bad gateway</html>", b"[1, 2]", raw({"code": "3", "details": "x"})]
)
def test_unreadable_error_bodies_still_give_the_status_class(answer: bytes) -> None:
    error = ops.map_error(502, httpx.Headers(), answer)
    assert type(error) is ServerError
    assert (error.code, error.details) == ("", ())
    assert error.message == "HTTP 502 from BlendVision"


def test_a_code_without_message_names_the_code() -> None:
    error = ops.map_error(404, httpx.Headers(), raw({"code": 5}))
    assert error.message == "NOT_FOUND (no message)"


def test_the_wait_a_throttled_answer_asks_for() -> None:
    info = {**ERROR_INFO, "metadata": {RETRY_HINT_METADATA_KEY: "2.5"}}
    answer = raw({"code": 8, "message": "slow down", "details": [info]})
    assert ops.map_error(429, httpx.Headers({"retry-after": "4"}), answer).retry_after == 4.0
    assert ops.map_error(429, httpx.Headers(), answer).retry_after == 2.5
    assert ops.map_error(429, httpx.Headers(), raw({"code": 8})).retry_after is None
    retry_info = {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retry_delay": "1.5s"}
    assert retry_hint([info, retry_info]) == 1.5
    assert retry_hint([{**retry_info, "retry_delay": {"seconds": 2, "nanos": 250000000}}]) == 2.25
    camel = {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "3s"}
    assert retry_hint([camel]) == 3.0
    assert retry_hint([{**info, "metadata": {RETRY_HINT_METADATA_KEY: "-1"}}]) is None
    assert retry_hint([{**info, "metadata": {RETRY_HINT_METADATA_KEY: "soon"}}]) is None
    assert retry_hint([{**retry_info, "retry_delay": "nan"}]) is None
