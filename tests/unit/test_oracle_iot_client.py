"""OracleIoTClient and AsyncOracleIoTClient against respx: what goes on the wire (query, path,
auth), the credential rules, error mapping, retries, and that no secret leaks."""

from __future__ import annotations

import asyncio
import base64
import logging
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any

import httpx
import pytest
import respx

from metricsdk import RetryPolicy
from metricsdk.errors import (
    APIError,
    AuthenticationError,
    BadRequestError,
    InvalidInputError,
    MalformedResponseError,
    MissingCredentialsError,
    NotFoundError,
    PermissionDeniedError,
    ServerError,
    ThrottlingError,
    TransportError,
)
from metricsdk.oracle_iot import (
    AppMetric,
    AsyncOracleIoTClient,
    InstanceMetric,
    MetricSeries,
    OracleIoTClient,
    Period,
    SeriesFormatError,
    SortOrder,
)

BASE = "https://myiot-idcs1.iot.us2.oraclecloud.com"
ROOT = f"{BASE}/iot/api/v2"
OUTBOUND = f"{ROOT}/apps/app-1/monitoring/metrics/dataVolume/messages/outbound"
USER = "iot-user"
PASSWORD = "CANARY-oracle-password-5d2e"
TOKEN = "CANARY-oracle-token-81fb"
FAST = RetryPolicy(initial_backoff=0.0)
DOCUMENTED = {
    "items": [
        {"dateTimeAsString": "2016-07-18T10:38:17Z", "dateTime": "1468838297626", "value": "3000"},
        {"dateTimeAsString": "2016-07-18T11:38:17Z", "dateTime": "1468841897626", "value": "500"},
    ],
    "links": [{"rel": "canonical", "href": OUTBOUND}, {"rel": "self", "href": OUTBOUND}],
}
ORACLE_ERROR = {
    "type": "about:blank",
    "title": "Unauthorized",
    "status": 401,
    "detail": "Not authenticated",
    "o:errorCode": "IOT-0401",
}

Call = Callable[..., MetricSeries]


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


@pytest.fixture(params=["sync", "async"])
def call(request: pytest.FixtureRequest) -> Call:
    """call(method, client={...}, **kwargs): one call through a fresh client of either kind."""

    def settings(client: dict[str, Any] | None) -> dict[str, Any]:
        return {"base_url": BASE, "username": USER, "password": PASSWORD, **(client or {})}

    def sync(method: str, client: dict[str, Any] | None = None, **kwargs: Any) -> MetricSeries:
        with OracleIoTClient(**settings(client)) as iot:
            result: MetricSeries = getattr(iot, method)(**kwargs)
        return result

    def run_async(method: str, client: dict[str, Any] | None = None, **kwargs: Any) -> MetricSeries:
        async def go() -> MetricSeries:
            async with AsyncOracleIoTClient(**settings(client)) as iot:
                result: MetricSeries = await getattr(iot, method)(**kwargs)
            return result

        return asyncio.run(go())

    return sync if request.param == "sync" else run_async


# -- the documented example and the wire -----------------------------------------------------


@respx.mock
def test_the_documented_example(call: Call) -> None:
    route = respx.get(OUTBOUND).respond(200, json=DOCUMENTED)
    series = call("get_outbound_message_data_volume", app_id="app-1")
    assert [point.value for point in series.items] == [3000, 500]
    assert series.as_pairs() == [
        (datetime(2016, 7, 18, 10, 38, 17, 626000, tzinfo=timezone.utc), 3000),
        (datetime(2016, 7, 18, 11, 38, 17, 626000, tzinfo=timezone.utc), 500),
    ]
    request = route.calls.last.request
    assert request.method == "GET"
    assert request.url.query == b""  # the service's defaults apply
    assert request.headers["accept"] == "application/json"
    assert request.headers["authorization"] == basic(USER, PASSWORD)
    assert request.headers["user-agent"].startswith("metricsdk/")
    assert request.content == b""


