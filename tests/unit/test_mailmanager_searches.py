"""Mail Manager archive searches, sans I/O: every rule of the search requests with the message it
shows, their wire format, and how the answers are read (typed rows, open enums, unknown union
members, nulls, values a request could not send)."""

from __future__ import annotations

import contextlib
import json
from datetime import date, datetime, timezone
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from metricsdk._core.transport import RequestSpec
from metricsdk.errors import InvalidInputError, MalformedResponseError
from metricsdk.mailmanager import (
    ArchiveFilterCondition,
    ArchiveFilters,
    ArchiveStringEmailAttribute,
    Envelope,
    GetArchiveSearchRequest,
    GetArchiveSearchResultsRequest,
    GetArchiveSearchResultsResponse,
    ListArchiveSearchesRequest,
    ListArchiveSearchesResponse,
    Row,
    SearchState,
    SearchStatus,
    StartArchiveSearchRequest,
    StartArchiveSearchResponse,
    StopArchiveSearchRequest,
    StopArchiveSearchResponse,
    UnknownMember,
)
from metricsdk.mailmanager import operations as ops

START = datetime(2026, 1, 1, tzinfo=timezone.utc)
END = datetime(2026, 2, 1, 12, 30, 15, 250_000, tzinfo=timezone.utc)


def start(**overrides: Any) -> StartArchiveSearchRequest:
    fields: dict[str, Any] = {
        "archive_id": "a-demo",
        "from_timestamp": START,
        "to_timestamp": END,
        "max_results": 100,
    }
    fields.update(overrides)
    return StartArchiveSearchRequest(**{k: v for k, v in fields.items() if v is not ...})


# ---- requests -----------------------------------------------------------------------------


def test_start_request_wire_format() -> None:
    filters = ArchiveFilters(
        include=[ArchiveFilterCondition.subject_contains("invoice")],
        unless=[ArchiveFilterCondition.has_attachments()],
    )
    spec = ops.build_start_archive_search(start(filters=filters, archive_id="a-demo_1"))
    assert (spec.operation, spec.method, spec.path, spec.query) == (
        "StartArchiveSearch",
        "POST",
        "/",
        (),
    )
    assert dict(spec.headers) == {
        "content-type": "application/x-amz-json-1.0",
        "x-amz-target": "MailManagerSvc.StartArchiveSearch",
    }
    # No client token in the model: a repeat could start a second search.
    assert spec.idempotent is False
    assert json.loads(spec.body) == {
        "ArchiveId": "a-demo_1",
        "Filters": {
            "Include": [
                {
                    "StringExpression": {
                        "Evaluate": {"Attribute": "SUBJECT"},
                        "Operator": "CONTAINS",
                        "Values": ["invoice"],
                    }
                }
            ],
            "Unless": [
                {
                    "BooleanExpression": {
                        "Evaluate": {"Attribute": "HAS_ATTACHMENTS"},
                        "Operator": "IS_TRUE",
                    }
                }
            ],
        },
        "FromTimestamp": 1767225600,
        "ToTimestamp": 1769949015.25,
        "MaxResults": 100,
    }


def test_a_minimal_start_sends_max_results_even_when_zero() -> None:
    body = json.loads(ops.build_start_archive_search(start(max_results=0)).body)
    assert body == {
        "ArchiveId": "a-demo",
        "FromTimestamp": 1767225600,
        "ToTimestamp": 1769949015.25,
        "MaxResults": 0,
    }


@pytest.mark.parametrize(
    ("spec", "target", "body"),
    [
        (
            ops.build_get_archive_search(GetArchiveSearchRequest(search_id="s-1")),
            "GetArchiveSearch",
            {"SearchId": "s-1"},
        ),
        (
            ops.build_get_archive_search_results(GetArchiveSearchResultsRequest(search_id="s-1")),
            "GetArchiveSearchResults",
            {"SearchId": "s-1"},
        ),
        (
            ops.build_stop_archive_search(StopArchiveSearchRequest(search_id="s-1")),
            "StopArchiveSearch",
            {"SearchId": "s-1"},
        ),
        (
            ops.build_list_archive_searches(
                ListArchiveSearchesRequest(archive_id="a-x1", page_size=50, next_token="tok")
            ),
            "ListArchiveSearches",
            {"ArchiveId": "a-x1", "PageSize": 50, "NextToken": "tok"},
        ),
        (
            ops.build_list_archive_searches(ListArchiveSearchesRequest(archive_id="a-x1")),
            "ListArchiveSearches",
            {"ArchiveId": "a-x1"},
        ),
    ],
)
def test_the_other_requests_are_safe_to_repeat(
    spec: RequestSpec, target: str, body: object
) -> None:
    assert spec.idempotent is True
    assert dict(spec.headers)["x-amz-target"] == f"MailManagerSvc.{target}"
    assert json.loads(spec.body) == body


