"""Every credential source over real loopback sockets against the emulator, which issues
short-lived credentials and refuses expired ones with ExpiredTokenException: the default chain
finds each source, refreshes mid-pull without ever sending expired credentials, fetches once
for many threads or tasks, and keeps one pacing window per account across refreshes."""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from metricsdk import AwsCredentials, RetryPolicy
from metricsdk.credentials import (
    AssumeRoleProvider,
    InstanceMetadataProvider,
    WebIdentityProvider,
)
from metricsdk.errors import AuthenticationError, InvalidInputError
from metricsdk.sesv2 import AsyncSESv2Client, BatchGetMetricDataQuery, SESv2Client
from metricsdk.testing import Emulator, Fault, RecordedRequest

pytestmark = pytest.mark.usefixtures("prompt_server_threads")

ROLE = "arn:aws:iam::123456789012:role/metrics-puller"


def queries(count: int) -> list[BatchGetMetricDataQuery]:
    return [
        BatchGetMetricDataQuery(
            id=f"q{n}",
            metric="SEND",
            start_date=date(2026, 1, 1),
            end_date=date(2026, 1, 2),
            dimensions={"EMAIL_IDENTITY": f"sender{n}.example.com"},
        )
        for n in range(count)
    ]


@pytest.fixture
def emulator() -> Iterator[Emulator]:
    with Emulator(credential_lifetime=3600) as emu:
        yield emu


class Home:
    """A temporary HOME and environment, pointed at the emulator."""

    def __init__(self, root: Path, emulator: Emulator, monkeypatch: pytest.MonkeyPatch) -> None:
        self.root, self.emulator, self._monkeypatch = root, emulator, monkeypatch
        self.config = root / ".aws" / "config"
        self.credentials = root / ".aws" / "credentials"
        self.config.parent.mkdir()
        self.config.write_text("")
        self.credentials.write_text("")
        self.set(
            HOME=str(root),
            AWS_CONFIG_FILE=str(self.config),
            AWS_SHARED_CREDENTIALS_FILE=str(self.credentials),
            AWS_REGION="us-east-1",
            AWS_ENDPOINT_URL_SESV2=emulator.url,
            **emulator.identity_environment(),
        )

    def set(self, **variables: str) -> None:
        for name, value in variables.items():
            self._monkeypatch.setenv(name, value)

    def token_file(self) -> Path:
        path = self.root / "web-identity-token"
        path.write_text(self.emulator.web_identity_token)
        return path


@pytest.fixture
def home(tmp_path: Path, emulator: Emulator, monkeypatch: pytest.MonkeyPatch) -> Home:
    return Home(tmp_path, emulator, monkeypatch)


def ses_calls(emulator: Emulator) -> list[RecordedRequest]:
    return [r for r in emulator.requests if r.operation == "BatchGetMetricData"]


def one_call(**kwargs: object) -> str:
    """Make one SES call; return the access key it was signed with (as the emulator saw)."""
    with SESv2Client(**kwargs) as ses:  # type: ignore[arg-type]
        answer = ses.batch_get_metric_data(queries=queries(1))
    assert answer.results[0].id == "q0"
    return "done"


def setup_instance(home: Home) -> None:
    home.set(AWS_EC2_METADATA_DISABLED="false")


def setup_container(home: Home) -> None:
    home.set(
        AWS_CONTAINER_CREDENTIALS_FULL_URI=home.emulator.container_credentials_url,
        AWS_CONTAINER_AUTHORIZATION_TOKEN=home.emulator.container_authorization_token,
    )


def setup_web_identity(home: Home) -> None:
    home.set(AWS_WEB_IDENTITY_TOKEN_FILE=str(home.token_file()), AWS_ROLE_ARN=ROLE)


def setup_assume_role(home: Home) -> None:
    keys = home.emulator.aws_credentials
    home.credentials.write_text(
        f"[base]\naws_access_key_id = {keys.access_key_id}\n"
        f"aws_secret_access_key = {keys.secret_access_key}\n"
    )
    home.config.write_text(f"[default]\nrole_arn = {ROLE}\nsource_profile = base\n")


