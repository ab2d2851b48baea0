"""The poll loop every waiter shares (`metricsdk._core.async_polling` and its generated sync
twin): it asks at once, sleeps by the schedule, returns the first final answer, and raises the
waiter's timeout error at the deadline; a failure raised by ``settle`` stops it."""

from __future__ import annotations

import pytest

from metricsdk._core import async_polling, async_primitives, sync_polling, sync_primitives
from metricsdk._core.polling import PollSchedule


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now


class Answers:
    """Hands out ``states`` one per poll, then keeps repeating the last."""

    def __init__(self, *states: str) -> None:
        self.states = list(states)
        self.polls = 0

    def next(self) -> str:
        self.polls += 1
        return self.states[min(self.polls, len(self.states)) - 1]


class Stopped(Exception):
    pass


def settle(state: str) -> str | None:
    if state == "failed":
        raise Stopped(state)
    return state if state == "done" else None


def timed_out(state: str, seconds: float) -> Exception:
    return TimeoutError(f"still {state} after {seconds:g} s")


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    """A fake clock that both sides' sleep advances, so no test really waits."""
    fake = FakeClock()

    def sleep(seconds: float) -> None:
        fake.slept.append(seconds)
        fake.now += seconds

    async def async_sleep(seconds: float) -> None:
        sleep(seconds)

    monkeypatch.setattr(sync_primitives, "sleep", sleep)
    monkeypatch.setattr(async_primitives, "sleep", async_sleep)
    return fake


def schedule(clock: FakeClock, timeout: float = 10.0) -> PollSchedule:
    return PollSchedule(timeout=timeout, poll_interval=2.0, max_interval=4.0, clock=clock)


def run_sync(answers: Answers, clock: FakeClock, timeout: float = 10.0) -> str:
    return sync_polling.poll(answers.next, settle, schedule(clock, timeout), timed_out)


async def run_async(answers: Answers, clock: FakeClock, timeout: float = 10.0) -> str:
    async def fetch() -> str:
        return answers.next()

    return await async_polling.poll(fetch, settle, schedule(clock, timeout), timed_out)


async def both(answers: list[Answers], clock: FakeClock, timeout: float = 10.0) -> list[str]:
    return [run_sync(answers[0], clock, timeout), await run_async(answers[1], clock, timeout)]


async def test_a_final_first_answer_returns_at_once_without_sleeping(clock: FakeClock) -> None:
    answers = [Answers("done"), Answers("done")]
    assert await both(answers, clock) == ["done", "done"]
    assert [a.polls for a in answers] == [1, 1]
    assert clock.slept == []


async def test_polls_sleep_by_the_schedule_until_the_answer_is_final(clock: FakeClock) -> None:
    answers = [Answers("running", "running", "done"), Answers("running", "running", "done")]
    assert await both(answers, clock, timeout=100.0) == ["done", "done"]
    assert [a.polls for a in answers] == [3, 3]
    assert clock.slept == [2.0, 3.0, 2.0, 3.0]


async def test_the_deadline_raises_the_waiters_error_with_the_last_answer(
    clock: FakeClock,
) -> None:
    with pytest.raises(TimeoutError, match=r"^still running after 5 s$"):
        run_sync(Answers("running"), clock, timeout=5.0)
    with pytest.raises(TimeoutError, match=r"^still running after 5 s$"):
        await run_async(Answers("running"), clock, timeout=5.0)
    # 2 s, 3 s, then nothing left: three polls each, the last one at the deadline
    assert clock.slept == [2.0, 3.0, 2.0, 3.0]


async def test_a_failure_raised_by_settle_stops_the_loop(clock: FakeClock) -> None:
    answers = [Answers("running", "failed", "done"), Answers("running", "failed", "done")]
    with pytest.raises(Stopped):
        run_sync(answers[0], clock)
    with pytest.raises(Stopped):
        await run_async(answers[1], clock)
    assert [a.polls for a in answers] == [2, 2]
