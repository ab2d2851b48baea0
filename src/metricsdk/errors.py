"""The exception hierarchy shared by every service client.

```
SDKError
├── InvalidInputError (also ValueError)   rejected before sending
│   └── MissingCredentialsError           no credential found where we looked
├── TransportError                        network failure after retries
│   └── DeadlineExceededError (also TimeoutError) RetryPolicy.deadline ran out
├── ClientClosedError (also RuntimeError) the client (or its httpx client) was closed
├── WaiterTimeoutError (also TimeoutError) a waiter gave up before the work finished
├── PacingTimeoutError (also TimeoutError) the pacer could not admit a call in time
└── APIError                              the service answered with an error
    ├── ThrottlingError
    ├── BadRequestError
    ├── AuthenticationError
    ├── PermissionDeniedError
    ├── NotFoundError
    ├── QuotaExceededError
    ├── ServerError
    └── MalformedResponseError            an answer we could not read
```

Service packages add their documented error names as subclasses
(`metricsdk.sesv2.TooManyRequestsException` is a `ThrottlingError`).
No message built here ever includes a credential: messages are made from
field names, rules, error codes and the service's own error message.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

__all__ = [
    "APIError",
    "AuthenticationError",
    "BadRequestError",
    "ClientClosedError",
    "DeadlineExceededError",
    "InvalidInputError",
    "MalformedResponseError",
    "MissingCredentialsError",
    "NotFoundError",
    "PacingTimeoutError",
    "PermissionDeniedError",
    "QuotaExceededError",
    "SDKError",
    "ServerError",
    "ThrottlingError",
    "TransportError",
    "WaiterTimeoutError",
]


class SDKError(Exception):
    """Base class of every error metricsdk raises."""


class InvalidInputError(SDKError, ValueError):
    """Input was rejected before any request was sent.

    Attributes:
        field: the dotted name of the offending argument or model field.
        rule: the rule it broke, in plain words.
    """

    field: str
    rule: str

    def __init__(self, field: str, rule: str) -> None:
        self.field = field
        self.rule = rule
        super().__init__(f"{field}: {rule}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.field, self.rule))


class MissingCredentialsError(InvalidInputError):
    """A credential or setting was not found in any of the places searched."""

    searched: tuple[str, ...]

    def __init__(self, field: str, searched: Sequence[str]) -> None:
        self.searched = tuple(searched)
        super().__init__(field, "not found; looked in " + ", ".join(self.searched))

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.field, self.searched))


class TransportError(SDKError):
    """The request could not be completed at the network level, after retries.

    The underlying ``httpx`` exception is chained as ``__cause__``.
    """

    service: str
    operation: str

    def __init__(self, message: str, *, service: str = "", operation: str = "") -> None:
        self.service = service
        self.operation = operation
        super().__init__(message)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_transport_error, (type(self), str(self), self.service, self.operation))


def _rebuild_transport_error(
    cls: type[TransportError], message: str, service: str, operation: str
) -> TransportError:
    return cls(message, service=service, operation=operation)


class DeadlineExceededError(TransportError, TimeoutError):
    """The call's deadline (`RetryPolicy.deadline`) ran out: in an attempt, in a wait before a
    retry, or waiting for the pacer. Never retried; the last failure, if any, is chained as
    ``__cause__``."""


class ClientClosedError(SDKError, RuntimeError):
    """The client was used after ``close()``/``aclose()`` (or after its ``with`` block), or the
    ``httpx`` client passed as ``http_client=`` was closed by its owner. Nothing was sent."""


class WaiterTimeoutError(SDKError, TimeoutError):
    """A waiter's timeout ran out before every awaited item reached a final state.

    Attributes:
        pending: identifiers of the items that had not finished.
    """

    pending: tuple[str, ...]

    def __init__(self, message: str, *, pending: Sequence[str] = ()) -> None:
        self.pending = tuple(pending)
        super().__init__(message)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_waiter_timeout, (type(self), str(self), self.pending))


def _rebuild_waiter_timeout(
    cls: type[WaiterTimeoutError], message: str, pending: tuple[str, ...]
) -> WaiterTimeoutError:
    return cls(message, pending=pending)


class PacingTimeoutError(SDKError, TimeoutError):
    """The pacer could not admit a call before the ``timeout`` given to ``acquire`` ran out.

    Nothing was sent and nothing was charged against the limits.
    """


class APIError(SDKError):
    """The service answered with an error.

    Attributes:
        status_code: the HTTP status of the answer.
        code: the service's error code (``"TooManyRequestsException"``, ``"3"``...).
        message: the service's own message, or a description of what was wrong.
        request_id: the service's request id, when it sent one.
        service: which service answered (``"sesv2"``, ``"mailmanager"``...).
        retryable: whether the SDK treats this error as transient.
        retry_after: seconds the service asked us to wait, when it said so.
        details: structured error details, when the service sent some.
    """

    status_code: int
    code: str
    message: str
    request_id: str | None
    service: str
    retryable: bool
    retry_after: float | None
    details: tuple[Mapping[str, Any], ...]

    default_retryable = False

    def __init__(
        self,
        message: str,
        *,
        status_code: int,
        code: str = "",
        request_id: str | None = None,
        service: str = "",
        retryable: bool | None = None,
        retry_after: float | None = None,
        details: Sequence[Mapping[str, Any]] = (),
    ) -> None:
        self.message = message
        self.status_code = status_code
        self.code = code
        self.request_id = request_id
        self.service = service
        self.retryable = self.default_retryable if retryable is None else retryable
        self.retry_after = retry_after
        self.details = tuple(details)
        super().__init__(message)

    def __str__(self) -> str:
        where = f"{self.service} " if self.service else ""
        code = f" {self.code}" if self.code else ""
        rid = f" (request id {self.request_id})" if self.request_id else ""
        return f"{where}HTTP {self.status_code}{code}: {self.message}{rid}"

    def __reduce__(self) -> tuple[Any, ...]:
        state = {
            "status_code": self.status_code,
            "code": self.code,
            "request_id": self.request_id,
            "service": self.service,
            "retryable": self.retryable,
            "retry_after": self.retry_after,
            "details": self.details,
        }
        return (_rebuild_api_error, (type(self), self.message, state))


def _rebuild_api_error(cls: type[APIError], message: str, state: dict[str, Any]) -> APIError:
    return cls(message, **state)


class ThrottlingError(APIError):
    """The service throttled the request.

    HTTP 429, or a throttling code such as ``TooManyRequestsException`` or
    ``ThrottlingException`` whatever the status.
    """

    default_retryable = True


class BadRequestError(APIError):
    """The service rejected the request as invalid (400, ``ValidationException``)."""


class AuthenticationError(APIError):
    """Credentials were missing, wrong or expired, or the signature did not match (401)."""


class PermissionDeniedError(APIError):
    """The credentials are valid but not allowed to do this (403, ``AccessDeniedException``)."""


class NotFoundError(APIError):
    """The addressed resource does not exist (404, ``ResourceNotFoundException``)."""


class QuotaExceededError(APIError):
    """A service quota was exceeded (``ServiceQuotaExceededException``)."""


class ServerError(APIError):
    """The service failed (5xx, ``InternalServiceErrorException``)."""

    default_retryable = True


class MalformedResponseError(APIError):
    """The answer could not be read: not JSON, truncated, or of the wrong shape or types."""

    default_retryable = True
