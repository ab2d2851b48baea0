"""The archive export and search waiters' pure parts: the polling schedule (on a fake clock) and
what each state means."""

from __future__ import annotations

import pickle

import pytest

from metricsdk.errors import InvalidInputError, SDKError, WaiterTimeoutError
from metricsdk.mailmanager import (
    ArchiveExportFailedError,
    ArchiveSearchFailedError,
    ExportState,
    ExportStatus,
    GetArchiveExportResponse,
    GetArchiveSearchResponse,
    SearchState,
    SearchStatus,
)
from metricsdk.mailmanager.waiter import (
    MAX_POLL_INTERVAL,
    PollSchedule,
    poll_schedule,
    search_timeout_error,
    settle,
    settle_search,
    timeout_error,
)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def answer(state: ExportState | str, message: str | None = None) -> GetArchiveExportResponse:
    return GetArchiveExportResponse(
        archive_id="a-demo", status=ExportStatus(state=state, error_message=message)
    )


def drain(schedule: PollSchedule, clock: FakeClock) -> list[float]:
    delays = []
    while (delay := schedule.next_delay()) is not None:
        delays.append(delay)
        clock.now += delay
    return delays


def test_waits_grow_by_half_up_to_the_cap_and_stop_at_the_deadline() -> None:
    clock = FakeClock()
    delays = drain(poll_schedule(timeout=200.0, poll_interval=10.0, clock=clock), clock)
    assert delays[:4] == [10.0, 15.0, 22.5, 33.75]
    assert delays[4:7] == [50.625, 60.0, 8.125]  # capped, then cut to end at the deadline
    assert sum(delays) == pytest.approx(200.0)
    assert max(delays) == MAX_POLL_INTERVAL


def test_a_long_poll_interval_is_its_own_cap() -> None:
    clock = FakeClock()
    delays = drain(poll_schedule(timeout=400.0, poll_interval=90.0, clock=clock), clock)
    assert delays == [90.0, 90.0, 90.0, 90.0, 40.0]


def test_time_spent_polling_counts_against_the_deadline() -> None:
    clock = FakeClock()
    schedule = poll_schedule(timeout=10.0, poll_interval=4.0, clock=clock)
    clock.now += 7.0  # a slow GetArchiveExport
    assert schedule.next_delay() == 3.0
    clock.now += 3.0
    assert schedule.next_delay() is None
    assert schedule.timeout == 10.0


@pytest.mark.parametrize(
    ("field", "value", "rule"),
    [
        ("timeout", 0, "positive, finite"),
        ("timeout", -1.0, "positive, finite"),
        ("timeout", float("inf"), "positive, finite"),
        ("timeout", float("nan"), "positive, finite"),
        ("timeout", "60", "must be a number of seconds, got str"),
        ("poll_interval", 0.0, "positive, finite"),
        ("poll_interval", True, "must be a number of seconds, got bool"),
        ("poll_interval", None, "must be a number of seconds, got NoneType"),
    ],
)
def test_schedule_arguments_are_checked(field: str, value: object, rule: str) -> None:
    arguments: dict[str, object] = {"timeout": 60.0, "poll_interval": 1.0, field: value}
    with pytest.raises(InvalidInputError) as caught:
        poll_schedule(**arguments)  # type: ignore[arg-type]
    assert caught.value.field == field
    assert rule in caught.value.rule


@pytest.mark.parametrize(
    "state",
    [ExportState.QUEUED, ExportState.PREPROCESSING, ExportState.PROCESSING, "NEW_STATE", ""],
)
def test_running_states_keep_the_waiter_polling(state: ExportState | str) -> None:
    assert settle("e1", answer(state)) is None


def test_completed_ends_the_wait() -> None:
    done = answer(ExportState.COMPLETED)
    assert settle("e1", done) is done


@pytest.mark.parametrize(
    ("state", "message", "text"),
    [
        (ExportState.FAILED, "bucket policy denies PutObject", "ended FAILED: bucket policy"),
        (ExportState.CANCELLED, None, "ended CANCELLED: no error message"),
    ],
)
def test_failed_and_cancelled_raise(state: ExportState, message: str | None, text: str) -> None:
    final = answer(state, message)
    with pytest.raises(ArchiveExportFailedError) as caught:
        settle("e1", final)
    error = caught.value
    assert isinstance(error, SDKError)
    assert (error.export_id, error.state, error.error_message) == ("e1", state, message)
    assert error.response is final
    assert text in str(error) and "'e1'" in str(error)
    copy = pickle.loads(pickle.dumps(error))
    assert (type(copy), str(copy), copy.response) == (type(error), str(error), final)


def test_timeout_error_names_the_export_and_its_state() -> None:
    error = timeout_error("e1", answer(ExportState.PROCESSING), 0.5)
    assert isinstance(error, WaiterTimeoutError) and isinstance(error, TimeoutError)
    assert error.pending == ("e1",)
    assert str(error) == "archive export 'e1' still PROCESSING after 0.5 s"
    assert "unknown state" in str(timeout_error("e1", answer(""), 1.0))


def search_answer(state: SearchState | str, message: str | None = None) -> GetArchiveSearchResponse:
    return GetArchiveSearchResponse(
        archive_id="a-demo", status=SearchStatus(state=state, error_message=message)
    )


@pytest.mark.parametrize("state", [SearchState.QUEUED, SearchState.RUNNING, "PAUSED", ""])
def test_running_searches_keep_the_waiter_polling(state: SearchState | str) -> None:
    assert settle_search("s1", search_answer(state)) is None


def test_a_completed_search_ends_the_wait() -> None:
    done = search_answer(SearchState.COMPLETED)
    assert settle_search("s1", done) is done


@pytest.mark.parametrize(
    ("state", "message", "text"),
    [
        (SearchState.FAILED, "archive unreadable", "ended FAILED: archive unreadable"),
        (SearchState.CANCELLED, None, "ended CANCELLED: no error message"),
    ],
)
def test_failed_and_cancelled_searches_raise(
    state: SearchState, message: str | None, text: str
) -> None:
    final = search_answer(state, message)
    with pytest.raises(ArchiveSearchFailedError) as caught:
        settle_search("s1", final)
    error = caught.value
    assert isinstance(error, SDKError) and not isinstance(error, ArchiveExportFailedError)
    assert (error.search_id, error.state, error.error_message) == ("s1", state, message)
    assert error.response is final
    assert text in str(error) and str(error).startswith("archive search 's1'")
    copy = pickle.loads(pickle.dumps(error))
    assert (type(copy), str(copy), copy.response) == (type(error), str(error), final)


def test_search_timeout_error_names_the_search_and_its_state() -> None:
    error = search_timeout_error("s1", search_answer(SearchState.RUNNING), 2.5)
    assert isinstance(error, WaiterTimeoutError) and isinstance(error, TimeoutError)
    assert error.pending == ("s1",)
    assert str(error) == "archive search 's1' still RUNNING after 2.5 s"
    assert "unknown state" in str(search_timeout_error("s1", search_answer(""), 1.0))
