"""The fault matrix: every emulator fault against one read and one create of each service, sync
and async, over real sockets. Each fault is injected once: a read must come back correct after
a retry; a create must be retried only when the service certainly did not act (throttling) and
otherwise raise its documented error after exactly one attempt. Never a hang (every call has a
0.3 s read timeout), never an AttributeError/KeyError/TypeError, never a partial result.

The outcomes form the table on the docs' Reliability page (docs/reliability.md): this test
fails when they differ from it. To refresh the page after a deliberate change, run it with
METRICSDK_UPDATE_RELIABILITY_TABLE=1.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import httpx
import pytest

from metricsdk import RetryPolicy
from metricsdk.blendvision import AsyncBlendVisionClient, BlendVisionClient, DimensionWithCondition
from metricsdk.errors import SDKError
from metricsdk.mailmanager import (
    AsyncMailManagerClient,
    ExportDestinationConfiguration,
    MailManagerClient,
)
from metricsdk.oracle_iot import AsyncOracleIoTClient, OracleIoTClient
from metricsdk.sesv2 import AsyncSESv2Client, BatchGetMetricDataQuery, SESv2Client
from metricsdk.testing import Emulator, Fault
from metricsdk.testing._emulator.faults import BODY_FAULTS

PAGE = Path(__file__).resolve().parents[2] / "docs" / "reliability.md"
TABLE = re.compile(r"<!-- fault-matrix -->\n(.*?)<!-- /fault-matrix -->", re.DOTALL)
RETRY = RetryPolicy(max_attempts=3, initial_backoff=0.01)
TIMEOUT = httpx.Timeout(5.0, read=0.3)
REFUSED = "connection refused"  # not an emulator fault: nothing listens on the port
OPTIONS: dict[Fault, dict[str, Any]] = {
    Fault.UNAVAILABLE: {"retry_after": 0.01},
    Fault.SLOW: {"delay": 0.6},
    Fault.OVERSIZED: {"size": 64 * 1024 * 1024 + 1},
    Fault.THROTTLE: {"retry_after": 0.01},
}
SES_QUERY = BatchGetMetricDataQuery(
    id="q", metric="SEND", start_date=datetime(2026, 1, 1), end_date=datetime(2026, 1, 3)
)
CHAT = DimensionWithCondition(dimension="REPORT_DIMENSION_CHAT_HISTORIES")
EXPORT: dict[str, Any] = {
    "archive_id": "a-matrix",
    "from_timestamp": datetime(2026, 1, 1, tzinfo=timezone.utc),
    "to_timestamp": datetime(2026, 2, 1, tzinfo=timezone.utc),
    "export_destination_configuration": ExportDestinationConfiguration.to_s3(
        "s3://matrix-bucket/exports/"
    ),
}


def aws(emulator: Emulator) -> dict[str, Any]:
    return {
        "region": "us-east-1",
        "credentials": emulator.aws_credentials,
        "endpoint_url": emulator.url,
        "retry": RETRY,
        "timeout": TIMEOUT,
        "rate_limiter": None,
    }


def bv(emulator: Emulator) -> dict[str, Any]:
    return {
        "api_token": emulator.blendvision_api_token,
        "org_id": emulator.blendvision_org_id,
        "base_url": emulator.url,
        "retry": RETRY,
        "timeout": TIMEOUT,
    }


def oracle(emulator: Emulator) -> dict[str, Any]:
    return {
        "base_url": emulator.url,
        "username": emulator.oracle_username,
        "password": emulator.oracle_password,
        "retry": RETRY,
        "timeout": TIMEOUT,
    }


# name -> (emulator service, sync client, async client, settings, setup, call, is a create)
Case = tuple[str, type[Any], type[Any], Callable[[Emulator], dict[str, Any]], Any, Any, bool]
CASES: dict[str, Case] = {
    "SES BatchGetMetricData": (
        "sesv2",
        SESv2Client,
        AsyncSESv2Client,
        aws,
        None,
        lambda c, _: c.batch_get_metric_data(queries=[SES_QUERY]),
        False,
    ),
    "Mail Manager GetArchiveExport": (
        "mailmanager",
        MailManagerClient,
        AsyncMailManagerClient,
        aws,
        lambda c: c.start_archive_export(**EXPORT),
        lambda c, started: c.get_archive_export(export_id=started.export_id),
        False,
    ),
    "Mail Manager StartArchiveExport": (
        "mailmanager",
        MailManagerClient,
        AsyncMailManagerClient,
        aws,
        None,
        lambda c, _: c.start_archive_export(**EXPORT),
        True,
    ),
    "BlendVision batch-get": (
        "blendvision",
        BlendVisionClient,
        AsyncBlendVisionClient,
        bv,
        lambda c: c.create_event_report(
            event_id="e", type="EVENT_TYPE_LIVE", dimension_with_conditions=[CHAT]
        ),
        lambda c, made: c.batch_get_event_reports(reports=[made[0].key()]),
        False,
    ),
    "BlendVision create report": (
        "blendvision",
        BlendVisionClient,
        AsyncBlendVisionClient,
        bv,
        None,
        lambda c, _: c.create_event_report(
            event_id="e", type="EVENT_TYPE_LIVE", dimension_with_conditions=[CHAT]
        ),
        True,
    ),
    "Oracle IoT outbound data volume": (
        "oracle_iot",
        OracleIoTClient,
        AsyncOracleIoTClient,
        oracle,
        None,
        lambda c, _: c.get_outbound_message_data_volume(app_id="fleet-1"),
        False,
    ),
}


async def _awaited(value: Any) -> Any:
    return await value if asyncio.iscoroutine(value) else value


def run_case(case: Case, kind: str, emulator: Emulator, fault: Fault) -> tuple[str, int]:
    """Inject ``fault`` once, call; return (outcome, attempts the client made).

    Attempts are counted on the client's side (its DEBUG "retrying" lines): the emulator may
    record an answer it is still building after the client has already given up on it."""
    service, sync_cls, async_cls, settings, setup, call, _ = case

    async def go() -> str:
        cls = sync_cls if kind == "sync" else async_cls
        # Only SLOW is about the read timeout; the others get time to arrive whole, so that a
        # busy machine cannot turn, say, an oversized answer into a timeout.
        timeout = TIMEOUT if fault is Fault.SLOW else httpx.Timeout(10.0)
        client = cls(**{**settings(emulator), "timeout": timeout})
        try:
            prepared = await _awaited(setup(client)) if setup else None
            emulator.inject(fault, service=service, **OPTIONS.get(fault, {}))
            with counting_retries() as retries:
                try:
                    answer = await _awaited(call(client, prepared))
                    outcome = "ok" if answer is not None else "empty"
                except SDKError as error:
                    shown = type(error).__mro__[1] if _is_service_alias(error) else type(error)
                    outcome = shown.__name__
            attempts.append(retries.count + 1)
            return outcome
        finally:
            await _awaited(client.close() if kind == "sync" else client.aclose())

    attempts: list[int] = []
    outcome = asyncio.run(go())
    return outcome, attempts[0]


def closed_port_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}"  # closed again: refused


class _Retries(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += "retrying in" in record.getMessage()


@contextmanager
def counting_retries() -> Iterator[_Retries]:
    logger = logging.getLogger("metricsdk")
    retries, level = _Retries(), logger.level
    logger.addHandler(retries)
    logger.setLevel(logging.DEBUG)
    try:
        yield retries
    finally:
        logger.removeHandler(retries)
        logger.setLevel(level)


def run_refused(case: Case, kind: str, emulator: Emulator) -> tuple[str, int]:
    """Point the client at a closed port; return (outcome, attempts made)."""
    _, sync_cls, async_cls, settings, setup, call, _ = case
    refused = {**settings(emulator)}
    refused["endpoint_url" if "endpoint_url" in refused else "base_url"] = closed_port_url()

    async def go() -> tuple[str, int]:
        cls = sync_cls if kind == "sync" else async_cls
        good, bad = cls(**settings(emulator)), cls(**refused)
        try:
            prepared = await _awaited(setup(good)) if setup else None
            with counting_retries() as retries:
                try:
                    await _awaited(call(bad, prepared))
                    outcome = "ok"
                except SDKError as error:
                    outcome = type(error).__name__
            return outcome, retries.count + 1
        finally:
            for client in (good, bad):
                await _awaited(client.close() if kind == "sync" else client.aclose())

    return asyncio.run(go())


def _is_service_alias(error: SDKError) -> bool:
    """A service's documented name (e.g. ``ThrottlingException``) is shown as its core class."""
    return not type(error).__module__.startswith("metricsdk.errors")


