"""Lenient on answers: what a service may legally send tomorrow parses today.

Table-driven, per service, through the sync and the async client over real loopback sockets: a
server answers each row's body as is, and the row checks what the caller gets. The rows are
legal but new: members this SDK does not know, enum values it does not know, union members it
does not know (kept as an `UnknownMember` with their name and raw value, as botocore keeps
``SDK_UNKNOWN_MEMBER``), optional members left out, JSON nulls, and values that break the rules
of a request (an answer is never held to them). The AWS rows follow botocore's service models
(sesv2 2019-09-27, mailmanager 2023-10-17, as installed: botocore 1.44.8); the BlendVision rows
follow its API pages.
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Callable, Iterator
from datetime import date, datetime, timezone
from typing import Any

import httpx
import pytest

from metricsdk import AwsCredentials, RetryPolicy
from metricsdk.blendvision import (
    AsyncBlendVisionClient,
    BlendVisionClient,
    DimensionWithCondition,
    EventReportKey,
    GroupByField,
    Interval,
    SummaryDimensionWithCondition,
    SummaryReportKey,
)
from metricsdk.errors import InvalidInputError
from metricsdk.mailmanager import (
    ArchiveStringEmailAttribute,
    AsyncMailManagerClient,
    ExportState,
    MailManagerClient,
    UnknownMember,
)
from metricsdk.sesv2 import (
    AsyncSESv2Client,
    BatchGetMetricDataQuery,
    MetricDataError,
    MetricDataResult,
    QueryErrorCode,
    SESv2Client,
)
from metricsdk.testing._emulator.app import Reply
from metricsdk.testing._emulator.server import LoopbackServer
from metricsdk.testing._emulator.wire import Answer, Incoming

UTC = timezone.utc
KEY = AwsCredentials("AKIDFORWARD000000000", "forward-secret")
ONCE = RetryPolicy(max_attempts=1)


class Canned:
    """A loopback server answering 200 with whatever body the test sets, and recording what
    it was sent."""

    def __init__(self) -> None:
        self.body = b"{}"
        self.content_type = "application/json"
        self.received: list[Incoming] = []
        self._lock = threading.Lock()
        self.server = LoopbackServer("127.0.0.1", 0, self._dispatch)

    def _dispatch(self, request: Incoming) -> Reply:
        with self._lock:
            self.received.append(request)
        return Reply(Answer(200, (("content-type", self.content_type),), self.body))

    @property
    def url(self) -> str:
        return self.server.url


@pytest.fixture(scope="module")
def canned() -> Iterator[Canned]:
    server = Canned()
    server.server.start()
    yield server
    server.server.close()


def run(kind: str, make: Callable[[str], Any], call: Callable[[Any], Any]) -> Any:
    """``call`` on the sync or the async client ``make(kind)`` builds; its result."""
    if kind == "sync":
        with make(kind) as client:
            return call(client)

    async def go() -> Any:
        async with make(kind) as client:
            return await call(client)

    return asyncio.run(go())


def answering(canned: Canned, payload: Any, content_type: str = "application/json") -> Canned:
    canned.body = json.dumps(payload).encode()
    canned.content_type = content_type
    return canned


# -- SES v2 BatchGetMetricData ----------------------------------------------------------------

QUERY = BatchGetMetricDataQuery(
    id="q", metric="SEND", start_date=date(2026, 1, 1), end_date=date(2026, 1, 2)
)
DAY = 1_767_225_600  # 2026-01-01T00:00:00Z
RESULT = {"Id": "q", "Timestamps": [DAY], "Values": [7]}


def _ses(canned: Canned) -> Callable[[str], Any]:
    def make(kind: str) -> Any:
        cls = SESv2Client if kind == "sync" else AsyncSESv2Client
        return cls(
            region="us-east-1",
            credentials=KEY,
            endpoint_url=canned.url,
            retry=ONCE,
            rate_limiter=None,
        )

    return make


SES_ROWS: dict[str, tuple[dict[str, Any], Callable[[Any], None]]] = {
    "new top-level and nested members": (
        {
            "Results": [{**RESULT, "Unit": "COUNT", "Statistics": {"Sum": 7}}],
            "Errors": [],
            "NextToken": "t",
            "QueryStatistics": {"ScannedBytes": 10},
        },
        lambda a: _expect(a.results == [_result()] and a.errors == []),
    ),
    "a new query error code": (
        {"Errors": [{"Id": "q", "Code": "QUOTA_EXCEEDED", "Message": "m"}]},
        lambda a: _expect(
            a.errors == [MetricDataError(id="q", code="QUOTA_EXCEEDED", message="m")]
            and type(a.errors[0].code) is str
        ),
    ),
    "a known query error code is the enum member": (
        {"Errors": [{"Id": "q", "Code": "ACCESS_DENIED"}]},
        lambda a: _expect(a.errors[0].code is QueryErrorCode.ACCESS_DENIED),
    ),
    "a result without Id, an error without Id, Code or Message": (
        {"Results": [{"Timestamps": [DAY], "Values": [1]}], "Errors": [{}]},
        lambda a: _expect(
            a.results == [MetricDataResult(id=None, timestamps=[_day()], values=[1])]
            and a.errors == [MetricDataError(id=None, code="", message="")]
        ),
    ),
    "a result without Timestamps and Values": (
        {"Results": [{"Id": "q"}]},
        lambda a: _expect(a.results == [MetricDataResult(id="q")]),
    ),
    "null lists read as empty": (
        {"Results": None, "Errors": None},
        lambda a: _expect(a.results == [] and a.errors == []),
    ),
    "null members of a result read as absent": (
        {"Results": [{"Id": "q", "Timestamps": None, "Values": None}], "Errors": []},
        lambda a: _expect(a.results == [MetricDataResult(id="q")]),
    ),
    "an empty object": ({}, lambda a: _expect(a.results == [] and a.errors == [])),
    "an Id longer than a request may send": (
        {"Results": [{**RESULT, "Id": "x" * 300}]},
        lambda a: _expect(a.results[0].id == "x" * 300),
    ),
}


def _day() -> datetime:
    return datetime(2026, 1, 1, tzinfo=UTC)


def _result() -> MetricDataResult:
    return MetricDataResult(id="q", timestamps=[_day()], values=[7])


def _expect(condition: bool) -> None:
    assert condition


@pytest.mark.parametrize("kind", ["sync", "async"])
@pytest.mark.parametrize("row", sorted(SES_ROWS))
def test_sesv2_answers(row: str, kind: str, canned: Canned) -> None:
    payload, check = SES_ROWS[row]
    answering(canned, payload)
    check(run(kind, _ses(canned), lambda c: c.batch_get_metric_data(queries=[QUERY])))


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_sesv2_get_metric_data_reports_a_result_without_id_as_missing(
    kind: str, canned: Canned
) -> None:
    answering(canned, {"Results": [{"Timestamps": [DAY], "Values": [1]}]})
    answer = run(kind, _ses(canned), lambda c: c.get_metric_data(queries=[QUERY]))
    assert answer.results == []
    assert [(e.id, e.code) for e in answer.errors] == [("q", "MISSING_FROM_ANSWER")]


# -- Mail Manager -----------------------------------------------------------------------------

JSON_1_0 = "application/x-amz-json-1.0"
IP_EXPRESSION = {
    "Evaluate": {"Attribute": "SENDER_IP"},
    "Operator": "CIDR_MATCHES",
    "Values": ["192.0.2.0/24"],
}


def _mailmanager(canned: Canned) -> Callable[[str], Any]:
    def make(kind: str) -> Any:
        cls = MailManagerClient if kind == "sync" else AsyncMailManagerClient
        return cls(region="us-east-1", credentials=KEY, endpoint_url=canned.url, retry=ONCE)

    return make


MM_GET_ROWS: dict[str, tuple[dict[str, Any], Callable[[Any], None]]] = {
    "a new kind of filter condition": (
        {"Filters": {"Include": [{"IpExpression": IP_EXPRESSION}]}},
        lambda a: _expect(
            a.filters.include[0].unknown == UnknownMember(name="IpExpression", value=IP_EXPRESSION)
            and a.filters.include[0].string_expression is None
            and a.filters.include[0].boolean_expression is None
        ),
    ),
    "a new kind of destination": (
        {"ExportDestinationConfiguration": {"Firehose": {"StreamArn": "arn:x"}}},
        lambda a: _expect(
            a.export_destination_configuration.unknown
            == UnknownMember(name="Firehose", value={"StreamArn": "arn:x"})
            and a.export_destination_configuration.s3 is None
        ),
    ),
    "a new kind of attribute to evaluate": (
        {
            "Filters": {
                "Unless": [
                    {
                        "StringExpression": {
                            "Evaluate": {"MimeHeaderAttribute": "X-Team"},
                            "Operator": "CONTAINS",
                            "Values": ["ops"],
                        }
                    }
                ]
            }
        },
        lambda a: _expect(
            a.filters.unless[0].string_expression.evaluate.unknown
            == UnknownMember(name="MimeHeaderAttribute", value="X-Team")
            and a.filters.unless[0].string_expression.evaluate.attribute is None
        ),
    ),
    "new enum values": (
        {
            "Filters": {
                "Include": [
                    {
                        "StringExpression": {
                            "Evaluate": {"Attribute": "REPLY_TO"},
                            "Operator": "STARTS_WITH",
                            "Values": ["x"],
                        }
                    },
                    {
                        "BooleanExpression": {
                            "Evaluate": {"Attribute": "HAS_LINKS"},
                            "Operator": "IS_MAYBE",
                        }
                    },
                ]
            },
            "Status": {"State": "ARCHIVED"},
        },
        lambda a: _expect(
            a.filters.include[0].string_expression.evaluate.attribute == "REPLY_TO"
            and a.filters.include[0].string_expression.operator == "STARTS_WITH"
            and a.filters.include[1].boolean_expression.evaluate.attribute == "HAS_LINKS"
            and a.filters.include[1].boolean_expression.operator == "IS_MAYBE"
            and a.status.state == "ARCHIVED"
            and not a.status.is_final
        ),
    ),
    "values a request may not send": (
        {
            "ArchiveId": "archive-without-the-prefix",
            "FromTimestamp": DAY + 100,
            "ToTimestamp": DAY,
            "MaxResults": 0,
            "ExportDestinationConfiguration": {"S3": {"S3Location": "s3://b/x"}},
            "Filters": {
                "Include": [
                    {
                        "StringExpression": {
                            "Evaluate": {"Attribute": "SUBJECT"},
                            "Operator": "CONTAINS",
                            "Values": [],
                        }
                    },
                    *[
                        {
                            "StringExpression": {
                                "Evaluate": {"Attribute": "TO"},
                                "Operator": "CONTAINS",
                                "Values": ["v" * 3000] * 11,
                            }
                        }
                    ]
                    * 11,
                ]
            },
        },
        lambda a: _expect(
            a.archive_id == "archive-without-the-prefix"
            and a.from_timestamp > a.to_timestamp
            and a.max_results == 0
            and a.export_destination_configuration.s3.s3_location == "s3://b/x"
            and a.filters.include[0].string_expression.values == []
            and len(a.filters.include) == 12
            and a.filters.include[1].string_expression.values == ["v" * 3000] * 11
        ),
    ),
    "a status without timestamps, and new members": (
        {"Status": {"State": "QUEUED", "Progress": 0.5}, "ExportArn": "arn:x", "Tags": []},
        lambda a: _expect(
            a.status.state is ExportState.QUEUED
            and a.status.submission_timestamp is None
            and a.status.completion_timestamp is None
        ),
    ),
    "nulls read as absent": (
        {
            "ArchiveId": None,
            "Filters": {"Include": None, "Unless": None},
            "ExportDestinationConfiguration": {"S3": {"S3Location": None}},
            "Status": None,
        },
        lambda a: _expect(
            a.archive_id is None
            and a.filters.include is None
            and a.export_destination_configuration.s3.s3_location is None
            and a.status.state == ""
        ),
    ),
    "a known attribute is the enum member": (
        {
            "Filters": {
                "Include": [
                    {
                        "StringExpression": {
                            "Evaluate": {"Attribute": "SUBJECT"},
                            "Operator": "CONTAINS",
                            "Values": ["x"],
                        }
                    }
                ]
            }
        },
        lambda a: _expect(
            a.filters.include[0].string_expression.evaluate.attribute
            is ArchiveStringEmailAttribute.SUBJECT
        ),
    ),
}


@pytest.mark.parametrize("kind", ["sync", "async"])
@pytest.mark.parametrize("row", sorted(MM_GET_ROWS))
def test_mailmanager_get_answers(row: str, kind: str, canned: Canned) -> None:
    payload, check = MM_GET_ROWS[row]
    answering(canned, payload, JSON_1_0)
    check(run(kind, _mailmanager(canned), lambda c: c.get_archive_export(export_id="e")))


MM_LIST_ROWS: dict[str, tuple[dict[str, Any], Callable[[Any], None]]] = {
    "an export without ExportId": (
        {"Exports": [{"Status": {"State": "COMPLETED"}}, {"ExportId": "e2"}]},
        lambda a: _expect(
            [e.export_id for e in a.exports] == [None, "e2"]
            and a.exports[0].status.state is ExportState.COMPLETED
        ),
    ),
    "null list and token": (
        {"Exports": None, "NextToken": None},
        lambda a: _expect(a.exports == [] and a.next_token is None),
    ),
    "new members and states": (
        {"Exports": [{"ExportId": "e", "Status": {"State": "PAUSED"}, "Size": 9}], "Count": 1},
        lambda a: _expect(a.exports[0].status.state == "PAUSED"),
    ),
}


@pytest.mark.parametrize("kind", ["sync", "async"])
@pytest.mark.parametrize("row", sorted(MM_LIST_ROWS))
def test_mailmanager_list_answers(row: str, kind: str, canned: Canned) -> None:
    payload, check = MM_LIST_ROWS[row]
    answering(canned, payload, JSON_1_0)
    check(run(kind, _mailmanager(canned), lambda c: c.list_archive_exports(archive_id="a-x")))


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_mailmanager_start_and_stop_answers_with_new_members(kind: str, canned: Canned) -> None:
    answering(canned, {"ExportId": "e", "ExportArn": "arn:x"}, JSON_1_0)
    started = run(
        kind,
        _mailmanager(canned),
        lambda c: c.start_archive_export(
            archive_id="a-x",
            from_timestamp=date(2026, 1, 1),
            to_timestamp=date(2026, 1, 2),
            export_destination_configuration=_s3(),
        ),
    )
    assert started.export_id == "e"
    answering(canned, {"Stopped": True}, JSON_1_0)
    run(kind, _mailmanager(canned), lambda c: c.stop_archive_export(export_id="e"))


def _s3() -> Any:
    from metricsdk.mailmanager import ExportDestinationConfiguration

    return ExportDestinationConfiguration.to_s3("s3://bucket/x/")


@pytest.mark.parametrize("kind", ["sync", "async"])
@pytest.mark.parametrize("row", ["a new kind of filter condition", "a new kind of destination"])
def test_an_unknown_member_read_back_is_never_sent(row: str, kind: str, canned: Canned) -> None:
    payload, _ = MM_GET_ROWS[row]
    answering(canned, {**payload, "ArchiveId": "a-x"}, JSON_1_0)
    read = run(kind, _mailmanager(canned), lambda c: c.get_archive_export(export_id="e"))
    sent_before = len(canned.received)
    with pytest.raises(InvalidInputError, match="a member this SDK does not know"):
        run(
            kind,
            _mailmanager(canned),
            lambda c: c.start_archive_export(
                archive_id="a-x",
                filters=read.filters,
                from_timestamp=date(2026, 1, 1),
                to_timestamp=date(2026, 1, 2),
                export_destination_configuration=read.export_destination_configuration or _s3(),
            ),
        )
    assert len(canned.received) == sent_before


# -- BlendVision ------------------------------------------------------------------------------

WATCH = {"dimension": "REPORT_DIMENSION_WATCH_TIME", "group_by_fields": []}


def _blendvision(canned: Canned) -> Callable[[str], Any]:
    def make(kind: str) -> Any:
        cls = BlendVisionClient if kind == "sync" else AsyncBlendVisionClient
        return cls(api_token="t", org_id="o", base_url=canned.url, retry=ONCE)

    return make


EVENT_KEY = EventReportKey(
    id="r", dimension_with_condition=DimensionWithCondition(dimension="REPORT_DIMENSION_WATCH_TIME")
)
SUMMARY_KEY = SummaryReportKey(
    id="s",
    dimension_with_condition=SummaryDimensionWithCondition(
        interval=Interval(start_time=date(2026, 1, 1), end_time=date(2026, 1, 2))
    ),
)

BV_EVENT_ROWS: dict[str, tuple[dict[str, Any], Callable[[Any], None]]] = {
    "new members everywhere": (
        {
            "reports": [
                {
                    "id": "r",
                    "status": "EVENT_REPORT_STATUS_SUCCEEDED",
                    "dimension_with_condition": {**WATCH, "timezone": "UTC"},
                    "created_at": "2026-01-01T00:00:00Z",
                    "size_bytes": 10,
                }
            ],
            "next_page_token": "",
        },
        lambda a: _expect(a[0].id == "r" and a[0].done),
    ),
    "new enum values": (
        {
            "reports": [
                {
                    "id": "r",
                    "status": "EVENT_REPORT_STATUS_EXPIRED",
                    "dimension_with_condition": {
                        "dimension": "REPORT_DIMENSION_REACTIONS",
                        "group_by_fields": ["GROUP_BY_FIELD_BROWSER", "GROUP_BY_FIELD_DEVICE_OS"],
                    },
                }
            ]
        },
        lambda a: _expect(
            a[0].status == "EVENT_REPORT_STATUS_EXPIRED"
            and not a[0].done
            and a[0].dimension_with_condition.dimension == "REPORT_DIMENSION_REACTIONS"
            and a[0].dimension_with_condition.group_by_fields
            == ("GROUP_BY_FIELD_BROWSER", GroupByField.DEVICE_OS)
        ),
    ),
    "nulls and left-out members": (
        {
            "reports": [
                {
                    "id": "r",
                    "status": None,
                    "uri": None,
                    "error_info": None,
                    "dimension": None,
                    "dimension_with_condition": {
                        "dimension": "REPORT_DIMENSION_WATCH_TIME",
                        "group_by_fields": None,
                        "filter": None,
                    },
                }
            ]
        },
        lambda a: _expect(
            a[0].uri is None
            and a[0].error_info is None
            and a[0].dimension_with_condition.group_by_fields == ()
            and a[0].dimension_with_condition.filter is None
        ),
    ),
    "a null list of reports": ({"reports": None}, lambda a: _expect(len(a) == 0)),
    "a window a request may not send": (
        {
            "reports": [
                {
                    "id": "r",
                    "dimension_with_condition": {
                        **WATCH,
                        "group_by_fields": ["GROUP_BY_FIELD_DEVICE_OS"] * 2,
                        "filter": {
                            "start_time": "2026-01-02T00:00:00Z",
                            "end_time": "2026-01-01T00:00:00Z",
                        },
                    },
                }
            ]
        },
        lambda a: _expect(
            a[0].dimension_with_condition.filter.start_time
            > a[0].dimension_with_condition.filter.end_time
            and a[0].dimension_with_condition.group_by_fields == (GroupByField.DEVICE_OS,) * 2
        ),
    ),
}


@pytest.mark.parametrize("kind", ["sync", "async"])
@pytest.mark.parametrize("row", sorted(BV_EVENT_ROWS))
def test_blendvision_event_answers(row: str, kind: str, canned: Canned) -> None:
    payload, check = BV_EVENT_ROWS[row]
    answering(canned, payload)
    check(run(kind, _blendvision(canned), lambda c: c.batch_get_event_reports(reports=[EVENT_KEY])))


BV_SUMMARY_ROWS: dict[str, tuple[dict[str, Any], Callable[[Any], None]]] = {
    "an interval left out": (
        {"reports": [{"id": "s", "dimension_with_condition": {"dimension": "X"}}]},
        lambda a: _expect(a[0].dimension_with_condition.interval == Interval()),
    ),
    "an interval with one end": (
        {
            "reports": [
                {
                    "id": "s",
                    "dimension_with_condition": {
                        "dimension": "SUMMARY_REPORT_DIMENSION_METRICS",
                        "interval": {"start_time": "2026-01-01T00:00:00Z"},
                    },
                }
            ]
        },
        lambda a: _expect(
            a[0].dimension_with_condition.interval
            == Interval(start_time=datetime(2026, 1, 1, tzinfo=UTC))
        ),
    ),
}


@pytest.mark.parametrize("kind", ["sync", "async"])
@pytest.mark.parametrize("row", sorted(BV_SUMMARY_ROWS))
def test_blendvision_summary_answers(row: str, kind: str, canned: Canned) -> None:
    payload, check = BV_SUMMARY_ROWS[row]
    answering(canned, payload)
    check(
        run(
            kind,
            _blendvision(canned),
            lambda c: c.batch_get_summary_reports(reports=[SUMMARY_KEY]),
        )
    )


def test_the_canned_server_is_really_asked(canned: Canned) -> None:
    """The rows above would prove nothing if the clients never reached the server."""
    answering(canned, {"Results": [RESULT]})
    before = len(canned.received)
    answer = run("sync", _ses(canned), lambda c: c.batch_get_metric_data(queries=[QUERY]))
    assert answer.results == [_result()]
    assert len(canned.received) == before + 1
    assert httpx.URL(canned.url).host == "127.0.0.1"
