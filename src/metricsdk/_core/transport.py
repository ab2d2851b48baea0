"""The one place metricsdk does I/O: send a prepared request with auth, pacing, retries,
timeouts, error mapping and logging.

Services hand the transport a `RequestSpec` (built by a pure function) and a parser for the
answer's body; the transport knows nothing about any service. This module holds what the two
transports share; `AsyncTransport` (``async_transport.py``) is written once and `SyncTransport`
(``sync_transport.py``) is generated from it.

Time bounds, from the inside out: every phase of an attempt (connect, write, each read) has its
own timeout; the attempt as a whole has one too (a float ``timeout``, or the sum of an
``httpx.Timeout``'s parts), so a server that drips its answer cannot keep it open; and the
call as a whole — attempts, waits between them, the wait for the pacer — ends at
``RetryPolicy.deadline`` with `DeadlineExceededError`.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Protocol, TypeVar
from urllib.parse import quote

import attrs
import httpx

from metricsdk._core.endpoints import is_loopback
from metricsdk._core.pacing_protocol import RateLimiter
from metricsdk._core.redaction import redact
from metricsdk._core.retry import RetryPolicy, backoff_delay, is_retryable, parse_retry_after
from metricsdk._version import __version__
from metricsdk.errors import (
    APIError,
    ClientClosedError,
    DeadlineExceededError,
    InvalidInputError,
    MalformedResponseError,
    ThrottlingError,
    TransportError,
)

if TYPE_CHECKING:
    import tenacity

__all__ = [
    "DEFAULT_TIMEOUT",
    "MAX_RESPONSE_BYTES",
    "USER_AGENT",
    "Auth",
    "ErrorMapper",
    "RequestSpec",
    "ServiceConfig",
    "limiter_for",
    "normalize_timeout",
    "utc_now",
]

T = TypeVar("T")

logger = logging.getLogger("metricsdk")

DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=5.0)
# An answer larger than this is refused rather than buffered: metrics answers are kilobytes,
# so anything near this size is a misbehaving server or proxy.
MAX_RESPONSE_BYTES = 64 * 1024 * 1024

_PYTHON = ".".join(str(part) for part in sys.version_info[:3])
USER_AGENT = f"metricsdk/{__version__} python/{_PYTHON} httpx/{httpx.__version__}"

ErrorMapper = Callable[[int, httpx.Headers, bytes], APIError]
"""Turns a non-2xx answer (status, headers, body) into the matching `APIError`."""


class Auth(Protocol):
    """Adds credentials to a request; called again for every attempt."""

    def apply(self, request: httpx.Request, signed_headers: Mapping[str, str]) -> None:
        """Add auth headers to ``request``; ``signed_headers`` are the ones the SDK set."""
        ...

    async def apply_async(self, request: httpx.Request, signed_headers: Mapping[str, str]) -> None:
        """As `apply`, for async clients: may fetch credentials without blocking the loop."""
        ...

    def secrets(self) -> tuple[str, ...]:
        """Every secret value this auth sends, to be removed from what a server echoes back."""
        ...


@attrs.frozen(slots=True)
class RequestSpec:
    """A request as the sans-I/O layer describes it; the transport sends it.

    Attributes:
        operation: the operation's name, for logs and errors.
        method: the HTTP method.
        path: the already percent-encoded path, starting with ``/``.
        query: query parameters in order; encoded by the transport.
        headers: headers the service needs (content type, target); these are signed.
        body: the request body.
        idempotent: whether the operation is safe to repeat after it may have taken effect.
        weight: units this call costs against the pacer (e.g. the number of SES queries).
        pacing: which of the client's pacers admits the call: ``""`` (the default) its
            ``rate_limiter``; another name, the pacer it keeps under that name in
            `ServiceConfig.pacers` (none if it keeps none); ``None``, no pacer. A service whose
            quotas differ by operation (SES v2) names each operation's own.
    """

    operation: str
    method: str
    path: str
    query: tuple[tuple[str, str], ...] = ()
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""
    idempotent: bool = True
    weight: int = 1
    pacing: str | None = ""


def normalize_timeout(timeout: float | httpx.Timeout) -> httpx.Timeout:
    """Validate a user's timeout: every call must have one, so no part of it may be ``None``."""
    if isinstance(timeout, httpx.Timeout):
        parts = (timeout.connect, timeout.read, timeout.write, timeout.pool)
        if any(part is None for part in parts):
            raise InvalidInputError(
                "timeout", "every part must be set; metricsdk never waits forever"
            )
        return timeout
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not timeout > 0:
        raise InvalidInputError(
            "timeout", "must be a positive number of seconds or an httpx.Timeout"
        )
    return httpx.Timeout(float(timeout))


