"""Emulated Mail Manager archive exports: ``StartArchiveExport``, ``GetArchiveExport``,
``StopArchiveExport``, ``ListArchiveExports``.

An export goes QUEUED -> PROCESSING -> COMPLETED over ``export_seconds`` (FAILED for an archive
in ``failing_archives``). Errors are the ones the model lists for each operation: an unknown
export is a ``ValidationException`` for ``GetArchiveExport``/``StopArchiveExport``, which list no
``ResourceNotFoundException``; an unknown archive is a ``ResourceNotFoundException`` for
``ListArchiveExports``, which does. Starting an export from an archive the emulator does not know
brings it into being (`ArchiveBook.ensure`).
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from typing import Any

import attrs

from metricsdk.testing._emulator.mailmanager_archives import ArchiveBook
from metricsdk.testing._emulator.mailmanager_rules import (
    INT32,
    Call,
    archive_id,
    check_destination,
    check_filters,
    integer,
    invalid,
    page,
    required_id,
    timestamp,
)

__all__ = ["Exports"]

RUNNING = ("QUEUED", "PREPROCESSING", "PROCESSING")


@attrs.define
class _Export:
    export_id: str
    request: dict[str, Any]
    submitted: float  # epoch seconds
    started: float  # monotonic
    cancelled_after: float | None = None
    failing: bool = False


class Exports:
    """The export operations over the emulator's archives."""

    def __init__(
        self,
        archives: ArchiveBook,
        *,
        export_seconds: float,
        failing_archives: frozenset[str],
        wall_clock: Callable[[], float],
    ) -> None:
        self._archives = archives
        self.export_seconds = export_seconds
        self.failing_archives = failing_archives
        self._wall = wall_clock
        self._exports: dict[str, _Export] = {}
        self._lock = threading.Lock()

    def StartArchiveExport(self, call: Call) -> dict[str, Any]:
        # model: StartArchiveExportRequest
        body = call.body
        archive = archive_id(body)
        timestamp(body, "FromTimestamp")
        timestamp(body, "ToTimestamp")
        check_destination(body.get("ExportDestinationConfiguration"))
        check_filters(body.get("Filters"))
        integer(body, "MaxResults", *INT32)  # ExportMaxResults: no bounds of its own
        if "IncludeMetadata" in body and not isinstance(body["IncludeMetadata"], bool):
            raise invalid("IncludeMetadata must be a boolean")
        self._archives.ensure(archive)
        export = _Export(
            export_id=uuid.uuid4().hex,
            request=body,
            submitted=self._wall(),
            started=call.now,
            failing=archive in self.failing_archives,
        )
        with self._lock:
            self._exports[export.export_id] = export
        return {"ExportId": export.export_id}

    def GetArchiveExport(self, call: Call) -> dict[str, Any]:
        export = self._find(call.body)
        request = export.request
        answer: dict[str, Any] = {
            key: request[key]
            for key in (
                "ArchiveId",
                "Filters",
                "FromTimestamp",
                "ToTimestamp",
                "MaxResults",
                "ExportDestinationConfiguration",
            )
            if key in request
        }
        answer["Status"] = self._status(export, call.now)
        return answer

    def StopArchiveExport(self, call: Call) -> dict[str, Any]:
        export = self._find(call.body)
        with self._lock:
            if self._state(export, call.now) in RUNNING:
                export.cancelled_after = call.now - export.started
        return {}

    def ListArchiveExports(self, call: Call) -> dict[str, Any]:
        # model: ListArchiveExportsRequest
        archive = archive_id(call.body)
        with self._lock:
            mine = sorted(
                (e for e in self._exports.values() if e.request["ArchiveId"] == archive),
                key=lambda e: (e.started, e.export_id),
            )
        listed, token = page(mine, call.body)
        self._archives.find(archive)
        answer: dict[str, Any] = {
            "Exports": [
                {"ExportId": e.export_id, "Status": self._status(e, call.now)} for e in listed
            ]
        }
        if token is not None:
            answer["NextToken"] = token
        return answer

    def _find(self, body: dict[str, Any]) -> _Export:
        export_id = required_id(body, "ExportId", 64)  # ExportId, 1 to 64
        with self._lock:
            export = self._exports.get(export_id)
        if export is None:
            # GetArchiveExport and StopArchiveExport list no ResourceNotFoundException.
            raise invalid(f"Export {export_id} not found")
        return export

    def _state(self, export: _Export, now: float) -> str:
        elapsed = now - export.started
        if export.cancelled_after is not None:
            return "CANCELLED"
        if elapsed < self.export_seconds / 3:
            return "QUEUED"
        if elapsed < self.export_seconds:
            return "PROCESSING"
        return "FAILED" if export.failing else "COMPLETED"

    def _status(self, export: _Export, now: float) -> dict[str, Any]:
        state = self._state(export, now)
        status: dict[str, Any] = {"SubmissionTimestamp": export.submitted, "State": state}
        if state in ("COMPLETED", "FAILED", "CANCELLED"):
            status["CompletionTimestamp"] = export.submitted + self.export_seconds
        if state == "FAILED":
            status["ErrorMessage"] = "The archive could not be read"
        return status
