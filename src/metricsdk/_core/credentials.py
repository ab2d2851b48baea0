"""The AWS credential value type, and the protocol every credential provider follows."""

from __future__ import annotations

from collections.abc import Hashable
from datetime import datetime, timezone
from typing import Any, Protocol, runtime_checkable

import attrs

__all__ = ["AwsCredentials", "CredentialProvider", "pacing_identity"]

_HEADER_SAFE_RULE = (
    "must be printable ASCII (no CR, LF, NUL or other control characters, no non-ASCII "
    "characters): it is sent in an HTTP header"
)


def _invalid(field: str, rule: str) -> Exception:
    from metricsdk.errors import InvalidInputError  # errors imports nothing of ours; kept local

    return InvalidInputError(field, rule)


def _header_safe(value: object, field: str) -> None:
    # Checked here, once, rather than at signing time: a key with CR/LF would reach the HTTP
    # layer (and be retried), a non-ASCII one would raise a bare UnicodeEncodeError mid-call.
    # The value itself never goes into the message: it may be a secret.
    if not isinstance(value, str) or not value:
        raise _invalid(field, "must be a non-empty string")
    if not (value.isascii() and value.isprintable()):
        raise _invalid(field, _HEADER_SAFE_RULE)


def _required_key(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    _header_safe(value, attribute.name)


def _optional_token(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None:
        _header_safe(value, attribute.name)


def _aware_expiry(value: Any) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, datetime):
        raise _invalid("expiry", f"must be a datetime or None, got {type(value).__name__}")
    if value.tzinfo is None:  # a naive datetime is taken as UTC, as everywhere in metricsdk
        return value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


def _account(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is None:
        return
    if not (isinstance(value, str) and len(value) == 12 and value.isascii() and value.isdigit()):
        raise _invalid("account_id", "must be the 12-digit AWS account id")


@attrs.frozen(repr=False)
class AwsCredentials:
    """An AWS access key pair, with an optional session token, expiry and account id.

    The secret and the token never appear in ``repr`` or ``str``: only the access key id does,
    which AWS treats as an identifier, not a secret. All three must be printable ASCII: a
    value with a line break, a NUL or a non-ASCII character is refused here, naming the field
    (never the value), before it could reach an HTTP header.

    Attributes:
        access_key_id: the access key id (``AKIA...`` or ``ASIA...``).
        secret_access_key: the secret access key.
        session_token: the session token of temporary credentials, if any.
        expiry: when temporary credentials stop working (timezone-aware UTC; a naive
            datetime is taken as UTC), or ``None`` for keys that do not expire.
        account_id: the 12-digit AWS account the keys belong to, when known. Clients use it
            to share one pacer per account and region.
    """

    access_key_id: str = attrs.field(validator=_required_key)
    secret_access_key: str = attrs.field(validator=_required_key)
    session_token: str | None = attrs.field(default=None, validator=_optional_token)
    expiry: datetime | None = attrs.field(default=None, kw_only=True, converter=_aware_expiry)
    account_id: str | None = attrs.field(default=None, kw_only=True, validator=_account)

    def __repr__(self) -> str:
        token = ", session_token=<hidden>" if self.session_token else ""
        expiry = f", expiry={self.expiry.isoformat()!r}" if self.expiry else ""
        account = f", account_id={self.account_id!r}" if self.account_id else ""
        return (
            f"AwsCredentials(access_key_id={self.access_key_id!r}, "
            f"secret_access_key=<hidden>{token}{expiry}{account})"
        )

    __str__ = __repr__


@runtime_checkable
class CredentialProvider(Protocol):
    """Anything that hands out AWS credentials: pass one as ``credentials=`` to a client.

    Clients ask at every attempt, so a provider whose credentials expire should answer from
    a cache and fetch fresh ones ahead of expiry; the providers in `metricsdk.credentials`
    do, with one fetch in flight however many threads or tasks ask.

    A provider may also offer two attributes, used to key the pacer an account shares:
    ``account_id`` (the 12-digit account, when known without a fetch) and ``identity`` (a
    stable, secret-free description of the source, such as a role ARN).
    """

    def load(self) -> AwsCredentials:
        """Credentials valid for the next request (blocking the calling thread if it must
        fetch them)."""
        ...

    async def load_async(self) -> AwsCredentials:
        """Credentials valid for the next request, fetched without blocking the event loop."""
        ...


def pacing_identity(source: AwsCredentials | CredentialProvider) -> Hashable:
    """What the shared pacer of a client is keyed by: the account when known, else a stable
    identity of the source, never an access key id that rotates.

    Static keys never rotate, so without an account id their access key id is the identity.
    """
    if isinstance(source, AwsCredentials):
        if source.account_id:
            return ("account", source.account_id)
        return ("access-key", source.access_key_id)
    account = getattr(source, "account_id", None)
    if isinstance(account, str) and account:
        return ("account", account)
    identity = getattr(source, "identity", None)
    if isinstance(identity, str) and identity:
        return ("source", identity)
    # A provider of the caller's own: clients given the same object share a pacer.
    return ("provider", id(source))
