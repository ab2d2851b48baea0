"""The pacer: exact sliding windows on a fake clock, FIFO service, timeouts, cancellation,
adaptive slow-down, and the shared per-account pacer of the SES clients."""

from __future__ import annotations

import asyncio
import gc
import threading
import time
from collections import deque

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from metricsdk import AwsCredentials
from metricsdk.errors import InvalidInputError, PacingTimeoutError
from metricsdk.pacing import Adaptive, Limit, Pacer, PacingState, RateLimiter, SlidingWindowLog
from metricsdk.sesv2 import SESv2Client
from metricsdk.sesv2.pacing import METRIC_DATA_LIMITS


def simulate(state: PacingState, arrivals: list[tuple[float, int]]) -> list[tuple[float, int]]:
    """Serve ``arrivals`` (time, weight) first come first served; return (admitted at, weight)."""
    pending = deque(sorted(arrivals, key=lambda a: a[0]))
    queue: deque[int] = deque()
    admitted: list[tuple[float, int]] = []
    now = 0.0
    while pending or queue:
        while pending and pending[0][0] <= now:
            queue.append(pending.popleft()[1])
        if not queue:
            now = pending[0][0]
            continue
        wait = state.admit(now, queue[0])
        if wait == 0.0:
            admitted.append((now, queue.popleft()))
        else:
            assert wait > 0
            now += wait
    return admitted


def busiest_window(admitted: list[tuple[float, int]], limit: Limit) -> int:
    """The most ``limit`` counts seen in any window of ``per_seconds`` (the server's view)."""
    stamps = [t for t, _ in admitted]
    worst = 0
    for i, (start, _) in enumerate(admitted):
        total = 0
        for t, weight in admitted[i:]:
            if t - start >= limit.per_seconds - 1e-9:  # float noise, far below any real jitter
                break
            total += limit.cost(weight)
        worst = max(worst, total)
    assert stamps == sorted(stamps)
    return worst


limits_strategy = st.tuples(
    st.integers(min_value=1, max_value=20),
    st.integers(min_value=10, max_value=200),
    st.sampled_from([0.5, 1.0, 2.0]),
)


@settings(max_examples=150, deadline=None)
@given(
    limits=limits_strategy,
    arrivals=st.lists(
        st.tuples(
            st.floats(min_value=0, max_value=5, allow_nan=False),
            st.integers(min_value=1, max_value=10),
        ),
        min_size=1,
        max_size=150,
    ),
    margin=st.sampled_from([0.0, 0.01]),
)
def test_no_window_ever_exceeds_any_limit(
    limits: tuple[int, int, float], arrivals: list[tuple[float, int]], margin: float
) -> None:
    calls, units, per = limits
    pair = [Limit(calls, per_seconds=per), Limit(units, per_seconds=per, counts="units")]
    admitted = simulate(PacingState(pair, margin=margin), arrivals)
    assert sorted(w for _, w in admitted) == sorted(w for _, w in arrivals)
    for limit in pair:
        assert busiest_window(admitted, limit) <= limit.amount


