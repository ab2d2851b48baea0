"""boto3, an independent client, against the emulator over loopback: every emulated AWS operation
parses, with the values the emulator meant; modelled errors raise the modelled exceptions; and
for every request rule, the emulator accepts and refuses exactly what botocore's service model
does (sesv2 2019-09-27, mailmanager 2023-10-17; botocore 1.44.8 as installed). boto3 sends with
its own parameter validation off, so that the emulator, not boto3, judges each request; the
model's verdict comes from `tests.parity.model_rules`, and each row also states it by hand.

Stock boto3 speaks AWS JSON 1.0 to Mail Manager: the model lists ``smithy-rpc-v2-cbor`` first
and ``json`` second, and botocore picks ``json``, the protocol metricsdk and the emulator speak.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import datetime, timezone
from typing import Any

import boto3
import botocore
import botocore.auth
import botocore.awsrequest
import botocore.credentials
import httpx
import pytest
from botocore.config import Config

from metricsdk.testing import Emulator, Fault
from metricsdk.testing._emulator.sesv2 import metric_value
from tests.parity.model_rules import refusal

NO_RETRIES = Config(retries={"total_max_attempts": 1, "mode": "standard"})
UNVALIDATED = Config(
    retries={"total_max_attempts": 1, "mode": "standard"}, parameter_validation=False
)
DAY = 86_400


def client(
    emulator: Emulator, service: str, secret: str | None = None, config: Config = NO_RETRIES
) -> Any:
    creds = emulator.aws_credentials
    return boto3.client(
        service,
        endpoint_url=emulator.url,
        region_name="us-east-1",
        config=config,
        aws_access_key_id=creds.access_key_id,
        aws_secret_access_key=secret or creds.secret_access_key,
    )


def test_stock_boto3_speaks_json_to_mail_manager(emulator: Emulator) -> None:
    sent: list[Any] = []
    mm = client(emulator, "mailmanager")
    mm.meta.events.register("before-send.mailmanager.*", lambda request, **_: sent.append(request))
    with pytest.raises(mm.exceptions.ValidationException):
        mm.get_archive_export(ExportId="e-1")
    assert sent[0].headers["Content-Type"] == b"application/x-amz-json-1.0"
    assert sent[0].headers["X-Amz-Target"] == b"MailManagerSvc.GetArchiveExport"
    assert json.loads(sent[0].body) == {"ExportId": "e-1"}


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
    bad = {"Id": "q", "Namespace": "VDM", "Metric": "SENDS", "StartDate": 2_000, "EndDate": 1_000}
    with pytest.raises(ses.exceptions.BadRequestException):
        ses.batch_get_metric_data(Queries=[bad])
    bad["Metric"] = "SEND"
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


def test_mailmanager_export_lifecycle(emulator: Emulator) -> None:
    mm = client(emulator, "mailmanager")
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


def test_mailmanager_modelled_errors(emulator: Emulator) -> None:
    mm = client(emulator, "mailmanager")
    # GetArchiveExport lists no ResourceNotFoundException: an unknown export is invalid input.
    with pytest.raises(mm.exceptions.ValidationException):
        mm.get_archive_export(ExportId="no-such-export")
    # ListArchiveExports does list it, for an archive that does not exist.
    with pytest.raises(mm.exceptions.ResourceNotFoundException):
        mm.list_archive_exports(ArchiveId="a-never_exported")
    with pytest.raises(mm.exceptions.ValidationException):
        mm.start_archive_export(
            ArchiveId="a-é",
            FromTimestamp=5,
            ToTimestamp=1,
            ExportDestinationConfiguration={"S3": {"S3Location": "s3://b/x"}},
        )
    emulator.inject(Fault.THROTTLE, service="mailmanager")
    with pytest.raises(mm.exceptions.ThrottlingException) as caught:
        mm.list_archive_exports(ArchiveId="a-demo")
    # The model marks ThrottlingException HTTP 429; the emulator answers 400, as the project's
    # notes say the service does. Both name the code, which is what clients classify by.
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


# ---- every request rule: the emulator's verdict is the model's ----------------------------


@pytest.fixture(scope="module")
def shared() -> Iterator[Emulator]:
    with Emulator(ses_calls_per_second=None, ses_queries_per_second=None) as emu:
        yield emu


def verdict(call: Any, sent: list[Any]) -> tuple[str, Any]:
    """("accepted" | the refusing error code, the JSON body boto3 sent)."""
    sent.clear()
    try:
        call()
        outcome = "accepted"
    except botocore.exceptions.ClientError as error:
        outcome = error.response["Error"]["Code"]
    return outcome, json.loads(sent[-1].body or b"{}")


def unvalidated(emulator: Emulator, service: str) -> tuple[Any, list[Any]]:
    boto = client(emulator, service, config=UNVALIDATED)
    sent: list[Any] = []
    boto.meta.events.register(f"before-send.{service}.*", lambda request, **_: sent.append(request))
    return boto, sent


SES_QUERY: dict[str, Any] = {
    "Id": "q",
    "Namespace": "VDM",
    "Metric": "SEND",
    "StartDate": 1_767_225_600,
    "EndDate": 1_767_398_400,
}
# (queries, the model accepts them?) — the verdict is also computed from the model.
SES_RULES: dict[str, tuple[list[dict[str, Any]], bool]] = {
    "a plain query": ([SES_QUERY], True),
    "ten queries": ([{**SES_QUERY, "Id": f"q{n}"} for n in range(10)], True),
    "eleven queries": ([{**SES_QUERY, "Id": f"q{n}"} for n in range(11)], False),
    "no query": ([], False),
    "ids repeated in a batch": ([SES_QUERY, SES_QUERY], True),
    "EndDate equal to StartDate": ([{**SES_QUERY, "EndDate": SES_QUERY["StartDate"]}], True),
    "EndDate before StartDate": ([{**SES_QUERY, "EndDate": 1_000}], True),
    "an Id of 255 characters": ([{**SES_QUERY, "Id": "i" * 255}], True),
    "an Id of 256 characters": ([{**SES_QUERY, "Id": "i" * 256}], False),
    "an empty Id": ([{**SES_QUERY, "Id": ""}], False),
    "an unknown metric": ([{**SES_QUERY, "Metric": "SENDS"}], False),
    "an unknown namespace": ([{**SES_QUERY, "Namespace": "OTHER"}], False),
    "no EndDate": ([{k: v for k, v in SES_QUERY.items() if k != "EndDate"}], False),
    "two '*' values": ([{**SES_QUERY, "Dimensions": {"ISP": "*", "EMAIL_IDENTITY": "*"}}], True),
    "eleven comma-separated values": (
        [{**SES_QUERY, "Dimensions": {"ISP": ",".join(f"i{n}" for n in range(11))}}],
        True,
    ),
    "an empty dimension value": ([{**SES_QUERY, "Dimensions": {"ISP": ""}}], True),
    "three dimensions": (
        [{**SES_QUERY, "Dimensions": {"ISP": "a", "EMAIL_IDENTITY": "b", "TENANT_NAME": "c"}}],
        True,
    ),
    "four dimensions": (
        [
            {
                **SES_QUERY,
                "Dimensions": dict.fromkeys(
                    ["ISP", "EMAIL_IDENTITY", "TENANT_NAME", "CONFIGURATION_SET"], "a"
                ),
            }
        ],
        False,
    ),
    "no dimension in the map": ([{**SES_QUERY, "Dimensions": {}}], False),
    "an unknown dimension": ([{**SES_QUERY, "Dimensions": {"COUNTRY": "FR"}}], False),
    "a dimension value that is a number": ([{**SES_QUERY, "Dimensions": {"ISP": 3}}], False),
}


@pytest.mark.parametrize("row", sorted(SES_RULES))
def test_sesv2_rules_match_the_model(row: str, shared: Emulator) -> None:
    queries, accepted = SES_RULES[row]
    ses, sent = unvalidated(shared, "sesv2")
    outcome, body = verdict(lambda: ses.batch_get_metric_data(Queries=queries), sent)
    model = refusal("sesv2", "BatchGetMetricData", body)
    assert (model is None) is accepted, model
    assert outcome == ("accepted" if accepted else "BadRequestException")


MM_START: dict[str, Any] = {
    "ArchiveId": "a-rules",
    "FromTimestamp": 1_767_225_600,
    "ToTimestamp": 1_769_904_000,
    "ExportDestinationConfiguration": {"S3": {"S3Location": "s3://bucket/exports/"}},
}


def subject(*values: Any) -> dict[str, Any]:
    return {
        "StringExpression": {
            "Evaluate": {"Attribute": "SUBJECT"},
            "Operator": "CONTAINS",
            "Values": list(values),
        }
    }


def attachments(attribute: str = "HAS_ATTACHMENTS", operator: str = "IS_TRUE") -> dict[str, Any]:
    return {"BooleanExpression": {"Evaluate": {"Attribute": attribute}, "Operator": operator}}


def without(mapping: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in mapping.items() if k != key}


STRING = subject("x")["StringExpression"]
# (StartArchiveExport overrides, the model accepts them?)
MM_START_RULES: dict[str, tuple[dict[str, Any], bool]] = {
    "a plain start": ({}, True),
    "MaxResults 0": ({"MaxResults": 0}, True),
    "MaxResults -1": ({"MaxResults": -1}, True),
    "MaxResults past a 32-bit integer": ({"MaxResults": 2**31}, False),
    "MaxResults as a string": ({"MaxResults": "10"}, False),
    "ToTimestamp before FromTimestamp": ({"ToTimestamp": 1}, True),
    "ToTimestamp equal to FromTimestamp": ({"ToTimestamp": MM_START["FromTimestamp"]}, True),
    "IncludeMetadata False": ({"IncludeMetadata": False}, True),
    "IncludeMetadata 'yes'": ({"IncludeMetadata": "yes"}, False),
    "an archive id with a non-ASCII word character": ({"ArchiveId": "a-é"}, False),
    "an archive id without its prefix": ({"ArchiveId": "archive-1"}, False),
    "an archive id with text before the prefix": ({"ArchiveId": "xa-demo"}, False),
    "an archive id of 66 characters": ({"ArchiveId": "a-" + "x" * 64}, True),
    "an archive id of 67 characters": ({"ArchiveId": "a-" + "x" * 65}, False),
    "an S3 bucket name of one character": (
        {"ExportDestinationConfiguration": {"S3": {"S3Location": "s3://b/x"}}},
        False,
    ),
    "an S3 destination without a location": ({"ExportDestinationConfiguration": {"S3": {}}}, True),
    "a destination with no member": ({"ExportDestinationConfiguration": {}}, False),
    "no FromTimestamp": ({"FromTimestamp": None}, False),
    "ten values of 2048 characters": (
        {"Filters": {"Include": [subject(*["v" * 2048] * 10)]}},
        True,
    ),
    "a value of 2049 characters": ({"Filters": {"Include": [subject("v" * 2049)]}}, False),
    "an empty value": ({"Filters": {"Include": [subject("")]}}, False),
    "no value": ({"Filters": {"Include": [subject()]}}, False),
    "eleven values": ({"Filters": {"Include": [subject(*"abcdefghijk")]}}, False),
    "ten conditions each way": (
        {"Filters": {"Include": [subject("x")] * 10, "Unless": [attachments()] * 10}},
        True,
    ),
    "eleven conditions": ({"Filters": {"Unless": [subject("x")] * 11}}, False),
    "an unknown string attribute": (
        {
            "Filters": {
                "Include": [{"StringExpression": {**STRING, "Evaluate": {"Attribute": "REPLY_TO"}}}]
            }
        },
        False,
    ),
    "an unknown string operator": (
        {"Filters": {"Include": [{"StringExpression": {**STRING, "Operator": "STARTS_WITH"}}]}},
        False,
    ),
    "an unknown boolean attribute": (
        {"Filters": {"Include": [attachments(attribute="HAS_LINKS")]}},
        False,
    ),
    "an unknown boolean operator": (
        {"Filters": {"Include": [attachments(operator="IS_MAYBE")]}},
        False,
    ),
    "a string expression without Evaluate": (
        {"Filters": {"Include": [{"StringExpression": without(STRING, "Evaluate")}]}},
        False,
    ),
    "a string expression without Operator": (
        {"Filters": {"Include": [{"StringExpression": without(STRING, "Operator")}]}},
        False,
    ),
    "a boolean expression without Operator": (
        {
            "Filters": {
                "Include": [
                    {"BooleanExpression": without(attachments()["BooleanExpression"], "Operator")}
                ]
            }
        },
        False,
    ),
    "a condition with two members": (
        {"Filters": {"Include": [{**subject("x"), **attachments()}]}},
        False,
    ),
}


@pytest.mark.parametrize("row", sorted(MM_START_RULES))
def test_mailmanager_start_rules_match_the_model(row: str, shared: Emulator) -> None:
    overrides, accepted = MM_START_RULES[row]
    params = {k: v for k, v in {**MM_START, **overrides}.items() if v is not None}
    mm, sent = unvalidated(shared, "mailmanager")
    outcome, body = verdict(lambda: mm.start_archive_export(**params), sent)
    model = refusal("mailmanager", "StartArchiveExport", body)
    assert (model is None) is accepted, model
    assert outcome == ("accepted" if accepted else "ValidationException")


MM_OTHER_RULES: dict[str, tuple[str, dict[str, Any], bool]] = {
    "ExportId of 64 characters": ("GetArchiveExport", {"ExportId": "e" * 64}, True),
    "ExportId of 65 characters": ("GetArchiveExport", {"ExportId": "e" * 65}, False),
    "an empty ExportId": ("StopArchiveExport", {"ExportId": ""}, False),
    "PageSize 50": ("ListArchiveExports", {"ArchiveId": "a-rules", "PageSize": 50}, True),
    "PageSize 51": ("ListArchiveExports", {"ArchiveId": "a-rules", "PageSize": 51}, False),
    "PageSize 0": ("ListArchiveExports", {"ArchiveId": "a-rules", "PageSize": 0}, False),
    "an empty NextToken": ("ListArchiveExports", {"ArchiveId": "a-rules", "NextToken": ""}, False),
    "a NextToken of 2049 characters": (
        "ListArchiveExports",
        {"ArchiveId": "a-rules", "NextToken": "1" * 2049},
        False,
    ),
    "a listed archive id with a non-ASCII word character": (
        "ListArchiveExports",
        {"ArchiveId": "a-é"},
        False,
    ),
}
_SNAKE = {
    "GetArchiveExport": "get_archive_export",
    "StopArchiveExport": "stop_archive_export",
    "ListArchiveExports": "list_archive_exports",
}


@pytest.mark.parametrize("row", sorted(MM_OTHER_RULES))
def test_mailmanager_other_rules_match_the_model(row: str, shared: Emulator) -> None:
    operation, params, accepted = MM_OTHER_RULES[row]
    mm, sent = unvalidated(shared, "mailmanager")
    mm.start_archive_export(**MM_START)  # the archive the list rows name now exists
    sent.clear()
    try:
        getattr(mm, _SNAKE[operation])(**params)
        outcome, message = "accepted", ""
    except botocore.exceptions.ClientError as error:
        outcome, message = error.response["Error"]["Code"], error.response["Error"]["Message"]
    model = refusal("mailmanager", operation, json.loads(sent[-1].body))
    assert (model is None) is accepted, model
    if not accepted:
        assert outcome == "ValidationException" and "not found" not in message
    elif operation == "ListArchiveExports":
        assert outcome == "accepted"
    else:  # a well-formed id of no export: past the rules, then not found
        assert (outcome, message) == (
            "ValidationException",
            f"Export {params['ExportId']} not found",
        )


def raw_call(emulator: Emulator, operation: str, body: dict[str, Any]) -> httpx.Response:
    """A signed Mail Manager call with a body boto3 could not serialize (a union member its
    model does not know)."""
    creds = emulator.aws_credentials
    request = botocore.awsrequest.AWSRequest(
        method="POST",
        url=emulator.url + "/",
        data=json.dumps(body).encode(),
        headers={
            "Content-Type": "application/x-amz-json-1.0",
            "X-Amz-Target": f"MailManagerSvc.{operation}",
        },
    )
    botocore.auth.SigV4Auth(
        botocore.credentials.Credentials(creds.access_key_id, creds.secret_access_key),
        "ses",
        "us-east-1",
    ).add_auth(request)
    prepared = request.prepare()
    return httpx.post(prepared.url, content=prepared.body, headers=dict(prepared.headers))


UNKNOWN_MEMBERS: dict[str, dict[str, Any]] = {
    "a condition the model does not name": {
        "Filters": {"Include": [{"IpExpression": {"Evaluate": {"Attribute": "SENDER_IP"}}}]}
    },
    "a destination the model does not name": {
        "ExportDestinationConfiguration": {"Firehose": {"StreamArn": "arn:x"}}
    },
    "an attribute union member the model does not name": {
        "Filters": {
            "Include": [
                {"StringExpression": {**STRING, "Evaluate": {"MimeHeaderAttribute": "X-Team"}}}
            ]
        }
    },
}


@pytest.mark.parametrize("row", sorted(UNKNOWN_MEMBERS))
def test_mailmanager_unknown_union_members_are_refused(row: str, shared: Emulator) -> None:
    body = {**MM_START, **UNKNOWN_MEMBERS[row]}
    assert refusal("mailmanager", "StartArchiveExport", body) is not None
    answer = raw_call(shared, "StartArchiveExport", body)
    assert answer.status_code == 400
    assert answer.json()["__type"].endswith("#ValidationException")
    plain = raw_call(shared, "StartArchiveExport", MM_START)
    assert plain.status_code == 200 and "ExportId" in plain.json()


# ---- Mail Manager archives and searches ---------------------------------------------------


def test_mailmanager_archives(emulator: Emulator) -> None:
    mm = client(emulator, "mailmanager")
    pages = list(mm.get_paginator("list_archives").paginate(PaginationConfig={"PageSize": 2}))
    assert len(pages) >= 2 and all(len(page["Archives"]) <= 2 for page in pages)
    listed = {a["ArchiveId"]: a for page in pages for a in page["Archives"]}
    assert {"a-demo", "a-demo_archive", "a-compliance", "a-retired"} <= set(listed)
    assert listed["a-retired"]["ArchiveState"] == "PENDING_DELETION"
    assert isinstance(listed["a-demo"]["LastUpdatedTimestamp"], datetime)
    archive = mm.get_archive(ArchiveId="a-compliance")
    assert archive["ArchiveArn"] == (
        "arn:aws:ses:us-east-1:111122223333:mailmanager-archive/a-compliance"
    )
    assert archive["Retention"] == {"RetentionPeriod": "PERMANENT"}
    assert archive["KmsKeyArn"].startswith("arn:aws:kms:us-east-1:111122223333:key/")
    with pytest.raises(mm.exceptions.ResourceNotFoundException):
        mm.get_archive(ArchiveId="a-nowhere")


def test_mailmanager_search_lifecycle(emulator: Emulator) -> None:
    mm = client(emulator, "mailmanager")
    now = datetime.now(timezone.utc)
    started = mm.start_archive_search(
        ArchiveId="a-demo",
        FromTimestamp=now.timestamp() - 60 * DAY,
        ToTimestamp=now,
        MaxResults=8,
        Filters={"Include": [subject("invoice")], "Unless": [attachments(operator="IS_FALSE")]},
    )
    search_id = started["SearchId"]
    assert mm.get_archive_search(SearchId=search_id)["Status"]["State"] in (
        "QUEUED",
        "RUNNING",
        "COMPLETED",
    )
    deadline = time.monotonic() + 30
    while (state := mm.get_archive_search(SearchId=search_id)["Status"]["State"]) != "COMPLETED":
        assert state in ("QUEUED", "RUNNING") and time.monotonic() < deadline
        time.sleep(0.05)
    search = mm.get_archive_search(SearchId=search_id)
    assert (search["ArchiveId"], search["MaxResults"]) == ("a-demo", 8)
    assert search["Filters"]["Include"] == [subject("invoice")]
    assert isinstance(search["Status"]["CompletionTimestamp"], datetime)
    rows = mm.get_archive_search_results(SearchId=search_id)["Rows"]
    assert len(rows) == 8
    for row in rows:
        assert "invoice" in row["Subject"].lower() and row["HasAttachments"] is True
        assert isinstance(row["ReceivedTimestamp"], datetime)
        assert row["Envelope"]["To"] == [row["To"]]
        assert row["SenderIpAddress"].startswith("192.0.2.")
    listed = mm.list_archive_searches(ArchiveId="a-demo")["Searches"]
    assert [s["SearchId"] for s in listed] == [search_id]
    second = mm.start_archive_search(
        ArchiveId="a-demo", FromTimestamp=1, ToTimestamp=2, MaxResults=0
    )["SearchId"]
    mm.stop_archive_search(SearchId=second)
    assert mm.get_archive_search(SearchId=second)["Status"]["State"] == "CANCELLED"
    with pytest.raises(mm.exceptions.ConflictException):
        mm.get_archive_search_results(SearchId=second)
    pages = mm.get_paginator("list_archive_searches").paginate(
        ArchiveId="a-demo", PaginationConfig={"PageSize": 1}
    )
    assert [s["SearchId"] for page in pages for s in page["Searches"]] == [search_id, second]


def test_mailmanager_search_modelled_errors() -> None:
    with Emulator(search_seconds=3600, max_running_searches=1) as emu:
        mm = client(emu, "mailmanager")
        search = {"FromTimestamp": 1, "ToTimestamp": 2, "MaxResults": 10}
        with pytest.raises(mm.exceptions.ResourceNotFoundException):
            mm.start_archive_search(ArchiveId="a-nowhere", **search)
        with pytest.raises(mm.exceptions.ConflictException) as conflict:
            mm.start_archive_search(ArchiveId="a-retired", **search)
        assert conflict.value.response["ResponseMetadata"]["HTTPStatusCode"] == 409
        running = mm.start_archive_search(ArchiveId="a-demo", **search)["SearchId"]
        with pytest.raises(mm.exceptions.ServiceQuotaExceededException) as quota:
            mm.start_archive_search(ArchiveId="a-demo", **search)
        assert quota.value.response["ResponseMetadata"]["HTTPStatusCode"] == 402
        with pytest.raises(mm.exceptions.ConflictException):
            mm.get_archive_search_results(SearchId=running)
        # These list no ResourceNotFoundException: an unknown search is invalid input.
        with pytest.raises(mm.exceptions.ValidationException):
            mm.get_archive_search(SearchId="no-such-search")
        with pytest.raises(mm.exceptions.ResourceNotFoundException):
            mm.list_archive_searches(ArchiveId="a-nowhere")


MM_SEARCH: dict[str, Any] = {
    "ArchiveId": "a-demo",
    "FromTimestamp": 1_767_225_600,
    "ToTimestamp": 1_769_904_000,
    "MaxResults": 10,
}
# (StartArchiveSearch overrides, the model accepts them?)
MM_SEARCH_START_RULES: dict[str, tuple[dict[str, Any], bool]] = {
    "a plain search": ({}, True),
    "MaxResults 0": ({"MaxResults": 0}, True),
    "MaxResults 1000": ({"MaxResults": 1000}, True),
    "MaxResults 1001": ({"MaxResults": 1001}, False),
    "MaxResults -1": ({"MaxResults": -1}, False),
    "no MaxResults": ({"MaxResults": None}, False),
    "MaxResults as a string": ({"MaxResults": "10"}, False),
    "no ToTimestamp": ({"ToTimestamp": None}, False),
    "ToTimestamp before FromTimestamp": ({"ToTimestamp": 1}, True),
    "an archive id without its prefix": ({"ArchiveId": "demo"}, False),
    "an archive id with a non-ASCII word character": ({"ArchiveId": "a-é"}, False),
    "ten conditions each way": (
        {"Filters": {"Include": [subject("x")] * 10, "Unless": [attachments()] * 10}},
        True,
    ),
    "eleven conditions": ({"Filters": {"Include": [attachments()] * 11}}, False),
    "an empty value": ({"Filters": {"Include": [subject("")]}}, False),
    "an unknown string attribute": (
        {
            "Filters": {
                "Include": [{"StringExpression": {**STRING, "Evaluate": {"Attribute": "BCC"}}}]
            }
        },
        False,
    ),
    "a condition with two members": (
        {"Filters": {"Unless": [{**subject("x"), **attachments()}]}},
        False,
    ),
}


@pytest.mark.parametrize("row", sorted(MM_SEARCH_START_RULES))
def test_mailmanager_search_start_rules_match_the_model(row: str, shared: Emulator) -> None:
    overrides, accepted = MM_SEARCH_START_RULES[row]
    params = {k: v for k, v in {**MM_SEARCH, **overrides}.items() if v is not None}
    mm, sent = unvalidated(shared, "mailmanager")
    outcome, body = verdict(lambda: mm.start_archive_search(**params), sent)
    model = refusal("mailmanager", "StartArchiveSearch", body)
    assert (model is None) is accepted, model
    assert outcome == ("accepted" if accepted else "ValidationException")


# (operation, parameters, the model accepts them?, the answer past the rules)
MM_ARCHIVE_AND_SEARCH_RULES: dict[str, tuple[str, dict[str, Any], bool, str]] = {
    "ListArchives with no member": ("ListArchives", {}, True, "accepted"),
    "ListArchives PageSize 50": ("ListArchives", {"PageSize": 50}, True, "accepted"),
    "ListArchives PageSize 51": ("ListArchives", {"PageSize": 51}, False, ""),
    "ListArchives PageSize 0": ("ListArchives", {"PageSize": 0}, False, ""),
    "ListArchives with an empty NextToken": ("ListArchives", {"NextToken": ""}, False, ""),
    "GetArchive of a known archive": ("GetArchive", {"ArchiveId": "a-demo"}, True, "accepted"),
    # GetArchive's ArchiveIdString has no pattern: any 1 to 66 characters pass the rules.
    "GetArchive of an id without the prefix": (
        "GetArchive",
        {"ArchiveId": "x"},
        True,
        "ResourceNotFoundException",
    ),
    "GetArchive of 66 characters": (
        "GetArchive",
        {"ArchiveId": "é" * 66},
        True,
        "ResourceNotFoundException",
    ),
    "GetArchive of 67 characters": ("GetArchive", {"ArchiveId": "a" * 67}, False, ""),
    "GetArchive of an empty id": ("GetArchive", {"ArchiveId": ""}, False, ""),
    "SearchId of 64 characters": (
        "GetArchiveSearch",
        {"SearchId": "s" * 64},
        True,
        "ValidationException",  # past the rules, then not found
    ),
    "SearchId of 65 characters": ("GetArchiveSearchResults", {"SearchId": "s" * 65}, False, ""),
    "an empty SearchId": ("StopArchiveSearch", {"SearchId": ""}, False, ""),
    "ListArchiveSearches PageSize 50": (
        "ListArchiveSearches",
        {"ArchiveId": "a-demo", "PageSize": 50},
        True,
        "accepted",
    ),
    "ListArchiveSearches PageSize 51": (
        "ListArchiveSearches",
        {"ArchiveId": "a-demo", "PageSize": 51},
        False,
        "",
    ),
    "ListArchiveSearches of an id without the prefix": (
        "ListArchiveSearches",
        {"ArchiveId": "demo"},
        False,
        "",
    ),
    "ListArchiveSearches with a NextToken of 2049 characters": (
        "ListArchiveSearches",
        {"ArchiveId": "a-demo", "NextToken": "1" * 2049},
        False,
        "",
    ),
}


@pytest.mark.parametrize("row", sorted(MM_ARCHIVE_AND_SEARCH_RULES))
def test_mailmanager_archive_and_search_rules_match_the_model(row: str, shared: Emulator) -> None:
    operation, params, accepted, past_the_rules = MM_ARCHIVE_AND_SEARCH_RULES[row]
    mm, sent = unvalidated(shared, "mailmanager")
    method = getattr(mm, botocore.xform_name(operation))
    try:
        method(**params)
        outcome, message = "accepted", ""
    except botocore.exceptions.ClientError as error:
        outcome, message = error.response["Error"]["Code"], error.response["Error"]["Message"]
    model = refusal("mailmanager", operation, json.loads(sent[-1].body))
    assert (model is None) is accepted, model
    if not accepted:
        assert outcome == "ValidationException" and "not found" not in message
    else:
        assert outcome == past_the_rules
        assert (outcome == "accepted") or "not found" in message


def test_mailmanager_unknown_union_members_are_refused_by_search(shared: Emulator) -> None:
    for unknown in UNKNOWN_MEMBERS.values():
        if "Filters" not in unknown:
            continue
        body = {**MM_SEARCH, **unknown}
        assert refusal("mailmanager", "StartArchiveSearch", body) is not None
        answer = raw_call(shared, "StartArchiveSearch", body)
        assert answer.status_code == 400
        assert answer.json()["__type"].endswith("#ValidationException")
    plain = raw_call(shared, "StartArchiveSearch", MM_SEARCH)
    assert plain.status_code == 200 and "SearchId" in plain.json()


# ---- SES v2 export jobs, lists and account: boto3 as the client -----------------------------

EXPORT_SOURCE: dict[str, Any] = {
    "MetricsDataSource": {
        "Dimensions": {"EMAIL_IDENTITY": ["example.com", "billing@example.com"]},
        "Namespace": "VDM",
        "Metrics": [{"Name": "SEND", "Aggregation": "VOLUME"}],
        "StartDate": datetime(2026, 1, 1, tzinfo=timezone.utc),
        "EndDate": datetime(2026, 1, 3, tzinfo=timezone.utc),
    }
}


def test_sesv2_export_job_lifecycle() -> None:
    with Emulator(export_job_seconds=0.2, ses_export_jobs_per_second=None) as emulator:
        ses = client(emulator, "sesv2")
        job_id = ses.create_export_job(
            ExportDataSource=EXPORT_SOURCE, ExportDestination={"DataFormat": "CSV"}
        )["JobId"]
        first = ses.get_export_job(JobId=job_id)
        assert first["JobStatus"] in ("CREATED", "PROCESSING")
        assert first["ExportSourceType"] == "METRICS_DATA"
        assert "S3Url" not in first["ExportDestination"]
        assert first["ExportDataSource"]["MetricsDataSource"]["StartDate"] == datetime(
            2026, 1, 1, tzinfo=timezone.utc
        )
        time.sleep(0.3)
        done = ses.get_export_job(JobId=job_id)
        assert done["JobStatus"] == "COMPLETED"
        assert isinstance(done["CompletedTimestamp"], datetime)
        assert done["Statistics"] == {"ProcessedRecordsCount": 4, "ExportedRecordsCount": 4}
        # What a boto3 user does with the link: a plain GET, no AWS credentials.
        file = httpx.get(done["ExportDestination"]["S3Url"])
        assert file.status_code == 200 and file.headers["content-type"] == "text/csv"
        rows = file.text.splitlines()
        assert rows[0] == "timestamp,EMAIL_IDENTITY,metric,aggregation,value"
        day = int(datetime(2026, 1, 1, tzinfo=timezone.utc).timestamp())
        value = metric_value("SEND", {"EMAIL_IDENTITY": "example.com"}, day)
        assert rows[1] == f"2026-01-01T00:00:00Z,example.com,SEND,VOLUME,{value}"
        second = ses.create_export_job(
            ExportDataSource={
                "MessageInsightsDataSource": {"StartDate": 1, "EndDate": 2, "MaxResults": 5}
            },
            ExportDestination={"DataFormat": "JSON"},
        )["JobId"]
        ses.cancel_export_job(JobId=second)
        ses.cancel_export_job(JobId=second)
        assert ses.get_export_job(JobId=second)["JobStatus"] == "CANCELLED"
        page = ses.list_export_jobs(PageSize=1)
        assert [j["JobId"] for j in page["ExportJobs"]] == [second] and page["NextToken"]
        rest = ses.list_export_jobs(PageSize=1, NextToken=page["NextToken"])
        assert [j["JobId"] for j in rest["ExportJobs"]] == [job_id] and "NextToken" not in rest
        completed = ses.list_export_jobs(JobStatus="COMPLETED", ExportSourceType="METRICS_DATA")
        assert [j["JobId"] for j in completed["ExportJobs"]] == [job_id]


def test_sesv2_lists_and_account(emulator: Emulator) -> None:
    ses = client(emulator, "sesv2")
    page = ses.list_email_identities(PageSize=2, Filter={"VERIFICATION_STATUS": "SUCCESS"})
    assert [i["IdentityName"] for i in page["EmailIdentities"]] == [
        "example.com",
        "marketing.example.com",
    ]
    rest = ses.list_email_identities(
        PageSize=2, Filter={"VERIFICATION_STATUS": "SUCCESS"}, NextToken=page["NextToken"]
    )
    assert rest["EmailIdentities"] == [
        {
            "IdentityType": "EMAIL_ADDRESS",
            "IdentityName": "billing@example.com",
            "SendingEnabled": True,
            "VerificationStatus": "SUCCESS",
        }
    ]
    assert "NextToken" not in rest
    sets = ses.list_configuration_sets()["ConfigurationSets"]
    assert sets == ["default", "marketing", "transactional"]
    tenants = ses.list_tenants(Filter={"TENANT_NAME_CONTAINS": "-b"})["Tenants"]
    assert [t["TenantName"] for t in tenants] == ["tenant-b"]
    assert isinstance(tenants[0]["CreatedTimestamp"], datetime)
    account = ses.get_account()
    assert account["VdmAttributes"]["VdmEnabled"] == "ENABLED"
    assert account["Details"]["WebsiteURL"] == "https://www.example.com"
    assert account["SendQuota"]["MaxSendRate"] == 14.0


def test_sesv2_export_modelled_errors() -> None:
    with Emulator(
        export_job_seconds=60.0, ses_max_running_export_jobs=1, ses_export_jobs_per_second=None
    ) as emulator:
        ses = client(emulator, "sesv2")
        with pytest.raises(ses.exceptions.NotFoundException):
            ses.get_export_job(JobId="no-such-job")
        with pytest.raises(ses.exceptions.NotFoundException):
            ses.cancel_export_job(JobId="no-such-job")
        with pytest.raises(ses.exceptions.BadRequestException):
            ses.create_export_job(
                ExportDataSource=EXPORT_SOURCE, ExportDestination={"DataFormat": "XML"}
            )
        arguments = {"ExportDataSource": EXPORT_SOURCE, "ExportDestination": {"DataFormat": "CSV"}}
        ses.create_export_job(**arguments)
        with pytest.raises(ses.exceptions.LimitExceededException) as limit:
            ses.create_export_job(**arguments)
        assert limit.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
        emulator.inject(Fault.THROTTLE, service="sesv2", operation="ListEmailIdentities")
        with pytest.raises(ses.exceptions.TooManyRequestsException):
            ses.list_email_identities()
        emulator.inject(Fault.THROTTLE, service="sesv2", operation="CreateExportJob")
        with pytest.raises(ses.exceptions.TooManyRequestsException):
            ses.create_export_job(**arguments)


@pytest.fixture(scope="module")
def ses_jobs() -> Iterator[Emulator]:
    """No CreateExportJob rate: the rows below create one job after another."""
    with Emulator(ses_export_jobs_per_second=None) as emu:
        yield emu


EXPORT_METRICS = EXPORT_SOURCE["MetricsDataSource"]
EXPORT_INSIGHTS: dict[str, Any] = {"StartDate": 1_767_225_600, "EndDate": 1_767_312_000}


def metrics_source(**overrides: Any) -> dict[str, Any]:
    source = {**EXPORT_METRICS, "StartDate": 1_767_225_600, "EndDate": 1_767_398_400}
    source.update(overrides)
    return {"MetricsDataSource": {k: v for k, v in source.items() if v is not None}}


def insights_source(**overrides: Any) -> dict[str, Any]:
    return {"MessageInsightsDataSource": {**EXPORT_INSIGHTS, **overrides}}


CSV: dict[str, Any] = {"DataFormat": "CSV"}
JSON: dict[str, Any] = {"DataFormat": "JSON"}
# (ExportDataSource, ExportDestination, the model accepts it?, its documentation does?)
EXPORT_RULES: dict[str, tuple[dict[str, Any], dict[str, Any], bool, bool]] = {
    "a metrics source": (metrics_source(), CSV, True, True),
    "a JSON file": (metrics_source(), JSON, True, True),
    "an XML file": (metrics_source(), {"DataFormat": "XML"}, False, False),
    "no data format": (metrics_source(), {}, False, False),
    "three dimensions": (
        metrics_source(Dimensions={"ISP": ["a"], "EMAIL_IDENTITY": ["b"], "TENANT_NAME": ["c"]}),
        CSV, True, True,
    ),
    "four dimensions": (
        metrics_source(Dimensions={
            "ISP": ["a"], "EMAIL_IDENTITY": ["b"], "TENANT_NAME": ["c"], "CONFIGURATION_SET": ["d"]
        }),
        CSV, False, False,
    ),
    "no dimension": (metrics_source(Dimensions={}), CSV, False, False),
    "an unknown dimension": (
        metrics_source(Dimensions={"COUNTRY": ["FR"]}), CSV, False, False
    ),
    "ten values": (
        metrics_source(Dimensions={"ISP": [f"i{n}" for n in range(10)]}),
        CSV, True, True,
    ),
    "eleven values": (
        metrics_source(Dimensions={"ISP": [f"i{n}" for n in range(11)]}),
        CSV, False, False,
    ),
    "no value": (metrics_source(Dimensions={"ISP": []}), CSV, False, False),
    "an empty value": (metrics_source(Dimensions={"ISP": [""]}), CSV, True, True),
    "'*' in two dimensions": (
        metrics_source(Dimensions={"ISP": ["*"], "EMAIL_IDENTITY": ["*"]}),
        CSV, True, True,
    ),
    "'*' and two values elsewhere": (
        metrics_source(Dimensions={"ISP": ["*"], "EMAIL_IDENTITY": ["a", "b"]}),
        CSV, True, False,
    ),
    "ten metrics": (metrics_source(Metrics=[{"Name": "SEND"}] * 10), CSV, True, True),
    "eleven metrics": (
        metrics_source(Metrics=[{"Name": "SEND"}] * 11), CSV, False, False
    ),
    "no metric": (metrics_source(Metrics=[]), CSV, False, False),
    "a metric with neither name nor aggregation": (
        metrics_source(Metrics=[{}]), CSV, True, True
    ),
    "an unknown metric": (
        metrics_source(Metrics=[{"Name": "SENDS"}]), CSV, False, False
    ),
    "an unknown aggregation": (
        metrics_source(Metrics=[{"Name": "SEND", "Aggregation": "SUM"}]),
        CSV, False, False,
    ),
    "an unknown namespace": (metrics_source(Namespace="OTHER"), CSV, False, False),
    "no StartDate": (metrics_source(StartDate=None), CSV, False, False),
    "EndDate before StartDate": (metrics_source(EndDate=1_000), CSV, True, True),
    "an S3Url of the model's pattern": (
        metrics_source(), {**CSV, "S3Url": "s3://bucket/exports/file"}, True, False
    ),
    "an S3Url off the pattern": (
        metrics_source(), {**CSV, "S3Url": "https://bucket/file"}, False, False
    ),
    "both sources": (
        {**metrics_source(), **insights_source()}, CSV, True, False
    ),
    "no source": ({}, CSV, True, False),
    "a message insights source": (insights_source(), JSON, True, True),
    "MaxResults 10000": (insights_source(MaxResults=10_000), JSON, True, True),
    "MaxResults 10001": (insights_source(MaxResults=10_001), JSON, False, False),
    "MaxResults 0": (insights_source(MaxResults=0), JSON, False, False),
    "five sender filters": (
        insights_source(Include={"FromEmailAddress": ["*@example.com"] * 5}),
        JSON, True, True,
    ),
    "six sender filters": (
        insights_source(Include={"FromEmailAddress": ["a@example.com"] * 6}),
        JSON, False, False,
    ),
    "an address of 321 characters": (
        insights_source(Exclude={"Destination": ["d" * 321]}), JSON, False, False
    ),
    "two subjects": (
        insights_source(Include={"Subject": ["a", "b"]}), JSON, False, False
    ),
    "an empty subject": (
        insights_source(Include={"Subject": [""]}), JSON, False, False
    ),
    "an empty ISP": (insights_source(Include={"Isp": [""]}), JSON, True, True),
    "an empty tenant name": (
        insights_source(Include={"TenantName": [""]}), JSON, False, False
    ),
    "an unknown delivery event": (
        insights_source(Include={"LastDeliveryEvent": ["OPEN"]}), JSON, False, False
    ),
    "three engagement events": (
        insights_source(Include={"LastEngagementEvent": ["OPEN", "CLICK", "OPEN"]}),
        JSON, False, False,
    ),
}  # fmt: skip


@pytest.mark.parametrize("row", sorted(EXPORT_RULES))
def test_sesv2_export_rules_match_the_model_and_its_documentation(
    row: str, ses_jobs: Emulator
) -> None:
    source, destination, model_accepts, documentation_accepts = EXPORT_RULES[row]
    ses, sent = unvalidated(ses_jobs, "sesv2")
    outcome, body = verdict(
        lambda: ses.create_export_job(ExportDataSource=source, ExportDestination=destination),
        sent,
    )
    model = refusal("sesv2", "CreateExportJob", body)
    assert (model is None) is model_accepts, model
    # A rule the documentation states but the model cannot (which member to leave out, which
    # combination to refuse) is the service's too.
    accepted = model_accepts and documentation_accepts
    assert outcome == ("accepted" if accepted else "BadRequestException")


# (operation, its members, the model accepts them?, its documentation does?)
SES_LIST_RULES: dict[str, tuple[str, dict[str, Any], bool, bool]] = {
    "a job id of one character": ("GetExportJob", {"JobId": "j"}, True, True),
    "an empty job id": ("GetExportJob", {"JobId": ""}, False, False),
    "an empty job id to cancel": ("CancelExportJob", {"JobId": ""}, False, False),
    "jobs of a status and a type": (
        "ListExportJobs", {"JobStatus": "FAILED", "ExportSourceType": "METRICS_DATA"}, True, True
    ),
    "jobs of an unknown status": ("ListExportJobs", {"JobStatus": "DONE"}, False, False),
    "jobs of an unknown type": ("ListExportJobs", {"ExportSourceType": "LOGS"}, False, False),
    "a page of -1 jobs": ("ListExportJobs", {"PageSize": -1}, True, True),
    "a page past a 32-bit integer": ("ListExportJobs", {"PageSize": 2**31}, False, False),
    "1000 identities a page": ("ListEmailIdentities", {"PageSize": 1000}, True, True),
    "1001 identities a page": ("ListEmailIdentities", {"PageSize": 1001}, True, False),
    "an identity filter": (
        "ListEmailIdentities", {"Filter": {"IDENTITY_TYPE": "DOMAIN"}}, True, True
    ),
    "an unknown identity filter": ("ListEmailIdentities", {"Filter": {"NAME": "x"}}, False, False),
    "an empty identity filter value": (
        "ListEmailIdentities", {"Filter": {"IDENTITY_TYPE": ""}}, False, False
    ),
    "5000 configuration sets a page": ("ListConfigurationSets", {"PageSize": 5000}, True, True),
    "a configuration set filter of an identity's key": (
        "ListConfigurationSets", {"Filter": {"IDENTITY_TYPE": "x"}}, False, False
    ),
    "a tenant filter": ("ListTenants", {"Filter": {"SENDING_STATUS": "ENABLED"}}, True, True),
    "an empty tenant filter value": (
        "ListTenants", {"Filter": {"SENDING_STATUS": ""}}, False, False
    ),
}  # fmt: skip
_SES_SNAKE = {
    "GetExportJob": "get_export_job",
    "CancelExportJob": "cancel_export_job",
    "ListExportJobs": "list_export_jobs",
    "ListEmailIdentities": "list_email_identities",
    "ListConfigurationSets": "list_configuration_sets",
    "ListTenants": "list_tenants",
}


@pytest.mark.parametrize("row", sorted(SES_LIST_RULES))
def test_sesv2_other_rules_match_the_model_and_its_documentation(
    row: str, ses_jobs: Emulator
) -> None:
    operation, params, model_accepts, documentation_accepts = SES_LIST_RULES[row]
    ses, sent = unvalidated(ses_jobs, "sesv2")
    try:
        getattr(ses, _SES_SNAKE[operation])(**params)
        outcome = "accepted"
    except botocore.exceptions.ClientError as error:
        outcome = error.response["Error"]["Code"]
    model = refusal("sesv2", operation, params)
    assert (model is None) is model_accepts, model
    if model_accepts and documentation_accepts:
        # past the rules; a job id of no job is then not found, as the model lists
        assert outcome in ("accepted", "NotFoundException") and sent
        assert (outcome == "NotFoundException") is ("JobId" in params)
    else:
        assert outcome == "BadRequestException"
