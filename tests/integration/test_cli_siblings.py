"""The sibling commands in a child process against the emulator, with the conventions of
``sesv2 get-metric-data``: ``oracle-iot get-metric`` and ``blendvision report`` outputs parsed
back and compared with the SDK's own answers, ``mailmanager export`` printing its destination,
every exit status, and an example in each ``--help``."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import date, datetime, timezone
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from metricsdk._core.tables import parse_timestamp
from metricsdk.blendvision import (
    BlendVisionClient,
    DimensionWithCondition,
    EventReportKey,
    read_report,
)
from metricsdk.cli import main
from metricsdk.mailmanager import MailManagerClient
from metricsdk.oracle_iot import OracleIoTClient
from metricsdk.testing import Emulator


@pytest.fixture
def emulator() -> Iterator[Emulator]:
    with Emulator(
        export_seconds=0.2,
        report_seconds=0.2,
        failing_event_ids=["doomed-event"],
        failing_archive_ids=["a-doomed"],
    ) as emu:
        yield emu


def run(
    emulator: Emulator, *arguments: str, cwd: Path, environment: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "metricsdk.cli", *arguments],
        env=environment if environment is not None else {**os.environ, **emulator.environment()},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


# -- oracle-iot get-metric ------------------------------------------------------------------------

ORACLE = ["oracle-iot", "get-metric"]


def test_oracle_csv_holds_the_sdks_series(emulator: Emulator, tmp_path: Path) -> None:
    finished = run(
        emulator, *ORACLE, "--app-id", "fleet-1", "--metric", "OUTBOUND_MESSAGE_DATA_VOLUME",
        "--period", "daily", "--since", "2026-01-01", "--until", "2026-02-01",
        cwd=tmp_path,
    )  # fmt: skip
    assert finished.returncode == 0, finished.stderr
    lines = list(csv.reader(io.StringIO(finished.stdout)))
    assert lines[0] == ["timestamp", "value"]
    with OracleIoTClient(
        base_url=emulator.url, username=Emulator.oracle_username, password=Emulator.oracle_password
    ) as iot:
        series = iot.get_outbound_message_data_volume(
            app_id="fleet-1",
            period="Daily",
            since=date(2026, 1, 1),
            until=date(2026, 2, 1),
        )
    assert [(parse_timestamp(ts), int(v)) for ts, v in lines[1:]] == [
        tuple(row) for row in series.to_rows()
    ]
    assert len(series.items) > 20
    assert f"{len(series.items)} points written" in finished.stderr


def test_oracle_instance_metric_to_parquet(emulator: Emulator, tmp_path: Path) -> None:
    finished = run(
        emulator, *ORACLE, "--metric", "registered_device_count", "--limit", "5",
        "-o", "devices.parquet", "--quiet",
        cwd=tmp_path,
    )  # fmt: skip
    assert finished.returncode == 0, finished.stderr
    assert finished.stdout == finished.stderr == ""
    with OracleIoTClient(
        base_url=emulator.url, username=Emulator.oracle_username, password=Emulator.oracle_password
    ) as iot:
        series = iot.get_registered_device_count(limit=5)
    table = pq.read_table(tmp_path / "devices.parquet")
    assert table.schema.names == ["timestamp", "value"]
    assert [(r["timestamp"], r["value"]) for r in table.to_pylist()] == [
        tuple(row) for row in series.to_rows()
    ]


def test_oracle_exit_statuses(emulator: Emulator, tmp_path: Path) -> None:
    bad_path = run(emulator, *ORACLE, "--metric", "../secrets", cwd=tmp_path)
    assert bad_path.returncode == 2
    assert bad_path.stderr.startswith("metricsdk: error: metric: must be a relative path")
    assert emulator.requests == []
    refused = {**os.environ, **emulator.environment(), "ORACLE_IOT_PASSWORD": "wrong"}
    denied = run(emulator, *ORACLE, "--metric", "availability", cwd=tmp_path, environment=refused)
    assert denied.returncode == 1
    assert denied.stderr.startswith("metricsdk: error: ") and denied.stderr.count("\n") == 1
    assert "wrong" not in denied.stderr
    assert not list(tmp_path.iterdir())


# -- blendvision report ---------------------------------------------------------------------------

REPORT = ["blendvision", "report", "--event-id", "live-1", "--type", "live"]


def downloaded_by_the_sdk(emulator: Emulator, report_id: str, dimension: str) -> bytes:
    key = EventReportKey(
        id=report_id,
        dimension_with_condition=DimensionWithCondition(
            dimension=dimension, group_by_fields=["GROUP_BY_FIELD_DEVICE_OS"]
        ),
    )
    with BlendVisionClient(
        api_token=Emulator.blendvision_api_token,
        org_id=Emulator.blendvision_org_id,
        base_url=emulator.url,
    ) as bv:
        (report,) = bv.batch_get_event_reports(reports=[key])
        data = io.BytesIO()
        bv.download_report(report, data)
    return data.getvalue()


def report_id(stderr: str) -> str:
    found = re.search(r"report (\S+) created", stderr)
    assert found, stderr
    return found.group(1)


def test_a_report_in_csv_is_the_file_as_downloaded(emulator: Emulator, tmp_path: Path) -> None:
    finished = run(
        emulator, *REPORT, "--dimension", "watch_time", "--group-by", "device_os",
        "--start", "2026-05-01", "--end", "2026-05-02", "--output", "watch.csv",
        cwd=tmp_path,
    )  # fmt: skip
    assert finished.returncode == 0, finished.stderr
    expected = downloaded_by_the_sdk(
        emulator, report_id(finished.stderr), "REPORT_DIMENSION_WATCH_TIME"
    )
    assert (tmp_path / "watch.csv").read_bytes() == expected
    assert read_report(expected).rows  # a real report, not an empty file


def test_a_report_in_jsonl_is_typed_rows(emulator: Emulator, tmp_path: Path) -> None:
    finished = run(
        emulator, *REPORT, "--dimension", "REPORT_DIMENSION_WATCH_TIME",
        "--group-by", "DEVICE_OS", "-o", "watch.jsonl",
        cwd=tmp_path,
    )  # fmt: skip
    assert finished.returncode == 0, finished.stderr
    table = read_report(
        downloaded_by_the_sdk(emulator, report_id(finished.stderr), "REPORT_DIMENSION_WATCH_TIME")
    )
    records = [json.loads(line) for line in (tmp_path / "watch.jsonl").read_text().splitlines()]
    assert [list(record) for record in records] == [table.columns] * len(table.rows)
    assert [
        {**record, "timestamp": parse_timestamp(record["timestamp"])} for record in records
    ] == table.to_rows()
    assert isinstance(records[0]["watch_seconds"], int)


def test_a_report_on_stdout(emulator: Emulator, tmp_path: Path) -> None:
    finished = run(emulator, *REPORT, "--dimension", "chat_histories", "-q", cwd=tmp_path)
    assert finished.returncode == 0, finished.stderr
    assert finished.stderr == ""
    assert finished.stdout.splitlines()[0] == "timestamp,customer_id,watch_seconds"


def test_report_exit_statuses(emulator: Emulator, tmp_path: Path) -> None:
    failed = run(
        emulator, "blendvision", "report", "--event-id", "doomed-event", "--type", "vod",
        "--dimension", "watch_time", "-o", "x.csv",
        cwd=tmp_path,
    )  # fmt: skip
    assert failed.returncode == 1
    assert re.search(r"report \S+ ended FAILED: \w+", failed.stderr)
    assert not (tmp_path / "x.csv").exists()
    sent = len(emulator.requests)
    half = run(
        emulator, *REPORT, "--dimension", "watch_time", "--start", "2026-01-01", cwd=tmp_path
    )
    assert half.returncode == 2
    assert half.stderr == "metricsdk: error: --start and --end go together\n"
    no_token = {**os.environ, **emulator.environment()}
    del no_token["BLENDVISION_API_TOKEN"]
    missing = run(
        emulator, *REPORT, "--dimension", "watch_time", cwd=tmp_path, environment=no_token
    )
    assert missing.returncode == 2
    assert "BLENDVISION_API_TOKEN" in missing.stderr and missing.stderr.count("\n") == 1
    assert len(emulator.requests) == sent  # both refused before sending anything


# -- mailmanager export ---------------------------------------------------------------------------

EXPORT = ["mailmanager", "export", "--from", "2026-01-01", "--to", "2026-02-01"]


def test_an_export_prints_its_destination(emulator: Emulator, tmp_path: Path) -> None:
    finished = run(
        emulator, *EXPORT, "--archive-id", "a-invoices", "--s3-location", "s3://bucket/out/",
        "--subject-contains", "invoice", "--max-results", "100",
        cwd=tmp_path,
    )  # fmt: skip
    assert finished.returncode == 0, finished.stderr
    assert finished.stdout == "s3://bucket/out/\n"
    export_id = re.search(r"export (\S+) started", finished.stderr)
    assert export_id, finished.stderr
    with MailManagerClient(
        region="us-east-1", credentials=Emulator.aws_credentials, endpoint_url=emulator.url
    ) as mail:
        export = mail.get_archive_export(export_id=export_id.group(1))
    assert export.archive_id == "a-invoices"
    assert str(export.status.state) == "COMPLETED"
    assert export.max_results == 100
    assert export.from_timestamp == datetime(2026, 1, 1, tzinfo=timezone.utc)
    assert export.filters is not None and export.filters.include


def test_export_exit_statuses(emulator: Emulator, tmp_path: Path) -> None:
    failed = run(
        emulator, *EXPORT, "--archive-id", "a-doomed", "--s3-location", "s3://bucket/x/", "-q",
        cwd=tmp_path,
    )  # fmt: skip
    assert failed.returncode == 1
    assert failed.stdout == ""
    assert "ended FAILED" in failed.stderr
    bad = run(emulator, *EXPORT, "--archive-id", "a-x", "--s3-location", "ftp://x", cwd=tmp_path)
    assert bad.returncode == 2
    assert bad.stderr.startswith("metricsdk: error: s3_location: must match")
    reversed_range = run(
        emulator, "mailmanager", "export", "--archive-id", "a-x", "--from", "2026-02-01",
        "--to", "2026-01-01", "--s3-location", "s3://bucket/x/",
        cwd=tmp_path,
    )  # fmt: skip
    assert reversed_range.returncode == 2
    assert reversed_range.stderr == "metricsdk: error: --from must be before --to\n"


# -- help -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "example"),
    [
        (["oracle-iot", "get-metric"], "metricsdk oracle-iot get-metric --app-id my-fleet"),
        (["blendvision", "report"], "metricsdk blendvision report --event-id"),
        (["mailmanager", "export"], "metricsdk mailmanager export --archive-id"),
        (["sesv2", "get-metric-data"], "metricsdk sesv2 get-metric-data --metric SEND"),
    ],
)
def test_each_commands_help_has_an_example(
    argv: list[str], example: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([*argv, "--help"])
    assert exit_info.value.code == 0
    shown = capsys.readouterr().out
    assert "examples:" in shown and example in shown
    assert "Exit status: 0" in shown
    assert "``" not in shown and "argparse" not in shown


def test_the_top_level_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    shown = capsys.readouterr().out
    for command in ("emulator", "demo", "sesv2", "oracle-iot", "blendvision", "mailmanager"):
        assert command in shown