@pytest.fixture(scope="module")
def outcomes() -> Iterator[dict[tuple[str, str], set[str]]]:
    """Collects every cell; once the whole matrix has run, checks (or rewrites) the page."""
    found: dict[tuple[str, str], set[str]] = {}
    yield found
    if len(found) < (len(Fault) + 1) * len(CASES):
        return  # a partial run (-k, -x) cannot speak for the whole table
    table = render(found)
    text = PAGE.read_text(encoding="utf-8")
    if os.environ.get("METRICSDK_UPDATE_RELIABILITY_TABLE") == "1":
        PAGE.write_text(TABLE.sub(f"<!-- fault-matrix -->\n{table}<!-- /fault-matrix -->", text))
        return
    documented = TABLE.search(text)
    assert documented is not None, "docs/reliability.md lost its fault-matrix markers"
    assert documented.group(1) == table, "the Reliability page's fault table is out of date"


def render(found: dict[tuple[str, str], set[str]]) -> str:
    rows = [(fault.name, f"`{fault.name}`") for fault in Fault] + [(REFUSED, REFUSED)]
    lines = ["| fault | " + " | ".join(CASES) + " |", "|---|" + "---|" * len(CASES)]
    for fault, label in rows:
        cells = [" / ".join(sorted(found.get((fault, name), {"?"}))) for name in CASES]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("kind", ["sync", "async"])
@pytest.mark.parametrize("name", list(CASES))
@pytest.mark.parametrize("fault", list(Fault), ids=lambda f: f.name)
def test_fault(
    fault: Fault, name: str, kind: str, emulator: Emulator, outcomes: dict[Any, set[str]]
) -> None:
    case = CASES[name]
    creates = case[6]
    outcome, attempts = run_case(case, kind, emulator, fault)
    if outcome == "ok":
        # Success only through a retry, and a create is retried only after throttling.
        assert attempts == 2
        assert not creates or fault is Fault.THROTTLE
        cell = "ok after a retry"
    else:
        assert outcome != "empty"  # an error, never a partial success
        # A create that may have taken effect is not repeated; a read gives up at once only
        # on an answer whose body it could not read (asking again would get the same).
        assert attempts == 1
        assert creates or fault in BODY_FAULTS
        cell = f"{outcome}, not repeated"
    outcomes.setdefault((fault.name, name), set()).add(cell)


@pytest.mark.parametrize("kind", ["sync", "async"])
@pytest.mark.parametrize("name", list(CASES))
def test_connection_refused(
    name: str, kind: str, emulator: Emulator, outcomes: dict[Any, set[str]]
) -> None:
    outcome, attempts = run_refused(CASES[name], kind, emulator)
    # Nothing reached the service, so even a create is tried again before giving up.
    assert (outcome, attempts) == ("TransportError", 3)
    outcomes.setdefault((REFUSED, name), set()).add("TransportError after 3 attempts")
