"""The other sources over respx (SSO, container endpoint, instance metadata) and for real
(credential_process, a botocore session): what each sends, what it reads, and each failure
named with its remedy, never with a secret."""

from __future__ import annotations

import hashlib
import json
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import httpx
import pytest
import respx

from metricsdk import AwsCredentials
from metricsdk._core.aws_identity import container as container_module
from metricsdk._core.aws_identity.chain import DefaultCredentialChain
from metricsdk.credentials import (
    BotocoreProvider,
    ContainerProvider,
    InstanceMetadataProvider,
    ProcessProvider,
    SSOProvider,
)
from metricsdk.errors import (
    AuthenticationError,
    InvalidInputError,
    MalformedResponseError,
    MissingCredentialsError,
    NotFoundError,
    ServerError,
    TransportError,
)

ISSUED = {
    "AccessKeyId": "ASIAISSUED0000000000",
    "SecretAccessKey": "issued-secret-value",
    "Token": "issued-token-value",
    "Expiration": "2999-01-01T00:00:00Z",
}


def later(**delta: float) -> str:
    return (datetime.now(timezone.utc) + timedelta(**delta)).strftime("%Y-%m-%dT%H:%M:%SZ")


# -- SSO ---------------------------------------------------------------------------------------

PORTAL = "https://portal.sso.eu-west-1.amazonaws.com/federation/credentials"
OIDC = "https://oidc.eu-west-1.amazonaws.com/token"
ACCESS_TOKEN = "sso-access-token-secret"
ROLE_CREDENTIALS = {
    "roleCredentials": {
        "accessKeyId": "ASIASSO0000000000000",
        "secretAccessKey": "sso-role-secret",
        "sessionToken": "sso-role-token",
        "expiration": 32503680000000,  # 3000-01-01, in epoch milliseconds
    }
}


def sso(tmp_path: Path, session: str | None = "corp", **token: object) -> SSOProvider:
    key = session if session is not None else "https://corp.awsapps.com/start"
    cache = tmp_path / "sso" / "cache"
    cache.mkdir(parents=True, exist_ok=True)
    data = {"accessToken": ACCESS_TOKEN, "expiresAt": later(hours=1), **token}
    (cache / (hashlib.sha1(key.encode()).hexdigest() + ".json")).write_text(json.dumps(data))
    return SSOProvider(
        start_url="https://corp.awsapps.com/start",
        sso_region="eu-west-1",
        account_id="123456789012",
        role_name="Reader",
        session_name=session,
        profile="dev",
        environ={"HOME": str(tmp_path / "home")},
        cache_dir=cache,
    )


@respx.mock
def test_sso_exchanges_the_cached_token_for_role_credentials(tmp_path: Path) -> None:
    route = respx.get(PORTAL).respond(200, json=ROLE_CREDENTIALS)
    credentials = sso(tmp_path).load()
    assert credentials == AwsCredentials(
        "ASIASSO0000000000000",
        "sso-role-secret",
        "sso-role-token",
        expiry=datetime(3000, 1, 1, tzinfo=timezone.utc),
        account_id="123456789012",
    )
    request = route.calls.last.request
    assert dict(request.url.params) == {"role_name": "Reader", "account_id": "123456789012"}
    assert request.headers["x-amz-sso_bearer_token"] == ACCESS_TOKEN
    assert "authorization" not in request.headers


@respx.mock
async def test_sso_legacy_form_async(tmp_path: Path) -> None:
    respx.get(PORTAL).respond(200, json=ROLE_CREDENTIALS)
    assert (await sso(tmp_path, session=None).load_async()).account_id == "123456789012"


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ({"expiresAt": later(minutes=-5)}, "expired at"),
        ({"accessToken": None}, "incomplete"),
        ({"expiresAt": "soon"}, "incomplete"),
    ],
)
def test_an_unusable_sso_token_asks_for_a_login(
    tmp_path: Path, token: dict[str, object], expected: str
) -> None:
    provider = sso(tmp_path, **token)
    with pytest.raises(InvalidInputError) as caught:
        provider.load()
    assert expected in caught.value.rule
    assert "run `aws sso login --profile dev`" in caught.value.rule
    assert ACCESS_TOKEN not in str(caught.value)


