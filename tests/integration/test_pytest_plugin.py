"""The ``metricsdk_emulator`` fixture comes from the installed ``pytest11`` entry point: this
module defines no fixture of that name, and tests/conftest.py does not either."""

from __future__ import annotations

from importlib.metadata import entry_points

import httpx

from metricsdk.testing import Emulator


def test_the_plugin_is_registered() -> None:
    plugins = {ep.name: ep.value for ep in entry_points(group="pytest11")}
    assert plugins["metricsdk"] == "metricsdk.testing.pytest_plugin"


def test_the_fixture_gives_a_running_emulator(metricsdk_emulator: Emulator) -> None:
    answer = httpx.get(f"{metricsdk_emulator.url}/iot/api/v2/apps/app1/monitoring/metrics/x")
    assert answer.status_code in (401, 404)  # it answered: it is serving
    assert metricsdk_emulator.requests[-1].status == answer.status_code