def test_start_normalises_dates_and_accepts_what_the_model_allows() -> None:
    request = start(from_timestamp=date(2026, 1, 1), to_timestamp=datetime(2025, 1, 1))
    assert request.from_timestamp == START  # a date is midnight UTC
    assert request.to_timestamp == datetime(2025, 1, 1, tzinfo=timezone.utc)  # naive is UTC
    # No order between the two, and the bounds of SearchMaxResults are inclusive.
    assert start(max_results=1000).max_results == 1000
    assert start(max_results=0).max_results == 0
    assert start(filters=ArchiveFilters()).filters == ArchiveFilters()


@pytest.mark.parametrize(
    ("overrides", "field", "rule"),
    [
        ({"archive_id": "demo"}, "archive_id", "must match the pattern"),
        ({"archive_id": "a-é"}, "archive_id", "must match the pattern"),
        ({"archive_id": "a-" + "x" * 65}, "archive_id", "3 to 66 characters, got 67"),
        ({"max_results": 1001}, "max_results", "must be from 0 to 1000, got 1001"),
        ({"max_results": -1}, "max_results", "must be from 0 to 1000, got -1"),
        ({"max_results": None}, "max_results", "is required"),
        ({"max_results": 2.0}, "max_results", "must be an integer, got float"),
        ({"max_results": ...}, "max_results", "missing"),
        ({"from_timestamp": "2026-01-01"}, "from_timestamp", "datetime or a date"),
        ({"to_timestamp": None}, "to_timestamp", "datetime or a date"),
        ({"filters": "subject"}, "filters", "must be an ArchiveFilters"),
        (
            {
                "filters": ArchiveFilters(
                    include=[
                        ArchiveFilterCondition(unknown=UnknownMember(name="IpExpression", value={}))
                    ]
                )
            },
            "filters.include[0]",
            "cannot be sent",
        ),
    ],
)
def test_start_rules(overrides: dict[str, Any], field: str, rule: str) -> None:
    with pytest.raises((InvalidInputError, TypeError)) as caught:
        start(**overrides)
    if isinstance(caught.value, TypeError):  # a required argument left out
        assert field in str(caught.value) and rule in str(caught.value)
        return
    assert caught.value.field == field
    assert rule in caught.value.rule


@pytest.mark.parametrize(
    "cls", [GetArchiveSearchRequest, GetArchiveSearchResultsRequest, StopArchiveSearchRequest]
)
@pytest.mark.parametrize(
    ("search_id", "rule"),
    [("", "1 to 64 characters, got 0"), ("s" * 65, "got 65"), (5, "must be a string")],
)
def test_search_id_rules(cls: Any, search_id: Any, rule: str) -> None:
    assert cls(search_id="s" * 64).search_id == "s" * 64
    with pytest.raises(InvalidInputError) as caught:
        cls(search_id=search_id)
    assert caught.value.field == "search_id"
    assert rule in caught.value.rule


