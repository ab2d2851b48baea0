"""Soak: many SES queries through `get_metric_data` against the emulator while one call in
twenty is faulted (mixed kinds) and one query in twenty first fails with INTERNAL_FAILURE.
Every query must end exactly once in results or errors, and a second identical run must not
grow the process's memory.

The default run pulls 4,000 queries; set METRICSDK_SOAK_QUERIES (scripts/test uses 20,000) for
the full soak. Pacing is off and the emulator unlimited, so the run is bound by the faults, not
by the quota (pacing is soaked in test_pacing_emulator.py).
"""

from __future__ import annotations

import gc
import itertools
import os
import threading
from collections import Counter
from collections.abc import Iterator
from datetime import date

import pytest

from metricsdk import RetryPolicy
from metricsdk.sesv2 import BatchGetMetricDataQuery, BatchGetMetricDataResponse, SESv2Client
from metricsdk.testing import Emulator, Fault

# Timing-sensitive: run on its own, after the parallel run (scripts/test).
pytestmark = pytest.mark.serial


COUNT = int(os.environ.get("METRICSDK_SOAK_QUERIES", "4000"))
FAULTS = itertools.cycle(
    [
        Fault.THROTTLE,
        Fault.SERVER_ERROR,
        Fault.UNAVAILABLE,
        Fault.RESET_BEFORE_ANSWER,
        Fault.RESET_MID_BODY,
        Fault.TRUNCATED_JSON,
        Fault.MALFORMED_JSON,
    ]
)


def resident_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


@pytest.fixture
def faulty_emulator() -> Iterator[Emulator]:
    with Emulator(
        ses_calls_per_second=None,
        ses_queries_per_second=None,
        ses_internal_failure_rate=0.05,
    ) as emulator:
        yield emulator


def fault_every_twentieth_call(emulator: Emulator, stop: threading.Event) -> None:
    """Keep one fault queued per twenty calls that arrive."""
    injected, start = 0, len(emulator.requests)
    while not stop.wait(0.005):
        due = (len(emulator.requests) - start) // 20 + 1
        while injected < due:
            emulator.inject(next(FAULTS), service="sesv2", retry_after=0.0)
            injected += 1


def pull(emulator: Emulator, queries: list[BatchGetMetricDataQuery]) -> BatchGetMetricDataResponse:
    stop = threading.Event()
    injector = threading.Thread(target=fault_every_twentieth_call, args=(emulator, stop))
    injector.start()
    try:
        with SESv2Client(
            region="us-east-1",
            credentials=emulator.aws_credentials,
            endpoint_url=emulator.url,
            rate_limiter=None,
            retry=RetryPolicy(max_attempts=4, initial_backoff=0.005, max_backoff=0.05),
        ) as ses:
            return ses.get_metric_data(queries=queries, max_concurrency=8)
    finally:
        stop.set()
        injector.join()
        emulator.clear_faults()


def test_every_query_ends_exactly_once_and_memory_holds(faulty_emulator: Emulator) -> None:
    queries = [
        BatchGetMetricDataQuery(
            id=f"q{i}",
            metric="DELIVERY",
            start_date=date(2026, 3, 1),
            end_date=date(2026, 3, 8),
            dimensions={"EMAIL_IDENTITY": f"sender{i}.example.com"},
        )
        for i in range(COUNT)
    ]
    sizes = []
    for _ in range(2):
        before = len(faulty_emulator.requests)
        answer = pull(faulty_emulator, queries)
        requests = faulty_emulator.requests[before:]
        ids = Counter([r.id for r in answer.results] + [e.id for e in answer.errors])
        assert ids == Counter(q.id for q in queries)  # none lost, none twice
        assert [r.id for r in answer.results] == [
            q.id for q in queries if q.id not in {e.id for e in answer.errors}
        ]
        assert len(answer.errors) <= COUNT // 100  # the rare batch still failing after 4 tries
        faults = sum(1 for r in requests if r.fault is not None)
        assert faults >= len(requests) // 25  # the faults really happened
        del answer, ids, requests
        gc.collect()
        sizes.append(resident_bytes())
    growth = sizes[1] - sizes[0]
    assert growth < 16 * 1024 * 1024, f"resident memory grew by {growth / 2**20:.1f} MiB"
