"""MailManagerClient and AsyncMailManagerClient against respx: wire format and signing, error
mapping, the retry rules of each operation, the paginator and the waiter. Every case runs
through both clients."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

import attrs
import httpx
import pytest
import respx

from metricsdk import AwsCredentials, RetryPolicy
from metricsdk.errors import (
    APIError,
    AuthenticationError,
    BadRequestError,
    InvalidInputError,
    MalformedResponseError,
    NotFoundError,
    PermissionDeniedError,
    QuotaExceededError,
    ServerError,
    ThrottlingError,
    TransportError,
    WaiterTimeoutError,
)
from metricsdk.mailmanager import (
    AccessDeniedException,
    ArchiveExportFailedError,
    ArchiveFilterCondition,
    ArchiveFilters,
    AsyncMailManagerClient,
    ConflictException,
    ExportDestinationConfiguration,
    ExportState,
    GetArchiveExportResponse,
    ListArchiveExportsResponse,
    MailManagerClient,
    ResourceNotFoundException,
    ServiceQuotaExceededException,
    StartArchiveExportResponse,
    StopArchiveExportResponse,
    ThrottlingException,
    ValidationException,
)
from tests.conftest import SECRET_KEY, SESSION_TOKEN

URL = "https://mail-manager.us-east-1.amazonaws.com/"
FAST = RetryPolicy(initial_backoff=0.0)
START = datetime(2026, 1, 1, tzinfo=timezone.utc)
END = datetime(2026, 2, 1, tzinfo=timezone.utc)
START_ARGS: dict[str, Any] = {
    "archive_id": "a-demo",
    "from_timestamp": START,
    "to_timestamp": END,
    "export_destination_configuration": ExportDestinationConfiguration.to_s3("s3://bkt/out/"),
}
# One valid call of each operation, and a successful answer to it.
CALLS: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    "start_archive_export": (START_ARGS, {"ExportId": "e-1"}),
    "get_archive_export": ({"export_id": "e-1"}, {"Status": {"State": "QUEUED"}}),
    "stop_archive_export": ({"export_id": "e-1"}, {}),
    "list_archive_exports": ({"archive_id": "a-demo"}, {"Exports": []}),
    "list_archives": ({}, {"Archives": []}),
    "start_archive_search": (
        {"archive_id": "a-demo", "from_timestamp": START, "to_timestamp": END, "max_results": 10},
        {"SearchId": "s-1"},
    ),
    "get_archive_search": ({"search_id": "s-1"}, {"Status": {"State": "RUNNING"}}),
    "get_archive_search_results": ({"search_id": "s-1"}, {"Rows": []}),
    "stop_archive_search": ({"search_id": "s-1"}, {}),
    "list_archive_searches": ({"archive_id": "a-demo"}, {"Searches": []}),
    "get_archive": (
        {"archive_id": "a-demo"},
        {
            "ArchiveId": "a-demo",
            "ArchiveName": "demo",
            "ArchiveArn": "arn:aws:ses:us-east-1:111122223333:mailmanager-archive/a-demo",
            "ArchiveState": "ACTIVE",
            "Retention": {"RetentionPeriod": "ONE_YEAR"},
        },
    ),
}
TARGETS = {
    "start_archive_export": "StartArchiveExport",
    "get_archive_export": "GetArchiveExport",
    "stop_archive_export": "StopArchiveExport",
    "list_archive_exports": "ListArchiveExports",
    "list_archives": "ListArchives",
    "get_archive": "GetArchive",
    "start_archive_search": "StartArchiveSearch",
    "get_archive_search": "GetArchiveSearch",
    "get_archive_search_results": "GetArchiveSearchResults",
    "stop_archive_search": "StopArchiveSearch",
    "list_archive_searches": "ListArchiveSearches",
}
STARTS = [method for method in CALLS if method.startswith("start_")]


def route_for(operation: str) -> respx.Route:
    """A respx route answering only this operation's X-Amz-Target."""
    return respx.post(URL, headers={"x-amz-target": f"MailManagerSvc.{operation}"})


def status_answer(state: str, message: str | None = None) -> httpx.Response:
    status: dict[str, Any] = {"State": state, "SubmissionTimestamp": 1767225600}
    if message is not None:
        status["ErrorMessage"] = message
    return httpx.Response(200, json={"ArchiveId": "a-demo", "Status": status})


