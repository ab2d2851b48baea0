"""`RedisPacer`: the pacer's guarantee shared by every process and machine that uses one Redis.

Install with ``pip install 'metricsdk[redis]'``. Each acquire is one atomic round trip: a Lua
script that reads Redis's own clock (so machines with skewed clocks agree), prunes every limit's
window, checks them all, and charges all of them or none, answering how long to wait otherwise.
The measurements in the project's rate-limiting study showed that the Redis-backed libraries
overshoot this job (whole-second windows, client clocks, two round trips), which is why this is
a small script of our own rather than a library.

Unlike the in-process `Pacer`, waiters in different processes are not served in arrival order,
and throttling does not lower the shared rate (a ``Retry-After`` does hold everyone back).
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
import uuid
import warnings
import weakref
from collections.abc import Iterable
from typing import TYPE_CHECKING, Literal

from metricsdk._core.pacing import DEFAULT_MARGIN, Limit, Pacer, SlidingWindowLog
from metricsdk._core.pacing_protocol import Permit
from metricsdk.errors import InvalidInputError, PacingTimeoutError, TransportError

if TYPE_CHECKING:
    import redis
    import redis.asyncio

__all__ = ["PacerUnavailableError", "RedisPacer"]

logger = logging.getLogger("metricsdk")

# KEYS[1]: the "blocked until" key; KEYS[2..]: one sorted set per limit.
# ARGV: member, ttl (ms), then (amount, window in µs, cost) per limit.
# Members are "<id>:<cost>", scored by their admission time in µs since the epoch.
_ACQUIRE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local blocked = tonumber(redis.call('GET', KEYS[1]) or '0')
if blocked > now then return {0, blocked - now} end
local wait = 0
for i = 2, #KEYS do
  local base = 3 + (i - 2) * 3
  local amount, window = tonumber(ARGV[base]), tonumber(ARGV[base + 1])
  local cost = tonumber(ARGV[base + 2])
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now - window)
  local entries = redis.call('ZRANGE', KEYS[i], 0, -1, 'WITHSCORES')
  local used = 0
  for j = 1, #entries, 2 do used = used + tonumber(string.match(entries[j], ':(%d+)$')) end
  local excess = used + cost - amount
  if excess > 0 then
    local freed = 0
    for j = 1, #entries, 2 do
      freed = freed + tonumber(string.match(entries[j], ':(%d+)$'))
      if freed >= excess then
        local until_free = tonumber(entries[j + 1]) + window - now
        if until_free > wait then wait = until_free end
        break
      end
    end
  end
end
if wait > 0 then return {0, wait} end
for i = 2, #KEYS do
  local base = 3 + (i - 2) * 3
  redis.call('ZADD', KEYS[i], now, ARGV[1] .. ':' .. ARGV[base + 2])
  redis.call('PEXPIRE', KEYS[i], ARGV[2])
end
return {1, 0}
"""

# KEYS: one sorted set per limit; ARGV: the members charged at admission, one per key.
# Moves the charge to now (never earlier): the request is being written to the wire. Answers
# the charge's resulting time in µs (false if it has already left the window).
_RESTAMP = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
for i = 1, #KEYS do redis.call('ZADD', KEYS[i], 'XX', 'GT', now, ARGV[i]) end
return redis.call('ZSCORE', KEYS[1], ARGV[1])
"""

# KEYS[1]: the "blocked until" key. ARGV[1]: seconds to block, as a decimal string.
_BLOCK = """
local t = redis.call('TIME')
local until_us = tonumber(t[1]) * 1000000 + tonumber(t[2]) + math.floor(tonumber(ARGV[1]) * 1000000)
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if until_us > current then
  redis.call('SET', KEYS[1], until_us, 'PX', math.ceil(tonumber(ARGV[1]) * 1000) + 1000)
