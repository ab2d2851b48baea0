"""The emulator's wire behaviour seen by plain httpx: routes, auth, limits, faults, downloads,
shutdown — over sockets and in-process."""

from __future__ import annotations

import asyncio
import itertools
import json
import socket
import time

import httpx
import pytest

from metricsdk.testing import Emulator, Fault

BV = "/bv/analytics/v1"
WATCH = {
    "dimension": "REPORT_DIMENSION_WATCH_TIME",
    "group_by_fields": ["GROUP_BY_FIELD_DEVICE_OS"],
}
OUTBOUND = "/iot/api/v2/apps/app-1/monitoring/metrics/dataVolume/messages/outbound"


def bv_headers(emu: Emulator) -> dict[str, str]:
    return {
        "authorization": f"Bearer {emu.blendvision_api_token}",
        "x-bv-org-id": emu.blendvision_org_id,
    }


def oracle_auth(emu: Emulator) -> tuple[str, str]:
    return (emu.oracle_username, emu.oracle_password)


@pytest.fixture(params=["sockets", "in-process"])
def http(request: pytest.FixtureRequest, emulator: Emulator) -> httpx.Client:
    transport = emulator.transport() if request.param == "in-process" else None
    with httpx.Client(base_url=emulator.url, transport=transport, timeout=5) as client:
        yield client  # type: ignore[misc]


def test_blendvision_report_lifecycle_and_second_origin(
    http: httpx.Client, emulator: Emulator
) -> None:
    created = http.post(
        f"{BV}/events/reports",
        headers=bv_headers(emulator),
        json={
            "id": "event-1",
            "type": "EVENT_TYPE_LIVE",
            "dimensions": ["REPORT_DIMENSION_WATCH_TIME"],
            "dimension_with_conditions": [WATCH],
        },
    )
    assert created.status_code == 200
    report = created.json()["reports"][0]
    assert report["status"] == "EVENT_REPORT_STATUS_RUNNING" and "uri" not in report
    time.sleep(0.25)
    got = http.post(
        f"{BV}/events/reports:batch-get",
        headers=bv_headers(emulator),
        json={"reports": [{"id": report["id"], "dimension_with_condition": WATCH}]},
    )
    done = got.json()["reports"][0]
    assert done["status"] == "EVENT_REPORT_STATUS_SUCCEEDED"
    assert not done["uri"].startswith(emulator.url)
    with httpx.Client(transport=http._transport) as plain:
        csv = plain.get(done["uri"])
    assert csv.status_code == 200 and csv.text.startswith("timestamp,")
    assert emulator.download_requests[-1].status == 200
    assert "authorization" not in emulator.download_requests[-1].headers


def test_blendvision_errors(http: httpx.Client, emulator: Emulator) -> None:
    assert http.post(f"{BV}/events/reports", json={}).json()["code"] == 16
    wrong_org = {**bv_headers(emulator), "x-bv-org-id": "other"}
    assert http.post(f"{BV}/events/reports", headers=wrong_org, json={}).status_code == 403
    bad = http.post(f"{BV}/events/reports", headers=bv_headers(emulator), json={"id": "e"})
    assert (bad.status_code, bad.json()["code"]) == (400, 3)
    missing = http.post(
        f"{BV}/summary/reports:batch-get",
        headers=bv_headers(emulator),
        json={"reports": [{"id": "nope"}]},
    )
    assert (missing.status_code, missing.json()["code"]) == (404, 5)


def test_failed_report_has_error_info(emulator: Emulator) -> None:
    with (
        Emulator(report_seconds=0.0, failing_event_ids=["doomed"]) as emu,
        httpx.Client(base_url=emu.url) as http,
    ):
        created = http.post(
            f"{BV}/events/reports",
            headers=bv_headers(emu),
            json={
                "id": "doomed",
                "type": "EVENT_TYPE_VOD",
                "dimensions": ["x"],
                "dimension_with_conditions": [WATCH],
            },
        ).json()["reports"][0]
    assert created["status"] == "EVENT_REPORT_STATUS_FAILED"
    assert created["error_info"]["metadata"] == {"event_id": "doomed"}