def whole_attempt_seconds(timeout: float | httpx.Timeout) -> float:
    """How long one attempt may take in all: a float timeout bounds it as a whole; an
    ``httpx.Timeout`` keeps its per-phase meaning and bounds it by the sum of its parts."""
    if isinstance(timeout, httpx.Timeout):
        parts = (timeout.connect, timeout.read, timeout.write, timeout.pool)
        return sum(part or 0.0 for part in parts)
    return float(timeout)


def _shrunk(timeout: httpx.Timeout, seconds: float) -> httpx.Timeout:
    """``timeout`` with no phase longer than ``seconds`` (what is left of an attempt)."""

    def cut(part: float | None) -> float:
        return max(min(part if part is not None else seconds, seconds), 0.001)

    return httpx.Timeout(
        connect=cut(timeout.connect),
        read=cut(timeout.read),
        write=cut(timeout.write),
        pool=cut(timeout.pool),
    )


def _retry_policy(retry: RetryPolicy | None) -> RetryPolicy:
    if retry is None:
        return RetryPolicy()
    if not isinstance(retry, RetryPolicy):
        raise InvalidInputError("retry", "must be a RetryPolicy")
    return retry


def _rate_limiter(rate_limiter: RateLimiter | None) -> RateLimiter | None:
    if rate_limiter is not None and not isinstance(rate_limiter, RateLimiter):
        raise InvalidInputError("rate_limiter", "must be None or a RateLimiter")
    return rate_limiter


def _pacers(pacers: Mapping[str, RateLimiter]) -> dict[str, RateLimiter]:
    checked = dict(pacers)
    for name, pacer in checked.items():
        if not isinstance(pacer, RateLimiter):
            raise InvalidInputError(f"pacers[{name!r}]", "must be a RateLimiter")
    return checked


@attrs.frozen
class ServiceConfig:
    """Everything a transport needs to know about one client of one service.

    The caller's ``retry``, ``timeout`` and ``rate_limiter`` arguments are checked here, once
    for every client: ``None`` means the default policy, and a timeout must leave no part unset.
    ``timeout`` keeps the caller's form; `phases` and `whole` are what the transport applies.
    ``rate_limiter`` admits the calls whose `RequestSpec.pacing` is ``""``; ``pacers`` holds
    the pacers a client keeps for operations with quotas of their own, under the names their
    requests give (see `limiter_for`).
    """

    service: str
    base_url: str
    auth: Auth | None
    map_error: ErrorMapper
    retry: RetryPolicy = attrs.field(default=None, converter=_retry_policy)
    timeout: float | httpx.Timeout = DEFAULT_TIMEOUT
    rate_limiter: RateLimiter | None = attrs.field(default=None, converter=_rate_limiter)
    region: str | None = None  # AWS services only
    pacers: dict[str, RateLimiter] = attrs.field(factory=dict, converter=_pacers, hash=False)
    phases: httpx.Timeout = attrs.field(init=False)
    whole: float = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "phases", normalize_timeout(self.timeout))
        object.__setattr__(self, "whole", whole_attempt_seconds(self.timeout))


def limiter_for(config: ServiceConfig, spec: RequestSpec) -> RateLimiter | None:
    """The pacer that admits ``spec``'s attempts and hears how they were answered (see
    `RequestSpec.pacing`)."""
    if spec.pacing == "":
        return config.rate_limiter
    return None if spec.pacing is None else config.pacers.get(spec.pacing)


def _url(config: ServiceConfig, spec: RequestSpec) -> str:
    url = config.base_url.rstrip("/") + spec.path
    if spec.query:
        url += "?" + "&".join(
            f"{quote(key, safe='-_.~')}={quote(value, safe='-_.~')}" for key, value in spec.query
        )
    return url


