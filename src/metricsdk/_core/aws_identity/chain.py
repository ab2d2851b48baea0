"""Choosing a credential source: the first that is configured, in botocore's order.

The choice is made once, from configuration alone (the environment and the shared files), when
the chain is built: no network call is made until credentials are first needed. EC2 instance
metadata comes last and is chosen unless disabled; if it then does not answer, the error
lists every place that was searched, as if nothing had been found.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from typing import Any

from metricsdk._core.aws_identity.container import ContainerProvider
from metricsdk._core.aws_identity.env import ENVIRONMENT_PLACE, environment_source
from metricsdk._core.aws_identity.files import profile_name
from metricsdk._core.aws_identity.imds import InstanceMetadataProvider, metadata_source
from metricsdk._core.aws_identity.profile import ProfileContext, Source, profile_candidates
from metricsdk._core.credentials import AwsCredentials, CredentialProvider
from metricsdk.errors import MissingCredentialsError, TransportError

__all__ = ["CredentialChain", "DefaultCredentialChain", "ProfileProvider"]

Candidate = Callable[[], Source]


class CredentialChain:
    """The first configured of several sources, chosen once and kept.

    Each candidate is a zero-argument callable returning credentials or a provider (a
    provider class such as `EnvironmentProvider` will do) that raises
    `MissingCredentialsError` when its source is not configured; an already built provider or
    `AwsCredentials` counts as configured.

    Args:
        *candidates: the sources to try, in order.

    Attributes:
        source: the chosen source.
        searched (tuple[str, ...]): where the candidates before it looked, for messages.

    Raises:
        MissingCredentialsError: no candidate is configured; lists every place searched.
    """

    def __init__(self, *candidates: Candidate | Source) -> None:
        searched: list[str] = []
        for candidate in candidates:
            if isinstance(candidate, (AwsCredentials, CredentialProvider)):
                self.source: Source = candidate
                break
            try:
                self.source = candidate()
                break
            except MissingCredentialsError as missing:
                searched += [place for place in missing.searched if place not in searched]
        else:
            raise MissingCredentialsError("credentials", searched)
        self.searched = tuple(searched)

    @property
    def account_id(self) -> str | None:
        """The chosen source's account, when known without a fetch."""
        return _attribute(self.source, "account_id")

    @property
    def identity(self) -> str | None:
        """The chosen source's stable identity, keying a shared pacer."""
        return _attribute(self.source, "identity")

    def load(self) -> AwsCredentials:
        """Credentials from the chosen source."""
        source = self.source
        return source if isinstance(source, AwsCredentials) else source.load()

    async def load_async(self) -> AwsCredentials:
        """Credentials from the chosen source, without blocking the event loop."""
        source = self.source
        return source if isinstance(source, AwsCredentials) else await source.load_async()

    def __repr__(self) -> str:
        return f"{type(self).__name__}(source={self.source!r})"


def _attribute(source: Source, name: str) -> str | None:
    if isinstance(source, AwsCredentials):
        return source.account_id if name == "account_id" else None
    value: Any = getattr(source, name, None)
    return value if isinstance(value, str) and value else None


class _LastResort:
    """Instance metadata chosen only because nothing else was configured: if it does not
    answer, this machine is taken for one without credentials, as botocore does."""

    def __init__(self, provider: InstanceMetadataProvider, searched: tuple[str, ...]) -> None:
        self._provider = provider
        self._searched = searched
        self.identity = provider.identity
        self.account_id = provider.account_id

    def _nothing(self, error: Exception) -> MissingCredentialsError:
        if isinstance(error, MissingCredentialsError):
            places = list(error.searched)
        else:
            cause = error.__cause__
            reason = type(cause).__name__ if cause is not None else type(error).__name__
            places = [f"EC2 instance metadata at {self._provider.endpoint} (no answer: {reason})"]
        return MissingCredentialsError("credentials", [*self._searched, *places])

    def load(self) -> AwsCredentials:
        try:
            return self._provider.load()
        except (TransportError, MissingCredentialsError) as error:
            raise self._nothing(error) from None

    async def load_async(self) -> AwsCredentials:
        try:
            return await self._provider.load_async()
        except (TransportError, MissingCredentialsError) as error:
            raise self._nothing(error) from None

    def __repr__(self) -> str:
        return repr(self._provider)


