"""boto3, an independent client, against the standalone emulator: every emulated AWS operation
parses, with the values the emulator meant, and modelled errors raise the modelled exceptions."""

from __future__ import annotations

import gzip
import json
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import boto3
import botocore
import botocore.session
import pytest
from botocore.config import Config

from metricsdk.testing import Emulator, Fault
from metricsdk.testing._emulator.sesv2 import metric_value

NO_RETRIES = Config(retries={"total_max_attempts": 1, "mode": "standard"})
DAY = 86_400


def client(
    emulator: Emulator,
    service: str,
    session: botocore.session.Session | None = None,
    secret: str | None = None,
) -> Any:
    creds = emulator.aws_credentials
    return boto3.Session(botocore_session=session).client(
        service,
        endpoint_url=emulator.url,
        region_name="us-east-1",
        config=NO_RETRIES,
        aws_access_key_id=creds.access_key_id,
        aws_secret_access_key=secret or creds.secret_access_key,
    )


@pytest.fixture
def json_mailmanager(tmp_path: Path) -> botocore.session.Session:
    """A botocore session whose Mail Manager model speaks AWS JSON 1.0.

    botocore now prefers Mail Manager's smithy-rpc-v2-cbor protocol; the service also lists
    `json`, which is what metricsdk (and the emulator) speak. Test-only copy of the model."""
    source = Path(botocore.__file__).parent / "data/mailmanager/2023-10-17/service-2.json.gz"
    model = json.loads(gzip.decompress(source.read_bytes()))
    model["metadata"]["protocol"] = "json"
    model["metadata"]["protocols"] = ["json"]
    target = tmp_path / "mailmanager" / "2023-10-17"
    target.mkdir(parents=True)
    (target / "service-2.json").write_text(json.dumps(model))
    session = botocore.session.get_session()
    session.get_component("data_loader").search_paths.insert(0, str(tmp_path))
    return session


def test_sesv2_batch_get_metric_data(emulator: Emulator) -> None:
    ses = client(emulator, "sesv2")
    start = datetime(2026, 1, 1, tzinfo=timezone.utc)
    end = datetime(2026, 1, 4, tzinfo=timezone.utc)
    answer = ses.batch_get_metric_data(
        Queries=[
            {
                "Id": "sends",
                "Namespace": "VDM",
                "Metric": "SEND",
                "StartDate": start,
                "EndDate": end,
                "Dimensions": {"EMAIL_IDENTITY": "example.com"},
            },
            {
                "Id": "opens",
                "Namespace": "VDM",
                "Metric": "OPEN",
                "StartDate": start,
                "EndDate": end,
            },
        ]
    )
    sends, opens = answer["Results"]
    days = [int(start.timestamp()) + n * DAY for n in range(3)]
    assert [int(t.timestamp()) for t in sends["Timestamps"]] == days
    assert sends["Values"] == [
        metric_value("SEND", {"EMAIL_IDENTITY": "example.com"}, d) for d in days
    ]
    assert opens["Values"] == [metric_value("OPEN", {}, d) for d in days]
    assert sends["Values"] != opens["Values"]
    assert answer["Errors"] == []


def test_sesv2_modelled_errors(emulator: Emulator) -> None:
    ses = client(emulator, "sesv2")
    bad = {"Id": "q", "Namespace": "VDM", "Metric": "SEND", "StartDate": 2_000, "EndDate": 1_000}
    with pytest.raises(ses.exceptions.BadRequestException):
        ses.batch_get_metric_data(Queries=[bad])
    emulator.inject(Fault.THROTTLE, service="sesv2")
    with pytest.raises(ses.exceptions.TooManyRequestsException):
        ses.batch_get_metric_data(Queries=[{**bad, "StartDate": 1_000, "EndDate": 2_000}])
    emulator.inject(Fault.SERVER_ERROR, service="sesv2")
    with pytest.raises(ses.exceptions.InternalServiceErrorException):
        ses.batch_get_metric_data(Queries=[{**bad, "StartDate": 1_000, "EndDate": 2_000}])


def test_wrong_secret_is_refused_with_403(emulator: Emulator) -> None:
    ses = client(emulator, "sesv2", secret="not-the-secret")
    with pytest.raises(botocore.exceptions.ClientError) as caught:
        ses.batch_get_metric_data(
            Queries=[
                {"Id": "q", "Namespace": "VDM", "Metric": "SEND", "StartDate": 1, "EndDate": 2}
            ]
        )
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    assert caught.value.response["Error"]["Code"] == "InvalidSignatureException"


def test_mailmanager_export_lifecycle(
    emulator: Emulator, json_mailmanager: botocore.session.Session
) -> None:
    mm = client(emulator, "mailmanager", json_mailmanager)
    started = mm.start_archive_export(
        ArchiveId="a-demo",
        FromTimestamp=datetime(2026, 1, 1, tzinfo=timezone.utc),
        ToTimestamp=datetime(2026, 2, 1, tzinfo=timezone.utc),
        ExportDestinationConfiguration={"S3": {"S3Location": "s3://bucket/exports/"}},
        Filters={
            "Include": [
                {
                    "StringExpression": {
                        "Evaluate": {"Attribute": "SUBJECT"},
                        "Operator": "CONTAINS",
                        "Values": ["invoice"],
                    }
                }
            ]
        },
    )
    export_id = started["ExportId"]
    first = mm.get_archive_export(ExportId=export_id)
    assert first["Status"]["State"] in ("QUEUED", "PROCESSING")
    assert first["ArchiveId"] == "a-demo"
    assert first["Filters"]["Include"][0]["StringExpression"]["Values"] == ["invoice"]
    time.sleep(0.25)
    done = mm.get_archive_export(ExportId=export_id)
    assert done["Status"]["State"] == "COMPLETED"
    assert isinstance(done["Status"]["CompletionTimestamp"], datetime)
    second = mm.start_archive_export(
        ArchiveId="a-demo",
        FromTimestamp=1,
        ToTimestamp=2,
        ExportDestinationConfiguration={"S3": {"S3Location": "s3://bucket/x"}},
    )["ExportId"]
    mm.stop_archive_export(ExportId=second)
    assert mm.get_archive_export(ExportId=second)["Status"]["State"] == "CANCELLED"
    page = mm.list_archive_exports(ArchiveId="a-demo", PageSize=1)
    assert len(page["Exports"]) == 1 and "NextToken" in page
    rest = mm.list_archive_exports(ArchiveId="a-demo", PageSize=1, NextToken=page["NextToken"])
    assert {page["Exports"][0]["ExportId"], rest["Exports"][0]["ExportId"]} == {export_id, second}
    assert "NextToken" not in rest


def test_mailmanager_modelled_errors(
    emulator: Emulator, json_mailmanager: botocore.session.Session
) -> None:
    mm = client(emulator, "mailmanager", json_mailmanager)
    with pytest.raises(mm.exceptions.ResourceNotFoundException):
        mm.get_archive_export(ExportId="no-such-export")
    with pytest.raises(mm.exceptions.ValidationException):
        mm.start_archive_export(
            ArchiveId="a-x",
            FromTimestamp=5,
            ToTimestamp=1,
            ExportDestinationConfiguration={"S3": {"S3Location": "s3://bkt/x"}},
        )
    emulator.inject(Fault.THROTTLE, service="mailmanager")
    with pytest.raises(mm.exceptions.ThrottlingException) as caught:
        mm.list_archive_exports(ArchiveId="a-demo")
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
