"""Fault injection: what can go wrong, and the queue of faults waiting for matching requests."""

from __future__ import annotations

import enum
import json
import threading
from typing import Any

import attrs

from metricsdk.testing._emulator.wire import Answer

__all__ = ["BODY_FAULTS", "NESTING_DEPTH", "Cut", "Fault", "FaultQueue", "Injection", "corrupt"]


class Fault(enum.Enum):
    """A misbehaviour the emulator can put on the next matching requests."""

    THROTTLE = "throttle"
    """The service's own throttling answer (429, or Mail Manager's HTTP-400 ThrottlingException)."""
    SERVER_ERROR = "server_error"
    """HTTP 500 in the service's error shape."""
    UNAVAILABLE = "unavailable"
    """HTTP 503, with ``Retry-After`` when the injection gives ``retry_after``."""
    RESET_BEFORE_ANSWER = "reset_before_answer"
    """The connection is reset after the request is read, before any answer byte."""
    RESET_MID_BODY = "reset_mid_body"
    """Headers and half the body are sent, then the connection is reset."""
    TRUNCATED_JSON = "truncated_json"
    """A 200 whose JSON body is cut in half (with a matching Content-Length)."""
    MALFORMED_JSON = "malformed_json"
    """A 200 whose body is not JSON."""
    WRONG_TYPES = "wrong_types"
    """A 200 with valid JSON whose fields have the wrong types."""
    EMPTY_BODY = "empty_body"
    """A 200 with an empty body."""
    HTML_ERROR_PAGE = "html_error_page"
    """A 502 HTML page, as a proxy in front of the service would send."""
    SLOW = "slow"
    """The real answer, after ``delay`` seconds."""
    OVERSIZED = "oversized"
    """A 200 whose body is ``size`` bytes (default 65 MiB) of valid JSON."""
    DEEPLY_NESTED_JSON = "deeply_nested_json"
    """A 200 whose body is a JSON object holding arrays nested `NESTING_DEPTH` deep: valid
    JSON that no decoder limited by a stack (Python's included) can read."""


BODY_FAULTS = frozenset(
    {
        Fault.TRUNCATED_JSON,
        Fault.MALFORMED_JSON,
        Fault.WRONG_TYPES,
        Fault.EMPTY_BODY,
        Fault.OVERSIZED,
        Fault.DEEPLY_NESTED_JSON,
    }
)
"""The faults that replace the body of a successful answer (see `corrupt`)."""

NESTING_DEPTH = 100_000
"""How deep `Fault.DEEPLY_NESTED_JSON` nests: far past Python's default recursion limit (1,000),
so ``json.loads`` raises ``RecursionError`` whatever limit a test process sets."""


class Cut(enum.Enum):
    """How the connection is broken, for the resets."""

    BEFORE_ANSWER = "before_answer"
    MID_BODY = "mid_body"


@attrs.define
class Injection:
    """A fault waiting for ``remaining`` more matching requests."""

    fault: Fault
    service: str | None
    operation: str | None
    remaining: int
    retry_after: float | None = None
    delay: float | None = None
    size: int | None = None

    def matches(self, service: str, operation: str) -> bool:
        return (self.service in (None, service)) and (self.operation in (None, operation))


class FaultQueue:
    """Thread-safe: injections are applied to the next matching requests, oldest first."""

    def __init__(self) -> None:
        self._items: list[Injection] = []
        self._lock = threading.Lock()

    def add(self, injection: Injection) -> None:
        with self._lock:
            self._items.append(injection)

    def take(self, service: str, operation: str) -> Injection | None:
        with self._lock:
            for item in self._items:
                if item.matches(service, operation):
                    item.remaining -= 1
                    if item.remaining <= 0:
                        self._items.remove(item)
                    return item
        return None

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


def _wrong(value: Any) -> Any:
    if isinstance(value, list):
        return {"unexpected": "object"}
    if isinstance(value, dict):
        return [1, 2, 3]
    if isinstance(value, str):
        return 12345
    if isinstance(value, bool):
        return "yes"
    return "not-a-number"


# Built once: 200 kB, and the same for every answer.
_DEEPLY_NESTED = b'{"nested":' + b"[" * NESTING_DEPTH + b"]" * NESTING_DEPTH + b"}"


def corrupt(fault: Fault, real: Answer, size: int | None) -> Answer:
    """The answer that replaces ``real`` for a body-corrupting fault."""
    json_type = (("content-type", "application/json"),)
    if fault is Fault.TRUNCATED_JSON:
        return Answer(200, json_type, real.body[: max(1, len(real.body) // 2)])
    if fault is Fault.MALFORMED_JSON:
        return Answer(200, json_type, b'{"this is": not json at all')
    if fault is Fault.EMPTY_BODY:
        return Answer(200, json_type, b"")
    if fault is Fault.OVERSIZED:
        padding = (size or 65 * 1024 * 1024) - 2
        return Answer(200, json_type, b"{" + b" " * max(0, padding) + b"}")
    if fault is Fault.DEEPLY_NESTED_JSON:
        return Answer(200, json_type, _DEEPLY_NESTED)
    try:
        data = json.loads(real.body)
    except ValueError:
        data = {"value": 1}
    mangled = {k: _wrong(v) for k, v in data.items()} if isinstance(data, dict) else [data]
    if not mangled:
        mangled = {"unexpected": [1]}
    return Answer(200, json_type, json.dumps(mangled).encode())
