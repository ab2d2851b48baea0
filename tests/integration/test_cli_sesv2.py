"""``metricsdk sesv2 get-metric-data`` in a child process against the emulator: every output
format parsed back and compared with the SDK's own answer, per-query errors, every exit status,
and a pull killed midway (SIGKILL, SIGINT) that a rerun finishes with every point exactly once."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from metricsdk._core.tables import parse_dimensions, parse_timestamp
from metricsdk.cli import main
from metricsdk.cli.output import part_path
from metricsdk.cli.sesv2 import pull_fingerprint
from metricsdk.sesv2 import BatchGetMetricDataQuery, BatchGetMetricDataResponse, SESv2Client
from metricsdk.testing import Emulator

START, END = date(2026, 1, 1), date(2026, 2, 1)
RANGE = ["--start", START.isoformat(), "--end", END.isoformat()]
COMMAND = [sys.executable, "-m", "metricsdk.cli", "sesv2", "get-metric-data"]

Row = tuple[Any, ...]


def command_environment(emulator: Emulator) -> dict[str, str]:
    return {**os.environ, **emulator.environment()}


def run(
    emulator: Emulator, *arguments: str, cwd: Path, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*COMMAND, *arguments],
        env=command_environment(emulator),
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def queries_for(
    metrics: Sequence[str], identities: Sequence[str | None]
) -> list[BatchGetMetricDataQuery]:
    """What the command asks, built independently of it: metric by metric, set by set."""
    return [
        BatchGetMetricDataQuery(
            id=metric if identity is None else f"{metric}-{number}",
            metric=metric,
            start_date=START,
            end_date=END,
            dimensions=None if identity is None else {"EMAIL_IDENTITY": identity},
        )
        for metric in metrics
        for number, identity in enumerate(identities, start=1)
    ]


def sdk_answer(
    emulator: Emulator, queries: list[BatchGetMetricDataQuery]
) -> BatchGetMetricDataResponse:
    with SESv2Client(
        region="us-east-1", credentials=Emulator.aws_credentials, endpoint_url=emulator.url
    ) as ses:
        return ses.get_metric_data(queries=queries)


def canonical(rows: Iterable[Sequence[Any]]) -> Counter[Row]:
    """Rows as a multiset, dimensions made hashable: the order of rows is the order answers
    arrived in, not part of the contract."""
    return Counter((q, m, tuple(sorted((d or {}).items())), ts, v) for q, m, d, ts, v in rows)


def read_csv(text: str) -> tuple[list[str], list[Row]]:
    lines = list(csv.reader(io.StringIO(text)))
    rows = [
        (q, m, parse_dimensions(d), parse_timestamp(ts), int(v)) for q, m, d, ts, v in lines[1:]
    ]
    return lines[0], rows


def read_jsonl(path: Path) -> list[Row]:
    rows = []
    for line in path.read_text().splitlines():
        record = json.loads(line)
        assert list(record) == ["query_id", "metric", "dimensions", "timestamp", "value"]
        rows.append(
            (
                record["query_id"],
                record["metric"],
                record["dimensions"],
                parse_timestamp(record["timestamp"]),
                record["value"],
            )
        )
    return rows


def read_parquet(path: Path) -> list[Row]:
    table = pq.read_table(path)
    assert table.schema.names == ["query_id", "metric", "dimensions", "timestamp", "value"]
    return [
        (r["query_id"], r["metric"], dict(r["dimensions"]), r["timestamp"], r["value"])
        for r in table.to_pylist()
    ]


@pytest.fixture
def emulator() -> Iterator[Emulator]:
    with Emulator() as emu:
        yield emu


def test_csv_on_stdout_holds_the_sdks_answer(emulator: Emulator, tmp_path: Path) -> None:
    identities = ["a.example.com", "b.example.com"]
    finished = run(
        emulator,
        "--metric", "SEND", "--metric", "delivery",
        "--dimension", f"EMAIL_IDENTITY={identities[0]}",
        "--dimension", f"EMAIL_IDENTITY={identities[1]}",
        *RANGE,
        cwd=tmp_path,
    )  # fmt: skip
    assert finished.returncode == 0, finished.stderr
    header, rows = read_csv(finished.stdout)
    assert header == ["query_id", "metric", "dimensions", "timestamp", "value"]
    queries = queries_for(["SEND", "DELIVERY"], identities)
    expected = sdk_answer(emulator, queries).to_rows(queries)
    assert len(expected) == 4 * 31
    assert canonical(rows) == canonical(expected)
    assert "4 of 4 queries answered, 124 points" in finished.stderr
    assert not list(tmp_path.iterdir())  # nothing left behind


def test_jsonl_and_parquet_files_hold_the_sdks_answer(emulator: Emulator, tmp_path: Path) -> None:
    (tmp_path / "identities.txt").write_text(
        "# one dimension set a line\nEMAIL_IDENTITY=a.example.com\n\n"
        "EMAIL_IDENTITY=b.example.com,ISP=Gmail\n"
    )
    options = ["--metric", "OPEN", "--dimension-file", "identities.txt", *RANGE, "--quiet"]
    as_jsonl = run(emulator, *options, "--output", "opens.jsonl", cwd=tmp_path)
    as_parquet = run(emulator, *options, "-o", "opens.data", "--format", "parquet", cwd=tmp_path)
    assert as_jsonl.returncode == 0, as_jsonl.stderr
    assert as_parquet.returncode == 0, as_parquet.stderr
    assert as_jsonl.stdout == as_parquet.stdout == ""
    assert as_jsonl.stderr == as_parquet.stderr == ""  # --quiet: no progress, no summary
    queries = [
        BatchGetMetricDataQuery(
            id="OPEN-1",
            metric="OPEN",
            start_date=START,
            end_date=END,
            dimensions={"EMAIL_IDENTITY": "a.example.com"},
        ),
        BatchGetMetricDataQuery(
            id="OPEN-2",
            metric="OPEN",
            start_date=START,
            end_date=END,
            dimensions={"EMAIL_IDENTITY": "b.example.com", "ISP": "Gmail"},
        ),
    ]
    expected = canonical(sdk_answer(emulator, queries).to_rows(queries))
    assert canonical(read_jsonl(tmp_path / "opens.jsonl")) == expected
    assert canonical(read_parquet(tmp_path / "opens.data")) == expected
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "identities.txt",
        "opens.data",
        "opens.jsonl",
    ]


def test_failed_queries_exit_1_on_stderr_and_in_the_errors_file(tmp_path: Path) -> None:
    with Emulator(ses_access_denied_rate=0.4) as emulator:
        identities = [f"shop{n}.example.com" for n in range(8)]
        (tmp_path / "ids.txt").write_text("".join(f"EMAIL_IDENTITY={i}\n" for i in identities))
        finished = run(
            emulator,
            "--metric", "SEND", "--metric", "CLICK", "--dimension-file", "ids.txt", *RANGE,
            "--output", "sends.csv", "--errors", "failed.csv",
            cwd=tmp_path,
        )  # fmt: skip
        queries = queries_for(["SEND", "CLICK"], identities)
        answer = sdk_answer(emulator, queries)
    assert answer.errors and answer.results  # the rate makes some of each
    assert finished.returncode == 1
    _, rows = read_csv((tmp_path / "sends.csv").read_text())
    assert canonical(rows) == canonical(answer.to_rows(queries))
    failed = list(csv.reader((tmp_path / "failed.csv").open()))
    assert failed[0] == ["query_id", "metric", "dimensions", "code", "message"]
    expected_errors = {
        (e.query_id, e.metric, f"EMAIL_IDENTITY={(e.dimensions or {})['EMAIL_IDENTITY']}", e.code)
        for e in answer.errors_to_rows(queries)
    }
    assert {tuple(line[:4]) for line in failed[1:]} == expected_errors
    for error in answer.errors:
        assert f"query {error.id} (" in finished.stderr
        assert "failed: ACCESS_DENIED" in finished.stderr
    assert f"{len(answer.errors)} failed (listed in failed.csv)" in finished.stderr
    assert "Traceback" not in finished.stderr


def test_bad_input_exits_2_with_one_line(emulator: Emulator, tmp_path: Path) -> None:
    finished = run(emulator, "--metric", "SENT", *RANGE, cwd=tmp_path)
    assert finished.returncode == 2
    assert finished.stdout == ""
    assert finished.stderr.startswith("metricsdk: error: argument --metric: must be one of SEND")
    assert finished.stderr.count("\n") == 1
    assert emulator.requests == []  # refused before anything was sent


def test_a_missing_credential_exits_2(tmp_path: Path) -> None:
    environment = {
        name: value for name, value in os.environ.items() if not name.startswith("AWS_ACCESS")
    }
    environment |= {"AWS_REGION": "us-east-1", "AWS_EC2_METADATA_DISABLED": "true"}
    finished = subprocess.run(
        [*COMMAND, "--metric", "SEND", *RANGE],
        env=environment,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert finished.returncode == 2
    assert finished.stderr.startswith("metricsdk: error: credentials: not found; looked in")
    assert finished.stderr.count("\n") == 1


@pytest.mark.parametrize(
    ("arguments", "said"),
    [
        (["--metric", "SEND", "--start", "2026-02-01", "--end", "2026-01-01"], "--start must be"),
        (["--metric", "SEND", "--start", "January", "--end", "2026-01-01"], "must be a date"),
        (["--metric", "SEND", "--dimension", "ISP", *RANGE], "'ISP' is not NAME=VALUE"),
        (["--metric", "SEND", "--dimension", "COUNTRY=x", *RANGE], "unknown dimension 'COUNTRY'"),
        (["--metric", "SEND", "--dimension", "ISP=a,ISP=b", *RANGE], "ISP is given twice"),
        (
            [
                "--metric",
                "SEND",
                "--dimension",
                "ISP=a,EMAIL_IDENTITY=b,TENANT_NAME=c,CONFIGURATION_SET=d",
                *RANGE,
            ],
            "at most 3 dimensions",
        ),
        (["--metric", "SEND", "--dimension-file", "nope.txt", *RANGE], "cannot read nope.txt"),
        (["--metric", "SEND", *RANGE, "--format", "parquet"], "parquet output needs --output"),
        (["--metric", "SEND", *RANGE, "--checkpoint", "c.json"], "--checkpoint needs --output"),
        (["--metric", "SEND", *RANGE, "-o", "no/such/dir/x.csv"], "its folder does not exist"),
        (["--metric", "SEND", *RANGE, "--errors", "no/dir/e.csv"], "--errors no/dir/e.csv: its"),
        (["--metric", "SEND", *RANGE, "--format", "xlsx"], "invalid choice: 'xlsx'"),
        (["--metric", "SEND", *RANGE, "--max-concurrency", "0"], "must be at least 1"),
        ([*RANGE], "the following arguments are required: --metric"),
    ],
)
def test_usage_mistakes_are_one_line_and_exit_2(
    arguments: list[str],
    said: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exit_info:
        main(["sesv2", "get-metric-data", *arguments])
    assert exit_info.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("metricsdk: error: ") and err.count("\n") == 1
    assert said in err


def test_a_dimension_file_mistake_names_the_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ids.txt").write_text("EMAIL_IDENTITY=a\n# fine\nEMAIL=b\n")
    with pytest.raises(SystemExit):
        main(
            ["sesv2", "get-metric-data", "--metric", "SEND", "--dimension-file", "ids.txt", *RANGE]
        )
    assert "ids.txt line 3: unknown dimension 'EMAIL'" in capsys.readouterr().err


def test_help_has_an_example(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["sesv2", "--help"], ["sesv2", "get-metric-data", "--help"]):
        with pytest.raises(SystemExit) as exit_info:
            main(argv)
        assert exit_info.value.code == 0
    shown = capsys.readouterr().out
    assert "metricsdk sesv2 get-metric-data --metric SEND --metric DELIVERY" in shown
    assert "--checkpoint FILE" in shown and "Exit status: 0" in shown


# -- interrupted pulls -------------------------------------------------------------------------

IDENTITIES = [f"shop{n}.example.com" for n in range(24)]
METRICS = ["SEND", "DELIVERY", "OPEN", "CLICK", "COMPLAINT"]


def asked_queries(emulator: Emulator, since: int) -> int:
    """Queries the emulator answered (HTTP 200) from request number ``since`` on."""
    return sum(
        r.weight for r in emulator.requests[since:] if r.service == "sesv2" and r.status == 200
    )


def recorded(checkpoint: Path) -> set[str] | None:
    try:
        return set(json.loads(checkpoint.read_text())["done"])
    except (FileNotFoundError, ValueError, KeyError):
        return None


@pytest.mark.parametrize("stop", [signal.SIGKILL, signal.SIGINT], ids=["SIGKILL", "SIGINT"])
def test_a_killed_pull_resumes_with_every_point_exactly_once(
    stop: signal.Signals, tmp_path: Path
) -> None:
    (tmp_path / "ids.txt").write_text("".join(f"EMAIL_IDENTITY={i}\n" for i in IDENTITIES))
    options = [
        *(part for metric in METRICS for part in ("--metric", metric)),
        "--dimension-file", "ids.txt", *RANGE,
        "--output", "pull.csv", "--checkpoint", "pull.ckpt", "--max-concurrency", "1",
    ]  # fmt: skip
    queries = queries_for(METRICS, IDENTITIES)  # 120 queries: 12 batches, one at a time
    with Emulator(latency=0.15) as emulator:
        child = subprocess.Popen(
            [*COMMAND, *options],
            env=command_environment(emulator),
            cwd=tmp_path,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            # Stop it once the checkpoint records some queries, long before the last.
            deadline = time.monotonic() + 60
            while len(recorded(tmp_path / "pull.ckpt") or ()) < 10:
                assert child.poll() is None, child.stderr and child.stderr.read()
                assert time.monotonic() < deadline, "the pull never recorded progress"
                time.sleep(0.01)
            child.send_signal(stop)
            _, stderr = child.communicate(timeout=60)
        finally:
            child.kill()
        done_before = recorded(tmp_path / "pull.ckpt")
        assert done_before is not None and 10 <= len(done_before) < len(queries)
        assert not (tmp_path / "pull.csv").exists()  # not in place until complete
        if stop == signal.SIGINT:
            assert child.returncode == 130
            assert "interrupted; rerun the same command" in stderr
            assert "Traceback" not in stderr

        requests_before = len(emulator.requests)
        resumed = run(emulator, *options, cwd=tmp_path)
        assert resumed.returncode == 0, resumed.stderr
        added = (len(queries) - len(done_before)) * 31
        assert f"120 of 120 queries answered, {added} points added to pull.csv" in resumed.stderr
        # Only the queries the checkpoint had not recorded were asked again.
        assert asked_queries(emulator, requests_before) == len(queries) - len(done_before)
        expected = sdk_answer(emulator, queries).to_rows(queries)

    _, rows = read_csv((tmp_path / "pull.csv").read_text())
    assert len(rows) == len(expected) == 120 * 31
    assert canonical(rows) == canonical(expected)  # every point, exactly once
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ids.txt", "pull.csv"]


def test_a_checkpoint_of_another_pull_is_refused(emulator: Emulator, tmp_path: Path) -> None:
    first = run(emulator, "--metric", "SEND", *RANGE, "-o", "a.csv", cwd=tmp_path)
    assert first.returncode == 0
    (tmp_path / "pull.ckpt").write_text(
        json.dumps({"version": 1, "pull": "other", "size": 0, "done": []})
    )
    refused = run(
        emulator, "--metric", "SEND", *RANGE, "-o", "a.csv", "--checkpoint", "pull.ckpt",
        cwd=tmp_path,
    )  # fmt: skip
    assert refused.returncode == 2
    assert "belongs to another pull" in refused.stderr
    (tmp_path / "pull.ckpt").write_text("{not json")
    garbled = run(
        emulator, "--metric", "SEND", *RANGE, "-o", "a.csv", "--checkpoint", "pull.ckpt",
        cwd=tmp_path,
    )  # fmt: skip
    assert garbled.returncode == 2
    assert "is not a metricsdk checkpoint" in garbled.stderr


def test_a_completed_checkpointed_pull_leaves_no_checkpoint(
    emulator: Emulator, tmp_path: Path
) -> None:
    options = ["--metric", "SEND", *RANGE, "-o", "a.parquet", "--checkpoint", "a.ckpt"]
    finished = run(emulator, *options, cwd=tmp_path)
    assert finished.returncode == 0, finished.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.parquet"]
    queries = queries_for(["SEND"], [None])
    assert canonical(read_parquet(tmp_path / "a.parquet")) == canonical(
        sdk_answer(emulator, queries).to_rows(queries)
    )


@pytest.mark.parametrize("renamed", [False, True], ids=["before-rename", "after-rename"])
def test_a_pull_stopped_while_putting_its_output_in_place_completes(
    renamed: bool, emulator: Emulator, tmp_path: Path
) -> None:
    full = run(emulator, "--metric", "SEND", *RANGE, "-o", "full.csv", cwd=tmp_path)
    assert full.returncode == 0
    content = (tmp_path / "full.csv").read_bytes()
    output = tmp_path / "b.csv"
    # What a run killed between its last two steps leaves: a checkpoint saying the pull ended,
    # and the complete part (not yet renamed) or the output itself (renamed).
    (output if renamed else part_path(output)).write_bytes(content)
    pull = pull_fingerprint(queries_for(["SEND"], [None]), "csv", output)
    finished = {"size": len(content), "done": ["SEND"], "finished": True, "failed": 0}
    (tmp_path / "b.ckpt").write_text(json.dumps({"version": 1, "pull": pull, **finished}))
    requests_before = len(emulator.requests)
    again = run(
        emulator, "--metric", "SEND", *RANGE, "-o", "b.csv", "--checkpoint", "b.ckpt",
        cwd=tmp_path,
    )  # fmt: skip
    assert again.returncode == 0, again.stderr
    assert "the pull had already finished" in again.stderr
    assert len(emulator.requests) == requests_before  # nothing asked again
    assert output.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.csv", "full.csv"]
