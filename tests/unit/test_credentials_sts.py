"""STS over respx: AssumeRole signed with the source's credentials (checked by the emulator's
independent verifier), AssumeRoleWithWebIdentity unsigned with the token from its file, the
XML answers read safely, and every failure named with its remedy."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import parse_qs

import httpx
import pytest
import respx

from metricsdk import AwsCredentials
from metricsdk._core.aws_identity.sts import account_from_arn, sts_endpoint
from metricsdk.credentials import AssumeRoleProvider, WebIdentityProvider
from metricsdk.errors import (
    AuthenticationError,
    InvalidInputError,
    MalformedResponseError,
    PermissionDeniedError,
    ServerError,
    ThrottlingError,
    TransportError,
)
from metricsdk.testing._emulator.sigv4_verify import verify
from metricsdk.testing._emulator.wire import Incoming

ROLE = "arn:aws:iam::123456789012:role/reader"
SOURCE = AwsCredentials("AKIDSOURCE0000000000", "source-secret-value", "source-token-value")
STS = "https://sts.eu-west-1.amazonaws.com/"
NEW_SECRET = "issued-secret-value"
NEW_TOKEN = "issued-token-value"


def answer(operation: str = "AssumeRole", expiration: str = "2999-01-01T00:00:00Z") -> str:
    return f"""<{operation}Response xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <{operation}Result>
    <AssumedRoleUser>
      <Arn>arn:aws:sts::123456789012:assumed-role/reader/nightly</Arn>
      <AssumedRoleId>AROAEXAMPLE:nightly</AssumedRoleId>
    </AssumedRoleUser>
    <Credentials>
      <AccessKeyId>ASIAISSUED0000000000</AccessKeyId>
      <SecretAccessKey>{NEW_SECRET}</SecretAccessKey>
      <SessionToken>{NEW_TOKEN}</SessionToken>
      <Expiration>{expiration}</Expiration>
    </Credentials>
  </{operation}Result>
  <ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata>
</{operation}Response>"""


def error(code: str, message: str, kind: str = "Sender") -> str:
    return (
        '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error>'
        f"<Type>{kind}</Type><Code>{code}</Code><Message>{message}</Message></Error>"
        "<RequestId>req-err</RequestId></ErrorResponse>"
    )


def incoming(request: httpx.Request) -> Incoming:
    return Incoming(
        method=request.method,
        raw_path=request.url.raw_path.decode().split("?")[0],
        raw_query=request.url.query.decode(),
        headers={k.lower(): v for k, v in request.headers.items()},
        body=request.content,
        host=request.headers["host"],
    )


def provider(**kwargs: object) -> AssumeRoleProvider:
    settings: dict[str, object] = {
        "role_arn": ROLE,
        "source": SOURCE,
        "region": "eu-west-1",
        "role_session_name": "nightly",
        "environ": {},
    }
    settings.update(kwargs)
    return AssumeRoleProvider(**settings)  # type: ignore[arg-type]


@respx.mock
def test_assume_role_is_a_signed_query_call_and_its_answer_is_read() -> None:
    route = respx.post(STS).respond(200, text=answer(), headers={"content-type": "text/xml"})
    credentials = provider(external_id="ext-1", duration_seconds=1800).load()
    assert credentials == AwsCredentials(
        "ASIAISSUED0000000000",
        NEW_SECRET,
        NEW_TOKEN,
        expiry=datetime(2999, 1, 1, tzinfo=timezone.utc),
        account_id="123456789012",
    )
    request = route.calls.last.request
    form = parse_qs(request.content.decode())
    assert form == {
        "Action": ["AssumeRole"],
        "Version": ["2011-06-15"],
        "RoleArn": [ROLE],
        "RoleSessionName": ["nightly"],
        "ExternalId": ["ext-1"],
        "DurationSeconds": ["1800"],
    }
    assert request.headers["content-type"] == "application/x-www-form-urlencoded; charset=utf-8"
    assert request.headers["x-amz-security-token"] == SOURCE.session_token
    secrets = {SOURCE.access_key_id: SOURCE.secret_access_key}
    assert verify(incoming(request), secrets, "sts") == SOURCE.access_key_id
    assert "/eu-west-1/sts/aws4_request" in request.headers["authorization"]


@respx.mock
async def test_assume_role_async_asks_the_source_provider_asynchronously() -> None:
    respx.post(STS).respond(200, text=answer())

    class Source:
        def __init__(self) -> None:
            self.calls: list[str] = []

        def load(self) -> AwsCredentials:
            self.calls.append("sync")
            return SOURCE

        async def load_async(self) -> AwsCredentials:
            self.calls.append("async")
            return SOURCE

    source = Source()
    found = await provider(source=source).load_async()
    assert found.access_key_id == "ASIAISSUED0000000000" and source.calls == ["async"]


@respx.mock
def test_one_fetch_serves_until_the_refresh_window() -> None:
    route = respx.post(STS).respond(200, text=answer())
    role = provider()
    assert role.load() is role.load()
    assert route.call_count == 1


@pytest.mark.parametrize(
    ("status", "code", "cls", "remedy"),
    [
        (403, "AccessDenied", PermissionDeniedError, "trust policy"),
        (400, "ExpiredToken", AuthenticationError, "have expired"),
        (403, "InvalidClientTokenId", AuthenticationError, "not valid"),
        (403, "RegionDisabledException", PermissionDeniedError, "activate STS"),
        (400, "Throttling", ThrottlingError, ""),
        (500, "InternalFailure", ServerError, ""),
    ],
)
@respx.mock
def test_sts_refusals_name_the_source_and_the_remedy(
    status: int, code: str, cls: type, remedy: str
) -> None:
    respx.post(STS).respond(status, text=error(code, "User is not authorized to assume"))
    with pytest.raises(cls) as caught:
        provider().load()
    failure = caught.value
    assert failure.code == code and failure.service == "sts" and failure.request_id == "req-err"
    assert "assume-role" in str(failure) and ROLE in str(failure)
    assert remedy in str(failure)
    for secret in (SOURCE.secret_access_key, SOURCE.session_token):
        assert secret not in str(failure)


@respx.mock
def test_an_unreadable_error_answer_is_described_not_quoted() -> None:
    respx.post(STS).respond(502, text="<html>proxy says source-secret-value</html>")
    with pytest.raises(ServerError) as caught:
        provider().load()
    assert "unreadable error answer" in str(caught.value)
    assert "source-secret-value" not in str(caught.value)


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">]>
<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>&lol2;</AccessKeyId>
</Credentials></AssumeRoleResult></AssumeRoleResponse>"""
EXTERNAL = """<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>
<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>&e;</AccessKeyId>
</Credentials></AssumeRoleResult></AssumeRoleResponse>"""