def test_no_cached_sso_token_asks_for_a_login(tmp_path: Path) -> None:
    provider = SSOProvider(
        start_url="https://corp.awsapps.com/start",
        sso_region="eu-west-1",
        account_id="123456789012",
        role_name="Reader",
        session_name="corp",
        cache_dir=tmp_path,
    )
    with pytest.raises(InvalidInputError) as caught:
        provider.load()
    assert "no SSO token cached" in caught.value.rule
    assert "aws sso login --sso-session corp" in caught.value.rule


@pytest.mark.parametrize(
    ("status", "code", "cls", "remedy"),
    [
        (401, "UnauthorizedException", AuthenticationError, "aws sso login --profile dev"),
        (403, "ForbiddenException", Exception, ""),
        (404, "ResourceNotFoundException", NotFoundError, "sso_account_id and sso_role_name"),
        (500, "", ServerError, ""),
    ],
)
@respx.mock
def test_portal_refusals(tmp_path: Path, status: int, code: str, cls: type, remedy: str) -> None:
    respx.get(PORTAL).respond(
        status,
        json={"message": "Session token not found or invalid"},
        headers={"x-amzn-ErrorType": code},
    )
    with pytest.raises(cls) as caught:
        sso(tmp_path).load()
    assert remedy in str(caught.value) and "GetRoleCredentials refused" in str(caught.value)
    assert ACCESS_TOKEN not in str(caught.value)


@respx.mock
def test_a_malformed_portal_answer(tmp_path: Path) -> None:
    respx.get(PORTAL).respond(200, json={"roleCredentials": {"accessKeyId": "A"}})
    with pytest.raises(MalformedResponseError):
        sso(tmp_path).load()


@respx.mock
def test_a_session_token_near_expiry_is_renewed_and_written_back(tmp_path: Path) -> None:
    renew = respx.post(OIDC).respond(
        200, json={"accessToken": "renewed-access-token", "expiresIn": 3600, "refreshToken": "r2"}
    )
    portal = respx.get(PORTAL).respond(200, json=ROLE_CREDENTIALS)
    provider = sso(
        tmp_path,
        expiresAt=later(minutes=5),
        refreshToken="r1",
        clientId="client",
        clientSecret="client-secret",
        registrationExpiresAt=later(days=30),
    )
    provider.load()
    sent = json.loads(renew.calls.last.request.content)
    assert sent == {
        "clientId": "client",
        "clientSecret": "client-secret",
        "grantType": "refresh_token",
        "refreshToken": "r1",
    }
    assert portal.calls.last.request.headers["x-amz-sso_bearer_token"] == "renewed-access-token"
    cached = json.loads(next((tmp_path / "sso" / "cache").glob("*.json")).read_text())
    assert cached["accessToken"] == "renewed-access-token" and cached["refreshToken"] == "r2"
    assert cached["clientSecret"] == "client-secret"


@respx.mock
def test_a_failed_renewal_falls_back_to_the_current_token_then_to_a_login(tmp_path: Path) -> None:
    respx.post(OIDC).respond(400, json={"error": "invalid_grant"})
    respx.get(PORTAL).respond(200, json=ROLE_CREDENTIALS)
    renewable = {
        "refreshToken": "r1",
        "clientId": "c",
        "clientSecret": "s",
        "registrationExpiresAt": later(days=1),
    }
    assert sso(tmp_path, expiresAt=later(minutes=5), **renewable).load()
    with pytest.raises(InvalidInputError) as caught:
        sso(tmp_path, expiresAt=later(minutes=-1), **renewable).load()
    assert "aws sso login --profile dev" in caught.value.rule


def test_sso_endpoints_follow_the_overrides(tmp_path: Path) -> None:
    provider = SSOProvider(
        start_url="https://x/start",
        sso_region="eu-west-1",
        account_id="123456789012",
        role_name="R",
        environ={
            "AWS_ENDPOINT_URL_SSO": "http://127.0.0.1:9/",
            "AWS_ENDPOINT_URL": "http://127.0.0.1:8",
        },
        cache_dir=tmp_path,
    )
    assert provider._portal == "http://127.0.0.1:9" and provider._oidc == "http://127.0.0.1:8"


