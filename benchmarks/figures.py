"""Draw the docs' benchmark figures from fresh runs of the benchmark scripts.

Run: ``python benchmarks/figures.py [--only NAME ...] [--queries 800] [--redis URL]
[--rounds 5] [--runs 5]``

Writes into ``docs/images/``, each figure footed with the date and the machine of its run:

* ``pacing-sesv2.svg``: calls per sliding second, over time, while `get_metric_data` pulls
  ``--queries`` queries from the emulator (which answers 429 beyond 16 calls or 160 queries in
  any sliding second), beside boto3 in its ``standard`` and ``adaptive`` retry modes pulling
  the same queries in batches of 10 on 16 threads (`pacing.py`);
* ``pacing-redis.svg``: the same for 4 processes sharing a `RedisPacer` (``--redis``, or a
  throwaway ``redis-server`` on a free loopback port);
* ``per-call-cpu.svg``: CPU per SES call, the floor, metricsdk and botocore (`per_call.py`,
  ``--rounds`` rounds);
* ``startup.svg``: imports and first calls in fresh processes against a local https endpoint
  (`startup_and_scale.py`, median of ``--runs`` processes per case).

Each figure is one run: on a shared machine, a second run moves the numbers (see RESULTS.md
for ranges over several runs); the shapes are what the figures show.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime, timezone
from pathlib import Path

import pacing
import per_call
import startup_and_scale
from https_endpoint import local_https_endpoint
from svg_charts import BLUE, GREY, ORANGE, RED, Bar, Panel, Series, bar_groups, line_panels

from metricsdk.testing import RecordedRequest

IMAGES = Path(__file__).resolve().parents[1] / "docs" / "images"
CALL_LIMIT = 16


def machine() -> str:
    """The machine, as a figure's footer names it."""
    model = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                model = f" ({line.split(':', 1)[1].strip()})"
                break
    return (
        f"{os.cpu_count()} cores{model}, {platform.system()}, CPython {platform.python_version()}"
    )


def footer(what: str) -> str:
    today = datetime.now(timezone.utc).date().isoformat()
    return f"{what}\nMeasured {today} by benchmarks/figures.py on {machine()}."


def per_sliding_second(
    requests: Sequence[RecordedRequest], start: float, step: float = 0.05
) -> tuple[list[tuple[float, float]], list[tuple[float, float]]]:
    """Over time from ``start``, the calls answered and the calls throttled (429) in the
    sliding second ending at each step."""
    answered = sorted(r.arrival - start for r in requests if r.status != 429)
    throttled = sorted(r.arrival - start for r in requests if r.status == 429)
    end = max([*answered, *throttled], default=0.0) + 1.0
    times = [i * step for i in range(int(end / step) + 1)]

    def counts(arrivals: list[float]) -> list[tuple[float, float]]:
        return [(t, sum(1 for a in arrivals if t - 1.0 < a <= t)) for t in times]

    return counts(answered), counts(throttled)


def timeline_panel(title: str, requests: Sequence[RecordedRequest]) -> Panel:
    start = min(r.arrival for r in requests)
    answered, throttled = per_sliding_second(requests, start)
    return Panel(
        title,
        [Series("answered", BLUE, answered), Series("throttled (429)", RED, throttled)],
    )


def summary(requests: Sequence[RecordedRequest]) -> str:
    arrivals = [r.arrival for r in requests]
    throttled = sum(1 for r in requests if r.status == 429)
    return f"{max(arrivals) - min(arrivals):.1f} s, {throttled} answered 429"


def pacing_figure(count: int) -> str:
    sys.setswitchinterval(0.0005)  # the in-process emulator stamps arrivals promptly
    ours = pacing.run("sync", 0.0, 160, count)
    panels = [timeline_panel(f"metricsdk get_metric_data: {summary(ours)}", ours)]
    batches = (count + 9) // 10
    for mode in ("standard", "adaptive"):
        theirs, lost = pacing.run_boto3(mode, count)
        panels.append(
            timeline_panel(
                f"boto3, {mode} retries, {pacing.BOTO3_THREADS} threads: {summary(theirs)}, "
                f"{lost} of {batches} batches lost",
                theirs,
            )
        )
    return line_panels(
        panels,
        title=f"SES BatchGetMetricData: {count} queries against a strict quota",
        x_label="seconds since the first call",
        y_label="calls in the last second",
        limit=CALL_LIMIT,
        limit_label=f"quota: {CALL_LIMIT} calls / s",
        footer=footer(
            f"One run of {count} queries (batches of 10) each, against the emulator over "
            "loopback; 429 beyond 16 calls or 160 queries in any sliding second."
        ),
    )


