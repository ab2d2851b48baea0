"""The in-process pacer: weighted, strict sliding-window limits, shared by threads and tasks.

Why our own limiter rather than a library: the measurements in the project's rate-limiting study
showed that no candidate applies two limits with different costs (1 per call, the query count
per call) atomically — chaining two limiters lets the binding one overshoot — that bucket and GCRA
limiters admit about twice the quota across a window edge, and that one library served light
waiters before heavy ones. A sliding-window log that checks and charges every limit in one
critical section was exact and cost about 2-3 µs per acquire, so that is what this module is.

The layers, from pure to I/O:

* `SlidingWindowLog` — the arithmetic: given the time, may a call of this weight go, and if not,
  how long until it may. No clock, no lock, no sleeping.
* `PacingState` — the log plus the adaptive rate and the shared "blocked until" time; still pure,
  driven by the ``now`` it is handed (so the guarantee is tested with a fake clock).
* `Pacer` — the state behind a lock, a first-come-first-served queue of waiters, and the sleeping:
  threads park on a `threading.Event`, tasks on an `asyncio.Event`; only the head of the queue
  ever sleeps on a timer, so there is no busy-waiting and no thread per waiter.
"""

from __future__ import annotations

import contextlib
import math
import threading
import time
from collections import deque
from collections.abc import Callable, Hashable, Iterable, Iterator
from typing import TYPE_CHECKING, Literal

import attrs

from metricsdk._core.pacing_protocol import Permit
from metricsdk.errors import InvalidInputError, PacingTimeoutError

if TYPE_CHECKING:
    import asyncio

__all__ = [
    "Adaptive",
    "Limit",
    "Pacer",
    "PacingState",
    "SlidingWindowLog",
    "shared_pacer",
]

DEFAULT_MARGIN = 0.010
"""Seconds added to every window: admission, sending and the network each add milliseconds of
jitter, and without this margin the server can see one call too many in its own window."""


