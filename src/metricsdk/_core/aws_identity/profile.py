"""The credentials a profile of the shared files describes, found in botocore's order:
assume-role (``role_arn`` with ``source_profile`` or ``credential_source``), web identity
(``web_identity_token_file``), SSO (``sso_session`` or the legacy ``sso_start_url``), static
keys in the credentials file, ``credential_process``, static keys in the config file.

Every function here decides from configuration alone (no I/O beyond reading the files): it
returns static keys or a provider that fetches on first use, or raises
`MissingCredentialsError` when its kind of source is not configured, and `InvalidInputError`
when it is configured wrongly.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence

from metricsdk._core.aws_identity.assume_role import AssumeRoleProvider
from metricsdk._core.aws_identity.files import SharedFiles, load_shared_files
from metricsdk._core.aws_identity.process import ProcessProvider
from metricsdk._core.aws_identity.sso import SSOProvider
from metricsdk._core.aws_identity.sts import check_duration
from metricsdk._core.aws_identity.values import credentials_named
from metricsdk._core.aws_identity.web_identity import WEB_IDENTITY_PLACE, WebIdentityProvider
from metricsdk._core.credentials import AwsCredentials, CredentialProvider
from metricsdk.errors import InvalidInputError, MissingCredentialsError

__all__ = ["ProfileContext", "Source", "profile_candidates", "role_candidate"]

Source = AwsCredentials | CredentialProvider
Candidate = Callable[[], Source]

_CREDENTIAL_SOURCES = ("Environment", "Ec2InstanceMetadata", "EcsContainer")


class ProfileContext:
    """What resolving profiles needs: the files (read on first use, so that a source found
    before any profile, such as keys in the environment, costs no file read), the environment
    and the region of STS calls.

    Args:
        environ: the environment (file locations, endpoint overrides, ``credential_source``).
        region: the region of STS calls, if given.
        name: the profile in use, whose ``region`` is the fallback for STS calls.
    """

    def __init__(self, environ: Mapping[str, str], region: str | None, name: str) -> None:
        self.environ = environ
        self._region = region
        self._name = name

    @functools.cached_property
    def files(self) -> SharedFiles:
        """The shared files, read once."""
        return load_shared_files(self.environ)

    @functools.cached_property
    def region(self) -> str | None:
        """The region of STS calls: the argument, ``AWS_REGION``, ``AWS_DEFAULT_REGION``, the
        profile's ``region``; ``None`` means the global endpoint. Its shape is checked where
        the endpoint is built."""
        found = (
            self._region
            or self.environ.get("AWS_REGION")
            or self.environ.get("AWS_DEFAULT_REGION")
            or self.files.config.get(self._name, {}).get("region")
        )
        return found or None

    def missing(self, name: str) -> MissingCredentialsError:
        """The error for a profile without this kind of source, naming its two sections."""
        return MissingCredentialsError("credentials", self.files.places(name))

    def where(self, name: str) -> str:
        """The profile's section of the config file, for messages."""
        header = "default" if name == "default" else f"profile {name}"
        return f"{self.files.config_file} [{header}]"


def _static_keys(section: Mapping[str, str], where: str) -> AwsCredentials | None:
    if "aws_access_key_id" not in section:
        return None
    secret = section.get("aws_secret_access_key", "")
    if not secret:
        raise InvalidInputError(
            f"{where} aws_secret_access_key", "is missing although aws_access_key_id is set"
        )
    # botocore's order: the older aws_security_token wins when both are present.
    token = section.get("aws_security_token", section.get("aws_session_token")) or None
    names = {
        "access_key_id": f"{where} aws_access_key_id",
        "secret_access_key": f"{where} aws_secret_access_key",
        "session_token": f"{where} aws_session_token",
        "account_id": f"{where} aws_account_id",
    }
    return credentials_named(
        names,
        section["aws_access_key_id"],
        secret,
        token,
        account_id=section.get("aws_account_id") or None,
    )


def credentials_file_keys(context: ProfileContext, name: str) -> Source:
    """Static keys in the credentials file's ``[name]``."""
    where = f"{context.files.credentials_file} [{name}]"
    found = _static_keys(context.files.credentials.get(name, {}), where)
    if found is None:
        raise context.missing(name)
    return found


def config_file_keys(context: ProfileContext, name: str) -> Source:
    """Static keys in the config file's ``[profile name]``."""
    found = _static_keys(context.files.config.get(name, {}), context.where(name))
    if found is None:
        raise context.missing(name)
    return found


