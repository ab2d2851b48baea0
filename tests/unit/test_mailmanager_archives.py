"""Mail Manager archives, sans I/O: the rules of ``ListArchives`` and ``GetArchive`` requests,
their wire format, and how their answers are read (leniently, but with the members the model
requires)."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

import pytest

from metricsdk.errors import InvalidInputError, MalformedResponseError
from metricsdk.mailmanager import (
    Archive,
    ArchiveRetention,
    ArchiveState,
    GetArchiveRequest,
    GetArchiveResponse,
    ListArchivesRequest,
    ListArchivesResponse,
    RetentionPeriod,
    UnknownMember,
)
from metricsdk.mailmanager import operations as ops

ARN = "arn:aws:ses:us-east-1:111122223333:mailmanager-archive/a-demo"


# ---- requests -----------------------------------------------------------------------------


def test_list_archives_request_defaults_to_no_members() -> None:
    spec = ops.build_list_archives(ListArchivesRequest())
    assert (spec.operation, spec.method, spec.path, spec.idempotent) == (
        "ListArchives",
        "POST",
        "/",
        True,
    )
    assert dict(spec.headers) == {
        "content-type": "application/x-amz-json-1.0",
        "x-amz-target": "MailManagerSvc.ListArchives",
    }
    assert json.loads(spec.body) == {}
    paged = ops.build_list_archives(ListArchivesRequest(page_size=50, next_token="t"))
    assert json.loads(paged.body) == {"PageSize": 50, "NextToken": "t"}


@pytest.mark.parametrize(
    ("overrides", "field", "rule"),
    [
        ({"page_size": 0}, "page_size", "must be from 1 to 50, got 0"),
        ({"page_size": 51}, "page_size", "must be from 1 to 50, got 51"),
        ({"page_size": True}, "page_size", "must be an integer, got bool"),
        ({"next_token": ""}, "next_token", "1 to 2048 characters, got 0"),
        ({"next_token": "t" * 2049}, "next_token", "1 to 2048 characters, got 2049"),
    ],
)
def test_list_archives_rules(overrides: dict[str, Any], field: str, rule: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        ListArchivesRequest(**overrides)
    assert caught.value.field == field
    assert rule in caught.value.rule


def test_get_archive_takes_any_id_of_1_to_66_characters() -> None:
    # GetArchive's ArchiveId is an ArchiveIdString: a length, no pattern.
    for archive_id in ("x", "a-demo", "archive-without-the-prefix", "é" * 66):
        spec = ops.build_get_archive(GetArchiveRequest(archive_id=archive_id))
        assert json.loads(spec.body) == {"ArchiveId": archive_id}
        assert dict(spec.headers)["x-amz-target"] == "MailManagerSvc.GetArchive"
        assert spec.idempotent is True


@pytest.mark.parametrize(
    ("archive_id", "rule"),
    [("", "1 to 66 characters, got 0"), ("a" * 67, "got 67"), (7, "must be a string")],
)
def test_get_archive_rules(archive_id: Any, rule: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        GetArchiveRequest(archive_id=archive_id)
    assert caught.value.field == "archive_id"
    assert rule in caught.value.rule


def test_retention_is_a_union_of_one_member() -> None:
    assert (
        ArchiveRetention(retention_period="ONE_YEAR").retention_period is RetentionPeriod.ONE_YEAR
    )
    assert ArchiveRetention(retention_period="ELEVEN_YEARS").retention_period == "ELEVEN_YEARS"
    with pytest.raises(InvalidInputError, match="set exactly one of retention_period; got none"):
        ArchiveRetention()
    unknown = UnknownMember(name="RetentionDays", value=30)
    with pytest.raises(InvalidInputError, match="got retention_period, RetentionDays"):
        ArchiveRetention(retention_period=RetentionPeriod.PERMANENT, unknown=unknown)
    assert ArchiveRetention(unknown=unknown).retention_period is None


# ---- answers ------------------------------------------------------------------------------


def get_answer(**overrides: Any) -> bytes:
    body: dict[str, Any] = {
        "ArchiveId": "a-demo",
        "ArchiveName": "demo",
        "ArchiveArn": ARN,
        "ArchiveState": "ACTIVE",
        "Retention": {"RetentionPeriod": "THREE_YEARS"},
        "CreatedTimestamp": 1735689600,
        "LastUpdatedTimestamp": 1767225600.5,
        "KmsKeyArn": "arn:aws:kms:us-east-1:111122223333:key/k",
    }
    body.update(overrides)
    return json.dumps({k: v for k, v in body.items() if v is not ...}).encode()


def test_get_archive_answer_is_read() -> None:
    answer = ops.parse_get_archive(get_answer())
    assert answer == GetArchiveResponse(
        archive_id="a-demo",
        archive_name="demo",
        archive_arn=ARN,
        archive_state=ArchiveState.ACTIVE,
        retention=ArchiveRetention(retention_period=RetentionPeriod.THREE_YEARS),
        created_timestamp=datetime(2025, 1, 1, tzinfo=timezone.utc),
        last_updated_timestamp=datetime(2026, 1, 1, 0, 0, 0, 500_000, tzinfo=timezone.utc),
        kms_key_arn="arn:aws:kms:us-east-1:111122223333:key/k",
    )
    assert answer.archive_state is ArchiveState.ACTIVE


def test_get_archive_answer_is_read_leniently() -> None:
    answer = ops.parse_get_archive(
        get_answer(
            ArchiveId="not-an-archive-id-pattern",
            ArchiveName="-",  # breaks ArchiveNameString's pattern: kept as sent
            ArchiveState="ARCHIVED_ON_THE_MOON",
            Retention={"RetentionDays": {"Days": 30}},
            CreatedTimestamp=None,
            LastUpdatedTimestamp=...,
            KmsKeyArn="not an ARN",
            NewMember={"x": 1},
        )
    )
    assert answer.archive_id == "not-an-archive-id-pattern"
    assert answer.archive_name == "-"
    assert answer.archive_state == "ARCHIVED_ON_THE_MOON"
    assert answer.retention == ArchiveRetention(
        unknown=UnknownMember(name="RetentionDays", value={"Days": 30})
    )
    assert (answer.created_timestamp, answer.last_updated_timestamp) == (None, None)
    assert answer.kms_key_arn == "not an ARN"
    period = ops.parse_get_archive(get_answer(Retention={"RetentionPeriod": "ELEVEN_YEARS"}))
    assert period.retention.retention_period == "ELEVEN_YEARS"


@pytest.mark.parametrize(
    "overrides",
    [
        {"ArchiveId": ...},
        {"ArchiveName": None},
        {"ArchiveArn": ...},
        {"ArchiveState": ...},
        {"Retention": ...},
        {"Retention": {}},
        {"Retention": {"RetentionPeriod": "ONE_YEAR", "RetentionDays": 3}},
        {"Retention": {"RetentionPeriod": 365}},
        {"ArchiveState": 1},
        {"CreatedTimestamp": "yesterday"},
    ],
    ids=str,
)
def test_get_archive_answers_that_cannot_be_read(overrides: dict[str, Any]) -> None:
    with pytest.raises(MalformedResponseError) as caught:
        ops.parse_get_archive(get_answer(**overrides))
    assert caught.value.service == "mailmanager"
    assert "GetArchive" in str(caught.value)


def test_list_archives_answer_is_read() -> None:
    body = {
        "Archives": [
            {
                "ArchiveId": "a-demo",
                "ArchiveName": "demo",
                "ArchiveState": "PENDING_DELETION",
                "LastUpdatedTimestamp": 5,
            },
            {"ArchiveId": "a-bare", "ArchiveState": None, "Extra": [1]},
            {"ArchiveId": "a-new", "ArchiveState": "FROZEN"},
        ],
        "NextToken": "next",
    }
    page = ops.parse_list_archives(json.dumps(body).encode())
    assert page == ListArchivesResponse(
        archives=[
            Archive(
                archive_id="a-demo",
                archive_name="demo",
                archive_state=ArchiveState.PENDING_DELETION,
                last_updated_timestamp=datetime(1970, 1, 1, 0, 0, 5, tzinfo=timezone.utc),
            ),
            Archive(archive_id="a-bare"),
            Archive(archive_id="a-new", archive_state="FROZEN"),
        ],
        next_token="next",
    )
    assert ops.parse_list_archives(b'{"Archives": []}') == ListArchivesResponse(archives=[])


@pytest.mark.parametrize(
    "content",
    [
        b"{}",  # Archives is required
        b'{"Archives": null}',
        b'{"Archives": [{"ArchiveName": "no id"}]}',
        b'{"Archives": {"ArchiveId": "a-x"}}',
        b'{"Archives": [], "NextToken": 5}',
        b"",
        b"[]",
    ],
)
def test_list_archives_answers_that_cannot_be_read(content: bytes) -> None:
    with pytest.raises(MalformedResponseError) as caught:
        ops.parse_list_archives(content)
    assert caught.value.status_code == 200
    assert "ListArchives" in str(caught.value)


def test_next_page_token_names_the_listing() -> None:
    page = ListArchivesResponse(archives=[], next_token="same")
    with pytest.raises(MalformedResponseError, match="ListArchives: the answer repeats"):
        ops.next_page_token("same", page, "ListArchives")
    assert ops.next_page_token(None, page, "ListArchives") == "same"
