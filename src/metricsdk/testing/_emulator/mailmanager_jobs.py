"""What Mail Manager archive exports (`mailmanager_exports`) and searches
(`mailmanager_searches`) share: a job started on an archive, found by its id, stopped, listed a
page at a time, and its ``Status`` as it goes QUEUED -> (working) -> COMPLETED or FAILED.

The two differ in their names (``ExportId``/``SearchId``, ``Exports``/``Searches``), in the
working state (``PROCESSING``/``RUNNING``), in the request members ``Get…`` echoes and in what
their start checks; those are the class attributes of each.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from typing import Any, ClassVar, Generic, TypeVar

import attrs

from metricsdk.testing._emulator.lifecycle import job_state
from metricsdk.testing._emulator.mailmanager_archives import ArchiveBook
from metricsdk.testing._emulator.mailmanager_rules import (
    Call,
    archive_id,
    invalid,
    page,
    required_id,
)

__all__ = ["ArchiveJob", "ArchiveJobs"]


@attrs.define
class ArchiveJob:
    """One export or search: its id, the request that started it, and its times."""

    job_id: str
    request: dict[str, Any]
    submitted: float  # epoch seconds
    started: float  # monotonic
    cancelled_after: float | None = None
    failing: bool = False


J = TypeVar("J", bound=ArchiveJob)


class ArchiveJobs(Generic[J]):
    """The jobs of one kind over the emulator's archives.

    Attributes:
        seconds: how long a job takes to complete.
        failing_archives: archives whose jobs end FAILED.
    """

    noun: ClassVar[str]  # "Export": in ``ExportId`` and in messages
    plural: ClassVar[str]  # "Exports": the list's member
    stages: ClassVar[tuple[str, str]]  # QUEUED, then the working state
    running: ClassVar[tuple[str, ...]]  # the states a stop cancels
    echoed: ClassVar[tuple[str, ...]]  # the request members ``Get…`` answers with
    failure_message: ClassVar[str]

    job_type: type[J]  # the record a start makes

    def __init__(
        self,
        archives: ArchiveBook,
        *,
        seconds: float,
        failing_archives: frozenset[str],
        wall_clock: Callable[[], float],
    ) -> None:
        self._archives = archives
        self.seconds = seconds
        self.failing_archives = failing_archives
        self._wall = wall_clock
        self._jobs: dict[str, J] = {}
        self._lock = threading.Lock()

    def _new(self, call: Call, archive: str) -> J:
        """A job just started on ``archive`` by ``call`` (not yet recorded)."""
        return self.job_type(
            job_id=uuid.uuid4().hex,
            request=call.body,
            submitted=self._wall(),
            started=call.now,
            failing=archive in self.failing_archives,
        )

    def _get(self, call: Call) -> dict[str, Any]:
        job = self._find(call.body)
        request = job.request
        answer: dict[str, Any] = {key: request[key] for key in self.echoed if key in request}
        answer["Status"] = self._status(job, call.now)
        return answer

    def _stop(self, call: Call) -> dict[str, Any]:
        job = self._find(call.body)
        with self._lock:
            if self._state(job, call.now) in self.running:
                job.cancelled_after = call.now - job.started
        return {}

    def _list(self, call: Call) -> dict[str, Any]:
        archive = archive_id(call.body)
        with self._lock:
            mine = sorted(
                (j for j in self._jobs.values() if j.request["ArchiveId"] == archive),
                key=lambda j: (j.started, j.job_id),
            )
        listed, token = page(mine, call.body)
        self._archives.find(archive)
        id_key = f"{self.noun}Id"
        answer: dict[str, Any] = {
            self.plural: [{id_key: j.job_id, "Status": self._status(j, call.now)} for j in listed]
        }
        if token is not None:
            answer["NextToken"] = token
        return answer

    def _find(self, body: dict[str, Any]) -> J:
        job_id = required_id(body, f"{self.noun}Id", 64)  # ExportId, SearchId: 1 to 64
        with self._lock:
            job = self._jobs.get(job_id)
        if job is None:
            # Get, Stop (and GetArchiveSearchResults) list no ResourceNotFoundException.
            raise invalid(f"{self.noun} {job_id} not found")
        return job

    def _state(self, job: J, now: float) -> str:
        return job_state(job, now, self.seconds, failed=job.failing, stages=self.stages)

    def _status(self, job: J, now: float) -> dict[str, Any]:
        state = self._state(job, now)
        status: dict[str, Any] = {"SubmissionTimestamp": job.submitted, "State": state}
        # A stopped job completes when it was stopped, never at a time still to come.
        if state == "CANCELLED" and job.cancelled_after is not None:
            status["CompletionTimestamp"] = job.submitted + job.cancelled_after
        elif state in ("COMPLETED", "FAILED", "CANCELLED"):
            status["CompletionTimestamp"] = job.submitted + self.seconds
        if state == "FAILED":
            status["ErrorMessage"] = self.failure_message
        return status