@contextlib.contextmanager
def throwaway_redis() -> Iterator[str]:
    """A redis-server on a free loopback port, without persistence, for one figure."""
    import redis

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
    with subprocess.Popen(command, stdout=subprocess.DEVNULL) as server:
        url = f"redis://127.0.0.1:{port}/0"
        try:
            for _ in range(100):
                with contextlib.suppress(redis.ConnectionError):
                    redis.Redis.from_url(url, socket_timeout=1).ping()
                    break
                time.sleep(0.05)
            yield url
        finally:
            server.terminate()
            server.wait(timeout=10)


def redis_figure(count: int, url: str | None) -> str:
    processes = 4
    with contextlib.ExitStack() as stack:
        url = url or stack.enter_context(throwaway_redis())
        requests, trips = pacing.redis_run(url, processes, count)
    panel = timeline_panel(
        f"{processes} processes sharing a RedisPacer: {summary(requests)}, "
        f"{trips / len(requests):.1f} Redis round trips a call",
        requests,
    )
    return line_panels(
        [panel],
        title=f"SES BatchGetMetricData from {processes} processes: {count} queries, one quota",
        x_label="seconds since the first call",
        y_label="calls in the last second",
        limit=CALL_LIMIT,
        limit_label=f"quota: {CALL_LIMIT} calls / s",
        footer=footer(
            f"One run: {count} queries split between {processes} worker processes, each with "
            "its own SESv2Client, one local redis-server and one emulator."
        ),
    )


def cpu_figure(rounds: int) -> str:
    calls = 100
    samples = per_call.cpu_per_call(
        {
            "floor": per_call.floor_call(),
            "metricsdk": per_call.metricsdk_call(),
            "botocore": per_call.botocore_call(),
        },
        rounds,
        {"floor": calls, "metricsdk": calls, "botocore": calls // 10},
    )
    ms = {name: statistics.median(values) * 1e3 for name, values in samples.items()}
    ratio = per_call.median_ratio(samples["botocore"], samples["metricsdk"])
    bars = [
        Bar("floor: httpx, SigV4, json", ms["floor"], GREY),
        Bar("metricsdk", ms["metricsdk"], BLUE),
        Bar("botocore", ms["botocore"], ORANGE),
    ]
    return bar_groups(
        [("BatchGetMetricData, 10 queries x 30 daily points", bars)],
        title=f"CPU per SES call, without the network: botocore takes {ratio:.1f}x metricsdk's",
        unit="ms",
        label_width=190,
        footer=footer(
            f"Median of {rounds} rounds ({calls} calls each, botocore {calls // 10}), the "
            "variants taking turns; requests answered in memory (httpx.MockTransport)."
        ),
    )


def startup_figure(runs: int) -> str:
    startup_and_scale.compile_bytecode()
    with local_https_endpoint() as (url, env):
        times = startup_and_scale.startup(url, runs, sys.executable, env)
    ms = {name: statistics.median(values) * 1e3 for name, values in times.items()}
    return bar_groups(
        [
            (
                "Imports",
                [
                    Bar("import httpx", ms["import httpx"], GREY),
                    Bar("import metricsdk", ms["import metricsdk"], BLUE),
                ],
            ),
            (
                "Import, build a client, one call",
                [
                    Bar("bare httpx", ms["httpx: first call"], GREY),
                    Bar("metricsdk", ms["metricsdk: first call"], BLUE),
                    Bar("boto3", ms["boto3: first call"], ORANGE),
                ],
            ),
        ],
        title="Start-up, in a fresh process, first import to last line",
        unit="ms",
        footer=footer(
            f"Median of {runs} fresh processes per case, the cases taking turns; one SES call "
            "to a local https endpoint that every client verifies with the same CA bundle."
        ),
    )


FIGURES: dict[str, Callable[[argparse.Namespace], str]] = {
    "pacing-sesv2": lambda arguments: pacing_figure(arguments.queries),
    "pacing-redis": lambda arguments: redis_figure(arguments.queries, arguments.redis),
    "per-call-cpu": lambda arguments: cpu_figure(arguments.rounds),
    "startup": lambda arguments: startup_figure(arguments.runs),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", nargs="+", choices=list(FIGURES), default=list(FIGURES))
    parser.add_argument("--queries", type=int, default=800)
    parser.add_argument("--redis", help="a Redis URL; by default a throwaway redis-server")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--runs", type=int, default=5)
    arguments = parser.parse_args()
    IMAGES.mkdir(parents=True, exist_ok=True)
    for name in arguments.only:
        started = time.monotonic()
        path = IMAGES / f"{name}.svg"
        path.write_text(FIGURES[name](arguments), encoding="utf-8")
        print(f"{path.relative_to(IMAGES.parents[1])} ({time.monotonic() - started:.0f} s)")


if __name__ == "__main__":
    main()
