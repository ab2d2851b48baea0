"""The access keys the emulator accepts: its fixed key, and the temporary keys it issued (from
STS, SSO, instance metadata or the container endpoint), each with its session token, expiry
and account."""

from __future__ import annotations

import itertools
import secrets
import threading
import time
from collections.abc import Callable, Mapping

import attrs

from metricsdk.testing._emulator.sigv4_verify import SignatureProblem

__all__ = ["DEFAULT_LIFETIME", "Issued", "KeyRing"]

DEFAULT_LIFETIME = 3600.0
"""Seconds issued credentials live unless the emulator or the request says otherwise."""


@attrs.frozen
class Issued:
    """Temporary credentials the emulator handed out.

    Attributes:
        access_key_id: the ``ASIA...`` key id.
        secret_access_key: the secret.
        session_token: the token that must accompany every request signed with the key.
        expires: when they stop working (``time.time()`` seconds).
        account_id: the account they belong to.
    """

    access_key_id: str
    secret_access_key: str
    session_token: str
    expires: float
    account_id: str

    def expiration(self) -> str:
        """The expiry in ISO 8601, UTC, with milliseconds (AWS writes whole seconds, but its
        lifetimes are minutes long; the emulator's may be a second, so it keeps the fraction
        it checks against)."""
        whole = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(self.expires))
        return f"{whole}.{int(self.expires * 1000) % 1000:03d}Z"


class KeyRing(dict[str, str]):
    """Access key id -> secret, as the SigV4 verifier reads it, plus what was issued.

    A dict so the services that verify signatures take it unchanged; the temporary keys are
    added to it when issued, and `session_problem` tells whether a request's session token
    matches and is still valid.
    """

    def __init__(
        self,
        fixed: Mapping[str, str],
        *,
        lifetime: float | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__(fixed)
        self.lifetime = lifetime
        self._clock = clock
        self._issued: dict[str, Issued] = {}
        self._numbers = itertools.count(1)
        self._lock = threading.Lock()

    def issue(self, account_id: str, requested: float | None = None) -> Issued:
        """New temporary credentials for ``account_id``, living the emulator's
        ``credential_lifetime`` if set, else ``requested``, else an hour."""
        lifetime = self.lifetime if self.lifetime is not None else (requested or DEFAULT_LIFETIME)
        with self._lock:
            number = next(self._numbers)
        issued = Issued(
            access_key_id=f"ASIAEMULATOR{number:08d}",
            secret_access_key=secrets.token_urlsafe(30),
            session_token="emulator-session-" + secrets.token_urlsafe(48),
            # Kept to the millisecond written in answers, so both sides agree on the instant.
            expires=int((self._clock() + lifetime) * 1000) / 1000,
            account_id=account_id,
        )
        with self._lock:
            self._issued[issued.access_key_id] = issued
            self[issued.access_key_id] = issued.secret_access_key
        return issued

    def issued(self) -> list[Issued]:
        """Every set of credentials issued so far, oldest first."""
        with self._lock:
            return list(self._issued.values())

    def quota_owner(self, access_key_id: str) -> str:
        """Whose quota a call signed with ``access_key_id`` spends: the account of an issued
        key (all the keys a role is given share it), else the fixed key itself."""
        issued = self._issued.get(access_key_id)
        return access_key_id if issued is None else f"account:{issued.account_id}"

    def session_problem(self, access_key_id: str, token: str | None) -> SignatureProblem | None:
        """Why a request signed with ``access_key_id`` and carrying ``token`` must be refused,
        or ``None``. Fixed keys need no token; issued ones need theirs, unexpired."""
        issued = self._issued.get(access_key_id)
        if issued is None:
            return None
        if token is None or not secrets.compare_digest(token, issued.session_token):
            return SignatureProblem(
                "UnrecognizedClientException",
                "The security token included in the request is invalid",
            )
        if self._clock() >= issued.expires:
            return SignatureProblem(
                "ExpiredTokenException", "The security token included in the request is expired"
            )
        return None
