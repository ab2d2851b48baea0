"""The archive export waiter's pure parts: the polling schedule (on a fake clock) and what each
state means."""

from __future__ import annotations

import pickle

import pytest

from metricsdk.errors import InvalidInputError, SDKError, WaiterTimeoutError
from metricsdk.mailmanager import (
    ArchiveExportFailedError,
    ExportState,
    ExportStatus,
    GetArchiveExportResponse,
)
from metricsdk.mailmanager.waiter import (
    MAX_POLL_INTERVAL,
    PollSchedule,
    poll_schedule,
    settle,
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
