"""Clients with a credential provider: asked at every attempt (sync and async), the signing
credentials' secrets known to the transport, source failures reported per query by
``get_metric_data``, the shared pacer keyed by account — and start-up cost unchanged."""

from __future__ import annotations

import json
import logging
import pickle
import subprocess
import sys
import traceback
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import httpx
import pytest
import respx

from metricsdk import AwsCredentials, RetryPolicy
from metricsdk._core.aws_protocol import SigV4Auth
from metricsdk._core.credentials import pacing_identity
from metricsdk.credentials import AssumeRoleProvider, CredentialProvider, DefaultCredentialChain
from metricsdk.errors import InvalidInputError, SDKError, TransportError
from metricsdk.mailmanager import AsyncMailManagerClient, MailManagerClient
from metricsdk.sesv2 import BatchGetMetricDataQuery, SESv2Client
from metricsdk.sesv2.pacing import metric_data_pacing_key

ANSWER = {"Results": [{"Id": "q0", "Timestamps": [1767225600], "Values": [1]}], "Errors": []}
ROLE = "arn:aws:iam::123456789012:role/reader"


def query(number: int = 0) -> BatchGetMetricDataQuery:
    return BatchGetMetricDataQuery(
        id=f"q{number}", metric="SEND", start_date=date(2026, 1, 1), end_date=date(2026, 1, 2)
    )


class Rotating:
    """A provider handing out a new key at every load, as if it refreshed each time."""

    def __init__(self, account_id: str | None = None) -> None:
        self.loads = 0
        self.failure: Exception | None = None
        self.account_id = account_id

    def _next(self) -> AwsCredentials:
        if self.failure is not None:
            raise self.failure
        self.loads += 1
        return AwsCredentials(
            f"ASIAROTATING{self.loads:08d}", f"rotating-secret-{self.loads}", f"token-{self.loads}"
        )

    def load(self) -> AwsCredentials:
        return self._next()

    async def load_async(self) -> AwsCredentials:
        return self._next()


def recording(status_then_ok: list[int]) -> tuple[list[httpx.Request], httpx.MockTransport]:
    seen: list[httpx.Request] = []
    statuses = iter(status_then_ok)

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        status = next(statuses, 200)
        if status == 200:
            return httpx.Response(200, json=ANSWER)
        return httpx.Response(status, json={"message": "busy"})

    return seen, httpx.MockTransport(answer)


FAST = RetryPolicy(max_attempts=3, initial_backoff=0.0)


def test_the_provider_is_asked_at_every_attempt_retries_included() -> None:
    seen, transport = recording([500, 500])
    provider = Rotating()
    with SESv2Client(
        region="us-east-1",
        credentials=provider,
        http_client=httpx.Client(transport=transport),
        retry=FAST,
        rate_limiter=None,
    ) as ses:
        ses.batch_get_metric_data(queries=[query()])
    keys = [r.headers["authorization"].split("Credential=")[1].split("/")[0] for r in seen]
    assert keys == ["ASIAROTATING00000001", "ASIAROTATING00000002", "ASIAROTATING00000003"]
    assert [r.headers["x-amz-security-token"] for r in seen] == ["token-1", "token-2", "token-3"]


async def test_async_clients_ask_with_load_async() -> None:
    seen, _ = recording([])

    async def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"ExportId": "e-1"})

    class AsyncOnly(Rotating):
        def load(self) -> AwsCredentials:
            raise AssertionError("an async client must not block on load()")

    provider = AsyncOnly()
    http = httpx.AsyncClient(transport=httpx.MockTransport(answer))
    async with AsyncMailManagerClient(
        region="us-east-1", credentials=provider, http_client=http
    ) as mm:
        await mm.stop_archive_export(export_id="e-1")
        await mm.stop_archive_export(export_id="e-1")
    assert provider.loads == 2 and "ASIAROTATING00000002" in seen[1].headers["authorization"]


def test_sigv4_auth_knows_the_secrets_it_signs_with() -> None:
    provider = Rotating()
    auth = SigV4Auth(provider, "us-east-1", "ses")
    assert auth.secrets() == ()
    request = httpx.Request("POST", "https://email.us-east-1.amazonaws.com/v2/x", content=b"{}")
    auth.apply(request, {})
    assert auth.secrets() == ("rotating-secret-1", "token-1")
    auth.apply(request, {})
    assert auth.secrets() == ("rotating-secret-2", "token-2")
    static = SigV4Auth(AwsCredentials("AKID", "static-secret"), "us-east-1", "ses")
    assert static.secrets() == ("static-secret",)
    assert "rotating-secret" not in repr(auth) and "static-secret" not in repr(static)


