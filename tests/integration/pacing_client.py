"""Pull metric data from an emulator in a process of its own, and print as JSON what came back
and when the pacer says each request was sent.

The pacing tests run the client here, not in the test process: the emulator's threads stamp
arrival times, and a client busy in the same interpreter would delay those stamps by GIL
switches, distorting the server's view in a way no real server shares.

What the SDK guarantees is about what it sends, so this script records the pacer's own account
of every charge: the time it finally stands at (the moment of sending, to which the charge is
restamped, or its admission if it was never sent) and its weight, on the pacer's clock
(``time.monotonic()`` in process, Redis's clock for a RedisPacer). Each request also carries an
unsigned ``x-test-send-id`` header, recorded by the emulator, so a test can pair every arrival
with the charge that let it go.

Usage: python pacing_client.py KIND UNITS_LIMIT QUERIES CLIENTS  (endpoint and keys from env;
with METRICSDK_TEST_REDIS_URL set, the pacer is a RedisPacer on that server instead)
"""

from __future__ import annotations

import asyncio
import contextvars
import itertools
import json
import os
import sys
import threading
from datetime import date
from typing import Any

import httpx

from metricsdk._core.pacing import SlidingWindowLog
from metricsdk.pacing import Limit, Pacer
from metricsdk.pacing_redis import RedisPacer
from metricsdk.sesv2 import AsyncSESv2Client, BatchGetMetricDataQuery, SESv2Client

SEND_ID_HEADER = "x-test-send-id"

_sending: contextvars.ContextVar[str] = contextvars.ContextVar("sending", default="")
_ids = itertools.count()
_lock = threading.Lock()
# In-process charges, keyed by (log, charge id): weight, and (final stamp, send id).
_weights: dict[tuple[int, int], int] = {}
_stands: dict[tuple[int, int], tuple[float, str]] = {}
_redis_sends: list[tuple[str, float, int]] = []  # (send id, final stamp, weight)


def _tag(request: httpx.Request) -> None:
    """Event hook: runs in the sending thread or task just before the request goes out."""
    send_id = f"{os.getpid()}-{next(_ids)}"
    request.headers[SEND_ID_HEADER] = send_id
    _sending.set(send_id)


async def _tag_async(request: httpx.Request) -> None:
    _tag(request)


def _record_charges() -> None:
    """Wrap the pacer's log so every charge and restamp is recorded with its exact time."""
    charge, restamp = SlidingWindowLog.charge, SlidingWindowLog.restamp

    def recording_charge(self: SlidingWindowLog, now: float, weight: int) -> int:
        number = charge(self, now, weight)
        with _lock:
            _weights[id(self), number] = weight
            _stands[id(self), number] = (now, "")
        return number

    def recording_restamp(self: SlidingWindowLog, number: int, now: float) -> None:
        restamp(self, number, now)
        with _lock:
            admitted, _ = _stands[id(self), number]
            _stands[id(self), number] = (max(admitted, now), _sending.get())

    SlidingWindowLog.charge = recording_charge  # type: ignore[method-assign]
    SlidingWindowLog.restamp = recording_restamp  # type: ignore[method-assign]

    redis_restamp = RedisPacer._restamp

    def recording_redis_restamp(self: RedisPacer, members: list[str]) -> float | None:
        stamp = redis_restamp(self, members)
        weight = int(members[-1].rsplit(":", 1)[1])  # the units limit's member is "<id>:<cost>"
        if stamp is not None:
            with _lock:
                _redis_sends.append((_sending.get(), stamp, weight))
        return stamp

    RedisPacer._restamp = recording_redis_restamp  # type: ignore[method-assign]


def _sends() -> list[tuple[str, float, int]]:
    """(send id, final stamp, weight) of every charge whose request was sent."""
    in_process = [(sid, at, _weights[n]) for n, (at, sid) in _stands.items() if sid]
    return in_process + _redis_sends


def main() -> None:
    kind, units_limit, count, clients = sys.argv[1], *map(int, sys.argv[2:5])
    first_id = int(os.environ.get("METRICSDK_TEST_FIRST_ID", "0"))
    _record_charges()
    queries = [
        BatchGetMetricDataQuery(
            id=f"q{first_id + i}",
            metric="SEND",
            start_date=date(2026, 1, 1),
            end_date=date(2026, 1, 3),
            dimensions={"EMAIL_IDENTITY": f"sender{i}.example.com"},
        )
        for i in range(count)
    ]
    limits = [Limit(16), Limit(units_limit, counts="units")]
    shared = clients > 1  # several clients of one account: the default shared pacer
    margin = float(os.environ.get("METRICSDK_TEST_MARGIN", "0.010"))
    pacer: Any = "shared" if shared else Pacer(limits, margin=margin)
    redis_url = os.environ.get("METRICSDK_TEST_REDIS_URL")
    if redis_url:
        pacer = RedisPacer(redis_url, limits, key="sesv2:test-account:us-east-1", margin=margin)
    shares = [queries[n::clients] for n in range(clients)]
    if kind == "sync":
        with (
            httpx.Client(event_hooks={"request": [_tag]}) as http,
            SESv2Client(rate_limiter=pacer, http_client=http) as ses,
        ):
            answers = [ses.get_metric_data(queries=share) for share in shares]
    else:

        async def run() -> list[Any]:
            http = httpx.AsyncClient(event_hooks={"request": [_tag_async]})
            sessions = [AsyncSESv2Client(rate_limiter=pacer, http_client=http) for _ in shares]
            try:
                return await asyncio.gather(
                    *(s.get_metric_data(queries=q) for s, q in zip(sessions, shares))
                )
            finally:
                for session in sessions:
                    await session.aclose()
                await http.aclose()

        answers = asyncio.run(run())
    print(
        json.dumps(
            {
                "results": [r.id for a in answers for r in a.results],
                "errors": [e.id for a in answers for e in a.errors],
                "sends": _sends(),
            }
        )
    )


if __name__ == "__main__":
    main()
