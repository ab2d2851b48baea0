"""Where AWS credentials and the region come from: the argument, the environment, then the
shared ``credentials`` and ``config`` files, as the AWS CLI and boto3 read them."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path

from metricsdk._core.credentials import AwsCredentials
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
    return profile or environ.get("AWS_PROFILE") or "default"


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


def _profile_sections(profile: str, environ: Mapping[str, str]) -> list[dict[str, str]]:
    """The profile's sections that exist: the credentials file's, then the config file's."""
    credentials_file, config_file = _files(environ)
    found = [
        _read_section(credentials_file, profile),
        _read_section(config_file, _config_section(profile)),
    ]
    return [section for section in found if section is not None]


def _searched(profile: str, environ: Mapping[str, str], env_names: str) -> list[str]:
    credentials_file, config_file = _files(environ)
    return [
        "the argument",
        f"environment {env_names}",
        f"{credentials_file} [{profile}]",
        f"{config_file} [{_config_section(profile)}]",
    ]


def resolve_credentials(
    explicit: AwsCredentials | None = None,
    *,
    profile: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> AwsCredentials:
    """The credentials to sign with: ``explicit``, else ``AWS_ACCESS_KEY_ID`` +
    ``AWS_SECRET_ACCESS_KEY`` (+ ``AWS_SESSION_TOKEN``), else the profile in the shared files.

    Raises:
        MissingCredentialsError: listing every place searched (never a value).
    """
    if explicit is not None:
        return explicit
    env = os.environ if environ is None else environ
    key_id, secret = env.get("AWS_ACCESS_KEY_ID"), env.get("AWS_SECRET_ACCESS_KEY")
    if key_id and secret:
        return AwsCredentials(key_id, secret, env.get("AWS_SESSION_TOKEN") or None)
    name = _profile_name(profile, env)
    for section in _profile_sections(name, env):
        key_id, secret = section.get("aws_access_key_id"), section.get("aws_secret_access_key")
        if key_id and secret:
            return AwsCredentials(key_id, secret, section.get("aws_session_token") or None)
    raise MissingCredentialsError(
        "credentials", _searched(name, env, "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY")
    )


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
