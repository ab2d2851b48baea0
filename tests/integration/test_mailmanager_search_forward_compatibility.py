"""Lenient on answers, for Mail Manager archives and searches: what the service may legally send
tomorrow parses today, through the sync and the async client over real loopback sockets (the
pattern of test_forward_compatibility.py): new members, enum values and union members this SDK
does not know, optional members left out, JSON nulls, values a request could not send."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime, timezone
from typing import Any

import pytest

from metricsdk.mailmanager import (
    ArchiveState,
    Envelope,
    RetentionPeriod,
    Row,
    SearchState,
    UnknownMember,
)
from tests.integration.test_forward_compatibility import (
    IP_EXPRESSION,
    JSON_1_0,
    Canned,
    _mailmanager,
    answering,
    run,
)

UTC = timezone.utc
ARCHIVE = {
    "ArchiveId": "a-x",
    "ArchiveName": "x1",
    "ArchiveArn": "arn:aws:ses:us-east-1:111122223333:mailmanager-archive/a-x",
    "ArchiveState": "ACTIVE",
    "Retention": {"RetentionPeriod": "ONE_YEAR"},
}


@pytest.fixture(scope="module")
def canned() -> Iterator[Canned]:
    server = Canned()
    server.server.start()
    yield server
    server.server.close()


def _expect(condition: bool) -> None:
    assert condition


GET_ARCHIVE_ROWS: dict[str, tuple[dict[str, Any], Callable[[Any], None]]] = {
    "a new kind of retention": (
        {**ARCHIVE, "Retention": {"RetentionDays": {"Days": 400}}},
        lambda a: _expect(
            a.retention.unknown == UnknownMember(name="RetentionDays", value={"Days": 400})
            and a.retention.retention_period is None
        ),
    ),
    "a new retention period and state": (
        {**ARCHIVE, "Retention": {"RetentionPeriod": "TWELVE_YEARS"}, "ArchiveState": "FROZEN"},
        lambda a: _expect(
            a.retention.retention_period == "TWELVE_YEARS" and a.archive_state == "FROZEN"
        ),
    ),
    "optional members left out, nulls and new members": (
        {**ARCHIVE, "KmsKeyArn": None, "CreatedTimestamp": None, "Tags": [{"Key": "k"}]},
        lambda a: _expect(
            a.kms_key_arn is None
            and a.created_timestamp is None
            and a.last_updated_timestamp is None
            and a.retention.retention_period is RetentionPeriod.ONE_YEAR
            and a.archive_state is ArchiveState.ACTIVE
        ),
    ),
    "values a request could not send": (
        {**ARCHIVE, "ArchiveId": "no-prefix", "ArchiveName": "-", "KmsKeyArn": "key"},
        lambda a: _expect(
            (a.archive_id, a.archive_name, a.kms_key_arn) == ("no-prefix", "-", "key")
        ),
    ),
}


@pytest.mark.parametrize("kind", ["sync", "async"])
@pytest.mark.parametrize("row", sorted(GET_ARCHIVE_ROWS))
def test_get_archive_answers(row: str, kind: str, canned: Canned) -> None:
    payload, check = GET_ARCHIVE_ROWS[row]
    answering(canned, payload, JSON_1_0)
    check(run(kind, _mailmanager(canned), lambda c: c.get_archive(archive_id="a-x")))


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_list_archives_answers(kind: str, canned: Canned) -> None:
    answering(
        canned,
        {
            "Archives": [
                {"ArchiveId": "a-1", "ArchiveState": "FROZEN", "New": 1},
                {"ArchiveId": "a-2", "ArchiveName": None, "LastUpdatedTimestamp": 1.5},
            ],
            "NextToken": None,
        },
        JSON_1_0,
    )
    page = run(kind, _mailmanager(canned), lambda c: c.list_archives())
    assert [(a.archive_id, a.archive_state) for a in page.archives] == [
        ("a-1", "FROZEN"),
        ("a-2", ""),
    ]
    assert page.archives[1].last_updated_timestamp == datetime(1970, 1, 1, 0, 0, 1, 500_000, UTC)
    assert page.next_token is None


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_get_archive_search_answers(kind: str, canned: Canned) -> None:
    answering(
        canned,
        {
            "ArchiveId": None,
            "Filters": {"Include": [{"IpExpression": IP_EXPRESSION}], "Unless": None},
            "MaxResults": 5000,
            "Status": {"State": "PAUSED", "ErrorMessage": None},
            "Owner": "someone",
        },
        JSON_1_0,
    )
    answer = run(kind, _mailmanager(canned), lambda c: c.get_archive_search(search_id="s"))
    assert answer.archive_id is None and answer.max_results == 5000
    assert answer.filters.include[0].unknown == UnknownMember(
        name="IpExpression", value=IP_EXPRESSION
    )
    assert answer.filters.unless is None
    assert answer.status.state == "PAUSED" and not answer.status.is_final


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_search_results_answers(kind: str, canned: Canned) -> None:
    answering(
        canned,
        {
            "Rows": [
                {
                    "ArchivedMessageId": "m1",
                    "Subject": None,
                    "ReceivedHeaders": [],
                    "Envelope": {"Helo": "h", "To": None, "MailFrom": "x"},
                    "XSpamScore": "5.1",
                },
                {"HasAttachments": False, "ReceivedTimestamp": 1767225600},
            ],
            "Summary": {"Total": 2},
        },
        JSON_1_0,
    )
    answer = run(kind, _mailmanager(canned), lambda c: c.get_archive_search_results(search_id="s"))
    assert answer.rows == [
        Row(archived_message_id="m1", received_headers=[], envelope=Envelope(helo="h")),
        Row(has_attachments=False, received_timestamp=datetime(2026, 1, 1, tzinfo=UTC)),
    ]


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_list_start_and_stop_search_answers(kind: str, canned: Canned) -> None:
    make = _mailmanager(canned)
    answering(canned, {"Searches": None, "NextToken": None}, JSON_1_0)
    page = run(kind, make, lambda c: c.list_archive_searches(archive_id="a-x"))
    assert (page.searches, page.next_token) == ([], None)
    answering(canned, {"Searches": [{"SearchId": "s", "Status": {"State": "ARCHIVED"}}]}, JSON_1_0)
    page = run(kind, make, lambda c: c.list_archive_searches(archive_id="a-x"))
    assert page.searches[0].status.state == "ARCHIVED"
    answering(canned, {"SearchId": "s-9", "Estimate": 3}, JSON_1_0)
    started = run(
        kind,
        make,
        lambda c: c.start_archive_search(
            archive_id="a-x",
            from_timestamp=date(2026, 1, 1),
            to_timestamp=date(2026, 2, 1),
            max_results=1,
        ),
    )
    assert started.search_id == "s-9"
    answering(canned, {"Note": "already stopped"}, JSON_1_0)
    run(kind, make, lambda c: c.stop_archive_search(search_id="s-9"))
    answering(canned, {"Status": {"State": "COMPLETED"}, "New": [1]}, JSON_1_0)
    done = run(kind, make, lambda c: c.wait_for_archive_search(search_id="s-9"))
    assert done.status.state is SearchState.COMPLETED
