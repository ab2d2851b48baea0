"""OracleIoTClient and AsyncOracleIoTClient against the emulator over real loopback sockets:
every metric of the family, periods, limits, orders and ranges, auth failures, throttling and
misbehaving answers."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from metricsdk import RetryPolicy
from metricsdk.errors import (
    AuthenticationError,
    MalformedResponseError,
    NotFoundError,
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
from metricsdk.testing import Emulator, Fault

UTC = timezone.utc
APP = "fleet-1"
UNTIL = datetime(2026, 6, 30, 12, 0, tzinfo=UTC)
QUICK = RetryPolicy(initial_backoff=0.01)

METHODS: list[tuple[str, dict[str, Any]]] = [
    ("get_outbound_message_data_volume", {"app_id": APP}),
    ("get_inbound_message_volume", {"app_id": APP}),
    ("get_dispatched_message_count", {}),
    ("get_dispatched_message_count", {"app_id": APP}),
    ("get_dispatched_message_count", {"app_id": APP, "integration_id": "kafka-1"}),
    ("get_registered_device_count", {}),
    ("get_online_device_count", {}),
    ("get_processed_message_count", {}),
    ("get_app_metric", {"app_id": APP, "metric": AppMetric.OUTBOUND_MESSAGE_DATA_VOLUME}),
    ("get_app_metric", {"app_id": APP, "metric": "messageVolume/outbound"}),
    ("get_app_metric", {"app_id": APP, "metric": "dataVolume/messages/inbound"}),
    ("get_instance_metric", {"metric": InstanceMetric.AVAILABILITY}),
    ("get_instance_metric", {"metric": InstanceMetric.DISPATCH_FAILED_DROP_COUNT}),
    ("get_instance_metric", {"metric": "dispatchFailedMessageCount/authorizationFailureCount"}),
]

Call = Callable[..., MetricSeries]


@pytest.fixture(params=["sync", "async"])
def call(request: pytest.FixtureRequest, emulator: Emulator) -> Call:
    """call(method, client={...}, **kwargs) through a fresh client of either kind."""

    def settings(client: dict[str, Any] | None) -> dict[str, Any]:
        return {
            "base_url": emulator.url,
            "username": emulator.oracle_username,
            "password": emulator.oracle_password,
            "timeout": 10.0,
            **(client or {}),
        }

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


def stamps(series: MetricSeries) -> list[datetime]:
    return [point.date_time for point in series.items]


@pytest.mark.parametrize(("method", "kwargs"), METHODS)
def test_every_metric_is_a_series(call: Call, method: str, kwargs: dict[str, Any]) -> None:
    series = call(method, **kwargs)
    moments = stamps(series)
    assert len(moments) == 24  # the service's default: the last 24 hours, hourly, ascending
    assert all(b - a == timedelta(hours=1) for a, b in itertools.pairwise(moments))
    assert all(m.tzinfo is UTC and m.minute == 0 for m in moments)
    assert all(isinstance(p.value, int) and p.value >= 0 for p in series.items)
    assert all(
        p.date_time_as_string == p.date_time.strftime("%Y-%m-%dT%H:%M:%SZ") for p in series.items
    )
    assert [link.rel for link in series.links] == ["canonical", "self"]


def test_sibling_metrics_are_different_series(call: Call) -> None:
    pinned = {"until": UNTIL, "limit": 6}
    outbound = call("get_outbound_message_data_volume", app_id=APP, **pinned)
    inbound = call("get_inbound_message_volume", app_id=APP, **pinned)
    other_app = call("get_outbound_message_data_volume", app_id="fleet-2", **pinned)
    assert stamps(outbound) == stamps(inbound) == stamps(other_app)
    assert outbound.as_pairs() != inbound.as_pairs()
    assert outbound.as_pairs() != other_app.as_pairs()
    assert call("get_outbound_message_data_volume", app_id=APP, **pinned) == outbound


def test_online_devices_never_outnumber_registered_ones(call: Call) -> None:
    pinned = {"until": UNTIL, "limit": 200}
    online = call("get_online_device_count", **pinned)
    registered = call("get_registered_device_count", **pinned)
    assert stamps(online) == stamps(registered)
    pairs = list(zip(online.items, registered.items))
    assert all(0 < now.value <= total.value for now, total in pairs)
    assert len({now.value for now, _ in pairs}) > 100  # a share that moves, not a constant


def test_hourly_limit_and_order(call: Call) -> None:
    series = call(
        "get_registered_device_count",
        period=Period.HOURLY,
        limit=5,
        order=SortOrder.DESC,
        until=UNTIL + timedelta(minutes=30),
    )
    assert stamps(series) == [UNTIL - timedelta(hours=h) for h in range(5)]


def test_daily_points_are_stamped_the_next_morning(call: Call) -> None:
    series = call(
        "get_outbound_message_data_volume",
        app_id=APP,
        period="daily",
        limit=7,
        order="desc",
        until=datetime(2026, 3, 8, 6, 0, tzinfo=UTC),
    )
    moments = stamps(series)
    assert len(moments) == 7 and moments == sorted(moments, reverse=True)
    assert [m.date() for m in moments] == [date(2026, 3, 8) - timedelta(days=d) for d in range(7)]
    assert all((m.hour, m.minute) == (0, 5) for m in moments)  # early the next day


def test_monthly_points_are_stamped_early_the_next_month(call: Call) -> None:
    series = call("get_online_device_count", period=Period.MONTHLY, limit=3, until=UNTIL)
    assert [(m.year, m.month, m.day) for m in stamps(series)] == [
        (2026, 4, 1),
        (2026, 5, 1),
        (2026, 6, 1),
    ]
    default = call("get_online_device_count", period=Period.MONTHLY, until=UNTIL)
    assert len(default.items) == 12


def test_ranges_as_datetimes_with_offsets_and_epoch_milliseconds(call: Call) -> None:
    pdt = timezone(timedelta(hours=-7))
    ranged = call(
        "get_outbound_message_data_volume",
        app_id=APP,
        since=(UNTIL - timedelta(hours=6)).astimezone(pdt),
        until=int(UNTIL.timestamp() * 1000),
    )
    assert stamps(ranged) == [UNTIL - timedelta(hours=h) for h in range(6, -1, -1)]
    same = call(
        "get_outbound_message_data_volume",
        app_id=APP,
        since=int((UNTIL - timedelta(hours=6)).timestamp() * 1000),
        until=UNTIL.astimezone(timezone(timedelta(hours=9))),
    )
    assert same == ranged  # the same instants, whatever their form: the same answer
    by_date = call(
        "get_processed_message_count", period=Period.DAILY, since=date(2026, 6, 1), until=UNTIL
    )
    # From June 1 00:05 (the total of May 31) to June 30 00:05 (the total of June 29).
    assert len(by_date.items) == 30
    assert by_date.items[0].date_time == datetime(2026, 6, 1, 0, 5, tzinfo=UTC)


@pytest.mark.parametrize("app_id", ["../x", "a/b", "what?", "frag#1", "with space", "ünï"])
def test_hostile_app_ids_reach_the_app_they_name(call: Call, app_id: str) -> None:
    series = call("get_outbound_message_data_volume", app_id=app_id, until=UNTIL, limit=2)
    assert len(series.items) == 2
    self_link = httpx.URL(next(link.href for link in series.links if link.rel == "self"))
    assert self_link.raw_path.decode() == (
        f"/iot/api/v2/apps/{quote(app_id, safe='')}/monitoring/metrics/dataVolume/messages/outbound"
    )
    plain = call("get_outbound_message_data_volume", app_id="x", until=UNTIL, limit=2)
    assert series.as_pairs() != plain.as_pairs()


def test_an_unknown_app_metric_is_not_found(call: Call) -> None:
    with pytest.raises(NotFoundError) as caught:
        call("get_app_metric", app_id=APP, metric="noSuchMetric")
    assert caught.value.status_code == 404
    assert caught.value.message == "Unknown metric noSuchMetric"
    assert caught.value.code == "IOT-404"


def test_a_wrong_password_is_an_authentication_error(call: Call, emulator: Emulator) -> None:
    with pytest.raises(AuthenticationError) as caught:
        call("get_registered_device_count", client={"password": "wrong-password-1"})
    assert (caught.value.status_code, caught.value.message) == (401, "Not authenticated")
    assert "wrong-password-1" not in f"{caught.value} {caught.value!r}"
    assert [r.status for r in emulator.requests] == [401]  # not retried


def test_the_bearer_token_and_a_wrong_one(call: Call, emulator: Emulator) -> None:
    token = {"username": None, "password": None, "token": emulator.oracle_token}
    assert len(call("get_online_device_count", client=token).items) == 24
    with pytest.raises(AuthenticationError):
        call("get_online_device_count", client={**token, "token": "not-the-token"})


def test_throttling_is_retried_to_success(call: Call, emulator: Emulator) -> None:
    emulator.inject(Fault.THROTTLE, service="oracle_iot", times=2, retry_after=0.05)
    series = call("get_processed_message_count", client={"retry": QUICK})
    assert len(series.items) == 24
    assert [r.status for r in emulator.requests] == [429, 429, 200]


def test_unavailable_is_retried_to_success(call: Call, emulator: Emulator) -> None:
    emulator.inject(Fault.UNAVAILABLE, service="oracle_iot", times=1, retry_after=0.05)
    emulator.inject(Fault.SERVER_ERROR, service="oracle_iot", times=1)
    series = call("get_outbound_message_data_volume", client={"retry": QUICK}, app_id=APP)
    assert len(series.items) == 24
    assert [r.status for r in emulator.requests] == [503, 500, 200]


def test_the_emulators_rate_limit_is_waited_out() -> None:
    with Emulator(oracle_calls_per_second=2) as emulator:
        with OracleIoTClient(
            base_url=emulator.url,
            username=emulator.oracle_username,
            password=emulator.oracle_password,
            retry=RetryPolicy(max_attempts=5, initial_backoff=0.01),
        ) as iot:
            answers = [iot.get_online_device_count(limit=1) for _ in range(4)]
        statuses = [r.status for r in emulator.requests]
    assert all(len(a.items) == 1 for a in answers)
    assert statuses.count(200) == 4 and 429 in statuses


@pytest.mark.parametrize("fault", [Fault.TRUNCATED_JSON, Fault.MALFORMED_JSON, Fault.EMPTY_BODY])
def test_unreadable_answers_are_retried(call: Call, emulator: Emulator, fault: Fault) -> None:
    emulator.inject(fault, service="oracle_iot")
    assert len(call("get_online_device_count", client={"retry": QUICK}).items) == 24
    assert [r.fault for r in emulator.requests] == [fault, None]


def test_unreadable_answers_fail_cleanly_after_the_retries(call: Call, emulator: Emulator) -> None:
    emulator.inject(Fault.MALFORMED_JSON, service="oracle_iot", times=3)
    with pytest.raises(MalformedResponseError, match="not valid JSON"):
        call("get_online_device_count", client={"retry": QUICK})


def test_wrong_types_are_an_api_error(call: Call, emulator: Emulator) -> None:
    emulator.inject(Fault.WRONG_TYPES, service="oracle_iot")
    with pytest.raises(SeriesFormatError):
        call("get_online_device_count", client={"retry": QUICK})
    assert len(emulator.requests) == 1


def test_a_slow_answer_times_out(call: Call, emulator: Emulator) -> None:
    emulator.inject(Fault.SLOW, service="oracle_iot", delay=1.0)
    with pytest.raises(TransportError, match="ReadTimeout"):
        call(
            "get_online_device_count",
            client={"timeout": httpx.Timeout(0.2), "retry": RetryPolicy(max_attempts=1)},
        )


def test_in_process_transports(emulator: Emulator) -> None:
    credentials = {"username": emulator.oracle_username, "password": emulator.oracle_password}
    with (
        httpx.Client(transport=emulator.transport()) as http,
        OracleIoTClient(base_url=emulator.url, http_client=http, **credentials) as iot,
    ):
        sync_series = iot.get_outbound_message_data_volume(app_id=APP, until=UNTIL, limit=3)

    async def go() -> MetricSeries:
        async with (
            httpx.AsyncClient(transport=emulator.async_transport()) as http,
            AsyncOracleIoTClient(base_url=emulator.url, http_client=http, **credentials) as iot,
        ):
            return await iot.get_outbound_message_data_volume(app_id=APP, until=UNTIL, limit=3)

    assert asyncio.run(go()) == sync_series
    assert len(sync_series.items) == 3


def test_async_calls_run_concurrently(emulator: Emulator) -> None:
    async def go() -> list[MetricSeries]:
        async with AsyncOracleIoTClient(
            base_url=emulator.url, token=emulator.oracle_token, timeout=10.0
        ) as iot:
            return list(
                await asyncio.gather(
                    iot.get_online_device_count(limit=1),
                    iot.get_registered_device_count(limit=1),
                    iot.get_dispatched_message_count(app_id=APP, limit=1),
                    iot.get_instance_metric(metric="availability", limit=1),
                )
            )

    assert [len(series.items) for series in asyncio.run(go())] == [1, 1, 1, 1]
    assert sorted(r.operation for r in emulator.requests) == [
        "availability",
        "dispatchedMessageCount",
        "onlineDeviceCount",
        "registeredDeviceCount",
    ]
