"""How close to the SES quota `get_metric_data` runs, and what the pacer costs.

Run: ``python benchmarks/pacing.py [--queries 1600] [--redis redis://127.0.0.1:6379/0] [--boto3]``

For the sync and the async client, at 0 ms and 50 ms of server latency, pulls ``--queries``
queries from the emulator over loopback (which answers 429 beyond 16 calls or 160 queries in any
sliding second) and prints the achieved queries/s as a fraction of the ceiling, the number of
429 answers and the busiest sliding second. A last pair of rows tightens the units limit to
80 queries/s so that it, not the call limit, binds. Then the CPU cost of one uncontended acquire.
With ``--redis``, also 1, 2 and 4 worker processes sharing a `RedisPacer` on that server: the
achieved fraction, the 429s and the Redis round trips per call.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime
from typing import Any

from metricsdk.pacing import Limit, Pacer
from metricsdk.sesv2 import AsyncSESv2Client, BatchGetMetricDataQuery, SESv2Client
from metricsdk.testing import Emulator, RecordedRequest


def queries(count: int) -> list[BatchGetMetricDataQuery]:
    return [
        BatchGetMetricDataQuery(
            id=f"q{i}",
            metric="SEND",
            start_date=date(2026, 1, 1),
            end_date=date(2026, 1, 3),
            dimensions={"EMAIL_IDENTITY": f"sender{i}.example.com"},
        )
        for i in range(count)
    ]


def pull(kind: str, emulator: Emulator, pacer: Pacer, count: int) -> None:
    settings = {
        "region": "us-east-1",
        "credentials": emulator.aws_credentials,
        "endpoint_url": emulator.url,
        "rate_limiter": pacer,
    }
    if kind == "sync":
        with SESv2Client(**settings) as ses:  # type: ignore[arg-type]
            ses.get_metric_data(queries=queries(count))
        return

    async def run() -> None:
        async with AsyncSESv2Client(**settings) as ses:  # type: ignore[arg-type]
            await ses.get_metric_data(queries=queries(count))

    asyncio.run(run())


def rate(requests: list[RecordedRequest]) -> float:
    """Sustained queries/s: from the first arrival to the start of the last burst, the queries
    that arrived in between (the last burst would otherwise count without its window)."""
    ok = sorted((r for r in requests if r.status == 200), key=lambda r: r.arrival)
    last_burst = min(r.arrival for r in ok if r.arrival > ok[-1].arrival - 0.5)
    return sum(r.weight for r in ok if r.arrival < last_burst) / (last_burst - ok[0].arrival)


def busiest_second(requests: list[RecordedRequest]) -> tuple[int, int]:
    ok = sorted((r for r in requests if r.status == 200), key=lambda r: r.arrival)
    calls = units = 0
    for i, first in enumerate(ok):
        window = [r for r in ok[i:] if r.arrival - first.arrival < 1.0]
        calls = max(calls, len(window))
        units = max(units, sum(r.weight for r in window))
    return calls, units


def run(kind: str, latency: float, units_limit: int, count: int) -> list[RecordedRequest]:
    """The requests the emulator received while metricsdk pulled ``count`` queries."""
    limits = [Limit(16), Limit(units_limit, counts="units")]
    with Emulator(latency=latency, ses_queries_per_second=units_limit) as emulator:
        pull(kind, emulator, Pacer(limits), count)
        return emulator.requests


def scenario(kind: str, latency: float, units_limit: int, count: int) -> str:
    requests = run(kind, latency, units_limit, count)
    achieved = rate(requests)
    ceiling = min(160.0, units_limit)
    throttles = sum(1 for r in requests if r.status == 429)
    calls, units = busiest_second(requests)
    return (
        f"| {kind:5} | {latency * 1000:4.0f} ms | 16 calls + {units_limit} queries | "
        f"{achieved:6.1f} q/s | {achieved / ceiling:6.1%} | {throttles} | {calls} / {units} |"
    )


BOTO3_THREADS = 16


def run_boto3(mode: str, count: int) -> tuple[list[RecordedRequest], int]:
    """The requests the emulator received while boto3, in retry mode ``mode`` (``"standard"``
    or ``"adaptive"``), pulled ``count`` queries in batches of 10 on `BOTO3_THREADS` threads,
    and the number of batches that failed once its retries ran out (a boto3 user's loop would
    have to catch and redo them)."""
    import boto3
    from botocore.config import Config
    from botocore.exceptions import ClientError

    every = [
        {
            "Id": f"q{i}",
            "Namespace": "VDM",
            "Metric": "SEND",
            "Dimensions": {"EMAIL_IDENTITY": f"sender{i}.example.com"},
            "StartDate": datetime(2026, 1, 1),
            "EndDate": datetime(2026, 1, 3),
        }
        for i in range(count)
    ]
    batches = [every[start : start + 10] for start in range(0, count, 10)]

    with Emulator() as emulator:
        client = boto3.client(
            "sesv2",
            region_name="us-east-1",
            endpoint_url=emulator.url,
            aws_access_key_id=emulator.aws_credentials.access_key_id,
            aws_secret_access_key=emulator.aws_credentials.secret_access_key,
            config=Config(retries={"mode": mode}, max_pool_connections=BOTO3_THREADS),
        )

        def one(batch: list[dict[str, Any]]) -> int:
            try:
                client.batch_get_metric_data(Queries=batch)
            except ClientError as error:
                if error.response["Error"]["Code"] != "TooManyRequestsException":
                    raise
                return 1
            return 0

        with ThreadPoolExecutor(BOTO3_THREADS) as pool:
            lost = sum(pool.map(one, batches))
        return emulator.requests, lost


def boto3_scenario(mode: str, count: int) -> str:
    requests, lost = run_boto3(mode, count)
    throttles = sum(1 for r in requests if r.status == 429)
    calls, units = busiest_second(requests)
    arrivals = [r.arrival for r in requests]
    return (
        f"| boto3, {mode} retries | {max(arrivals) - min(arrivals):.1f} s | {throttles} | "
        f"{lost} of {(count + 9) // 10} | {calls} / {units} |"
    )


def acquire_cost(rounds: int = 200_000) -> float:
    pacer = Pacer([Limit(10**9), Limit(10**9, counts="units")])
    started = time.process_time()
    for _ in range(rounds):
        pacer.acquire(10)
    return (time.process_time() - started) / rounds * 1e6


def redis_worker(url: str, key: str, first: int, count: int) -> None:
    """One worker process of the Redis scenario (run by `redis_scenario`)."""
    from metricsdk.pacing_redis import RedisPacer
    from metricsdk.sesv2.pacing import METRIC_DATA_LIMITS

    pacer = RedisPacer(url, METRIC_DATA_LIMITS, key=key)
    mine = [
        BatchGetMetricDataQuery(
            id=f"q{first + i}",
            metric="SEND",
            start_date=date(2026, 1, 1),
            end_date=date(2026, 1, 3),
        )
        for i in range(count)
    ]
    with SESv2Client(rate_limiter=pacer) as ses:
        ses.get_metric_data(queries=mine)


def eval_calls(url: str) -> int:
    import redis

    stats = redis.Redis.from_url(url).info("commandstats")
    return int(stats.get("cmdstat_eval", {}).get("calls", 0))


def redis_run(url: str, processes: int, count: int) -> tuple[list[RecordedRequest], int]:
    """The requests the emulator received while ``processes`` worker processes sharing a
    `RedisPacer` pulled ``count`` queries, and the Redis round trips (``EVAL``s) they made."""
    key = f"bench-{processes}-{time.time_ns()}"
    with Emulator() as emulator:
        environment = {
            **os.environ,
            "AWS_ACCESS_KEY_ID": emulator.aws_credentials.access_key_id,
            "AWS_SECRET_ACCESS_KEY": emulator.aws_credentials.secret_access_key,
            "AWS_REGION": "us-east-1",
            "AWS_ENDPOINT_URL": emulator.url,
        }
        share = count // processes
        before = eval_calls(url)
        workers = [
            subprocess.Popen(
                [sys.executable, __file__, "--worker", url, key, str(n * share), str(share)],
                env=environment,
            )
            for n in range(processes)
        ]
        for worker in workers:
            worker.wait()
        return emulator.requests, eval_calls(url) - before


def redis_scenario(url: str, processes: int, count: int) -> str:
    requests, trips = redis_run(url, processes, count)
    achieved = rate(requests)
    throttles = sum(1 for r in requests if r.status == 429)
    calls, units = busiest_second(requests)
    return (
        f"| {processes} | {achieved:6.1f} q/s | {achieved / 160:6.1%} | {throttles} | "
        f"{calls} / {units} | {trips / len(requests):.2f} |"
    )


def main() -> None:
    if sys.argv[1:2] == ["--worker"]:
        url, key, first, count = sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
        redis_worker(url, key, first, count)
        return
    # The emulator's threads share this interpreter: a short switch interval lets them stamp
    # arrivals promptly, as a server process of its own would.
    sys.setswitchinterval(0.0005)
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--queries", type=int, default=1600)
    parser.add_argument("--redis", help="a Redis URL for the multi-process rows")
    parser.add_argument("--boto3", action="store_true", help="boto3's retry modes as well")
    arguments = parser.parse_args()
    count = arguments.queries
    if arguments.boto3:
        print("| client | first to last call | 429s | batches lost | busiest second |")
        print("|---|---|---|---|---|")
        for mode in ("standard", "adaptive"):
            print(boto3_scenario(mode, count))
        print()
    if arguments.redis:
        print(
            "| processes | achieved | of ceiling | 429s | busiest second "
            "| Redis round trips per call |"
        )
        print("|---|---|---|---|---|---|")
        for processes in (1, 2, 4):
            print(redis_scenario(arguments.redis, processes, count))
        print()
    print("| client | latency | limits | achieved | of ceiling | 429s | busiest second |")
    print("|---|---|---|---|---|---|---|")
    for kind in ("sync", "async"):
        for latency in (0.0, 0.05):
            print(scenario(kind, latency, 160, count))
    for kind in ("sync", "async"):
        print(scenario(kind, 0.0, 80, count // 2))
    print(f"\nCPU per uncontended acquire: {acquire_cost():.2f} µs")


if __name__ == "__main__":
    main()
