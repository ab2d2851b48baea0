"""Where AWS credentials and the region come from: the argument, else the environment and the
shared ``credentials`` and ``config`` files, as the AWS CLI and boto3 read them (credentials:
the whole chain of `metricsdk._core.aws_identity`)."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path

from metricsdk._core.credentials import AwsCredentials, CredentialProvider
from metricsdk.errors import InvalidInputError, MissingCredentialsError

__all__ = ["resolve_credentials", "resolve_region"]

# The shape of every AWS region name: an area, one or more words, a number (us-east-1,
# us-gov-west-1, eusc-de-east-1, ap-southeast-5); botocore's partition patterns all fit it.
_REGION = re.compile(r"[a-z]{2,4}(-[a-z]+)+-[0-9]{1,2}")


def _files(environ: Mapping[str, str]) -> tuple[Path, Path]:
    credentials = environ.get("AWS_SHARED_CREDENTIALS_FILE") or "~/.aws/credentials"
    config = environ.get("AWS_CONFIG_FILE") or "~/.aws/config"
    return Path(credentials).expanduser(), Path(config).expanduser()


def _profile_name(profile: str | None, environ: Mapping[str, str]) -> str:
    # botocore's order: the argument, AWS_DEFAULT_PROFILE, AWS_PROFILE, then "default".
    return profile or environ.get("AWS_DEFAULT_PROFILE") or environ.get("AWS_PROFILE") or "default"


def _config_section(profile: str) -> str:
    return "default" if profile == "default" else f"profile {profile}"


def _read_section(path: Path, section: str) -> dict[str, str] | None:
    import configparser  # loaded only when a profile is read: explicit settings never need it

    parser = configparser.RawConfigParser()
    try:
        parser.read(path, encoding="utf-8")
    except (configparser.Error, OSError, UnicodeDecodeError):
        return None
    return dict(parser.items(section)) if parser.has_section(section) else None


def _searched(profile: str, environ: Mapping[str, str], env_names: str) -> list[str]:
    credentials_file, config_file = _files(environ)
    return [
        "the argument",
        f"environment {env_names}",
        f"{credentials_file} [{profile}]",
        f"{config_file} [{_config_section(profile)}]",
    ]


def resolve_credentials(
    explicit: AwsCredentials | CredentialProvider | None = None,
    *,
    profile: str | None = None,
    environ: Mapping[str, str] | None = None,
    region: str | None = None,
) -> AwsCredentials | CredentialProvider:
    """What a client signs with: ``explicit``, else the source the default chain picks in
    botocore's order (see `metricsdk.credentials.DefaultCredentialChain`).

    Static keys come back as `AwsCredentials`, so signing with them needs no provider; any
    other source comes back as a provider that fetches on first use and refreshes.

    Raises:
        MissingCredentialsError: listing every place searched (never a value).
        InvalidInputError: a source is configured wrongly.
    """
    if explicit is not None:
        return explicit
    # The chain reads files and knows every source: loaded only when a client must look.
    from metricsdk._core.aws_identity.chain import DefaultCredentialChain

    chain = DefaultCredentialChain(profile, region=region, environ=environ)
    return chain.source if isinstance(chain.source, AwsCredentials) else chain


def resolve_region(
    explicit: str | None = None,
    *,
    profile: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> str:
    """The region: ``explicit``, else ``AWS_REGION``, else ``AWS_DEFAULT_REGION``, else the
    profile's ``region`` in the config file. It must look like a region, since it becomes part
    of a host name.

    Raises:
        MissingCredentialsError: when no region is set anywhere.
        InvalidInputError: when the region does not have the shape of a region name.
    """
    env = os.environ if environ is None else environ
    region = explicit or env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION")
    name = _profile_name(profile, env)
    if not region:
        section = _read_section(_files(env)[1], _config_section(name))
        region = (section or {}).get("region")
    if not region:
        searched = _searched(name, env, "AWS_REGION/AWS_DEFAULT_REGION")
        raise MissingCredentialsError("region", [searched[0], searched[1], searched[3]])
    if not isinstance(region, str) or not _REGION.fullmatch(region):
        raise InvalidInputError(
            "region",
            "must look like an AWS region name, area-direction-number: us-east-1, "
            "us-gov-west-1, eusc-de-east-1",
        )
    return region
