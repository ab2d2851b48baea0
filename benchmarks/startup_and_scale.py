"""Time to first call, import cost, async fan-out and memory.

Run: ``python benchmarks/startup_and_scale.py [--runs 15] [--user-venv DIR]``

``--user-venv DIR`` runs every fresh process in a virtual environment holding only what
``pip install metricsdk boto3`` installs (made in DIR if it is missing; this checkout is
installed into it afresh each run): what a user's program pays. The development environment
holds more: there ``import httpx`` also imports httpx's own command line (rich, click and
pygments, which the dev extras install), about 60 ms that every httpx-based case pays and
boto3 does not.

* Import: ``import metricsdk`` (and ``metricsdk.sesv2``) in fresh processes, against
  ``import httpx``.
* Time to first call: a fresh process that imports, builds a client and completes one call,
  for metricsdk, boto3 and bare httpx: against the standalone emulator (``metricsdk emulator``
  in its own process, plain http), and against a local https endpoint that every client
  verifies with the same CA bundle (see ``https_endpoint.py``).
* Both are timed inside each fresh process, from its first import to its last line, and
  reported as the median and the minimum of ``--runs`` processes per case, the cases taking
  turns. The first call is also split into its phases (import, build the client, call),
  metricsdk against bare httpx.
* Async fan-out: 1,000 concurrent Oracle IoT GETs through ``AsyncOracleIoTClient`` against the
  standalone emulator, against the same requests with a bare ``httpx.AsyncClient``.
* Memory: what each of 10,000 parsed ``MetricDataResult`` of 30 points holds, and bytes per
  client instance (both by tracemalloc).
"""

from __future__ import annotations

import argparse
import compileall
import os
import statistics
import subprocess
import sys
import venv
from pathlib import Path

from https_endpoint import local_https_endpoint

import metricsdk
from metricsdk.testing import Emulator, standalone_emulator

AWS = Emulator.aws_credentials
REPOSITORY = Path(__file__).resolve().parents[1]


# Each case's code runs between two clock readings inside its fresh process: the time from
# the first import to the completed call, without the interpreter's own start and exit, which
# every case shares and whose jitter on this machine is larger than the differences measured.
CLOCKED = (
    "import time as _clock\n_started = _clock.perf_counter()\n{code}\n"
    "print(_clock.perf_counter() - _started)"
)


def run_fresh(
    code: str, *args: str, env: dict[str, str] | None = None, python: str = sys.executable
) -> str:
    """What ``python -c code args...`` prints in a fresh process of ``python`` (``env`` added
    to this one's)."""
    return subprocess.run(
        [python, "-c", code, *args],
        capture_output=True,
        text=True,
        check=True,
        env=None if env is None else {**os.environ, **env},
    ).stdout


def seconds_inside(code: str, env: dict[str, str] | None, python: str) -> float:
    """Seconds from the first line of ``code`` to its last, in a fresh process."""
    return float(run_fresh(CLOCKED.format(code=code), env=env, python=python).split()[-1])


# One SES first call, in three steps the phase split below times one by one.
SES_IMPORTS = (
    "from datetime import date\n"
    "from metricsdk import AwsCredentials\n"
    "from metricsdk.sesv2 import SESv2Client, BatchGetMetricDataQuery\n"
)
SES_CLIENT = (
    "client = SESv2Client(region='us-east-1', endpoint_url='{url}', "
    f"credentials=AwsCredentials('{AWS.access_key_id}', '{AWS.secret_access_key}'))\n"
)
SES_CALL = (
    "client.batch_get_metric_data(queries=[BatchGetMetricDataQuery(id='q', metric='SEND', "
    "start_date=date(2026, 1, 1), end_date=date(2026, 1, 2))])\n"
)

FIRST_CALL = {
    "import httpx": "import httpx",
    "import metricsdk": "import metricsdk",
    "import metricsdk.sesv2": "import metricsdk.sesv2",
    "httpx: first call": (
        "import httpx; httpx.Client().post('{url}/v2/email/metrics/batch', json={{}})"
    ),
    "metricsdk: first call": SES_IMPORTS + SES_CLIENT + SES_CALL,
    "boto3: first call": (
        "import boto3, datetime\n"
        "boto3.client('sesv2', region_name='us-east-1', endpoint_url='{url}', "
        f"aws_access_key_id='{AWS.access_key_id}', aws_secret_access_key='{AWS.secret_access_key}')"
        ".batch_get_metric_data(Queries=[{{'Id': 'q', 'Namespace': 'VDM', 'Metric': 'SEND', "
        "'StartDate': datetime.datetime(2026, 1, 1), 'EndDate': datetime.datetime(2026, 1, 2)}}])"
    ),
}


