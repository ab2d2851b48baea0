"""OracleIoTClient and AsyncOracleIoTClient against the emulator over real sockets."""

from __future__ import annotations

import asyncio
import itertools
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from metricsdk import RetryPolicy
from metricsdk.errors import AuthenticationError
from metricsdk.oracle_iot import AsyncOracleIoTClient, MetricSeries, OracleIoTClient, Period
from metricsdk.testing import Emulator, Fault

METHODS: list[tuple[str, dict[str, str]]] = [
    ("get_outbound_message_data_volume", {"app_id": "fleet-1"}),
    ("get_inbound_message_volume", {"app_id": "fleet-1"}),
    ("get_dispatched_message_count", {}),
    ("get_dispatched_message_count", {"app_id": "fleet-1"}),
    ("get_dispatched_message_count", {"app_id": "fleet-1", "integration_id": "kafka"}),
    ("get_registered_device_count", {}),
    ("get_online_device_count", {}),
    ("get_processed_message_count", {}),
    ("get_app_metric", {"app_id": "fleet-1", "metric": "messageVolume/outbound"}),
    ("get_instance_metric", {"metric": "dispatchFailedMessageCount/dropCount"}),
]


def call(
    kind: str, emulator: Emulator, method: str, client: dict[str, Any], **kwargs: Any
) -> MetricSeries:
    settings = {
        "base_url": emulator.url,
        "username": emulator.oracle_username,
        "password": emulator.oracle_password,
        **client,
    }
    if kind == "sync":
        with OracleIoTClient(**settings) as iot:
            result: MetricSeries = getattr(iot, method)(**kwargs)
            return result

    async def go() -> MetricSeries:
        async with AsyncOracleIoTClient(**settings) as iot:
            result: MetricSeries = await getattr(iot, method)(**kwargs)
            return result

    return asyncio.run(go())


@pytest.fixture(params=["sync", "async"])
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.mark.parametrize(("method", "kwargs"), METHODS)
def test_every_metric_is_a_series(
    kind: str, emulator: Emulator, method: str, kwargs: dict[str, str]
) -> None:
    series = call(kind, emulator, method, {}, **kwargs)
    stamps = [item.date_time for item in series.items]
    assert len(stamps) == 24  # the default: the last 24 hours, hourly, ascending
    assert all(b - a == timedelta(hours=1) for a, b in itertools.pairwise(stamps))
    assert all(item.value >= 0 for item in series.items)
    assert [link.rel for link in series.links] == ["canonical", "self"]


def test_period_limit_order_and_range(kind: str, emulator: Emulator) -> None:
    until = datetime(2026, 6, 30, 12, 0, tzinfo=timezone.utc)
    daily = call(
        kind,
        emulator,
        "get_outbound_message_data_volume",
        {},
        app_id="fleet-1",
        period=Period.DAILY,
        limit=5,
        order="desc",
        until=until,
    )
    stamps = [item.date_time for item in daily.items]
    assert len(stamps) == 5 and stamps == sorted(stamps, reverse=True)
    assert all(a - b == timedelta(days=1) for a, b in itertools.pairwise(stamps))
    assert stamps[0] <= until
    ranged = call(
        kind,
        emulator,
        "get_outbound_message_data_volume",
        {},
        app_id="fleet-1",
        since=until - timedelta(hours=6),
        until=int(until.timestamp() * 1000),
    )
    assert [item.date_time for item in ranged.items] == [
        until - timedelta(hours=h) for h in range(6, -1, -1)
    ]
    again = call(
        kind,
        emulator,
        "get_outbound_message_data_volume",
        {},
        app_id="fleet-1",
        since=until - timedelta(hours=6),
        until=until,
    )
    assert again == ranged  # deterministic data


def test_a_wrong_password_is_an_authentication_error(kind: str, emulator: Emulator) -> None:
    with pytest.raises(AuthenticationError) as caught:
        call(kind, emulator, "get_registered_device_count", {"password": "wrong"})
    assert caught.value.status_code == 401
    assert "wrong" not in str(caught.value)


def test_the_bearer_token_works(kind: str, emulator: Emulator) -> None:
    token_client = {"username": None, "password": None, "token": emulator.oracle_token}
    assert len(call(kind, emulator, "get_online_device_count", token_client).items) == 24


def test_throttling_is_retried_to_success(kind: str, emulator: Emulator) -> None:
    emulator.inject(Fault.THROTTLE, service="oracle_iot", times=2, retry_after=0.05)
    series = call(
        kind, emulator, "get_processed_message_count", {"retry": RetryPolicy(initial_backoff=0.01)}
    )
    assert len(series.items) == 24
    assert [r.status for r in emulator.requests] == [429, 429, 200]