def unsigned_request(
    client: httpx.Client | httpx.AsyncClient,
    config: ServiceConfig,
    spec: RequestSpec,
    timeout: httpx.Timeout,
) -> tuple[httpx.Request, dict[str, str]]:
    own_headers = dict(spec.headers)
    request = client.build_request(
        spec.method,
        _url(config, spec),
        headers={"user-agent": USER_AGENT, **own_headers},
        content=spec.body or None,
        timeout=timeout,
    )
    return request, own_headers


def transport_error(
    config: ServiceConfig,
    spec: RequestSpec,
    request: httpx.Request,
    exc: httpx.HTTPError,
    deadline: float | None,
) -> TransportError:
    # str(exc) from httpx describes the socket failure; it never includes request headers. The
    # host is named so that a typo in a region or URL shows in the message.
    if isinstance(exc, httpx.TimeoutException) and _past(deadline):
        return _deadline_error(config, spec, "during an attempt")
    host = request.url.netloc.decode("ascii", "replace")
    return TransportError(
        f"{config.service} {spec.operation} to {host}: {type(exc).__name__}: {exc or 'no detail'}",
        service=config.service,
        operation=spec.operation,
    )


def deadline_for(policy: RetryPolicy) -> float | None:
    return None if policy.deadline is None else time.monotonic() + policy.deadline


def _past(deadline: float | None) -> bool:
    return deadline is not None and time.monotonic() >= deadline


def remaining(deadline: float | None) -> float | None:
    return None if deadline is None else deadline - time.monotonic()


def _deadline_error(config: ServiceConfig, spec: RequestSpec, where: str) -> DeadlineExceededError:
    return DeadlineExceededError(
        f"{config.service} {spec.operation}: the call's deadline of {config.retry.deadline:g} s "
        f"ran out {where} (RetryPolicy.deadline)",
        service=config.service,
        operation=spec.operation,
    )


def attempt_bounds(config: ServiceConfig, deadline: float | None) -> tuple[float, httpx.Timeout]:
    """When this attempt must end (monotonic), and the phase timeouts that keep it there."""
    left = remaining(deadline)
    if left is None or left >= config.whole:
        return time.monotonic() + config.whole, config.phases
    return time.monotonic() + left, _shrunk(config.phases, left)


def too_slow(ends: float, began: float) -> httpx.ReadTimeout:
    """Raised when an answer is still arriving at the end of its attempt's time."""
    return httpx.ReadTimeout(
        f"the answer was still arriving {time.monotonic() - began:.3g} s after the attempt "
        f"began; the attempt may take {ends - began:.3g} s in all"
    )


def check_open(config: ServiceConfig, transport_closed: bool, client_closed: bool) -> None:
    if transport_closed:
        raise ClientClosedError(
            f"this {config.service} client is closed: make a new one, or use it only inside "
            "its `with` block"
        )
    if client_closed:
        raise ClientClosedError(
            f"the httpx client given to this {config.service} client as http_client= is closed"
        )


def too_large(config: ServiceConfig, spec: RequestSpec, status: int) -> MalformedResponseError:
    return MalformedResponseError(
        f"{spec.operation}: answer larger than {MAX_RESPONSE_BYTES} bytes refused",
        status_code=status,
        service=config.service,
    )


def _redirect_refused(config: ServiceConfig, spec: RequestSpec, status: int) -> APIError:
    return APIError(
        f"{spec.operation}: the service answered with a redirect (HTTP {status}), which API "
        "calls never follow: credentials must not go to another address",
        status_code=status,
        service=config.service,
        retryable=False,
    )


def _secrets(config: ServiceConfig) -> tuple[str, ...]:
    return () if config.auth is None else config.auth.secrets()


def interpret(
    config: ServiceConfig,
    spec: RequestSpec,
    response: httpx.Response,
    body: bytes,
    parse: Callable[[bytes], T],
    attempt: int,
    started: float,
) -> T:
    status = response.status_code
    if logger.isEnabledFor(logging.DEBUG):
        logger.debug(
            "%s %s %s -> %d attempt=%d elapsed_ms=%.1f",
            config.service,
            spec.method,
            _loggable_url(response.request.url),
            status,
            attempt,
            (time.perf_counter() - started) * 1000.0,
        )
    limiter = limiter_for(config, spec)
    if 200 <= status < 300:
        if limiter is not None:
            limiter.feedback(throttled=False)
        return parse(body)
    if 300 <= status < 400:
        raise _redirect_refused(config, spec, status)
    error = config.map_error(status, response.headers, redact(body, _secrets(config)))
    if error.retry_after is None:
        error.retry_after = parse_retry_after(response.headers)
    if limiter is not None:
        # However long the server asks, every call sharing the pacer is held back no longer
        # than the policy allows.
        hold = error.retry_after
        limiter.feedback(
            throttled=isinstance(error, ThrottlingError),
            retry_after=None if hold is None else min(hold, config.retry.max_retry_after),
        )
    raise error


