"""The holes an outside reliability probe found, each reproduced over real loopback sockets,
sync and async: a huge Retry-After, answers that never finish, redirects, servers that echo
secrets, downloads that carried the caller's state, and the environment weakening transport.
Nothing here times the test: bounds are shown by what a scripted server managed to send, and by
calls that end with an error instead of outlasting their deadline."""

from __future__ import annotations

import asyncio
import inspect
import json
import logging
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from metricsdk import AwsCredentials, RetryPolicy
from metricsdk._core import transport as transport_module
from metricsdk.blendvision import (
    AsyncBlendVisionClient,
    BlendVisionClient,
    DimensionWithCondition,
    EventReport,
    EventReportKey,
)
from metricsdk.errors import APIError, DeadlineExceededError, TransportError
from metricsdk.oracle_iot import AsyncOracleIoTClient, OracleIoTClient
from metricsdk.pacing import Limit, Pacer
from metricsdk.sesv2 import AsyncSESv2Client, BatchGetMetricDataQuery, SESv2Client
from metricsdk.testing import Emulator
from tests.conftest import SECRET_KEY, SESSION_TOKEN

from .scripted_server import Answer, Received, ScriptedServer, answer, sequence

CREDENTIALS = AwsCredentials("AKIDEXAMPLE", SECRET_KEY, SESSION_TOKEN)
QUERY = BatchGetMetricDataQuery(
    id="q", metric="SEND", start_date=date(2026, 1, 1), end_date=date(2026, 1, 2)
)
OK_SES = json.dumps({"Results": [{"Id": "q", "Timestamps": [], "Values": []}], "Errors": []})
KINDS = ["sync", "async"]
WATCH_TIME = DimensionWithCondition(dimension="REPORT_DIMENSION_WATCH_TIME", group_by_fields=[])
REPORT_ID = "0b9f6a3c-0000-4000-8000-000000000001"
REPORT_KEY = EventReportKey(id=REPORT_ID, dimension_with_condition=WATCH_TIME)


def run(kind: str, make: Callable[[], Any], use: Callable[[Any], Any]) -> Any:
    """Make a client of ``kind``, use it once, close it; return what the use returned."""
    if kind == "sync":
        with make() as client:
            return use(client)

    async def go() -> Any:
        async with make() as client:
            result = use(client)
            return await result if inspect.isawaitable(result) else result

    return asyncio.run(go())


def ses(kind: str, url: str, **options: Any) -> Callable[[], Any]:
    cls = SESv2Client if kind == "sync" else AsyncSESv2Client
    return lambda: cls(region="us-east-1", credentials=CREDENTIALS, endpoint_url=url, **options)


def fetch(client: Any) -> Any:
    return client.batch_get_metric_data(queries=[QUERY])


def scripted(*answers: Answer) -> ScriptedServer:
    upcoming = sequence(*answers)
    return ScriptedServer(lambda received: next(upcoming))


# -- 1. A huge Retry-After ---------------------------------------------------------------------


HUGE_WAITS = {
    "seconds": {"retry-after": "999999"},
    "http-date": {
        "retry-after": format_datetime(datetime.now(timezone.utc) + timedelta(days=30), True)
    },
}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("wait", HUGE_WAITS)
def test_a_huge_retry_after_holds_the_shared_pacer_no_longer_than_the_policy_allows(
    kind: str, wait: str
) -> None:
    status = 429 if wait == "seconds" else 503
    first = answer(status, b'{"message":"slow down"}', headers=HUGE_WAITS[wait])
    with scripted(first, answer(200, OK_SES.encode())) as server:
        capped = RetryPolicy(max_attempts=1, max_retry_after=0.2)
        with pytest.raises(APIError) as caught:
            run(kind, ses(kind, server.url, retry=capped), fetch)
        assert caught.value.retry_after is not None and caught.value.retry_after > 1e5
        # A client made later shares the pacer; it is held back 0.2 s at most, not 11 days.
        later = RetryPolicy(max_attempts=1, deadline=10.0)
        assert run(kind, ses(kind, server.url, retry=later), fetch).results[0].id == "q"
    assert len(server.received) == 2