def test_a_provider_must_return_credentials() -> None:
    class Wrong(Rotating):
        def load(self) -> AwsCredentials:
            return "AKID:secret"  # type: ignore[return-value]

    auth = SigV4Auth(Wrong(), "us-east-1", "ses")
    with pytest.raises(InvalidInputError) as caught:
        auth.apply(httpx.Request("GET", "https://x"), {})
    assert "secret" not in str(caught.value).replace("AwsCredentials", "")


@pytest.mark.parametrize("bad", ["AKID:secret", object(), ("AKID", "secret")])
def test_clients_refuse_what_is_neither_credentials_nor_a_provider(bad: object) -> None:
    with pytest.raises(InvalidInputError) as caught:
        SESv2Client(region="us-east-1", credentials=bad)  # type: ignore[arg-type]
    assert caught.value.field == "credentials"


@pytest.mark.parametrize(
    "failure",
    [
        InvalidInputError("sso", "the SSO token expired; run `aws sso login --profile dev`"),
        TransportError("sts AssumeRole: ConnectError: refused", service="sts"),
    ],
)
def test_get_metric_data_reports_a_failing_source_per_query(failure: Exception) -> None:
    _, transport = recording([])
    provider = Rotating()
    provider.failure = failure
    with SESv2Client(
        region="us-east-1",
        credentials=provider,
        http_client=httpx.Client(transport=transport),
        retry=RetryPolicy(max_attempts=1),
        rate_limiter=None,
    ) as ses:
        answer = ses.get_metric_data(queries=[query(n) for n in range(12)])
    assert answer.results == [] and len(answer.errors) == 12
    assert {error.code for error in answer.errors} == {type(failure).__name__}
    assert str(failure) in answer.errors[0].message


def test_clients_of_one_account_share_a_pacer_whatever_their_keys() -> None:
    def client(
        credentials: AwsCredentials | CredentialProvider, region: str = "us-east-1"
    ) -> SESv2Client:
        return SESv2Client(region=region, credentials=credentials)

    first = client(AssumeRoleProvider(role_arn=ROLE, source=AwsCredentials("AKIDA", "a")))
    second = client(AssumeRoleProvider(role_arn=ROLE, source=AwsCredentials("AKIDB", "b")))
    keyed = client(AwsCredentials("AKIDC", "c", account_id="123456789012"))
    elsewhere = client(AwsCredentials("AKIDC", "c", account_id="123456789012"), "eu-west-1")
    other = client(AwsCredentials("AKIDD", "d", account_id="210987654321"))
    pacers = [c._transport.config.rate_limiter for c in (first, second, keyed, elsewhere, other)]
    assert pacers[0] is pacers[1] is pacers[2]
    assert pacers[3] is not pacers[0] and pacers[4] is not pacers[0]


def test_pacing_identity_never_uses_a_rotating_key() -> None:
    provider = Rotating()
    identity = pacing_identity(provider)
    provider.load()
    assert pacing_identity(provider) == identity
    assert pacing_identity(Rotating(account_id="123456789012")) == ("account", "123456789012")
    assert pacing_identity(AwsCredentials("AKIDSTATIC", "s")) == ("access-key", "AKIDSTATIC")
    role = AssumeRoleProvider(role_arn="arn:aws:iam::aws:role/x", source=AwsCredentials("A", "s"))
    assert pacing_identity(role) == ("source", "role arn:aws:iam::aws:role/x")


def test_the_redis_pacing_key_names_the_account(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config"
    config.write_text(
        f"[profile reader]\nrole_arn = {ROLE}\ncredential_source = Environment\n"
        "region = eu-west-1\n"
    )
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDENV")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "env-secret")
    assert metric_data_pacing_key(profile="reader") == "sesv2:123456789012:eu-west-1"
    keyed = AwsCredentials("AKID", "s", account_id="210987654321")
    assert metric_data_pacing_key(region="us-east-1", credentials=keyed) == (
        "sesv2:210987654321:us-east-1"
    )
    loaded = Rotating()
    loaded._next = lambda: AwsCredentials("ASIA", "s", account_id="111122223333")  # type: ignore[method-assign]
    assert metric_data_pacing_key(region="us-east-1", credentials=loaded).startswith(
        "sesv2:111122223333:"
    )
    with pytest.raises(InvalidInputError) as caught:
        metric_data_pacing_key(region="us-east-1")
    assert "AWS_ACCOUNT_ID" in caught.value.rule and "env-secret" not in str(caught.value)


def test_a_default_chain_can_be_passed_explicitly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDENV")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "env-secret")
    seen, transport = recording([])
    chain = DefaultCredentialChain()
    with MailManagerClient(
        region="us-east-1", credentials=chain, http_client=httpx.Client(transport=transport)
    ) as mm:
        mm.stop_archive_export(export_id="e-1")
    assert "AKIDENV" in seen[0].headers["authorization"]


def modules_loaded_by(code: str, env: dict[str, str]) -> set[str]:
    probe = f"import sys\n{code}\nimport json\nprint(json.dumps(sorted(sys.modules)))"
    finished = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
        env=env,
    )
    return set(json.loads(finished.stdout.splitlines()[-1]))


