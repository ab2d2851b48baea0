"""Refresh ahead of expiry (advisory and mandatory windows, as botocore), and one fetch in
flight however many threads and tasks ask — with a fake clock, never wall-clock durations."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable
from datetime import datetime, timedelta, timezone

import pytest

from metricsdk import AwsCredentials
from metricsdk._core.aws_identity import refresh
from metricsdk._core.aws_identity.refresh import Refresher
from metricsdk.errors import InvalidInputError, TransportError

START = datetime(2026, 1, 1, 12, 0, tzinfo=timezone.utc)


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


class Source:
    """Hands out numbered credentials that live ``lifetime``; fails when told to."""

    def __init__(self, clock: Clock, lifetime: timedelta = timedelta(hours=1)) -> None:
        self.clock, self.lifetime = clock, lifetime
        self.fetches = 0
        self.failure: Exception | None = None
        self.gate: threading.Event | None = None
        self.started = threading.Event()

    def fetch(self) -> AwsCredentials:
        self.fetches += 1
        self.started.set()
        if self.gate is not None:
            assert self.gate.wait(30)
        if self.failure is not None:
            raise self.failure
        return AwsCredentials(
            f"ASIA{self.fetches:016d}", "secret", "token", expiry=self.clock() + self.lifetime
        )

    async def fetch_async(self) -> AwsCredentials:
        self.fetches += 1
        self.started.set()
        if self.gate is not None:
            assert await asyncio.to_thread(self.gate.wait, 30)
        if self.failure is not None:
            raise self.failure
        return AwsCredentials(
            f"ASIA{self.fetches:016d}", "secret", "token", expiry=self.clock() + self.lifetime
        )


def refresher(source: Source) -> Refresher:
    return Refresher("the test source", source.fetch, source.fetch_async, clock=source.clock)


@pytest.fixture
def clock() -> Clock:
    return Clock()


def test_fetched_on_first_use_then_served_from_the_cache(clock: Clock) -> None:
    source = Source(clock)
    held = refresher(source)
    assert held.current() is None and source.fetches == 0
    first = held.get()
    clock.advance(minutes=44)  # 16 minutes left: outside both windows
    assert held.get() is first and source.fetches == 1
    assert held.current() is first


def test_advisory_window_refreshes_and_keeps_the_old_ones_on_failure(
    clock: Clock, caplog: pytest.LogCaptureFixture
) -> None:
    source = Source(clock)
    held = refresher(source)
    first = held.get()
    clock.advance(minutes=46)  # 14 minutes left: advisory
    source.failure = TransportError("sts AssumeRole: ConnectError: refused")
    with caplog.at_level(logging.WARNING, logger="metricsdk"):
        assert held.get() is first
    assert source.fetches == 2
    assert "the test source" in caplog.text and "ConnectError" in caplog.text
    # A failing source is not asked again at every call, but again a little later.
    assert held.get() is first and source.fetches == 2
    clock.advance(seconds=31)
    source.failure = None
    second = held.get()
    assert second is not first and source.fetches == 3


def test_mandatory_window_raises_the_failure(clock: Clock) -> None:
    source = Source(clock)
    held = refresher(source)
    held.get()
    clock.advance(minutes=51)  # 9 minutes left: mandatory
    source.failure = TransportError("sts AssumeRole: ConnectError: refused")
    with pytest.raises(TransportError):
        held.get()
    source.failure = None
    assert held.get().access_key_id == f"ASIA{3:016d}"


def test_the_first_fetch_is_mandatory(clock: Clock) -> None:
    source = Source(clock)
    source.failure = InvalidInputError("sso", "no SSO token cached")
    with pytest.raises(InvalidInputError):
        refresher(source).get()


def test_short_lived_credentials_get_windows_scaled_to_their_lifetime(clock: Clock) -> None:
    source = Source(clock, lifetime=timedelta(minutes=15))
    held = refresher(source)
    first = held.get()
    clock.advance(minutes=7)  # 8 minutes left: botocore would refresh at every call
    assert held.get() is first and source.fetches == 1
    clock.advance(minutes=1)  # 7 minutes left: past half the lifetime, advisory
    assert held.get() is not first and source.fetches == 2


def test_credentials_without_expiry_are_fetched_once(clock: Clock) -> None:
    calls: list[int] = []

    def fetch() -> AwsCredentials:
        calls.append(1)
        return AwsCredentials("AKID", "s")

    async def fetch_async() -> AwsCredentials:
        return fetch()

    held = Refresher("static", fetch, fetch_async, clock=clock)
    held.get()
    clock.advance(days=3650)
    held.get()
    assert calls == [1]


def test_credentials_already_expired_on_arrival_are_an_error(clock: Clock) -> None:
    source = Source(clock, lifetime=timedelta(seconds=-5))
    with pytest.raises(InvalidInputError) as caught:
        refresher(source).get()
    assert "already expired" in str(caught.value) and "clock" in str(caught.value)


def run_threads(count: int, target: Callable[[], AwsCredentials]) -> list[AwsCredentials]:
    results: list[AwsCredentials] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def work() -> None:
        try:
            found = target()
        except BaseException as exc:
            with lock:
                errors.append(exc)
        else:
            with lock:
                results.append(found)

    threads = [threading.Thread(target=work) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not errors, errors
    return results


def test_eight_threads_needing_credentials_cause_one_fetch(clock: Clock) -> None:
    source = Source(clock)
    source.gate = threading.Event()
    held = refresher(source)
    opener = threading.Thread(target=lambda: (source.started.wait(30), source.gate.set()))  # type: ignore[union-attr]
    opener.start()
    results = run_threads(8, held.get)
    opener.join()
    assert source.fetches == 1
    assert len({id(found) for found in results}) == 1 and len(results) == 8


def test_eight_threads_in_the_mandatory_window_cause_one_refresh(clock: Clock) -> None:
    source = Source(clock)
    held = refresher(source)
    first = held.get()
    clock.advance(minutes=55)
    source.gate = threading.Event()
    source.started.clear()
    opener = threading.Thread(target=lambda: (source.started.wait(30), source.gate.set()))  # type: ignore[union-attr]
    opener.start()
    results = run_threads(8, held.get)
    opener.join()
    assert source.fetches == 2
    assert all(found is not first for found in results)


def test_in_the_advisory_window_others_keep_the_current_ones_while_one_refreshes(
    clock: Clock,
) -> None:
    source = Source(clock)
    held = refresher(source)
    first = held.get()
    clock.advance(minutes=46)
    source.gate = threading.Event()
    source.started.clear()
    leader = threading.Thread(target=held.get)
    leader.start()
    assert source.started.wait(30)
    assert [held.get() for _ in range(5)] == [first] * 5  # nobody waits for the leader
    source.gate.set()
    leader.join(30)
    assert source.fetches == 2 and held.current() is not first


def test_waiters_share_the_leaders_failure_instead_of_fetching_again(
    clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    waiting = threading.Semaphore(0)
    original_wait = refresh._Flight.wait

    def counted_wait(flight: refresh._Flight) -> None:
        waiting.release()
        original_wait(flight)

    monkeypatch.setattr(refresh._Flight, "wait", counted_wait)
    source = Source(clock)
    source.failure = TransportError("imds GetToken: ConnectTimeout")
    source.gate = threading.Event()
    held = refresher(source)
    failures: list[BaseException] = []

    def ask() -> None:
        try:
            held.get()
        except TransportError as exc:
            failures.append(exc)

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for _ in range(7):  # the leader fetches; the seven others wait for its outcome
        assert waiting.acquire(timeout=30)
    source.gate.set()
    for thread in threads:
        thread.join(30)
    assert source.fetches == 1
    assert len(failures) == 8 and all(error is failures[0] for error in failures)


async def test_eight_tasks_cause_one_fetch_without_blocking_the_loop(clock: Clock) -> None:
    source = Source(clock)
    source.gate = threading.Event()
    held = refresher(source)
    tasks = [asyncio.ensure_future(held.get_async()) for _ in range(8)]
    # The loop keeps running while the leader fetches: this very await proves it.
    assert await asyncio.to_thread(source.started.wait, 30)
    await asyncio.sleep(0.01)
    assert not any(task.done() for task in tasks)
    source.gate.set()
    results = await asyncio.gather(*tasks)
    assert source.fetches == 1
    assert len({id(found) for found in results}) == 1


async def test_threads_and_tasks_share_one_flight(clock: Clock) -> None:
    source = Source(clock)
    source.gate = threading.Event()
    held = refresher(source)
    thread_results: list[AwsCredentials] = []
    leader = threading.Thread(target=lambda: thread_results.append(held.get()))
    leader.start()
    assert await asyncio.to_thread(source.started.wait, 30)
    tasks = [asyncio.ensure_future(held.get_async()) for _ in range(4)]
    await asyncio.sleep(0.01)
    assert not any(task.done() for task in tasks)
    source.gate.set()
    results = await asyncio.gather(*tasks)
    await asyncio.to_thread(leader.join, 30)
    assert source.fetches == 1
    assert {id(found) for found in results} == {id(thread_results[0])}


async def test_a_cancelled_leader_lets_a_waiter_fetch(clock: Clock) -> None:
    source = Source(clock)
    source.gate = threading.Event()
    held = refresher(source)
    leader = asyncio.ensure_future(held.get_async())
    assert await asyncio.to_thread(source.started.wait, 30)
    waiter = asyncio.ensure_future(held.get_async())
    await asyncio.sleep(0.01)
    leader.cancel()
    source.gate.set()
    found = await waiter
    assert source.fetches == 2 and found.access_key_id == f"ASIA{2:016d}"
    with pytest.raises(asyncio.CancelledError):
        await leader
