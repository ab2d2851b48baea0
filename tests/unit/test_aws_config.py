"""Credential and region resolution: every source, in order, and the errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from metricsdk import AwsCredentials
from metricsdk._core.aws_config import resolve_credentials, resolve_region
from metricsdk.errors import InvalidInputError, MissingCredentialsError


@pytest.fixture
def files(tmp_path: Path) -> dict[str, str]:
    (tmp_path / "credentials").write_text(
        "[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = file-secret\n"
        "[work]\naws_access_key_id = AKIDWORK\naws_secret_access_key = work-secret\n"
        "aws_session_token = work-token\n"
    )
    (tmp_path / "config").write_text(
        "[default]\nregion = eu-west-1\n"
        "[profile work]\nregion = ap-southeast-2\n"
        "[profile config-only]\naws_access_key_id = AKIDCFG\naws_secret_access_key = cfg-secret\n"
    )
    return {
        "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "credentials"),
        "AWS_CONFIG_FILE": str(tmp_path / "config"),
    }


def test_explicit_wins(files: dict[str, str]) -> None:
    explicit = AwsCredentials("AKIDX", "x")
    env = {**files, "AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "e"}
    assert resolve_credentials(explicit, environ=env) is explicit
    assert (
        resolve_region("us-west-2", environ={**files, "AWS_REGION": "eu-central-1"}) == "us-west-2"
    )


def test_environment_before_files(files: dict[str, str]) -> None:
    env = {
        **files,
        "AWS_ACCESS_KEY_ID": "AKIDENV",
        "AWS_SECRET_ACCESS_KEY": "env-secret",
        "AWS_SESSION_TOKEN": "env-token",
    }
    assert resolve_credentials(environ=env) == AwsCredentials("AKIDENV", "env-secret", "env-token")
    assert resolve_region(environ={**files, "AWS_REGION": "us-east-2"}) == "us-east-2"
    assert resolve_region(environ={**files, "AWS_DEFAULT_REGION": "us-west-1"}) == "us-west-1"
    both = {**files, "AWS_REGION": "us-east-2", "AWS_DEFAULT_REGION": "us-west-1"}
    assert resolve_region(environ=both) == "us-east-2"


def test_shared_files_and_profiles(files: dict[str, str]) -> None:
    assert resolve_credentials(environ=files) == AwsCredentials("AKIDFILE", "file-secret")
    assert resolve_region(environ=files) == "eu-west-1"
    work = resolve_credentials(profile="work", environ=files)
    assert work == AwsCredentials("AKIDWORK", "work-secret", "work-token")
    assert resolve_region(environ={**files, "AWS_PROFILE": "work"}) == "ap-southeast-2"
    cfg = resolve_credentials(profile="config-only", environ=files)
    assert cfg.access_key_id == "AKIDCFG"


def test_missing_credentials_list_every_place_and_no_value(files: dict[str, str]) -> None:
    env = {**files, "AWS_ACCESS_KEY_ID": "AKIDHALF"}  # half a pair does not count
    with pytest.raises(MissingCredentialsError) as caught:
        resolve_credentials(profile="nope", environ=env)
    message = str(caught.value)
    assert caught.value.field == "credentials"
    assert "AWS_ACCESS_KEY_ID" in message
    assert files["AWS_SHARED_CREDENTIALS_FILE"] in message and "[nope]" in message
    assert "[profile nope]" in message
    for secret in ("file-secret", "work-secret", "work-token"):
        assert secret not in message


def test_missing_region(tmp_path: Path) -> None:
    env = {"AWS_CONFIG_FILE": str(tmp_path / "absent"), "AWS_SHARED_CREDENTIALS_FILE": "x"}
    with pytest.raises(MissingCredentialsError) as caught:
        resolve_region(environ=env)
    assert caught.value.field == "region"
    assert "AWS_REGION" in str(caught.value) and "absent" in str(caught.value)


@pytest.mark.parametrize(
    "region",
    [
        "US-EAST-1",
        "us_east_1",
        "us-east-1.evil.com",
        "a" * 51,
        "x/y",
        "us-east1",
        "useast1",
        "us-east-",
        "east-1",
    ],
)
def test_region_must_be_hostname_safe(region: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        resolve_region(region, environ={})
    assert caught.value.field == "region"


def test_an_unreadable_file_counts_as_absent(tmp_path: Path) -> None:
    broken = tmp_path / "credentials"
    broken.write_bytes(b"\xff\xfe[not ini")
    env = {"AWS_SHARED_CREDENTIALS_FILE": str(broken), "AWS_CONFIG_FILE": str(tmp_path / "c")}
    with pytest.raises(MissingCredentialsError):
        resolve_credentials(environ=env)


def test_process_environment_is_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDPROC")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "proc")
    monkeypatch.setenv("AWS_REGION", "sa-east-1")
    assert resolve_credentials().access_key_id == "AKIDPROC"
    assert resolve_region() == "sa-east-1"


@pytest.mark.parametrize(
    "region",
    [
        "us-east-1",
        "us-gov-west-1",
        "eusc-de-east-1",
        "cn-northwest-1",
        "ap-southeast-5",
        "us-isob-east-1",
        "il-central-1",
    ],
)
def test_every_shape_of_region_name_is_accepted(region: str) -> None:
    assert resolve_region(region, environ={}) == region


def test_a_malformed_region_names_the_expected_shape() -> None:
    with pytest.raises(InvalidInputError, match="area-direction-number: us-east-1"):
        resolve_region("us-east1", environ={})
