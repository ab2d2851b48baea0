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

from typing import Any

from metricsdk.testing._emulator.mailmanager_jobs import ArchiveJob, ArchiveJobs
from metricsdk.testing._emulator.mailmanager_rules import (
    INT32,
    Call,
    archive_id,
    check_destination,
    check_filters,
    integer,
    invalid,
    timestamp,
)

__all__ = ["Exports"]

RUNNING = ("QUEUED", "PREPROCESSING", "PROCESSING")


class Exports(ArchiveJobs[ArchiveJob]):
    """The export operations over the emulator's archives."""

    noun = "Export"
    plural = "Exports"
    stages = ("QUEUED", "PROCESSING")
    running = RUNNING
    echoed = (
        "ArchiveId",
        "Filters",
        "FromTimestamp",
        "ToTimestamp",
        "MaxResults",
        "ExportDestinationConfiguration",
    )
    failure_message = "The archive could not be read"
    job_type = ArchiveJob

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
        export = self._new(call, archive)
        with self._lock:
            self._jobs[export.job_id] = export
        return {"ExportId": export.job_id}

    def GetArchiveExport(self, call: Call) -> dict[str, Any]:
        return self._get(call)

    def StopArchiveExport(self, call: Call) -> dict[str, Any]:
        return self._stop(call)

    def ListArchiveExports(self, call: Call) -> dict[str, Any]:
        # model: ListArchiveExportsRequest
        return self._list(call)
