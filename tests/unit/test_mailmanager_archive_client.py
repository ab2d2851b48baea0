"""``list_archives``, ``iter_archives`` and ``get_archive`` through both clients against respx:
what is sent, what is read, the paginator. (Error mapping and retries of every operation are in
test_mailmanager_client.py.)"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest
import respx

from metricsdk import AwsCredentials
from metricsdk.errors import InvalidInputError, MalformedResponseError
from metricsdk.mailmanager import (
    Archive,
    ArchiveState,
    AsyncMailManagerClient,
    GetArchiveResponse,
    ListArchivesResponse,
    MailManagerClient,
    ResourceNotFoundException,
    RetentionPeriod,
)
from tests.unit.test_mailmanager_client import FAST, URL, Runner, route_for, throttled


@pytest.fixture(params=["sync", "async"])
def run(request: pytest.FixtureRequest, aws_credentials: AwsCredentials) -> Runner:
    return Runner(request.param, aws_credentials)


def archive_pages(request: httpx.Request) -> httpx.Response:
    """Three pages: a-1 a-2 | a-3 a-4 | a-5, chained by NextToken."""
    token = json.loads(request.content).get("NextToken")
    pages = {None: (["a-1", "a-2"], "t1"), "t1": (["a-3", "a-4"], "t2"), "t2": (["a-5"], None)}
    ids, next_token = pages[token]
    body: dict[str, Any] = {
        "Archives": [{"ArchiveId": i, "ArchiveName": i[2:], "ArchiveState": "ACTIVE"} for i in ids]
    }
    if next_token:
        body["NextToken"] = next_token
    return httpx.Response(200, json=body)


@respx.mock
def test_list_archives_sends_a_page_request_and_reads_the_page(run: Runner) -> None:
    route = route_for("ListArchives").mock(side_effect=archive_pages)
    page = run("list_archives", page_size=2, next_token="t1")
    assert isinstance(page, ListArchivesResponse)
    assert [a.archive_id for a in page.archives] == ["a-3", "a-4"] and page.next_token == "t2"
    assert page.archives[0] == Archive(
        archive_id="a-3", archive_name="3", archive_state=ArchiveState.ACTIVE
    )
    sent = route.calls.last.request
    assert json.loads(sent.content) == {"PageSize": 2, "NextToken": "t1"}
    assert sent.headers["x-amz-target"] == "MailManagerSvc.ListArchives"
    assert "/us-east-1/ses/aws4_request" in sent.headers["authorization"]
    run("list_archives")
    assert json.loads(route.calls.last.request.content) == {}


@respx.mock
def test_iter_archives_follows_next_token(run: Runner) -> None:
    route = route_for("ListArchives").mock(side_effect=archive_pages)
    archives = run("iter_archives", page_size=2)
    assert [a.archive_id for a in archives] == ["a-1", "a-2", "a-3", "a-4", "a-5"]
    sent = [json.loads(call.request.content) for call in route.calls]
    assert sent == [
        {"PageSize": 2},
        {"PageSize": 2, "NextToken": "t1"},
        {"PageSize": 2, "NextToken": "t2"},
    ]


@respx.mock
def test_iter_archives_rides_out_throttling_and_stops_on_a_repeated_token(run: Runner) -> None:
    answers = iter([throttled()])
    route = route_for("ListArchives").mock(
        side_effect=lambda request: next(answers, None) or archive_pages(request)
    )
    assert len(run("iter_archives", client={"retry": FAST})) == 5
    assert route.call_count == 4
    route.mock(
        side_effect=None,
        return_value=httpx.Response(
            200, json={"Archives": [{"ArchiveId": "a-1"}], "NextToken": "same"}
        ),
    )
    with pytest.raises(MalformedResponseError, match="ListArchives: the answer repeats"):
        run("iter_archives")


def test_iter_archives_checks_its_arguments_before_iterating(
    aws_credentials: AwsCredentials,
) -> None:
    with MailManagerClient(region="us-east-1", credentials=aws_credentials) as mm:
        with pytest.raises(InvalidInputError, match="page_size"):
            mm.iter_archives(page_size=0)
    client = AsyncMailManagerClient(region="us-east-1", credentials=aws_credentials)
    with pytest.raises(InvalidInputError, match="page_size"):
        client.iter_archives(page_size=51)
    asyncio.run(client.aclose())


@respx.mock
def test_get_archive(run: Runner) -> None:
    route = route_for("GetArchive").respond(
        200,
        json={
            "ArchiveId": "a-demo",
            "ArchiveName": "demo",
            "ArchiveArn": "arn:aws:ses:us-east-1:111122223333:mailmanager-archive/a-demo",
            "ArchiveState": "ACTIVE",
            "Retention": {"RetentionPeriod": "PERMANENT"},
            "CreatedTimestamp": 1735689600,
        },
    )
    got = run("get_archive", archive_id="a-demo")
    assert isinstance(got, GetArchiveResponse)
    assert got.retention.retention_period is RetentionPeriod.PERMANENT
    assert got.created_timestamp is not None and got.created_timestamp.year == 2025
    assert json.loads(route.calls.last.request.content) == {"ArchiveId": "a-demo"}


@respx.mock
def test_get_archive_of_an_unknown_archive(run: Runner) -> None:
    respx.post(URL).respond(
        404, json={"__type": "com.amazonaws.mailmanager#ResourceNotFoundException"}
    )
    with pytest.raises(ResourceNotFoundException):
        run("get_archive", archive_id="a-none")


@respx.mock
def test_archive_arguments_are_checked_before_sending(run: Runner) -> None:
    route = respx.post(URL).respond(200, json={"Archives": []})
    with pytest.raises(InvalidInputError, match="archive_id"):
        run("get_archive", archive_id="")
    with pytest.raises(InvalidInputError, match="next_token"):
        run("list_archives", next_token="")
    assert route.call_count == 0
