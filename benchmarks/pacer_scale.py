"""The pacer under contention: CPU per admission and the order of service, with 100 threads and
with 1,000 asyncio tasks on one `Pacer`; and Redis round trips per admission for `RedisPacer`.

Run: ``python benchmarks/pacer_scale.py [--threads 100] [--tasks 1000] [--redis]``

* CPU per acquire: each thread measures its own CPU time (``time.thread_time``) around its
  acquires, so waiting costs nothing and only the work of admitting counts; for tasks, the
  process's CPU time over all acquires. The limit is set so that waiters really queue.
* Order: every waiter takes a ticket (a counter, under a lock) just before it asks, and the
  admissions are recorded in order; "FIFO" counts admissions that overtook an earlier ticket.
  Threads taking a ticket and then reaching the pacer's lock can swap places by the scheduler
  alone, so for threads this counts the overtakings the scheduler allows, not the pacer's.
* Redis (``--redis``, needs ``redis-server`` on the PATH): 4 threads of one process admitting
  calls through a fresh redis-server, counting ``EVAL``/``EVALSHA`` calls per admission with
  ``INFO commandstats``.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import shutil
import socket
import statistics
import subprocess
import tempfile
import threading
import time

from metricsdk.pacing import Limit, Pacer

ROUNDS = 20


def threads_case(threads: int) -> tuple[float, int, int]:
    """Median µs of CPU per acquire, overtakings, admissions."""
    pacer = Pacer([Limit(threads * 4, per_seconds=0.02)], margin=0.0)
    tickets = itertools.count()
    order: list[int] = []
    lock = threading.Lock()
    costs: list[float] = []

    def worker() -> None:
        for _ in range(ROUNDS):
            with lock:
                ticket = next(tickets)
            began = time.thread_time()
            pacer.acquire()
            spent = time.thread_time() - began
            with lock:
                order.append(ticket)
                costs.append(spent)

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    overtaken = sum(1 for a, b in itertools.pairwise(order) if b < a)
    return statistics.median(costs) * 1e6, overtaken, len(order)


def tasks_case(tasks: int) -> tuple[float, int, int]:
    """µs of process CPU per acquire, overtakings, admissions."""
    pacer = Pacer([Limit(tasks // 4, per_seconds=0.02)], margin=0.0)
    order: list[int] = []
    tickets = itertools.count()

    async def one() -> None:
        for _ in range(ROUNDS):
            ticket = next(tickets)  # one event loop: taking a ticket and asking are atomic
            await pacer.acquire_async()
            order.append(ticket)

    async def run() -> None:
        await asyncio.gather(*(one() for _ in range(tasks)))

    began = time.process_time()
    asyncio.run(run())
    spent = time.process_time() - began
    overtaken = sum(1 for a, b in itertools.pairwise(order) if b < a)
    return spent / len(order) * 1e6, overtaken, len(order)


def redis_case() -> tuple[float, int]:
    """EVAL round trips per admission, admissions."""
    import redis

    from metricsdk.pacing_redis import RedisPacer

    server_path = shutil.which("redis-server")
    assert server_path, "redis-server is not on the PATH"
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with tempfile.TemporaryDirectory() as folder:
        server = subprocess.Popen(
            [server_path, "--port", str(port), "--save", "", "--dir", folder],
            stdout=subprocess.DEVNULL,
        )
        try:
            url = f"redis://127.0.0.1:{port}/0"
            raw = redis.Redis.from_url(url)
            for _ in range(100):
                try:
                    raw.ping()
                    break
                except redis.ConnectionError:
                    time.sleep(0.05)
            pacer = RedisPacer(url, [Limit(16), Limit(160, counts="units")], key="bench")
            raw.config_resetstat()
            admissions = 200

            def worker() -> None:
                for _ in range(admissions // 4):
                    pacer.acquire(10)

            pool = [threading.Thread(target=worker) for _ in range(4)]
            for thread in pool:
                thread.start()
            for thread in pool:
                thread.join()
            stats = raw.info("commandstats")
            evals = sum(stats.get(name, {}).get("calls", 0) for name in ("cmdstat_eval",))
            evals += stats.get("cmdstat_evalsha", {}).get("calls", 0)
            pacer.close()
            return evals / admissions, admissions
        finally:
            server.terminate()
            server.wait(10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--threads", type=int, default=100)
    parser.add_argument("--tasks", type=int, default=1000)
    parser.add_argument("--redis", action="store_true")
    arguments = parser.parse_args()
    print("| case | CPU per acquire | overtaken | admissions |\n|---|---|---|---|")
    cost, overtaken, count = threads_case(arguments.threads)
    print(f"| {arguments.threads} threads | {cost:.1f} µs (median) | {overtaken} | {count:,} |")
    cost, overtaken, count = tasks_case(arguments.tasks)
    print(f"| {arguments.tasks:,} tasks | {cost:.1f} µs (mean) | {overtaken} | {count:,} |")
    if arguments.redis:
        trips, count = redis_case()
        print(
            f"\nRedisPacer, 4 threads: {trips:.2f} round trips per admission ({count} admissions)"
        )


if __name__ == "__main__":
    main()
