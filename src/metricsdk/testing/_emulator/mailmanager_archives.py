"""The emulated Mail Manager's archives: a few that exist from the start, and ``ListArchives`` and
``GetArchive`` over them.

`PREDEFINED` archives exist in every emulator (``a-demo`` and ``a-demo_archive`` are the ones the
docs and ``metricsdk demo`` use), and so do the archives named in ``failing_archive_ids``. An
export started from an archive id the emulator does not know yet brings that archive into being,
as it always has in the emulator, so any well-formed id can be exported from; searches and the
listings answer ``ResourceNotFoundException`` for an archive that does not exist.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from typing import Any

import attrs

from metricsdk.testing._emulator.mailmanager_rules import Call, error, page, required_id

__all__ = ["PREDEFINED", "ArchiveBook", "EmulatedArchive"]

CREATED = 1_735_689_600.0  # 2025-01-01T00:00:00Z, when every emulated archive was created


@attrs.frozen
class EmulatedArchive:
    """One archive as the emulator keeps it."""

    archive_id: str
    name: str
    state: str = "ACTIVE"
    retention: str = "ONE_YEAR"
    kms_key_id: str | None = None
    created: float = CREATED


PREDEFINED = (
    EmulatedArchive("a-demo", "demo", retention="ONE_YEAR"),
    EmulatedArchive("a-demo_archive", "demo-archive", retention="THREE_YEARS"),
    EmulatedArchive(
        "a-compliance", "compliance", retention="PERMANENT", kms_key_id="emulator-archive-key"
    ),
    EmulatedArchive("a-retired", "retired", state="PENDING_DELETION", retention="THREE_MONTHS"),
)


def _name_for(archive_id: str) -> str:
    # ArchiveNameString: 1 to 64 of [a-zA-Z0-9][a-zA-Z0-9_-]*[a-zA-Z0-9]
    core = re.sub(r"[^A-Za-z0-9_-]", "", archive_id[2:])
    return f"archive-{core}"[:64].rstrip("_-")


class ArchiveBook:
    """The archives that exist, and the two archive operations."""

    def __init__(self, account_id: str, extra_archive_ids: Iterable[str] = ()) -> None:
        self._account_id = account_id
        self._lock = threading.Lock()
        self._archives = {archive.archive_id: archive for archive in PREDEFINED}
        for archive_id in extra_archive_ids:
            self.ensure(archive_id)

    def ensure(self, archive_id: str) -> EmulatedArchive:
        """The archive with this id, brought into being if it did not exist."""
        with self._lock:
            archive = self._archives.get(archive_id)
            if archive is None:
                archive = EmulatedArchive(archive_id, _name_for(archive_id))
                self._archives[archive_id] = archive
            return archive

    def find(self, archive_id: str) -> EmulatedArchive:
        """The archive with this id, else a ``ResourceNotFoundException`` refusal."""
        with self._lock:
            archive = self._archives.get(archive_id)
        if archive is None:
            raise error("ResourceNotFoundException", f"Archive {archive_id} not found")
        return archive

    def ListArchives(self, call: Call) -> dict[str, Any]:
        # model: ListArchivesRequest, NextToken and PageSize only
        with self._lock:
            archives = sorted(self._archives.values(), key=lambda a: (a.created, a.archive_id))
        listed, token = page(archives, call.body)
        answer: dict[str, Any] = {
            "Archives": [
                {
                    "ArchiveId": a.archive_id,
                    "ArchiveName": a.name,
                    "ArchiveState": a.state,
                    "LastUpdatedTimestamp": a.created,
                }
                for a in listed
            ]
        }
        if token is not None:
            answer["NextToken"] = token
        return answer

    def GetArchive(self, call: Call) -> dict[str, Any]:
        # model: GetArchiveRequest.ArchiveId is an ArchiveIdString, 1 to 66 with no pattern
        archive = self.find(required_id(call.body, "ArchiveId", 66))
        answer: dict[str, Any] = {
            "ArchiveId": archive.archive_id,
            "ArchiveName": archive.name,
            "ArchiveArn": self._arn(call.region, "mailmanager-archive", archive.archive_id),
            "ArchiveState": archive.state,
            "Retention": {"RetentionPeriod": archive.retention},
            "CreatedTimestamp": archive.created,
            "LastUpdatedTimestamp": archive.created,
        }
        if archive.kms_key_id is not None:
            answer["KmsKeyArn"] = self._arn(call.region, "key", archive.kms_key_id, service="kms")
        return answer

    def _arn(self, region: str, kind: str, name: str, *, service: str = "ses") -> str:
        return f"arn:aws:{service}:{region}:{self._account_id}:{kind}/{name}"
