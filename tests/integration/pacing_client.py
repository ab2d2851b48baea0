"""Pull metric data from an emulator in a process of its own, and print what came back as JSON.

The pacing tests run the client here, not in the test process: the emulator's threads stamp
arrival times, and a client busy in the same interpreter would delay those stamps by GIL
switches (5 ms each), distorting the server's view in a way no real server shares.

Usage: python pacing_client.py KIND UNITS_LIMIT QUERIES CLIENTS  (endpoint and keys from env;
with METRICSDK_TEST_REDIS_URL set, the pacer is a RedisPacer on that server instead)
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from datetime import date

from metricsdk.pacing import Limit, Pacer
from metricsdk.sesv2 import AsyncSESv2Client, BatchGetMetricDataQuery, SESv2Client


def main() -> None:
    kind, units_limit, count, clients = sys.argv[1], *map(int, sys.argv[2:5])
    first_id = int(os.environ.get("METRICSDK_TEST_FIRST_ID", "0"))
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
    pacer: object = "shared" if shared else Pacer(limits, margin=margin)
    redis_url = os.environ.get("METRICSDK_TEST_REDIS_URL")
    if redis_url:
        from metricsdk.pacing_redis import RedisPacer

        margin = float(os.environ.get("METRICSDK_TEST_REDIS_MARGIN", str(margin)))
        pacer = RedisPacer(redis_url, limits, key="sesv2:test-account:us-east-1", margin=margin)
    shares = [queries[n::clients] for n in range(clients)]
    if kind == "sync":
        with SESv2Client(rate_limiter=pacer) as ses:
            answers = [ses.get_metric_data(queries=share) for share in shares]
    else:

        async def run() -> list[object]:
            sessions = [AsyncSESv2Client(rate_limiter=pacer) for _ in shares]
            try:
                return await asyncio.gather(
                    *(s.get_metric_data(queries=q) for s, q in zip(sessions, shares))
                )
            finally:
                for session in sessions:
                    await session.aclose()

        answers = asyncio.run(run())  # type: ignore[assignment]
    print(
        json.dumps(
            {
                "results": [r.id for a in answers for r in a.results],
                "errors": [e.id for a in answers for e in a.errors],
            }
        )
    )


if __name__ == "__main__":
    main()