@pytest.mark.parametrize("kind", KINDS)
def test_no_wait_for_the_pacer_outlasts_the_calls_deadline(kind: str) -> None:
    blocked = Pacer([Limit(1, per_seconds=600.0)])
    blocked.acquire()  # the window is full for ten minutes
    with scripted(answer(200, OK_SES.encode())) as server:
        policy = RetryPolicy(deadline=0.3)
        make = ses(kind, server.url, retry=policy, rate_limiter=blocked)
        with pytest.raises(DeadlineExceededError, match="waiting for the pacer"):
            run(kind, make, fetch)
    assert server.received == []  # nothing sent, nothing charged


# -- 3. No call outlasts its bounds ---------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("timeout", [0.3, httpx.Timeout(0.1)], ids=["float", "httpx.Timeout"])
def test_an_answer_that_drips_is_cut_off_by_the_attempts_whole_timeout(
    kind: str, timeout: float | httpx.Timeout
) -> None:
    # 400 bytes, one every 50 ms: 20 s if the client waited for all of it.
    dripping = answer(200, b" " * 400, headers={"content-type": "application/json"}, drip=0.05)
    with scripted(dripping) as server:
        make = ses(kind, server.url, timeout=timeout, retry=RetryPolicy(max_attempts=1))
        with pytest.raises(TransportError, match="still arriving") as caught:
            run(kind, make, fetch)
        assert isinstance(caught.value.__cause__ or caught.value, Exception)
        server.wait_until_answered(1)
    (sent,) = server.bytes_sent()
    body_sent = sent - len(dripping.pieces[0][1])
    assert body_sent < 100  # the client hung up long before the answer was complete


@pytest.mark.parametrize("kind", KINDS)
def test_the_deadline_bounds_retries_and_their_waits(kind: str) -> None:
    unavailable = answer(503, b'{"message":"busy"}', headers={"retry-after": "0.2"})
    with scripted(unavailable) as server:
        policy = RetryPolicy(max_attempts=50, deadline=0.5)
        with pytest.raises(DeadlineExceededError) as caught:
            run(kind, ses(kind, server.url, retry=policy), fetch)
    assert isinstance(caught.value, TimeoutError) and isinstance(caught.value, TransportError)
    assert 1 <= len(server.received) <= 3  # 0.5 s holds at most three attempts 0.2 s apart


@pytest.mark.parametrize("kind", KINDS)
def test_get_metric_data_reports_a_batch_past_its_deadline_and_keeps_the_rest(kind: str) -> None:
    def script(received: Received) -> Answer:
        asked = [q["Id"] for q in json.loads(received.body)["Queries"]]
        if "q0" in asked:  # the first batch's answer never completes
            return answer(200, b" " * 400, drip=0.05)
        results = [{"Id": i, "Timestamps": [], "Values": []} for i in asked]
        return answer(200, json.dumps({"Results": results, "Errors": []}).encode())

    queries = [
        BatchGetMetricDataQuery(
            id=f"q{i}", metric="SEND", start_date=date(2026, 1, 1), end_date=date(2026, 1, 2)
        )
        for i in range(30)
    ]
    with ScriptedServer(script) as server:
        make = ses(kind, server.url, retry=RetryPolicy(deadline=0.5), rate_limiter=None)
        merged = run(kind, make, lambda client: client.get_metric_data(queries=queries))
    assert [r.id for r in merged.results] == [f"q{i}" for i in range(10, 30)]
    assert [e.id for e in merged.errors] == [f"q{i}" for i in range(10)]
    assert {e.code for e in merged.errors} == {"DeadlineExceededError"}


