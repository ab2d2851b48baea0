"""Export jobs through both clients against respx: the wire format and signing, the retry rules
of each operation, errors, the paginator, the waiter and the download. Every case runs through
the sync and the async client."""

from __future__ import annotations

import asyncio
import json
from datetime import datetime, timezone
from typing import Any

import httpx
import pytest
import respx

from metricsdk import AwsCredentials, RetryPolicy
from metricsdk.errors import (
    InvalidInputError,
    MalformedResponseError,
    QuotaExceededError,
    ServerError,
    TransportError,
)
from metricsdk.sesv2 import (
    AsyncSESv2Client,
    BadRequestException,
    CancelExportJobResponse,
    CreateExportJobResponse,
    ExportMetric,
    InternalServiceErrorException,
    JobStatus,
    LimitExceededException,
    MessageInsightsDataSource,
    MessageInsightsFilters,
    MetricsDataSource,
    NotFoundException,
    SESv2Client,
    TooManyRequestsException,
)
from tests.conftest import SESSION_TOKEN

BASE = "https://email.us-east-1.amazonaws.com"
JOBS = f"{BASE}/v2/email/export-jobs"
FAST = RetryPolicy(initial_backoff=0.0)
SOURCE = MetricsDataSource(
    dimensions={"EMAIL_IDENTITY": ["a.example", "b.example"]},
    metrics=[ExportMetric(name="SEND", aggregation="VOLUME")],
    start_date=datetime(2026, 1, 1, tzinfo=timezone.utc),
    end_date=datetime(2026, 2, 1, tzinfo=timezone.utc),
)
CREATE: dict[str, Any] = {"export_data_source": SOURCE, "export_destination": "CSV"}