@pytest.mark.parametrize(
    "body",
    [
        BILLION_LAUGHS,
        EXTERNAL,
        "not xml",
        "",
        answer().replace("<SessionToken>", "<Other>").replace("</SessionToken>", "</Other>"),
        answer(expiration="next tuesday"),
        answer().replace("ASIAISSUED0000000000", "ASIA\u00e9"),
        "<AssumeRoleResponse/>",
    ],
)
@respx.mock
def test_answers_that_cannot_be_read_are_refused_without_expanding_entities(body: str) -> None:
    respx.post(STS).respond(200, text=body)
    with pytest.raises(MalformedResponseError) as caught:
        provider().load()
    assert caught.value.service == "sts" and "assume-role" in str(caught.value)
    assert "root:" not in str(caught.value) and "lollol" not in str(caught.value)


@respx.mock
def test_a_network_failure_is_a_transport_error_naming_sts() -> None:
    respx.post(STS).mock(side_effect=httpx.ConnectError("refused"))
    with pytest.raises(TransportError) as caught:
        provider().load()
    assert caught.value.service == "sts" and caught.value.operation == "AssumeRole"
    assert isinstance(caught.value.__cause__, httpx.ConnectError)


def test_sts_endpoints() -> None:
    assert sts_endpoint("eu-west-1", {}).url == "https://sts.eu-west-1.amazonaws.com"
    assert sts_endpoint("cn-north-1", {}).url == "https://sts.cn-north-1.amazonaws.com.cn"
    assert sts_endpoint(None, {}).url == "https://sts.amazonaws.com"
    assert sts_endpoint(None, {}).signing_region == "us-east-1"
    local = {"AWS_ENDPOINT_URL": "http://127.0.0.1:9000/"}
    assert sts_endpoint("eu-west-1", local).url == "http://127.0.0.1:9000"
    specific = {**local, "AWS_ENDPOINT_URL_STS": "http://127.0.0.1:9001"}
    assert sts_endpoint("eu-west-1", specific).url == "http://127.0.0.1:9001"
    ignored = {**specific, "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true"}
    assert sts_endpoint("eu-west-1", ignored).url == "https://sts.eu-west-1.amazonaws.com"
    with pytest.raises(InvalidInputError) as caught:
        sts_endpoint("eu-west-1", {"AWS_ENDPOINT_URL_STS": "http://sts.example.com"})
    assert caught.value.field == "AWS_ENDPOINT_URL_STS"
    with pytest.raises(InvalidInputError):
        sts_endpoint("eu-west-1.evil.com/", {})