def test_keys_in_the_environment_load_no_file_parser_and_no_async(tmp_path: Path) -> None:
    import os

    env = {
        **os.environ,
        "AWS_ACCESS_KEY_ID": "AKIDENV",
        "AWS_SECRET_ACCESS_KEY": "env-secret",
        "AWS_REGION": "us-east-1",
        "AWS_CONFIG_FILE": str(tmp_path / "config"),
    }
    call = """
import httpx
from datetime import date
from metricsdk.sesv2 import BatchGetMetricDataQuery, SESv2Client
answer = {"Results": [{"Id": "q", "Timestamps": [1767225600], "Values": [1]}], "Errors": []}
http = httpx.Client(transport=httpx.MockTransport(lambda r: httpx.Response(200, json=answer)))
with SESv2Client(http_client=http) as ses:
    query = BatchGetMetricDataQuery(id="q", metric="SEND", start_date=date(2026, 1, 1),
                                    end_date=date(2026, 1, 2))
    assert ses.batch_get_metric_data(queries=[query]).results[0].values == [1]
"""
    loaded = modules_loaded_by(call, env)
    expensive = {"asyncio", "configparser", "tenacity", "concurrent.futures", "subprocess"}
    assert loaded.isdisjoint(expensive), loaded & expensive
    importing = modules_loaded_by("import metricsdk.credentials", env)
    assert importing.isdisjoint(expensive | {"xml.etree.ElementTree"})


CANARIES = (
    "canary-source-secret-Z9y8x7",
    "canary-source-token-Q7w6v5",
    "canary-issued-secret-P5o4n3",
    "canary-issued-token-L3k2j1",
)


def sts_answer(secret: str, token: str, expiration: str) -> str:
    return (
        "<AssumeRoleResponse><AssumeRoleResult><Credentials>"
        f"<AccessKeyId>ASIACANARY0000000000</AccessKeyId><SecretAccessKey>{secret}"
        f"</SecretAccessKey><SessionToken>{token}</SessionToken>"
        f"<Expiration>{expiration}</Expiration></Credentials></AssumeRoleResult>"
        "</AssumeRoleResponse>"
    )


@respx.mock
def test_no_secret_of_a_source_leaks_through_errors_logs_or_reprs(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger="metricsdk")
    source_secret, source_token, issued_secret, issued_token = CANARIES
    hour = (datetime.now(timezone.utc) + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    sts = respx.post("https://sts.us-east-1.amazonaws.com/").mock(
        side_effect=[
            httpx.Response(
                403,
                text="<ErrorResponse><Error><Code>AccessDenied</Code>"
                "<Message>not allowed</Message></Error></ErrorResponse>",
            ),
            httpx.Response(200, text=sts_answer(issued_secret, issued_token, hour)),
            httpx.Response(500, text="<html>internal</html>"),
        ]
    )
    respx.post("https://email.us-east-1.amazonaws.com/v2/email/metrics/batch").mock(
        side_effect=[httpx.Response(200, json=ANSWER), httpx.Response(403, json={"message": "no"})]
    )
    role = AssumeRoleProvider(
        role_arn=ROLE,
        source=AwsCredentials("AKIDSOURCE", source_secret, source_token),
        region="us-east-1",
        environ={},
    )
    seen: list[str] = [repr(role)]
    with SESv2Client(
        region="us-east-1", credentials=role, retry=RetryPolicy(max_attempts=1), rate_limiter=None
    ) as ses:
        seen.append(repr(ses))
        with pytest.raises(SDKError) as refused:  # STS refuses the source
            ses.batch_get_metric_data(queries=[query()])
        ses.batch_get_metric_data(queries=[query()])  # then issues credentials
        # 47 minutes later: in the advisory window, where a failed refresh is only logged.
        role._refresher._clock = lambda: datetime.now(timezone.utc) + timedelta(minutes=47)
        with pytest.raises(SDKError) as denied:  # the advisory refresh fails, SES refuses
            ses.batch_get_metric_data(queries=[query()])
        seen.append(repr(ses._transport.config.auth))
    assert sts.call_count == 3 and "refreshing credentials" in caplog.text
    for error in (refused.value, denied.value):
        seen += [
            str(error),
            repr(error),
            "".join(traceback.format_exception(error)),
            pickle.dumps(error).decode("latin-1"),
        ]
    seen += [record.getMessage() for record in caplog.records]
    for text in seen:
        for canary in CANARIES:
            assert canary not in text