# -- 4. API calls never follow redirects ----------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_a_redirect_is_an_error_and_no_credential_follows_it(kind: str) -> None:
    with scripted(answer(200, OK_SES.encode())) as elsewhere:
        moved = answer(307, headers={"location": f"{elsewhere.url}/v2/email/metrics/batch"})
        with scripted(moved) as server:
            http: Any = (
                httpx.Client(follow_redirects=True)
                if kind == "sync"
                else httpx.AsyncClient(follow_redirects=True)
            )
            make = ses(kind, server.url, http_client=http)
            with pytest.raises(APIError, match="redirect") as caught:
                run(kind, make, fetch)
            assert caught.value.status_code == 307 and not caught.value.retryable
    assert elsewhere.received == []  # neither the session token nor anything else went there


def test_a_blendvision_redirect_carries_no_org_id_away() -> None:
    with scripted(answer(200, b'{"reports":[]}')) as elsewhere:
        moved = answer(302, headers={"location": elsewhere.url})
        with scripted(moved) as server, httpx.Client(follow_redirects=True) as http:
            client = BlendVisionClient(
                api_token=SESSION_TOKEN, org_id="org-1", base_url=server.url, http_client=http
            )
            with pytest.raises(APIError, match="redirect"):
                client.batch_get_event_reports(reports=[REPORT_KEY])
    assert elsewhere.received == []


# -- 5. A server that echoes a secret ----------------------------------------------------------


def _echo_of_aws_secrets(received: Received) -> Answer:
    canonical = (
        f"POST\n/v2/email/metrics/batch\n\nx-amz-security-token:{SESSION_TOKEN}\n"
        f"secret {SECRET_KEY}\n{received.headers['authorization']}"
    )
    message = f"The request signature we calculated does not match. Canonical: {canonical}"
    body = json.dumps({"message": message}).encode()
    return answer(403, body, headers={"x-amzn-errortype": "InvalidSignatureException"})


@pytest.mark.parametrize("kind", KINDS)
def test_secrets_echoed_by_the_service_never_reach_the_exception(
    kind: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="metricsdk")
    with ScriptedServer(_echo_of_aws_secrets) as server:
        with pytest.raises(APIError) as caught:
            run(kind, ses(kind, server.url), fetch)
    error = caught.value
    shown = " ".join([str(error), repr(error), error.message, *map(str, error.args)])
    assert "<redacted>" in shown and "Signature=<redacted>" in shown
    for secret in (SECRET_KEY, SESSION_TOKEN):
        assert secret not in shown and secret not in caplog.text


def _echo_everything(received: Received) -> Answer:
    body = json.dumps({"code": 16, "message": f"bad credentials {received.headers}"}).encode()
    return answer(401, body, headers={"content-type": "application/json"})


@pytest.mark.parametrize("kind", KINDS)
def test_bearer_and_basic_secrets_echoed_back_are_redacted(kind: str) -> None:
    with ScriptedServer(_echo_everything) as server:
        if kind == "sync":
            bv: Any = BlendVisionClient(api_token=SESSION_TOKEN, org_id="o", base_url=server.url)
            iot: Any = OracleIoTClient(base_url=server.url, username="u", password=SECRET_KEY)
        else:
            bv = AsyncBlendVisionClient(api_token=SESSION_TOKEN, org_id="o", base_url=server.url)
            iot = AsyncOracleIoTClient(base_url=server.url, username="u", password=SECRET_KEY)
        for client, call in (
            (bv, lambda c: c.batch_get_event_reports(reports=[REPORT_KEY])),
            (iot, lambda c: c.get_registered_device_count()),
        ):
            with pytest.raises(APIError) as caught:
                run(kind, lambda client=client: client, call)
            shown = f"{caught.value} {caught.value!r} {caught.value.details}"
            assert SESSION_TOKEN not in shown and SECRET_KEY not in shown
            basic = httpx.BasicAuth("u", SECRET_KEY)._auth_header.removeprefix("Basic ")
            assert basic not in shown


