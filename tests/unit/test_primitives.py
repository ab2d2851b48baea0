"""The per-side primitives: `completed` runs every job once, never more than ``limit`` at a
time, and takes jobs from their iterable only as slots free up (so a pull of any size holds
``limit`` jobs, not all of them)."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator

import pytest

from metricsdk._core import async_primitives, sync_primitives


class Gauge:
    """Counts jobs running at once, and jobs taken from the source so far."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.running = self.most = self.taken = 0

    def enter(self) -> None:
        with self.lock:
            self.running += 1
            self.most = max(self.most, self.running)

    def leave(self) -> None:
        with self.lock:
            self.running -= 1


def sync_jobs(gauge: Gauge, count: int) -> Iterator[object]:
    release = threading.Event()
    for number in range(count):
        gauge.taken += 1

        def job(number: int = number) -> int:
            gauge.enter()
            release.wait(0.001)  # let others start, were the limit not kept
            gauge.leave()
            return number

        yield job


@pytest.mark.parametrize("limit", [1, 3, 16])
def test_sync_completed_keeps_the_limit_and_takes_jobs_lazily(limit: int) -> None:
    gauge = Gauge()
    results = []
    for result in sync_primitives.completed(sync_jobs(gauge, 50), limit):  # type: ignore[arg-type]
        if not results:
            assert gauge.taken <= limit + 1  # the first answer came before the rest were taken
        results.append(result)
    assert sorted(results) == list(range(50))
    assert 1 <= gauge.most <= limit


@pytest.mark.parametrize("limit", [1, 3, 16])
def test_async_completed_keeps_the_limit_and_takes_jobs_lazily(limit: int) -> None:
    gauge = Gauge()

    def jobs() -> Iterator[object]:
        for number in range(50):
            gauge.taken += 1

            async def job(number: int = number) -> int:
                gauge.enter()
                await asyncio.sleep(0)
                await asyncio.sleep(0)
                gauge.leave()
                return number

            yield job

    async def run() -> list[int]:
        results: list[int] = []
        async for result in async_primitives.completed(jobs(), limit):  # type: ignore[arg-type]
            if not results:
                assert gauge.taken <= limit + 1
            results.append(result)
        return results

    assert sorted(asyncio.run(run())) == list(range(50))
    assert 1 <= gauge.most <= limit


def test_leaving_early_cancels_what_is_still_running() -> None:
    started: list[int] = []

    def jobs() -> Iterator[object]:
        for number in range(10):

            async def job(number: int = number) -> int:
                started.append(number)
                await asyncio.sleep(0 if number == 0 else 60)
                return number

            yield job

    async def run() -> int:
        stream = async_primitives.completed(jobs(), 4)  # type: ignore[arg-type]
        first = await stream.__anext__()
        await stream.aclose()  # must not wait 60 s for the others
        return first

    assert asyncio.run(asyncio.wait_for(run(), 30)) == 0
    assert len(started) <= 5
