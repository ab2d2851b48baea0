"""Emulated Mail Manager archive searches: ``StartArchiveSearch``, ``GetArchiveSearch``,
``GetArchiveSearchResults``, ``ListArchiveSearches``, ``StopArchiveSearch``.

A search goes QUEUED -> RUNNING -> COMPLETED over ``search_seconds`` (FAILED for an archive in
``failing_archives``); its rows are the archive's emails (`mailmanager_mail`) received in its
range before it was submitted that pass its filters, newest first, at most ``MaxResults`` of
them: the same search finds the same rows.

Errors are the ones the model lists for each operation: ``StartArchiveSearch`` answers
``ResourceNotFoundException`` for an archive that does not exist, ``ConflictException`` for one
``PENDING_DELETION``, and ``ServiceQuotaExceededException`` (HTTP 402, as the model marks it) when
``max_running_searches`` searches are already queued or running; ``GetArchiveSearchResults``
answers ``ConflictException`` until the search has completed; an unknown search is a
``ValidationException`` for the operations that list no ``ResourceNotFoundException``;
``ListArchiveSearches`` answers ``ResourceNotFoundException`` for an unknown archive.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import attrs

from metricsdk.testing._emulator.mailmanager_archives import ArchiveBook
from metricsdk.testing._emulator.mailmanager_jobs import ArchiveJob, ArchiveJobs
from metricsdk.testing._emulator.mailmanager_mail import emails, matches
from metricsdk.testing._emulator.mailmanager_rules import (
    Call,
    archive_id,
    check_filters,
    error,
    integer,
    invalid,
    timestamp,
)

__all__ = ["Searches"]

RUNNING = ("QUEUED", "RUNNING")
FAILURE_MESSAGE = "The archive could not be searched"


@attrs.define
class _Search(ArchiveJob):
    rows: list[dict[str, Any]] | None = None  # computed once, when first asked for


class Searches(ArchiveJobs[_Search]):
    """The search operations over the emulator's archives."""

    noun = "Search"
    plural = "Searches"
    stages = ("QUEUED", "RUNNING")
    running = RUNNING
    echoed = ("ArchiveId", "Filters", "FromTimestamp", "ToTimestamp", "MaxResults")
    failure_message = FAILURE_MESSAGE
    job_type = _Search

    def __init__(
        self,
        archives: ArchiveBook,
        *,
        account_id: str,
        seconds: float,
        max_running_searches: int | None,
        failing_archives: frozenset[str],
        wall_clock: Callable[[], float],
    ) -> None:
        super().__init__(
            archives, seconds=seconds, failing_archives=failing_archives, wall_clock=wall_clock
        )
        self._account_id = account_id
        self.max_running_searches = max_running_searches

    def StartArchiveSearch(self, call: Call) -> dict[str, Any]:
        # model: StartArchiveSearchRequest
        body = call.body
        archive_name = archive_id(body)
        check_filters(body.get("Filters"))
        timestamp(body, "FromTimestamp")
        timestamp(body, "ToTimestamp")
        if body.get("MaxResults") is None:
            raise invalid("MaxResults is required")
        integer(body, "MaxResults", 0, 1000)  # SearchMaxResults, 0 to 1000
        archive = self._archives.find(archive_name)
        if archive.state == "PENDING_DELETION":
            raise error("ConflictException", f"Archive {archive_name} is pending deletion")
        search = self._new(call, archive_name)
        with self._lock:
            running = sum(self._state(s, call.now) in RUNNING for s in self._jobs.values())
            if self.max_running_searches is not None and running >= self.max_running_searches:
                raise error(
                    "ServiceQuotaExceededException",
                    f"At most {self.max_running_searches} searches may run at once",
                )
            self._jobs[search.job_id] = search
        return {"SearchId": search.job_id}

    def GetArchiveSearch(self, call: Call) -> dict[str, Any]:
        return self._get(call)

    def GetArchiveSearchResults(self, call: Call) -> dict[str, Any]:
        search = self._find(call.body)
        with self._lock:
            state = self._state(search, call.now)
            if state != "COMPLETED":
                # The model lists ConflictException for this operation: a search's rows exist
                # only once it has completed.
                raise error("ConflictException", f"Search {search.job_id} is {state}")
            if search.rows is None:
                search.rows = self._rows(search, call.region)
            return {"Rows": search.rows}

    def StopArchiveSearch(self, call: Call) -> dict[str, Any]:
        return self._stop(call)

    def ListArchiveSearches(self, call: Call) -> dict[str, Any]:
        # model: ListArchiveSearchesRequest
        return self._list(call)

    def _rows(self, search: _Search, region: str) -> list[dict[str, Any]]:
        request = search.request
        found = (
            email
            for email in emails(
                request["ArchiveId"],
                request["FromTimestamp"],
                request["ToTimestamp"],
                as_of=search.submitted,
            )
            if matches(email, request.get("Filters"))
        )
        return [
            email.row(region, self._account_id)
            for email in itertools.islice(found, request["MaxResults"])
        ]