def throttled(header: bool = True) -> httpx.Response:
    if header:
        return httpx.Response(400, headers={"x-amzn-ErrorType": "ThrottlingException"})
    body = {"__type": "com.amazonaws.mailmanager#ThrottlingException", "Message": "slow"}
    return httpx.Response(400, json=body)


class Runner:
    """Runs one client method through the sync or the async client."""

    def __init__(self, mode: str, credentials: AwsCredentials) -> None:
        self.mode = mode
        self.credentials = credentials

    def __call__(self, method: str, client: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        settings: dict[str, Any] = {"region": "us-east-1", "credentials": self.credentials}
        settings.update(client or {})
        if self.mode == "sync":
            with MailManagerClient(**settings) as mm:
                result = getattr(mm, method)(**kwargs)
                return list(result) if method.startswith("iter_") else result

        async def go() -> Any:
            async with AsyncMailManagerClient(**settings) as mm:
                if method.startswith("iter_"):
                    return [item async for item in getattr(mm, method)(**kwargs)]
                return await getattr(mm, method)(**kwargs)

        return asyncio.run(go())


@pytest.fixture(params=["sync", "async"])
def run(request: pytest.FixtureRequest, aws_credentials: AwsCredentials) -> Runner:
    return Runner(request.param, aws_credentials)


@respx.mock
def test_start_is_json_1_0_and_signed(run: Runner) -> None:
    route = respx.post(URL).respond(200, json={"ExportId": "e-1"})
    filters = ArchiveFilters(include=[ArchiveFilterCondition.from_contains("billing@")])
    answer = run("start_archive_export", **START_ARGS, filters=filters, include_metadata=True)
    assert answer == StartArchiveExportResponse(export_id="e-1")
    sent = route.calls.last.request
    assert sent.url == URL
    assert sent.headers["content-type"] == "application/x-amz-json-1.0"
    assert sent.headers["x-amz-target"] == "MailManagerSvc.StartArchiveExport"
    authorization = sent.headers["authorization"]
    assert authorization.startswith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
    assert "/us-east-1/ses/aws4_request" in authorization
    signed = authorization.split("SignedHeaders=")[1].split(",")[0].split(";")
    assert {"content-type", "host", "x-amz-date", "x-amz-target"} <= set(signed)
    assert sent.headers["x-amz-security-token"] == SESSION_TOKEN
    body = json.loads(sent.content)
    assert body["ArchiveId"] == "a-demo"
    assert body["Filters"]["Include"][0]["StringExpression"]["Evaluate"] == {"Attribute": "FROM"}
    assert body["IncludeMetadata"] is True
    assert (body["FromTimestamp"], body["ToTimestamp"]) == (1767225600, 1769904000)


@respx.mock
def test_get_stop_and_list_are_parsed(run: Runner) -> None:
    route_for("GetArchiveExport").mock(return_value=status_answer("PROCESSING"))
    route_for("StopArchiveExport").respond(200, json={})
    listing = route_for("ListArchiveExports").respond(
        200, json={"Exports": [{"ExportId": "e-1", "Status": {"State": "FAILED"}}]}
    )
    got = run("get_archive_export", export_id="e-1")
    assert isinstance(got, GetArchiveExportResponse)
    assert got.status.state is ExportState.PROCESSING
    assert got.status.submission_timestamp == START
    assert run("stop_archive_export", export_id="e-1") == StopArchiveExportResponse()
    page = run("list_archive_exports", archive_id="a-demo", page_size=5, next_token="t")
    assert isinstance(page, ListArchiveExportsResponse)
    assert page.exports[0].status.state is ExportState.FAILED and page.next_token is None
    assert json.loads(listing.calls.last.request.content) == {
        "ArchiveId": "a-demo",
        "PageSize": 5,
        "NextToken": "t",
    }


@pytest.mark.parametrize(
    ("status", "headers", "body", "expected", "base", "code"),
    [
        (
            400,
            {"x-amzn-ErrorType": "ValidationException:http://internal.amazon.com/coral/"},
            {"Message": "bad range"},
            ValidationException,
            BadRequestError,
            "ValidationException",
        ),
        (
            403,
            {},
            {"__type": "com.amazonaws.mailmanager#AccessDeniedException", "Message": "no"},
            AccessDeniedException,
            PermissionDeniedError,
            "AccessDeniedException",
        ),
        (
            404,
            {},
            {"__type": "com.amazonaws.mailmanager#ResourceNotFoundException", "Message": "?"},
            ResourceNotFoundException,
            NotFoundError,
            "ResourceNotFoundException",
        ),
        (
            402,
            {"x-amzn-ErrorType": "ServiceQuotaExceededException:http://internal.amazon.com/"},
            {"Message": "too many exports"},
            ServiceQuotaExceededException,
            QuotaExceededError,
            "ServiceQuotaExceededException",
        ),
        (
            400,
            {},
            {"__type": "com.amazonaws.mailmanager#ThrottlingException", "Message": "slow"},
            ThrottlingException,
            ThrottlingError,
            "ThrottlingException",
        ),
        (
            400,
            {"x-amzn-ErrorType": "ThrottlingException:http://internal.amazon.com/"},
            {},
            ThrottlingException,
            ThrottlingError,
            "ThrottlingException",
        ),
        (
            409,
            {},
            {"__type": "com.amazonaws.mailmanager#ConflictException", "Message": "not done"},
            ConflictException,
            APIError,
            "ConflictException",
        ),
        (
            403,
            {"x-amzn-ErrorType": "UnrecognizedClientException"},
            {"message": "bad key"},
            AuthenticationError,
            AuthenticationError,
            "UnrecognizedClientException",
        ),
        (
            500,
            {"x-amzn-ErrorType": "InternalServerException"},
            {"Message": "oops"},
            ServerError,
            ServerError,
            "InternalServerException",
        ),
    ],
)
@pytest.mark.parametrize("method", list(CALLS))
@respx.mock
def test_error_mapping(
    run: Runner,
    method: str,
    status: int,
    headers: dict[str, str],
    body: dict[str, Any],
    expected: type[APIError],
    base: type[APIError],
    code: str,
) -> None:
    respx.post(URL).respond(status, headers={"x-amzn-RequestId": "rid-9", **headers}, json=body)
    kwargs, _ = CALLS[method]
    with pytest.raises(expected) as caught:
        run(method, client={"retry": RetryPolicy(max_attempts=1)}, **kwargs)
    error = caught.value
    assert type(error) is expected and isinstance(error, base)
    assert (error.status_code, error.code, error.request_id) == (status, code, "rid-9")
    assert error.service == "mailmanager"
    if body.get("Message"):
        assert error.message == body["Message"]


@pytest.mark.parametrize("method", list(CALLS))
@pytest.mark.parametrize("header", [True, False])
@respx.mock
def test_http_400_throttling_is_retried_to_success(run: Runner, method: str, header: bool) -> None:
    kwargs, ok = CALLS[method]
    route = respx.post(URL).mock(
        side_effect=[throttled(header), throttled(header), httpx.Response(200, json=ok)]
    )
    run(method, client={"retry": FAST}, **kwargs)
    assert route.call_count == 3
    assert {call.request.headers["x-amz-target"] for call in route.calls} == {
        f"MailManagerSvc.{TARGETS[method]}"
    }


@respx.mock
def test_throttling_gives_up_after_max_attempts(run: Runner) -> None:
    route = respx.post(URL).mock(return_value=throttled())
    with pytest.raises(ThrottlingException):
        run("start_archive_export", client={"retry": FAST}, **START_ARGS)
    assert route.call_count == 3


Failure = Callable[[], "httpx.Response | Exception"]


@pytest.mark.parametrize(
    "failure",
    [
        lambda: httpx.Response(500, headers={"x-amzn-ErrorType": "InternalServerException"}),
        lambda: httpx.Response(503),
        lambda: httpx.ReadTimeout("no answer"),
        lambda: httpx.RemoteProtocolError("connection reset mid-answer"),
        lambda: httpx.Response(200, content=b"{truncated"),
    ],
    ids=["500", "503", "read-timeout", "reset", "malformed"],
)
@pytest.mark.parametrize("method", STARTS)
@respx.mock
def test_start_is_not_retried_once_it_may_have_taken_effect(
    run: Runner, failure: Failure, method: str
) -> None:
    kwargs, ok = CALLS[method]
    route = respx.post(URL).mock(side_effect=[failure(), httpx.Response(200, json=ok)])
    with pytest.raises((ServerError, TransportError, MalformedResponseError)):
        run(method, client={"retry": FAST}, **kwargs)
    assert route.call_count == 1


@pytest.mark.parametrize(
    "failure",
    [
        throttled,
        lambda: throttled(header=False),
        lambda: httpx.ConnectError("refused"),
        lambda: httpx.ConnectTimeout("no connection"),
    ],
    ids=["throttled-header", "throttled-body", "connect-refused", "connect-timeout"],
)
@pytest.mark.parametrize("method", STARTS)
@respx.mock
def test_start_is_retried_when_it_certainly_did_not_happen(
    run: Runner, failure: Failure, method: str
) -> None:
    kwargs, ok = CALLS[method]
    route = respx.post(URL).mock(side_effect=[failure(), httpx.Response(200, json=ok)])
    started = run(method, client={"retry": FAST}, **kwargs)
    assert list(attrs.asdict(started).values()) == list(ok.values())
    assert route.call_count == 2


@pytest.mark.parametrize("method", [m for m in CALLS if m not in STARTS])
@pytest.mark.parametrize(
    "failure",
    [
        lambda: httpx.Response(500),
        lambda: httpx.ReadTimeout("no answer"),
        lambda: httpx.Response(200, content=b"{"),
    ],
    ids=["500", "read-timeout", "malformed"],
)
@respx.mock
def test_safe_operations_are_retried_after_any_transient_failure(
    run: Runner, method: str, failure: Failure
) -> None:
    kwargs, ok = CALLS[method]
    route = respx.post(URL).mock(side_effect=[failure(), httpx.Response(200, json=ok)])
    run(method, client={"retry": FAST}, **kwargs)
    assert route.call_count == 2


@respx.mock
def test_invalid_input_sends_nothing(run: Runner) -> None:
    route = respx.post(URL).respond(200, json={"ExportId": "x"})
    bad = {**START_ARGS, "archive_id": "archive-1"}
    with pytest.raises(InvalidInputError, match="archive_id: must match the pattern"):
        run("start_archive_export", **bad)
    with pytest.raises(InvalidInputError, match="export_id"):
        run("get_archive_export", export_id="")
    with pytest.raises(InvalidInputError, match="export_id"):
        run("stop_archive_export", export_id="e" * 65)
    with pytest.raises(InvalidInputError, match="page_size: must be from 1 to 50"):
        run("list_archive_exports", archive_id="a-demo", page_size=0)
    assert route.call_count == 0


def list_pages(request: httpx.Request) -> httpx.Response:
    """Three pages: e1 e2 | e3 e4 | e5, chained by NextToken."""
    token = json.loads(request.content).get("NextToken")
    pages = {
        None: (["e1", "e2"], "t1"),
        "t1": (["e3", "e4"], "t2"),
        "t2": (["e5"], None),
    }
    ids, next_token = pages[token]
    body: dict[str, Any] = {
        "Exports": [{"ExportId": i, "Status": {"State": "COMPLETED"}} for i in ids]
    }
    if next_token:
        body["NextToken"] = next_token
    return httpx.Response(200, json=body)


@respx.mock
def test_paginator_follows_next_token_across_three_pages(run: Runner) -> None:
    route = route_for("ListArchiveExports").mock(side_effect=list_pages)
    summaries = run("iter_archive_exports", archive_id="a-demo", page_size=2)
    assert [s.export_id for s in summaries] == ["e1", "e2", "e3", "e4", "e5"]
    assert all(s.status.state is ExportState.COMPLETED for s in summaries)
    sent = [json.loads(call.request.content) for call in route.calls]
    assert [body.get("NextToken") for body in sent] == [None, "t1", "t2"]
    assert {body["PageSize"] for body in sent} == {2}


@respx.mock
def test_paginator_retries_a_throttled_page(run: Runner) -> None:
    pages = iter([throttled()])

    def answer(request: httpx.Request) -> httpx.Response:
        return next(pages, None) or list_pages(request)

    route = route_for("ListArchiveExports").mock(side_effect=answer)
    summaries = run("iter_archive_exports", client={"retry": FAST}, archive_id="a-demo")
    assert len(summaries) == 5 and route.call_count == 4


@respx.mock
def test_paginator_stops_on_a_repeated_token(run: Runner) -> None:
    route_for("ListArchiveExports").respond(
        200, json={"Exports": [{"ExportId": "e1"}], "NextToken": "same"}
    )
    with pytest.raises(MalformedResponseError, match="repeats the NextToken"):
        run("iter_archive_exports", archive_id="a-demo")


def test_paginator_checks_its_arguments_before_iterating(aws_credentials: AwsCredentials) -> None:
    with MailManagerClient(region="us-east-1", credentials=aws_credentials) as mm:
        with pytest.raises(InvalidInputError, match="page_size"):
            mm.iter_archive_exports(archive_id="a-demo", page_size=51)
    client = AsyncMailManagerClient(region="us-east-1", credentials=aws_credentials)
    with pytest.raises(InvalidInputError, match="archive_id"):
        client.iter_archive_exports(archive_id="demo")
    asyncio.run(client.aclose())


WAIT: dict[str, Any] = {"export_id": "e-1", "poll_interval": 0.001, "timeout": 30.0}


@respx.mock
def test_waiter_returns_the_completed_answer(run: Runner) -> None:
    route = route_for("GetArchiveExport").mock(
        side_effect=[
            status_answer("QUEUED"),
            status_answer("PREPROCESSING"),
            status_answer("PROCESSING"),
            status_answer("COMPLETED"),
        ]
    )
    final = run("wait_for_archive_export", **WAIT)
    assert final.status.state is ExportState.COMPLETED
    assert route.call_count == 4
    assert all(json.loads(c.request.content) == {"ExportId": "e-1"} for c in route.calls)


@pytest.mark.parametrize(
    ("state", "message"), [("FAILED", "Access denied to bucket"), ("CANCELLED", None)]
)
@respx.mock
def test_waiter_raises_on_failed_and_cancelled(
    run: Runner, state: str, message: str | None
) -> None:
    route_for("GetArchiveExport").mock(
        side_effect=[status_answer("PROCESSING"), status_answer(state, message)]
    )
    with pytest.raises(ArchiveExportFailedError) as caught:
        run("wait_for_archive_export", **WAIT)
    error = caught.value
    assert error.state == state and error.export_id == "e-1"
    assert error.error_message == message
    assert error.response.status.state == state
    assert f"ended {state}" in str(error)


@respx.mock
def test_waiter_times_out(run: Runner) -> None:
    route = route_for("GetArchiveExport").mock(return_value=status_answer("PROCESSING"))
    with pytest.raises(WaiterTimeoutError) as caught:
        run("wait_for_archive_export", export_id="e-1", timeout=0.05, poll_interval=0.001)
    assert isinstance(caught.value, TimeoutError)
    assert caught.value.pending == ("e-1",)
    assert "'e-1' still PROCESSING" in str(caught.value)
    assert route.call_count >= 2  # it polled again before giving up


@respx.mock
def test_waiter_rides_out_throttling(run: Runner) -> None:
    route = route_for("GetArchiveExport").mock(
        side_effect=[throttled(), status_answer("PROCESSING"), status_answer("COMPLETED")]
    )
    final = run("wait_for_archive_export", client={"retry": FAST}, **WAIT)
    assert final.status.state is ExportState.COMPLETED
    assert route.call_count == 3


@respx.mock
def test_waiter_surfaces_other_errors(run: Runner) -> None:
    route = route_for("GetArchiveExport").respond(
        404, json={"__type": "com.amazonaws.mailmanager#ResourceNotFoundException"}
    )
    with pytest.raises(ResourceNotFoundException):
        run("wait_for_archive_export", **WAIT)
    assert route.call_count == 1


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"export_id": ""}, "export_id"),
        ({"export_id": "e-1", "timeout": 0}, "timeout"),
        ({"export_id": "e-1", "poll_interval": -1}, "poll_interval"),
    ],
)
@respx.mock
def test_waiter_checks_its_arguments_before_polling(
    run: Runner, kwargs: dict[str, Any], field: str
) -> None:
    route = respx.post(URL).mock(return_value=status_answer("COMPLETED"))
    with pytest.raises(InvalidInputError) as caught:
        run("wait_for_archive_export", **kwargs)
    assert caught.value.field == field
    assert route.call_count == 0