def process_source(context: ProfileContext, name: str) -> Source:
    """The profile's ``credential_process``."""
    profile = context.files.profile(name)
    command = profile.get("credential_process")
    if not command:
        raise context.missing(name)
    return ProcessProvider(
        command,
        account_id=profile.get("aws_account_id") or None,
        description=f"credential_process of profile {name}",
    )


def sso_source(context: ProfileContext, name: str) -> Source:
    """The profile's SSO role (``sso_session`` form or legacy ``sso_start_url`` form)."""
    profile = context.files.profile(name)
    if "sso_role_name" not in profile and "sso_account_id" not in profile:
        raise context.missing(name)
    settings = dict(profile)
    session = profile.get("sso_session")
    if session is not None:
        section = context.files.sso_sessions.get(session)
        if section is None:
            raise InvalidInputError(
                f"profile {name} sso_session",
                f"names [sso-session {session}], which {context.files.config_file} lacks",
            )
        for key, value in section.items():
            if settings.get(key, value) != value:
                raise InvalidInputError(
                    f"profile {name} {key}", f"differs from [sso-session {session}]'s {key}"
                )
            settings[key] = value
    required = ("sso_start_url", "sso_region", "sso_account_id", "sso_role_name")
    missing = [key for key in required if not settings.get(key)]
    if missing:
        raise InvalidInputError(
            f"profile {name}", "is set up for SSO but lacks " + ", ".join(missing)
        )
    return SSOProvider(
        start_url=settings["sso_start_url"],
        sso_region=settings["sso_region"],
        account_id=settings["sso_account_id"],
        role_name=settings["sso_role_name"],
        session_name=session,
        profile=name,
        environ=context.environ,
    )


def web_identity_source(context: ProfileContext, name: str, *, use_environment: bool) -> Source:
    """Web identity from the environment (``AWS_WEB_IDENTITY_TOKEN_FILE``, ``AWS_ROLE_ARN``,
    ``AWS_ROLE_SESSION_NAME``), each variable winning over the profile's setting, as in
    botocore; from the profile alone when ``use_environment`` is false."""
    profile = context.files.profile(name)
    env = context.environ if use_environment else {}

    def setting(variable: str, key: str) -> str | None:
        return env.get(variable) or profile.get(key) or None

    token_file = setting("AWS_WEB_IDENTITY_TOKEN_FILE", "web_identity_token_file")
    if token_file is None:
        places = [WEB_IDENTITY_PLACE] if use_environment else []
        raise MissingCredentialsError("credentials", places + context.files.places(name))
    from_profile = not env.get("AWS_WEB_IDENTITY_TOKEN_FILE")
    return WebIdentityProvider(
        role_arn=setting("AWS_ROLE_ARN", "role_arn"),
        token_file=token_file,
        role_session_name=setting("AWS_ROLE_SESSION_NAME", "role_session_name"),
        region=context.region,
        environ=context.environ,
        description=f"web identity of profile {name}" if from_profile else None,
    )


def _has_role(profile: Mapping[str, str]) -> bool:
    # A profile with a web identity token file is web identity's, even with a role_arn.
    return "role_arn" in profile and "web_identity_token_file" not in profile


def _has_static(profile: Mapping[str, str]) -> bool:
    return "aws_access_key_id" in profile or "aws_secret_access_key" in profile


def _named_source(context: ProfileContext, name: str, source: str) -> Source:
    from metricsdk._core.aws_identity.container import ContainerProvider
    from metricsdk._core.aws_identity.env import EnvironmentProvider
    from metricsdk._core.aws_identity.imds import metadata_source

    field = f"profile {name} credential_source"
    try:
        if source == "Environment":
            return EnvironmentProvider(environ=context.environ)
        if source == "Ec2InstanceMetadata":
            return metadata_source(context.environ, context.files.profile(name))
        return ContainerProvider(environ=context.environ)
    except MissingCredentialsError as missing:
        raise InvalidInputError(
            field, f"is {source}, but nothing is there: looked in {', '.join(missing.searched)}"
        ) from None


