"""Credentials printed by an external command: the profile's ``credential_process``.

The command's standard output is JSON with ``Version`` 1, ``AccessKeyId``,
``SecretAccessKey`` and optionally ``SessionToken``, ``Expiration`` and ``AccountId`` (the
format the AWS CLI documents). Without ``Expiration`` the credentials are kept for good.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Sequence

from metricsdk._core.aws_identity.refresh import Refresher, RefreshingProvider, call_in_thread
from metricsdk._core.aws_identity.values import credentials_named, parse_expiry
from metricsdk._core.credentials import AwsCredentials
from metricsdk.errors import InvalidInputError

__all__ = ["ProcessProvider"]

DEFAULT_TIMEOUT = 60.0
"""Seconds a credential process may run: it must not prompt, and a hung one must not hold up
every thread waiting for credentials."""


def _split(command: str) -> list[str]:
    # botocore splits the command as the platform's shell would, and never runs a shell.
    import shlex

    if sys.platform == "win32":
        return command.split()
    return shlex.split(command)


class ProcessProvider(RefreshingProvider):
    """Credentials from an external command (``credential_process`` in a profile).

    The command runs without a shell, on first use and again ahead of the credentials'
    expiry; async clients run it in a worker thread.

    Args:
        command: the command line, split as a POSIX shell would split it.
        account_id: the account, if known (``aws_account_id`` in the profile); the command's
            ``AccountId`` is used otherwise.
        timeout: seconds the command may run.
        description: how errors name this source.

    Attributes:
        account_id (str | None): the account, when configured.
        identity (str): ``credential_process <digest of the command>``, the stable identity keying
            a shared pacer.
    """

    def __init__(
        self,
        command: str | Sequence[str],
        *,
        account_id: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        description: str | None = None,
    ) -> None:
        if isinstance(command, str):
            try:
                argv = _split(command)
            except ValueError:
                raise InvalidInputError(
                    "credential_process", "cannot be split into arguments (check its quotes)"
                ) from None
        else:
            argv = list(command)
        if not argv or not all(isinstance(part, str) and part for part in argv):
            raise InvalidInputError("credential_process", "must name a command to run")
        if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or timeout <= 0:
            raise InvalidInputError("timeout", "must be a positive number of seconds")
        self._argv = argv
        self._timeout = float(timeout)
        self.account_id = account_id
        # The command line may carry a secret of its own: the identity keeps only a digest.
        digest = hashlib.sha256("\0".join(argv).encode()).hexdigest()[:16]
        self.identity = f"credential_process {digest}"
        self._description = description or f"credential_process {argv[0]}"
        self._refresher = Refresher(self._description, self._run, self._run_async)

    def _failure(self, what: str) -> InvalidInputError:
        # Never the command's output: it is where the secrets are.
        return InvalidInputError("credential_process", f"{self._description} {what}")

    def _run(self) -> AwsCredentials:
        import subprocess  # only when a process is configured

        try:
            finished = subprocess.run(
                self._argv,
                capture_output=True,
                timeout=self._timeout,
                check=False,
                stdin=subprocess.DEVNULL,
            )
        except FileNotFoundError:
            raise self._failure("was not found: check the command's path") from None
        except subprocess.TimeoutExpired:
            raise self._failure(f"did not finish within {self._timeout:g} s") from None
        except OSError as exc:
            raise self._failure(f"could not be started ({exc.strerror})") from None
        if finished.returncode != 0:
            raise self._failure(
                f"exited with status {finished.returncode}; run it yourself to see its error"
            )
        return self._parse(finished.stdout)

    async def _run_async(self) -> AwsCredentials:
        result: AwsCredentials = await call_in_thread(self._run)
        return result

    def _parse(self, output: bytes) -> AwsCredentials:
        try:
            data = json.loads(output)
        except ValueError:
            raise self._failure("did not print JSON") from None
        if not isinstance(data, dict):
            raise self._failure("did not print a JSON object")
        if data.get("Version") != 1:
            raise self._failure("printed an unsupported Version (only 1 is supported)")
        missing = [name for name in ("AccessKeyId", "SecretAccessKey") if not data.get(name)]
        if missing:
            raise self._failure("printed no " + " or ".join(missing))
        expiry = None
        if data.get("Expiration") is not None:
            expiry = parse_expiry(data["Expiration"])
            if expiry is None:
                raise self._failure("printed an Expiration that is not an ISO 8601 time")
        names = {
            "access_key_id": "credential_process AccessKeyId",
            "secret_access_key": "credential_process SecretAccessKey",
            "session_token": "credential_process SessionToken",
            "account_id": "credential_process AccountId",
        }
        for name in ("AccessKeyId", "SecretAccessKey", "SessionToken", "AccountId"):
            if data.get(name) is not None and not isinstance(data[name], str):
                raise self._failure(f"printed a {name} that is not a string")
        return credentials_named(
            names,
            data["AccessKeyId"],
            data["SecretAccessKey"],
            data.get("SessionToken") or None,
            expiry=expiry,
            account_id=data.get("AccountId") or self.account_id,
        )

    def __repr__(self) -> str:
        return f"ProcessProvider({self._argv[0]!r})"
