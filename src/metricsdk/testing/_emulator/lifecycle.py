"""The life cycle the emulated AWS jobs share (SES v2 export jobs, Mail Manager archive exports
and searches): waiting a third of their time, working the rest, then ending. Each service names
its own states; the timing is the same for all, so it is written once here."""

from __future__ import annotations

from typing import Protocol

__all__ = ["Job", "job_state"]


class Job(Protocol):
    """What the life cycle reads of a job."""

    started: float  # time.monotonic() when it started
    cancelled_after: float | None  # seconds after its start it was cancelled, if it was


def job_state(
    job: Job, now: float, seconds: float, *, failed: bool, stages: tuple[str, str]
) -> str:
    """The state of ``job`` at ``now`` (monotonic), when it takes ``seconds`` to end.

    Args:
        job: the job.
        now: the time asked about (``time.monotonic()``).
        seconds: how long the job takes to end.
        failed: whether it ends ``FAILED`` rather than ``COMPLETED``.
        stages: the service's names for its first third (``QUEUED``, ``CREATED``) and for the
            rest (``PROCESSING``, ``RUNNING``).

    Returns:
        ``CANCELLED`` once cancelled, else the state its age gives, in the service's words.
    """
    if job.cancelled_after is not None:
        return "CANCELLED"
    elapsed = now - job.started
    if elapsed < seconds / 3:
        return stages[0]
    if elapsed < seconds:
        return stages[1]
    return "FAILED" if failed else "COMPLETED"