# -- container ---------------------------------------------------------------------------------

ECS = "http://169.254.170.2/v2/credentials/task-1"


@respx.mock
def test_ecs_task_credentials() -> None:
    route = respx.get(ECS).respond(200, json={**ISSUED, "AccountId": "123456789012"})
    provider = ContainerProvider(
        environ={"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/v2/credentials/task-1"}
    )
    assert provider.load().account_id == "123456789012"
    assert "authorization" not in route.calls.last.request.headers
    assert provider.identity == f"container {ECS}"


@respx.mock
async def test_eks_pod_identity_sends_the_token_read_from_its_file(tmp_path: Path) -> None:
    token = tmp_path / "token"
    token.write_text("pod-identity-token-1\n")
    route = respx.get("http://169.254.170.23/v1/credentials").respond(200, json=ISSUED)
    provider = ContainerProvider(
        environ={
            "AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://169.254.170.23/v1/credentials",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": str(token),
            "AWS_CONTAINER_AUTHORIZATION_TOKEN": "ignored-when-a-file-is-set",
        }
    )
    assert (await provider.load_async()).session_token == "issued-token-value"
    assert route.calls.last.request.headers["authorization"] == "pod-identity-token-1"


@pytest.mark.parametrize("token", ["bad\r\ntoken", "bäd"])
def test_a_token_that_cannot_be_a_header_is_refused(token: str) -> None:
    provider = ContainerProvider(
        environ={
            "AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://127.0.0.1/creds",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN": token,
        }
    )
    with pytest.raises(InvalidInputError) as caught:
        provider.load()
    assert caught.value.field == "AWS_CONTAINER_AUTHORIZATION_TOKEN"
    assert token not in str(caught.value)


@respx.mock
def test_container_failures_are_retried_then_named(monkeypatch: pytest.MonkeyPatch) -> None:
    pauses: list[float] = []
    monkeypatch.setattr(container_module.time, "sleep", pauses.append)
    route = respx.get(ECS).respond(500, json={"message": "agent busy"})
    provider = ContainerProvider(
        environ={"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/v2/credentials/task-1"}
    )
    with pytest.raises(ServerError) as caught:
        provider.load()
    assert route.call_count == 3 and pauses == [1.0, 1.0]
    assert "agent busy" in str(caught.value) and "task role" in str(caught.value)
    route.respond(401, json={"message": "bad token"})
    with pytest.raises(AuthenticationError):
        provider.load()
    assert route.call_count == 4  # a refusal is not retried


@pytest.mark.parametrize(
    "body", [b"not json", b"[]", json.dumps({**ISSUED, "Token": 5}).encode(), b"{}"]
)
@respx.mock
def test_malformed_container_answers(body: bytes) -> None:
    respx.get(ECS).respond(200, content=body)
    provider = ContainerProvider(
        environ={"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/v2/credentials/task-1"}
    )
    with pytest.raises(MalformedResponseError):
        provider.load()


# -- instance metadata -------------------------------------------------------------------------

IMDS = "http://169.254.169.254"


def imds_routes(token_status: int = 200) -> dict[str, respx.Route]:
    return {
        "token": respx.put(f"{IMDS}/latest/api/token").respond(token_status, text="imds-token"),
        "role": respx.get(f"{IMDS}/latest/meta-data/iam/security-credentials/").respond(
            200, text="web-role\n"
        ),
        "creds": respx.get(f"{IMDS}/latest/meta-data/iam/security-credentials/web-role").respond(
            200, json={"Code": "Success", "Type": "AWS-HMAC", **ISSUED}
        ),
        "info": respx.get(f"{IMDS}/latest/meta-data/iam/info").respond(
            200,
            json={
                "Code": "Success",
                "InstanceProfileArn": "arn:aws:iam::123456789012:instance-profile/web",
            },
        ),
    }


