"""A structural guard on start-up cost (not a timing test): importing a service package, or
making a sync call, must not load what only async code, retries or profile files need."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

# What sync programs must not pay for: each is milliseconds of import. (`email.utils`, which
# metricsdk also imports on demand, is loaded by httpx itself, so it cannot be checked here.)
LOADED_ON_DEMAND = ("asyncio", "tenacity", "configparser", "concurrent.futures")
# Optional extras, imported only by the code that uses them (RedisPacer, to_pandas).
EXTRAS = ("redis", "pandas")


def modules_loaded_by(code: str) -> set[str]:
    probe = f"import sys\n{code}\nimport json\nprint(json.dumps(sorted(sys.modules)))"
    finished = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    return set(json.loads(finished.stdout.splitlines()[-1]))


@pytest.mark.parametrize(
    "package",
    [
        "metricsdk",
        "metricsdk.sesv2",
        "metricsdk.mailmanager",
        "metricsdk.blendvision",
        "metricsdk.oracle_iot",
    ],
)
def test_importing_a_package_loads_nothing_on_demand(package: str) -> None:
    loaded = modules_loaded_by(f"import {package}")
    assert package in loaded
    assert loaded.isdisjoint(LOADED_ON_DEMAND), loaded & set(LOADED_ON_DEMAND)


@pytest.mark.parametrize("package", ["metricsdk.pacing", "metricsdk.testing"])
def test_importing_a_package_loads_no_optional_extra(package: str) -> None:
    loaded = modules_loaded_by(
        f"import {package}, metricsdk.sesv2, metricsdk.mailmanager, metricsdk.blendvision, "
        "metricsdk.oracle_iot"
    )
    assert package in loaded
    assert loaded.isdisjoint(EXTRAS), loaded & set(EXTRAS)


def test_a_successful_sync_call_loads_nothing_on_demand() -> None:
    call = """
import httpx
from datetime import date
from metricsdk import AwsCredentials
from metricsdk.sesv2 import BatchGetMetricDataQuery, SESv2Client
answer = {"Results": [{"Id": "q", "Timestamps": [1767225600], "Values": [1]}], "Errors": []}
http = httpx.Client(transport=httpx.MockTransport(lambda r: httpx.Response(200, json=answer)))
with SESv2Client(region="us-east-1", credentials=AwsCredentials("AKIDGUARD00000000000", "s"),
                 http_client=http) as ses:
    query = BatchGetMetricDataQuery(id="q", metric="SEND", start_date=date(2026, 1, 1),
                                    end_date=date(2026, 1, 2))
    assert ses.batch_get_metric_data(queries=[query]).results[0].values == [1]
"""
    loaded = modules_loaded_by(call)
    assert loaded.isdisjoint(LOADED_ON_DEMAND), loaded & set(LOADED_ON_DEMAND)
