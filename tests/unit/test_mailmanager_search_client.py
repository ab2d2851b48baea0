"""The archive search methods through both clients against respx: what is sent, what is read,
the paginator and the waiter. (Error mapping and the retry rules of every operation are in
test_mailmanager_client.py.)"""

from __future__ import annotations

import asyncio
import json
from datetime import date, datetime, timezone
from typing import Any

import httpx
import pytest
import respx

from metricsdk import AwsCredentials
from metricsdk.errors import InvalidInputError, MalformedResponseError, WaiterTimeoutError
from metricsdk.mailmanager import (
    ArchiveFilterCondition,
    ArchiveFilters,
    ArchiveSearchFailedError,
    AsyncMailManagerClient,
    ConflictException,
    GetArchiveSearchResponse,
    ListArchiveSearchesResponse,
    MailManagerClient,
    Row,
    SearchState,
    StartArchiveSearchResponse,
    StopArchiveSearchResponse,
)
from tests.unit.test_mailmanager_client import FAST, URL, Runner, route_for, throttled

START = datetime(2026, 1, 1, tzinfo=timezone.utc)
SEARCH: dict[str, Any] = {
    "archive_id": "a-demo",
    "from_timestamp": date(2026, 1, 1),
    "to_timestamp": date(2026, 2, 1),
    "max_results": 50,
}
WAIT: dict[str, Any] = {"search_id": "s-1", "poll_interval": 0.001, "timeout": 30.0}


@pytest.fixture(params=["sync", "async"])
def run(request: pytest.FixtureRequest, aws_credentials: AwsCredentials) -> Runner:
    return Runner(request.param, aws_credentials)


def search_status(state: str, message: str | None = None) -> httpx.Response:
    status: dict[str, Any] = {"State": state, "SubmissionTimestamp": 1767225600}
    if message is not None:
        status["ErrorMessage"] = message
    return httpx.Response(200, json={"ArchiveId": "a-demo", "MaxResults": 50, "Status": status})


@respx.mock
def test_start_search_sends_the_filters_and_the_range(run: Runner) -> None:
    route = route_for("StartArchiveSearch").respond(200, json={"SearchId": "s-1"})
    filters = ArchiveFilters(include=[ArchiveFilterCondition.from_contains("billing@")])
    started = run("start_archive_search", **SEARCH, filters=filters)
    assert started == StartArchiveSearchResponse(search_id="s-1")
    sent = route.calls.last.request
    assert sent.headers["content-type"] == "application/x-amz-json-1.0"
    assert "/us-east-1/ses/aws4_request" in sent.headers["authorization"]
    assert json.loads(sent.content) == {
        "ArchiveId": "a-demo",
        "Filters": {
            "Include": [
                {
                    "StringExpression": {
                        "Evaluate": {"Attribute": "FROM"},
                        "Operator": "CONTAINS",
                        "Values": ["billing@"],
                    }
                }
            ]
        },
        "FromTimestamp": 1767225600,
        "ToTimestamp": 1769904000,
        "MaxResults": 50,
    }


@respx.mock
def test_get_results_stop_and_list(run: Runner) -> None:
    route_for("GetArchiveSearch").mock(return_value=search_status("RUNNING"))
    results = route_for("GetArchiveSearchResults").respond(
        200,
        json={
            "Rows": [
                {"ArchivedMessageId": "m1", "Subject": "Invoice", "HasAttachments": False},
                {
                    "ArchivedMessageId": "m2",
                    "From": "a@example.com",
                    "ReceivedTimestamp": 1767225600,
                },
            ]
        },
    )
    stop = route_for("StopArchiveSearch").respond(200, json={})
    listing = route_for("ListArchiveSearches").respond(
        200, json={"Searches": [{"SearchId": "s-1", "Status": {"State": "CANCELLED"}}]}
    )
    got = run("get_archive_search", search_id="s-1")
    assert isinstance(got, GetArchiveSearchResponse)
    assert got.status.state is SearchState.RUNNING and got.max_results == 50
    rows = run("get_archive_search_results", search_id="s-1").rows
    assert rows == [
        Row(archived_message_id="m1", subject="Invoice", has_attachments=False),
        Row(archived_message_id="m2", from_="a@example.com", received_timestamp=START),
    ]
    assert json.loads(results.calls.last.request.content) == {"SearchId": "s-1"}
    assert run("stop_archive_search", search_id="s-1") == StopArchiveSearchResponse()
    assert json.loads(stop.calls.last.request.content) == {"SearchId": "s-1"}
    page = run("list_archive_searches", archive_id="a-demo", page_size=5, next_token="t")
    assert isinstance(page, ListArchiveSearchesResponse)
    assert page.searches[0].status.state is SearchState.CANCELLED
    assert json.loads(listing.calls.last.request.content) == {
        "ArchiveId": "a-demo",
        "PageSize": 5,
        "NextToken": "t",
    }


@respx.mock
def test_results_before_completion_are_a_conflict_not_retried(run: Runner) -> None:
    route = route_for("GetArchiveSearchResults").respond(
        409,
        json={"__type": "com.amazonaws.mailmanager#ConflictException", "Message": "not done"},
    )
    with pytest.raises(ConflictException) as caught:
        run("get_archive_search_results", client={"retry": FAST}, search_id="s-1")
    assert (caught.value.status_code, caught.value.message) == (409, "not done")
    assert route.call_count == 1