@respx.mock
def test_imdsv2_token_first_then_the_role_then_its_credentials() -> None:
    routes = imds_routes()
    credentials = InstanceMetadataProvider(environ={}).load()
    assert credentials.access_key_id == "ASIAISSUED0000000000"
    assert credentials.account_id == "123456789012"
    token_request = routes["token"].calls.last.request
    assert token_request.headers["x-aws-ec2-metadata-token-ttl-seconds"] == "21600"
    for name in ("role", "creds", "info"):
        assert routes[name].calls.last.request.headers["x-aws-ec2-metadata-token"] == "imds-token"


@respx.mock
async def test_imds_falls_back_to_v1_when_tokens_are_not_offered() -> None:
    routes = imds_routes(token_status=403)
    credentials = await InstanceMetadataProvider(environ={}).load_async()
    assert credentials.session_token == "issued-token-value"
    assert "x-aws-ec2-metadata-token" not in routes["creds"].calls.last.request.headers


@respx.mock
def test_imds_v1_disabled_refuses_to_fall_back() -> None:
    routes = imds_routes(token_status=404)
    provider = InstanceMetadataProvider(environ={"AWS_EC2_METADATA_V1_DISABLED": "true"})
    with pytest.raises(InvalidInputError) as caught:
        provider.load()
    assert "IMDSv1 is disabled" in caught.value.rule and routes["role"].call_count == 0


@respx.mock
def test_an_instance_without_a_role() -> None:
    imds_routes()
    respx.get(f"{IMDS}/latest/meta-data/iam/security-credentials/").respond(404)
    with pytest.raises(MissingCredentialsError) as caught:
        InstanceMetadataProvider(environ={}).load()
    assert "attach an instance profile" in str(caught.value)


@respx.mock
def test_imds_errors() -> None:
    routes = imds_routes()
    routes["creds"].respond(200, json={"Code": "AssumeRoleUnauthorizedAccess", "Message": "no"})
    with pytest.raises(InvalidInputError) as caught:
        InstanceMetadataProvider(environ={}).load()
    assert "AssumeRoleUnauthorizedAccess" in caught.value.rule
    routes["creds"].respond(200, json={"Code": "Success", "AccessKeyId": "A"})
    with pytest.raises(MalformedResponseError):
        InstanceMetadataProvider(environ={}).load()
    routes["creds"].respond(500, text="")
    with pytest.raises(ServerError):
        InstanceMetadataProvider(environ={}).load()


@respx.mock
def test_imds_retries_as_configured() -> None:
    routes = imds_routes()
    routes["creds"].mock(
        side_effect=[
            httpx.Response(500),
            httpx.ReadTimeout("slow"),
            httpx.Response(200, json=ISSUED),
        ]
    )
    provider = InstanceMetadataProvider(environ={"AWS_METADATA_SERVICE_NUM_ATTEMPTS": "3"})
    assert provider.load().access_key_id == "ASIAISSUED0000000000"


@respx.mock
def test_off_ec2_the_default_chain_reports_nothing_found(tmp_path: Path) -> None:
    respx.put(f"{IMDS}/latest/api/token").mock(side_effect=httpx.ConnectTimeout("no route"))
    env = {
        "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "c"),
        "AWS_CONFIG_FILE": str(tmp_path / "f"),
    }
    chain = DefaultCredentialChain(environ=env)
    with pytest.raises(MissingCredentialsError) as caught:
        chain.load()
    searched = caught.value.searched
    assert searched[0].startswith("environment AWS_ACCESS_KEY_ID")
    assert searched[-1] == f"EC2 instance metadata at {IMDS} (no answer: ConnectTimeout)"
    with pytest.raises(TransportError):  # asked directly, it is a network failure
        InstanceMetadataProvider(environ={}).load()