def test_expired_download_link_is_refused() -> None:
    with Emulator(report_seconds=0.0, download_link_ttl=-1) as emu, httpx.Client() as http:
        report = http.post(
            f"{emu.url}{BV}/events/reports",
            headers=bv_headers(emu),
            json={
                "id": "e",
                "type": "EVENT_TYPE_VOD",
                "dimensions": ["x"],
                "dimension_with_conditions": [WATCH],
            },
        ).json()["reports"][0]
        assert http.get(report["uri"]).status_code == 403


def test_oracle_series_and_parameters(http: httpx.Client, emulator: Emulator) -> None:
    headers = {"accept": "application/json"}
    default = http.get(OUTBOUND, auth=oracle_auth(emulator), headers=headers).json()
    assert len(default["items"]) == 24
    stamps = [int(i["dateTime"]) for i in default["items"]]
    assert stamps == sorted(stamps) and all(
        b - a == 3_600_000 for a, b in itertools.pairwise(stamps)
    )
    assert all(
        i["value"].isdigit() and i["dateTimeAsString"].endswith("Z") for i in default["items"]
    )
    assert [link["rel"] for link in default["links"]] == ["canonical", "self"]
    daily = http.get(
        OUTBOUND,
        auth=oracle_auth(emulator),
        headers=headers,
        params={"period": "DAILY", "limit": "5", "orderBy": "dateTime:desc"},
    ).json()
    days = [int(i["dateTime"]) for i in daily["items"]]
    assert len(days) == 5 and days == sorted(days, reverse=True)
    assert all(d % 86_400_000 == 300_000 for d in days)  # stamped early the next day
    ranged = http.get(
        OUTBOUND,
        auth=oracle_auth(emulator),
        headers=headers,
        params={"since": "2026-01-01T00:00:00Z", "until": "2026-01-01T05:30:00Z"},
    )
    assert [i["dateTimeAsString"][11:13] for i in ranged.json()["items"]] == [
        "00",
        "01",
        "02",
        "03",
        "04",
        "05",
    ]
    pinned = {"until": "1767225600000"}
    first = http.get(OUTBOUND, auth=oracle_auth(emulator), headers=headers, params=pinned).json()
    again = http.get(OUTBOUND, auth=oracle_auth(emulator), headers=headers, params=pinned).json()
    assert first["items"] == again["items"]  # same question, same answer


def test_oracle_errors(http: httpx.Client, emulator: Emulator) -> None:
    headers = {"accept": "application/json"}
    assert http.get(OUTBOUND, headers=headers, auth=("iot-emulator", "wrong")).status_code == 401
    assert http.get(OUTBOUND, auth=oracle_auth(emulator)).status_code == 406
    assert (
        http.get(
            OUTBOUND,
            auth=oracle_auth(emulator),
            headers=headers,
            params={"orderBy": "dateTime:DESC"},
        ).status_code
        == 400
    )
    unknown = "/iot/api/v2/apps/app-1/monitoring/metrics/noSuchMetric"
    assert http.get(unknown, auth=oracle_auth(emulator), headers=headers).status_code == 404
    bearer = {**headers, "authorization": f"Bearer {emulator.oracle_token}"}
    assert (
        http.get("/iot/api/v2/monitoring/metrics/registeredDeviceCount", headers=bearer).status_code
        == 200
    )


def test_limits_answer_429_beyond_the_window() -> None:
    with Emulator(oracle_calls_per_second=5) as emu, httpx.Client(base_url=emu.url) as http:
        statuses = [
            http.get(
                OUTBOUND, auth=oracle_auth(emu), headers={"accept": "application/json"}
            ).status_code
            for _ in range(8)
        ]
    assert statuses.count(200) == 5 and statuses.count(429) == 3


