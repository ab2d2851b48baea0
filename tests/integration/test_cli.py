"""The ``metricsdk`` command: the demo end to end, the standalone emulator used by boto3 and by
clients pointed at it through the variables it prints, and one-line errors for usage mistakes."""

from __future__ import annotations

import contextlib
import re
import shlex
import socket
import subprocess
import sys
from collections.abc import Iterator
from datetime import date, datetime, timezone
from pathlib import Path

import boto3
import pytest
from botocore.config import Config

from metricsdk import __version__
from metricsdk.blendvision import BlendVisionClient
from metricsdk.cli import main
from metricsdk.oracle_iot import OracleIoTClient
from metricsdk.sesv2 import BatchGetMetricDataQuery, SESv2Client
from metricsdk.testing import Emulator, standalone_emulator
from metricsdk.testing.standalone import BANNER


def test_demo_runs_every_client_cleanly(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo"]) == 0
    out, err = capsys.readouterr()
    assert "1000 results (7000 daily values), 0 errors," in out
    # The pacer keeps within the quota by its own clock; on a loaded host the emulator, in its
    # own process, can read a request late and count one call too many (see the Pacing page),
    # which is retried: then the demo says so. Nothing is lost either way.
    throttled = int(re.search(r"(\d+) throttled by the emulator", out).group(1))  # type: ignore[union-attr]
    calls = int(re.search(r"errors, (\d+) calls", out).group(1))  # type: ignore[union-attr]
    assert calls == 100 + throttled
    assert ("retried: nothing was lost" in out) == (throttled > 0)
    assert out.count("1000/1000 queries answered") == 1
    assert ": COMPLETED" in out
    assert re.search(r"24 hourly points from \d{4}-\d\d-\d\d \d\d:00 to \d{4}-\d\d-\d\d", out)
    assert ": SUCCEEDED," in out
    assert err == ""


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"metricsdk {__version__}"


@pytest.fixture
def standalone() -> Iterator[str]:
    with standalone_emulator() as url:
        assert url.startswith("http://127.0.0.1:")
        yield url


def test_the_standalone_emulator_serves_boto3(standalone: str) -> None:
    credentials = Emulator.aws_credentials
    ses = boto3.client(
        "sesv2",
        region_name="eu-west-1",
        endpoint_url=standalone,
        aws_access_key_id=credentials.access_key_id,
        aws_secret_access_key=credentials.secret_access_key,
        config=Config(retries={"total_max_attempts": 1}),
    )
    answer = ses.batch_get_metric_data(
        Queries=[
            {
                "Id": "sends",
                "Namespace": "VDM",
                "Metric": "SEND",
                "Dimensions": {"EMAIL_IDENTITY": "example.com"},
                "StartDate": datetime(2026, 1, 1, tzinfo=timezone.utc),
                "EndDate": datetime(2026, 1, 4, tzinfo=timezone.utc),
            }
        ]
    )
    assert [r["Id"] for r in answer["Results"]] == ["sends"]
    assert len(answer["Results"][0]["Values"]) == 3


def test_help_speaks_to_users(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (
        ["--help"],
        ["emulator", "--help"],
        ["demo", "--help"],
        ["sesv2", "--help"],
        ["sesv2", "get-metric-data", "--help"],
        ["oracle-iot", "get-metric", "--help"],
        ["blendvision", "report", "--help"],
        ["mailmanager", "export", "--help"],
    ):
        with pytest.raises(SystemExit) as exit_info:
            main(argv)
        assert exit_info.value.code == 0
        shown = capsys.readouterr().out
        assert "``" not in shown and "argparse" not in shown
    with pytest.raises(SystemExit):
        main(["emulator", "--help"])
    shown = capsys.readouterr().out
    assert "(default: 0, a free port)" in shown and "metricsdk emulator --env" in shown


@pytest.fixture
def taken_port() -> Iterator[int]:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        yield holder.getsockname()[1]


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["emulator", "--port", "99999"], "--port: must be 0 to 65535"),
        (["emulator", "--port", "eighty"], "--port: must be a whole number"),
        (["emulator", "--host", "nosuch.invalid"], "cannot resolve --host 'nosuch.invalid'"),
        (["emulator", "--host", "192.0.2.1"], "192.0.2.1 is not an address of this machine"),
        (["emulator", "--port", "{taken}"], "is in use on 127.0.0.1; choose another --port"),
        (["serve"], "invalid choice: 'serve'"),
    ],
)
def test_a_usage_mistake_is_one_line_and_exit_2(
    argv: list[str], said: str, taken_port: int, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([part.format(taken=taken_port) for part in argv])
    assert exit_info.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("metricsdk: error: ") and err.count("\n") == 1
    assert said in err


@contextlib.contextmanager
def serving(*options: str) -> Iterator[list[str]]:
    """``metricsdk emulator OPTIONS`` in a child process; yields its lines up to the last export."""
    command = [sys.executable, "-m", "metricsdk.cli", "emulator", *options]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as server:
        try:
            assert server.stdout is not None
            lines = []
            while not lines or not lines[-1].startswith("export ORACLE_IOT_PASSWORD="):
                line = server.stdout.readline()
                assert line, f"the emulator stopped early: {lines}"
                lines.append(line.rstrip("\n"))
            yield lines
        finally:
            server.terminate()
            server.wait(timeout=10)


def test_env_lines_point_every_client_at_the_emulator(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    with serving("--env") as lines:
        assert all(line.startswith(("# ", "export ")) for line in lines)
        env_file = tmp_path / "emulator.env"
        env_file.write_text("\n".join(lines) + "\n")
        shell = subprocess.run(
            ["sh", "-c", f". {env_file} && env"], capture_output=True, text=True, check=True
        )
        exported = dict(line.split("=", 1) for line in shell.stdout.splitlines() if "=" in line)
        names = [
            shlex.split(line)[1].split("=", 1)[0] for line in lines if line.startswith("export")
        ]
        for name in names:
            monkeypatch.setenv(name, exported[name])
        # Every client, made with no argument at all, reaches the emulator.
        with SESv2Client() as ses:
            query = BatchGetMetricDataQuery(
                id="q", metric="SEND", start_date=date(2026, 1, 1), end_date=date(2026, 1, 2)
            )
            assert ses.batch_get_metric_data(queries=[query]).results[0].id == "q"
        with BlendVisionClient() as bv:
            assert exported["BLENDVISION_BASE_URL"] in repr(bv)
        with OracleIoTClient() as iot:
            assert iot.get_registered_device_count(limit=1).items


def test_listening_on_every_interface_prints_a_usable_url() -> None:
    with serving("--host", "0.0.0.0") as lines:
        assert lines[0].startswith(f"{BANNER}http://127.0.0.1:")
        assert "export AWS_ENDPOINT_URL=http://127.0.0.1:" in "\n".join(lines)


def test_behaviour_options_shape_the_emulator() -> None:
    options = ("--no-ses-vdm-enabled", "--ses-tenants", "tenant-a", "tenant-b")
    with serving(*options) as lines:
        url = lines[0].removeprefix(BANNER)
        key = Emulator.aws_credentials
        with SESv2Client(region="us-east-1", endpoint_url=url, credentials=key) as ses:
            assert [t.tenant_name for t in ses.iter_tenants()] == ["tenant-a", "tenant-b"]
            assert ses.get_account().vdm_attributes.vdm_enabled == "DISABLED"