def setup_role_on_instance(home: Home) -> None:
    home.config.write_text(
        f"[default]\nrole_arn = {ROLE}\ncredential_source = Ec2InstanceMetadata\n"
    )
    home.set(AWS_EC2_METADATA_DISABLED="false")


def setup_sso(home: Home) -> None:
    home.config.write_text(
        "[default]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = Reader\n"
        "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\n"
        "sso_region = us-east-1\n"
    )
    cache = home.root / ".aws" / "sso" / "cache"
    cache.mkdir(parents=True)
    expires = (datetime.now(timezone.utc) + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    token = {"accessToken": home.emulator.sso_access_token, "expiresAt": expires}
    (cache / (hashlib.sha1(b"corp").hexdigest() + ".json")).write_text(json.dumps(token))


SOURCES = {
    "instance metadata": (setup_instance, ["imds"], "111122223333"),
    "container endpoint": (setup_container, ["container"], "111122223333"),
    "web identity": (setup_web_identity, ["sts"], "123456789012"),
    "assume-role": (setup_assume_role, ["sts"], "123456789012"),
    "assume-role on an instance": (setup_role_on_instance, ["imds", "sts"], "123456789012"),
    "sso": (setup_sso, ["sso"], "123456789012"),
}


@pytest.mark.parametrize("kind", ["sync", "async"])
@pytest.mark.parametrize("source", list(SOURCES))
def test_the_default_chain_finds_each_source_and_signs_with_it(
    home: Home, emulator: Emulator, source: str, kind: str
) -> None:
    setup, services, account = SOURCES[source]
    setup(home)
    if kind == "sync":
        one_call()
    else:

        async def call() -> None:
            async with AsyncSESv2Client() as ses:
                answer = await ses.batch_get_metric_data(queries=queries(1))
            assert answer.results[0].id == "q0"

        asyncio.run(call())
    [ses] = ses_calls(emulator)
    assert ses.status == 200
    issued = {c.access_key_id: c for c in emulator.issued_credentials}
    assert ses.identity in issued and issued[ses.identity].account_id == account
    assert ses.headers["x-amz-security-token"] == issued[ses.identity].session_token
    asked = {r.service for r in emulator.requests} - {"sesv2"}
    assert asked == set(services)


def test_imdsv2_only_instances() -> None:
    with Emulator(imds_tokens_required=True) as emu:
        provider = InstanceMetadataProvider(endpoint=emu.url, v1_disabled=True, environ={})
        assert provider.load().account_id == emu.account_id
        reads = [r for r in emu.requests if r.operation != "GetToken"]
        assert emu.requests[0].operation == "GetToken"
        assert all(r.status == 200 and r.headers["x-aws-ec2-metadata-token"] for r in reads)


def test_expired_temporary_credentials_are_refused_with_expired_token() -> None:
    with Emulator(credential_lifetime=0.5) as emu:
        issued = InstanceMetadataProvider(endpoint=emu.url, environ={})._fetch()
        assert issued.expiry is not None
        while datetime.now(timezone.utc) <= issued.expiry:
            time.sleep(0.05)
        frozen = AwsCredentials(
            issued.access_key_id, issued.secret_access_key, issued.session_token
        )
        with pytest.raises(AuthenticationError) as caught:
            one_call(region="us-east-1", credentials=frozen, endpoint_url=emu.url)
        assert caught.value.code == "ExpiredTokenException" and caught.value.status_code == 403
        wrong_token = AwsCredentials(issued.access_key_id, issued.secret_access_key, "forged")
        with pytest.raises(AuthenticationError) as caught:
            one_call(region="us-east-1", credentials=wrong_token, endpoint_url=emu.url)
        assert caught.value.code == "UnrecognizedClientException"
        role = AssumeRoleProvider(
            role_arn=ROLE, source=frozen, environ={"AWS_ENDPOINT_URL_STS": emu.url}
        )
        with pytest.raises(AuthenticationError) as caught:
            role.load()
        assert caught.value.code == "ExpiredToken" and caught.value.service == "sts"
        assert "renew them" in str(caught.value)
        assert issued.secret_access_key not in str(caught.value)


def test_a_provider_refreshes_between_calls_over_sockets() -> None:
    with Emulator(credential_lifetime=1.0) as emu:
        provider = InstanceMetadataProvider(endpoint=emu.url, environ={})
        with SESv2Client(region="us-east-1", credentials=provider, endpoint_url=emu.url) as ses:
            ses.batch_get_metric_data(queries=queries(1))
            first = provider.load()
            assert first.expiry is not None
            while datetime.now(timezone.utc) < first.expiry - timedelta(seconds=0.3):
                time.sleep(0.02)  # into the mandatory window (the last third of the lifetime)
            ses.batch_get_metric_data(queries=queries(1))
        keys = [r.identity for r in ses_calls(emu)]
        assert [r.status for r in ses_calls(emu)] == [200, 200]
        assert keys[0] != keys[1] and all(k.startswith("ASIAEMULATOR") for k in keys)


def test_eight_threads_cause_one_fetch_over_sockets(home: Home, emulator: Emulator) -> None:
    provider = WebIdentityProvider(token_file=home.token_file(), role_arn=ROLE)
    barrier = threading.Barrier(8)
    with SESv2Client(region="us-east-1", credentials=provider, endpoint_url=emulator.url) as ses:

        def call() -> None:
            barrier.wait(30)
            ses.batch_get_metric_data(queries=queries(1))

        threads = [threading.Thread(target=call) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    assert [r.operation for r in emulator.requests if r.service == "sts"] == [
        "AssumeRoleWithWebIdentity"
    ]
    assert [r.status for r in ses_calls(emulator)] == [200] * 8


async def test_eight_tasks_cause_one_fetch_over_sockets(home: Home, emulator: Emulator) -> None:
    setup_assume_role(home)
    async with AsyncSESv2Client(rate_limiter=None) as ses:
        await asyncio.gather(*(ses.batch_get_metric_data(queries=queries(1)) for _ in range(8)))
    assert [r.operation for r in emulator.requests if r.service == "sts"] == ["AssumeRole"]
    assert [r.status for r in ses_calls(emulator)] == [200] * 8


def test_a_failing_source_is_retried_with_the_call(home: Home, emulator: Emulator) -> None:
    setup_web_identity(home)
    emulator.inject(Fault.SERVER_ERROR, service="sts", times=1)
    one_call(retry=RetryPolicy(max_attempts=3, initial_backoff=0.0))
    assert [r.status for r in emulator.requests if r.service == "sts"] == [500, 200]
    assert [r.status for r in ses_calls(emulator)] == [200]


def test_a_refused_web_identity_token_fails_the_call_with_the_remedy(
    home: Home, emulator: Emulator
) -> None:
    token = home.root / "wrong-token"
    token.write_text("not-the-emulators-token")
    home.set(AWS_WEB_IDENTITY_TOKEN_FILE=str(token), AWS_ROLE_ARN=ROLE)
    with pytest.raises(AuthenticationError) as caught:
        one_call()
    assert caught.value.code == "InvalidIdentityToken" and "OIDC provider" in str(caught.value)
    assert ses_calls(emulator) == []


def test_an_expired_sso_login_names_the_command_to_run(home: Home, emulator: Emulator) -> None:
    setup_sso(home)
    cache = next((home.root / ".aws" / "sso" / "cache").glob("*.json"))
    cache.write_text(json.dumps({"accessToken": "old", "expiresAt": "2020-01-01T00:00:00Z"}))
    with pytest.raises(InvalidInputError) as caught:
        one_call()
    assert "run `aws sso login --profile default`" in str(caught.value)
    assert ses_calls(emulator) == []


def test_an_sso_token_near_expiry_is_renewed_over_sockets(home: Home, emulator: Emulator) -> None:
    setup_sso(home)
    cache = next((home.root / ".aws" / "sso" / "cache").glob("*.json"))
    soon = (datetime.now(timezone.utc) + timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M:%SZ")
    later = (datetime.now(timezone.utc) + timedelta(days=30)).strftime("%Y-%m-%dT%H:%M:%SZ")
    cache.write_text(
        json.dumps(
            {
                "accessToken": "expiring-and-unknown-to-the-portal",
                "expiresAt": soon,
                "refreshToken": emulator.sso_refresh_token,
                "clientId": "client",
                "clientSecret": "client-secret",
                "registrationExpiresAt": later,
            }
        )
    )
    one_call()
    assert [r.operation for r in emulator.requests if r.service == "sso"] == [
        "CreateToken",
        "GetRoleCredentials",
    ]
    assert json.loads(cache.read_text())["accessToken"].startswith("emulator-sso-renewed-")


# -- refresh mid-pull, one pacing window -------------------------------------------------------

PULL = """
import asyncio, json, sys
from datetime import date
from metricsdk._core.pacing import shared_pacer
from metricsdk.pacing import Adaptive, Pacer
from metricsdk.sesv2 import AsyncSESv2Client, BatchGetMetricDataQuery, SESv2Client
from metricsdk.sesv2.pacing import METRIC_DATA_LIMITS

kind, count = sys.argv[1], int(sys.argv[2])
# Registered first under the account's key: the client must pick this very pacer. (A 20 ms
# margin absorbs the scheduling jitter of a shared two-core host, as in the pacing tests.)
key = ("sesv2", ("account", "123456789012"), "us-east-1")
mine = shared_pacer(key, lambda: Pacer(METRIC_DATA_LIMITS, adaptive=Adaptive(), margin=0.02))
queries = [
    BatchGetMetricDataQuery(id=f"q{n}", metric="SEND", start_date=date(2026, 1, 1),
                            end_date=date(2026, 1, 2), dimensions={"EMAIL_IDENTITY": f"s{n}"})
    for n in range(count)
]
if kind == "sync":
    with SESv2Client() as ses:
        before = ses._transport.config.rate_limiter
        answer = ses.get_metric_data(queries=queries)
        after = ses._transport.config.rate_limiter
else:
    async def pull():
        async with AsyncSESv2Client() as ses:
            before = ses._transport.config.rate_limiter
            answer = await ses.get_metric_data(queries=queries)
            return before, answer, ses._transport.config.rate_limiter
    before, answer, after = asyncio.run(pull())
print(json.dumps({
    "same_pacer": before is mine and after is mine and shared_pacer(key, Pacer) is mine,
    "results": len(answer.results),
    "errors": sorted({error.code for error in answer.errors}),
}))
"""


def busiest_second(requests: list[RecordedRequest], *, weighted: bool) -> int:
    ordered = sorted(requests, key=lambda r: r.arrival)
    worst = 0
    for i, first in enumerate(ordered):
        window = [r for r in ordered[i:] if r.arrival - first.arrival < 1.0]
        worst = max(worst, sum(r.weight if weighted else 1 for r in window))
    return worst


@pytest.mark.serial
@pytest.mark.parametrize(
    ("kind", "setup"), [("sync", setup_web_identity), ("async", setup_role_on_instance)]
)
def test_a_refresh_mid_pull_keeps_one_pacing_window(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str, setup: object
) -> None:
    with Emulator(credential_lifetime=1.5) as emu:
        home = Home(tmp_path, emu, monkeypatch)
        setup(home)  # type: ignore[operator]
        done = subprocess.run(
            [sys.executable, "-c", PULL, kind, "480"],
            env=dict(os.environ),
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        outcome = json.loads(done.stdout)
        calls = ses_calls(emu)
    assert outcome == {"same_pacer": True, "results": 480, "errors": []}
    # The pull outlived several sets of credentials, and never sent an expired one.
    assert [r.status for r in calls] == [200] * 48
    assert len({r.identity for r in calls}) >= 3
    # Counted across every key: the account's quota, not a fresh window per key.
    assert busiest_second(calls, weighted=False) <= 16
    assert busiest_second(calls, weighted=True) <= 160
