"""The ``metricsdk`` command: the demo end to end, and the standalone emulator used by boto3."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timezone

import boto3
import pytest
from botocore.config import Config

from metricsdk import __version__
from metricsdk.cli import main
from metricsdk.testing import Emulator, standalone_emulator


def test_demo_runs_every_client_cleanly(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo"]) == 0
    out, err = capsys.readouterr()
    assert "1000 results (7000 daily values), 0 errors, 100 calls" in out
    assert "0 throttled" in out
    assert out.count("1000/1000 queries answered") == 1
    assert ": COMPLETED" in out
    assert "24 hourly points from" in out
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