end
return 1
"""


class PacerUnavailableError(TransportError):
    """The Redis server behind a `RedisPacer` could not be reached."""


class _RedisPermit:
    """Moves an admitted call's charges to the moment its request is sent (one round trip).

    Best effort: if Redis fails here, the charge stays at admission time, which the window
    margin covers for all but slow connection set-ups."""

    __slots__ = ("_members", "_pacer")

    def __init__(self, pacer: RedisPacer, members: list[str]) -> None:
        self._pacer = pacer
        self._members = members

    def sent(self) -> None:
        self._pacer._restamp(self._members)


class RedisPacer:
    """A pacer whose windows live in Redis, shared by every process that names the same key.

    Args:
        url: the Redis server, e.g. ``redis://redis.internal:6379/0``.
        limits: the limits to honour together, e.g. `metricsdk.sesv2.pacing.METRIC_DATA_LIMITS`.
        key: what the quota belongs to, e.g. ``"sesv2:123456789012:us-east-1"``; every
            worker of one account and region must use the same key. Redis keys are derived
            from it with a Cluster hash tag, so all of them live on one shard.
        margin: seconds added to every window. With several processes, send jitter between
            them makes this matter: 10 ms was exact in the project's measurements.
        on_unavailable: ``"raise"`` (default) raises `PacerUnavailableError` when Redis cannot
            be reached; ``"local"`` warns once and paces with an in-process `Pacer` instead,
            which keeps this process, but not the fleet, within the limits.
        socket_timeout: seconds before a Redis call is abandoned.

    Example:
        ```python
        from metricsdk.pacing_redis import RedisPacer
        from metricsdk.sesv2.pacing import METRIC_DATA_LIMITS

        pacer = RedisPacer(
            "redis://localhost:6379/0", METRIC_DATA_LIMITS, key="sesv2:my-account:us-east-1"
        )
        ```
    """

    def __init__(
        self,
        url: str,
        limits: Iterable[Limit],
        *,
        key: str,
        margin: float = DEFAULT_MARGIN,
        on_unavailable: Literal["raise", "local"] = "raise",
        socket_timeout: float = 2.0,
    ) -> None:
        self._log = SlidingWindowLog(limits, margin=margin)  # validates limits and margin
        if not isinstance(key, str) or not key:
            raise InvalidInputError("key", "must be a non-empty string")
        if on_unavailable not in ("raise", "local"):
            raise InvalidInputError("on_unavailable", "must be 'raise' or 'local'")
        self.limits = self._log.limits
        self._url = url
        self._on_unavailable = on_unavailable
        self._socket_timeout = socket_timeout
        tag = "{metricsdk:" + key + "}"
        self._blocked_key = f"{tag}:blocked"
        self._keys = [self._blocked_key, *(f"{tag}:limit{i}" for i in range(len(self.limits)))]
        self._windows_us = [int((lim.per_seconds + self._log.margin) * 1e6) for lim in self.limits]
        self._ttl_ms = str(int(max(self._windows_us) / 1000) + 1000)
        self._sync: redis.Redis | None = None
        self._async: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, redis.asyncio.Redis]
        self._async = weakref.WeakKeyDictionary()
        self._fallback: Pacer | None = None
        # One waiter per process talks to Redis at a time; the others queue here. Otherwise
        # every thread wakes when a window frees, one wins, and the rest pay a round trip each.
        self._turn = threading.Lock()
        self._async_turns: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock]
        self._async_turns = weakref.WeakKeyDictionary()

    def __repr__(self) -> str:
        return f"RedisPacer(limits={list(self.limits)!r}, key={self._blocked_key[:-8]!r})"

    def _arguments(self, member: str, weight: int) -> list[str]:
        arguments = [member, self._ttl_ms]
        for limit, window in zip(self.limits, self._windows_us, strict=True):
            arguments += [str(limit.amount), str(window), str(limit.cost(weight))]
        return arguments

    def _permit(self, member: str, weight: int) -> _RedisPermit:
        return _RedisPermit(self, [f"{member}:{limit.cost(weight)}" for limit in self.limits])

    def _restamp(self, members: list[str]) -> float | None:
        """Move a charge to now; return where it stands, in seconds on Redis's clock (None if
        Redis failed or the charge already left the window)."""
        import redis as redis_module

        try:
            stamp = self._client().eval(_RESTAMP, len(members), *self._keys[1:], *members)
        except redis_module.RedisError as exc:
            logger.warning("could not restamp a charge in Redis: %s", type(exc).__name__)
            return None
        return None if stamp is None else float(stamp) / 1e6

    def _unavailable(self, exc: Exception) -> Pacer:
        if self._on_unavailable == "raise":
            raise PacerUnavailableError(
                f"the Redis server of the shared pacer is unreachable ({type(exc).__name__})",
                service="redis",
                operation="acquire",
            ) from exc
        if self._fallback is None:
            warnings.warn(
                "Redis is unreachable: pacing with a local pacer, which keeps this process but "
                "not the fleet within the limits",
                RuntimeWarning,
                stacklevel=4,
            )
            self._fallback = Pacer(self.limits, margin=self._log.margin)
            # What this process sent in the last window is charged in Redis only: wait one
            # window before the local pacer, which knows nothing of it, admits anything.
            longest = max(limit.per_seconds for limit in self.limits) + self._log.margin
            self._fallback.feedback(throttled=False, retry_after=longest)
        return self._fallback

    def _client(self) -> redis.Redis:
        if self._sync is None:
            import redis as redis_module

            self._sync = redis_module.Redis.from_url(
                self._url,
                socket_timeout=self._socket_timeout,
                socket_connect_timeout=self._socket_timeout,
            )
        return self._sync

    def _async_client(self) -> redis.asyncio.Redis:
        loop = asyncio.get_running_loop()
        client = self._async.get(loop)
        if client is None:
            import redis.asyncio as redis_asyncio

            client = redis_asyncio.Redis.from_url(
                self._url,
                socket_timeout=self._socket_timeout,
                socket_connect_timeout=self._socket_timeout,
            )
            self._async[loop] = client
        return client

    def acquire(self, weight: int = 1, *, timeout: float | None = None) -> Permit | None:
        """Block until a call of ``weight`` fits every limit fleet-wide.

        Raises:
            PacerUnavailableError: Redis is unreachable and ``on_unavailable="raise"``.
            PacingTimeoutError: ``timeout`` ran out first; nothing was charged.
        """

        self._log.check_weight(weight)
        deadline = None if timeout is None else time.monotonic() + timeout
        if not self._turn.acquire(timeout=-1 if deadline is None else max(_left(deadline) or 0, 0)):
            raise PacingTimeoutError("the pacer could not admit the call before the timeout")
        try:
            return self._acquire_in_turn(weight, deadline)
        finally:
            self._turn.release()

    def _acquire_in_turn(self, weight: int, deadline: float | None) -> Permit | None:
        import redis as redis_module

        while True:
            member = uuid.uuid4().hex
            try:
                admitted, wait_us = self._client().eval(
                    _ACQUIRE, len(self._keys), *self._keys, *self._arguments(member, weight)
                )
            except redis_module.RedisError as exc:
                return self._unavailable(exc).acquire(weight, timeout=_left(deadline))
            if admitted:
                return self._permit(member, weight)
            time.sleep(_bounded(int(wait_us) / 1e6, deadline))

    async def acquire_async(
        self, weight: int = 1, *, timeout: float | None = None
    ) -> Permit | None:
        """Wait, without blocking the event loop, until a call of ``weight`` fits fleet-wide."""

        self._log.check_weight(weight)
        deadline = None if timeout is None else time.monotonic() + timeout
        loop = asyncio.get_running_loop()
        turn = self._async_turns.setdefault(loop, asyncio.Lock())
        try:
            await asyncio.wait_for(turn.acquire(), _left(deadline))
        except asyncio.TimeoutError:
            raise PacingTimeoutError(
                "the pacer could not admit the call before the timeout"
            ) from None
        try:
            return await self._acquire_async_in_turn(weight, deadline)
        finally:
            turn.release()

    async def _acquire_async_in_turn(self, weight: int, deadline: float | None) -> Permit | None:
        import redis as redis_module

        while True:
            member = uuid.uuid4().hex
            try:
                answer = await self._async_client().eval(
                    _ACQUIRE, len(self._keys), *self._keys, *self._arguments(member, weight)
                )
            except redis_module.RedisError as exc:
                fallback = self._unavailable(exc)
                return await fallback.acquire_async(weight, timeout=_left(deadline))
            admitted, wait_us = answer
            if admitted:
                return self._permit(member, weight)
            await asyncio.sleep(_bounded(int(wait_us) / 1e6, deadline))

    def feedback(self, *, throttled: bool, retry_after: float | None = None) -> None:
        """A ``Retry-After`` holds back every worker until it has passed.

        Best effort: with Redis unreachable the hint is logged and dropped, since the call
        that carried it has already been answered.
        """
        import redis as redis_module

        if retry_after is None or retry_after <= 0:
            return
        try:
            self._client().eval(_BLOCK, 1, self._blocked_key, repr(float(retry_after)))
        except redis_module.RedisError as exc:
            logger.warning("could not share a Retry-After through Redis: %s", type(exc).__name__)

    def close(self) -> None:
        """Close the sync connection pool (async pools close with their event loop)."""
        if self._sync is not None:
            self._sync.close()
            self._sync = None


def _left(deadline: float | None) -> float | None:
    return None if deadline is None else max(deadline - time.monotonic(), 0.0)


def _bounded(wait: float, deadline: float | None) -> float:
    if deadline is None:
        return wait
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise PacingTimeoutError("the pacer could not admit the call before the timeout")
    return min(wait, remaining)
