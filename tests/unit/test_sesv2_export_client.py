"""Export jobs through both clients against respx: the wire format and signing, the retry rules
of each operation, errors, the paginator, the waiter and the download. Every case runs through
the sync and the async client."""

from __future__ import annotations

import asyncio
import io
import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx

from metricsdk import AwsCredentials, RetryPolicy
from metricsdk.errors import (
    InvalidInputError,
    MalformedResponseError,
    PermissionDeniedError,
    QuotaExceededError,
    ServerError,
    TransportError,
    WaiterTimeoutError,
)
from metricsdk.sesv2 import (
    AsyncSESv2Client,
    BadRequestException,
    CancelExportJobResponse,
    CreateExportJobResponse,
    ExportJobFailedError,
    ExportLinkExpiredError,
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


# ---- the waiter ---------------------------------------------------------------------------

QUICK = {"timeout": 5.0, "poll_interval": 0.001}


@respx.mock
def test_the_waiter_polls_until_completed(run: Runner) -> None:
    route = respx.get(f"{JOBS}/j-1").mock(
        side_effect=[
            job("CREATED"),
            httpx.Response(429, headers={"x-amzn-ErrorType": "TooManyRequestsException"}),
            job("PROCESSING"),
            job("COMPLETED", Statistics={"ExportedRecordsCount": 3}),
        ]
    )
    done = run("wait_for_export_job", client={"retry": FAST}, job_id="j-1", **QUICK)
    assert done.job_status is JobStatus.COMPLETED
    assert done.statistics.exported_records_count == 3
    assert route.call_count == 4


@pytest.mark.parametrize("status", ["FAILED", "CANCELLED"])
@respx.mock
def test_the_waiter_raises_when_the_job_fails(run: Runner, status: str) -> None:
    respx.get(f"{JOBS}/j-1").mock(
        side_effect=[job("PROCESSING"), job(status, FailureInfo={"ErrorMessage": "no data"})]
    )
    with pytest.raises(ExportJobFailedError) as caught:
        run("wait_for_export_job", job_id="j-1", **QUICK)
    assert (caught.value.job_status, caught.value.error_message) == (status, "no data")


@respx.mock
def test_the_waiter_gives_up_at_its_timeout(run: Runner) -> None:
    respx.get(f"{JOBS}/j-1").mock(return_value=job("PROCESSING"))
    with pytest.raises(WaiterTimeoutError) as caught:
        run("wait_for_export_job", job_id="j-1", timeout=0.05, poll_interval=0.01)
    assert caught.value.pending == ("j-1",)


@respx.mock
def test_the_waiter_surfaces_other_errors(run: Runner) -> None:
    respx.get(f"{JOBS}/j-1").respond(404, headers={"x-amzn-ErrorType": "NotFoundException"})
    with pytest.raises(NotFoundException):
        run("wait_for_export_job", job_id="j-1", **QUICK)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [({"job_id": ""}, "job_id"), ({"job_id": "j", "timeout": 0}, "timeout")],
)
@respx.mock(assert_all_mocked=True)
def test_the_waiter_checks_its_arguments_before_polling(
    run: Runner, kwargs: dict[str, Any], field: str
) -> None:
    with pytest.raises(InvalidInputError) as caught:
        run("wait_for_export_job", **kwargs)
    assert caught.value.field == field


# ---- the download -------------------------------------------------------------------------

FILE_URL = "https://ses-exports.s3.us-east-1.amazonaws.com/j-1.csv"
LINK = f"{FILE_URL}?X-Amz-Signature=abc&X-Amz-Expires=300"
CSV = b"timestamp,EMAIL_IDENTITY,metric,aggregation,value\n2026-01-01T00:00:00Z,a,SEND,VOLUME,3\n"


def completed(link: str = LINK) -> httpx.Response:
    return job("COMPLETED", ExportDestination={"DataFormat": "CSV", "S3Url": link})


