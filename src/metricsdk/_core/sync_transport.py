# Generated from async_transport.py by scripts/unasync.py: do not edit.
# Edit the async source, then run `python scripts/unasync.py` (CI checks they agree).
"""`SyncTransport`: sends a service's requests over an ``httpx.Client`` with auth,
pacing, retries, time bounds, error mapping and logging.

What the transports share beyond their shape is in `metricsdk._core.transport`; where the sync
and sync sides genuinely differ (cancellation, tracing a send, the retry loop), each calls the
primitives of its side.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

import httpx

from metricsdk._core import sync_primitives
from metricsdk._core.pacing_protocol import Permit
from metricsdk._core.transport import (
    MAX_RESPONSE_BYTES,
    RequestSpec,
    ServiceConfig,
    acquire_failed,
    attempt_bounds,
    check_open,
    deadline_for,
    interpret,
    limiter_for,
    needs_retry,
    remaining,
    retry_settings,
    too_large,
    too_slow,
    transport_error,
    trust_env,
    unsigned_request,
)
from metricsdk.errors import PacingTimeoutError

__all__ = ["SyncTransport"]

T = TypeVar("T")


class SyncTransport:
    """Sends requests for one client over an ``httpx.Client``."""

    def __init__(self, config: ServiceConfig, http_client: httpx.Client | None = None) -> None:
        self.config = config
        self._closed = False
        self._owns_client = http_client is None
        self._client = (
            http_client
            if http_client is not None
            else httpx.Client(
                timeout=config.phases, follow_redirects=False, trust_env=trust_env(config)
            )
        )

    def close(self) -> None:
        """Close the ``httpx.Client`` if this transport created it; refuse requests from
        now on."""
        self._closed = True
        if self._owns_client:
            self._client.close()

    @property
    def raw_client(self) -> httpx.Client:
        """The ``httpx`` client, for requests outside the service's API (such as a download
        from a signed link): nothing, credentials included, is added to them."""
        check_open(self.config, self._closed, self._client.is_closed)
        return self._client

    def request(self, spec: RequestSpec, parse: Callable[[bytes], T]) -> T:
        """Send ``spec`` (retrying as the policy says) and parse the successful answer."""
        check_open(self.config, self._closed, self._client.is_closed)
        deadline = deadline_for(self.config.retry)
        try:
            return self._attempt(spec, parse, 1, deadline)
        except Exception as error:
            if not needs_retry(self.config, spec, error):
                raise
            first_failure = error
        settings = retry_settings(self.config, spec, deadline)
        for attempt in sync_primitives.retrying(settings):
            with attempt:
                number = attempt.retry_state.attempt_number
                if number == 1:
                    raise first_failure
                return self._attempt(spec, parse, number, deadline)
        raise AssertionError("unreachable: tenacity re-raises the last error")  # pragma: no cover

    def _attempt(
        self, spec: RequestSpec, parse: Callable[[bytes], T], attempt: int, deadline: float | None
    ) -> T:
        config = self.config
        permit = self._admit(spec, deadline)
        ends, timeout = attempt_bounds(config, deadline)
        request, own_headers = unsigned_request(self._client, config, spec, timeout)
        if config.auth is not None:
            config.auth.apply(request, own_headers)
        if permit is not None:
            request.extensions["trace"] = sync_primitives.send_tracer(permit)
        started = time.perf_counter()
        try:
            with sync_primitives.bounded(ends - time.monotonic()):
                response = self._client.send(request, stream=True, follow_redirects=False)
                try:
                    body = self._read(response, spec, ends)
                finally:
                    response.close()
        except TimeoutError as exc:  # the attempt's whole time ran out
            slow = too_slow(ends, ends - config.whole)
            raise transport_error(config, spec, request, slow, deadline) from exc
        except httpx.HTTPError as exc:
            raise transport_error(config, spec, request, exc, deadline) from exc
        return interpret(config, spec, response, body, parse, attempt, started)

    def _admit(self, spec: RequestSpec, deadline: float | None) -> Permit | None:
        limiter = limiter_for(self.config, spec)
        if limiter is None:
            return None
        try:
            return limiter.acquire(spec.weight, timeout=remaining(deadline))
        except PacingTimeoutError as exc:
            raise acquire_failed(self.config, spec) from exc

    def _read(self, response: httpx.Response, spec: RequestSpec, ends: float) -> bytes:
        # Each read has its own timeout; between reads the attempt's whole time is checked too,
        # so an answer that keeps trickling in is cut off on either side.
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > MAX_RESPONSE_BYTES:
                raise too_large(self.config, spec, response.status_code)
            if time.monotonic() > ends:
                raise too_slow(ends, ends - self.config.whole)
            chunks.append(chunk)
        return b"".join(chunks)
