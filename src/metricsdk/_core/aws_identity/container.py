"""Credentials from the container credentials endpoint: ECS and Fargate task roles
(``AWS_CONTAINER_CREDENTIALS_RELATIVE_URI``), EKS Pod Identity and Lambda SnapStart
(``AWS_CONTAINER_CREDENTIALS_FULL_URI`` with an authorization token).

A full URI is accepted only for https, a loopback address, or the link-local addresses ECS
and EKS use, as botocore allows: the answer is a set of credentials, and a plain-http URI
anywhere else would hand them to whoever sits on the path.
"""

from __future__ import annotations

import ipaddress
import json
import os
import time
from collections.abc import Mapping
from pathlib import Path

import httpx

from metricsdk._core.aws_identity import fetch
from metricsdk._core.aws_identity.refresh import Refresher, RefreshingProvider
from metricsdk._core.aws_identity.values import credentials_named, parse_expiry
from metricsdk._core.credentials import AwsCredentials
from metricsdk._core.error_mapping import error_class
from metricsdk.errors import (
    InvalidInputError,
    MalformedResponseError,
    MissingCredentialsError,
    ServerError,
    ThrottlingError,
    TransportError,
)

__all__ = ["CONTAINER_PLACE", "ContainerProvider"]

CONTAINER_PLACE = (
    "environment AWS_CONTAINER_CREDENTIALS_RELATIVE_URI/AWS_CONTAINER_CREDENTIALS_FULL_URI"
)
ECS_HOST = "169.254.170.2"
_ALLOWED_HOSTS = frozenset({ECS_HOST, "169.254.170.23", "fd00:ec2::23", "localhost"})
# botocore's ContainerMetadataFetcher: 2 s per attempt, 3 attempts, 1 s apart.
_TIMEOUT = httpx.Timeout(2.0)
_ATTEMPTS = 3
_PAUSE = 1.0


def _allowed(url: httpx.URL) -> bool:
    if url.scheme == "https":
        return True
    if url.scheme != "http":
        return False
    if url.host in _ALLOWED_HOSTS:
        return True
    try:
        return ipaddress.ip_address(url.host).is_loopback
    except ValueError:
        return False