def test_account_from_arn() -> None:
    assert account_from_arn(ROLE) == "123456789012"
    assert account_from_arn("arn:aws-cn:iam::210987654321:role/x/y:z") == "210987654321"
    for bad in (None, "", "arn:aws:iam:::role/x", "role/x", "arn:aws:s3:::bucket"):
        assert account_from_arn(bad) is None


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"role_arn": "reader"}, "role_arn"),
        ({"role_arn": "arn:aws:iam::1:role/\n"}, "role_arn"),
        ({"role_session_name": "a"}, "role_session_name"),
        ({"external_id": "has space"}, "external_id"),
        ({"duration_seconds": 899}, "duration_seconds"),
        ({"duration_seconds": True}, "duration_seconds"),
        ({"source": "AKID:secret"}, "source"),
    ],
)
def test_assume_role_arguments_are_checked_before_any_call(
    kwargs: dict[str, object], field: str
) -> None:
    with pytest.raises(InvalidInputError) as caught:
        provider(**kwargs)
    assert caught.value.field == field


@pytest.fixture
def token_file(tmp_path: Path) -> Path:
    path = tmp_path / "token"
    path.write_text("eyJhbGciOi.first-token.sig\n")
    return path


def web_identity(token_file: Path) -> WebIdentityProvider:
    return WebIdentityProvider(
        environ={
            "AWS_WEB_IDENTITY_TOKEN_FILE": str(token_file),
            "AWS_ROLE_ARN": ROLE,
            "AWS_ROLE_SESSION_NAME": "pod",
        },
        region="eu-west-1",
    )


@respx.mock
def test_web_identity_is_unsigned_and_sends_the_token_read_at_each_refresh(
    token_file: Path,
) -> None:
    route = respx.post(STS).mock(
        side_effect=[
            httpx.Response(200, text=answer("AssumeRoleWithWebIdentity", "2000-01-01T00:00:00Z")),
            httpx.Response(200, text=answer("AssumeRoleWithWebIdentity")),
        ]
    )
    provider = web_identity(token_file)
    with pytest.raises(InvalidInputError):  # the first answer had already expired
        provider.load()
    token_file.write_text("eyJhbGciOi.rotated-token.sig")
    assert provider.load().account_id == "123456789012"
    first, second = (call.request for call in route.calls)
    assert "authorization" not in first.headers
    assert parse_qs(first.content.decode())["WebIdentityToken"] == ["eyJhbGciOi.first-token.sig"]
    assert parse_qs(second.content.decode())["WebIdentityToken"] == ["eyJhbGciOi.rotated-token.sig"]
    assert parse_qs(second.content.decode())["Action"] == ["AssumeRoleWithWebIdentity"]
    assert parse_qs(second.content.decode())["RoleSessionName"] == ["pod"]


@respx.mock
async def test_web_identity_async(token_file: Path) -> None:
    respx.post(STS).respond(200, text=answer("AssumeRoleWithWebIdentity"))
    assert (await web_identity(token_file).load_async()).session_token == NEW_TOKEN


@respx.mock
def test_a_refused_web_identity_token_says_what_to_check(token_file: Path) -> None:
    respx.post(STS).respond(400, text=error("InvalidIdentityToken", "Couldn't retrieve JWKS"))
    with pytest.raises(AuthenticationError) as caught:
        web_identity(token_file).load()
    assert "web identity" in str(caught.value) and "OIDC provider" in str(caught.value)
    assert "first-token" not in str(caught.value)


def test_a_missing_token_file_is_named_with_the_fix(tmp_path: Path) -> None:
    provider = web_identity(tmp_path / "absent")
    with pytest.raises(InvalidInputError) as caught:
        provider.load()
    assert caught.value.field == "web_identity_token_file"
    assert str(tmp_path / "absent") in caught.value.rule and "eks" in caught.value.rule


def test_web_identity_needs_a_token_file() -> None:
    from metricsdk.errors import MissingCredentialsError

    with pytest.raises(MissingCredentialsError):
        WebIdentityProvider(role_arn=ROLE, environ={})