@settings(max_examples=60, deadline=None)
@given(
    calls=st.integers(min_value=4, max_value=20),
    units=st.integers(min_value=40, max_value=200),
    weight=st.integers(min_value=1, max_value=10),
)
def test_saturating_demand_runs_within_two_percent_of_the_ceiling(
    calls: int, units: int, weight: int
) -> None:
    pair = [Limit(calls), Limit(units, counts="units")]
    admitted = simulate(PacingState(pair), [(0.0, weight)] * 600)
    per_window = min(calls, units // weight)  # the binding limit, in calls per second
    last = admitted[-1][0]
    rate = sum(1 for t, _ in admitted if t < last) / last  # whole windows only
    assert rate >= 0.98 * per_window
    assert busiest_window(admitted, pair[0]) <= calls


def test_a_bucket_style_double_burst_cannot_happen_at_a_window_edge() -> None:
    state = PacingState([Limit(16)], margin=0.0)
    admitted = simulate(state, [(0.99, 1)] * 16 + [(1.0, 1)] * 16)
    assert busiest_window(admitted, Limit(16)) == 16
    assert admitted[16][0] == pytest.approx(1.99)


def test_the_units_limit_binds_when_it_is_the_tighter_one() -> None:
    state = PacingState([Limit(16), Limit(80, counts="units")], margin=0.0)
    admitted = simulate(state, [(0.0, 10)] * 24)
    assert [t for t, _ in admitted[:9]] == [0.0] * 8 + [pytest.approx(1.0)]


def test_a_charge_moves_to_the_moment_its_request_is_sent() -> None:
    log = SlidingWindowLog([Limit(2)], margin=0.0)
    slow = log.charge(0.0, 1)  # admitted, then spends 0.3 s opening a connection
    log.charge(0.1, 1)
    log.restamp(slow, 0.3)
    log.restamp(slow, 0.2)  # never earlier than it already is
    assert log.delay(1.15, 1) == 0.0  # the 0.1 charge has left the window
    log.charge(1.15, 1)
    assert log.delay(1.2, 1) == pytest.approx(0.1)  # the restamped charge leaves at 1.3
    log.restamp(999, 5.0)  # an unknown or expired charge changes nothing
    assert log.delay(1.3, 1) == 0.0


def test_the_pacer_permit_restamps_its_charge() -> None:
    now = [0.0]
    pacer = Pacer([Limit(1)], margin=0.0, clock=lambda: now[0])
    permit = pacer.acquire()
    now[0] = 0.5
    permit.sent()
    assert pacer._state.delay(1.2, 1) == pytest.approx(0.3)


def test_limits_and_weights_are_validated() -> None:
    with pytest.raises(InvalidInputError, match="amount: must be a positive integer"):
        Limit(0)
    with pytest.raises(InvalidInputError, match="per_seconds"):
        Limit(5, per_seconds=0)
    with pytest.raises(InvalidInputError, match="counts: must be 'calls' or 'units'"):
        Limit(5, counts="queries")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="limits: must hold at least one Limit"):
        SlidingWindowLog([])
    with pytest.raises(InvalidInputError, match="beta"):
        Adaptive(beta=1.5)
    log = SlidingWindowLog(METRIC_DATA_LIMITS)
    with pytest.raises(InvalidInputError, match="weight: 161 exceeds the limit of 160 units"):
        log.check_weight(161)
    with pytest.raises(InvalidInputError, match="weight: must be a positive integer"):
        log.check_weight(0)


def test_retry_after_holds_every_caller_until_it_passes() -> None:
    state = PacingState([Limit(100)])
    state.on_answer(10.0, throttled=True, retry_after=2.5)
    assert state.admit(10.5, 1) == pytest.approx(2.0)
    assert state.admit(12.5, 1) == 0.0


def test_throttling_lowers_the_rate_and_it_recovers() -> None:
    adaptive = Adaptive(beta=0.5, floor=0.2, recovery_seconds=10.0)
    state = PacingState([Limit(16)], margin=0.0, adaptive=adaptive)
    state.on_answer(100.0, throttled=True, retry_after=None)
    assert state.scale(100.0) == pytest.approx(0.5)
    state.on_answer(100.2, throttled=True, retry_after=None)  # an echo of the same burst
    assert state.scale(100.2) == pytest.approx(0.5, abs=0.05)
    granted = 0
    while state.admit(100.0, 1) == 0.0:
        granted += 1
    assert granted == 8  # half of 16 while the cut holds
    assert 0.5 < state.scale(105.0) < 1.0
    assert state.scale(110.0) == 1.0
    state.on_answer(111.0, throttled=True, retry_after=None)
    state.on_answer(112.5, throttled=True, retry_after=None)
    recovered = 1 - 0.5 * (1 - 1.5 / 10) ** 3  # where the rate had climbed back to at 112.5
    assert state.scale(112.5) == pytest.approx(recovered * 0.5)
    for second in range(130, 170, 2):  # a long throttling storm
        state.on_answer(float(second), throttled=True, retry_after=None)
    assert adaptive.floor <= state.scale(168.0) < 0.35  # held down while the storm lasts
    harsh = PacingState([Limit(16)], adaptive=Adaptive(beta=0.1, floor=0.2))
    harsh.on_answer(0.0, throttled=True, retry_after=None)
    assert harsh.scale(0.0) == pytest.approx(0.2)  # never below the floor


def test_the_pacer_implements_the_client_protocol() -> None:
    assert isinstance(Pacer([Limit(1)]), RateLimiter)


def test_waiters_are_served_in_arrival_order() -> None:
    pacer = Pacer([Limit(10, per_seconds=0.2, counts="units")], margin=0.0)
    pacer.acquire(10)  # the window is full for 0.2 s
    order: list[str] = []

    def take(name: str, weight: int) -> None:
        pacer.acquire(weight, timeout=5)
        order.append(name)

    heavy = threading.Thread(target=take, args=("heavy", 10))
    heavy.start()
    while not pacer._queue:
        time.sleep(0.001)
    lights = [threading.Thread(target=take, args=(f"light{i}", 1)) for i in range(5)]
    for thread in lights:
        thread.start()
    for thread in [heavy, *lights]:
        thread.join(5)
    assert order[0] == "heavy"
    assert sorted(order[1:]) == [f"light{i}" for i in range(5)]


