"""How the emulated services admit calls: the ``weight`` and ``admit`` halves of `Service`.

Every service counts its callers the same way, a `SlidingWindow` each, made on first use; they
differ only in their limits and in who counts as one caller (a token, an access key, an AWS
account). The services mix in one of the classes here rather than each keeping its own table
of windows.
"""

from __future__ import annotations

import threading

from metricsdk.testing._emulator.keyring import KeyRing
from metricsdk.testing._emulator.window import SlidingWindow
from metricsdk.testing._emulator.wire import Incoming

__all__ = ["CallerWindows", "PerAccountLimit", "PerCallerLimit", "Unlimited"]


class CallerWindows:
    """One `SlidingWindow` of ``calls`` calls and ``units`` units a second per caller; with
    neither limit set, every call is admitted."""

    def __init__(self, calls: int | None, units: int | None = None) -> None:
        self._limits = (calls, units)
        self._windows: dict[str, SlidingWindow] = {}
        self._lock = threading.Lock()

    def admit(self, caller: str, now: float, weight: int = 1) -> bool:
        """Whether ``caller``'s window lets a call of ``weight`` units through at ``now``."""
        if self._limits == (None, None):
            return True
        with self._lock:
            window = self._windows.setdefault(caller, SlidingWindow(*self._limits))
        return window.admit(now, weight)


class Unlimited:
    """A service no rate limit applies to (the credential endpoints): each call is one unit and
    every call is admitted."""

    def weight(self, request: Incoming, operation: str) -> int:
        return 1

    def admit(self, identity: str, weight: int, now: float) -> bool:
        return True


class PerCallerLimit(Unlimited):
    """A service whose ``_windows`` limit each caller (token, user, access key) on its own."""

    _windows: CallerWindows

    def admit(self, identity: str, weight: int, now: float) -> bool:
        return self._windows.admit(self._caller(identity), now, weight)

    def _caller(self, identity: str) -> str:
        return identity


class PerAccountLimit(PerCallerLimit):
    """An AWS service whose quota is the account's: the temporary keys the emulator issued for
    one account (``_secrets``, a `KeyRing`) share its window."""

    _secrets: dict[str, str]

    def _caller(self, identity: str) -> str:
        secrets = self._secrets
        return secrets.quota_owner(identity) if isinstance(secrets, KeyRing) else identity
