"""What every client of the four services shares: one repr convention (where it sends, never a
secret), a clear error when used after closing, and connection failures that name the host."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable
from datetime import date
from typing import Any

import httpx
import pytest
import respx

from metricsdk import AwsCredentials, RetryPolicy
from metricsdk.blendvision import (
    AsyncBlendVisionClient,
    BlendVisionClient,
    DimensionWithCondition,
    EventReportKey,
)
from metricsdk.errors import ClientClosedError, TransportError
from metricsdk.mailmanager import AsyncMailManagerClient, MailManagerClient
from metricsdk.oracle_iot import AsyncOracleIoTClient, OracleIoTClient
from metricsdk.sesv2 import AsyncSESv2Client, BatchGetMetricDataQuery, SESv2Client
from tests.conftest import SECRET_KEY, SESSION_TOKEN

CREDENTIALS = AwsCredentials("AKIDEXAMPLE", SECRET_KEY, SESSION_TOKEN)
QUERY = BatchGetMetricDataQuery(
    id="q", metric="SEND", start_date=date(2026, 1, 1), end_date=date(2026, 1, 2)
)
REPORT = EventReportKey(
    id="0b9f6a3c-0000-4000-8000-000000000001",
    dimension_with_condition=DimensionWithCondition(
        dimension="REPORT_DIMENSION_WATCH_TIME", group_by_fields=[]
    ),
)

# Each client: how to make it (any extra keyword arguments are passed on), how to call it.
CLIENTS: dict[str, tuple[Callable[..., Any], Callable[[Any], Any]]] = {
    "SESv2Client": (
        lambda **kw: SESv2Client(region="us-east-1", credentials=CREDENTIALS, **kw),
        lambda c: c.batch_get_metric_data(queries=[QUERY]),
    ),
    "AsyncSESv2Client": (
        lambda **kw: AsyncSESv2Client(region="us-east-1", credentials=CREDENTIALS, **kw),
        lambda c: c.batch_get_metric_data(queries=[QUERY]),
    ),
    "MailManagerClient": (
        lambda **kw: MailManagerClient(region="eu-west-1", credentials=CREDENTIALS, **kw),
        lambda c: c.list_archive_exports(archive_id="a-1"),
    ),
    "AsyncMailManagerClient": (
        lambda **kw: AsyncMailManagerClient(region="eu-west-1", credentials=CREDENTIALS, **kw),
        lambda c: c.list_archive_exports(archive_id="a-1"),
    ),
    "BlendVisionClient": (
        lambda **kw: BlendVisionClient(api_token=SESSION_TOKEN, org_id="org", **kw),
        lambda c: c.batch_get_event_reports(reports=[REPORT]),
    ),
    "AsyncBlendVisionClient": (
        lambda **kw: AsyncBlendVisionClient(api_token=SESSION_TOKEN, org_id="org", **kw),
        lambda c: c.batch_get_event_reports(reports=[REPORT]),
    ),
    "OracleIoTClient": (
        lambda **kw: OracleIoTClient(
            base_url="https://iot.example.com", username="u", password=SECRET_KEY, **kw
        ),
        lambda c: c.get_registered_device_count(),
    ),
    "AsyncOracleIoTClient": (
        lambda **kw: AsyncOracleIoTClient(
            base_url="https://iot.example.com", username="u", password=SECRET_KEY, **kw
        ),
        lambda c: c.get_registered_device_count(),
    ),
}

REPRS = {
    "SESv2Client": (
        "SESv2Client(region='us-east-1', endpoint_url='https://email.us-east-1.amazonaws.com')"
    ),
    "MailManagerClient": (
        "MailManagerClient(region='eu-west-1', "
        "endpoint_url='https://mail-manager.eu-west-1.amazonaws.com')"
    ),
    "BlendVisionClient": "BlendVisionClient(base_url='https://api.one.blendvision.com')",
    "OracleIoTClient": "OracleIoTClient(base_url='https://iot.example.com')",
}


def call(client: Any, operation: Callable[[Any], Any]) -> Any:
    result = operation(client)
    return asyncio.run(result) if inspect.iscoroutine(result) else result


def close(client: Any) -> None:
    if hasattr(client, "aclose"):
        asyncio.run(client.aclose())
    else:
        client.close()


@pytest.mark.parametrize("name", CLIENTS)
def test_one_repr_convention_and_no_secret(name: str) -> None:
    make, _ = CLIENTS[name]
    client = make()
    shown = repr(client)
    assert shown == "Async" * name.startswith("Async") + REPRS[name.removeprefix("Async")]
    assert SECRET_KEY not in shown and SESSION_TOKEN not in shown
    close(client)


@pytest.mark.respx(assert_all_called=False)
@pytest.mark.parametrize("name", CLIENTS)
def test_a_closed_client_says_so_and_sends_nothing(name: str, respx_mock: respx.Router) -> None:
    route = respx_mock.route().respond(200, json={})
    make, operation = CLIENTS[name]
    client = make()
    close(client)
    with pytest.raises(ClientClosedError, match="client is closed"):
        call(client, operation)
    assert not route.called


@pytest.mark.respx(assert_all_called=False)
@pytest.mark.parametrize("name", CLIENTS)
def test_a_closed_http_client_of_the_caller_is_named(name: str, respx_mock: respx.Router) -> None:
    route = respx_mock.route().respond(200, json={})
    make, operation = CLIENTS[name]
    http: Any = httpx.AsyncClient() if name.startswith("Async") else httpx.Client()
    close(http)
    client = make(http_client=http)
    with pytest.raises(ClientClosedError, match="http_client= is closed"):
        call(client, operation)
    assert not route.called


@pytest.mark.parametrize("name", CLIENTS)
def test_a_connection_failure_names_the_host(name: str, respx_mock: respx.Router) -> None:
    respx_mock.route().mock(side_effect=httpx.ConnectError("Name or service not known"))
    make, operation = CLIENTS[name]
    client = make(retry=RetryPolicy(max_attempts=1))
    with pytest.raises(TransportError) as caught:
        call(client, operation)
    host = REPRS[name.removeprefix("Async")].split("://", 1)[1].split("'", 1)[0]
    assert f" to {host}: ConnectError: Name or service not known" in str(caught.value)
    close(client)