def _context(
    profile: str | None, region: str | None, environ: Mapping[str, str] | None
) -> tuple[ProfileContext, str]:
    env = os.environ if environ is None else environ
    name = profile_name(profile, env)
    context = ProfileContext(env, region, name)
    named = profile or env.get("AWS_DEFAULT_PROFILE") or env.get("AWS_PROFILE")
    if named and not context.files.has_profile(named):
        # botocore refuses a profile that is named (argument or variable) but absent, even
        # when other credentials are at hand: the name is then surely a mistake.
        places = [f"{place} ({named!r})" for place in context.files.places(named)]
        raise MissingCredentialsError("profile", places)
    return context, name


class DefaultCredentialChain(CredentialChain):
    """The credentials a client finds by itself, in botocore's order:

    1. the environment: ``AWS_ACCESS_KEY_ID``, ``AWS_SECRET_ACCESS_KEY``,
       ``AWS_SESSION_TOKEN`` (skipped when ``profile`` is given, as in botocore);
    2. the profile's assume-role (``role_arn`` with ``source_profile`` or
       ``credential_source``);
    3. web identity: ``AWS_WEB_IDENTITY_TOKEN_FILE``/``AWS_ROLE_ARN`` or the profile's
       ``web_identity_token_file`` (EKS IRSA);
    4. the profile's SSO, static keys in the credentials file, ``credential_process``, static
       keys in the config file;
    5. the container credentials endpoint (ECS, Fargate, EKS Pod Identity, Lambda SnapStart);
    6. EC2 instance metadata (IMDSv2), unless ``AWS_EC2_METADATA_DISABLED=true``.

    The source is chosen when the chain is built, from configuration alone; credentials are
    fetched when first needed and refreshed ahead of expiry.

    Args:
        profile: the profile; else ``AWS_DEFAULT_PROFILE``, ``AWS_PROFILE``, ``default``.
        region: the region of STS calls; else ``AWS_REGION``, ``AWS_DEFAULT_REGION``, the
            profile's ``region``, or the global endpoint.
        environ: the variables to read; the process environment by default.

    Raises:
        MissingCredentialsError: nothing is configured; lists every place searched.
        InvalidInputError: a source is configured wrongly (names the setting and the fix).
    """

    def __init__(
        self,
        profile: str | None = None,
        *,
        region: str | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        context, name = _context(profile, region, environ)
        env = context.environ
        candidates: list[Candidate] = []
        if profile is None:
            candidates.append(lambda: environment_source(env))
        else:
            candidates.append(_skipped_environment)
        candidates += profile_candidates(
            context, name, web_identity_from_environment=profile is None
        )
        candidates.append(lambda: ContainerProvider(environ=env))
        candidates.append(lambda: metadata_source(env, context.files.profile(name)))
        super().__init__(*candidates)
        if isinstance(self.source, InstanceMetadataProvider):
            self.source = _LastResort(self.source, self.searched)


def _skipped_environment() -> Source:
    raise MissingCredentialsError(
        "credentials", [f"{ENVIRONMENT_PLACE} (not read: a profile was named)"]
    )


class ProfileProvider(CredentialChain):
    """The credentials one profile of the shared files describes: assume-role, web
    identity, SSO, static keys or ``credential_process``, in botocore's order.

    Args:
        profile: the profile; else ``AWS_DEFAULT_PROFILE``, ``AWS_PROFILE``, ``default``.
        region: the region of STS calls; else ``AWS_REGION``, ``AWS_DEFAULT_REGION``, the
            profile's ``region``, or the global endpoint.
        environ: the variables to read; the process environment by default.

    Raises:
        MissingCredentialsError: the profile is absent or holds no credentials.
        InvalidInputError: the profile is configured wrongly (a loop of source profiles, an
            MFA device, a missing setting...).
    """

    def __init__(
        self,
        profile: str | None = None,
        *,
        region: str | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        context, name = _context(profile, region, environ)
        super().__init__(*profile_candidates(context, name, web_identity_from_environment=False))
