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
import threading
import uuid
from collections.abc import Callable
from typing import Any

import attrs

from metricsdk.testing._emulator.mailmanager_archives import ArchiveBook
from metricsdk.testing._emulator.mailmanager_mail import emails, matches
from metricsdk.testing._emulator.mailmanager_rules import (
    Call,
    archive_id,
    check_filters,
    error,
    integer,
    invalid,
    page,
    required_id,
    timestamp,
)

__all__ = ["Searches"]

RUNNING = ("QUEUED", "RUNNING")
FAILURE_MESSAGE = "The archive could not be searched"


@attrs.define
class _Search:
    search_id: str
    request: dict[str, Any]
    submitted: float  # epoch seconds
    started: float  # monotonic
    cancelled_after: float | None = None
    failing: bool = False
    rows: list[dict[str, Any]] | None = None  # computed once, when first asked for


class Searches:
    """The search operations over the emulator's archives."""

    def __init__(
        self,
        archives: ArchiveBook,
        *,
        account_id: str,
        search_seconds: float,
        max_running_searches: int | None,
        failing_archives: frozenset[str],
        wall_clock: Callable[[], float],
    ) -> None:
        self._archives = archives
        self._account_id = account_id
        self.search_seconds = search_seconds
        self.max_running_searches = max_running_searches
        self.failing_archives = failing_archives
        self._wall = wall_clock
        self._searches: dict[str, _Search] = {}
        self._lock = threading.Lock()

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
        search = _Search(
            search_id=uuid.uuid4().hex,
            request=body,
            submitted=self._wall(),
            started=call.now,
            failing=archive_name in self.failing_archives,
        )
        with self._lock:
            running = sum(self._state(s, call.now) in RUNNING for s in self._searches.values())
            if self.max_running_searches is not None and running >= self.max_running_searches:
                raise error(
                    "ServiceQuotaExceededException",
                    f"At most {self.max_running_searches} searches may run at once",
                )
            self._searches[search.search_id] = search
        return {"SearchId": search.search_id}

    def GetArchiveSearch(self, call: Call) -> dict[str, Any]:
        search = self._find(call.body)
        request = search.request
        answer: dict[str, Any] = {
            key: request[key]
            for key in ("ArchiveId", "Filters", "FromTimestamp", "ToTimestamp", "MaxResults")
            if key in request
        }
        answer["Status"] = self._status(search, call.now)
        return answer

    def GetArchiveSearchResults(self, call: Call) -> dict[str, Any]:
        search = self._find(call.body)
        with self._lock:
            state = self._state(search, call.now)
            if state != "COMPLETED":
                # The model lists ConflictException for this operation: a search's rows exist
                # only once it has completed.
                raise error("ConflictException", f"Search {search.search_id} is {state}")
            if search.rows is None:
                search.rows = self._rows(search, call.region)
            return {"Rows": search.rows}

    def StopArchiveSearch(self, call: Call) -> dict[str, Any]:
        search = self._find(call.body)
        with self._lock:
            if self._state(search, call.now) in RUNNING:
                search.cancelled_after = call.now - search.started
        return {}

    def ListArchiveSearches(self, call: Call) -> dict[str, Any]:
        # model: ListArchiveSearchesRequest
        archive = archive_id(call.body)
        with self._lock:
            mine = sorted(
                (s for s in self._searches.values() if s.request["ArchiveId"] == archive),
                key=lambda s: (s.started, s.search_id),
            )
        listed, token = page(mine, call.body)
        self._archives.find(archive)
        answer: dict[str, Any] = {
            "Searches": [
                {"SearchId": s.search_id, "Status": self._status(s, call.now)} for s in listed
            ]
        }
        if token is not None:
            answer["NextToken"] = token
        return answer

    def _find(self, body: dict[str, Any]) -> _Search:
        search_id = required_id(body, "SearchId", 64)  # SearchId, 1 to 64
        with self._lock:
            search = self._searches.get(search_id)
        if search is None:
            # GetArchiveSearch, GetArchiveSearchResults and StopArchiveSearch list no
            # ResourceNotFoundException.
            raise invalid(f"Search {search_id} not found")
        return search

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

    def _state(self, search: _Search, now: float) -> str:
        elapsed = now - search.started
        if search.cancelled_after is not None:
            return "CANCELLED"
        if elapsed < self.search_seconds / 3:
            return "QUEUED"
        if elapsed < self.search_seconds:
            return "RUNNING"
        return "FAILED" if search.failing else "COMPLETED"

    def _status(self, search: _Search, now: float) -> dict[str, Any]:
        state = self._state(search, now)
        status: dict[str, Any] = {"SubmissionTimestamp": search.submitted, "State": state}
        if state == "CANCELLED" and search.cancelled_after is not None:
            status["CompletionTimestamp"] = search.submitted + search.cancelled_after
        elif state in ("COMPLETED", "FAILED"):
            status["CompletionTimestamp"] = search.submitted + self.search_seconds
        if state == "FAILED":
            status["ErrorMessage"] = FAILURE_MESSAGE
        return status
