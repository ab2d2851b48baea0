"""Canary secrets through every client and every way a call can end — success, 401, 403, 500,
a refused connection — with DEBUG logging on: none appears in a log record, an exception's
message or repr, a formatted traceback, a pickled exception or a client's repr. And a refused
connection is retried even for a create (nothing was sent), then surfaces as TransportError."""

from __future__ import annotations

import base64
import logging
import pickle
import socket
import traceback
from collections.abc import Callable
from datetime import date, datetime, timezone
from typing import Any

import httpx
import pytest

from metricsdk import AwsCredentials, RetryPolicy
from metricsdk.blendvision import BlendVisionClient, DimensionWithCondition
from metricsdk.errors import SDKError, TransportError
from metricsdk.mailmanager import ExportDestinationConfiguration, MailManagerClient
from metricsdk.oracle_iot import OracleIoTClient
from metricsdk.sesv2 import BatchGetMetricDataQuery, SESv2Client

SECRET_KEY = "canary-aws-secret-K3y/0123456789abcdefghij"
SESSION_TOKEN = "canary-aws-session-T0ken-zyxwvutsrqponm"
BV_TOKEN = "canary-blendvision-t0ken-5f4e3d2c1b"
ORACLE_PASSWORD = "canary-oracle-passw0rd-9a8b7c"
BASIC = base64.b64encode(f"iot:{ORACLE_PASSWORD}".encode()).decode()  # as it goes on the wire
CANARIES = (SECRET_KEY, SESSION_TOKEN, BV_TOKEN, ORACLE_PASSWORD, BASIC)
FAST = RetryPolicy(max_attempts=2, initial_backoff=0.0)

OK = {
    "sesv2": {"Results": [], "Errors": []},
    "mailmanager": {"ExportId": "e1"},
    "blendvision": {"reports": []},
    "oracle_iot": {"items": [], "links": []},
}


def make(service: str, transport: httpx.BaseTransport | None, base: str) -> Any:
    http = httpx.Client(transport=transport) if transport else None
    aws = {
        "region": "us-east-1",
        "credentials": AwsCredentials("AKIDCANARY0000000000", SECRET_KEY, SESSION_TOKEN),
        "endpoint_url": base,
        "http_client": http,
        "retry": FAST,
    }
    if service == "sesv2":
        return SESv2Client(**aws, rate_limiter=None)
    if service == "mailmanager":
        return MailManagerClient(**aws)
    if service == "blendvision":
        return BlendVisionClient(
            api_token=BV_TOKEN, org_id="org", base_url=base, http_client=http, retry=FAST
        )
    return OracleIoTClient(
        base_url=base, username="iot", password=ORACLE_PASSWORD, http_client=http, retry=FAST
    )


CALLS: dict[str, Callable[[Any], Any]] = {
    "sesv2": lambda c: c.batch_get_metric_data(
        queries=[
            BatchGetMetricDataQuery(
                id="q", metric="SEND", start_date=date(2026, 1, 1), end_date=date(2026, 1, 2)
            )
        ]
    ),
    "mailmanager": lambda c: c.start_archive_export(
        archive_id="a-canary",
        from_timestamp=datetime(2026, 1, 1, tzinfo=timezone.utc),
        to_timestamp=datetime(2026, 1, 2, tzinfo=timezone.utc),
        export_destination_configuration=ExportDestinationConfiguration.to_s3("s3://canary-b/p/"),
    ),
    "blendvision": lambda c: c.create_event_report(
        event_id="e",
        type="EVENT_TYPE_LIVE",
        dimension_with_conditions=[DimensionWithCondition(dimension="REPORT_DIMENSION_WATCH_TIME")],
    ),
    "oracle_iot": lambda c: c.get_outbound_message_data_volume(app_id="a1"),
}


def assert_no_canary(*texts: str) -> None:
    for text in texts:
        for canary in CANARIES:
            assert canary not in text


def exposed(error: BaseException) -> list[str]:
    return [
        str(error),
        repr(error),
        "".join(traceback.format_exception(error)),
        repr(pickle.loads(pickle.dumps(error)).__dict__),
        pickle.dumps(error).decode("latin-1"),
    ]


@pytest.mark.parametrize("service", list(CALLS))
@pytest.mark.parametrize("status", [200, 401, 403, 500])
def test_no_secret_leaks_through_any_outcome(
    service: str, status: int, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="metricsdk")
    body = OK[service] if status == 200 else {"message": "nope", "code": 7}

    def answer(request: httpx.Request) -> httpx.Response:
        # the server echoes nothing secret, but sees the credentials: they must be on the wire
        return httpx.Response(status, json=body)

    client = make(service, httpx.MockTransport(answer), "https://service.example.com")
    try:
        CALLS[service](client)
    except SDKError as error:
        assert status != 200
        assert_no_canary(*exposed(error))
    assert_no_canary(caplog.text, repr(client), *(r.getMessage() for r in caplog.records))
    client.close()


def refused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])  # closed again: connecting is refused


@pytest.mark.parametrize("service", list(CALLS))
def test_a_refused_connection_is_retried_then_a_transport_error(
    service: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="metricsdk")
    client = make(service, None, f"http://127.0.0.1:{refused_port()}")
    with pytest.raises(TransportError) as caught:
        CALLS[service](client)
    # even a create is retried here: a refused connection proves nothing was sent
    assert caplog.text.count("retrying in") == 1
    assert_no_canary(*exposed(caught.value), caplog.text)
    client.close()
