"""OracleIoTClient and AsyncOracleIoTClient against respx: the documented example, the query's
wire form, path encoding, auth, error mapping, retries and parse errors."""

from __future__ import annotations

import asyncio
import base64
import logging
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import unquote

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
)
from metricsdk.oracle_iot import (
    AsyncOracleIoTClient,
    MetricQuery,
    MetricSeries,
    OracleIoTClient,
    Period,
    SortOrder,
)
from metricsdk.oracle_iot.operations import query_parameters

BASE = "https://myiot-domain.iot.us.oraclecloud.com"
OUTBOUND = f"{BASE}/iot/api/v2/apps/app1/monitoring/metrics/dataVolume/messages/outbound"
PASSWORD = "oracle-canary-password-7f3a"
TOKEN = "oracle-canary-token-9c1e"
FAST = RetryPolicy(initial_backoff=0.0)
DOCUMENTED = {
    "items": [
        {"dateTimeAsString": "2016-07-18T10:38:17Z", "dateTime": "1468838297626", "value": "3000"},
        {"dateTimeAsString": "2016-07-18T11:38:17Z", "dateTime": 1468841897626, "value": 500},
    ],
    "links": [
        {"rel": "canonical", "href": f"{OUTBOUND}"},
        {"rel": "self", "href": f"{OUTBOUND}"},
    ],
}

Runner = Callable[..., MetricSeries]


@pytest.fixture(params=["sync", "async"])
def run(request: pytest.FixtureRequest) -> Runner:
    """Call one client method, sync or async: run("method", client_kwargs, **call_kwargs)."""

    def sync(method: str, client: dict[str, Any] | None = None, **kwargs: Any) -> MetricSeries:
        settings = {"base_url": BASE, "username": "iot", "password": PASSWORD, **(client or {})}
        with OracleIoTClient(**settings) as iot:
            result: MetricSeries = getattr(iot, method)(**kwargs)
            return result

    def run_async(method: str, client: dict[str, Any] | None = None, **kwargs: Any) -> MetricSeries:
        settings = {"base_url": BASE, "username": "iot", "password": PASSWORD, **(client or {})}

        async def go() -> MetricSeries:
            async with AsyncOracleIoTClient(**settings) as iot:
                result: MetricSeries = await getattr(iot, method)(**kwargs)
                return result

        return asyncio.run(go())

    return sync if request.param == "sync" else run_async


@respx.mock
def test_the_documented_example_parses(run: Runner) -> None:
    route = respx.get(OUTBOUND).respond(200, json=DOCUMENTED)
    series = run("get_outbound_message_data_volume", app_id="app1")
    first, second = series.items
    assert (first.value, second.value) == (3000, 500)
    assert first.date_time == datetime(2016, 7, 18, 10, 38, 17, 626000, tzinfo=timezone.utc)
    assert second.date_time - first.date_time == timedelta(hours=1)
    assert first.date_time_as_string == "2016-07-18T10:38:17Z"
    assert [link.rel for link in series.links] == ["canonical", "self"]
    assert series.as_pairs() == [(first.date_time, 3000), (second.date_time, 500)]
    sent = route.calls.last.request
    assert sent.url.query == b""  # nothing asked, nothing sent: the service's defaults apply
    assert sent.headers["accept"] == "application/json"
    expected = "Basic " + base64.b64encode(f"iot:{PASSWORD}".encode()).decode()
    assert sent.headers["authorization"] == expected


@respx.mock
def test_every_query_parameter_has_its_wire_form(run: Runner) -> None:
    route = respx.get(url__startswith=OUTBOUND).respond(200, json=DOCUMENTED)
    since = datetime(2026, 3, 1, 8, 0, tzinfo=timezone(timedelta(hours=-7)))
    run(
        "get_outbound_message_data_volume",
        app_id="app1",
        period=Period.DAILY,
        limit=5,
        order=SortOrder.DESC,
        since=since,
        until=1_775_000_000_000,
        extra_query={"fields": "value"},
    )
    params = list(route.calls.last.request.url.params.multi_items())
    assert params == [
        ("limit", "5"),
        ("orderBy", "dateTime:desc"),
        ("period", "Daily"),
        ("since", "2026-03-01T08:00:00-07:00"),
        ("until", "1775000000000"),
        ("fields", "value"),
    ]


