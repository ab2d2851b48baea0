"""The AWS credential value type."""

from __future__ import annotations

import attrs

__all__ = ["AwsCredentials"]


def _non_empty(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    from metricsdk.errors import InvalidInputError

    if not isinstance(value, str) or not value:
        raise InvalidInputError(attribute.name, "must be a non-empty string")


@attrs.frozen(repr=False)
class AwsCredentials:
    """An AWS access key pair, with an optional session token.

    The secret and the token never appear in ``repr`` or ``str``: only the access key id does,
    which AWS treats as an identifier, not a secret.

    Attributes:
        access_key_id: the access key id (``AKIA...`` or ``ASIA...``).
        secret_access_key: the secret access key.
        session_token: the session token of temporary credentials, if any.
    """

    access_key_id: str = attrs.field(validator=_non_empty)
    secret_access_key: str = attrs.field(validator=_non_empty)
    session_token: str | None = None

    def __repr__(self) -> str:
        token = ", session_token=<hidden>" if self.session_token else ""
        return (
            f"AwsCredentials(access_key_id={self.access_key_id!r}, "
            f"secret_access_key=<hidden>{token})"
        )

    __str__ = __repr__
