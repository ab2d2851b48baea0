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