@respx.mock
def test_wire_strings_and_naive_datetimes_are_accepted(run: Runner) -> None:
    route = respx.get(url__startswith=OUTBOUND).respond(200, json=DOCUMENTED)
    run(
        "get_outbound_message_data_volume",
        app_id="app1",
        period="Monthly",
        order="asc",
        until=datetime(2026, 3, 1, 12, 30),
    )
    params = dict(route.calls.last.request.url.params)
    assert params == {
        "period": "Monthly",
        "orderBy": "dateTime:asc",
        "until": "2026-03-01T12:30:00+00:00",
    }


@pytest.mark.parametrize(
    ("app_id", "segment"),
    [
        ("../x", "..%2Fx"),
        ("a/b", "a%2Fb"),
        ("what?", "what%3F"),
        ("frag#1", "frag%231"),
        ("with space", "with%20space"),
        ("100%", "100%25"),
        ("..", "%2E%2E"),
        (".", "%2E"),
        ("ünï", "%C3%BCn%C3%AF"),
        ("tab\there", "tab%09here"),
    ],
)
@respx.mock
def test_app_ids_stay_inside_their_path_segment(run: Runner, app_id: str, segment: str) -> None:
    route = respx.get(url__regex=r".*").respond(200, json=DOCUMENTED)
    run("get_outbound_message_data_volume", app_id=app_id)
    raw_path = route.calls.last.request.url.raw_path.decode()
    assert raw_path == (
        f"/iot/api/v2/apps/{segment}/monitoring/metrics/dataVolume/messages/outbound"
    )
    assert unquote(raw_path.split("/")[5]) == app_id


@pytest.mark.parametrize(
    ("method", "kwargs", "path"),
    [
        (
            "get_inbound_message_volume",
            {"app_id": "a"},
            "/apps/a/monitoring/metrics/messageVolume/inbound",
        ),
        ("get_dispatched_message_count", {}, "/monitoring/metrics/dispatchedMessageCount"),
        (
            "get_dispatched_message_count",
            {"app_id": "a"},
            "/apps/a/monitoring/metrics/dispatchedMessageCount",
        ),
        (
            "get_dispatched_message_count",
            {"app_id": "a", "integration_id": "i/1"},
            "/apps/a/integrations/i%2F1/monitoring/metrics/dispatchedMessageCount",
        ),
        ("get_registered_device_count", {}, "/monitoring/metrics/registeredDeviceCount"),
        ("get_online_device_count", {}, "/monitoring/metrics/onlineDeviceCount"),
        ("get_processed_message_count", {}, "/monitoring/metrics/processedMessageCount"),
        (
            "get_app_metric",
            {"app_id": "a", "metric": "messageVolume/outbound"},
            "/apps/a/monitoring/metrics/messageVolume/outbound",
        ),
        (
            "get_instance_metric",
            {"metric": "dispatchFailedMessageCount/dropCount"},
            "/monitoring/metrics/dispatchFailedMessageCount/dropCount",
        ),
    ],
)
@respx.mock
def test_the_metric_family_paths(
    run: Runner, method: str, kwargs: dict[str, str], path: str
) -> None:
    route = respx.get(url__regex=r".*").respond(200, json=DOCUMENTED)
    assert len(run(method, **kwargs).items) == 2
    assert route.calls.last.request.url.raw_path.decode() == f"/iot/api/v2{path}"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"app_id": ""}, "app_id: must be a non-empty string"),
        ({"app_id": "a", "limit": 0}, "limit: must be a positive integer"),
        ({"app_id": "a", "limit": True}, "limit: must be a positive integer"),
        ({"app_id": "a", "period": "Weekly"}, "period: must be one of Hourly, Daily, Monthly"),
        ({"app_id": "a", "order": "up"}, "order: must be one of asc, desc"),
        ({"app_id": "a", "since": "yesterday"}, "since: must be a datetime or an int"),
        ({"app_id": "a", "since": 2000, "until": 1000}, "since: must be before until"),
        (
            {"app_id": "a", "period": "Daily", "extra_query": {"period": "Hourly"}},
            "extra_query: sets period",
        ),
        ({"app_id": "a", "extra_query": {"x": 1}}, "extra_query: must map non-empty names"),
    ],
)
@respx.mock
def test_bad_input_is_refused_before_sending(
    run: Runner, kwargs: dict[str, Any], message: str
) -> None:
    route = respx.get(url__regex=r".*").respond(200, json=DOCUMENTED)
    with pytest.raises(InvalidInputError) as caught:
        run("get_outbound_message_data_volume", **kwargs)
    assert message in str(caught.value)
    assert not route.called


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"app_id": "a", "metric": "../secrets"}, "metric: must be a relative path"),
        ({"app_id": "a", "metric": "/abs"}, "metric: must be a relative path"),
        ({"app_id": "a", "metric": "x?y=1"}, "metric: must be a relative path"),
    ],
)
@respx.mock
def test_generic_metric_paths_are_validated(
    run: Runner, kwargs: dict[str, str], message: str
) -> None:
    route = respx.get(url__regex=r".*").respond(200, json=DOCUMENTED)
    with pytest.raises(InvalidInputError, match=message):
        run("get_app_metric", **kwargs)
    with pytest.raises(InvalidInputError, match="app_id: is required with integration_id"):
        run("get_dispatched_message_count", integration_id="i")
    assert not route.called


