"""Which source the default chain picks, in botocore's order, from configuration alone — and
every refusal of a configuration, naming the setting and the fix, never a secret."""

from __future__ import annotations

from pathlib import Path

import pytest

from metricsdk import AwsCredentials
from metricsdk._core.aws_identity.chain import _LastResort
from metricsdk.credentials import (
    AssumeRoleProvider,
    ContainerProvider,
    CredentialChain,
    DefaultCredentialChain,
    EnvironmentProvider,
    InstanceMetadataProvider,
    ProcessProvider,
    ProfileProvider,
    SSOProvider,
    WebIdentityProvider,
)
from metricsdk.errors import InvalidInputError, MissingCredentialsError

ROLE = "arn:aws:iam::123456789012:role/reader"
OTHER_ROLE = "arn:aws:iam::210987654321:role/admin"


class Setup:
    """A temporary HOME: the shared files, a token file, and the environment to read."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.credentials = root / "credentials"
        self.config = root / "config"
        self.token = root / "token"
        self.token.write_text("header.payload.signature")
        self.env: dict[str, str] = {
            "HOME": str(root),
            "AWS_SHARED_CREDENTIALS_FILE": str(self.credentials),
            "AWS_CONFIG_FILE": str(self.config),
            "AWS_EC2_METADATA_DISABLED": "true",
        }

    def files(self, credentials: str = "", config: str = "") -> Setup:
        self.credentials.write_text(credentials)
        self.config.write_text(config)
        return self

    def chain(self, profile: str | None = None, **env: str) -> DefaultCredentialChain:
        return DefaultCredentialChain(profile, region="us-east-1", environ={**self.env, **env})


@pytest.fixture
def home(tmp_path: Path) -> Setup:
    return Setup(tmp_path)


STATIC = "[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = file-secret\n"
ENV_KEYS = {"AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "env-secret"}


def test_environment_keys_come_first_and_need_no_provider(home: Setup) -> None:
    home.files(credentials=STATIC)
    chain = home.chain(**ENV_KEYS, AWS_SESSION_TOKEN="env-token", AWS_ACCOUNT_ID="123456789012")
    assert chain.source == AwsCredentials(
        "AKIDENV", "env-secret", "env-token", account_id="123456789012"
    )
    assert chain.account_id == "123456789012"


def test_environment_keys_with_an_expiry_are_read_again(home: Setup) -> None:
    chain = home.chain(**ENV_KEYS, AWS_CREDENTIAL_EXPIRATION="2999-01-01T00:00:00Z")
    assert isinstance(chain.source, EnvironmentProvider)
    assert chain.load().expiry is not None and chain.identity == "environment"


def test_the_older_security_token_variable_wins_as_in_botocore(home: Setup) -> None:
    chain = home.chain(**ENV_KEYS, AWS_SESSION_TOKEN="new", AWS_SECURITY_TOKEN="old")
    assert chain.load().session_token == "old"


def test_a_named_profile_skips_the_environment_but_aws_profile_does_not(home: Setup) -> None:
    home.files(
        credentials=STATIC + "[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = d\n"
    )
    assert home.chain("dev", **ENV_KEYS).load().access_key_id == "AKIDDEV"
    assert home.chain(**ENV_KEYS, AWS_PROFILE="dev").load().access_key_id == "AKIDENV"
    assert home.chain(AWS_PROFILE="dev").load().access_key_id == "AKIDDEV"
    assert home.chain(AWS_DEFAULT_PROFILE="dev", AWS_PROFILE="nope").load().access_key_id == (
        "AKIDDEV"
    )


def test_static_keys_of_the_credentials_file_come_before_the_process_and_the_config_file(
    home: Setup,
) -> None:
    config = (
        "[default]\ncredential_process = /bin/false\n"
        "aws_access_key_id = AKIDCONFIG\naws_secret_access_key = c\n"
    )
    home.files(credentials=STATIC, config=config)
    assert home.chain().load().access_key_id == "AKIDFILE"
    home.files(config=config)
    assert isinstance(home.chain().source, ProcessProvider)
    home.files(config="[default]\naws_access_key_id = AKIDCONFIG\naws_secret_access_key = c\n")
    assert home.chain().load().access_key_id == "AKIDCONFIG"


def test_profile_sections_as_botocore_names_them(home: Setup) -> None:
    home.files(
        config='[profile "with space"]\naws_access_key_id = AKIDSPACE\naws_secret_access_key = s\n'
        "[not-a-profile]\naws_access_key_id = AKIDNO\naws_secret_access_key = s\n"
    )
    assert home.chain("with space").load().access_key_id == "AKIDSPACE"
    with pytest.raises(MissingCredentialsError) as caught:
        home.chain("not-a-profile")
    assert caught.value.field == "profile"


def test_assume_role_with_a_source_profile(home: Setup) -> None:
    home.files(
        credentials=STATIC,
        config=f"[profile reader]\nrole_arn = {ROLE}\nsource_profile = default\n"
        "external_id = ext-123\nrole_session_name = nightly\nduration_seconds = 1800\n",
    )
    chain = home.chain("reader")
    assert isinstance(chain.source, AssumeRoleProvider)
    assert chain.account_id == "123456789012" and chain.identity == f"role {ROLE}"
    assert chain.source._source == AwsCredentials("AKIDFILE", "file-secret")
    assert chain.source._external_id == "ext-123" and chain.source._duration == 1800
    assert chain.source._session_name == "nightly"


def test_assume_role_chains_and_a_source_with_static_keys_ends_the_chain(home: Setup) -> None:
    home.files(
        credentials="[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = b\n",
        config=f"[profile admin]\nrole_arn = {OTHER_ROLE}\nsource_profile = reader\n"
        f"[profile reader]\nrole_arn = {ROLE}\nsource_profile = base\n"
        f"[profile base]\nrole_arn = {ROLE}\nsource_profile = admin\n",
    )
    chain = home.chain("admin")
    assert isinstance(chain.source, AssumeRoleProvider) and chain.source.role_arn == OTHER_ROLE
    inner = chain.source._source
    assert isinstance(inner, AssumeRoleProvider) and inner.role_arn == ROLE
    # base has static keys: they are used as they are, its own role_arn is not followed.
    assert inner._source == AwsCredentials("AKIDBASE", "b")


def test_a_profile_may_source_its_own_static_keys(home: Setup) -> None:
    home.files(
        credentials=f"[self]\naws_access_key_id = AKIDSELF\naws_secret_access_key = s\n"
        f"role_arn = {ROLE}\nsource_profile = self\n"
    )
    chain = home.chain("self")
    assert isinstance(chain.source, AssumeRoleProvider)
    assert chain.source._source == AwsCredentials("AKIDSELF", "s")


def test_a_loop_of_source_profiles_is_refused(home: Setup) -> None:
    home.files(
        config=f"[profile a]\nrole_arn = {ROLE}\nsource_profile = b\n"
        f"[profile b]\nrole_arn = {ROLE}\nsource_profile = a\n"
    )
    with pytest.raises(InvalidInputError) as caught:
        home.chain("a")
    assert "loop" in caught.value.rule and "a -> b -> a" in caught.value.rule
    home.files(config=f"[profile a]\nrole_arn = {ROLE}\nsource_profile = a\n")
    with pytest.raises(InvalidInputError) as caught:
        home.chain("a")
    assert "a -> a" in caught.value.rule


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        ("source_profile = default\ncredential_source = Environment\n", "both"),
        ("", "neither source_profile nor credential_source"),
        ("credential_source = Laptop\n", "Environment, Ec2InstanceMetadata, EcsContainer"),
        ("source_profile = ghost\n", "ghost"),
        ("source_profile = empty\n", "holds no credentials"),
        ("source_profile = default\nduration_seconds = 1h\n", "900 to 43200"),
        ("source_profile = default\nexternal_id = x\n", "2 to 1224"),
        ("source_profile = default\nrole_session_name = has space\n", "2 to 64"),
    ],
)
def test_role_profiles_configured_wrongly(home: Setup, settings: str, expected: str) -> None:
    home.files(
        credentials=STATIC,
        config=f"[profile r]\nrole_arn = {ROLE}\n{settings}[profile empty]\nregion = eu-west-1\n",
    )
    with pytest.raises(InvalidInputError) as caught:
        home.chain("r")
    assert expected in str(caught.value)
    assert "file-secret" not in str(caught.value)


def test_an_mfa_profile_gets_a_clear_error_and_no_prompt(
    home: Setup, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_prompt(*args: object) -> str:
        raise AssertionError("prompted")

    monkeypatch.setattr("builtins.input", no_prompt)
    monkeypatch.setattr("getpass.getpass", no_prompt)
    home.files(
        credentials=STATIC,
        config=f"[profile mfa]\nrole_arn = {ROLE}\nsource_profile = default\n"
        "mfa_serial = arn:aws:iam::123456789012:mfa/me\n",
    )
    with pytest.raises(InvalidInputError) as caught:
        home.chain("mfa")
    assert caught.value.field == "profile mfa mfa_serial"
    assert "never prompts" in caught.value.rule
    assert "aws configure export-credentials --profile mfa" in caught.value.rule


@pytest.mark.parametrize(
    ("source", "env", "kind"),
    [
        ("Environment", ENV_KEYS, EnvironmentProvider),
        ("Ec2InstanceMetadata", {"AWS_EC2_METADATA_DISABLED": "false"}, InstanceMetadataProvider),
        (
            "EcsContainer",
            {"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/v2/credentials/x"},
            ContainerProvider,
        ),
    ],
)
def test_credential_source(home: Setup, source: str, env: dict[str, str], kind: type) -> None:
    home.files(config=f"[profile r]\nrole_arn = {ROLE}\ncredential_source = {source}\n")
    chain = home.chain("r", **env)
    assert isinstance(chain.source, AssumeRoleProvider)
    assert isinstance(chain.source._source, kind)


def test_a_credential_source_with_nothing_there_says_where_it_looked(home: Setup) -> None:
    home.files(config=f"[profile r]\nrole_arn = {ROLE}\ncredential_source = EcsContainer\n")
    with pytest.raises(InvalidInputError) as caught:
        home.chain("r")
    assert caught.value.field == "profile r credential_source"
    assert "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI" in caught.value.rule


def test_web_identity_from_the_environment(home: Setup) -> None:
    chain = home.chain(
        AWS_WEB_IDENTITY_TOKEN_FILE=str(home.token),
        AWS_ROLE_ARN=ROLE,
        AWS_ROLE_SESSION_NAME="pod-1",
    )
    assert isinstance(chain.source, WebIdentityProvider)
    assert chain.source.token_file == home.token and chain.source._session_name == "pod-1"
    assert chain.account_id == "123456789012"


def test_web_identity_settings_mix_the_environment_and_the_profile(home: Setup) -> None:
    home.files(config=f"[default]\nrole_arn = {ROLE}\nweb_identity_token_file = /elsewhere\n")
    chain = home.chain(AWS_WEB_IDENTITY_TOKEN_FILE=str(home.token))
    assert isinstance(chain.source, WebIdentityProvider)
    assert chain.source.token_file == home.token and chain.source.role_arn == ROLE
    # With a profile named, the environment's web identity variables are not read.
    home.files(config=f"[profile p]\nrole_arn = {ROLE}\nweb_identity_token_file = {home.token}\n")
    named = home.chain("p", AWS_WEB_IDENTITY_TOKEN_FILE="/ignored", AWS_ROLE_ARN=OTHER_ROLE)
    assert isinstance(named.source, WebIdentityProvider) and named.source.role_arn == ROLE


def test_a_token_file_without_a_role_is_refused(home: Setup) -> None:
    with pytest.raises(InvalidInputError) as caught:
        home.chain(AWS_WEB_IDENTITY_TOKEN_FILE=str(home.token))
    assert caught.value.field == "AWS_ROLE_ARN"


def test_a_profiles_assume_role_comes_before_web_identity_from_the_environment(
    home: Setup,
) -> None:
    home.files(
        credentials=STATIC,
        config=f"[default]\nrole_arn = {ROLE}\nsource_profile = base\n"
        "[profile base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = b\n",
    )
    chain = home.chain(AWS_WEB_IDENTITY_TOKEN_FILE=str(home.token), AWS_ROLE_ARN=OTHER_ROLE)
    assert isinstance(chain.source, AssumeRoleProvider) and chain.source.role_arn == ROLE


SSO_SESSION = (
    "[profile dev]\nsso_session = corp\nsso_account_id = 123456789012\n"
    "sso_role_name = Reader\nregion = eu-west-1\n"
    "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\n"
)
SSO_LEGACY = (
    "[profile old]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n"
    "sso_account_id = 123456789012\nsso_role_name = Reader\n"
)


def test_sso_profiles_in_both_forms(home: Setup) -> None:
    home.files(config=SSO_SESSION + SSO_LEGACY)
    for name, session in (("dev", "corp"), ("old", None)):
        chain = home.chain(name)
        assert isinstance(chain.source, SSOProvider)
        assert chain.source._session_name == session and chain.source._profile == name
        assert chain.account_id == "123456789012"
        assert chain.identity == "sso 123456789012/Reader"


def test_sso_comes_before_static_keys(home: Setup) -> None:
    home.files(
        credentials="[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = d\n",
        config=SSO_SESSION,
    )
    assert isinstance(home.chain("dev").source, SSOProvider)


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        (SSO_SESSION.replace("sso_session = corp", "sso_session = ghost"), "[sso-session ghost]"),
        (SSO_SESSION.replace("sso_role_name = Reader\n", ""), "lacks sso_role_name"),
        (
            SSO_SESSION.replace("region = eu-west-1\n[sso", "sso_region = us-east-1\n[sso"),
            "differs",
        ),
        (SSO_LEGACY.replace("sso_region = us-east-1\n", ""), "lacks sso_region"),
    ],
)
def test_sso_profiles_configured_wrongly(home: Setup, config: str, expected: str) -> None:
    home.files(config=config)
    name = "old" if "profile old" in config else "dev"
    with pytest.raises(InvalidInputError) as caught:
        home.chain(name)
    assert expected in str(caught.value)


def test_an_aws_login_profile_is_pointed_at_the_botocore_adapter(home: Setup) -> None:
    home.files(config="[profile web]\nlogin_session = arn:aws:iam::123456789012:user/me\n")
    with pytest.raises(InvalidInputError) as caught:
        home.chain("web")
    assert "BotocoreProvider" in caught.value.rule


def test_container_credentials_come_after_the_profile(home: Setup) -> None:
    relative = {"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/v2/credentials/abc"}
    chain = home.chain(**relative)
    assert isinstance(chain.source, ContainerProvider)
    assert chain.source.url == "http://169.254.170.2/v2/credentials/abc"
    home.files(credentials=STATIC)
    assert home.chain(**relative).load().access_key_id == "AKIDFILE"


@pytest.mark.parametrize(
    "uri",
    [
        "http://127.0.0.1:8080/creds",
        "http://localhost/creds",
        "http://[::1]/creds",
        "http://169.254.170.23/v1/credentials",
        "http://[fd00:ec2::23]/v1/credentials",
        "https://creds.example.com/x",
    ],
)
def test_full_uris_that_are_allowed(home: Setup, uri: str) -> None:
    chain = home.chain(AWS_CONTAINER_CREDENTIALS_FULL_URI=uri)
    assert isinstance(chain.source, ContainerProvider)


@pytest.mark.parametrize(
    "uri", ["http://creds.example.com/x", "http://10.0.0.1/x", "ftp://127.0.0.1/x", "not a url"]
)
def test_full_uris_that_would_send_credentials_in_the_clear_are_refused(
    home: Setup, uri: str
) -> None:
    with pytest.raises(InvalidInputError) as caught:
        home.chain(AWS_CONTAINER_CREDENTIALS_FULL_URI=uri)
    assert caught.value.field == "AWS_CONTAINER_CREDENTIALS_FULL_URI"


def test_the_relative_uri_wins_over_the_full_one(home: Setup) -> None:
    chain = home.chain(
        AWS_CONTAINER_CREDENTIALS_RELATIVE_URI="/v2/credentials/abc",
        AWS_CONTAINER_CREDENTIALS_FULL_URI="http://127.0.0.1/x",
    )
    assert isinstance(chain.source, ContainerProvider) and "169.254.170.2" in chain.source.url


def test_instance_metadata_is_the_last_resort(home: Setup) -> None:
    chain = home.chain(AWS_EC2_METADATA_DISABLED="false")
    assert isinstance(chain.source, _LastResort)
    assert chain.identity == "instance metadata http://169.254.169.254"
    chain = home.chain(
        AWS_EC2_METADATA_DISABLED="false",
        AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE="IPv6",
    )
    assert chain.identity == "instance metadata http://[fd00:ec2::254]"
    home.files(config="[default]\nec2_metadata_service_endpoint = http://127.0.0.1:1/\n")
    chain = home.chain(AWS_EC2_METADATA_DISABLED="false")
    assert chain.identity == "instance metadata http://127.0.0.1:1"


def test_nothing_configured_lists_every_place_searched(home: Setup) -> None:
    with pytest.raises(MissingCredentialsError) as caught:
        home.chain()
    searched = caught.value.searched
    assert searched[0] == "environment AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY"
    assert "environment AWS_WEB_IDENTITY_TOKEN_FILE/AWS_ROLE_ARN" in searched
    assert f"{home.credentials} [default]" in searched and f"{home.config} [default]" in searched
    assert searched[-2].startswith("environment AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")
    assert searched[-1] == "EC2 instance metadata (disabled by AWS_EC2_METADATA_DISABLED)"
    assert len(searched) == len(set(searched))


def test_bad_metadata_settings_are_refused(home: Setup) -> None:
    for env in (
        {"AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE": "ipv5"},
        {"AWS_EC2_METADATA_SERVICE_ENDPOINT": "169.254.169.254"},
        {"AWS_METADATA_SERVICE_TIMEOUT": "soon"},
        {"AWS_METADATA_SERVICE_NUM_ATTEMPTS": "0"},
    ):
        with pytest.raises(InvalidInputError):
            home.chain(AWS_EC2_METADATA_DISABLED="false", **env)


def test_profile_provider_is_one_profile_only(home: Setup) -> None:
    home.files(credentials=STATIC, config="[profile empty]\nregion = eu-west-1\n")
    env = {**home.env, **ENV_KEYS}
    assert ProfileProvider(environ=env).load().access_key_id == "AKIDFILE"
    with pytest.raises(MissingCredentialsError) as caught:
        ProfileProvider("empty", environ=env)
    assert caught.value.field == "credentials"
    with pytest.raises(MissingCredentialsError) as caught:
        ProfileProvider("ghost", environ=env)
    assert caught.value.field == "profile"


def test_a_chain_of_ones_own(home: Setup) -> None:
    env = {**home.env, **ENV_KEYS}
    chain = CredentialChain(
        lambda: ContainerProvider(environ=env), lambda: EnvironmentProvider(environ=env)
    )
    assert isinstance(chain.source, EnvironmentProvider)
    assert chain.searched[0].startswith("environment AWS_CONTAINER")
    fixed = AwsCredentials("AKIDFIXED", "f")
    assert CredentialChain(lambda: ContainerProvider(environ=env), fixed).load() is fixed
    with pytest.raises(MissingCredentialsError):
        CredentialChain(lambda: ContainerProvider(environ={}))
    assert "AwsCredentials" in repr(CredentialChain(fixed)) and "'f'" not in repr(
        CredentialChain(fixed)
    )