class Runner:
    """Runs one client method through the sync or the async client. The pacers are off unless
    a test asks for them: CreateExportJob's rate is one call per second."""

    def __init__(self, mode: str, credentials: AwsCredentials) -> None:
        self.mode = mode
        self.credentials = credentials

    def __call__(self, method: str, client: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        settings: dict[str, Any] = {
            "region": "us-east-1",
            "credentials": self.credentials,
            "rate_limiter": None,
        }
        settings.update(client or {})
        if self.mode == "sync":
            with SESv2Client(**settings) as ses:
                result = getattr(ses, method)(**kwargs)
                return list(result) if method.startswith("iter_") else result

        async def go() -> Any:
            async with AsyncSESv2Client(**settings) as ses:
                if method.startswith("iter_"):
                    return [item async for item in getattr(ses, method)(**kwargs)]
                return await getattr(ses, method)(**kwargs)

        return asyncio.run(go())


@pytest.fixture(params=["sync", "async"])
def run(request: pytest.FixtureRequest, aws_credentials: AwsCredentials) -> Runner:
    return Runner(request.param, aws_credentials)


def job(status: str, **members: Any) -> httpx.Response:
    return httpx.Response(200, json={"JobId": "j-1", "JobStatus": status, **members})


@respx.mock
def test_create_is_a_signed_json_post(run: Runner) -> None:
    route = respx.post(JOBS).respond(200, json={"JobId": "j-1"})
    assert run("create_export_job", **CREATE) == CreateExportJobResponse(job_id="j-1")
    sent = route.calls.last.request
    assert sent.headers["content-type"] == "application/json"
    assert sent.headers["x-amz-security-token"] == SESSION_TOKEN
    signed = sent.headers["authorization"].split("SignedHeaders=")[1].split(",")[0].split(";")
    assert {"content-type", "host", "x-amz-date"} <= set(signed)
    body = json.loads(sent.content)
    assert body["ExportDestination"] == {"DataFormat": "CSV"}
    assert body["ExportDataSource"]["MetricsDataSource"]["Dimensions"] == {
        "EMAIL_IDENTITY": ["a.example", "b.example"]
    }


@respx.mock
def test_a_message_insights_export(run: Runner) -> None:
    route = respx.post(JOBS).respond(200, json={"JobId": "j-2"})
    source = MessageInsightsDataSource(
        start_date=datetime(2026, 1, 1),
        end_date=datetime(2026, 1, 2),
        include=MessageInsightsFilters(last_delivery_event=["PERMANENT_BOUNCE"]),
        max_results=100,
    )
    assert run("create_export_job", export_data_source=source, export_destination="JSON").job_id
    body = json.loads(route.calls.last.request.content)
    assert body["ExportDataSource"] == {
        "MessageInsightsDataSource": {
            "StartDate": 1767225600,
            "EndDate": 1767312000,
            "Include": {"LastDeliveryEvent": ["PERMANENT_BOUNCE"]},
            "MaxResults": 100,
        }
    }


@pytest.mark.parametrize(
    ("failure", "error"),
    [
        (
            httpx.Response(500, headers={"x-amzn-ErrorType": "InternalServiceErrorException"}),
            InternalServiceErrorException,
        ),
        (httpx.Response(503), ServerError),
        (httpx.ReadTimeout("no answer"), TransportError),
        (httpx.RemoteProtocolError("reset mid-answer"), TransportError),
    ],
    ids=["500", "503", "read-timeout", "reset"],
)
@respx.mock
def test_create_is_not_repeated_once_it_may_have_taken_effect(
    run: Runner, failure: Any, error: type[Exception]
) -> None:
    route = respx.post(JOBS).mock(side_effect=[failure, httpx.Response(200, json={"JobId": "j"})])
    with pytest.raises(error):
        run("create_export_job", client={"retry": FAST}, **CREATE)
    assert route.call_count == 1


@pytest.mark.parametrize(
    "failure",
    [
        httpx.Response(429, headers={"x-amzn-ErrorType": "TooManyRequestsException"}),
        httpx.ConnectError("refused"),
    ],
    ids=["throttled", "refused"],
)
@respx.mock
def test_create_is_retried_when_it_certainly_did_not_happen(run: Runner, failure: Any) -> None:
    route = respx.post(JOBS).mock(side_effect=[failure, httpx.Response(200, json={"JobId": "j"})])
    assert run("create_export_job", client={"retry": FAST}, **CREATE).job_id == "j"
    assert route.call_count == 2


@respx.mock
def test_limit_exceeded_is_a_quota_not_retried(run: Runner) -> None:
    route = respx.post(JOBS).respond(
        400, headers={"x-amzn-ErrorType": "LimitExceededException"}, json={"message": "too many"}
    )
    with pytest.raises(LimitExceededException) as caught:
        run("create_export_job", client={"retry": FAST}, **CREATE)
    assert isinstance(caught.value, QuotaExceededError)
    assert (caught.value.status_code, caught.value.message) == (400, "too many")
    assert route.call_count == 1


@respx.mock
def test_get_is_a_get_with_the_job_in_the_path(run: Runner) -> None:
    route = respx.get(f"{JOBS}/job%2F1").mock(
        return_value=job("COMPLETED", ExportDestination={"DataFormat": "CSV", "S3Url": "https://f"})
    )
    answer = run("get_export_job", job_id="job/1")
    assert answer.job_status is JobStatus.COMPLETED
    assert answer.export_destination.s3_url == "https://f"
    assert route.calls.last.request.content == b""
    assert route.calls.last.request.url.raw_path == b"/v2/email/export-jobs/job%2F1"


@respx.mock
def test_cancel_is_an_empty_put_retried_like_a_read(run: Runner) -> None:
    route = respx.put(f"{JOBS}/j-1/cancel").mock(
        side_effect=[httpx.ReadTimeout("slow"), httpx.Response(200, content=b"")]
    )
    assert run("cancel_export_job", client={"retry": FAST}, job_id="j-1") == (
        CancelExportJobResponse()
    )
    assert route.call_count == 2
    assert route.calls.last.request.content == b""


@pytest.mark.parametrize(
    ("status", "code", "error"),
    [
        (404, "NotFoundException", NotFoundException),
        (400, "BadRequestException", BadRequestException),
        (429, "TooManyRequestsException", TooManyRequestsException),
    ],
)
@respx.mock
def test_get_and_cancel_errors(run: Runner, status: int, code: str, error: type[Exception]) -> None:
    headers = {"x-amzn-ErrorType": code}
    respx.get(f"{JOBS}/j-1").respond(status, headers=headers)
    respx.put(f"{JOBS}/j-1/cancel").respond(status, headers=headers)
    one_attempt = {"retry": RetryPolicy(max_attempts=1)}
    with pytest.raises(error):
        run("get_export_job", client=one_attempt, job_id="j-1")
    with pytest.raises(error):
        run("cancel_export_job", client=one_attempt, job_id="j-1")


@respx.mock
def test_the_paginator_filters_and_follows_next_token(run: Runner) -> None:
    route = respx.post(f"{BASE}/v2/email/list-export-jobs").mock(
        side_effect=[
            httpx.Response(200, json={"ExportJobs": [{"JobId": "a"}], "NextToken": "2"}),
            httpx.Response(500),
            httpx.Response(200, json={"ExportJobs": [{"JobId": "b"}, {"JobId": "c"}]}),
        ]
    )
    jobs = run(
        "iter_export_jobs",
        client={"retry": FAST},
        export_source_type="METRICS_DATA",
        job_status=JobStatus.COMPLETED,
        page_size=1,
    )
    assert [j.job_id for j in jobs] == ["a", "b", "c"]
    wanted = {"ExportSourceType": "METRICS_DATA", "JobStatus": "COMPLETED", "PageSize": 1}
    assert [json.loads(c.request.content) for c in route.calls] == [
        wanted,
        {**wanted, "NextToken": "2"},
        {**wanted, "NextToken": "2"},
    ]


@respx.mock
def test_the_paginator_stops_on_a_repeated_token(run: Runner) -> None:
    respx.post(f"{BASE}/v2/email/list-export-jobs").respond(
        200, json={"ExportJobs": [], "NextToken": "again"}
    )
    with pytest.raises(MalformedResponseError, match="repeats the NextToken"):
        run("iter_export_jobs")


@pytest.mark.parametrize(
    ("method", "kwargs", "field"),
    [
        ("create_export_job", {**CREATE, "export_destination": "XML"}, "data_format"),
        ("get_export_job", {"job_id": ""}, "job_id"),
        ("cancel_export_job", {"job_id": ".."}, "job_id"),
        ("iter_export_jobs", {"job_status": "DONE"}, "job_status"),
        ("list_export_jobs", {"page_size": 1.5}, "page_size"),
    ],
)
@respx.mock(assert_all_mocked=True)
def test_bad_arguments_send_nothing(
    run: Runner, method: str, kwargs: dict[str, Any], field: str
) -> None:
    with pytest.raises(InvalidInputError) as caught:
        run(method, **kwargs)
    assert caught.value.field == field