@respx.mock
def test_bearer_token_auth(run: Runner) -> None:
    route = respx.get(OUTBOUND).respond(200, json=DOCUMENTED)
    run(
        "get_outbound_message_data_volume",
        client={"username": None, "password": None, "token": TOKEN},
        app_id="app1",
    )
    assert route.calls.last.request.headers["authorization"] == f"Bearer {TOKEN}"


def test_exactly_one_kind_of_credential(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(InvalidInputError, match="token: give either username and password"):
        OracleIoTClient(base_url=BASE, username="u", password="p", token="t")
    with pytest.raises(InvalidInputError, match="password: must be a non-empty string"):
        OracleIoTClient(base_url=BASE, username="u")
    with pytest.raises(MissingCredentialsError) as missing:
        OracleIoTClient(base_url=BASE)
    assert "ORACLE_IOT_TOKEN" in str(missing.value)
    with pytest.raises(MissingCredentialsError, match="ORACLE_IOT_BASE_URL"):
        OracleIoTClient(username="u", password="p")
    with pytest.raises(InvalidInputError, match="base_url: plain http://"):
        OracleIoTClient(base_url="http://iotserver:7001", username="u", password="p")


@respx.mock
def test_environment_fallback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ORACLE_IOT_BASE_URL", BASE)
    monkeypatch.setenv("ORACLE_IOT_TOKEN", TOKEN)
    route = respx.get(OUTBOUND).respond(200, json=DOCUMENTED)
    with OracleIoTClient() as iot:
        iot.get_outbound_message_data_volume(app_id="app1")
    assert route.calls.last.request.headers["authorization"] == f"Bearer {TOKEN}"
    monkeypatch.setenv("ORACLE_IOT_USERNAME", "envuser")
    monkeypatch.setenv("ORACLE_IOT_PASSWORD", PASSWORD)
    with pytest.raises(InvalidInputError, match="not both"):
        OracleIoTClient()


ORACLE_ERROR = {
    "type": "about:blank",
    "title": "Unauthorized",
    "status": 401,
    "detail": "Not authenticated",
    "o:errorCode": "IOT-401",
}


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (406, BadRequestError),
        (400, BadRequestError),
    ],
)
@respx.mock
def test_error_statuses(run: Runner, status: int, cls: type[APIError]) -> None:
    respx.get(OUTBOUND).respond(status, json={**ORACLE_ERROR, "status": status})
    with pytest.raises(cls) as caught:
        run("get_outbound_message_data_volume", app_id="app1")
    error = caught.value
    assert (error.status_code, error.code, error.message) == (
        status,
        "IOT-401",
        "Not authenticated",
    )
    assert error.service == "oracle_iot"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"Forbidden by policy", "Forbidden by policy"),
        (b"<html><body>denied</body></html>", "HTTP 403 from Oracle IoT"),
        (b"", "HTTP 403 from Oracle IoT"),
    ],
)
@respx.mock
def test_error_bodies_are_read_leniently(run: Runner, content: bytes, message: str) -> None:
    respx.get(OUTBOUND).respond(403, content=content)
    with pytest.raises(PermissionDeniedError) as caught:
        run("get_outbound_message_data_volume", app_id="app1")
    assert caught.value.message == message