@respx.mock
def test_every_query_parameter_on_the_wire(call: Call) -> None:
    route = respx.get(url__startswith=OUTBOUND).respond(200, json=DOCUMENTED)
    call(
        "get_outbound_message_data_volume",
        app_id="app-1",
        period=Period.DAILY,
        limit=5,
        order=SortOrder.DESC,
        since=datetime(2026, 3, 1, 8, 0, tzinfo=timezone(timedelta(hours=-7))),
        until=1_775_000_000_000,
        extra_query={"fields": "value,dateTime"},
    )
    url = route.calls.last.request.url
    assert list(url.params.multi_items()) == [
        ("limit", "5"),
        ("orderBy", "dateTime:desc"),
        ("period", "Daily"),
        ("since", "2026-03-01T08:00:00-07:00"),
        ("until", "1775000000000"),
        ("fields", "value,dateTime"),
    ]
    # The offset's "+"/":" and the comma are percent-encoded, never sent raw.
    assert b"since=2026-03-01T08%3A00%3A00-07%3A00" in url.query
    assert b"fields=value%2CdateTime" in url.query


@respx.mock
def test_positive_offsets_survive_the_query_string(call: Call) -> None:
    route = respx.get(url__startswith=OUTBOUND).respond(200, json=DOCUMENTED)
    since = datetime(2026, 3, 1, 8, 0, tzinfo=timezone(timedelta(hours=5, minutes=30)))
    call("get_outbound_message_data_volume", app_id="app-1", since=since, period="monthly")
    request = route.calls.last.request
    assert b"%2B05%3A30" in request.url.query  # a raw "+" would be read as a space
    assert dict(request.url.params) == {"period": "Monthly", "since": "2026-03-01T08:00:00+05:30"}


@pytest.mark.parametrize(
    ("app_id", "segment"),
    [
        ("../x", "..%2Fx"),
        ("..", "%2E%2E"),
        ("a/b", "a%2Fb"),
        ("what?", "what%3F"),
        ("frag#1", "frag%231"),
        ("with space", "with%20space"),
        ("ünïcödé", "%C3%BCn%C3%AFc%C3%B6d%C3%A9"),
    ],
)
@respx.mock
def test_hostile_app_ids_stay_in_their_segment(call: Call, app_id: str, segment: str) -> None:
    route = respx.get(url__regex=r".*").respond(200, json=DOCUMENTED)
    call("get_outbound_message_data_volume", app_id=app_id)
    request = route.calls.last.request
    assert request.url.raw_path.decode() == (
        f"/iot/api/v2/apps/{segment}/monitoring/metrics/dataVolume/messages/outbound"
    )
    assert request.url.host == "myiot-idcs1.iot.us2.oraclecloud.com"


@pytest.mark.parametrize(
    ("method", "kwargs", "path"),
    [
        (
            "get_inbound_message_volume",
            {"app_id": "a"},
            "apps/a/monitoring/metrics/messageVolume/inbound",
        ),
        ("get_dispatched_message_count", {}, "monitoring/metrics/dispatchedMessageCount"),
        (
            "get_dispatched_message_count",
            {"app_id": "a"},
            "apps/a/monitoring/metrics/dispatchedMessageCount",
        ),
        (
            "get_dispatched_message_count",
            {"app_id": "a", "integration_id": "in tg"},
            "apps/a/integrations/in%20tg/monitoring/metrics/dispatchedMessageCount",
        ),
        ("get_registered_device_count", {}, "monitoring/metrics/registeredDeviceCount"),
        ("get_online_device_count", {}, "monitoring/metrics/onlineDeviceCount"),
        ("get_processed_message_count", {}, "monitoring/metrics/processedMessageCount"),
        (
            "get_app_metric",
            {"app_id": "a", "metric": AppMetric.INBOUND_MESSAGE_VOLUME},
            "apps/a/monitoring/metrics/messageVolume/inbound",
        ),
        (
            "get_app_metric",
            {"app_id": "a", "metric": "dataVolume/messages/inbound"},
            "apps/a/monitoring/metrics/dataVolume/messages/inbound",
        ),
        (
            "get_instance_metric",
            {"metric": InstanceMetric.DISPATCH_FAILED_BAD_REQUEST_COUNT},
            "monitoring/metrics/dispatchFailedMessageCount/badRequestCount",
        ),
        ("get_instance_metric", {"metric": "availability"}, "monitoring/metrics/availability"),
    ],
)
@respx.mock
def test_the_metric_family(call: Call, method: str, kwargs: dict[str, Any], path: str) -> None:
    route = respx.get(url__regex=r".*").respond(200, json=DOCUMENTED)
    series = call(method, limit=2, **kwargs)
    assert [point.value for point in series.items] == [3000, 500]
    request = route.calls.last.request
    assert request.url.raw_path.decode() == f"/iot/api/v2/{path}?limit=2"