def startup(
    url: str, runs: int, python: str, env: dict[str, str] | None = None
) -> dict[str, list[float]]:
    """Each case's times; the cases take turns, so a slow spell of the machine falls on all of
    them rather than on whichever ran then."""
    samples: dict[str, list[float]] = {name: [] for name in FIRST_CALL}
    for _ in range(runs):
        for name, code in FIRST_CALL.items():
            samples[name].append(seconds_inside(code.format(url=url), env, python))
    return samples


def report_startup(title: str, times: dict[str, list[float]]) -> None:
    # On this shared machine the same process runs up to 1.5x slower from one second to the
    # next; the minimum shows the cost itself, the median what a run typically sees.
    print(f"\n{title}\n")
    print("| fresh process, first import to last line | median | minimum |")
    print("|---|---|---|")
    for name, samples in times.items():
        median, least = statistics.median(samples), min(samples)
        print(f"| {name} | {median * 1000:.0f} ms | {least * 1000:.0f} ms |")
    for label, pick in (("median", statistics.median), ("minimum", min)):
        t = {name: pick(samples) for name, samples in times.items()}
        sdk, bare, boto = (t[f"{who}: first call"] for who in ("metricsdk", "httpx", "boto3"))
        imported = t["import metricsdk"] - t["import httpx"]
        print(
            f"\nBy the {label}: first call {1000 * (sdk - bare):+.0f} ms over bare httpx, "
            f"{sdk / boto:.2f}x boto3's; `import metricsdk` {1000 * imported:+.0f} ms over "
            "`import httpx`"
        )


# The first call again, each phase timed on its own: import, build the client, call.
_START = "import time\nstarted = time.perf_counter()\nimport httpx\nmarks = [time.perf_counter()]\n"
_MARK = "marks.append(time.perf_counter())\n"
_REPORT = "print(*(b - a for a, b in zip([started, *marks], marks)))"
PHASES = {
    "metricsdk": _START + SES_IMPORTS + _MARK + SES_CLIENT + _MARK + SES_CALL + _MARK + _REPORT,
    "bare httpx": (
        _START
        + _MARK
        + "client = httpx.Client()\n"
        + _MARK
        + "client.post('{url}/v2/email/metrics/batch', json={{}})\n"
        + _MARK
        + _REPORT
    ),
}
PHASE_NAMES = ("import httpx", "the SDK's own imports", "build the client", "the first call")


def phases(url: str, runs: int, python: str) -> dict[str, list[list[float]]]:
    """Per case, the samples of each phase; the cases take turns."""
    samples: dict[str, list[list[float]]] = {name: [[], [], [], []] for name in PHASES}
    for _ in range(runs):
        for name, code in PHASES.items():
            printed = run_fresh(code.format(url=url), python=python)
            for phase, value in zip(samples[name], printed.split(), strict=True):
                phase.append(float(value))
    return samples


FAN_OUT = """
import asyncio, sys, time, httpx
from metricsdk.oracle_iot import AsyncOracleIoTClient
from metricsdk.testing import Emulator, standalone_emulator
URL, N = sys.argv[1], 1000
PATH = "/iot/api/v2/apps/app{}/monitoring/metrics/dataVolume/messages/outbound"
LIMITS = httpx.Limits(max_connections=100)
TIMEOUT = httpx.Timeout(120.0)

async def sdk():
    async with httpx.AsyncClient(limits=LIMITS, timeout=TIMEOUT) as http:
        async with AsyncOracleIoTClient(base_url=URL, username=Emulator.oracle_username,
                password=Emulator.oracle_password, http_client=http, timeout=TIMEOUT) as iot:
            await asyncio.gather(*(iot.get_outbound_message_data_volume(app_id=f"app{i}")
                                   for i in range(N)))

async def bare():
    auth = (Emulator.oracle_username, Emulator.oracle_password)
    async with httpx.AsyncClient(limits=LIMITS, auth=auth, timeout=TIMEOUT) as http:
        async def one(i):
            r = await http.get(URL + PATH.format(i), headers={"accept": "application/json"})
            r.raise_for_status()
            return r.json()
        await asyncio.gather(*(one(i) for i in range(N)))

for name, job in (("bare", bare), ("sdk", sdk), ("bare", bare), ("sdk", sdk)):
    started = time.perf_counter(); asyncio.run(job())
    print(name, N / (time.perf_counter() - started))
"""