@pytest.mark.parametrize("status", [429, 503])
@respx.mock
def test_throttling_and_unavailable_are_retried_after_retry_after(
    run: Runner, status: int, caplog: pytest.LogCaptureFixture
) -> None:
    busy = httpx.Response(status, headers={"Retry-After": "0.05"}, text="busy")
    route = respx.get(OUTBOUND).mock(side_effect=[busy, httpx.Response(200, json=DOCUMENTED)])
    caplog.set_level(logging.DEBUG, logger="metricsdk")
    assert (
        len(run("get_outbound_message_data_volume", app_id="app1", client={"retry": FAST}).items)
        == 2
    )
    assert route.call_count == 2
    assert "retrying in 0.050 s" in caplog.text


@pytest.mark.parametrize(("status", "cls"), [(429, ThrottlingError), (503, ServerError)])
@respx.mock
def test_retries_are_bounded(run: Runner, status: int, cls: type[APIError]) -> None:
    route = respx.get(OUTBOUND).respond(status, headers={"Retry-After": "0"})
    with pytest.raises(cls):
        run("get_outbound_message_data_volume", app_id="app1", client={"retry": FAST})
    assert route.call_count == 3


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            {"items": [{"dateTime": "soon", "value": "1", "dateTimeAsString": "x"}]},
            "dateTime must be",
        ),
        ({"items": [{"dateTime": "1", "value": "lots", "dateTimeAsString": "x"}]}, "value must be"),
        ({"items": [{"dateTime": "1", "value": True, "dateTimeAsString": "x"}]}, "value must be"),
        ({"items": [{"dateTime": "99999999999999999999", "value": "1"}]}, "out of range"),
        ({"items": ["point"]}, "a series item must be an object"),
        ({"items": {"a": 1}}, "expected an object with a list of items"),
        ([1, 2], "expected an object with a list of items"),
    ],
)
@respx.mock
def test_malformed_answers_are_api_errors(run: Runner, body: Any, message: str) -> None:
    respx.get(OUTBOUND).respond(200, json=body)
    with pytest.raises(MalformedResponseError, match=message):
        run("get_outbound_message_data_volume", app_id="app1")


@respx.mock
def test_not_json_is_an_api_error(run: Runner) -> None:
    respx.get(OUTBOUND).respond(200, content=b'{"items": [')
    with pytest.raises(MalformedResponseError, match="not valid JSON"):
        run("get_outbound_message_data_volume", app_id="app1")


@respx.mock
def test_no_secret_in_reprs_errors_or_logs(run: Runner, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="metricsdk")
    respx.get(OUTBOUND).respond(401, json=ORACLE_ERROR)
    for client in ({}, {"username": None, "password": None, "token": TOKEN}):
        with pytest.raises(AuthenticationError) as caught:
            run("get_outbound_message_data_volume", app_id="app1", client=client)
        shown = f"{caught.value!s} {caught.value!r}"
        assert PASSWORD not in shown and TOKEN not in shown
    iot = OracleIoTClient(base_url=BASE, username="iot", password=PASSWORD)
    assert PASSWORD not in repr(iot) and PASSWORD not in repr(iot._transport.config)
    iot.close()
    assert PASSWORD not in caplog.text and TOKEN not in caplog.text
    assert "oracle_iot GET" in caplog.text


def test_to_pandas_is_optional() -> None:
    series = MetricSeries(items=[], links=[])
    try:
        import pandas  # noqa: F401
    except ImportError:
        with pytest.raises(ImportError, match="pip install pandas"):
            series.to_pandas()
    else:  # pragma: no cover - pandas is not a dev dependency
        assert len(series.to_pandas()) == 0


def test_query_parameters_are_pure() -> None:
    query = MetricQuery(period="Hourly", limit=3)
    assert query_parameters(query) == (("limit", "3"), ("period", "Hourly"))
    assert query.period is Period.HOURLY
