"""Shared fixtures: fixed fake credentials and an environment with no stray AWS settings."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import pytest

from metricsdk import AwsCredentials
from metricsdk._core.pacing import _SHARED

# Canary secrets: tests assert these never appear in logs, reprs or messages.
SECRET_KEY = "CANARY-SECRET-wJalrXUtnFEMI-K7MDENG"
SESSION_TOKEN = "CANARY-TOKEN-FwoGZXIvYXdzEJr"

# Every variable the credential chain reads, besides the keys, profile, region and endpoints.
AWS_IDENTITY_VARIABLES = (
    "AWS_DEFAULT_PROFILE",
    "AWS_SECURITY_TOKEN",
    "AWS_CREDENTIAL_EXPIRATION",
    "AWS_ACCOUNT_ID",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_ROLE_ARN",
    "AWS_ROLE_SESSION_NAME",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    "AWS_CONTAINER_AUTHORIZATION_TOKEN",
    "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
    "AWS_EC2_METADATA_DISABLED",
    "AWS_EC2_METADATA_SERVICE_ENDPOINT",
    "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE",
    "AWS_EC2_METADATA_V1_DISABLED",
    "AWS_METADATA_SERVICE_TIMEOUT",
    "AWS_METADATA_SERVICE_NUM_ATTEMPTS",
    "AWS_IMDS_USE_IPV6",
    "AWS_ENDPOINT_URL_STS",
    "AWS_ENDPOINT_URL_SSO",
    "AWS_ENDPOINT_URL_SSO_OIDC",
    "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
    "AWS_STS_REGIONAL_ENDPOINTS",
    "AWS_CREDENTIAL_FILE",
    "BOTO_CONFIG",
)


@pytest.fixture
def aws_credentials() -> AwsCredentials:
    return AwsCredentials("AKIDEXAMPLE", SECRET_KEY, SESSION_TOKEN)


@pytest.fixture(autouse=True)
def _isolated_aws_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """No test may pick up the developer's real AWS settings or files."""
    empty = tmp_path_factory.mktemp("aws-home")
    for name in (
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_PROFILE",
        "AWS_REGION",
        "AWS_DEFAULT_REGION",
        "AWS_ENDPOINT_URL",
        "AWS_ENDPOINT_URL_SESV2",
        "AWS_ENDPOINT_URL_MAILMANAGER",
        "BLENDVISION_BASE_URL",
        "BLENDVISION_API_TOKEN",
        "BLENDVISION_ORG_ID",
        "ORACLE_IOT_BASE_URL",
        "ORACLE_IOT_USERNAME",
        "ORACLE_IOT_PASSWORD",
        "ORACLE_IOT_TOKEN",
        *AWS_IDENTITY_VARIABLES,
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(empty / "credentials"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(empty / "config"))
    # No test may ever wait for (or reach) a real instance metadata service.
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")


@pytest.fixture(autouse=True)
def _fresh_shared_pacers() -> Iterator[None]:
    """The process-wide pacers live as long as the process; each test starts with none, so one
    test's throttles or Retry-After never slow down the next."""
    _SHARED.clear()
    yield
    _SHARED.clear()


@pytest.fixture
def prompt_server_threads() -> Iterator[None]:
    """For tests whose emulator shares this interpreter with busy clients: a short GIL switch
    interval lets the server's threads stamp arrivals promptly, as a server in a process of
    its own would, so a strict rate limit sees the wire's timing."""
    previous = sys.getswitchinterval()
    sys.setswitchinterval(0.0005)
    yield
    sys.setswitchinterval(previous)
