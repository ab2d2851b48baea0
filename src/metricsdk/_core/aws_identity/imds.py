"""Credentials of an EC2 instance's role, from the instance metadata service (IMDS).

IMDSv2 first: a session token from ``PUT /latest/api/token``, sent with every read; IMDSv1
(no token) only when the service does not offer tokens and ``AWS_EC2_METADATA_V1_DISABLED``
allows it. Timeouts are short (1 s, one attempt: botocore's defaults), since off EC2 nothing
answers at all. The variables botocore reads are honoured: ``AWS_EC2_METADATA_DISABLED``,
``AWS_EC2_METADATA_SERVICE_ENDPOINT``, ``AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE``,
``AWS_EC2_METADATA_V1_DISABLED``, ``AWS_METADATA_SERVICE_TIMEOUT`` and
``AWS_METADATA_SERVICE_NUM_ATTEMPTS``.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Mapping
from typing import Any

import httpx

from metricsdk._core.aws_identity import fetch
from metricsdk._core.aws_identity.refresh import Refresher, RefreshingProvider
from metricsdk._core.aws_identity.sts import account_from_arn
from metricsdk._core.aws_identity.values import credentials_named, parse_expiry
from metricsdk._core.credentials import AwsCredentials
from metricsdk._core.error_mapping import error_class
from metricsdk.errors import (
    APIError,
    InvalidInputError,
    MalformedResponseError,
    MissingCredentialsError,
    TransportError,
)

__all__ = [
    "IMDS_DISABLED_PLACE",
    "InstanceMetadataProvider",
    "metadata_disabled",
    "metadata_source",
]

IPV4_ENDPOINT = "http://169.254.169.254"
IPV6_ENDPOINT = "http://[fd00:ec2::254]"
IMDS_DISABLED_PLACE = "EC2 instance metadata (disabled by AWS_EC2_METADATA_DISABLED)"
_TOKEN_TTL = "21600"
_ROLES = "/latest/meta-data/iam/security-credentials/"
_INFO = "/latest/meta-data/iam/info"
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout)
_TIMEOUT_VAR = "AWS_METADATA_SERVICE_TIMEOUT"


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() == "true"


def metadata_disabled(environ: Mapping[str, str]) -> bool:
    """Whether ``AWS_EC2_METADATA_DISABLED`` turns instance metadata off."""
    return _flag(environ.get("AWS_EC2_METADATA_DISABLED"))


def _whole(field: str, value: str | int | None, default: int) -> int:
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = 0
    if number < 1:
        raise InvalidInputError(field, "must be a whole number >= 1")
    return number


class _Unanswered(Exception):
    """An IMDS read that got no usable answer within its attempts."""

    def __init__(self, reply: fetch.Reply | None, error: TransportError | None) -> None:
        super().__init__("no answer")
        self.reply, self.error = reply, error


class InstanceMetadataProvider(RefreshingProvider):
    """Credentials of the EC2 instance's IAM role (its instance profile), from IMDS.

    Args:
        endpoint: the metadata service's base URL; else ``AWS_EC2_METADATA_SERVICE_ENDPOINT``,
            else ``http://169.254.169.254`` (or ``http://[fd00:ec2::254]`` in IPv6 mode).
        endpoint_mode: ``"ipv4"`` or ``"ipv6"``; else ``AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE``.
        v1_disabled: refuse IMDSv1; else ``AWS_EC2_METADATA_V1_DISABLED``.
        timeout: seconds per request; else ``AWS_METADATA_SERVICE_TIMEOUT``, else 1.
        attempts: tries per request; else ``AWS_METADATA_SERVICE_NUM_ATTEMPTS``, else 1.
        environ: the variables to read; the process environment by default.

    Attributes:
        identity (str): ``instance metadata <endpoint>``, the stable identity keying a shared pacer.
        account_id: ``None``: the account is learnt from IMDS at the first fetch, and carried
            by the credentials it answers.

    Raises:
        MissingCredentialsError: ``AWS_EC2_METADATA_DISABLED`` is ``true`` and no ``endpoint``
            was given.
        InvalidInputError: a setting is malformed.
    """

    def __init__(
        self,
        *,
        endpoint: str | None = None,
        endpoint_mode: str | None = None,
        v1_disabled: bool | None = None,
        timeout: float | None = None,
        attempts: int | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        env = os.environ if environ is None else environ
        if endpoint is None and metadata_disabled(env):
            raise MissingCredentialsError("credentials", [IMDS_DISABLED_PLACE])
        mode = (
            endpoint_mode or env.get("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE") or "ipv4"
        ).lower()
        if mode not in ("ipv4", "ipv6"):
            raise InvalidInputError(
                "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "must be ipv4 or ipv6"
            )
        base = endpoint or env.get("AWS_EC2_METADATA_SERVICE_ENDPOINT") or None
        if base is None:
            base = IPV6_ENDPOINT if mode == "ipv6" else IPV4_ENDPOINT
        try:
            parsed = httpx.URL(base)
        except (httpx.InvalidURL, ValueError):
            parsed = None
        if parsed is None or parsed.scheme not in ("http", "https") or not parsed.host:
            raise InvalidInputError(
                "AWS_EC2_METADATA_SERVICE_ENDPOINT", "must be an http:// or https:// URL"
            )
        self.endpoint = base.rstrip("/")
        self._v1_disabled = (
            v1_disabled
            if v1_disabled is not None
            else _flag(env.get("AWS_EC2_METADATA_V1_DISABLED"))
        )
        if timeout is None:
            seconds = float(_whole("AWS_METADATA_SERVICE_TIMEOUT", env.get(_TIMEOUT_VAR), 1))
        elif isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or timeout <= 0:
            raise InvalidInputError("timeout", "must be a positive number of seconds")
        else:
            seconds = float(timeout)
        self._timeout = httpx.Timeout(seconds)
        tries = attempts if attempts is not None else env.get("AWS_METADATA_SERVICE_NUM_ATTEMPTS")
        self._attempts = _whole("AWS_METADATA_SERVICE_NUM_ATTEMPTS", tries, 1)
        self.identity = f"instance metadata {self.endpoint}"
        self.account_id: str | None = None
        self._account: str | None = None
        self._refresher = Refresher(
            f"EC2 instance metadata at {self.endpoint}", self._fetch, self._fetch_async
        )

    # -- the calls ----------------------------------------------------------------------------

    def _token_call(self) -> fetch.Call:
        return fetch.Call(
            "imds",
            "GetToken",
            "PUT",
            self.endpoint + "/latest/api/token",
            (("x-aws-ec2-metadata-token-ttl-seconds", _TOKEN_TTL),),
            b"",
            self._timeout,
        )

    def _read_call(self, path: str, token: str | None) -> fetch.Call:
        headers = (("x-aws-ec2-metadata-token", token),) if token else ()
        return fetch.Call(
            "imds", "GetMetadata", "GET", self.endpoint + path, headers, b"", self._timeout
        )

    def _token_from(self, outcome: fetch.Reply | TransportError) -> str | None:
        """The IMDSv2 token, or ``None`` to fall back to IMDSv1 (as botocore does when the
        service refuses tokens or is slow to answer one)."""
        if isinstance(outcome, TransportError):
            if isinstance(outcome.__cause__, _NOT_SENT):
                raise outcome  # nothing listens there: no point in trying IMDSv1
            return None
        if outcome.status == 200 and outcome.body.strip():
            return outcome.body.decode("ascii", "replace").strip()
        if outcome.status == 400:
            raise InvalidInputError(
                "AWS_EC2_METADATA_SERVICE_ENDPOINT",
                f"{self.endpoint} refused the IMDSv2 token request (HTTP 400)",
            )
        return None

    def _check_version(self, token: str | None) -> None:
        if token is None and self._v1_disabled:
            raise InvalidInputError(
                "AWS_EC2_METADATA_V1_DISABLED",
                f"IMDSv1 is disabled and {self.endpoint} gave no IMDSv2 token; check the "
                "instance's metadata options (HttpTokens, HttpPutResponseHopLimit)",
            )

    @staticmethod
    def _usable(reply: fetch.Reply, json_body: bool) -> bool:
        if reply.status != 200 or not reply.body.strip():
            return False
        if not json_body:
            return True
        try:
            json.loads(reply.body)
        except ValueError:
            return False
        return True

    def _read(self, path: str, token: str | None, json_body: bool) -> fetch.Exchange[bytes]:
        """One metadata read, tried up to ``attempts`` times until its answer is usable."""
        last: fetch.Reply | None = None
        error: TransportError | None = None
        for _ in range(self._attempts):
            outcome = yield self._read_call(path, token)
            if isinstance(outcome, TransportError):
                error = outcome
                continue
            last = outcome
            if self._usable(last, json_body):
                return last.body
        raise _Unanswered(last, error)

    # -- fetching -----------------------------------------------------------------------------

    def _conversation(self) -> fetch.Exchange[AwsCredentials]:
        """The whole fetch, written once: a token, the role's name, its credentials and, once,
        the account; `_fetch` and `_fetch_async` only carry the calls."""
        token = self._token_from((yield self._token_call()))
        self._check_version(token)
        try:
            role = self._role((yield from self._read(_ROLES, token, json_body=False)))
            answer = yield from self._read(_ROLES + role, token, json_body=True)
        except _Unanswered as unanswered:
            raise self._unanswered(unanswered) from unanswered.error
        if self._account is None:
            # The account only helps pacing; the credentials work without it.
            with contextlib.suppress(_Unanswered):
                info = yield from self._read(_INFO, token, json_body=True)
                self._account = self._account_in(info)
        return self._credentials(answer)

    def _fetch(self) -> AwsCredentials:
        with fetch.session() as http:
            return fetch.exchange(http, self._conversation())

    async def _fetch_async(self) -> AwsCredentials:
        async with fetch.async_session() as http:
            return await fetch.exchange_async(http, self._conversation())

    # -- reading answers ----------------------------------------------------------------------

    def _role(self, body: bytes) -> str:
        role = body.decode("utf-8", "replace").strip().splitlines()[0].strip()
        if not role or "/" in role or not role.isprintable():
            raise MalformedResponseError(
                f"{self.endpoint} named no usable IAM role", status_code=200, service="imds"
            )
        return role

    def _unanswered(self, unanswered: _Unanswered) -> Exception:
        reply = unanswered.reply
        if reply is None and unanswered.error is not None:
            return unanswered.error
        if reply is not None and reply.status == 404:
            return MissingCredentialsError(
                "credentials",
                [
                    f"EC2 instance metadata at {self.endpoint} (no IAM role attached to this "
                    "instance: attach an instance profile)"
                ],
            )
        if reply is not None and reply.status != 200:
            cls = error_class(reply.status, "", {})
            error: APIError = cls(
                f"EC2 instance metadata at {self.endpoint} answered HTTP {reply.status}",
                status_code=reply.status,
                service="imds",
            )
            return error
        return MalformedResponseError(
            f"EC2 instance metadata at {self.endpoint} answered an empty or unreadable body",
            status_code=200,
            service="imds",
        )

    @staticmethod
    def _account_in(body: bytes) -> str | None:
        data = json.loads(body)
        arn = data.get("InstanceProfileArn") if isinstance(data, dict) else None
        return account_from_arn(arn) if isinstance(arn, str) else None

    def _credentials(self, body: bytes) -> AwsCredentials:
        data: Any = json.loads(body)
        where = f"EC2 instance metadata at {self.endpoint}"
        if not isinstance(data, dict) or data.get("Code", "Success") != "Success":
            code = data.get("Code") if isinstance(data, dict) else None
            raise InvalidInputError(
                "credentials",
                f"{where} refused the role's credentials (Code {code!s}); check that EC2 may "
                "assume the instance profile's role",
            )
        fields = [data.get(name) for name in ("AccessKeyId", "SecretAccessKey", "Token")]
        strings = [value for value in fields if isinstance(value, str) and value]
        expiry = parse_expiry(data.get("Expiration"))
        account = data.get("AccountId") if isinstance(data.get("AccountId"), str) else None
        if len(strings) != 3 or expiry is None:
            raise MalformedResponseError(
                f"{where} answered without AccessKeyId, SecretAccessKey, Token and Expiration",
                status_code=200,
                service="imds",
            )
        key_id, secret, token = strings
        try:
            return credentials_named(
                {}, key_id, secret, token, expiry=expiry, account_id=account or self._account
            )
        except InvalidInputError as refused:
            raise MalformedResponseError(
                f"{where} answered a bad {refused.field}", status_code=200, service="imds"
            ) from None

    def __repr__(self) -> str:
        return f"InstanceMetadataProvider(endpoint={self.endpoint!r})"


def metadata_source(
    environ: Mapping[str, str], profile: Mapping[str, str]
) -> InstanceMetadataProvider:
    """Instance metadata as the default chain and ``credential_source = Ec2InstanceMetadata``
    use it: each setting from its variable, else from the profile's key (botocore's names)."""
    if metadata_disabled(environ):  # whatever endpoint is configured, as in botocore
        raise MissingCredentialsError("credentials", [IMDS_DISABLED_PLACE])

    def setting(variable: str, key: str) -> str | None:
        return environ.get(variable) or profile.get(key) or None

    v1_disabled = setting("AWS_EC2_METADATA_V1_DISABLED", "ec2_metadata_v1_disabled")
    timeout = setting("AWS_METADATA_SERVICE_TIMEOUT", "metadata_service_timeout")
    attempts = setting("AWS_METADATA_SERVICE_NUM_ATTEMPTS", "metadata_service_num_attempts")
    try:
        return InstanceMetadataProvider(
            endpoint=setting("AWS_EC2_METADATA_SERVICE_ENDPOINT", "ec2_metadata_service_endpoint"),
            endpoint_mode=setting(
                "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "ec2_metadata_service_endpoint_mode"
            ),
            v1_disabled=None if v1_disabled is None else v1_disabled.lower() == "true",
            timeout=None if timeout is None else float(timeout),
            attempts=None if attempts is None else int(attempts),
            environ=environ,
        )
    except ValueError as bad:
        if isinstance(bad, InvalidInputError):
            raise
        raise InvalidInputError(
            "metadata_service_timeout", "timeout and attempts must be whole numbers"
        ) from None