def test_a_timed_out_waiter_is_not_charged_and_does_not_block_others() -> None:
    pacer = Pacer([Limit(1, per_seconds=0.3)], margin=0.0)
    pacer.acquire()
    with pytest.raises(PacingTimeoutError):
        pacer.acquire(timeout=0.05)
    assert not pacer._queue
    assert sum(len(w.entries) for w in pacer._state.log._windows) == 1
    pacer.acquire(timeout=1.0)  # admitted once the first call leaves the window


def test_a_sleeping_waiter_does_not_poll_the_clock() -> None:
    calls = 0

    def counting_clock() -> float:
        nonlocal calls
        calls += 1
        return time.monotonic()

    pacer = Pacer([Limit(1, per_seconds=0.3)], margin=0.0, clock=counting_clock)
    pacer.acquire()
    before = calls
    pacer.acquire()
    assert calls - before <= 4


async def test_async_waiters_queue_in_order_and_a_cancelled_one_consumes_nothing() -> None:
    pacer = Pacer([Limit(2, per_seconds=0.2)], margin=0.0)
    await pacer.acquire_async()
    await pacer.acquire_async()
    order: list[int] = []

    async def take(n: int) -> None:
        await pacer.acquire_async(timeout=5)
        order.append(n)

    first = asyncio.create_task(take(1))
    doomed = asyncio.create_task(take(99))
    third = asyncio.create_task(take(3))
    await asyncio.sleep(0.02)
    doomed.cancel()
    await asyncio.gather(first, third)
    with pytest.raises(asyncio.CancelledError):
        await doomed
    assert order == [1, 3]
    assert not pacer._queue
    (first_at, *_), (third_at, *_) = pacer._state.log._windows[0].entries
    assert third_at - first_at < 0.1  # both fit the window the cancelled waiter left unused


async def test_async_acquire_times_out_cleanly() -> None:
    pacer = Pacer([Limit(1, per_seconds=5.0)])
    await pacer.acquire_async()
    with pytest.raises(PacingTimeoutError):
        await pacer.acquire_async(timeout=0.05)
    assert not pacer._queue


def test_threads_and_tasks_share_one_pacer() -> None:
    pacer = Pacer([Limit(3, per_seconds=0.25)], margin=0.0)
    stamps: list[float] = []
    lock = threading.Lock()

    def note() -> None:
        with lock:
            stamps.append(time.monotonic())

    def in_thread() -> None:
        for _ in range(3):
            pacer.acquire(timeout=5)
            note()

    async def in_tasks() -> None:
        async def one() -> None:
            await pacer.acquire_async(timeout=5)
            note()

        await asyncio.gather(*(one() for _ in range(3)))

    thread = threading.Thread(target=in_thread)
    thread.start()
    asyncio.run(in_tasks())
    thread.join(5)
    stamps.sort()
    assert len(stamps) == 6
    assert stamps[3] - stamps[0] >= 0.25 * 0.99  # the fourth call waited for a window


def test_ses_clients_of_one_account_share_a_pacer(aws_credentials: AwsCredentials) -> None:
    one = SESv2Client(region="us-east-1", credentials=aws_credentials)
    two = SESv2Client(region="us-east-1", credentials=aws_credentials)
    other_region = SESv2Client(region="eu-west-1", credentials=aws_credentials)
    mine = Pacer(METRIC_DATA_LIMITS)
    custom = SESv2Client(region="us-east-1", credentials=aws_credentials, rate_limiter=mine)
    unpaced = SESv2Client(region="us-east-1", credentials=aws_credentials, rate_limiter=None)
    shared = one._transport.config.rate_limiter
    assert isinstance(shared, Pacer) and shared.limits == METRIC_DATA_LIMITS
    assert two._transport.config.rate_limiter is shared
    assert other_region._transport.config.rate_limiter is not shared
    assert custom._transport.config.rate_limiter is mine
    assert unpaced._transport.config.rate_limiter is None
    with pytest.raises(InvalidInputError, match="rate_limiter"):
        SESv2Client(region="us-east-1", credentials=aws_credentials, rate_limiter="mine")  # type: ignore[arg-type]
    for client in (one, two, other_region, custom, unpaced):
        client.close()


def test_a_client_made_after_the_last_one_closed_still_counts_its_calls(
    aws_credentials: AwsCredentials,
) -> None:
    with SESv2Client(region="us-east-1", credentials=aws_credentials) as first:
        pacer = first._transport.config.rate_limiter
        assert isinstance(pacer, Pacer)
        for _ in range(16):
            pacer.acquire()
    del first
    gc.collect()
    with SESv2Client(region="us-east-1", credentials=aws_credentials) as second:
        assert second._transport.config.rate_limiter is pacer
        with pytest.raises(PacingTimeoutError):  # the 16 calls of the last second still count
            pacer.acquire(timeout=0.01)