def test_imds_disabled() -> None:
    disabled = {"AWS_EC2_METADATA_DISABLED": "TRUE"}
    with pytest.raises(MissingCredentialsError) as caught:
        InstanceMetadataProvider(environ=disabled)
    assert "AWS_EC2_METADATA_DISABLED" in str(caught.value)
    # An endpoint given in code is a deliberate choice; one from the settings is not.
    assert InstanceMetadataProvider(endpoint="http://127.0.0.1:1", environ=disabled)
    with pytest.raises(MissingCredentialsError):
        DefaultCredentialChain(
            environ={**disabled, "AWS_EC2_METADATA_SERVICE_ENDPOINT": "http://127.0.0.1:1"}
        )


# -- credential_process ------------------------------------------------------------------------


def script(tmp_path: Path, body: str) -> str:
    path = tmp_path / "creds.py"
    path.write_text(body)
    return f"{sys.executable} {path}"


def printing(tmp_path: Path, answer: object) -> str:
    return script(tmp_path, f"import json; print(json.dumps({answer!r}))")


def test_credential_process(tmp_path: Path) -> None:
    answer = {
        "Version": 1,
        "AccessKeyId": "AKIDPROCESS",
        "SecretAccessKey": "process-secret",
        "SessionToken": "process-token",
        "Expiration": "2999-01-01T00:00:00Z",
        "AccountId": "123456789012",
    }
    credentials = ProcessProvider(printing(tmp_path, answer)).load()
    assert credentials == AwsCredentials(
        "AKIDPROCESS",
        "process-secret",
        "process-token",
        expiry=datetime(2999, 1, 1, tzinfo=timezone.utc),
        account_id="123456789012",
    )
    static = {"Version": 1, "AccessKeyId": "AKIDP", "SecretAccessKey": "s"}
    provider = ProcessProvider(printing(tmp_path, static), account_id="210987654321")
    assert provider.load().account_id == "210987654321" and provider.load().expiry is None


async def test_credential_process_async(tmp_path: Path) -> None:
    static = {"Version": 1, "AccessKeyId": "AKIDP", "SecretAccessKey": "s"}
    assert (await ProcessProvider(printing(tmp_path, static)).load_async()).access_key_id == "AKIDP"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("import sys; print('process-secret leaked'); sys.exit(3)", "exited with status 3"),
        ("print('process-secret not json')", "did not print JSON"),
        ("print('[1]')", "JSON object"),
        (
            'print(\'{"Version": 2, "AccessKeyId": "A", "SecretAccessKey": "process-secret"}\')',
            "Version",
        ),
        ('print(\'{"Version": 1, "AccessKeyId": "A"}\')', "SecretAccessKey"),
        (
            'print(\'{"Version": 1, "AccessKeyId": "A", "SecretAccessKey": "process-secret", '
            '"Expiration": "later"}\')',
            "Expiration",
        ),
        (
            'print(\'{"Version": 1, "AccessKeyId": "A\\\\n", '
            '"SecretAccessKey": "process-secret"}\')',
            "AccessKeyId",
        ),
        ("import time; time.sleep(30)", "did not finish within 0.5 s"),
    ],
)
def test_credential_process_failures_never_quote_its_output(
    tmp_path: Path, body: str, expected: str
) -> None:
    provider = ProcessProvider(script(tmp_path, body), timeout=0.5)
    with pytest.raises(InvalidInputError) as caught:
        provider.load()
    assert expected in str(caught.value)
    assert "process-secret" not in str(caught.value)


def test_credential_process_that_cannot_start(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError) as caught:
        ProcessProvider(str(tmp_path / "absent-command")).load()
    assert "was not found" in caught.value.rule
    with pytest.raises(InvalidInputError):
        ProcessProvider("unbalanced 'quote")
    with pytest.raises(InvalidInputError):
        ProcessProvider("   ")


# -- botocore ---------------------------------------------------------------------------------


async def test_botocore_session_adapter() -> None:
    import botocore.session

    session = botocore.session.Session()
    session.set_credentials("AKIDBOTO", "boto-secret", "boto-token")
    provider = BotocoreProvider(session)
    assert provider.load() == AwsCredentials("AKIDBOTO", "boto-secret", "boto-token")
    assert (await provider.load_async()).access_key_id == "AKIDBOTO"
    assert "boto-secret" not in repr(provider)
    with pytest.raises(InvalidInputError):
        BotocoreProvider(object())


