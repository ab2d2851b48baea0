"""SESv2Client and AsyncSESv2Client against respx: success, error mapping, retries, timeouts,
secrets. Every case runs through both clients."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

import httpx
import pytest
import respx

from metricsdk import AwsCredentials, RetryPolicy
from metricsdk.errors import (
    APIError,
    AuthenticationError,
    InvalidInputError,
    MalformedResponseError,
    NotFoundError,
    PermissionDeniedError,
    ServerError,
    ThrottlingError,
    TransportError,
)
from metricsdk.sesv2 import (
    AsyncSESv2Client,
    BadRequestException,
    BatchGetMetricDataQuery,
    BatchGetMetricDataResponse,
    InternalServiceErrorException,
    Metric,
    NotFoundException,
    QueryErrorCode,
    SESv2Client,
    TooManyRequestsException,
)
from tests.conftest import SECRET_KEY, SESSION_TOKEN

URL = "https://email.us-east-1.amazonaws.com/v2/email/metrics/batch"
DAY1 = datetime(2026, 1, 1, tzinfo=timezone.utc)
DAY2 = datetime(2026, 1, 2, tzinfo=timezone.utc)
FAST = RetryPolicy(initial_backoff=0.0)

OK_BODY = {
    "Results": [{"Id": "q1", "Timestamps": [DAY1.timestamp(), DAY2.timestamp()], "Values": [5, 7]}],
    "Errors": [{"Id": "q2", "Code": "ACCESS_DENIED", "Message": "no access"}],
}


def queries() -> list[BatchGetMetricDataQuery]:
    return [
        BatchGetMetricDataQuery(id=f"q{i}", metric=Metric.SEND, start_date=DAY1, end_date=DAY2)
        for i in (1, 2)
    ]


Runner = Callable[..., BatchGetMetricDataResponse]


@pytest.fixture(params=["sync", "async"])
def run(request: pytest.FixtureRequest, aws_credentials: AwsCredentials) -> Runner:
    """Call batch_get_metric_data through the sync or the async client."""

    def sync(**kwargs: Any) -> BatchGetMetricDataResponse:
        qs = kwargs.pop("queries", None) or queries()
        with SESv2Client(region="us-east-1", credentials=aws_credentials, **kwargs) as ses:
            return ses.batch_get_metric_data(queries=qs)

    def run_async(**kwargs: Any) -> BatchGetMetricDataResponse:
        qs = kwargs.pop("queries", None) or queries()

        async def go() -> BatchGetMetricDataResponse:
            async with AsyncSESv2Client(
                region="us-east-1", credentials=aws_credentials, **kwargs
            ) as ses:
                return await ses.batch_get_metric_data(queries=qs)

        return asyncio.run(go())

    return sync if request.param == "sync" else run_async


@respx.mock
def test_success_is_parsed_and_request_is_signed(run: Runner) -> None:
    route = respx.post(URL).respond(200, json=OK_BODY)
    answer = run()
    assert [r.id for r in answer.results] == ["q1"]
    assert answer.results[0].timestamps == [DAY1, DAY2]
    assert answer.results[0].values == [5, 7]
    assert answer.errors[0].code is QueryErrorCode.ACCESS_DENIED
    sent = route.calls.last.request
    assert sent.headers["authorization"].startswith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
    assert "/us-east-1/ses/aws4_request" in sent.headers["authorization"]
    assert sent.headers["x-amz-security-token"] == SESSION_TOKEN
    assert sent.headers["content-type"] == "application/json"
    assert sent.headers["user-agent"].startswith("metricsdk/")
    body = json.loads(sent.content)
    assert body["Queries"][0] == {
        "Id": "q1",
        "Namespace": "VDM",
        "Metric": "SEND",
        "StartDate": int(DAY1.timestamp()),
        "EndDate": int(DAY2.timestamp()),
    }


@respx.mock
def test_unknown_enum_values_from_the_service_parse_as_strings(run: Runner) -> None:
    body = {"Errors": [{"Id": "q1", "Code": "BRAND_NEW_CODE", "Message": "m"}]}
    respx.post(URL).respond(200, json=body)
    assert run().errors[0].code == "BRAND_NEW_CODE"


@pytest.mark.parametrize(
    ("status", "headers", "body", "expected", "code"),
    [
        (
            400,
            {"x-amzn-ErrorType": "BadRequestException:http://internal.amazon.com/"},
            {"message": "bad"},
            BadRequestException,
            "BadRequestException",
        ),
        (
            404,
            {},
            {"__type": "com.amazonaws.ses#NotFoundException", "message": "gone"},
            NotFoundException,
            "NotFoundException",
        ),
        (
            429,
            {"x-amzn-ErrorType": "TooManyRequestsException"},
            {"message": "slow"},
            TooManyRequestsException,
            "TooManyRequestsException",
        ),
        (
            500,
            {"x-amzn-ErrorType": "InternalServiceErrorException"},
            {"message": "oops"},
            InternalServiceErrorException,
            "InternalServiceErrorException",
        ),
        (
            403,
            {"x-amzn-ErrorType": "InvalidSignatureException"},
            {"message": "sig"},
            AuthenticationError,
            "InvalidSignatureException",
        ),
        (
            403,
            {"x-amzn-ErrorType": "AccessDeniedException"},
            {"Message": "no"},
            PermissionDeniedError,
            "AccessDeniedException",
        ),
        (401, {}, {}, AuthenticationError, ""),
        (404, {}, b"", NotFoundError, ""),
        (
            400,
            {},
            {"code": "ThrottlingException", "message": "x"},
            ThrottlingError,
            "ThrottlingException",
        ),
        (502, {"content-type": "text/html"}, b"<html>Bad gateway</html>", ServerError, ""),
        (418, {}, {"message": "teapot"}, APIError, ""),
    ],
)
@respx.mock
def test_error_mapping(
    run: Runner,
    status: int,
    headers: dict[str, str],
    body: object,
    expected: type[APIError],
    code: str,
) -> None:
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    headers = {"x-amzn-RequestId": "req-123", **headers}
    respx.post(URL).respond(status, headers=headers, content=content)
    with pytest.raises(expected) as caught:
        run(retry=RetryPolicy(max_attempts=1))
    error = caught.value
    assert type(error) is expected
    assert (error.status_code, error.code, error.request_id) == (status, code, "req-123")
    assert error.service == "sesv2"
    if status == 502:
        assert "unreadable error answer (text/html" in error.message
        assert "Bad gateway" not in str(error)


@respx.mock
def test_throttling_is_retried_to_success(run: Runner) -> None:
    throttled = httpx.Response(429, headers={"x-amzn-ErrorType": "TooManyRequestsException"})
    route = respx.post(URL).mock(
        side_effect=[throttled, throttled, httpx.Response(200, json=OK_BODY)]
    )
    assert run(retry=FAST).results[0].id == "q1"
    assert route.call_count == 3
    # every attempt is signed afresh
    assert all("authorization" in call.request.headers for call in route.calls)


@respx.mock
def test_retry_after_is_honoured(run: Runner, caplog: pytest.LogCaptureFixture) -> None:
    throttled = httpx.Response(
        429, headers={"x-amzn-ErrorType": "TooManyRequestsException", "Retry-After": "0.05"}
    )
    respx.post(URL).mock(side_effect=[throttled, httpx.Response(200, json=OK_BODY)])
    caplog.set_level(logging.DEBUG, logger="metricsdk")
    run(retry=FAST)
    assert "retrying in 0.050 s" in caplog.text


@respx.mock
def test_bad_request_is_not_retried(run: Runner) -> None:
    route = respx.post(URL).respond(400, headers={"x-amzn-ErrorType": "BadRequestException"})
    with pytest.raises(BadRequestException):
        run(retry=FAST)
    assert route.call_count == 1


@pytest.mark.parametrize("max_attempts", [1, 2, 4])
@respx.mock
def test_attempts_are_bounded(run: Runner, max_attempts: int) -> None:
    route = respx.post(URL).respond(503)
    with pytest.raises(ServerError):
        run(retry=RetryPolicy(max_attempts=max_attempts, initial_backoff=0.0))
    assert route.call_count == max_attempts


@pytest.mark.parametrize(
    "failure",
    [
        httpx.ReadTimeout("timed out"),
        httpx.ConnectTimeout("timed out"),
        httpx.ConnectError("refused"),
        httpx.RemoteProtocolError("reset"),
    ],
)
@respx.mock
def test_network_failures_surface_as_transport_error(run: Runner, failure: Exception) -> None:
    route = respx.post(URL).mock(side_effect=failure)
    with pytest.raises(TransportError) as caught:
        run(retry=FAST)
    assert type(failure).__name__ in str(caught.value)
    assert isinstance(caught.value.__cause__, httpx.HTTPError)
    assert caught.value.operation == "BatchGetMetricData"
    assert route.call_count == 3


@pytest.mark.parametrize(
    "content",
    [
        b"{not json",
        b"",
        b"[]",
        b'{"Results": {"Id": "q1"}}',
        b'{"Results": [{"Id": 7}]}',
        b'{"Results": [{"Id": "q1", "Timestamps": [1], "Values": []}]}',
        b'{"Results": [{"Id": "q1", "Timestamps": ["yesterday"], "Values": [1]}]}',
        b'{"Results": [{"Id": "q1", "Timestamps": [1], "Values": ["1"]}]}',
    ],
)
@respx.mock
def test_malformed_answers_are_api_errors(run: Runner, content: bytes) -> None:
    route = respx.post(URL).respond(200, content=content)
    with pytest.raises(MalformedResponseError) as caught:
        run(retry=FAST)
    assert caught.value.status_code == 200
    assert route.call_count == 3  # idempotent read: retried, then reported


@respx.mock
def test_invalid_input_sends_nothing(run: Runner) -> None:
    route = respx.post(URL).respond(200, json=OK_BODY)
    bad = [
        BatchGetMetricDataQuery(id=f"x{n}", metric="SEND", start_date=DAY1, end_date=DAY2)
        for n in range(11)
    ]
    with pytest.raises(InvalidInputError, match="1 to 10 queries"):
        run(queries=bad)
    assert route.call_count == 0


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"timeout": None}, "timeout"),
        ({"timeout": httpx.Timeout(None)}, "timeout"),
        ({"timeout": -1}, "timeout"),
        ({"endpoint_url": "ftp://x"}, "endpoint_url"),
        ({"endpoint_url": "http://metrics.example.com"}, "endpoint_url"),
        ({"endpoint_url": "https://user:pw@example.com"}, "endpoint_url"),
        ({"region": "us-east-1/evil"}, "region"),
        ({"retry": 3}, "retry"),
        ({"credentials": ("AKID", "secret")}, "credentials"),
    ],
)
def test_bad_client_settings_are_rejected(
    kwargs: dict[str, Any], field: str, aws_credentials: AwsCredentials
) -> None:
    settings: dict[str, Any] = {"region": "us-east-1", "credentials": aws_credentials, **kwargs}
    with pytest.raises(InvalidInputError) as caught:
        SESv2Client(**settings)
    assert caught.value.field == field


def test_insecure_http_needs_an_explicit_opt_in(aws_credentials: AwsCredentials) -> None:
    SESv2Client(
        region="us-east-1",
        credentials=aws_credentials,
        endpoint_url="http://metrics.example.com",
        allow_insecure_http=True,
    ).close()
    SESv2Client(
        region="us-east-1", credentials=aws_credentials, endpoint_url="http://127.0.0.1:9"
    ).close()


@respx.mock
def test_caller_owned_http_client_is_used_and_not_closed(aws_credentials: AwsCredentials) -> None:
    route = respx.post(URL).respond(200, json=OK_BODY)
    own = httpx.Client()
    with SESv2Client(region="us-east-1", credentials=aws_credentials, http_client=own) as ses:
        ses.batch_get_metric_data(queries=queries())
    assert route.called and not own.is_closed
    own.close()


@respx.mock
async def test_caller_owned_async_client_is_not_closed(aws_credentials: AwsCredentials) -> None:
    respx.post(URL).respond(200, json=OK_BODY)
    own = httpx.AsyncClient()
    async with AsyncSESv2Client(
        region="us-east-1", credentials=aws_credentials, http_client=own
    ) as ses:
        await ses.batch_get_metric_data(queries=queries())
    assert not own.is_closed
    await own.aclose()


@respx.mock
def test_no_secret_in_reprs_errors_or_debug_logs(
    run: Runner, aws_credentials: AwsCredentials, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    respx.post(URL).mock(
        side_effect=[
            httpx.Response(429, headers={"x-amzn-ErrorType": "TooManyRequestsException"}),
            httpx.Response(200, json=OK_BODY),
            httpx.Response(403, headers={"x-amzn-ErrorType": "InvalidSignatureException"}),
            httpx.ReadTimeout("slow"),
            httpx.ReadTimeout("slow"),
            httpx.ReadTimeout("slow"),
        ]
    )
    run(retry=FAST)
    texts = [repr(aws_credentials), str(aws_credentials)]
    for _ in range(2):
        try:
            run(retry=FAST)
        except (APIError, TransportError) as exc:
            texts += [str(exc), repr(exc)]
    with SESv2Client(region="us-east-1", credentials=aws_credentials) as ses:
        texts.append(repr(ses))
        texts.append(repr(vars(ses)))
    texts += [record.getMessage() for record in caplog.records]
    assert any("attempt=" in t for t in texts)  # DEBUG logging did happen
    for text in texts:
        assert SECRET_KEY not in text
        assert SESSION_TOKEN not in text


@respx.mock
def test_endpoint_from_environment(
    monkeypatch: pytest.MonkeyPatch, aws_credentials: AwsCredentials
) -> None:
    generic = respx.post("https://generic.example/v2/email/metrics/batch").respond(200, json={})
    specific = respx.post("https://ses.example/v2/email/metrics/batch").respond(200, json={})
    monkeypatch.setenv("AWS_ENDPOINT_URL", "https://generic.example")
    with SESv2Client(region="us-east-1", credentials=aws_credentials) as ses:
        ses.batch_get_metric_data(queries=queries())
    monkeypatch.setenv("AWS_ENDPOINT_URL_SESV2", "https://ses.example/")
    with SESv2Client(region="us-east-1", credentials=aws_credentials) as ses:
        ses.batch_get_metric_data(queries=queries())
    assert (generic.call_count, specific.call_count) == (1, 1)


class CountingLimiter:
    """A RateLimiter that records what the transport tells it."""

    def __init__(self) -> None:
        self.weights: list[int] = []
        self.answers: list[tuple[bool, float | None]] = []

    def acquire(self, weight: int = 1, *, timeout: float | None = None) -> None:
        self.weights.append(weight)

    async def acquire_async(self, weight: int = 1, *, timeout: float | None = None) -> None:
        self.weights.append(weight)

    def feedback(self, *, throttled: bool, retry_after: float | None = None) -> None:
        self.answers.append((throttled, retry_after))


@respx.mock
def test_every_attempt_passes_through_the_pacer(run: Runner) -> None:
    throttled = httpx.Response(
        429, headers={"x-amzn-ErrorType": "TooManyRequestsException", "Retry-After": "0"}
    )
    respx.post(URL).mock(side_effect=[throttled, httpx.Response(200, json=OK_BODY)])
    limiter = CountingLimiter()
    run(retry=FAST, rate_limiter=limiter)
    assert limiter.weights == [2, 2]  # the retry is charged like the first attempt
    assert limiter.answers == [(True, 0.0), (False, None)]