def _source_of_role(
    context: ProfileContext, name: str, profile: Mapping[str, str], visited: Sequence[str]
) -> Source:
    source_profile = profile.get("source_profile")
    credential_source = profile.get("credential_source")
    if source_profile is not None and credential_source is not None:
        raise InvalidInputError(
            f"profile {name}", "has both source_profile and credential_source; keep one"
        )
    if credential_source is not None:
        if credential_source not in _CREDENTIAL_SOURCES:
            raise InvalidInputError(
                f"profile {name} credential_source", "must be " + ", ".join(_CREDENTIAL_SOURCES)
            )
        return _named_source(context, name, credential_source)
    if source_profile is None:
        raise InvalidInputError(
            f"profile {name}",
            "has a role_arn but neither source_profile nor credential_source: add one",
        )
    if not context.files.has_profile(source_profile):
        raise InvalidInputError(
            f"profile {name} source_profile",
            f"names profile {source_profile!r}, which is in neither "
            f"{context.files.credentials_file} nor {context.files.config_file}",
        )
    source = context.files.profile(source_profile)
    # A profile may name itself to use its own static keys; any other return is a loop.
    if source_profile in visited and not (source_profile == name and _has_static(source)):
        chain = " -> ".join([*visited, source_profile])
        raise InvalidInputError(f"profile {name} source_profile", f"makes a loop: {chain}")
    if _has_static(source) or not _has_role(source):
        candidates = _plain_candidates(context, source_profile)
        try:
            return _first(candidates)
        except MissingCredentialsError:
            raise InvalidInputError(
                f"profile {source_profile}",
                f"is the source_profile of profile {name} but holds no credentials",
            ) from None
    return _assume_role(context, source_profile, source, [*visited, source_profile])


def _assume_role(
    context: ProfileContext, name: str, profile: Mapping[str, str], visited: Sequence[str]
) -> Source:
    if profile.get("mfa_serial"):
        raise InvalidInputError(
            f"profile {name} mfa_serial",
            "asks for an MFA code, which metricsdk never prompts for: get temporary "
            f"credentials first (e.g. `aws configure export-credentials --profile {name} "
            "--format env`) and hand them over in the environment",
        )
    duration = profile.get("duration_seconds")
    source = _source_of_role(context, name, profile, visited)
    return AssumeRoleProvider(
        role_arn=profile["role_arn"],
        source=source,
        role_session_name=profile.get("role_session_name") or None,
        external_id=profile.get("external_id") or None,
        duration_seconds=(
            None
            if duration is None
            else check_duration(f"profile {name} duration_seconds", duration)
        ),
        region=context.region,
        environ=context.environ,
        description=f"assume-role of profile {name} ({profile['role_arn']})",
    )


def role_candidate(context: ProfileContext, name: str) -> Source:
    """The profile's assume-role source (a ``role_arn`` without a web identity token file)."""
    profile = context.files.profile(name)
    if not _has_role(profile):
        raise context.missing(name)
    return _assume_role(context, name, profile, [name])


def _login_session(context: ProfileContext, name: str) -> Source:
    if "login_session" in context.files.profile(name):
        raise InvalidInputError(
            f"profile {name} login_session",
            "is an `aws login` session, which metricsdk does not read: pass "
            f"BotocoreProvider(boto3.Session(profile_name={name!r})) as credentials, or run "
            f"`aws configure export-credentials --profile {name} --format env`",
        )
    raise context.missing(name)


def _plain_candidates(context: ProfileContext, name: str) -> list[Candidate]:
    """A profile's sources other than assume-role, in botocore's order."""
    return [
        lambda: web_identity_source(context, name, use_environment=False),
        lambda: sso_source(context, name),
        lambda: credentials_file_keys(context, name),
        lambda: _login_session(context, name),
        lambda: process_source(context, name),
        lambda: config_file_keys(context, name),
    ]


def profile_candidates(
    context: ProfileContext, name: str, *, web_identity_from_environment: bool
) -> list[Candidate]:
    """Every source of a profile in botocore's order; web identity also reads the
    environment when ``web_identity_from_environment`` (the default chain's case)."""
    plain = _plain_candidates(context, name)
    plain[0] = lambda: web_identity_source(
        context, name, use_environment=web_identity_from_environment
    )
    return [lambda: role_candidate(context, name), *plain]


def _first(candidates: Sequence[Candidate]) -> Source:
    searched: list[str] = []
    for candidate in candidates:
        try:
            return candidate()
        except MissingCredentialsError as missing:
            searched += [place for place in missing.searched if place not in searched]
    raise MissingCredentialsError("credentials", searched)