@respx.mock
def test_download_fetches_a_fresh_link_with_a_clean_request(run: Runner, tmp_path: Path) -> None:
    api = respx.get(f"{JOBS}/j-1").mock(return_value=completed())
    storage = respx.get(FILE_URL).respond(200, content=CSV)
    target = tmp_path / "export.csv"
    size = run("download_export_job", job_id="j-1", destination=target)
    assert (size, target.read_bytes()) == (len(CSV), CSV)
    assert api.call_count == 1
    sent = storage.calls.last.request
    assert sent.url.params["X-Amz-Signature"] == "abc"  # the link is used as given
    assert not [name for name in sent.headers if name.startswith("x-amz")]
    assert "authorization" not in sent.headers
    assert [p.name for p in tmp_path.iterdir()] == ["export.csv"]


@respx.mock
def test_download_sends_nothing_of_the_callers_client(
    tmp_path: Path, aws_credentials: AwsCredentials
) -> None:
    respx.get(f"{JOBS}/j-1").mock(return_value=completed())
    storage = respx.get(FILE_URL).respond(200, content=CSV)
    http = httpx.Client(headers={"x-team": "metrics"}, cookies={"session": "caller-cookie"})
    with SESv2Client(
        region="us-east-1", credentials=aws_credentials, http_client=http, rate_limiter=None
    ) as ses:
        ses.download_export_job(job_id="j-1", destination=tmp_path / "f.csv")
    sent = storage.calls.last.request
    assert "cookie" not in sent.headers and "x-team" not in sent.headers
    http.close()


@respx.mock
def test_download_into_a_file_object(run: Runner) -> None:
    respx.get(f"{JOBS}/j-1").mock(return_value=completed())
    respx.get(FILE_URL).respond(200, content=CSV)
    sink = io.BytesIO()
    assert run("download_export_job", job_id="j-1", destination=sink) == len(CSV)
    assert sink.getvalue() == CSV


@respx.mock
def test_a_refused_link_is_an_expired_link_and_leaves_nothing(run: Runner, tmp_path: Path) -> None:
    respx.get(f"{JOBS}/j-1").mock(return_value=completed())
    respx.get(FILE_URL).respond(403, content=b"<Error><Code>AccessDenied</Code></Error>")
    with pytest.raises(ExportLinkExpiredError) as caught:
        run("download_export_job", job_id="j-1", destination=tmp_path / "f.csv")
    assert isinstance(caught.value, PermissionDeniedError)
    assert "download_export_job again" in str(caught.value)
    assert list(tmp_path.iterdir()) == []


@respx.mock
def test_a_download_that_breaks_off_leaves_nothing(run: Runner, tmp_path: Path) -> None:
    respx.get(f"{JOBS}/j-1").mock(return_value=completed())
    respx.get(FILE_URL).mock(side_effect=httpx.RemoteProtocolError("reset"))
    with pytest.raises(TransportError, match="nothing was written"):
        run("download_export_job", job_id="j-1", destination=tmp_path / "f.csv")
    assert list(tmp_path.iterdir()) == []


@respx.mock
def test_a_job_without_a_file_cannot_be_downloaded(run: Runner, tmp_path: Path) -> None:
    respx.get(f"{JOBS}/j-1").mock(return_value=job("PROCESSING"))
    with pytest.raises(InvalidInputError, match="its status is PROCESSING, not COMPLETED"):
        run("download_export_job", job_id="j-1", destination=tmp_path / "f.csv")


@pytest.mark.parametrize("destination", ["folder", "missing/f.csv", 42])
@respx.mock(assert_all_mocked=True)
def test_an_unusable_destination_is_refused_before_any_call(
    run: Runner, tmp_path: Path, destination: Any
) -> None:
    target = tmp_path / destination if isinstance(destination, str) else destination
    (tmp_path / "folder").mkdir()
    with pytest.raises(InvalidInputError) as caught:
        run("download_export_job", job_id="j-1", destination=target)
    assert caught.value.field == "destination"
