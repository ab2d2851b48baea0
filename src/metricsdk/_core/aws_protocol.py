"""What the two AWS JSON protocols (rest-json and JSON 1.0) share: how errors are read and the
SigV4 auth that signs every attempt afresh."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

import httpx

from metricsdk._core import sigv4
from metricsdk._core.converters import (
    EPOCH,
    as_utc,
    make_converter,
    pascal_case,
    utc_from_epoch,
)
from metricsdk._core.credentials import AwsCredentials, CredentialProvider
from metricsdk._core.error_mapping import error_class
from metricsdk._core.transport import ErrorMapper, utc_now
from metricsdk.errors import APIError, AuthenticationError, InvalidInputError

__all__ = [
    "AWS_CONVERTER",
    "SigV4Auth",
    "aws_error_fields",
    "aws_error_mapper",
    "read_aws_timestamp",
    "write_aws_timestamp",
]

# Codes every AWS service may answer with when the signature or the key is wrong: AWS sends
# them with HTTP 403, but to a caller they mean "fix your credentials", not "not allowed".
COMMON_AUTH_ERROR_CODES = (
    "UnrecognizedClientException",
    "InvalidSignatureException",
    "SignatureDoesNotMatch",
    "IncompleteSignature",
    "MissingAuthenticationToken",
    "InvalidClientTokenId",
    "ExpiredTokenException",
    "ExpiredToken",
)


def aws_error_fields(headers: Mapping[str, str], body: bytes) -> tuple[str, str, str | None]:
    """Read (code, message, request id) from an AWS JSON error answer, leniently.

    The code comes from ``x-amzn-ErrorType`` (dropping a ``:`` suffix) or the body's
    ``__type`` (dropping a ``namespace#`` prefix) or ``code``/``Code``. A body that cannot be
    decoded, whatever the decoder raises, reads as no body: the status still picks the class.
    """
    data: Any = None
    if body:
        try:
            data = json.loads(body)
        except Exception:  # ValueError, RecursionError (deep nesting), MemoryError: unreadable
            data = None
    fields: Mapping[str, Any] = data if isinstance(data, dict) else {}
    code = headers.get("x-amzn-errortype", "").split(":", 1)[0]
    if not code:
        raw = fields.get("__type") or fields.get("code") or fields.get("Code") or ""
        code = str(raw).rsplit("#", 1)[-1] if isinstance(raw, str) else ""
    message = fields.get("message") or fields.get("Message") or fields.get("errorMessage")
    if not isinstance(message, str):
        message = _describe_unreadable(headers, body) if not fields else "no message in the answer"
    request_id = headers.get("x-amzn-requestid") or headers.get("x-amz-request-id")
    return code, message, request_id


def _describe_unreadable(headers: Mapping[str, str], body: bytes) -> str:
    # Never quote the body: a proxy's error page may echo request headers, credentials included.
    kind = headers.get("content-type", "no content type")
    return f"unreadable error answer ({kind}, {len(body)} bytes)"


def aws_error_mapper(service: str, known: Mapping[str, type[APIError]]) -> ErrorMapper:
    """An `ErrorMapper` for an AWS JSON service with its documented error classes."""
    table: dict[str, type[APIError]] = dict.fromkeys(COMMON_AUTH_ERROR_CODES, AuthenticationError)
    table.update(known)

    def map_error(status: int, headers: httpx.Headers, body: bytes) -> APIError:
        code, message, request_id = aws_error_fields(headers, body)
        cls = error_class(status, code, table)
        return cls(message, status_code=status, code=code, request_id=request_id, service=service)

    return map_error


class SigV4Auth:
    """Signs each attempt with SigV4 (a fresh ``X-Amz-Date`` every time).

    With a credential provider, the credentials are asked for at every attempt, so a long
    call (or a long ``get_metric_data`` pull) outlives any one set of temporary credentials;
    static `AwsCredentials` are used as they are, at no cost.
    """

    def __init__(
        self,
        credentials: AwsCredentials | CredentialProvider,
        region: str,
        signing_name: str,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self._static = credentials if isinstance(credentials, AwsCredentials) else None
        self._provider = None if isinstance(credentials, AwsCredentials) else credentials
        self._current = self._static
        self._region = region
        self._signing_name = signing_name
        self._clock = clock

    def __repr__(self) -> str:
        shown = self._static if self._static is not None else self._provider
        return f"SigV4Auth({shown!r}, region={self._region!r})"

    def secrets(self) -> tuple[str, ...]:
        """The secret key and session token signed with last (to keep out of messages)."""
        current = self._current
        if current is None:
            return ()
        return tuple(v for v in (current.secret_access_key, current.session_token) if v)

    def _checked(self, credentials: object) -> AwsCredentials:
        if not isinstance(credentials, AwsCredentials):
            raise InvalidInputError(
                "credentials", "the provider's load() must return AwsCredentials"
            )
        self._current = credentials
        return credentials

    def apply(self, request: httpx.Request, signed_headers: Mapping[str, str]) -> None:
        """Add ``Authorization``, ``X-Amz-Date`` and any session token to ``request``."""
        credentials = self._static
        if credentials is None:
            assert self._provider is not None
            credentials = self._checked(self._provider.load())
        self._sign(request, signed_headers, credentials)

    async def apply_async(self, request: httpx.Request, signed_headers: Mapping[str, str]) -> None:
        """As `apply`, asking the provider without blocking the event loop."""
        credentials = self._static
        if credentials is None:
            assert self._provider is not None
            credentials = self._checked(await self._provider.load_async())
        self._sign(request, signed_headers, credentials)

    def _sign(
        self, request: httpx.Request, signed_headers: Mapping[str, str], credentials: AwsCredentials
    ) -> None:
        request.headers.update(
            sigv4.sign(
                method=request.method,
                url=request.url,
                headers=signed_headers,
                body=request.content,
                credentials=credentials,
                region=self._region,
                service=self._signing_name,
                now=self._clock(),
            )
        )


def read_aws_timestamp(value: Any) -> datetime:
    """A timestamp of an AWS JSON answer: epoch seconds, or an ISO 8601 string (which botocore
    also accepts), as an aware UTC datetime; ``TypeError``/``ValueError`` for anything else."""
    kind = type(value)
    if kind is int or kind is float:  # bool, a subclass of int, is refused below
        return utc_from_epoch(value)
    if isinstance(value, str):
        return as_utc(datetime.fromisoformat(value.replace("Z", "+00:00")))
    raise TypeError(f"expected a timestamp, got {type(value).__name__}")


def write_aws_timestamp(value: datetime) -> int | float:
    """A timestamp as AWS JSON protocols send it: epoch seconds, with botocore's precision
    rule (whole seconds as an int, else the microseconds kept)."""
    # Integer arithmetic on the difference from the epoch: exact, and faster than timetuple().
    since_epoch = as_utc(value) - EPOCH
    seconds = since_epoch.days * 86_400 + since_epoch.seconds
    if since_epoch.microseconds:
        return (seconds * 10**6 + since_epoch.microseconds) / 10**6
    return seconds


AWS_CONVERTER = make_converter(
    wire_name=pascal_case,
    structure_datetime=read_aws_timestamp,
    unstructure_datetime=write_aws_timestamp,
    numbers_are_epoch_seconds=True,
)
"""The converter for AWS JSON wire shapes: PascalCase names, epoch-second timestamps."""