@pytest.mark.parametrize(
    ("method", "kwargs", "field"),
    [
        ("get_outbound_message_data_volume", {"app_id": ""}, "app_id"),
        ("get_outbound_message_data_volume", {"app_id": None}, "app_id"),
        ("get_outbound_message_data_volume", {"app_id": "a", "limit": 0}, "limit"),
        ("get_outbound_message_data_volume", {"app_id": "a", "period": "Weekly"}, "period"),
        ("get_outbound_message_data_volume", {"app_id": "a", "order": "newest"}, "order"),
        ("get_outbound_message_data_volume", {"app_id": "a", "since": "yesterday"}, "since"),
        ("get_outbound_message_data_volume", {"app_id": "a", "since": 5, "until": 4}, "since"),
        (
            "get_outbound_message_data_volume",
            {"app_id": "a", "limit": 1, "extra_query": {"limit": "2"}},
            "extra_query",
        ),
        ("get_dispatched_message_count", {"integration_id": "i"}, "app_id"),
        ("get_dispatched_message_count", {"app_id": "a", "integration_id": ""}, "integration_id"),
        ("get_app_metric", {"app_id": "a", "metric": "../../monitoring/metrics/x"}, "metric"),
        ("get_instance_metric", {"metric": "x?limit=1"}, "metric"),
        ("get_instance_metric", {"metric": "/iot/api/v1/x"}, "metric"),
    ],
)
@respx.mock
def test_bad_input_is_refused_before_sending(
    call: Call, method: str, kwargs: dict[str, Any], field: str
) -> None:
    route = respx.get(url__regex=r".*").respond(200, json=DOCUMENTED)
    with pytest.raises(InvalidInputError) as caught:
        call(method, **kwargs)
    assert caught.value.field == field
    assert not route.called


# -- credentials -----------------------------------------------------------------------------


@respx.mock
def test_bearer_token(call: Call) -> None:
    route = respx.get(OUTBOUND).respond(200, json=DOCUMENTED)
    call(
        "get_outbound_message_data_volume",
        client={"username": None, "password": None, "token": TOKEN},
        app_id="app-1",
    )
    assert route.calls.last.request.headers["authorization"] == f"Bearer {TOKEN}"


@pytest.mark.parametrize(
    ("kwargs", "field", "rule"),
    [
        ({"username": "u", "password": "p", "token": "t"}, "token", "not both"),
        ({"password": "p", "token": "t"}, "token", "not both"),
        ({"username": "u"}, "password", "must be a non-empty string"),
        ({"password": "p"}, "username", "must be a non-empty string"),
        ({"username": "u", "password": ""}, "password", "must be a non-empty string"),
        ({"username": "a:b", "password": "p"}, "username", "must not contain ':'"),
        ({"username": "u\r\nX-Evil: 1", "password": "p"}, "username", "control characters"),
        ({"username": "u", "password": "p\nq"}, "password", "control characters"),
        ({"token": ""}, "token", "must be a non-empty string"),
        ({"token": "two words"}, "token", "without spaces or control characters"),
        ({"token": "t\r\nX-Evil: 1"}, "token", "without spaces"),
        ({"token": 12345}, "token", "must be a non-empty string"),
    ],
)
def test_exactly_one_kind_of_credential(kwargs: dict[str, Any], field: str, rule: str) -> None:
    for cls in (OracleIoTClient, AsyncOracleIoTClient):
        with pytest.raises(InvalidInputError) as caught:
            cls(base_url=BASE, **kwargs)
        assert caught.value.field == field and rule in caught.value.rule


