"""Credentials from a web identity token (EKS IRSA, other OIDC providers), exchanged with STS
``AssumeRoleWithWebIdentity``."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from metricsdk._core.aws_identity import fetch
from metricsdk._core.aws_identity.assume_role import default_session_name
from metricsdk._core.aws_identity.refresh import Refresher, RefreshingProvider
from metricsdk._core.aws_identity.sts import (
    account_from_arn,
    check_duration,
    check_role_arn,
    check_session_name,
    parse_sts_answer,
    sts_endpoint,
    web_identity_call,
)
from metricsdk._core.credentials import AwsCredentials
from metricsdk.errors import InvalidInputError, MissingCredentialsError

__all__ = ["WEB_IDENTITY_PLACE", "WebIdentityProvider"]

WEB_IDENTITY_PLACE = "environment AWS_WEB_IDENTITY_TOKEN_FILE/AWS_ROLE_ARN"


class WebIdentityProvider(RefreshingProvider):
    """Credentials of a role, exchanged for the web identity token in a file (re-read at
    every refresh, since Kubernetes rotates it) with STS ``AssumeRoleWithWebIdentity``.

    On EKS with IAM roles for service accounts the pod's environment already holds
    ``AWS_WEB_IDENTITY_TOKEN_FILE`` and ``AWS_ROLE_ARN``: ``WebIdentityProvider()`` reads them.

    Args:
        role_arn: the role; else ``AWS_ROLE_ARN``.
        token_file: the token's path; else ``AWS_WEB_IDENTITY_TOKEN_FILE``.
        role_session_name: else ``AWS_ROLE_SESSION_NAME``, else ``metricsdk-session-<time>``.
        duration_seconds: the session's length (900 to 43200); the role's default otherwise.
        region: the region whose STS endpoint is called; the global endpoint when ``None``.
        environ: the variables to read; the process environment by default.
        description: how errors name this source.

    Attributes:
        account_id (str | None): the role's account, read from its ARN.
        identity (str): ``role <ARN>``, the stable identity that keys a shared pacer.

    Raises:
        MissingCredentialsError: no token file is configured.
        InvalidInputError: a token file without a role ARN, or a bad argument.
    """

    def __init__(
        self,
        *,
        role_arn: str | None = None,
        token_file: str | os.PathLike[str] | None = None,
        role_session_name: str | None = None,
        duration_seconds: int | None = None,
        region: str | None = None,
        environ: Mapping[str, str] | None = None,
        description: str | None = None,
    ) -> None:
        env = os.environ if environ is None else environ
        token_file = token_file or env.get("AWS_WEB_IDENTITY_TOKEN_FILE") or None
        if token_file is None:
            raise MissingCredentialsError("credentials", [WEB_IDENTITY_PLACE])
        role_arn = role_arn or env.get("AWS_ROLE_ARN") or None
        if role_arn is None:
            raise InvalidInputError(
                "AWS_ROLE_ARN",
                "is not set although a web identity token file is: set AWS_ROLE_ARN (or the "
                "profile's role_arn) to the role the token may assume",
            )
        self.role_arn = check_role_arn("role_arn", role_arn)
        self.token_file = Path(token_file)
        session = role_session_name or env.get("AWS_ROLE_SESSION_NAME") or default_session_name()
        self._session_name = check_session_name("role_session_name", session)
        self._duration = (
            None
            if duration_seconds is None
            else check_duration("duration_seconds", duration_seconds)
        )
        self._endpoint = sts_endpoint(region, env)
        self.account_id = account_from_arn(role_arn)
        self.identity = f"role {role_arn}"
        self._description = description or f"web identity {self.token_file} for {role_arn}"
        self._refresher = Refresher(self._description, self._fetch, self._fetch_async)

    def _token(self) -> str:
        try:
            token = self.token_file.read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else "unreadable"
            raise InvalidInputError(
                "web_identity_token_file",
                f"{self.token_file} cannot be read ({reason}); check that the token is mounted "
                "(on EKS: the service account's eks.amazonaws.com/role-arn annotation)",
            ) from None
        # clientTokenType in botocore's STS model: 4 to 20000 characters.
        if not 4 <= len(token) <= 20000:
            raise InvalidInputError(
                "web_identity_token_file", f"{self.token_file} must hold a token (4 to 20000 chars)"
            )
        return token

    def _call(self) -> fetch.Call:
        return web_identity_call(
            self._endpoint,
            role_arn=self.role_arn,
            session_name=self._session_name,
            token=self._token(),
            duration_seconds=self._duration,
        )

    def _fetch(self) -> AwsCredentials:
        call = self._call()
        with fetch.session() as http:
            reply = fetch.send(http, call)
        return parse_sts_answer(reply, "AssumeRoleWithWebIdentity", self._description)

    async def _fetch_async(self) -> AwsCredentials:
        call = self._call()
        async with fetch.async_session() as http:
            reply = await fetch.send_async(http, call)
        return parse_sts_answer(reply, "AssumeRoleWithWebIdentity", self._description)

    def __repr__(self) -> str:
        return (
            f"WebIdentityProvider(role_arn={self.role_arn!r}, token_file={str(self.token_file)!r})"
        )