# -- 8. Downloads carry nothing of the caller's client -------------------------------------------


def _report(uri: str) -> EventReport:
    return EventReport(
        id=REPORT_ID,
        status="EVENT_REPORT_STATUS_SUCCEEDED",
        uri=uri,
        dimension_with_condition=WATCH_TIME,
    )


@pytest.mark.parametrize("kind", KINDS)
def test_a_download_and_its_redirects_carry_no_cookie_header_or_credential(
    kind: str, tmp_path: Path
) -> None:
    with scripted(answer(200, b"watch,time\n1,2\n")) as files:
        hop = answer(302, headers={"location": f"{files.url}/r.csv", "set-cookie": "hop=1"})
        with scripted(hop) as link:
            state: dict[str, Any] = {
                "cookies": {"session": "c00kie"},
                "headers": {"x-custom": "mine"},
                "follow_redirects": True,
            }
            http: Any = httpx.Client(**state) if kind == "sync" else httpx.AsyncClient(**state)
            cls = BlendVisionClient if kind == "sync" else AsyncBlendVisionClient
            make = lambda: cls(api_token=SESSION_TOKEN, org_id="o-1", http_client=http)  # noqa: E731
            target = tmp_path / "report.csv"
            size = run(kind, make, lambda c: c.download_report(_report(f"{link.url}/x"), target))
    assert size == target.stat().st_size == len(b"watch,time\n1,2\n")
    for received in (*link.received, *files.received):
        assert not {"cookie", "x-custom", "authorization", "x-bv-org-id"} & received.headers.keys()


# -- 9. The environment cannot weaken transport ----------------------------------------------


@pytest.fixture
def recording_proxy() -> Iterator[ScriptedServer]:
    with scripted(answer(502, b"proxy says no")) as proxy:
        yield proxy


@pytest.mark.parametrize("kind", KINDS)
def test_plain_http_to_loopback_never_goes_through_a_proxy(
    kind: str, recording_proxy: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("HTTP_PROXY", "http_proxy", "ALL_PROXY"):
        monkeypatch.setenv(name, recording_proxy.url)
    with Emulator() as emulator:
        cls = OracleIoTClient if kind == "sync" else AsyncOracleIoTClient
        make = lambda: cls(  # noqa: E731
            base_url=emulator.url,
            username=emulator.oracle_username,
            password=emulator.oracle_password,
        )
        series = run(kind, make, lambda c: c.get_registered_device_count(limit=1))
    assert series.items and recording_proxy.received == []


@pytest.mark.parametrize("kind", KINDS)
def test_a_proxy_for_https_is_honoured(
    kind: str, recording_proxy: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTPS_PROXY", recording_proxy.url)
    cls = OracleIoTClient if kind == "sync" else AsyncOracleIoTClient
    make = lambda: cls(  # noqa: E731
        base_url="https://iot.example.invalid", username="u", password=SECRET_KEY, retry=None
    )
    with pytest.raises(TransportError):
        run(kind, make, lambda c: c.get_registered_device_count())
    assert recording_proxy.received
    assert {(r.method, r.target) for r in recording_proxy.received} == {
        ("CONNECT", "iot.example.invalid:443")
    }


def test_a_replaced_trust_store_is_logged_once_with_its_path(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    import certifi

    monkeypatch.setenv("SSL_CERT_FILE", certifi.where())
    monkeypatch.setattr(transport_module, "_trust_store_noted", False)
    caplog.set_level(logging.INFO, logger="metricsdk")
    for _ in range(3):
        OracleIoTClient(base_url="https://iot.example.com", username="u", password="p").close()
    notes = [r for r in caplog.records if "trusts the certificates" in r.getMessage()]
    assert len(notes) == 1 and certifi.where() in notes[0].getMessage()
    assert "SSL_CERT_FILE" in notes[0].getMessage() and notes[0].levelno == logging.INFO