def _loggable_url(url: httpx.URL) -> str:
    return str(url.copy_with(username=None, password=None)) if url.userinfo else str(url)


def needs_retry(config: ServiceConfig, spec: RequestSpec, error: Exception) -> bool:
    return config.retry.max_attempts > 1 and is_retryable(error, idempotent=spec.idempotent)


# The first attempt of every call runs outside tenacity: most calls succeed at once, and
# this spares them tenacity's per-call set-up, and every process its import (~7 ms), until a
# retry is really needed. The retry loop then replays the first failure as its attempt 1, so
# every rule (what is retried, the waits, the number of attempts, the log line) stays
# tenacity's for every attempt.
def retry_settings(
    config: ServiceConfig, spec: RequestSpec, deadline: float | None
) -> dict[str, object]:
    import tenacity

    policy = config.retry

    def wait(state: tenacity.RetryCallState) -> float:
        error = state.outcome.exception() if state.outcome else None
        retry_after = error.retry_after if isinstance(error, APIError) else None
        delay = backoff_delay(policy, state.attempt_number, retry_after)
        left = remaining(deadline)
        if left is not None and delay >= left:
            # No attempt could start before the deadline: say so now rather than sleep to it.
            raise _deadline_error(config, spec, "before the next retry") from error
        return delay

    def before_sleep(state: tenacity.RetryCallState) -> None:
        if logger.isEnabledFor(logging.DEBUG) and state.outcome is not None:
            error = state.outcome.exception()
            logger.debug(
                "%s %s attempt=%d failed (%s); retrying in %.3f s",
                config.service,
                spec.operation,
                state.attempt_number,
                type(error).__name__,
                state.upcoming_sleep,
            )

    return {
        "stop": tenacity.stop_after_attempt(policy.max_attempts),
        "wait": wait,
        "retry": tenacity.retry_if_exception(lambda e: is_retryable(e, idempotent=spec.idempotent)),
        "before_sleep": before_sleep,
        "reraise": True,
    }


_TRUST_STORE_VARIABLES = ("SSL_CERT_FILE", "SSL_CERT_DIR")
_trust_store_noted = False


def trust_env(config: ServiceConfig) -> bool:
    """Whether the client the SDK makes reads the environment (proxies, trust store).

    Plain-http traffic to loopback never goes through a proxy (a proxy would see the
    credentials in clear) and has no trust store to replace, so it reads nothing; https honours
    ``HTTPS_PROXY``/``ALL_PROXY``/``NO_PROXY``, and ``SSL_CERT_FILE``/``SSL_CERT_DIR`` as httpx
    does — noted once at INFO, since a replaced trust store changes whom the SDK trusts.
    """
    url = httpx.URL(config.base_url)
    if url.scheme == "http" and is_loopback(url.host):
        return False
    global _trust_store_noted
    replaced = [name for name in _TRUST_STORE_VARIABLES if os.environ.get(name)]
    if replaced and not _trust_store_noted:
        _trust_store_noted = True
        name = replaced[0]
        logger.info("metricsdk trusts the certificates at %s (from %s)", os.environ[name], name)
    return True


def acquire_failed(config: ServiceConfig, spec: RequestSpec) -> DeadlineExceededError:
    return _deadline_error(config, spec, "waiting for the pacer")


def describe_client(client: object, config: ServiceConfig) -> str:
    """A client's repr: ``Name(region=..., endpoint_url=...)`` for AWS clients,
    ``Name(base_url=...)`` for the others — where it sends, never what it sends with."""
    if config.region is not None:
        where = f"region={config.region!r}, endpoint_url={config.base_url!r}"
    else:
        where = f"base_url={config.base_url!r}"
    return f"{type(client).__name__}({where})"


def utc_now() -> datetime:
    """The current time, timezone-aware UTC (the clock signers use)."""
    return datetime.now(timezone.utc)
