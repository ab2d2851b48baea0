"""The Redis-backed pacer with a real redis-server: four processes share one quota exactly; a
Redis that goes away is handled as documented. The server is started on a free port here."""

from __future__ import annotations

import asyncio
import json
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from metricsdk.errors import PacingTimeoutError
from metricsdk.pacing import DEFAULT_MARGIN, Limit
from metricsdk.pacing_redis import PacerUnavailableError, RedisPacer
from metricsdk.sesv2 import BatchGetMetricDataQuery, SESv2Client
from metricsdk.testing import Emulator

from .pacing_checks import check_paced, paired, sustained_units_per_second
from .test_pacing_emulator import NEAR_THE_CEILING, client_environment

CLIENT = Path(__file__).with_name("pacing_client.py")
REDIS_SERVER = shutil.which("redis-server")  # scripts/test installs it when absent

# The tests below whose client shares this interpreter with the emulator need its threads to
# stamp arrivals promptly.
pytestmark = [pytest.mark.usefixtures("prompt_server_threads"), pytest.mark.serial]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class RedisServer:
    def __init__(self, tmp: Path) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        assert REDIS_SERVER is not None, "redis-server is required (scripts/test installs it)"
        self.process = subprocess.Popen(
            [
                REDIS_SERVER,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(tmp),
            ],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path)
    try:
        yield server
    finally:
        server.stop()


def test_four_processes_share_one_quota(redis_server: RedisServer, emulator: Emulator) -> None:
    base = {**client_environment(emulator), "METRICSDK_TEST_REDIS_URL": redis_server.url}
    workers = [
        subprocess.Popen(
            [sys.executable, str(CLIENT), "sync", "160", "200", "1"],
            env={**base, "METRICSDK_TEST_FIRST_ID": str(200 * n)},
            stdout=subprocess.PIPE,
            text=True,
        )
        for n in range(4)
    ]
    answers = [json.loads(worker.communicate(timeout=300)[0]) for worker in workers]
    assert all(worker.returncode == 0 for worker in workers)
    results = sorted(q for answer in answers for q in answer["results"])
    assert results == sorted(f"q{i}" for i in range(800))
    assert all(answer["errors"] == [] for answer in answers)
    # The four workers' charges all stand on Redis's one clock: checked as one record.
    sends = paired([s for answer in answers for s in answer["sends"]], emulator.requests)
    check_paced(sends, calls=16, units=160, margin=DEFAULT_MARGIN)
    assert sustained_units_per_second(sends) >= NEAR_THE_CEILING * 160


def test_both_limits_and_retry_after_hold_in_redis(redis_server: RedisServer) -> None:
    pacer = RedisPacer(
        redis_server.url, [Limit(3, per_seconds=0.3), Limit(12, counts="units")], key="t"
    )
    for _ in range(3):
        pacer.acquire(4)
    with pytest.raises(PacingTimeoutError):
        pacer.acquire(1, timeout=0.1)  # the units window is full for a second
    pacer.feedback(throttled=True, retry_after=5.0)
    with pytest.raises(PacingTimeoutError):
        pacer.acquire(1, timeout=0.1)
    other = RedisPacer(redis_server.url, pacer.limits, key="another-account")
    other.acquire(4)  # another key is another quota
    pacer.close()
    other.close()


def test_async_waiters_share_the_window_in_redis(redis_server: RedisServer) -> None:
    pacer = RedisPacer(redis_server.url, [Limit(4, per_seconds=5.0)], key="async")

    async def run() -> list[bool]:
        async def one() -> bool:
            try:
                await pacer.acquire_async(timeout=0.3)
            except PacingTimeoutError:
                return False
            return True

        return await asyncio.gather(*(one() for _ in range(6)))

    admitted = asyncio.run(run())
    assert admitted.count(True) == 4  # the window holds four; two timed out, uncharged
    pacer.close()


def queries(count: int) -> list[BatchGetMetricDataQuery]:
    return [
        BatchGetMetricDataQuery(
            id=f"q{i}", metric="SEND", start_date=date(2026, 1, 1), end_date=date(2026, 1, 2)
        )
        for i in range(count)
    ]


def pull_while_redis_stops(
    emulator: Emulator, server: RedisServer, on_unavailable: str
) -> tuple[int, list[str]]:
    pacer = RedisPacer(
        server.url,
        [Limit(16), Limit(160, counts="units")],
        key=f"stop-{on_unavailable}",
        on_unavailable=on_unavailable,  # type: ignore[arg-type]
        socket_timeout=0.5,
    )
    threading.Timer(1.2, server.stop).start()
    with SESv2Client(
        region="us-east-1",
        credentials=emulator.aws_credentials,
        endpoint_url=emulator.url,
        rate_limiter=pacer,
    ) as ses:
        answer = ses.get_metric_data(queries=queries(500))
    assert len(answer.results) + len(answer.errors) == 500  # nothing lost silently
    return len(answer.results), [error.message for error in answer.errors]


def test_redis_stopping_mid_run_raises_by_default(
    redis_server: RedisServer, emulator: Emulator
) -> None:
    answered, errors = pull_while_redis_stops(emulator, redis_server, "raise")
    assert 0 < answered < 500
    assert errors and all("Redis" in message for message in errors)


def test_redis_stopping_mid_run_can_fall_back_to_local_pacing(
    redis_server: RedisServer, emulator: Emulator
) -> None:
    with pytest.warns(RuntimeWarning, match="Redis is unreachable"):
        answered, errors = pull_while_redis_stops(emulator, redis_server, "local")
    assert (answered, errors) == (500, [])  # every query answered: the run went on
    # The switch-over is the one moment the limits may be brushed: a call admitted by Redis
    # just before it went away may still be on its way when the local pacer starts. At most a
    # throttle or two, retried like any other.
    assert sum(1 for r in emulator.requests if r.status == 429) <= 2


def test_an_unreachable_redis_is_a_clear_error() -> None:
    pacer = RedisPacer(
        f"redis://127.0.0.1:{free_port()}/0", [Limit(1)], key="k", socket_timeout=0.5
    )
    with pytest.raises(PacerUnavailableError, match="Redis server of the shared pacer"):
        pacer.acquire()


def test_a_huge_retry_after_blocks_the_fleet_no_longer_than_the_policy_allows(
    redis_server: RedisServer,
) -> None:
    import redis

    from metricsdk import RetryPolicy
    from metricsdk.errors import ThrottlingError

    from .scripted_server import ScriptedServer, answer

    pacer = RedisPacer(redis_server.url, [Limit(16)], key="huge-wait")
    huge = answer(429, b'{"message":"slow down"}', headers={"retry-after": "999999"})
    with ScriptedServer(lambda received: huge) as server:
        with SESv2Client(
            region="us-east-1",
            credentials=Emulator.aws_credentials,
            endpoint_url=server.url,
            rate_limiter=pacer,
            retry=RetryPolicy(max_attempts=1, max_retry_after=0.5),
        ) as ses:
            with pytest.raises(ThrottlingError):
                ses.batch_get_metric_data(queries=queries(1))
    ttl_ms = redis.Redis.from_url(redis_server.url).pttl("{metricsdk:huge-wait}:blocked")
    assert 0 < ttl_ms <= 1500  # the capped 0.5 s, and the key's one-second grace
    pacer.close()
