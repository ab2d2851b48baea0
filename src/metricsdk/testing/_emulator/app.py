"""The one handler behind every emulated API: route, authenticate, inject faults, enforce
limits, answer, record."""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable, Sequence

import attrs

from metricsdk.testing._emulator.faults import (
    BODY_FAULTS,
    Cut,
    Fault,
    FaultQueue,
    Injection,
    corrupt,
)
from metricsdk.testing._emulator.service import Refusal, Service
from metricsdk.testing._emulator.wire import Answer, Incoming, json_answer

__all__ = ["EmulatorApp", "RecordedRequest", "Reply"]

_HTML_PAGE = (
    b"<html><head><title>502 Bad Gateway</title></head>"
    b"<body><h1>502 Bad Gateway</h1><p>upstream connect error</p></body></html>"
)


@attrs.frozen
class RecordedRequest:
    """One request the emulator received.

    Attributes:
        service: ``"sesv2"``, ``"mailmanager"``, ``"blendvision"``, ``"oracle_iot"``, the
            credential sources ``"sts"``, ``"imds"``, ``"container"``, ``"sso"``, or
            ``"download"`` for the report download origin ("" if unrouted).
        operation: the operation called (e.g. ``"BatchGetMetricData"``).
        arrival: ``time.monotonic()`` when the request was read.
        status: the HTTP status answered (0 for a connection reset before the answer).
        identity: who called (access key id, token, user name), "" if unauthenticated.
        weight: units charged (the number of SES queries; 1 otherwise).
        headers: the request headers, names lower-cased.
        fault: the injected fault applied to it, if any.
    """

    service: str
    operation: str
    arrival: float
    status: int
    identity: str
    weight: int
    headers: dict[str, str]
    fault: Fault | None


@attrs.frozen
class Reply:
    """What the server or transport must do: send ``answer`` after ``delay`` seconds, breaking
    the connection as ``cut`` says."""

    answer: Answer
    delay: float = 0.0
    cut: Cut | None = None


class EmulatorApp:
    """Dispatches requests to the services, applying faults, limits and latency."""

    def __init__(
        self,
        services: Sequence[Service],
        *,
        latency: float = 0.0,
        jitter: float = 0.0,
        seed: int = 0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.services = list(services)
        self.latency, self.jitter = latency, jitter
        self.faults = FaultQueue()
        self.requests: list[RecordedRequest] = []
        self._lock = threading.Lock()
        self._rng = random.Random(seed)
        self._clock = clock

    def recorded(self) -> list[RecordedRequest]:
        """A copy of the requests recorded so far."""
        with self._lock:
            return list(self.requests)

    def record(self, entry: RecordedRequest) -> None:
        with self._lock:
            self.requests.append(entry)

    def _latency(self) -> float:
        if not self.jitter:
            return self.latency
        with self._lock:
            return self.latency + self._rng.uniform(0.0, self.jitter)

    def handle(self, request: Incoming) -> Reply:
        """Answer one request (never raises: an internal error becomes a 500)."""
        now = self._clock() if request.arrived is None else request.arrived
        routed = self._route(request)
        if routed is None:
            answer = json_answer(404, {"message": f"no emulated API at {request.raw_path}"})
            self._keep(request, "", "", now, answer.status, "", 1, None)
            return Reply(answer)
        service, operation = routed
        identity, weight, injection = "", 1, None
        try:
            identity = service.authenticate(request)
            weight = service.weight(request, operation)
            injection = self.faults.take(service.name, operation)
            reply = self._answer(service, request, operation, identity, weight, injection, now)
        except Refusal as refusal:
            reply = Reply(refusal.answer)
        except Exception as exc:  # the emulator must answer, never hang or drop the socket
            reply = Reply(json_answer(500, {"message": f"emulator error: {type(exc).__name__}"}))
        status = 0 if reply.cut is Cut.BEFORE_ANSWER else reply.answer.status
        fault = injection.fault if injection else None
        self._keep(request, service.name, operation, now, status, identity, weight, fault)
        return attrs.evolve(reply, delay=reply.delay + self._latency())

    def _route(self, request: Incoming) -> tuple[Service, str] | None:
        for service in self.services:
            operation = service.route(request)
            if operation is not None:
                return service, operation
        return None

    def _answer(
        self,
        service: Service,
        request: Incoming,
        operation: str,
        identity: str,
        weight: int,
        injection: Injection | None,
        now: float,
    ) -> Reply:
        fault = injection.fault if injection else None
        if injection is not None and fault not in BODY_FAULTS and fault is not Fault.SLOW:
            return self._fault_reply(service, injection)
        if not service.admit(identity, weight, now):
            return Reply(service.throttled(None))
        answer = service.handle(request, operation, identity, now)
        if injection is not None and fault in BODY_FAULTS and answer.status < 400:
            answer = corrupt(injection.fault, answer, injection.size)
        delay = (injection.delay or 0.0) if injection and fault is Fault.SLOW else 0.0
        return Reply(answer, delay=delay)

    def _fault_reply(self, service: Service, injection: Injection) -> Reply:
        fault = injection.fault
        if fault is Fault.THROTTLE:
            return Reply(service.throttled(injection.retry_after))
        if fault is Fault.SERVER_ERROR:
            return Reply(service.failure(500, injection.retry_after))
        if fault is Fault.UNAVAILABLE:
            return Reply(service.failure(503, injection.retry_after))
        if fault is Fault.HTML_ERROR_PAGE:
            return Reply(Answer(502, (("content-type", "text/html"),), _HTML_PAGE))
        # resets: the answer is still computed by the server side so mid-body has a body
        cut = Cut.BEFORE_ANSWER if fault is Fault.RESET_BEFORE_ANSWER else Cut.MID_BODY
        return Reply(json_answer(200, {"partial": "x" * 256}), cut=cut)

    def _keep(
        self,
        request: Incoming,
        service: str,
        operation: str,
        now: float,
        status: int,
        identity: str,
        weight: int,
        fault: Fault | None,
    ) -> None:
        self.record(
            RecordedRequest(
                service=service,
                operation=operation,
                arrival=now,
                status=status,
                identity=identity,
                weight=weight,
                headers=dict(request.headers),
                fault=fault,
            )
        )