def test_botocore_without_credentials(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import botocore.session

    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("BOTO_CONFIG", str(tmp_path / "none"))
    with pytest.raises(MissingCredentialsError):
        BotocoreProvider(botocore.session.Session()).load()


# -- the remaining failure messages ------------------------------------------------------------


def test_environment_expiry_that_cannot_be_read() -> None:
    from metricsdk.credentials import EnvironmentProvider

    env = {
        "AWS_ACCESS_KEY_ID": "AKID",
        "AWS_SECRET_ACCESS_KEY": "s",
        "AWS_CREDENTIAL_EXPIRATION": "soon",
    }
    with pytest.raises(InvalidInputError) as caught:
        EnvironmentProvider(environ=env)
    assert caught.value.field == "AWS_CREDENTIAL_EXPIRATION" and "ISO 8601" in caught.value.rule


def test_a_web_identity_token_file_holding_no_token(tmp_path: Path) -> None:
    from metricsdk.credentials import WebIdentityProvider

    empty = tmp_path / "token"
    empty.write_text("  \n")
    provider = WebIdentityProvider(
        token_file=empty, role_arn="arn:aws:iam::123456789012:role/r", environ={}
    )
    with pytest.raises(InvalidInputError) as caught:
        provider.load()
    assert "must hold a token" in caught.value.rule


def test_an_sso_cache_that_cannot_be_read(tmp_path: Path) -> None:
    provider = sso(tmp_path)
    next((tmp_path / "sso" / "cache").glob("*.json")).write_text("{not json")
    with pytest.raises(InvalidInputError) as caught:
        provider.load()
    assert "cannot be read" in caught.value.rule and "aws sso login" in caught.value.rule


@pytest.mark.parametrize("region", ["evil.example.com/", "EU-WEST-1", ""])
def test_an_sso_region_that_is_not_a_region(tmp_path: Path, region: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        SSOProvider(
            start_url="https://x/start",
            sso_region=region,
            account_id="123456789012",
            role_name="R",
            cache_dir=tmp_path,
        )
    assert caught.value.field == "sso_region"


def test_a_credential_process_that_cannot_be_run(tmp_path: Path) -> None:
    not_executable = tmp_path / "creds.sh"
    not_executable.write_text("#!/bin/sh\n")
    with pytest.raises(InvalidInputError) as caught:
        ProcessProvider(str(not_executable)).load()
    assert "could not be started" in caught.value.rule
    wrong_type = {"Version": 1, "AccessKeyId": "A", "SecretAccessKey": "s", "SessionToken": 7}
    with pytest.raises(InvalidInputError) as caught:
        ProcessProvider(printing(tmp_path, wrong_type)).load()
    assert "SessionToken that is not a string" in caught.value.rule
    with pytest.raises(InvalidInputError):
        ProcessProvider(["python"], timeout=0)


def test_a_container_token_file_that_cannot_be_read(tmp_path: Path) -> None:
    provider = ContainerProvider(
        environ={
            "AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://127.0.0.1/creds",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": str(tmp_path / "absent"),
        }
    )
    with pytest.raises(InvalidInputError) as caught:
        provider.load()
    assert caught.value.field == "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"
    assert "volume mount" in caught.value.rule


@respx.mock
def test_imds_refusing_the_token_request_and_naming_no_usable_role() -> None:
    routes = imds_routes(token_status=400)
    with pytest.raises(InvalidInputError) as caught:
        InstanceMetadataProvider(environ={}).load()
    assert "refused the IMDSv2 token request" in caught.value.rule
    routes["token"].respond(200, text="imds-token")
    routes["role"].respond(200, text="../../etc\n")
    with pytest.raises(MalformedResponseError) as malformed:
        InstanceMetadataProvider(environ={}).load()
    assert "no usable IAM role" in str(malformed.value)


def test_botocore_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    def absent(name: str) -> object:
        raise ImportError(name)

    monkeypatch.setattr(importlib, "import_module", absent)
    with pytest.raises(InvalidInputError) as caught:
        BotocoreProvider()
    assert "needs botocore installed" in caught.value.rule