def test_nothing_found_names_where_it_looked() -> None:
    with pytest.raises(MissingCredentialsError) as missing:
        OracleIoTClient(base_url=BASE)
    for place in ("username=/password=", "token=", "ORACLE_IOT_USERNAME", "ORACLE_IOT_TOKEN"):
        assert place in str(missing.value)
    with pytest.raises(MissingCredentialsError, match="ORACLE_IOT_BASE_URL") as no_url:
        AsyncOracleIoTClient(username="u", password="p")
    assert no_url.value.field == "base_url"


@pytest.mark.parametrize(
    ("base_url", "rule"),
    [
        ("http://iotserver:7001", "plain http://"),
        ("ftp://iot.example.com", "must be an http:// or https:// URL"),
        ("https://user:pw@iot.example.com", "must not embed credentials"),
        ("https://iot.example.com/?x=1", "must not have a query string"),
        ("", "must be a non-empty URL string"),
    ],
)
def test_base_url_is_checked(base_url: str, rule: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        OracleIoTClient(base_url=base_url, username="u", password="p")
    assert caught.value.field == "base_url" and rule in caught.value.rule


@respx.mock
def test_insecure_http_is_an_explicit_choice() -> None:
    route = respx.get(url__startswith="http://iotserver:7001/").respond(200, json=DOCUMENTED)
    with OracleIoTClient(
        base_url="http://iotserver:7001/", username="u", password="p", allow_insecure_http=True
    ) as iot:
        assert iot.base_url == "http://iotserver:7001"
        iot.get_registered_device_count()
    assert (
        route.calls.last.request.url.path == "/iot/api/v2/monitoring/metrics/registeredDeviceCount"
    )


@respx.mock
def test_environment_fallback(call: Call, monkeypatch: pytest.MonkeyPatch) -> None:
    route = respx.get(OUTBOUND).respond(200, json=DOCUMENTED)
    nothing = {"base_url": None, "username": None, "password": None}
    monkeypatch.setenv("ORACLE_IOT_BASE_URL", BASE)
    monkeypatch.setenv("ORACLE_IOT_USERNAME", "env-user")
    monkeypatch.setenv("ORACLE_IOT_PASSWORD", PASSWORD)
    call("get_outbound_message_data_volume", client=nothing, app_id="app-1")
    assert route.calls.last.request.headers["authorization"] == basic("env-user", PASSWORD)
    # An explicit credential wins, and the environment is then not read at all.
    call("get_outbound_message_data_volume", client={**nothing, "token": TOKEN}, app_id="app-1")
    assert route.calls.last.request.headers["authorization"] == f"Bearer {TOKEN}"
    monkeypatch.setenv("ORACLE_IOT_TOKEN", TOKEN)
    with pytest.raises(InvalidInputError, match="not both"):
        call("get_outbound_message_data_volume", client=nothing, app_id="app-1")
    monkeypatch.delenv("ORACLE_IOT_USERNAME")
    monkeypatch.delenv("ORACLE_IOT_PASSWORD")
    call("get_outbound_message_data_volume", client=nothing, app_id="app-1")
    assert route.calls.last.request.headers["authorization"] == f"Bearer {TOKEN}"
    monkeypatch.setenv("ORACLE_IOT_USERNAME", "")  # empty counts as unset
    call("get_outbound_message_data_volume", client=nothing, app_id="app-1")
    assert route.call_count == 4


@pytest.mark.parametrize("timeout", [None, 0, -1, "5", httpx.Timeout(5.0, read=None)])
def test_every_call_has_a_timeout(timeout: Any) -> None:
    with pytest.raises(InvalidInputError) as caught:
        OracleIoTClient(base_url=BASE, username="u", password="p", timeout=timeout)
    assert caught.value.field == "timeout"


@respx.mock
def test_a_timeout_is_a_transport_error_after_retries(call: Call) -> None:
    route = respx.get(OUTBOUND).mock(side_effect=httpx.ReadTimeout("timed out"))
    with pytest.raises(TransportError, match="ReadTimeout") as caught:
        call("get_outbound_message_data_volume", client={"retry": FAST}, app_id="app-1")
    assert isinstance(caught.value.__cause__, httpx.ReadTimeout)
    assert route.call_count == 3


@respx.mock
def test_a_caller_owned_http_client_is_used_and_left_open() -> None:
    route = respx.get(OUTBOUND).respond(200, json=DOCUMENTED)
    with httpx.Client(headers={"x-trace": "t1"}) as http:
        with OracleIoTClient(base_url=BASE, token=TOKEN, http_client=http) as iot:
            iot.get_outbound_message_data_volume(app_id="app-1")
        assert not http.is_closed
        assert route.calls.last.request.headers["x-trace"] == "t1"

    async def go() -> None:
        async with httpx.AsyncClient() as http:
            async with AsyncOracleIoTClient(base_url=BASE, token=TOKEN, http_client=http) as iot:
                await iot.get_outbound_message_data_volume(app_id="app-1")
            assert not http.is_closed

    asyncio.run(go())
    assert route.call_count == 2


# -- errors and retries ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (406, BadRequestError),
    ],
)
@respx.mock
def test_error_statuses_with_oracle_bodies(call: Call, status: int, cls: type[APIError]) -> None:
    route = respx.get(OUTBOUND).respond(
        status, json={**ORACLE_ERROR, "status": status}, headers={"x-oracle-dms-ecid": "ecid-9"}
    )
    with pytest.raises(cls) as caught:
        call("get_outbound_message_data_volume", app_id="app-1")
    error = caught.value
    assert type(error) is cls
    assert (error.status_code, error.code, error.message, error.request_id) == (
        status,
        "IOT-0401",
        "Not authenticated",
        "ecid-9",
    )
    assert error.service == "oracle_iot" and not error.retryable
    assert route.call_count == 1  # client errors are not retried


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (406, BadRequestError),
    ],
)
@respx.mock
def test_error_statuses_with_plain_text(call: Call, status: int, cls: type[APIError]) -> None:
    respx.get(OUTBOUND).respond(status, text="Access to application app-1 is not allowed")
    with pytest.raises(cls) as caught:
        call("get_outbound_message_data_volume", app_id="app-1")
    assert caught.value.message == "Access to application app-1 is not allowed"
    assert caught.value.code == ""


