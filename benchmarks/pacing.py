"""How close to the SES quota `get_metric_data` runs, and what the pacer costs.

Run: ``python benchmarks/pacing.py [--queries 1600]``

For the sync and the async client, at 0 ms and 50 ms of server latency, pulls ``--queries``
queries from the emulator over loopback (which answers 429 beyond 16 calls or 160 queries in any
sliding second) and prints the achieved queries/s as a fraction of the ceiling, the number of
429 answers and the busiest sliding second. A last pair of rows tightens the units limit to
80 queries/s so that it, not the call limit, binds. Then the CPU cost of one uncontended acquire.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from datetime import date

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


def scenario(kind: str, latency: float, units_limit: int, count: int) -> str:
    limits = [Limit(16), Limit(units_limit, counts="units")]
    with Emulator(latency=latency, ses_queries_per_second=units_limit) as emulator:
        pull(kind, emulator, Pacer(limits), count)
        requests = emulator.requests
    achieved = rate(requests)
    ceiling = min(160.0, units_limit)
    throttles = sum(1 for r in requests if r.status == 429)
    calls, units = busiest_second(requests)
    return (
        f"| {kind:5} | {latency * 1000:4.0f} ms | 16 calls + {units_limit} queries | "
        f"{achieved:6.1f} q/s | {achieved / ceiling:6.1%} | {throttles} | {calls} / {units} |"
    )


def acquire_cost(rounds: int = 200_000) -> float:
    pacer = Pacer([Limit(10**9), Limit(10**9, counts="units")])
    started = time.process_time()
    for _ in range(rounds):
        pacer.acquire(10)
    return (time.process_time() - started) / rounds * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--queries", type=int, default=1600)
    count = parser.parse_args().queries
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