def _positive_int(_: object, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidInputError(attribute.name, "must be a positive integer")


def _positive_number(_: object, attribute: attrs.Attribute[float], value: float) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
        raise InvalidInputError(attribute.name, "must be a positive number of seconds")


def _counts(_: object, attribute: attrs.Attribute[str], value: str) -> None:
    if value not in ("calls", "units"):
        raise InvalidInputError(attribute.name, "must be 'calls' or 'units'")


@attrs.frozen
class Limit:
    """At most ``amount`` of something in any sliding window of ``per_seconds`` seconds.

    Attributes:
        amount: the most calls (or units) any window may hold.
        per_seconds: the window's length.
        counts: ``"calls"`` when every call counts 1, ``"units"`` when a call counts its weight
            (for ``BatchGetMetricData``, the number of queries in it).
    """

    amount: int = attrs.field(validator=_positive_int)
    per_seconds: float = attrs.field(default=1.0, validator=_positive_number)
    counts: Literal["calls", "units"] = attrs.field(default="calls", validator=_counts)

    def cost(self, weight: int) -> int:
        """What a call of ``weight`` units counts against this limit."""
        return 1 if self.counts == "calls" else weight


@attrs.frozen
class Adaptive:
    """How the pacer slows down after throttling and recovers afterwards.

    Like botocore's adaptive mode (itself after TCP CUBIC), a throttling answer multiplies the
    allowed rate by ``beta``; the rate then climbs back along a cubic curve — quickly at first,
    gently as it nears the published limit — and is whole again ``recovery_seconds`` later.
    Throttles within one window of the last cut do not cut again: they are echoes of the
    same burst.

    Attributes:
        beta: the factor applied to the allowed rate on a throttling answer.
        floor: the allowed rate never drops below this fraction of the limits.
        recovery_seconds: how long after the last cut the full rate is allowed again.
    """

    beta: float = 0.7
    floor: float = 0.2
    recovery_seconds: float = attrs.field(default=10.0, validator=_positive_number)

    def __attrs_post_init__(self) -> None:
        if not 0 < self.beta < 1:
            raise InvalidInputError("beta", "must be between 0 and 1, exclusive")
        if not 0 < self.floor <= 1:
            raise InvalidInputError("floor", "must be in (0, 1]")

    def scale_at(self, elapsed: float, low: float) -> float:
        """The allowed fraction ``elapsed`` seconds after a cut down to ``low``."""
        if elapsed >= self.recovery_seconds:
            return 1.0
        remaining = 1.0 - max(elapsed, 0.0) / self.recovery_seconds
        return 1.0 - (1.0 - low) * remaining**3


class _Window:
    """One limit's share of the log: (time, cost, charge id) within its window, oldest first."""

    __slots__ = ("entries", "length", "limit", "used")

    def __init__(self, limit: Limit, margin: float) -> None:
        self.limit = limit
        self.length = limit.per_seconds + margin
        self.entries: deque[tuple[float, int, int]] = deque()
        self.used = 0

    def prune(self, now: float) -> None:
        entries = self.entries
        while entries and entries[0][0] <= now - self.length:
            self.used -= entries.popleft()[1]

    def delay(self, now: float, cost: int, allowed: int) -> float:
        excess = self.used + cost - allowed
        if excess <= 0:
            return 0.0
        if self.limit.counts == "calls":
            # Every entry counts one: room comes when the excess-th oldest leaves, found at
            # once rather than by walking a window that may hold hundreds of calls.
            return self.entries[excess - 1][0] + self.length - now
        freed = 0
        for stamp, spent, _ in self.entries:
            freed += spent
            if freed >= excess:
                return stamp + self.length - now
        return self.length  # unreachable while cost <= allowed; a safe answer regardless

    def restamp(self, charge: int, now: float) -> None:
        entries = self.entries
        for index in range(len(entries) - 1, -1, -1):
            stamp, cost, found = entries[index]
            if found == charge:
                if now <= stamp:
                    return
                del entries[index]
                position = len(entries)
                while position > 0 and entries[position - 1][0] > now:
                    position -= 1
                entries.insert(position, (now, cost, charge))
                return


class SlidingWindowLog:
    """The pure arithmetic of several strict sliding-window limits charged together.

    A call is admitted only if, for every limit, the costs charged in the last window plus its
    own cost stay within the limit; it is then charged to all of them at once.

    Args:
        limits: the limits to honour together.
        margin: seconds added to every window (see `DEFAULT_MARGIN`).
    """

    def __init__(self, limits: Iterable[Limit], *, margin: float = DEFAULT_MARGIN) -> None:
        self.limits = tuple(limits)
        if not self.limits:
            raise InvalidInputError("limits", "must hold at least one Limit")
        if not all(isinstance(limit, Limit) for limit in self.limits):
            raise InvalidInputError("limits", "must be Limit instances")
        if isinstance(margin, bool) or not isinstance(margin, int | float) or margin < 0:
            raise InvalidInputError("margin", "must be a non-negative number of seconds")
        self.margin = float(margin)
        self._windows = [_Window(limit, self.margin) for limit in self.limits]
        self._charges = 0

    def check_weight(self, weight: int) -> None:
        """Reject a weight that no window could ever admit."""
        if isinstance(weight, bool) or not isinstance(weight, int) or weight < 1:
            raise InvalidInputError("weight", "must be a positive integer")
        for limit in self.limits:
            if limit.cost(weight) > limit.amount:
                raise InvalidInputError(
                    "weight", f"{weight} exceeds the limit of {limit.amount} {limit.counts}"
                )

    def delay(self, now: float, weight: int, *, scale: float = 1.0) -> float:
        """Seconds from ``now`` until a call of ``weight`` fits every limit; 0 if it fits now.

        ``scale`` (at most 1) shrinks every limit, as the adaptive rate asks; a limit is never
        shrunk below the call's own cost, so a lowered rate slows calls down but never blocks
        one for good.
        """
        longest = 0.0
        for window in self._windows:
            window.prune(now)
            cost = window.limit.cost(weight)
            allowed = max(cost, math.floor(window.limit.amount * scale))
            longest = max(longest, window.delay(now, cost, allowed))
        return longest

    def charge(self, now: float, weight: int) -> int:
        """Record a call of ``weight`` admitted at ``now`` against every limit; return its id."""
        self._charges += 1
        for window in self._windows:
            cost = window.limit.cost(weight)
            window.entries.append((now, cost, self._charges))
            window.used += cost
        return self._charges

    def restamp(self, charge: int, now: float) -> None:
        """Move charge ``charge`` to ``now`` if that is later: the call really left then.

        A charge that has already left every window is ignored.
        """
        for window in self._windows:
            window.restamp(charge, now)


class PacingState:
    """The pacer's whole state, pure: the log, the adaptive rate and the "blocked until" time.

    Every method takes the current time, so a test can drive it with a fake clock.

    Args:
        limits: the limits to honour together.
        margin: seconds added to every window.
        adaptive: how to slow down after throttling, or ``None`` to keep the rate fixed.
    """

    def __init__(
        self,
        limits: Iterable[Limit],
        *,
        margin: float = DEFAULT_MARGIN,
        adaptive: Adaptive | None = None,
    ) -> None:
        self.log = SlidingWindowLog(limits, margin=margin)
        self.adaptive = adaptive
        self.blocked_until = -math.inf
        self._low = 1.0
        self._cut_at = -math.inf
        self._echo_seconds = max(limit.per_seconds for limit in self.log.limits)

    def scale(self, now: float) -> float:
        """The fraction of the limits allowed at ``now`` (1.0 unless recently throttled)."""
        if self.adaptive is None:
            return 1.0
        return self.adaptive.scale_at(now - self._cut_at, self._low)

    def delay(self, now: float, weight: int) -> float:
        """Seconds until a call of ``weight`` may go: every limit, the adaptive rate, any block."""
        return max(self.blocked_until - now, self.log.delay(now, weight, scale=self.scale(now)))

    def admit(self, now: float, weight: int) -> float:
        """Charge a call of ``weight`` and return 0, or return how long to wait before retrying."""
        wait = self.delay(now, weight)
        if wait > 0:
            return wait
        self.log.charge(now, weight)
        return 0.0

    def on_answer(self, now: float, *, throttled: bool, retry_after: float | None) -> None:
        """Take an answer into account: a throttle cuts the rate, ``Retry-After`` holds all."""
        if retry_after is not None and retry_after > 0:
            self.blocked_until = max(self.blocked_until, now + retry_after)
        if throttled and self.adaptive is not None and now - self._cut_at >= self._echo_seconds:
            self._low = max(self.adaptive.floor, self.scale(now) * self.adaptive.beta)
            self._cut_at = now


class _Permit:
    """A charge in a `Pacer`'s log, restamped when its request is really sent."""

    __slots__ = ("_charge", "_pacer")

    def __init__(self, pacer: Pacer, charge: int) -> None:
        self._pacer = pacer
        self._charge = charge

    def sent(self) -> None:
        self._pacer._restamp(self._charge)


class _Waiter:
    """A caller in a `Pacer`'s queue: how to wake it, how to disarm that, when it gives up."""

    __slots__ = ("deadline", "disarm", "wake", "weight")

    def __init__(
        self,
        weight: int,
        wake: Callable[[], None],
        disarm: Callable[[], None],
        deadline: float | None,
    ) -> None:
        self.weight = weight
        self.wake = wake
        self.disarm = disarm
        self.deadline = deadline


class Pacer:
    """Keeps calls within several sliding-window limits; usable from threads and tasks at once.

    Waiters are served strictly in arrival order, so a heavy call is never starved by light
    ones. A waiter that times out or is cancelled leaves the queue without being charged.

    Args:
        limits: the limits to honour together, e.g.
            ``[Limit(16, counts="calls"), Limit(160, counts="units")]``.
        margin: seconds added to every window so the server's own count never sees one call too
            many (admission and arrival differ by a few milliseconds).
        adaptive: how to slow down after throttling; ``None`` keeps the rate fixed.
        clock: a monotonic clock in seconds.

    Example:
        ```python
        from metricsdk.pacing import Limit, Pacer

        pacer = Pacer([Limit(5, per_seconds=1.0)])
        for _ in range(3):
            pacer.acquire()
        ```
    """

    def __init__(
        self,
        limits: Iterable[Limit],
        *,
        margin: float = DEFAULT_MARGIN,
        adaptive: Adaptive | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._state = PacingState(limits, margin=margin, adaptive=adaptive)
        self._clock = clock
        self._lock = threading.Lock()
        self._queue: deque[_Waiter] = deque()

    @property
    def limits(self) -> tuple[Limit, ...]:
        """The limits this pacer honours."""
        return self._state.log.limits

    def __repr__(self) -> str:
        return f"Pacer(limits={list(self.limits)!r}, margin={self._state.log.margin})"

    def acquire(self, weight: int = 1, *, timeout: float | None = None) -> Permit:
        """Block the calling thread until a call of ``weight`` units may be sent.

        Returns a `Permit` whose ``sent()`` moves the charge to the moment of sending.

        Raises:
            InvalidInputError: if ``weight`` could never fit a limit.
            PacingTimeoutError: if ``timeout`` seconds pass first; nothing is charged.
        """
        return self._admit_at_once(weight) or self._wait_in_thread(weight, timeout)

    async def acquire_async(self, weight: int = 1, *, timeout: float | None = None) -> Permit:
        """Wait, without blocking the event loop, until a call of ``weight`` units may be sent.

        Returns a `Permit` whose ``sent()`` moves the charge to the moment of sending.

        Raises:
            InvalidInputError: if ``weight`` could never fit a limit.
            PacingTimeoutError: if ``timeout`` seconds pass first; nothing is charged.
        """
        return self._admit_at_once(weight) or await self._wait_in_task(weight, timeout)

    def _wait_in_thread(self, weight: int, timeout: float | None) -> _Permit:
        """Queue the calling thread, parked on an event between its turns."""
        event = threading.Event()
        with self._queued(weight, timeout, event.set, event.clear) as waiter:
            while not isinstance(admitted := self._try_admit(waiter), _Permit):
                event.wait(admitted)
            return admitted

    async def _wait_in_task(self, weight: int, timeout: float | None) -> _Permit:
        """Queue the current task, awaiting an event (set thread-safely) between its turns."""
        import asyncio  # loaded on first async use: sync programs never pay for it

        event = asyncio.Event()
        wake = _threadsafe_setter(asyncio.get_running_loop(), event)
        with self._queued(weight, timeout, wake, event.clear) as waiter:
            while not isinstance(admitted := self._try_admit(waiter), _Permit):
                with contextlib.suppress(asyncio.TimeoutError):  # the timer ran out: ask again
                    await asyncio.wait_for(event.wait(), admitted)
            return admitted

    def feedback(self, *, throttled: bool, retry_after: float | None = None) -> None:
        """Report an answer: a throttle lowers the rate; ``retry_after`` holds back every waiter."""
        with self._lock:
            self._state.on_answer(self._clock(), throttled=throttled, retry_after=retry_after)

    def _admit_at_once(self, weight: int) -> _Permit | None:
        """A permit when nobody waits and the call fits now: no waiter, no event to make.

        Raises:
            InvalidInputError: if ``weight`` could never fit a limit.
        """
        self._state.log.check_weight(weight)
        with self._lock:
            if self._queue:
                return None  # others came first: join the queue behind them
            now = self._clock()
            if self._state.delay(now, weight) > 0:
                return None
            return _Permit(self, self._state.log.charge(now, weight))

    @contextlib.contextmanager
    def _queued(
        self,
        weight: int,
        timeout: float | None,
        wake: Callable[[], None],
        disarm: Callable[[], None],
    ) -> Iterator[_Waiter]:
        """Stand in the queue; leave it, uncharged, if the wait ends in an error or is cancelled."""
        deadline = None if timeout is None else self._clock() + timeout
        waiter = _Waiter(weight, wake, disarm, deadline)
        with self._lock:
            self._queue.append(waiter)
        try:
            yield waiter
        except BaseException:
            self._leave(waiter)
            raise

    def _try_admit(self, waiter: _Waiter) -> _Permit | float | None:
        """The decision both `acquire` and `acquire_async` wait on: a permit if admitted, else
        how long to sleep (``None``: until woken), never past the waiter's deadline.

        Raises:
            PacingTimeoutError: the waiter's deadline has passed.
        """
        with self._lock:
            if self._queue[0] is not waiter:
                waiter.disarm()
                wait = None
            else:
                now = self._clock()
                wait = self._state.delay(now, waiter.weight)
                if wait <= 0:
                    charge = self._state.log.charge(now, waiter.weight)
                    self._queue.popleft()
                    if self._queue:
                        self._queue[0].wake()
                    return _Permit(self, charge)
                waiter.disarm()
        return self._bounded(wait, waiter.deadline)

    def _restamp(self, charge: int) -> None:
        with self._lock:
            self._state.log.restamp(charge, self._clock())

    def _bounded(self, wait: float | None, deadline: float | None) -> float | None:
        if deadline is None:
            return wait
        remaining = deadline - self._clock()
        if remaining <= 0:
            raise PacingTimeoutError("the pacer could not admit the call before the timeout")
        return remaining if wait is None else min(wait, remaining)

    def _leave(self, waiter: _Waiter) -> None:
        with self._lock:
            was_head = bool(self._queue) and self._queue[0] is waiter
            try:
                self._queue.remove(waiter)
            except ValueError:
                return  # already admitted: its charge stands, as the call may have gone out
            if was_head and self._queue:
                self._queue[0].wake()


def _threadsafe_setter(loop: asyncio.AbstractEventLoop, event: asyncio.Event) -> Callable[[], None]:
    def wake() -> None:
        with contextlib.suppress(RuntimeError):  # a closed loop has nobody left to wake
            loop.call_soon_threadsafe(event.set)

    return wake


# Held for the life of the process, not only while a client holds it: a program that makes a
# new client for every job must still see the calls the previous client sent in the last
# window. There is one small pacer per account and region a process uses.
_SHARED: dict[Hashable, Pacer] = {}
_SHARED_LOCK = threading.Lock()


def shared_pacer(key: Hashable, factory: Callable[[], Pacer]) -> Pacer:
    """The process-wide pacer for ``key``, made by ``factory`` the first time it is asked for.

    Clients of one account and region pass the same key, so together they never exceed the
    account's quota, and a client made after another one closed still counts its calls.
    """
    with _SHARED_LOCK:
        pacer = _SHARED.get(key)
        if pacer is None:
            pacer = factory()
            _SHARED[key] = pacer
        return pacer
