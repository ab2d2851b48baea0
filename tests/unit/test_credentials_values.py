"""`AwsCredentials` refuses values that could not go into an HTTP header, naming the field and
never the value; expiry and account id; reading the expiry times sources send."""

from __future__ import annotations

import pickle
from datetime import datetime, timedelta, timezone

import httpx
import pytest

from metricsdk import AwsCredentials
from metricsdk._core.aws_config import resolve_credentials
from metricsdk._core.aws_identity.values import parse_expiry
from metricsdk.errors import InvalidInputError
from metricsdk.sesv2 import SESv2Client

BAD_VALUES = [
    "AKID\r\nX-Injected: 1",
    "AKID\nEXAMPLE",
    "AKID\x00EXAMPLE",
    "AKID\tEXAMPLE",
    "AKID\x7fEXAMPLE",
    "AKIDÉXAMPLE",
    "AKID\u2028EXAMPLE",
    "ＡＫＩＤ",
]
FIELDS = ["access_key_id", "secret_access_key", "session_token"]


def build(field: str, value: str) -> AwsCredentials:
    values = {"access_key_id": "AKIDGOOD", "secret_access_key": "good", "session_token": "tok"}
    values[field] = value
    return AwsCredentials(**values)


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("value", BAD_VALUES)
def test_header_unsafe_values_are_refused_naming_the_field_never_the_value(
    field: str, value: str
) -> None:
    with pytest.raises(InvalidInputError) as caught:
        build(field, value)
    assert caught.value.field == field
    assert "control characters" in caught.value.rule and "ASCII" in caught.value.rule
    for text in (
        str(caught.value),
        repr(caught.value),
        repr(pickle.loads(pickle.dumps(caught.value))),
    ):
        assert value not in text
        assert "EXAMPLE" not in text and "Injected" not in text


@pytest.mark.parametrize("field", FIELDS[:2])
@pytest.mark.parametrize("value", ["", None, 12])
def test_keys_must_be_non_empty_strings(field: str, value: object) -> None:
    with pytest.raises(InvalidInputError) as caught:
        build(field, value)  # type: ignore[arg-type]
    assert caught.value.field == field


def test_printable_ascii_is_accepted_including_the_characters_aws_uses() -> None:
    credentials = AwsCredentials(
        "ASIAEXAMPLE0000000000", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY+=", "FwoG//ZX+Iv=="
    )
    assert credentials.session_token == "FwoG//ZX+Iv=="


def test_an_environment_key_with_a_line_break_is_refused_by_its_variable_name() -> None:
    env = {
        "AWS_ACCESS_KEY_ID": "AKIDENV\r\n",
        "AWS_SECRET_ACCESS_KEY": "env-secret-value",
        "AWS_EC2_METADATA_DISABLED": "true",
    }
    with pytest.raises(InvalidInputError) as caught:
        resolve_credentials(environ=env)
    assert caught.value.field == "AWS_ACCESS_KEY_ID"
    env = {**env, "AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SESSION_TOKEN": "tökén-secret"}
    with pytest.raises(InvalidInputError) as caught:
        resolve_credentials(environ=env)
    assert caught.value.field == "AWS_SESSION_TOKEN"
    assert "tökén" not in str(caught.value)


def test_a_client_never_sends_what_it_was_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    sent: list[httpx.Request] = []
    http = httpx.Client(
        transport=httpx.MockTransport(lambda r: sent.append(r) or httpx.Response(200))
    )
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKID\nINJECTED")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "s")
    with pytest.raises(InvalidInputError):
        SESv2Client(region="us-east-1", http_client=http)
    assert sent == []


def test_expiry_and_account_id() -> None:
    naive = datetime(2030, 1, 2, 3, 4, 5)
    credentials = AwsCredentials("AKID", "s", "t", expiry=naive, account_id="123456789012")
    assert credentials.expiry == naive.replace(tzinfo=timezone.utc)
    paris = timezone(timedelta(hours=1))
    shifted = AwsCredentials("AKID", "s", expiry=datetime(2030, 1, 2, 4, 4, 5, tzinfo=paris))
    assert shifted.expiry == credentials.expiry
    assert "account_id='123456789012'" in repr(credentials)
    assert "2030-01-02T03:04:05+00:00" in repr(credentials)
    assert "s'" not in repr(credentials) and "<hidden>" in repr(credentials)
    for bad in ("12345", "12345678901a", "１２３４５６７８９０１２", 123456789012):
        with pytest.raises(InvalidInputError) as caught:
            AwsCredentials("AKID", "s", account_id=bad)  # type: ignore[arg-type]
        assert caught.value.field == "account_id"
    with pytest.raises(InvalidInputError) as caught:
        AwsCredentials("AKID", "s", expiry="2030-01-01")  # type: ignore[arg-type]
    assert caught.value.field == "expiry"


def test_repr_without_the_new_fields_is_unchanged() -> None:
    assert repr(AwsCredentials("AKIDEXAMPLE", "x", "y")) == (
        "AwsCredentials(access_key_id='AKIDEXAMPLE', secret_access_key=<hidden>, "
        "session_token=<hidden>)"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-01-02T03:04:05Z", datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)),
        ("2026-01-02T03:04:05.123Z", datetime(2026, 1, 2, 3, 4, 5, 123000, tzinfo=timezone.utc)),
        (
            "2026-01-02T03:04:05.1234567Z",
            datetime(2026, 1, 2, 3, 4, 5, 123456, tzinfo=timezone.utc),
        ),
        ("2026-01-02T03:04:05+02:00", datetime(2026, 1, 2, 1, 4, 5, tzinfo=timezone.utc)),
        ("2026-01-02T03:04:05-0130", datetime(2026, 1, 2, 4, 34, 5, tzinfo=timezone.utc)),
        ("2026-01-02 03:04:05", datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)),
        ("2026-01-02T03:04:05UTC", datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)),
        (1767322800, datetime(2026, 1, 2, 3, 0, tzinfo=timezone.utc)),
        (1767322800.5, datetime(2026, 1, 2, 3, 0, 0, 500000, tzinfo=timezone.utc)),
    ],
)
def test_expiry_times_sources_send(text: object, expected: datetime) -> None:
    assert parse_expiry(text) == expected


@pytest.mark.parametrize(
    "garbage", ["", "tomorrow", "2026-13-02T03:04:05Z", "2026-01-02", None, True, [], 1e300]
)
def test_unreadable_expiry_times_are_none(garbage: object) -> None:
    assert parse_expiry(garbage) is None