@respx.mock
def test_an_html_error_page_is_not_repeated(call: Call) -> None:
    respx.get(OUTBOUND).respond(502, html="<html><body><h1>Bad Gateway</h1></body></html>")
    with pytest.raises(ServerError) as caught:
        call("get_outbound_message_data_volume", client={"retry": FAST}, app_id="app-1")
    assert caught.value.message == "HTTP 502 from Oracle IoT"


@pytest.mark.parametrize("status", [429, 503])
@respx.mock
def test_429_and_503_are_retried_after_retry_after(
    call: Call, status: int, caplog: pytest.LogCaptureFixture
) -> None:
    busy = httpx.Response(status, headers={"Retry-After": "0.2"}, json=ORACLE_ERROR)
    route = respx.get(OUTBOUND).mock(side_effect=[busy, busy, httpx.Response(200, json=DOCUMENTED)])
    caplog.set_level(logging.DEBUG, logger="metricsdk")
    started = time.monotonic()
    series = call("get_outbound_message_data_volume", client={"retry": FAST}, app_id="app-1")
    elapsed = time.monotonic() - started
    assert [point.value for point in series.items] == [3000, 500]
    assert route.call_count == 3
    assert elapsed >= 0.4  # two waits of Retry-After, though the backoff alone would be zero
    assert caplog.text.count("retrying in 0.200 s") == 2


