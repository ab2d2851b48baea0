"""Holding temporary credentials and refreshing them ahead of expiry, one fetch at a time.

The windows are botocore's: from 15 minutes before expiry a refresh is *advisory* (one caller
tries; if it fails, everyone keeps using the current credentials), from 10 minutes before it
is *mandatory* (callers wait for the fetch, and its failure is raised). Credentials that live
less than half an hour get windows scaled to their lifetime (a half and a third of it), so
short-lived ones are not fetched again at every call, as botocore would.

Exactly one fetch is in flight however many threads and tasks ask: the first caller that
finds the credentials stale leads the fetch; the others either keep the current credentials
(advisory) or wait for the leader's outcome (mandatory) — threads on an event, tasks on a
future, so waiting never blocks an event loop. The lock guards only bookkeeping, never I/O.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

import attrs

from metricsdk._core.credentials import AwsCredentials
from metricsdk.errors import InvalidInputError

if TYPE_CHECKING:
    import asyncio

__all__ = ["ADVISORY_WINDOW", "MANDATORY_WINDOW", "Refresher", "RefreshingProvider", "utc_now"]

logger = logging.getLogger("metricsdk")

ADVISORY_WINDOW = timedelta(minutes=15)
"""From this long before expiry, one caller tries a refresh and the rest keep going."""
MANDATORY_WINDOW = timedelta(minutes=10)
"""From this long before expiry, callers wait for fresh credentials."""
_ADVISORY_RETRY = timedelta(seconds=30)
_NEVER = datetime.max.replace(tzinfo=timezone.utc)


def utc_now() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(timezone.utc)


@attrs.frozen
class _Held:
    credentials: AwsCredentials
    advisory_at: datetime
    mandatory_at: datetime


def _hold(credentials: AwsCredentials, now: datetime) -> _Held:
    expiry = credentials.expiry
    if expiry is None:
        return _Held(credentials, _NEVER, _NEVER)
    lifetime = expiry - now
    advisory = min(ADVISORY_WINDOW, lifetime / 2)
    mandatory = min(MANDATORY_WINDOW, lifetime / 3)
    return _Held(credentials, expiry - advisory, expiry - mandatory)


class _Flight:
    """One fetch in progress and its outcome, awaited by threads and tasks alike."""

    def __init__(self) -> None:
        self._done = threading.Event()
        self._lock = threading.Lock()
        self._waiters: list[tuple[asyncio.AbstractEventLoop, asyncio.Future[None]]] = []
        self.credentials: AwsCredentials | None = None
        self.error: BaseException | None = None

    def finish(self, credentials: AwsCredentials | None, error: BaseException | None) -> None:
        self.credentials, self.error = credentials, error
        with self._lock:
            self._done.set()
            waiters, self._waiters = self._waiters, []
        for loop, future in waiters:
            with contextlib.suppress(RuntimeError):  # that loop has closed: nobody waits there
                loop.call_soon_threadsafe(_release, future)

    def wait(self) -> None:
        self._done.wait()

    async def wait_async(self) -> None:
        import asyncio

        loop = asyncio.get_running_loop()
        future: asyncio.Future[None] = loop.create_future()
        with self._lock:
            if self._done.is_set():
                return
            self._waiters.append((loop, future))
        await future


def _release(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)


@attrs.frozen
class _Turn:
    """A caller's part in a refresh: lead ``flight`` (fetch), or wait for its outcome."""

    flight: _Flight
    lead: bool
    mandatory: bool