@pytest.mark.parametrize(
    ("fault", "check"),
    [
        (Fault.SERVER_ERROR, lambda r: r.status_code == 500),
        (Fault.UNAVAILABLE, lambda r: r.status_code == 503 and r.headers["retry-after"] == "2"),
        (Fault.THROTTLE, lambda r: r.status_code == 429 and "retry-after" in r.headers),
        (Fault.HTML_ERROR_PAGE, lambda r: r.status_code == 502 and r.text.startswith("<html>")),
        (Fault.EMPTY_BODY, lambda r: r.status_code == 200 and r.content == b""),
        (Fault.MALFORMED_JSON, lambda r: r.status_code == 200 and not _is_json(r.content)),
        (Fault.TRUNCATED_JSON, lambda r: r.status_code == 200 and not _is_json(r.content)),
        (Fault.WRONG_TYPES, lambda r: isinstance(r.json()["items"], dict)),
        (Fault.OVERSIZED, lambda r: len(r.content) == 4096 and _is_json(r.content)),
    ],
)
def test_fault_kinds(http: httpx.Client, emulator: Emulator, fault: Fault, check: object) -> None:
    emulator.inject(fault, service="oracle_iot", retry_after=2, size=4096)
    answer = http.get(OUTBOUND, auth=oracle_auth(emulator), headers={"accept": "application/json"})
    assert check(answer)  # type: ignore[operator]
    assert emulator.requests[-1].fault is fault
    normal = http.get(OUTBOUND, auth=oracle_auth(emulator), headers={"accept": "application/json"})
    assert normal.status_code == 200 and emulator.requests[-1].fault is None


def _is_json(body: bytes) -> bool:
    try:
        json.loads(body)
    except ValueError:
        return False
    return True


@pytest.mark.parametrize("fault", [Fault.RESET_BEFORE_ANSWER, Fault.RESET_MID_BODY])
def test_resets_raise_httpx_errors(http: httpx.Client, emulator: Emulator, fault: Fault) -> None:
    emulator.inject(fault, service="oracle_iot")
    with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
        http.get(OUTBOUND, auth=oracle_auth(emulator), headers={"accept": "application/json"})


def test_slow_answer_trips_a_client_timeout(emulator: Emulator) -> None:
    emulator.inject(Fault.SLOW, service="oracle_iot", delay=1.0)
    with httpx.Client(base_url=emulator.url, timeout=0.2) as http, pytest.raises(httpx.ReadTimeout):
        http.get(OUTBOUND, auth=oracle_auth(emulator), headers={"accept": "application/json"})


def test_async_transport_and_many_concurrent_connections(emulator: Emulator) -> None:
    async def fetch_all(transport: httpx.AsyncBaseTransport | None) -> list[int]:
        limits = httpx.Limits(max_connections=200)
        async with httpx.AsyncClient(
            base_url=emulator.url, transport=transport, limits=limits
        ) as http:
            answers = await asyncio.gather(
                *[
                    http.get(
                        OUTBOUND, auth=oracle_auth(emulator), headers={"accept": "application/json"}
                    )
                    for _ in range(300)
                ]
            )
        return [a.status_code for a in answers]

    assert asyncio.run(fetch_all(None)) == [200] * 300
    assert asyncio.run(fetch_all(emulator.async_transport())) == [200] * 300


def test_close_releases_the_port_and_cuts_keep_alive() -> None:
    emu = Emulator()
    emu.start()
    url = emu.url
    port = int(url.rsplit(":", 1)[1])
    with httpx.Client(base_url=url) as http:
        http.get(OUTBOUND, auth=oracle_auth(emu), headers={"accept": "application/json"})
        emu.close()
        emu.close()  # idempotent
        with pytest.raises(httpx.TransportError):
            http.get(OUTBOUND, auth=oracle_auth(emu), headers={"accept": "application/json"})
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server does
        probe.bind(("127.0.0.1", port))  # the port is free again
    with pytest.raises(RuntimeError, match="not serving"):
        _ = emu.url
