"""The pieces the emulated services share: admitting calls per caller or per account, the jobs'
life cycle, reading a JSON object body, and the Mail Manager jobs' find/stop/list/status."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import attrs
import pytest

from metricsdk.testing._emulator.keyring import KeyRing
from metricsdk.testing._emulator.lifecycle import job_state
from metricsdk.testing._emulator.limits import CallerWindows, PerAccountLimit, Unlimited
from metricsdk.testing._emulator.mailmanager_archives import ArchiveBook
from metricsdk.testing._emulator.mailmanager_exports import Exports
from metricsdk.testing._emulator.mailmanager_rules import Call
from metricsdk.testing._emulator.mailmanager_searches import Searches
from metricsdk.testing._emulator.service import Refusal
from metricsdk.testing._emulator.wire import Incoming, json_object


def incoming(body: bytes) -> Incoming:
    return Incoming("POST", "/", "", {}, body, "localhost")


def test_caller_windows_count_each_caller_on_its_own() -> None:
    windows = CallerWindows(2)
    assert [windows.admit("a", t) for t in (0.0, 0.1, 0.2)] == [True, True, False]
    assert windows.admit("b", 0.2)  # another caller, another window
    assert windows.admit("a", 1.05)  # 0.0 has left a's window


def test_caller_windows_limit_units_too_and_nothing_without_limits() -> None:
    windows = CallerWindows(None, 10)
    assert windows.admit("a", 0.0, 6)
    assert not windows.admit("a", 0.1, 5)
    unlimited = CallerWindows(None)
    assert all(unlimited.admit("a", 0.0, 1000) for _ in range(100))


def test_unlimited_services_admit_every_call_at_one_unit() -> None:
    service = Unlimited()
    assert service.weight(incoming(b""), "Any") == 1
    assert all(service.admit("a", 1, 0.0) for _ in range(1000))


class _AccountService(PerAccountLimit):
    def __init__(self, secrets: dict[str, str], calls: int) -> None:
        self._secrets = secrets
        self._windows = CallerWindows(calls)


def test_issued_keys_of_one_account_share_its_window() -> None:
    keys = KeyRing({"AKIDFIXED": "secret"})
    first, second = keys.issue("111122223333"), keys.issue("111122223333")
    service = _AccountService(keys, 1)
    assert service.admit(first.access_key_id, 1, 0.0)
    assert not service.admit(second.access_key_id, 1, 0.1)  # same account
    assert service.admit("AKIDFIXED", 1, 0.1)  # a fixed key is its own caller


def test_a_plain_secrets_table_limits_each_key() -> None:
    service = _AccountService({"AKIDA": "a", "AKIDB": "b"}, 1)
    assert service.admit("AKIDA", 1, 0.0)
    assert service.admit("AKIDB", 1, 0.0)
    assert not service.admit("AKIDA", 1, 0.5)


@attrs.define
class _Job:
    started: float
    cancelled_after: float | None = None


@pytest.mark.parametrize(
    ("elapsed", "failed", "state"),
    [
        (0.0, False, "QUEUED"),
        (0.99, False, "QUEUED"),
        (1.0, False, "RUNNING"),
        (2.99, True, "RUNNING"),
        (3.0, False, "COMPLETED"),
        (3.0, True, "FAILED"),
    ],
)
def test_a_job_waits_a_third_of_its_time_then_works_then_ends(
    elapsed: float, failed: bool, state: str
) -> None:
    job = _Job(started=10.0)
    assert job_state(job, 10.0 + elapsed, 3.0, failed=failed, stages=("QUEUED", "RUNNING")) == (
        state
    )


def test_a_cancelled_job_is_cancelled_whatever_its_age() -> None:
    job = _Job(started=0.0, cancelled_after=0.1)
    for now in (0.0, 1.0, 100.0):
        assert job_state(job, now, 3.0, failed=True, stages=("CREATED", "PROCESSING")) == (
            "CANCELLED"
        )


def test_json_object_reads_an_object_and_refuses_the_rest_in_the_services_words() -> None:
    def refusal(message: str) -> ValueError:
        return ValueError(message)

    assert json_object(incoming(b'{"a": 1}'), refusal, "The body") == {"a": 1}
    with pytest.raises(ValueError, match=r"^The body is not valid JSON$"):
        json_object(incoming(b"{"), refusal, "The body")
    with pytest.raises(ValueError, match=r"^the body must be a JSON object$"):
        json_object(incoming(b"[1]"), refusal, "the body")
    with pytest.raises(ValueError, match="must be a JSON object"):
        json_object(incoming(b""), refusal, "The body")  # no body: null


def _book() -> ArchiveBook:
    return ArchiveBook("111122223333", ["a-broken"])


def _refusal_body(call: Callable[[], object]) -> dict[str, Any]:
    with pytest.raises(Refusal) as caught:
        call()
    body: dict[str, Any] = json.loads(caught.value.answer.body)
    return body


@pytest.fixture
def clock() -> list[float]:
    return [1_000_000.0]


def test_exports_and_searches_share_find_stop_list_with_their_own_names(
    clock: list[float],
) -> None:
    book = _book()
    exports = Exports(book, seconds=3.0, failing_archives=frozenset(), wall_clock=lambda: clock[0])
    searches = Searches(
        book,
        account_id="111122223333",
        seconds=3.0,
        max_running_searches=None,
        failing_archives=frozenset(),
        wall_clock=lambda: clock[0],
    )
    start = {
        "ArchiveId": "a-demo",
        "FromTimestamp": 0,
        "ToTimestamp": 10,
        "MaxResults": 5,
    }
    export_id = exports.StartArchiveExport(
        Call(
            body={
                **start,
                "ExportDestinationConfiguration": {"S3": {"S3Location": "s3://bucket/x/"}},
            },
            now=0.0,
            region="us-east-1",
        )
    )["ExportId"]
    search_id = searches.StartArchiveSearch(Call(body=start, now=0.0, region="us-east-1"))[
        "SearchId"
    ]

    got = exports.GetArchiveExport(Call({"ExportId": export_id}, 1.5, "us-east-1"))
    assert got["Status"]["State"] == "PROCESSING"
    assert "ExportDestinationConfiguration" in got
    got = searches.GetArchiveSearch(Call({"SearchId": search_id}, 1.5, "us-east-1"))
    assert got["Status"]["State"] == "RUNNING"
    assert "ExportDestinationConfiguration" not in got

    listed = exports.ListArchiveExports(Call({"ArchiveId": "a-demo"}, 0.5, "us-east-1"))
    assert [e["ExportId"] for e in listed["Exports"]] == [export_id]
    listed = searches.ListArchiveSearches(Call({"ArchiveId": "a-demo"}, 0.5, "us-east-1"))
    assert [s["SearchId"] for s in listed["Searches"]] == [search_id]

    # Stopped at 2.0: both complete when they were stopped, not when they would have finished.
    assert exports.StopArchiveExport(Call({"ExportId": export_id}, 2.0, "us-east-1")) == {}
    assert searches.StopArchiveSearch(Call({"SearchId": search_id}, 2.0, "us-east-1")) == {}
    export_status = exports.GetArchiveExport(Call({"ExportId": export_id}, 9.0, "us-east-1"))
    search_status = searches.GetArchiveSearch(Call({"SearchId": search_id}, 9.0, "us-east-1"))
    assert export_status["Status"]["State"] == search_status["Status"]["State"] == "CANCELLED"
    assert export_status["Status"]["CompletionTimestamp"] == clock[0] + 2.0
    assert search_status["Status"]["CompletionTimestamp"] == clock[0] + 2.0

    missing = _refusal_body(
        lambda: exports.GetArchiveExport(Call({"ExportId": "nope"}, 0.0, "us-east-1"))
    )
    assert missing["Message"] == "Export nope not found"
    missing = _refusal_body(
        lambda: searches.StopArchiveSearch(Call({"SearchId": "nope"}, 0.0, "us-east-1"))
    )
    assert missing["Message"] == "Search nope not found"


def test_a_failing_archive_fails_its_jobs_with_their_own_message(clock: list[float]) -> None:
    book = _book()
    exports = Exports(
        book, seconds=3.0, failing_archives=frozenset({"a-broken"}), wall_clock=lambda: clock[0]
    )
    body = {
        "ArchiveId": "a-broken",
        "FromTimestamp": 0,
        "ToTimestamp": 10,
        "ExportDestinationConfiguration": {"S3": {"S3Location": "s3://bucket/x/"}},
    }
    export_id = exports.StartArchiveExport(Call(body, 0.0, "us-east-1"))["ExportId"]
    status = exports.GetArchiveExport(Call({"ExportId": export_id}, 3.0, "us-east-1"))["Status"]
    assert status["State"] == "FAILED"
    assert status["ErrorMessage"] == "The archive could not be read"
    assert status["CompletionTimestamp"] == clock[0] + 3.0