MEMORY = """
import json, tracemalloc
import httpx
from datetime import date
from metricsdk import AwsCredentials
from metricsdk.sesv2 import BatchGetMetricDataQuery, SESv2Client
days = [1767225600 + 86400 * d for d in range(30)]
values = [100_000 + 7 * d for d in range(30)]  # counts past the interpreter's small-int cache
answer = json.dumps({"Results": [{"Id": f"q{i}", "Timestamps": days, "Values": values}
                                 for i in range(10)], "Errors": []}).encode()
http = httpx.Client(transport=httpx.MockTransport(lambda r: httpx.Response(200, content=answer)))
key = AwsCredentials("AKIDMEMORY0000000000", "memory-secret")
ses = SESv2Client(region="us-east-1", credentials=key, http_client=http, rate_limiter=None)
queries = [BatchGetMetricDataQuery(id=f"q{i}", metric="SEND", start_date=date(2026, 1, 1),
                                   end_date=date(2026, 1, 31)) for i in range(10)]
ses.batch_get_metric_data(queries=queries)
tracemalloc.start()
kept = []
for _ in range(1000):
    kept += ses.batch_get_metric_data(queries=queries).results
held, _ = tracemalloc.get_traced_memory()
snapshot = tracemalloc.take_snapshot()
clients = [SESv2Client(region="us-east-1", credentials=key, http_client=http, rate_limiter=None)
           for _ in range(100)]
grown = sum(s.size_diff for s in tracemalloc.take_snapshot().compare_to(snapshot, "filename"))
print(len(kept), held / len(kept), grown / 100)
"""


def compile_bytecode() -> None:
    """Write metricsdk's bytecode, as installing a wheel does.

    From an editable checkout, with ``PYTHONDONTWRITEBYTECODE`` set (as on the development
    machine), every fresh process would otherwise compile metricsdk from source, about 40 ms
    that no installed copy pays; httpx and boto3 in site-packages are already compiled.
    """
    compileall.compile_dir(Path(metricsdk.__file__).parent, quiet=1)


def user_environment(directory: Path) -> str:
    """The python of a virtual environment in ``directory`` holding this checkout as a user
    installs it (no extras, compiled bytecode) and boto3; made if missing."""
    python = directory / "bin" / "python"
    if not python.exists():
        venv.create(directory, with_pip=True)
        pip = [str(python), "-m", "pip", "install", "--quiet"]
        subprocess.run([*pip, "boto3"], check=True)
    reinstall = [str(python), "-m", "pip", "install", "--quiet", "--force-reinstall", "--no-deps"]
    subprocess.run([*reinstall, str(REPOSITORY)], check=True)
    return str(python)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--user-venv", type=Path, help="time a user's install (see above)")
    args = parser.parse_args()
    runs = args.runs
    python = sys.executable if args.user_venv is None else user_environment(args.user_venv)
    compile_bytecode()
    with local_https_endpoint() as (url, env):
        tls = startup(url, runs, python, env)
    with standalone_emulator() as url:
        times = startup(url, runs, python)
        split = phases(url, runs, python)
        fan_out = run_fresh(FAN_OUT, url, python=python).split()
    report_startup("Against the emulator (plain http):", times)
    report_startup("Against a local https endpoint (every client loads the CA bundle):", tls)
    print("\n| phase (minimum / median) | metricsdk | bare httpx |")
    print("|---|---|---|")
    for index, phase in enumerate(PHASE_NAMES):
        cells = []
        for name in PHASES:
            values = split[name][index]
            cells.append(f"{min(values) * 1000:.1f} / {statistics.median(values) * 1000:.1f} ms")
        print(f"| {phase} | {cells[0]} | {cells[1]} |")
    rates = list(zip(fan_out[::2], map(float, fan_out[1::2]), strict=True))
    sdk_rate, bare_rate = (max(r for k, r in rates if k == who) for who in ("sdk", "bare"))
    print(
        f"\nAsync fan-out, 1,000 Oracle IoT GETs: metricsdk {sdk_rate:.0f} req/s, bare httpx "
        f"{bare_rate:.0f} req/s, ratio {sdk_rate / bare_rate:.2f}"
    )
    held, per_result, per_client = run_fresh(MEMORY, python=python).split()
    print(
        f"\nMemory: {held} MetricDataResult of 30 points hold {float(per_result) / 1024:.2f} KiB "
        f"each (tracemalloc); one client instance takes about {float(per_client) / 1024:.1f} KiB"
    )


if __name__ == "__main__":
    main()
