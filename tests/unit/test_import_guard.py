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
# Built on first use: a converter, and cattrs with it, costs nothing until a request needs it.
BUILT_ON_FIRST_USE = ("cattrs",)
# What only get_metric_data / iter_metric_data use.
PULL_ONLY = ("metricsdk.sesv2.batching", "metricsdk._core.job_feed")
# Optional extras, imported only by the code that uses them (RedisPacer, the to_pandas,
# to_polars and to_arrow methods, Parquet output, the command's progress bar).
EXTRAS = ("redis", "pandas", "polars", "pyarrow", "rich")
# httpx imports its own command line, and with it rich, whenever click, rich and pygments are
# installed (mkdocs brings the first and last): the probes for extras block that module, so
# that what they see loaded is what metricsdk loads.
WITHOUT_HTTPX_CLI = "sys.modules['httpx._main'] = None\n"


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
    assert loaded.isdisjoint(BUILT_ON_FIRST_USE), loaded & set(BUILT_ON_FIRST_USE)


@pytest.mark.parametrize(
    "package",
    [
        "metricsdk.pacing",
        "metricsdk.testing",
        "metricsdk._core.tables",
        "metricsdk.sesv2.rows",
        "metricsdk.oracle_iot.rows",
        "metricsdk.blendvision.rows",
        "metricsdk.cli",
    ],
)
def test_importing_a_package_loads_no_optional_extra(package: str) -> None:
    loaded = modules_loaded_by(
        WITHOUT_HTTPX_CLI
        + f"import {package}, metricsdk.sesv2, metricsdk.mailmanager, metricsdk.blendvision, "
        "metricsdk.oracle_iot"
    )
    assert package in loaded
    assert loaded.isdisjoint(EXTRAS), loaded & set(EXTRAS)


def test_a_successful_sync_call_loads_nothing_on_demand_and_no_converter() -> None:
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
    # BatchGetMetricData, the first call of most programs, is written and read by hand, and
    # get_metric_data's bookkeeping loads with the first pull.
    assert loaded.isdisjoint(BUILT_ON_FIRST_USE), loaded & set(BUILT_ON_FIRST_USE)
    assert loaded.isdisjoint(PULL_ONLY), loaded & set(PULL_ONLY)


def test_tidy_rows_load_no_optional_extra() -> None:
    rows = r"""
from datetime import datetime, timezone
from metricsdk.blendvision import read_report
from metricsdk.oracle_iot import DateTimeValue, MetricSeries
from metricsdk.sesv2 import BatchGetMetricDataResponse, MetricDataResult
day = datetime(2026, 1, 1, tzinfo=timezone.utc)
result = MetricDataResult(id="q", timestamps=[day], values=[1])
answer = BatchGetMetricDataResponse(results=[result])
assert answer.to_rows()[0].value == 1 and answer.errors_to_rows() == []
assert MetricSeries(items=[DateTimeValue(date_time=day, value=1)]).to_rows()[0].value == 1
assert read_report(b"a\n1\n").to_rows() == [{"a": 1}]
"""
    loaded = modules_loaded_by(WITHOUT_HTTPX_CLI + rows)
    assert loaded.isdisjoint(EXTRAS), loaded & set(EXTRAS)
