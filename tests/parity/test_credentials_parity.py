"""The credential chain against botocore's resolver: each source set up in a temporary HOME and
environment, and both must pick the same source (or both refuse the configuration). Then the
STS and SSO wire formats: our requests against botocore's serializers, the emulator's answers
through botocore's parsers."""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl

import botocore.credentials
import botocore.exceptions
import botocore.session
import httpx
import pytest

from metricsdk import AwsCredentials
from metricsdk._core.aws_identity.chain import DefaultCredentialChain
from metricsdk._core.aws_identity.sts import assume_role_call, sts_endpoint, web_identity_call
from metricsdk.credentials import (
    AssumeRoleProvider,
    ContainerProvider,
    EnvironmentProvider,
    ProcessProvider,
    SSOProvider,
    WebIdentityProvider,
)
from metricsdk.errors import InvalidInputError
from metricsdk.testing import Emulator
from tests.parity import botocore_oracle as oracle

ROLE = "arn:aws:iam::123456789012:role/reader"
STATIC_CREDS = "[{name}]\naws_access_key_id = AKIDCREDS{tag}\naws_secret_access_key = c\n"
STATIC_CONFIG = "aws_access_key_id = AKIDCONFIG\naws_secret_access_key = k\n"
SSO = "sso_session = corp\nsso_account_id = 123456789012\nsso_role_name = Reader\n"
SSO_SESSION = (
    "[sso-session corp]\nsso_start_url = https://x.awsapps.com/start\nsso_region = us-east-1\n"
)
SSO_LEGACY = (
    "sso_start_url = https://x.awsapps.com/start\nsso_region = us-east-1\n"
    "sso_account_id = 123456789012\nsso_role_name = Reader\n"
)
ENV_KEYS = {"AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "env-secret"}


@dataclass
class Scenario:
    """A configuration: the two files (``{token}``, ``{process}`` and ``{container}`` filled
    in), the environment, and the profile passed as an argument."""

    config: str = ""
    credentials: str = ""
    env: dict[str, str] = field(default_factory=dict)
    profile: str | None = None


SCENARIOS: dict[str, Scenario] = {
    "environment": Scenario(env=ENV_KEYS),
    "environment wins over AWS_PROFILE": Scenario(
        credentials=STATIC_CREDS.format(name="dev", tag="DEV"),
        env={**ENV_KEYS, "AWS_PROFILE": "dev"},
    ),
    "a named profile skips the environment": Scenario(
        credentials=STATIC_CREDS.format(name="dev", tag="DEV"), env=ENV_KEYS, profile="dev"
    ),
    "AWS_DEFAULT_PROFILE before AWS_PROFILE": Scenario(
        credentials=STATIC_CREDS.format(name="a", tag="A") + STATIC_CREDS.format(name="b", tag="B"),
        env={"AWS_DEFAULT_PROFILE": "a", "AWS_PROFILE": "b"},
    ),
    "credentials file": Scenario(credentials=STATIC_CREDS.format(name="default", tag="")),
    "config file": Scenario(config="[default]\n" + STATIC_CONFIG),
    "credentials file before config file": Scenario(
        config="[default]\n" + STATIC_CONFIG,
        credentials=STATIC_CREDS.format(name="default", tag=""),
    ),
    "credential_process": Scenario(config="[default]\ncredential_process = {process}\n"),
    "credentials file before credential_process": Scenario(
        config="[default]\ncredential_process = {process}\n",
        credentials=STATIC_CREDS.format(name="default", tag=""),
    ),
    "credential_process before config file": Scenario(
        config="[default]\ncredential_process = {process}\n" + STATIC_CONFIG
    ),
    "assume-role with source_profile": Scenario(
        config=f"[default]\nrole_arn = {ROLE}\nsource_profile = base\n",
        credentials=STATIC_CREDS.format(name="base", tag="BASE"),
    ),
    "assume-role before static keys of the same profile": Scenario(
        credentials=STATIC_CREDS.format(name="default", tag="")
        + f"role_arn = {ROLE}\nsource_profile = default\n",
    ),
    "environment before the default profile's role": Scenario(
        config=f"[default]\nrole_arn = {ROLE}\ncredential_source = Environment\n", env=ENV_KEYS
    ),
    "named profile's role from the environment": Scenario(
        config=f"[profile r]\nrole_arn = {ROLE}\ncredential_source = Environment\n",
        env=ENV_KEYS,
        profile="r",
    ),
    "assume-role chain": Scenario(
        config=f"[profile a]\nrole_arn = {ROLE}\nsource_profile = b\n"
        f"[profile b]\nrole_arn = {ROLE}\nsource_profile = base\n",
        credentials=STATIC_CREDS.format(name="base", tag="BASE"),
        profile="a",
    ),
    "web identity from the environment": Scenario(
        env={"AWS_WEB_IDENTITY_TOKEN_FILE": "{token}", "AWS_ROLE_ARN": ROLE}
    ),
    "profile role before web identity from the environment": Scenario(
        config=f"[default]\nrole_arn = {ROLE}\nsource_profile = base\n",
        credentials=STATIC_CREDS.format(name="base", tag="BASE"),
        env={"AWS_WEB_IDENTITY_TOKEN_FILE": "{token}", "AWS_ROLE_ARN": ROLE},
    ),
    "web identity in the profile": Scenario(
        config=f"[default]\nrole_arn = {ROLE}\nweb_identity_token_file = {{token}}\n"
    ),
    "web identity before the credentials file": Scenario(
        credentials=STATIC_CREDS.format(name="default", tag=""),
        env={"AWS_WEB_IDENTITY_TOKEN_FILE": "{token}", "AWS_ROLE_ARN": ROLE},
    ),
    "sso session": Scenario(config="[default]\n" + SSO + SSO_SESSION),
    "sso legacy": Scenario(config="[profile old]\n" + SSO_LEGACY, profile="old"),
    "sso before the credentials file": Scenario(
        config="[default]\n" + SSO + SSO_SESSION,
        credentials=STATIC_CREDS.format(name="default", tag=""),
    ),
    "container endpoint": Scenario(
        env={
            "AWS_CONTAINER_CREDENTIALS_FULL_URI": "{container}",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN": Emulator.container_authorization_token,
        }
    ),
    "profile before the container endpoint": Scenario(
        credentials=STATIC_CREDS.format(name="default", tag=""),
        env={"AWS_CONTAINER_CREDENTIALS_FULL_URI": "{container}"},
    ),
    "nothing anywhere": Scenario(),
    "nothing in a named profile": Scenario(
        config="[profile empty]\nregion = eu-west-1\n", profile="empty"
    ),
}

REFUSED: dict[str, Scenario] = {
    "a loop of source profiles": Scenario(
        config=f"[profile a]\nrole_arn = {ROLE}\nsource_profile = b\n"
        f"[profile b]\nrole_arn = {ROLE}\nsource_profile = a\n",
        profile="a",
    ),
    "half a pair in the environment": Scenario(env={"AWS_ACCESS_KEY_ID": "AKIDHALF"}),
    "half a pair in the credentials file": Scenario(
        credentials="[default]\naws_access_key_id = A\n"
    ),
    "a token file without a role": Scenario(env={"AWS_WEB_IDENTITY_TOKEN_FILE": "{token}"}),
    "a role without a source": Scenario(config=f"[default]\nrole_arn = {ROLE}\n"),
    "both source_profile and credential_source": Scenario(
        config=f"[default]\nrole_arn = {ROLE}\nsource_profile = b\n"
        "credential_source = Environment\n[profile b]\n" + STATIC_CONFIG
    ),
    "an unknown credential_source": Scenario(
        config=f"[default]\nrole_arn = {ROLE}\ncredential_source = Laptop\n"
    ),
    "a missing source_profile": Scenario(
        config=f"[default]\nrole_arn = {ROLE}\nsource_profile = x\n"
    ),
    "an sso profile missing settings": Scenario(config="[default]\nsso_role_name = Reader\n"),
    "an sso_session that does not exist": Scenario(config="[default]\n" + SSO),
    "a named profile that does not exist": Scenario(env=ENV_KEYS, profile="ghost"),
    "AWS_PROFILE naming a profile that does not exist": Scenario(
        env={**ENV_KEYS, "AWS_PROFILE": "ghost"}
    ),
}

STATIC_METHODS = ("env", "shared-credentials-file", "config-file")
# botocore's provider METHOD for each kind of source we pick.
OURS_TO_BOTOCORE: dict[type, str] = {
    AssumeRoleProvider: "assume-role",
    WebIdentityProvider: "assume-role-with-web-identity",
    SSOProvider: "sso",
    ProcessProvider: "custom-process",
    ContainerProvider: "container-role",
    EnvironmentProvider: "env",
}


@pytest.fixture(scope="module")
def emulator() -> Iterator[Emulator]:
    with Emulator() as emu:
        yield emu


class Home:
    def __init__(self, root: Path, emulator: Emulator, monkeypatch: pytest.MonkeyPatch) -> None:
        self.root, self.emulator, self.monkeypatch = root, emulator, monkeypatch
        (root / ".aws").mkdir()
        token = root / "token"
        token.write_text(emulator.web_identity_token)
        script = root / "process.py"
        answer = {"Version": 1, "AccessKeyId": "AKIDPROCESS", "SecretAccessKey": "p"}
        script.write_text(f"import json; print(json.dumps({answer!r}))")
        self.fill = {
            "token": str(token),
            "process": f"{sys.executable} {script}",
            "container": emulator.container_credentials_url,
        }

    def apply(self, scenario: Scenario) -> dict[str, str]:
        config, credentials = self.root / ".aws" / "config", self.root / ".aws" / "credentials"
        config.write_text(scenario.config.format(**self.fill))
        credentials.write_text(scenario.credentials.format(**self.fill))
        env = {
            "HOME": str(self.root),
            "AWS_CONFIG_FILE": str(config),
            "AWS_SHARED_CREDENTIALS_FILE": str(credentials),
            "BOTO_CONFIG": str(self.root / "no-boto-config"),
            "AWS_EC2_METADATA_DISABLED": "true",
            **{name: value.format(**self.fill) for name, value in scenario.env.items()},
        }
        for name, value in env.items():
            self.monkeypatch.setenv(name, value)
        return env


@pytest.fixture
def home(tmp_path: Path, emulator: Emulator, monkeypatch: pytest.MonkeyPatch) -> Home:
    return Home(tmp_path, emulator, monkeypatch)


def botocore_pick(profile: str | None) -> tuple[str | None, str | None]:
    """(the METHOD of botocore's first provider that yields credentials, their key id)."""
    session = botocore.session.Session(profile=profile)
    resolver = botocore.credentials.create_credential_resolver(session, region_name="us-east-1")
    for provider in resolver.providers:
        found = provider.load()
        if found is not None:
            static = provider.METHOD in STATIC_METHODS
            return provider.METHOD, found.access_key if static else None
    return None, None


def our_pick(profile: str | None) -> tuple[str | None, str | None]:
    try:
        chain = DefaultCredentialChain(profile, region="us-east-1")
    except InvalidInputError as missing:
        if missing.field in ("credentials",):
            return None, None
        raise
    source = chain.source
    if isinstance(source, AwsCredentials):
        files = {"shared-credentials-file": "AKIDCREDS", "config-file": "AKIDCONFIG"}
        method = next(
            (name for name, prefix in files.items() if source.access_key_id.startswith(prefix)),
            "env",
        )
        return method, source.access_key_id
    return OURS_TO_BOTOCORE[type(source)], None


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_we_pick_the_source_botocore_picks(home: Home, name: str) -> None:
    scenario = SCENARIOS[name]
    home.apply(scenario)
    assert our_pick(scenario.profile) == botocore_pick(scenario.profile)


@pytest.mark.parametrize("name", list(REFUSED))
def test_we_refuse_what_botocore_refuses(home: Home, name: str) -> None:
    scenario = REFUSED[name]
    home.apply(scenario)
    with pytest.raises(botocore.exceptions.BotoCoreError):
        botocore_pick(scenario.profile)
    with pytest.raises(InvalidInputError):
        our_pick(scenario.profile)


def test_both_read_the_same_session_token(home: Home) -> None:
    home.apply(Scenario(env={**ENV_KEYS, "AWS_SESSION_TOKEN": "new", "AWS_SECURITY_TOKEN": "old"}))
    session = botocore.session.Session()
    frozen = session.get_credentials().get_frozen_credentials()
    ours = DefaultCredentialChain().load()
    assert (ours.access_key_id, ours.secret_access_key, ours.session_token) == (
        frozen.access_key,
        frozen.secret_key,
        frozen.token,
    )


# -- the wire formats ----------------------------------------------------------------------


def test_assume_role_requests_match_botocore() -> None:
    params = {
        "RoleArn": ROLE,
        "RoleSessionName": "nightly",
        "ExternalId": "ext-123",
        "DurationSeconds": 1800,
    }
    expected = oracle.serialize("sts", "AssumeRole", params)
    call = assume_role_call(
        sts_endpoint("us-east-1", {}),
        role_arn=ROLE,
        session_name="nightly",
        external_id="ext-123",
        duration_seconds=1800,
    )
    assert call.method == expected["method"] and expected["url_path"] == "/"
    expected_form = sorted((name, str(value)) for name, value in expected["body"].items())
    assert sorted(parse_qsl(call.body.decode())) == expected_form
    assert dict(call.headers)["content-type"] == expected["headers"]["Content-Type"]


def test_web_identity_requests_match_botocore() -> None:
    params = {"RoleArn": ROLE, "RoleSessionName": "pod", "WebIdentityToken": "jwt.token.sig"}
    expected = oracle.serialize("sts", "AssumeRoleWithWebIdentity", params)
    call = web_identity_call(
        sts_endpoint(None, {}), role_arn=ROLE, session_name="pod", token="jwt.token.sig"
    )
    assert sorted(parse_qsl(call.body.decode())) == sorted(expected["body"].items())


def test_the_emulators_sts_answers_parse_with_botocore(emulator: Emulator) -> None:
    keys = emulator.aws_credentials
    role = AssumeRoleProvider(
        role_arn=ROLE, source=keys, environ={"AWS_ENDPOINT_URL_STS": emulator.url}
    )
    ours = role.load()
    answered = httpx.post(
        emulator.url,
        data={
            "Action": "AssumeRoleWithWebIdentity",
            "Version": "2011-06-15",
            "RoleArn": ROLE,
            "RoleSessionName": "pod",
            "WebIdentityToken": emulator.web_identity_token,
        },
    )
    parsed = oracle.parse("sts", "AssumeRoleWithWebIdentity", 200, answered.content)
    assert parsed["Credentials"]["AccessKeyId"].startswith("ASIAEMULATOR")
    assert parsed["AssumedRoleUser"]["Arn"].startswith("arn:aws:sts::123456789012:assumed-role/")
    assert ours.account_id == "123456789012"
    refused = httpx.post(
        emulator.url,
        data={
            "Action": "AssumeRoleWithWebIdentity",
            "Version": "2011-06-15",
            "RoleArn": ROLE,
            "RoleSessionName": "pod",
            "WebIdentityToken": "wrong",
        },
    )
    error = oracle.parse("sts", "AssumeRoleWithWebIdentity", 400, refused.content)
    assert error["Error"]["Code"] == "InvalidIdentityToken"


def test_get_role_credentials_requests_match_botocore(tmp_path: Path) -> None:
    params = {"roleName": "Reader", "accountId": "123456789012", "accessToken": "tok"}
    expected = oracle.serialize("sso", "GetRoleCredentials", params)
    cache = tmp_path / (hashlib.sha1(b"corp").hexdigest() + ".json")
    cache.write_text(json.dumps({"accessToken": "tok", "expiresAt": "2999-01-01T00:00:00Z"}))
    provider = SSOProvider(
        start_url="https://x/start",
        sso_region="us-east-1",
        account_id="123456789012",
        role_name="Reader",
        session_name="corp",
        cache_dir=tmp_path,
    )
    call = provider._role_call(provider._read_token())
    url = httpx.URL(call.url)
    assert call.method == expected["method"] and url.path == expected["url_path"]
    assert dict(url.params) == expected["query_string"]
    assert dict(call.headers) == expected["headers"]


def test_the_emulators_sso_answers_parse_with_botocore(emulator: Emulator) -> None:
    answered = httpx.get(
        emulator.url + "/federation/credentials",
        params={"role_name": "Reader", "account_id": "123456789012"},
        headers={"x-amz-sso_bearer_token": emulator.sso_access_token},
    )
    parsed = oracle.parse("sso", "GetRoleCredentials", 200, answered.content)
    assert parsed["roleCredentials"]["accessKeyId"].startswith("ASIAEMULATOR")
    assert isinstance(parsed["roleCredentials"]["expiration"], int)
