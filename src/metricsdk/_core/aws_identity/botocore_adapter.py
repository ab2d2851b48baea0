"""Credentials from a botocore (or boto3) session, for sources metricsdk does not read itself.

botocore is imported only when this adapter is built without a session; it is never a
dependency of metricsdk. botocore refreshes its own credentials; this adapter asks it at every
attempt, in a worker thread for async callers whenever botocore may have to fetch.
"""

from __future__ import annotations

import importlib
from typing import Any

from metricsdk._core.aws_identity.refresh import call_in_thread
from metricsdk._core.aws_identity.values import credentials_named
from metricsdk._core.credentials import AwsCredentials
from metricsdk.errors import InvalidInputError, MissingCredentialsError

__all__ = ["BotocoreProvider"]


class BotocoreProvider:
    """Credentials from a ``botocore.session.Session`` or a ``boto3.Session``.

    Args:
        session: the session; a new botocore session (default chain, default profile) when
            ``None``, which needs botocore installed.

    Attributes:
        identity (str): ``botocore profile <name>``, the stable identity keying a shared pacer.
        account_id: ``None``: known only once botocore has resolved the credentials.
    """

    def __init__(self, session: Any = None) -> None:
        if session is None:
            try:
                botocore_session = importlib.import_module("botocore.session")
            except ImportError:
                raise InvalidInputError(
                    "session", "BotocoreProvider() without a session needs botocore installed"
                ) from None
            session = botocore_session.get_session()
        if not callable(getattr(session, "get_credentials", None)):
            raise InvalidInputError("session", "must be a botocore or boto3 session")
        self._session = session
        self._credentials: Any = None
        profile = getattr(session, "profile_name", None) or getattr(session, "profile", None)
        self.identity = f"botocore profile {profile or 'default'}"
        self.account_id: str | None = None

    def _resolved(self) -> Any:
        if self._credentials is None:
            self._credentials = self._session.get_credentials()
            if self._credentials is None:
                raise MissingCredentialsError("credentials", ["the botocore session's chain"])
        return self._credentials

    def load(self) -> AwsCredentials:
        """botocore's current credentials (botocore refreshes them as it sees fit)."""
        frozen = self._resolved().get_frozen_credentials()
        return credentials_named(
            {},
            frozen.access_key,
            frozen.secret_key,
            frozen.token or None,
            account_id=getattr(frozen, "account_id", None) or None,
        )

    async def load_async(self) -> AwsCredentials:
        """As `load`; in a worker thread unless botocore's credentials are fresh, since a
        botocore refresh blocks."""
        found = self._credentials
        fresh = found is not None and not getattr(found, "refresh_needed", lambda: False)()
        if fresh:
            return self.load()
        loaded: AwsCredentials = await call_in_thread(self.load)
        return loaded

    def __repr__(self) -> str:
        return f"BotocoreProvider({self.identity!r})"
