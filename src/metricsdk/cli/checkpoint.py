"""``--checkpoint FILE``: what a resumable pull has durably written so far.

The checkpoint names the pull (a fingerprint of its queries, format and destination), the
size of the part file after the last fully written group of rows, and the queries whose points
that part holds. It is replaced atomically (a temporary file, flushed to disk, renamed over it),
always after the rows it counts are on disk, so a process killed at any moment leaves a
checkpoint that describes a prefix of the part file: the resumed pull cuts the part back to that
prefix and asks only the other queries, and every point ends in the output exactly once.

Queries that failed are not recorded: a resumed pull asks them again.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import attrs

__all__ = ["Checkpoint", "CheckpointError", "State", "fingerprint"]

_VERSION = 1


class CheckpointError(Exception):
    """A checkpoint that cannot be used; the message says why and what to do."""


@attrs.frozen
class State:
    """What a checkpoint records.

    Attributes:
        size: the part file's size, in bytes, after the last fully written rows.
        done: the ids of the queries whose points are in those bytes.
        finished: the pull ended and its output was being put in place.
        failed: how many queries had failed when the pull ended.
    """

    size: int
    done: frozenset[str]
    finished: bool = False
    failed: int = 0


def fingerprint(parts: Any) -> str:
    """A digest of what makes two runs the same pull (anything JSON can hold)."""
    text = json.dumps(parts, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


class Checkpoint:
    """The checkpoint file of one pull.

    Args:
        path: the checkpoint file.
        pull: the pull's `fingerprint`.
    """

    def __init__(self, path: Path, pull: str) -> None:
        self.path = path
        self._pull = pull

    def load(self) -> State | None:
        """The recorded state, or ``None`` when there is no checkpoint yet.

        Raises:
            CheckpointError: the file is unreadable, or belongs to another pull.
        """
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise CheckpointError(f"cannot read checkpoint {self.path}: {exc.strerror}") from None
        try:
            saved = json.loads(text)
            state = State(
                size=int(saved["size"]),
                done=frozenset(str(item) for item in saved["done"]),
                finished=bool(saved.get("finished", False)),
                failed=int(saved.get("failed", 0)),
            )
            pull, version = saved["pull"], saved["version"]
        except (ValueError, KeyError, TypeError):
            raise CheckpointError(
                f"{self.path} is not a metricsdk checkpoint; delete it to start the pull again"
            ) from None
        if version != _VERSION or pull != self._pull:
            raise CheckpointError(
                f"checkpoint {self.path} belongs to another pull (other queries, format or "
                "output); give another --checkpoint, or delete it to start again"
            )
        return state

    def save(self, state: State) -> None:
        """Record ``state``, atomically: the file holds the old state or the new, never a mix."""
        record = {
            "version": _VERSION,
            "pull": self._pull,
            "size": state.size,
            "done": sorted(state.done),
            "finished": state.finished,
            "failed": state.failed,
        }
        writing = self.path.with_name(self.path.name + ".writing")
        with writing.open("w", encoding="utf-8") as stream:
            json.dump(record, stream)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(writing, self.path)

    def remove(self) -> None:
        """Delete the checkpoint: the pull is complete."""
        self.path.unlink(missing_ok=True)


def done_in(state: State | None) -> frozenset[str]:
    """The queries a state records as written (none without a state)."""
    return state.done if state is not None else frozenset()


def remaining(ids: Iterable[str], state: State | None) -> list[str]:
    """The ids still to ask, in their order."""
    written = done_in(state)
    return [query_id for query_id in ids if query_id not in written]
