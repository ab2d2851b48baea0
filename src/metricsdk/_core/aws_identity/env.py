"""Credentials from the environment: ``AWS_ACCESS_KEY_ID``, ``AWS_SECRET_ACCESS_KEY`` and
``AWS_SESSION_TOKEN``, as botocore reads them (also ``AWS_SECURITY_TOKEN``,
``AWS_CREDENTIAL_EXPIRATION`` and ``AWS_ACCOUNT_ID``)."""

from __future__ import annotations

import os
from collections.abc import Mapping

from metricsdk._core.aws_identity.refresh import Refresher
from metricsdk._core.aws_identity.values import credentials_named, parse_expiry
from metricsdk._core.credentials import AwsCredentials
from metricsdk.errors import InvalidInputError, MissingCredentialsError

__all__ = ["ENVIRONMENT_PLACE", "EnvironmentProvider", "environment_source", "read_environment"]

ENVIRONMENT_PLACE = "environment AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY"
_NAMES = {
    "access_key_id": "AWS_ACCESS_KEY_ID",
    "secret_access_key": "AWS_SECRET_ACCESS_KEY",
    "session_token": "AWS_SESSION_TOKEN",
    "account_id": "AWS_ACCOUNT_ID",
}


def read_environment(environ: Mapping[str, str]) -> AwsCredentials:
    """The credentials the environment holds now.

    Raises:
        MissingCredentialsError: ``AWS_ACCESS_KEY_ID`` is not set.
        InvalidInputError: it is, but ``AWS_SECRET_ACCESS_KEY`` is not (botocore refuses such
            a half pair too, rather than silently using another source), or a value is bad.
    """
    key_id = environ.get("AWS_ACCESS_KEY_ID", "")
    if not key_id:
        raise MissingCredentialsError("credentials", [ENVIRONMENT_PLACE])
    secret = environ.get("AWS_SECRET_ACCESS_KEY", "")
    if not secret:
        raise InvalidInputError(
            "AWS_SECRET_ACCESS_KEY",
            "is not set although AWS_ACCESS_KEY_ID is: set both, or unset AWS_ACCESS_KEY_ID "
            "to use another source",
        )
    # botocore's order: the older AWS_SECURITY_TOKEN wins when both are set.
    token = environ.get("AWS_SECURITY_TOKEN") or environ.get("AWS_SESSION_TOKEN") or None
    expiry = None
    expiration = environ.get("AWS_CREDENTIAL_EXPIRATION", "")
    if expiration:
        expiry = parse_expiry(expiration)
        if expiry is None:
            raise InvalidInputError(
                "AWS_CREDENTIAL_EXPIRATION", "must be an ISO 8601 time, e.g. 2026-01-02T03:04:05Z"
            )
    return credentials_named(
        _NAMES,
        key_id,
        secret,
        token,
        expiry=expiry,
        account_id=environ.get("AWS_ACCOUNT_ID") or None,
    )


class EnvironmentProvider:
    """Credentials from ``AWS_ACCESS_KEY_ID``, ``AWS_SECRET_ACCESS_KEY`` and
    ``AWS_SESSION_TOKEN`` (or ``AWS_SECURITY_TOKEN``).

    When ``AWS_CREDENTIAL_EXPIRATION`` is set too, the variables are read again ahead of that
    time, for a parent process that rotates them. ``AWS_ACCOUNT_ID`` gives the account.

    Args:
        environ: the variables to read; the process environment by default.

    Raises:
        MissingCredentialsError: ``AWS_ACCESS_KEY_ID`` is not set.
        InvalidInputError: the secret is missing, or a value is malformed.
    """

    identity = "environment"

    def __init__(self, *, environ: Mapping[str, str] | None = None) -> None:
        self._environ = os.environ if environ is None else environ
        first = read_environment(self._environ)
        self.account_id = first.account_id
        self._static = first if first.expiry is None else None
        self._refresher = Refresher(
            "the environment (AWS_ACCESS_KEY_ID...)", self._read, self._read_async
        )

    def _read(self) -> AwsCredentials:
        return read_environment(self._environ)

    async def _read_async(self) -> AwsCredentials:
        return read_environment(self._environ)

    def load(self) -> AwsCredentials:
        """The environment's credentials (read again ahead of their expiry, if any)."""
        if self._static is not None:
            return self._static
        return self._refresher.get()

    async def load_async(self) -> AwsCredentials:
        """As `load`; reading the environment never blocks."""
        if self._static is not None:
            return self._static
        return await self._refresher.get_async()

    def __repr__(self) -> str:
        return "EnvironmentProvider()"


def environment_source(environ: Mapping[str, str]) -> AwsCredentials | EnvironmentProvider:
    """The environment's keys as they are when they do not expire (signing then needs no
    provider at all), else a provider that reads them again ahead of expiry."""
    provider = EnvironmentProvider(environ=environ)
    return provider._static if provider._static is not None else provider