@pytest.mark.parametrize(("status", "cls"), [(429, ThrottlingError), (503, ServerError)])
@respx.mock
def test_retries_are_bounded_by_the_policy(call: Call, status: int, cls: type[APIError]) -> None:
    route = respx.get(OUTBOUND).respond(status, headers={"Retry-After": "0"})
    with pytest.raises(cls) as caught:
        call(
            "get_outbound_message_data_volume",
            client={"retry": RetryPolicy(max_attempts=4, initial_backoff=0.0)},
            app_id="app-1",
        )
    assert route.call_count == 4
    assert caught.value.retry_after == 0.0
    route.reset()
    with pytest.raises(cls):
        call(
            "get_outbound_message_data_volume",
            client={"retry": RetryPolicy(max_attempts=1)},
            app_id="app-1",
        )
    assert route.call_count == 1


@respx.mock
def test_a_non_numeric_value_is_an_api_error_and_not_retried(call: Call) -> None:
    body = {"items": [{"dateTime": "1468838297626", "value": "n/a", "dateTimeAsString": "x"}]}
    route = respx.get(OUTBOUND).respond(200, json=body)
    with pytest.raises(SeriesFormatError) as caught:
        call("get_outbound_message_data_volume", client={"retry": FAST}, app_id="app-1")
    assert isinstance(caught.value, APIError)
    assert "value must be an integer or a string of digits, got 'n/a'" in str(caught.value)
    assert route.call_count == 1


@respx.mock
def test_a_truncated_answer_is_retried(call: Call) -> None:
    route = respx.get(OUTBOUND).mock(
        side_effect=[
            httpx.Response(200, content=b'{"items": [{"dateT'),
            httpx.Response(200, json=DOCUMENTED),
        ]
    )
    assert (
        len(call("get_outbound_message_data_volume", client={"retry": FAST}, app_id="app-1").items)
        == 2
    )
    assert route.call_count == 2
    route.mock(side_effect=None).respond(200, content=b"")
    with pytest.raises(MalformedResponseError, match="not valid JSON"):
        call("get_outbound_message_data_volume", client={"retry": FAST}, app_id="app-1")


# -- secrets ---------------------------------------------------------------------------------


@respx.mock
def test_no_secret_in_reprs_errors_or_debug_logs(
    call: Call, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    respx.get(OUTBOUND).mock(
        side_effect=[
            httpx.Response(429, headers={"Retry-After": "0"}),
            httpx.Response(401, json=ORACLE_ERROR),
        ]
        * 2
    )
    shown: list[str] = []
    for client in (
        {"retry": FAST},
        {"retry": FAST, "username": None, "password": None, "token": TOKEN},
    ):
        with pytest.raises(AuthenticationError) as caught:
            call("get_outbound_message_data_volume", client=client, app_id="app-1")
        shown += [str(caught.value), repr(caught.value), str(caught.value.args)]
    for cls in (OracleIoTClient, AsyncOracleIoTClient):
        for credentials in ({"username": USER, "password": PASSWORD}, {"token": TOKEN}):
            iot = cls(base_url=BASE, **credentials)
            shown += [repr(iot), str(iot), repr(iot._transport.config), repr(iot.__dict__)]
    for bad in ({"username": USER, "password": PASSWORD + "\n"}, {"token": TOKEN + " x"}):
        with pytest.raises(InvalidInputError) as refused:
            OracleIoTClient(base_url=BASE, **bad)
        shown.append(str(refused.value))
    shown.append(caplog.text)
    assert "oracle_iot GET" in caplog.text and "attempt=2" in caplog.text
    for text in shown:
        assert PASSWORD not in text and TOKEN not in text
        assert basic(USER, PASSWORD).split()[1] not in text
