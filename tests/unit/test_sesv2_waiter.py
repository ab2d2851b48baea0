"""The export job waiter's pure parts: its polling schedule (on a fake clock) and what each
status means."""

from __future__ import annotations

import pickle

import pytest

from metricsdk.errors import InvalidInputError, SDKError, WaiterTimeoutError
from metricsdk.sesv2 import ExportJobFailedError, FailureInfo, GetExportJobResponse, JobStatus
from metricsdk.sesv2.waiter import MAX_POLL_INTERVAL, poll_schedule, settle, timeout_error


class FakeClock:
    def __init__(self) -> None:
        self.now = 500.0

    def __call__(self) -> float:
        return self.now


def answer(status: JobStatus | str | None, message: str | None = None) -> GetExportJobResponse:
    info = None if message is None else FailureInfo(error_message=message)
    return GetExportJobResponse(job_id="j-1", job_status=status, failure_info=info)


def test_waits_grow_to_the_cap_and_end_at_the_deadline() -> None:
    clock = FakeClock()
    schedule = poll_schedule(timeout=300.0, poll_interval=20.0, clock=clock)
    delays = []
    while (delay := schedule.next_delay()) is not None:
        delays.append(delay)
        clock.now += delay
    assert delays[:3] == [20.0, 30.0, 45.0]
    assert max(delays) == MAX_POLL_INTERVAL
    assert sum(delays) == pytest.approx(300.0)


@pytest.mark.parametrize(("field", "value"), [("timeout", 0), ("poll_interval", -1.0)])
def test_the_schedule_checks_its_arguments(field: str, value: float) -> None:
    arguments = {"timeout": 10.0, "poll_interval": 1.0, field: value}
    with pytest.raises(InvalidInputError) as caught:
        poll_schedule(**arguments)
    assert caught.value.field == field


@pytest.mark.parametrize("status", [JobStatus.CREATED, JobStatus.PROCESSING, "QUEUED", None])
def test_running_and_unknown_states_keep_the_waiter_polling(status: JobStatus | str | None) -> None:
    assert settle("j-1", answer(status)) is None


def test_completed_is_the_answer() -> None:
    done = answer(JobStatus.COMPLETED)
    assert settle("j-1", done) is done


@pytest.mark.parametrize("status", [JobStatus.FAILED, JobStatus.CANCELLED])
def test_failed_and_cancelled_raise_with_the_reason(status: JobStatus) -> None:
    final = answer(status, "the identity is not verified")
    with pytest.raises(ExportJobFailedError) as caught:
        settle("j-1", final)
    error = caught.value
    assert isinstance(error, SDKError)
    assert (error.job_id, error.job_status, error.response) == ("j-1", status, final)
    assert error.error_message == "the identity is not verified"
    assert str(error) == f"export job 'j-1' ended {status}: the identity is not verified"
    copy = pickle.loads(pickle.dumps(error))
    assert (type(copy), str(copy), copy.response) == (ExportJobFailedError, str(error), final)
    assert "no error message" in str(ExportJobFailedError("j-2", answer(status)))


def test_the_timeout_error_names_the_job_and_its_state() -> None:
    error = timeout_error("j-1", answer(JobStatus.PROCESSING), 30.0)
    assert isinstance(error, WaiterTimeoutError) and isinstance(error, TimeoutError)
    assert (str(error), error.pending) == ("export job 'j-1' still PROCESSING after 30 s", ("j-1",))
    assert "unknown state" in str(timeout_error("j-1", answer(None), 1.0))
