from __future__ import annotations

import pickle

import pytest

from metricsdk import errors
from metricsdk.errors import (
    APIError,
    InvalidInputError,
    MissingCredentialsError,
    ServerError,
    ThrottlingError,
    TransportError,
)


def test_hierarchy_matches_the_design() -> None:
    assert issubclass(errors.InvalidInputError, ValueError)
    for name in (
        "ThrottlingError",
        "BadRequestError",
        "AuthenticationError",
        "PermissionDeniedError",
        "NotFoundError",
        "QuotaExceededError",
        "ServerError",
        "MalformedResponseError",
    ):
        assert issubclass(getattr(errors, name), APIError), name
    for base in (InvalidInputError, TransportError, APIError):
        assert issubclass(base, errors.SDKError)


def test_invalid_input_names_field_and_rule() -> None:
    exc = InvalidInputError("queries[3].id", "must have 1 to 255 characters")
    assert str(exc) == "queries[3].id: must have 1 to 255 characters"
    assert (exc.field, exc.rule) == ("queries[3].id", "must have 1 to 255 characters")


def test_missing_credentials_lists_where_it_looked() -> None:
    exc = MissingCredentialsError("credentials", ["env AWS_ACCESS_KEY_ID", "~/.aws/credentials"])
    assert "env AWS_ACCESS_KEY_ID" in str(exc) and "~/.aws/credentials" in str(exc)


def test_api_error_str_and_defaults() -> None:
    exc = ThrottlingError(
        "slow down",
        status_code=429,
        code="TooManyRequestsException",
        request_id="r-1",
        service="sesv2",
    )
    assert str(exc) == "sesv2 HTTP 429 TooManyRequestsException: slow down (request id r-1)"
    assert exc.retryable is True
    assert ServerError("x", status_code=500).retryable is True
    assert APIError("x", status_code=418).retryable is False


@pytest.mark.parametrize(
    "exc",
    [
        InvalidInputError("a", "b"),
        MissingCredentialsError("credentials", ["here", "there"]),
        TransportError("boom", service="sesv2", operation="Op"),
        ThrottlingError(
            "m",
            status_code=429,
            code="c",
            request_id="r",
            service="s",
            retry_after=1.5,
            details=[{"k": "v"}],
        ),
    ],
)
def test_errors_survive_pickling(exc: Exception) -> None:
    clone = pickle.loads(pickle.dumps(exc))
    assert type(clone) is type(exc)
    assert str(clone) == str(exc)
    assert vars(clone) == vars(exc)