@pytest.mark.parametrize(
    ("overrides", "field", "rule"),
    [
        ({"archive_id": "archive-1"}, "archive_id", "must match the pattern"),
        ({"page_size": 0}, "page_size", "must be from 1 to 50, got 0"),
        ({"page_size": 51}, "page_size", "must be from 1 to 50, got 51"),
        ({"next_token": ""}, "next_token", "1 to 2048 characters, got 0"),
        ({"next_token": "t" * 2049}, "next_token", "got 2049"),
    ],
)
def test_list_searches_rules(overrides: dict[str, Any], field: str, rule: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        ListArchiveSearchesRequest(**{"archive_id": "a-demo", **overrides})
    assert caught.value.field == field
    assert rule in caught.value.rule


@pytest.mark.parametrize(
    ("state", "final"),
    [
        (SearchState.QUEUED, False),
        (SearchState.RUNNING, False),
        (SearchState.COMPLETED, True),
        (SearchState.FAILED, True),
        (SearchState.CANCELLED, True),
        ("PAUSED", False),
        ("", False),
    ],
)
def test_status_finality(state: SearchState | str, final: bool) -> None:
    assert SearchStatus(state=state).is_final is final


# ---- answers ------------------------------------------------------------------------------

FULL_ROW: dict[str, Any] = {
    "ArchivedMessageId": "m-1",
    "ReceivedTimestamp": 1767225600,
    "Date": "Thu, 01 Jan 2026 00:00:00 +0000",
    "To": "ops@example.com",
    "From": "Billing <billing@example.com>",
    "Cc": "audit@example.com",
    "Subject": "Invoice 42",
    "MessageId": "<m1@mail.example.com>",
    "HasAttachments": True,
    "ReceivedHeaders": ["from mx.example.net by inbound", "from a by b"],
    "InReplyTo": "<m0@mail.example.com>",
    "XMailer": "mailer 1.0",
    "XOriginalMailer": "orig 2.0",
    "XPriority": "3",
    "IngressPointId": "inp-1",
    "SenderHostname": "mx.example.net",
    "SenderIpAddress": "192.0.2.10",
    "Envelope": {"Helo": "mx.example.net", "From": "bounce@example.com", "To": ["ops@x", "b@y"]},
    "SourceArn": "arn:aws:ses:us-east-1:111122223333:mailmanager-ingress-point/inp-1",
}


def test_every_member_of_a_row_is_read() -> None:
    answer = ops.parse_get_archive_search_results(json.dumps({"Rows": [FULL_ROW]}).encode())
    assert answer == GetArchiveSearchResultsResponse(
        rows=[
            Row(
                archived_message_id="m-1",
                received_timestamp=START,
                date="Thu, 01 Jan 2026 00:00:00 +0000",
                to="ops@example.com",
                from_="Billing <billing@example.com>",
                cc="audit@example.com",
                subject="Invoice 42",
                message_id="<m1@mail.example.com>",
                has_attachments=True,
                received_headers=["from mx.example.net by inbound", "from a by b"],
                in_reply_to="<m0@mail.example.com>",
                x_mailer="mailer 1.0",
                x_original_mailer="orig 2.0",
                x_priority="3",
                ingress_point_id="inp-1",
                sender_hostname="mx.example.net",
                sender_ip_address="192.0.2.10",
                envelope=Envelope(
                    helo="mx.example.net", from_="bounce@example.com", to=["ops@x", "b@y"]
                ),
                source_arn="arn:aws:ses:us-east-1:111122223333:mailmanager-ingress-point/inp-1",
            )
        ]
    )
    row = answer.rows[0]
    assert row.received_timestamp is not None and row.received_timestamp.tzinfo is not None


def test_the_sensitive_sender_address_is_kept_but_not_shown() -> None:
    row = Row(sender_ip_address="192.0.2.10", subject="s")
    assert row.sender_ip_address == "192.0.2.10"
    assert "192.0.2.10" not in repr(row) and "sender_ip_address='***'" in repr(row)
    assert "sender_ip_address=None" in repr(Row())


def test_rows_are_read_leniently() -> None:
    body = {
        "Rows": [
            {"Subject": None, "NewHeader": "x", "Envelope": {"Helo": "h", "Extra": 1}},
            {},
        ],
        "NextToken": "not in the model",
    }
    answer = ops.parse_get_archive_search_results(json.dumps(body).encode())
    assert answer.rows == [Row(envelope=Envelope(helo="h")), Row()]
    assert ops.parse_get_archive_search_results(b"{}").rows == []
    assert ops.parse_get_archive_search_results(b'{"Rows": null}').rows == []


def test_get_search_answer_is_read() -> None:
    body = {
        "ArchiveId": "a-demo",
        "Filters": {
            "Include": [
                {
                    "StringExpression": {
                        "Evaluate": {"Attribute": "BCC"},
                        "Operator": "CONTAINS",
                        "Values": [],
                    }
                },
                {"IpExpression": {"Operator": "CIDR"}},
            ]
        },
        "FromTimestamp": 1767225600,
        "ToTimestamp": 1769949015.25,
        "MaxResults": 5000,  # past SearchMaxResults: an answer is not held to it
        "Status": {"SubmissionTimestamp": 1767225601, "State": "RUNNING"},
        "Unmodelled": True,
    }
    answer = ops.parse_get_archive_search(json.dumps(body).encode())
    assert (answer.archive_id, answer.from_timestamp, answer.to_timestamp) == ("a-demo", START, END)
    assert answer.max_results == 5000
    assert answer.status.state is SearchState.RUNNING and not answer.status.is_final
    assert answer.filters is not None and answer.filters.include is not None
    first, second = answer.filters.include
    assert first.string_expression is not None
    assert first.string_expression.evaluate.attribute == "BCC"
    assert first.string_expression.values == []
    assert second.unknown == UnknownMember(name="IpExpression", value={"Operator": "CIDR"})
    empty = ops.parse_get_archive_search(b"{}")
    assert (empty.archive_id, empty.status) == (None, SearchStatus())
    unknown_state = ops.parse_get_archive_search(b'{"Status": {"State": "PAUSED"}}')
    assert unknown_state.status.state == "PAUSED"
    assert ArchiveStringEmailAttribute.SUBJECT == "SUBJECT"


def test_list_searches_answer_is_read() -> None:
    body = {
        "Searches": [
            {"SearchId": "s1", "Status": {"State": "COMPLETED", "CompletionTimestamp": 5}},
            {"SearchId": "s2"},
            {"Status": None},
        ],
        "NextToken": "next",
    }
    page = ops.parse_list_archive_searches(json.dumps(body).encode())
    assert [s.search_id for s in page.searches] == ["s1", "s2", None]
    assert page.searches[0].status.state is SearchState.COMPLETED
    assert page.searches[1].status == SearchStatus()
    assert page.next_token == "next"
    assert ops.parse_list_archive_searches(b'{"Searches": null}') == ListArchiveSearchesResponse()


def test_start_and_stop_answers() -> None:
    assert ops.parse_start_archive_search(b'{"SearchId": "s-1", "New": 1}') == (
        StartArchiveSearchResponse(search_id="s-1")
    )
    assert ops.parse_stop_archive_search(b"") == StopArchiveSearchResponse()
    assert ops.parse_stop_archive_search(b'{"New": 1}') == StopArchiveSearchResponse()


@pytest.mark.parametrize(
    ("parse", "content"),
    [
        (ops.parse_start_archive_search, b"{}"),  # no SearchId to follow
        (ops.parse_start_archive_search, b'{"SearchId": 5}'),
        (ops.parse_start_archive_search, b""),
        (ops.parse_get_archive_search, b'{"Status": {"State": 3}}'),
        (ops.parse_get_archive_search, b'{"Filters": {"Include": [{}]}}'),
        (ops.parse_get_archive_search, b'{"MaxResults": "10"}'),
        (ops.parse_get_archive_search_results, b'{"Rows": {"Subject": "s"}}'),
        (ops.parse_get_archive_search_results, b'{"Rows": [{"HasAttachments": "yes"}]}'),
        (ops.parse_get_archive_search_results, b'{"Rows": [{"ReceivedHeaders": "r"}]}'),
        (ops.parse_get_archive_search_results, b'{"Rows": [{"Envelope": {"To": "x"}}]}'),
        (ops.parse_get_archive_search_results, b'{"Rows": [{"ReceivedTimestamp": true}]}'),
        (ops.parse_get_archive_search_results, b"  "),
        (ops.parse_list_archive_searches, b'{"Searches": [5]}'),
        (ops.parse_stop_archive_search, b"[]"),
    ],
)
def test_answers_that_cannot_be_read(parse: Any, content: bytes) -> None:
    with pytest.raises(MalformedResponseError) as caught:
        parse(content)
    assert caught.value.status_code == 200
    assert caught.value.service == "mailmanager"


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)
row_keys = st.sampled_from([*FULL_ROW, "Other"])
rows = st.dictionaries(row_keys, json_values, max_size=6)


@settings(max_examples=200, deadline=None)
@given(st.one_of(json_values, st.fixed_dictionaries({"Rows": st.lists(rows, max_size=3)})))
def test_any_answer_is_a_result_or_a_malformed_response(answer: Any) -> None:
    body = json.dumps(answer).encode()
    for parse in (
        ops.parse_get_archive_search_results,
        ops.parse_get_archive_search,
        ops.parse_list_archive_searches,
        ops.parse_start_archive_search,
        ops.parse_stop_archive_search,
    ):
        # Anything else than a result or a MalformedResponseError fails the test.
        with contextlib.suppress(MalformedResponseError):
            parse(body)
