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
        "AWS_EC2_METADATA_DISABLED": "true",  # else instance metadata is the last resort
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
    (Path(files["AWS_SHARED_CREDENTIALS_FILE"])).write_text(
        "[other]\naws_access_key_id = AKIDOTHER\naws_secret_access_key = file-secret\n"
    )
    Path(files["AWS_CONFIG_FILE"]).write_text("[profile empty]\nregion = eu-west-1\n")
    with pytest.raises(MissingCredentialsError) as caught:
        resolve_credentials(profile="empty", environ=files)
    message = str(caught.value)
    assert caught.value.field == "credentials"
    assert "AWS_ACCESS_KEY_ID" in message  # said to be skipped, since a profile was named
    assert files["AWS_SHARED_CREDENTIALS_FILE"] in message and "[empty]" in message
    assert "[profile empty]" in message
    assert "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI" in message
    assert "AWS_EC2_METADATA_DISABLED" in message
    for secret in ("file-secret", "work-secret", "work-token"):
        assert secret not in message


def test_a_named_profile_that_does_not_exist_is_refused_as_botocore_does(
    files: dict[str, str],
) -> None:
    env = {**files, "AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "env-secret"}
    for named in ({"profile": "nope"}, {"environ_profile": "nope"}):
        environ = {**env, "AWS_PROFILE": named.get("environ_profile", "")}
        with pytest.raises(MissingCredentialsError) as caught:
            resolve_credentials(profile=named.get("profile"), environ=environ)
        assert caught.value.field == "profile"
        assert "[nope]" in str(caught.value) and "[profile nope]" in str(caught.value)
        assert "env-secret" not in str(caught.value)


def test_half_a_pair_in_the_environment_is_refused_naming_the_missing_half(
    files: dict[str, str],
) -> None:
    env = {**files, "AWS_ACCESS_KEY_ID": "AKIDHALF"}
    with pytest.raises(InvalidInputError) as caught:
        resolve_credentials(environ=env)
    assert caught.value.field == "AWS_SECRET_ACCESS_KEY"
    assert not isinstance(caught.value, MissingCredentialsError)


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
    env = {
        "AWS_SHARED_CREDENTIALS_FILE": str(broken),
        "AWS_CONFIG_FILE": str(tmp_path / "c"),
        "AWS_EC2_METADATA_DISABLED": "true",
    }
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