@respx.mock
def test_endpoint_from_environment(
    monkeypatch: pytest.MonkeyPatch, aws_credentials: AwsCredentials
) -> None:
    generic = respx.post("https://generic.example/").respond(200, json={})
    specific = respx.post("https://mail.example/").respond(200, json={})
    monkeypatch.setenv("AWS_ENDPOINT_URL", "https://generic.example")
    with MailManagerClient(region="us-east-1", credentials=aws_credentials) as mm:
        mm.stop_archive_export(export_id="e-1")
    monkeypatch.setenv("AWS_ENDPOINT_URL_MAILMANAGER", "https://mail.example/")
    with MailManagerClient(region="us-east-1", credentials=aws_credentials) as mm:
        mm.stop_archive_export(export_id="e-1")
    assert (generic.call_count, specific.call_count) == (1, 1)


@respx.mock
def test_region_and_endpoint_arguments(aws_credentials: AwsCredentials) -> None:
    regional = respx.post("https://mail-manager.eu-central-1.amazonaws.com/").respond(200, json={})
    local = respx.post("http://127.0.0.1:4566/").respond(200, json={})
    with MailManagerClient(region="eu-central-1", credentials=aws_credentials) as mm:
        assert mm.region == "eu-central-1"
        mm.stop_archive_export(export_id="e-1")
    with MailManagerClient(
        region="eu-central-1", credentials=aws_credentials, endpoint_url="http://127.0.0.1:4566"
    ) as mm:
        mm.stop_archive_export(export_id="e-1")
    assert (regional.call_count, local.call_count) == (1, 1)
    assert "/eu-central-1/ses/aws4_request" in local.calls.last.request.headers["authorization"]