class ContainerProvider(RefreshingProvider):
    """Credentials from the container credentials endpoint of ECS, Fargate, EKS Pod Identity
    or Lambda, as the environment there describes it.

    Reads ``AWS_CONTAINER_CREDENTIALS_RELATIVE_URI`` (on ``http://169.254.170.2``), else
    ``AWS_CONTAINER_CREDENTIALS_FULL_URI``, with the token in
    ``AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE`` (re-read at every fetch) or
    ``AWS_CONTAINER_AUTHORIZATION_TOKEN``.

    Args:
        environ: the variables to read; the process environment by default.

    Attributes:
        identity (str): ``container <URL>``, the stable identity keying a shared pacer.
        account_id: ``None``: the account is known only from an answer (whose credentials
            carry it), and the pacer a client shares is chosen before the first fetch.

    Raises:
        MissingCredentialsError: neither URI variable is set.
        InvalidInputError: a full URI that is neither https, loopback nor ECS/EKS link-local.
    """

    def __init__(self, *, environ: Mapping[str, str] | None = None) -> None:
        env = os.environ if environ is None else environ
        relative = env.get("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")
        full = env.get("AWS_CONTAINER_CREDENTIALS_FULL_URI")
        if relative:
            url, field = f"http://{ECS_HOST}{relative}", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"
        elif full:
            url, field = full, "AWS_CONTAINER_CREDENTIALS_FULL_URI"
        else:
            raise MissingCredentialsError("credentials", [CONTAINER_PLACE])
        try:
            parsed = httpx.URL(url)
        except (httpx.InvalidURL, ValueError):
            raise InvalidInputError(field, "is not a valid URL") from None
        if not parsed.host or not _allowed(parsed):
            raise InvalidInputError(
                field,
                "must be https, or http to a loopback address or to 169.254.170.2, "
                "169.254.170.23 or fd00:ec2::23",
            )
        self.url = str(parsed)
        self._token_file = env.get("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE") or None
        self._token = env.get("AWS_CONTAINER_AUTHORIZATION_TOKEN") or None
        self.identity = f"container {parsed.copy_with(query=None)}"
        self.account_id: str | None = None
        self._refresher = Refresher(
            f"the container credentials endpoint {parsed.host}", self._fetch, self._fetch_async
        )

    def _authorization(self) -> str | None:
        if self._token_file:
            try:
                token = Path(self._token_file).read_text(encoding="utf-8").strip()
            except (OSError, UnicodeDecodeError):
                raise InvalidInputError(
                    "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
                    f"{self._token_file} cannot be read; check the token's volume mount",
                ) from None
            field = "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"
        elif self._token:
            token, field = self._token, "AWS_CONTAINER_AUTHORIZATION_TOKEN"
        else:
            return None
        if not token or not (token.isascii() and token.isprintable()):
            raise InvalidInputError(field, "must be a printable ASCII token (no line breaks)")
        return token

    def _call(self) -> fetch.Call:
        headers = [("accept", "application/json")]
        token = self._authorization()
        if token is not None:
            headers.append(("authorization", token))
        return fetch.Call(
            "container-credentials",
            "GetCredentials",
            "GET",
            self.url,
            tuple(headers),
            b"",
            _TIMEOUT,
        )

    def _fetch(self) -> AwsCredentials:
        call = self._call()
        with fetch.session() as http:
            for attempt in range(1, _ATTEMPTS + 1):
                try:
                    return self._parse(fetch.send(http, call))
                except (TransportError, ServerError, ThrottlingError):
                    if attempt == _ATTEMPTS:
                        raise
                time.sleep(_PAUSE)
        raise AssertionError("unreachable")  # pragma: no cover

    async def _fetch_async(self) -> AwsCredentials:
        import asyncio

        call = self._call()
        async with fetch.async_session() as http:
            for attempt in range(1, _ATTEMPTS + 1):
                try:
                    return self._parse(await fetch.send_async(http, call))
                except (TransportError, ServerError, ThrottlingError):
                    if attempt == _ATTEMPTS:
                        raise
                await asyncio.sleep(_PAUSE)
        raise AssertionError("unreachable")  # pragma: no cover

    def _parse(self, reply: fetch.Reply) -> AwsCredentials:
        where = f"container credentials endpoint {self.url.split('?', 1)[0]}"
        try:
            data = json.loads(reply.body)
        except ValueError:
            data = None
        if reply.status != 200:
            message = data.get("message") if isinstance(data, dict) else None
            detail = f": {message}" if isinstance(message, str) else ""
            cls = error_class(reply.status, "", {})
            raise cls(
                f"{where} answered HTTP {reply.status}{detail}; check the task role, or the "
                "pod identity association and its token",
                status_code=reply.status,
                service="container-credentials",
            )
        if not isinstance(data, dict):
            raise MalformedResponseError(
                f"{where} answered something other than a JSON object",
                status_code=reply.status,
                service="container-credentials",
            )
        return self._credentials(data, reply.status, where)

    def _credentials(self, data: dict[str, object], status: int, where: str) -> AwsCredentials:
        key_id, secret = data.get("AccessKeyId"), data.get("SecretAccessKey")
        token, expiry = data.get("Token"), parse_expiry(data.get("Expiration"))
        account = data.get("AccountId")
        if not (isinstance(key_id, str) and isinstance(secret, str) and isinstance(token, str)):
            raise MalformedResponseError(
                f"{where} answered without AccessKeyId, SecretAccessKey and Token",
                status_code=status,
                service="container-credentials",
            )
        try:
            credentials = credentials_named(
                {},
                key_id,
                secret,
                token,
                expiry=expiry,
                account_id=account if isinstance(account, str) and account else None,
            )
        except InvalidInputError as refused:
            raise MalformedResponseError(
                f"{where} answered a bad {refused.field}",
                status_code=status,
                service="container-credentials",
            ) from None
        return credentials

    def __repr__(self) -> str:
        return f"ContainerProvider({self.identity!r})"
