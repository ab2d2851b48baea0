"""What every emulated service offers the app, and the refusal it raises."""

from __future__ import annotations

from typing import Protocol

from metricsdk.testing._emulator.wire import Answer, Incoming

__all__ = ["Refusal", "Service"]


class Refusal(Exception):
    """Raised by a service to answer at once (bad auth, invalid input) with ``answer``."""

    def __init__(self, answer: Answer) -> None:
        super().__init__(answer.status)
        self.answer = answer


class Service(Protocol):
    """An emulated API."""

    name: str

    def route(self, request: Incoming) -> str | None:
        """The operation this request calls, or None if it is not this service's."""
        ...

    def authenticate(self, request: Incoming) -> str:
        """The caller's identity (access key, token, user); raise `Refusal` when refused."""
        ...

    def weight(self, request: Incoming, operation: str) -> int:
        """Units this call costs against the service's limit."""
        ...

    def admit(self, identity: str, weight: int, now: float) -> bool:
        """Whether the service's rate limits let this call through."""
        ...

    def throttled(self, retry_after: float | None) -> Answer:
        """The service's throttling answer."""
        ...

    def failure(self, status: int, retry_after: float | None) -> Answer:
        """A server-side failure answer (5xx) in the service's error shape."""
        ...

    def handle(self, request: Incoming, operation: str, identity: str, now: float) -> Answer:
        """The answer to a well-formed, authenticated, admitted call."""
        ...
