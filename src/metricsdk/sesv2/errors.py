"""The errors SES v2 documents for ``BatchGetMetricData``, under the core classes."""

from __future__ import annotations

from metricsdk.errors import (
    APIError,
    BadRequestError,
    NotFoundError,
    ServerError,
    ThrottlingError,
)

__all__ = [
    "BadRequestException",
    "InternalServiceErrorException",
    "NotFoundException",
    "TooManyRequestsException",
]


class BadRequestException(BadRequestError):
    """SES v2: the input was invalid (HTTP 400)."""


class NotFoundException(NotFoundError):
    """SES v2: the resource does not exist (HTTP 404)."""


class TooManyRequestsException(ThrottlingError):
    """SES v2: too many requests (HTTP 429); retried, and it slows the pacer."""


class InternalServiceErrorException(ServerError):
    """SES v2: the service failed (HTTP 500)."""


DOCUMENTED_ERRORS: dict[str, type[APIError]] = {
    cls.__name__: cls
    for cls in (
        BadRequestException,
        NotFoundException,
        TooManyRequestsException,
        InternalServiceErrorException,
    )
}