@respx.mock
def test_caller_owned_http_clients_are_not_closed(aws_credentials: AwsCredentials) -> None:
    respx.post(URL).respond(200, json={})
    own = httpx.Client()
    with MailManagerClient(region="us-east-1", credentials=aws_credentials, http_client=own) as mm:
        mm.stop_archive_export(export_id="e-1")
    assert not own.is_closed
    own.close()

    async def go() -> httpx.AsyncClient:
        own_async = httpx.AsyncClient()
        async with AsyncMailManagerClient(
            region="us-east-1", credentials=aws_credentials, http_client=own_async
        ) as mm:
            await mm.stop_archive_export(export_id="e-1")
        return own_async

    own_async = asyncio.run(go())
    assert not own_async.is_closed


@respx.mock
def test_no_secret_in_reprs_errors_or_debug_logs(
    run: Runner, aws_credentials: AwsCredentials, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    respx.post(URL).mock(
        side_effect=[
            throttled(),
            status_answer("FAILED", "bucket denied"),
            httpx.Response(403, headers={"x-amzn-ErrorType": "InvalidSignatureException"}),
            httpx.ReadTimeout("slow"),
        ]
    )
    texts = [repr(aws_credentials)]
    calls: list[Callable[[], Any]] = [
        lambda: run("wait_for_archive_export", client={"retry": FAST}, **WAIT),
        lambda: run("get_archive_export", client={"retry": FAST}, export_id="e-1"),
        lambda: run("start_archive_export", client={"retry": FAST}, **START_ARGS),
    ]
    for call in calls:
        with pytest.raises((APIError, TransportError, ArchiveExportFailedError)) as caught:
            call()
        texts += [str(caught.value), repr(caught.value)]
    with MailManagerClient(region="us-east-1", credentials=aws_credentials) as mm:
        texts += [repr(mm), repr(vars(mm)), repr(vars(mm)["_transport"].config)]
    texts += [record.getMessage() for record in caplog.records]
    assert any("attempt=" in text for text in texts)  # DEBUG logging did happen
    for text in texts:
        assert SECRET_KEY not in text
        assert SESSION_TOKEN not in text
