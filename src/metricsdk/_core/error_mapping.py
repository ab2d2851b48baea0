"""Choosing the exception class for an error answer: by documented code, then throttling code,
then HTTP status. Shared by every wire protocol."""

from __future__ import annotations

from collections.abc import Mapping

from metricsdk._core.retry import is_throttling_code
from metricsdk.errors import (
    APIError,
    AuthenticationError,
    BadRequestError,
    NotFoundError,
    PermissionDeniedError,
    ServerError,
    ThrottlingError,
)

__all__ = ["error_class"]

_BY_STATUS: Mapping[int, type[APIError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    429: ThrottlingError,
}


def error_class(status: int, code: str, known: Mapping[str, type[APIError]]) -> type[APIError]:
    """The exception class for an error answer.

    Args:
        status: the HTTP status.
        code: the service's error code ('' when it sent none).
        known: the service's documented codes and their classes; they win over the rest.
    """
    documented = known.get(code)
    if documented is not None:
        return documented
    if is_throttling_code(code):
        return ThrottlingError
    if status >= 500:
        return ServerError
    return _BY_STATUS.get(status, APIError)
