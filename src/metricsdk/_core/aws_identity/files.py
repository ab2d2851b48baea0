"""The shared ``config`` and ``credentials`` files, read as botocore reads them.

The config file names its sections ``[default]``, ``[profile NAME]`` and
``[sso-session NAME]``; the credentials file names them ``[NAME]``. A profile's settings are
the config file's section overlaid by the credentials file's one. A file that is missing or
cannot be parsed counts as empty, as it always has in metricsdk.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import attrs

__all__ = ["SharedFiles", "load_shared_files", "profile_name", "shared_file_paths"]

Section = Mapping[str, str]


def shared_file_paths(environ: Mapping[str, str]) -> tuple[Path, Path]:
    """(credentials file, config file), from ``AWS_SHARED_CREDENTIALS_FILE`` and
    ``AWS_CONFIG_FILE`` or their defaults under ``~/.aws``."""
    credentials = environ.get("AWS_SHARED_CREDENTIALS_FILE") or "~/.aws/credentials"
    config = environ.get("AWS_CONFIG_FILE") or "~/.aws/config"
    return _expand(credentials), _expand(config)


def _expand(path: str) -> Path:
    return Path(os.path.expandvars(path)).expanduser()


def profile_name(explicit: str | None, environ: Mapping[str, str]) -> str:
    """The profile in use: the argument, else ``AWS_DEFAULT_PROFILE``, else ``AWS_PROFILE``
    (botocore's order), else ``default``."""
    return explicit or environ.get("AWS_DEFAULT_PROFILE") or environ.get("AWS_PROFILE") or "default"


def _read_ini(path: Path) -> dict[str, dict[str, str]]:
    import configparser  # loaded only when a profile is read: explicit settings never need it

    parser = configparser.RawConfigParser()
    try:
        parser.read(path, encoding="utf-8")
    except (configparser.Error, OSError, UnicodeDecodeError):
        return {}
    return {name: dict(parser.items(name)) for name in parser.sections()}


def _section_name(header: str) -> str | None:
    # "profile my name" and 'profile "my name"' both name the profile "my name" for botocore,
    # which splits section headers the way a shell would.
    import shlex

    try:
        parts = shlex.split(header)
    except ValueError:
        return None
    return parts[1] if len(parts) == 2 else None


@attrs.frozen
class SharedFiles:
    """What the two shared files say.

    Attributes:
        credentials_file: the credentials file's path.
        config_file: the config file's path.
        credentials: the credentials file's sections, by profile name.
        config: the config file's profiles, by profile name.
        sso_sessions: the config file's ``[sso-session NAME]`` sections, by name.
    """

    credentials_file: Path
    config_file: Path
    credentials: Mapping[str, Section]
    config: Mapping[str, Section]
    sso_sessions: Mapping[str, Section]

    def has_profile(self, name: str) -> bool:
        """Whether either file has a section for the profile."""
        return name in self.credentials or name in self.config

    def profile(self, name: str) -> dict[str, str]:
        """The profile's settings: the config file's overlaid by the credentials file's."""
        return {**self.config.get(name, {}), **self.credentials.get(name, {})}

    def places(self, name: str) -> list[str]:
        """Where the profile's sections would be, for messages."""
        header = "default" if name == "default" else f"profile {name}"
        return [f"{self.credentials_file} [{name}]", f"{self.config_file} [{header}]"]


def load_shared_files(environ: Mapping[str, str]) -> SharedFiles:
    """Read both shared files named by ``environ`` (missing or broken files count as empty)."""
    credentials_file, config_file = shared_file_paths(environ)
    profiles: dict[str, Section] = {}
    sso_sessions: dict[str, Section] = {}
    for header, values in _read_ini(config_file).items():
        if header.startswith("profile"):
            name = _section_name(header)
            if name is not None:
                profiles[name] = values
        elif header.startswith("sso-session"):
            name = _section_name(header)
            if name is not None:
                sso_sessions[name] = values
        elif header == "default":
            profiles["default"] = values
    return SharedFiles(
        credentials_file=credentials_file,
        config_file=config_file,
        credentials=_read_ini(credentials_file),
        config=profiles,
        sso_sessions=sso_sessions,
    )