def search_pages(request: httpx.Request) -> httpx.Response:
    """Three pages: s1 s2 | s3 s4 | s5, chained by NextToken."""
    token = json.loads(request.content).get("NextToken")
    pages = {None: (["s1", "s2"], "t1"), "t1": (["s3", "s4"], "t2"), "t2": (["s5"], None)}
    ids, next_token = pages[token]
    body: dict[str, Any] = {
        "Searches": [{"SearchId": i, "Status": {"State": "COMPLETED"}} for i in ids]
    }
    if next_token:
        body["NextToken"] = next_token
    return httpx.Response(200, json=body)


@respx.mock
def test_iter_archive_searches_follows_next_token(run: Runner) -> None:
    answers = iter([throttled()])
    route = route_for("ListArchiveSearches").mock(
        side_effect=lambda request: next(answers, None) or search_pages(request)
    )
    summaries = run(
        "iter_archive_searches", client={"retry": FAST}, archive_id="a-demo", page_size=2
    )
    assert [s.search_id for s in summaries] == ["s1", "s2", "s3", "s4", "s5"]
    assert route.call_count == 4  # one page was throttled once
    sent = [json.loads(call.request.content) for call in route.calls[1:]]
    assert [body.get("NextToken") for body in sent] == [None, "t1", "t2"]
    assert {body["ArchiveId"] for body in sent} == {"a-demo"}


@respx.mock
def test_iter_archive_searches_stops_on_a_repeated_token(run: Runner) -> None:
    route_for("ListArchiveSearches").respond(
        200, json={"Searches": [{"SearchId": "s1"}], "NextToken": "same"}
    )
    with pytest.raises(MalformedResponseError, match="ListArchiveSearches: the answer repeats"):
        run("iter_archive_searches", archive_id="a-demo")


def test_iter_archive_searches_checks_its_arguments_before_iterating(
    aws_credentials: AwsCredentials,
) -> None:
    with MailManagerClient(region="us-east-1", credentials=aws_credentials) as mm:
        with pytest.raises(InvalidInputError, match="archive_id"):
            mm.iter_archive_searches(archive_id="demo")
    client = AsyncMailManagerClient(region="us-east-1", credentials=aws_credentials)
    with pytest.raises(InvalidInputError, match="page_size"):
        client.iter_archive_searches(archive_id="a-demo", page_size=0)
    asyncio.run(client.aclose())


@respx.mock
def test_waiter_returns_the_completed_answer(run: Runner) -> None:
    route = route_for("GetArchiveSearch").mock(
        side_effect=[search_status("QUEUED"), search_status("RUNNING"), search_status("COMPLETED")]
    )
    final = run("wait_for_archive_search", **WAIT)
    assert final.status.state is SearchState.COMPLETED
    assert route.call_count == 3
    assert all(json.loads(c.request.content) == {"SearchId": "s-1"} for c in route.calls)


@pytest.mark.parametrize(
    ("state", "message"), [("FAILED", "archive unreadable"), ("CANCELLED", None)]
)
@respx.mock
def test_waiter_raises_on_failed_and_cancelled(
    run: Runner, state: str, message: str | None
) -> None:
    route_for("GetArchiveSearch").mock(
        side_effect=[search_status("RUNNING"), search_status(state, message)]
    )
    with pytest.raises(ArchiveSearchFailedError) as caught:
        run("wait_for_archive_search", **WAIT)
    assert (caught.value.search_id, caught.value.state) == ("s-1", state)
    assert caught.value.error_message == message


@respx.mock
def test_waiter_times_out(run: Runner) -> None:
    route = route_for("GetArchiveSearch").mock(return_value=search_status("RUNNING"))
    with pytest.raises(WaiterTimeoutError) as caught:
        run("wait_for_archive_search", search_id="s-1", timeout=0.05, poll_interval=0.001)
    assert caught.value.pending == ("s-1",)
    assert "archive search 's-1' still RUNNING" in str(caught.value)
    assert route.call_count >= 2


@respx.mock
def test_waiter_rides_out_throttling(run: Runner) -> None:
    route = route_for("GetArchiveSearch").mock(
        side_effect=[throttled(), search_status("RUNNING"), search_status("COMPLETED")]
    )
    assert run("wait_for_archive_search", client={"retry": FAST}, **WAIT).status.is_final
    assert route.call_count == 3


@pytest.mark.parametrize(
    ("method", "kwargs", "field"),
    [
        ("start_archive_search", {**SEARCH, "max_results": 1001}, "max_results"),
        ("start_archive_search", {**SEARCH, "archive_id": "archive"}, "archive_id"),
        ("get_archive_search", {"search_id": ""}, "search_id"),
        ("get_archive_search_results", {"search_id": "s" * 65}, "search_id"),
        ("stop_archive_search", {"search_id": ""}, "search_id"),
        ("list_archive_searches", {"archive_id": "a-demo", "page_size": 51}, "page_size"),
        ("wait_for_archive_search", {"search_id": ""}, "search_id"),
        ("wait_for_archive_search", {"search_id": "s-1", "timeout": 0}, "timeout"),
        ("wait_for_archive_search", {"search_id": "s-1", "poll_interval": -1}, "poll_interval"),
    ],
)
@respx.mock
def test_arguments_are_checked_before_sending(
    run: Runner, method: str, kwargs: dict[str, Any], field: str
) -> None:
    route = respx.post(URL).mock(return_value=search_status("COMPLETED"))
    with pytest.raises(InvalidInputError) as caught:
        run(method, **kwargs)
    assert caught.value.field == field
    assert route.call_count == 0