class Refresher:
    """The credentials of one source, fetched on first use and refreshed ahead of expiry.

    Args:
        source: the source's name, for log lines and errors.
        fetch: fetches fresh credentials, blocking.
        fetch_async: fetches fresh credentials without blocking the event loop.
        clock: the current time (timezone-aware); tests pass a fake one.
    """

    def __init__(
        self,
        source: str,
        fetch: Callable[[], AwsCredentials],
        fetch_async: Callable[[], Awaitable[AwsCredentials]],
        *,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.source = source
        self._fetch = fetch
        self._fetch_async = fetch_async
        self._clock = clock
        self._lock = threading.Lock()
        self._held: _Held | None = None
        self._flight: _Flight | None = None

    def current(self) -> AwsCredentials | None:
        """The credentials held now, without fetching (``None`` before the first fetch)."""
        held = self._held
        return None if held is None else held.credentials

    def get(self) -> AwsCredentials:
        """Fresh-enough credentials, fetching them in this thread if this caller leads."""
        step = self._turn()
        while isinstance(step, _Turn):
            if step.lead:
                return self._lead(step.flight, step.mandatory)
            step.flight.wait()
            step = self._after_waiting(step.flight)
        return step

    async def get_async(self) -> AwsCredentials:
        """As `get`, but fetching and waiting without blocking the event loop."""
        step = self._turn()
        while isinstance(step, _Turn):
            if step.lead:
                return await self._lead_async(step.flight, step.mandatory)
            await step.flight.wait_async()
            step = self._after_waiting(step.flight)
        return step

    def _turn(self) -> AwsCredentials | _Turn:
        """The decision `get` and `get_async` share: credentials to use now, or a part in a
        refresh (lead it, or wait for it)."""
        held = self._held
        if held is not None and self._clock() < held.advisory_at:
            return held.credentials  # the common case: no lock taken
        with self._lock:
            held, now = self._held, self._clock()
            if held is not None and now < held.advisory_at:
                return held.credentials
            mandatory = held is None or now >= held.mandatory_at
            if self._flight is not None:
                if not mandatory:  # someone is refreshing already: keep using these meanwhile
                    assert held is not None
                    return held.credentials
                return _Turn(self._flight, lead=False, mandatory=True)
            self._flight = _Flight()
            return _Turn(self._flight, lead=True, mandatory=mandatory)

    def _after_waiting(self, flight: _Flight) -> AwsCredentials | _Turn:
        """The leader's result for a waiter: its credentials, its error raised, or a new turn
        (the leader was cancelled or interrupted)."""
        if flight.credentials is not None:
            return flight.credentials
        if isinstance(flight.error, Exception):
            raise flight.error
        return self._turn()

    def _lead(self, flight: _Flight, mandatory: bool) -> AwsCredentials:
        try:
            fresh = self._fetch()
        except BaseException as error:
            return self._failed(flight, mandatory, error)
        return self._succeeded(flight, fresh)

    async def _lead_async(self, flight: _Flight, mandatory: bool) -> AwsCredentials:
        try:
            fresh = await self._fetch_async()
        except BaseException as error:
            return self._failed(flight, mandatory, error)
        return self._succeeded(flight, fresh)

    def _succeeded(self, flight: _Flight, fresh: AwsCredentials) -> AwsCredentials:
        now = self._clock()
        if fresh.expiry is not None and fresh.expiry <= now:
            error = InvalidInputError(
                "credentials",
                f"{self.source} handed out credentials that had already expired "
                f"(at {fresh.expiry.isoformat()}); check this machine's clock",
            )
            return self._failed(flight, True, error)
        with self._lock:
            self._held = _hold(fresh, now)
            self._flight = None
        flight.finish(fresh, None)
        return fresh

    def _failed(self, flight: _Flight, mandatory: bool, error: BaseException) -> AwsCredentials:
        with self._lock:
            self._flight = None
            held = self._held
            keep = not mandatory and held is not None and isinstance(error, Exception)
            if keep:
                assert held is not None
                # Try again a little later, not at every call: a failing source is not hammered.
                retry_at = min(held.mandatory_at, self._clock() + _ADVISORY_RETRY)
                self._held = attrs.evolve(held, advisory_at=retry_at)
        flight.finish(None, error)
        if keep:
            assert held is not None
            logger.warning(
                "refreshing credentials from %s failed (%s: %s); the current ones are kept "
                "until %s",
                self.source,
                type(error).__name__,
                error,
                held.mandatory_at.isoformat(),
            )
            return held.credentials
        raise error

    def __repr__(self) -> str:
        return f"Refresher({self.source!r})"


def call_in_thread(function: Callable[[], Any]) -> Awaitable[Any]:
    """Run a blocking function in a worker thread, for sources that cannot be async."""
    import asyncio

    return asyncio.to_thread(function)


class RefreshingProvider:
    """A provider whose credentials a `Refresher` holds: fetched on first use, and again ahead
    of their expiry, one fetch at a time however many threads and tasks ask."""

    _refresher: Refresher

    def load(self) -> AwsCredentials:
        """The credentials, fetched on first use and again ahead of their expiry."""
        return self._refresher.get()

    async def load_async(self) -> AwsCredentials:
        """As `load`, without blocking the event loop."""
        return await self._refresher.get_async()
