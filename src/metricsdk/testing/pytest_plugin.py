"""The pytest plugin metricsdk installs: a ``metricsdk_emulator`` fixture for your own tests.

It is registered under the ``pytest11`` entry point, so it is active in every project that
installs metricsdk; the fixture's name carries the package's prefix so that it cannot collide
with a fixture of yours.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from metricsdk.testing.emulator import Emulator

__all__ = ["metricsdk_emulator"]


@pytest.fixture
def metricsdk_emulator() -> Iterator[Emulator]:
    """A running `Emulator` with default settings, fresh for each test and closed after it.

    For other settings, build your own fixture around ``Emulator(...)``.
    """
    with Emulator() as emulator:
        yield emulator
