"""Credentials of a role, from STS ``AssumeRole`` signed with a source's credentials."""

from __future__ import annotations

import os
import time
from collections.abc import Mapping

import attrs

from metricsdk._core import sigv4
from metricsdk._core.aws_identity import fetch
from metricsdk._core.aws_identity.refresh import Refresher, RefreshingProvider, utc_now
from metricsdk._core.aws_identity.sts import (
    StsEndpoint,
    account_from_arn,
    assume_role_call,
    check_duration,
    check_external_id,
    check_role_arn,
    check_session_name,
    parse_sts_answer,
    sts_endpoint,
)
from metricsdk._core.credentials import AwsCredentials, CredentialProvider
from metricsdk.errors import InvalidInputError

__all__ = ["AssumeRoleProvider", "default_session_name"]


def default_session_name() -> str:
    """A role session name when none is configured (botocore uses ``botocore-session-<t>``)."""
    return f"metricsdk-session-{int(time.time())}"


def _signed(call: fetch.Call, credentials: AwsCredentials, endpoint: StsEndpoint) -> fetch.Call:
    added = sigv4.sign(
        method=call.method,
        url=call.url,
        headers=dict(call.headers),
        body=call.body,
        credentials=credentials,
        region=endpoint.signing_region,
        service="sts",
        now=utc_now(),
    )
    return attrs.evolve(call, headers=(*call.headers, *added.items()))


class AssumeRoleProvider(RefreshingProvider):
    """Credentials of an IAM role, assumed with STS ``AssumeRole`` using the credentials of
    ``source``, and assumed again ahead of their expiry.

    Args:
        role_arn: the role to assume.
        source: the credentials that call ``AssumeRole``: keys or any provider (for instance
            `InstanceMetadataProvider`, or another `AssumeRoleProvider` to chain roles).
        role_session_name: the session name; ``metricsdk-session-<time>`` by default.
        external_id: the external id the role's trust policy requires, if any.
        duration_seconds: the session's length (900 to 43200); the role's default otherwise.
        region: the region whose STS endpoint is called; the global endpoint when ``None``.
        environ: where ``AWS_ENDPOINT_URL_STS``/``AWS_ENDPOINT_URL`` are read; the process
            environment by default.
        description: how errors and log lines name this source.

    Attributes:
        account_id (str | None): the role's account, read from its ARN.
        identity (str): ``role <ARN>``, the stable identity that keys a shared pacer.

    Raises:
        InvalidInputError: an argument breaks STS's documented constraints.
    """

    def __init__(
        self,
        *,
        role_arn: str,
        source: AwsCredentials | CredentialProvider,
        role_session_name: str | None = None,
        external_id: str | None = None,
        duration_seconds: int | None = None,
        region: str | None = None,
        environ: Mapping[str, str] | None = None,
        description: str | None = None,
    ) -> None:
        self.role_arn = check_role_arn("role_arn", role_arn)
        if not isinstance(source, (AwsCredentials, CredentialProvider)):
            raise InvalidInputError("source", "must be AwsCredentials or a credential provider")
        self._source = source
        self._session_name = check_session_name(
            "role_session_name", role_session_name or default_session_name()
        )
        self._external_id = (
            None if external_id is None else check_external_id("external_id", external_id)
        )
        self._duration = (
            None
            if duration_seconds is None
            else check_duration("duration_seconds", duration_seconds)
        )
        self._endpoint = sts_endpoint(region, os.environ if environ is None else environ)
        self.account_id = account_from_arn(role_arn)
        self.identity = f"role {role_arn}"
        self._description = description or f"assume-role {role_arn}"
        self._refresher = Refresher(self._description, self._fetch, self._fetch_async)

    def _call(self) -> fetch.Call:
        return assume_role_call(
            self._endpoint,
            role_arn=self.role_arn,
            session_name=self._session_name,
            external_id=self._external_id,
            duration_seconds=self._duration,
        )

    def _fetch(self) -> AwsCredentials:
        source = self._source if isinstance(self._source, AwsCredentials) else self._source.load()
        call = _signed(self._call(), source, self._endpoint)
        with fetch.session() as http:
            reply = fetch.send(http, call)
        return parse_sts_answer(reply, "AssumeRole", self._description)

    async def _fetch_async(self) -> AwsCredentials:
        if isinstance(self._source, AwsCredentials):
            source = self._source
        else:
            source = await self._source.load_async()
        call = _signed(self._call(), source, self._endpoint)
        async with fetch.async_session() as http:
            reply = await fetch.send_async(http, call)
        return parse_sts_answer(reply, "AssumeRole", self._description)

    def __repr__(self) -> str:
        return f"AssumeRoleProvider(role_arn={self.role_arn!r}, source={self._source!r})"
