"""The Mail Manager wire format, sans I/O: requests built, answers parsed, pages chained."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from metricsdk._core.transport import RequestSpec
from metricsdk.errors import MalformedResponseError
from metricsdk.mailmanager import (
    ArchiveFilterCondition,
    ArchiveFilters,
    ArchiveStringEmailAttribute,
    ExportDestinationConfiguration,
    ExportState,
    GetArchiveExportRequest,
    ListArchiveExportsRequest,
    ListArchiveExportsResponse,
    StartArchiveExportRequest,
    StopArchiveExportRequest,
)
from metricsdk.mailmanager import operations as ops

START = datetime(2026, 1, 1, tzinfo=timezone.utc)
END = datetime(2026, 2, 1, 12, 30, 15, 250_000, tzinfo=timezone.utc)


def full_start() -> StartArchiveExportRequest:
    return StartArchiveExportRequest(
        archive_id="a-demo_1",
        filters=ArchiveFilters(
            include=[ArchiveFilterCondition.subject_contains("invoice", "receipt")],
            unless=[ArchiveFilterCondition.has_attachments()],
        ),
        from_timestamp=START,
        to_timestamp=END,
        max_results=500,
        export_destination_configuration=ExportDestinationConfiguration.to_s3("s3://bkt/x/"),
        include_metadata=False,
    )


def test_start_request_wire_format() -> None:
    spec = ops.build_start_archive_export(full_start())
    assert (spec.method, spec.path, spec.query, spec.operation) == (
        "POST",
        "/",
        (),
        "StartArchiveExport",
    )
    assert dict(spec.headers) == {
        "content-type": "application/x-amz-json-1.0",
        "x-amz-target": "MailManagerSvc.StartArchiveExport",
    }
    assert spec.idempotent is False
    assert json.loads(spec.body) == {
        "ArchiveId": "a-demo_1",
        "Filters": {
            "Include": [
                {
                    "StringExpression": {
                        "Evaluate": {"Attribute": "SUBJECT"},
                        "Operator": "CONTAINS",
                        "Values": ["invoice", "receipt"],
                    }
                }
            ],
            "Unless": [
                {
                    "BooleanExpression": {
                        "Evaluate": {"Attribute": "HAS_ATTACHMENTS"},
                        "Operator": "IS_TRUE",
                    }
                }
            ],
        },
        "FromTimestamp": 1767225600,
        "ToTimestamp": 1769949015.25,
        "MaxResults": 500,
        "ExportDestinationConfiguration": {"S3": {"S3Location": "s3://bkt/x/"}},
        "IncludeMetadata": False,
    }


def test_optional_members_are_left_out() -> None:
    minimal = StartArchiveExportRequest(
        archive_id="a-x1",
        from_timestamp=START,
        to_timestamp=END.replace(microsecond=0),
        export_destination_configuration=ExportDestinationConfiguration.to_s3("s3://bkt"),
    )
    assert json.loads(ops.build_start_archive_export(minimal).body) == {
        "ArchiveId": "a-x1",
        "FromTimestamp": 1767225600,
        "ToTimestamp": 1769949015,
        "ExportDestinationConfiguration": {"S3": {"S3Location": "s3://bkt"}},
    }
    listing = ops.build_list_archive_exports(ListArchiveExportsRequest(archive_id="a-x1"))
    assert json.loads(listing.body) == {"ArchiveId": "a-x1"}
    empty_filters = StartArchiveExportRequest(
        archive_id="a-x1",
        filters=ArchiveFilters(include=[]),
        from_timestamp=START,
        to_timestamp=END,
        export_destination_configuration=ExportDestinationConfiguration.to_s3("s3://bkt"),
    )
    assert json.loads(ops.build_start_archive_export(empty_filters).body)["Filters"] == {
        "Include": []
    }


@pytest.mark.parametrize(
    ("spec", "target", "body"),
    [
        (
            ops.build_get_archive_export(GetArchiveExportRequest(export_id="e-1")),
            "MailManagerSvc.GetArchiveExport",
            {"ExportId": "e-1"},
        ),
        (
            ops.build_stop_archive_export(StopArchiveExportRequest(export_id="e-1")),
            "MailManagerSvc.StopArchiveExport",
            {"ExportId": "e-1"},
        ),
        (
            ops.build_list_archive_exports(
                ListArchiveExportsRequest(archive_id="a-x1", page_size=50, next_token="tok")
            ),
            "MailManagerSvc.ListArchiveExports",
            {"ArchiveId": "a-x1", "PageSize": 50, "NextToken": "tok"},
        ),
    ],
)
def test_safe_operations_are_idempotent(spec: RequestSpec, target: str, body: object) -> None:
    assert spec.idempotent is True
    assert (spec.method, spec.path) == ("POST", "/")
    assert dict(spec.headers)["x-amz-target"] == target
    assert dict(spec.headers)["content-type"] == "application/x-amz-json-1.0"
    assert json.loads(spec.body) == body


def test_default_endpoint() -> None:
    assert ops.default_endpoint("eu-west-1") == "https://mail-manager.eu-west-1.amazonaws.com"


def test_get_answer_is_parsed_with_aware_timestamps_and_open_enums() -> None:
    body = {
        "ArchiveId": "a-demo",
        "Filters": {
            "Include": [
                {
                    "StringExpression": {
                        "Evaluate": {"Attribute": "SUBJECT"},
                        "Operator": "CONTAINS",
                        "Values": ["a"],
                    }
                },
                {
                    "StringExpression": {
                        "Evaluate": {"Attribute": "REPLY_TO"},
                        "Operator": "CONTAINS",
                        "Values": ["b"],
                    }
                },
            ]
        },
        "FromTimestamp": 1767225600,
        "ToTimestamp": 1769949015.25,
        "MaxResults": 10,
        "ExportDestinationConfiguration": {"S3": {"S3Location": "s3://bkt/x/"}},
        "Status": {
            "SubmissionTimestamp": 1767225601,
            "State": "ARCHIVING_ON_THE_MOON",
            "ErrorMessage": "m",
        },
    }
    answer = ops.parse_get_archive_export(json.dumps(body).encode())
    assert answer.archive_id == "a-demo"
    assert answer.from_timestamp == START
    assert answer.to_timestamp == END
    assert answer.to_timestamp is not None and answer.to_timestamp.tzinfo is not None
    conditions = answer.filters.include if answer.filters else None
    assert conditions is not None
    first, second = (c.string_expression for c in conditions)
    assert first is not None and first.evaluate.attribute is ArchiveStringEmailAttribute.SUBJECT
    assert second is not None and second.evaluate.attribute == "REPLY_TO"
    assert answer.export_destination_configuration == ExportDestinationConfiguration.to_s3(
        "s3://bkt/x/"
    )
    assert answer.status.state == "ARCHIVING_ON_THE_MOON"
    assert answer.status.submission_timestamp == datetime(2026, 1, 1, 0, 0, 1, tzinfo=timezone.utc)
    assert answer.status.completion_timestamp is None
    assert answer.status.error_message == "m"


def test_only_stop_may_answer_with_an_empty_body() -> None:
    assert ops.parse_stop_archive_export(b"") == ops.parse_stop_archive_export(b"{}")
    for parse in (
        ops.parse_get_archive_export,
        ops.parse_list_archive_exports,
        ops.parse_start_archive_export,
    ):
        with pytest.raises(MalformedResponseError, match="not valid JSON"):
            parse(b"  ")
    assert ops.parse_list_archive_exports(b"{}") == ListArchiveExportsResponse()


def test_list_answer_is_parsed() -> None:
    body = {
        "Exports": [
            {"ExportId": "e1", "Status": {"State": "COMPLETED", "CompletionTimestamp": 5}},
            {"ExportId": "e2"},
        ],
        "NextToken": "next",
    }
    page = ops.parse_list_archive_exports(json.dumps(body).encode())
    assert [e.export_id for e in page.exports] == ["e1", "e2"]
    assert page.exports[0].status.state is ExportState.COMPLETED
    assert page.exports[0].status.completion_timestamp == datetime(
        1970, 1, 1, 0, 0, 5, tzinfo=timezone.utc
    )
    assert page.exports[1].status.state == ""
    assert page.next_token == "next"


@pytest.mark.parametrize(
    ("parse", "content"),
    [
        (ops.parse_start_archive_export, b"{}"),
        (ops.parse_start_archive_export, b'{"ExportId": 5}'),
        (ops.parse_start_archive_export, b"{not json"),
        (ops.parse_get_archive_export, b"[]"),
        (ops.parse_get_archive_export, b'{"Status": {"State": 3}}'),
        (ops.parse_get_archive_export, b'{"FromTimestamp": "yesterday"}'),
        (ops.parse_get_archive_export, b'{"Filters": {"Include": [{}]}}'),
        (ops.parse_get_archive_export, b'{"ExportDestinationConfiguration": {}}'),
        (ops.parse_list_archive_exports, b'{"Exports": {"ExportId": "e1"}}'),
        (ops.parse_stop_archive_export, b'"done"'),
    ],
)
def test_malformed_answers(parse: object, content: bytes) -> None:
    with pytest.raises(MalformedResponseError) as caught:
        parse(content)  # type: ignore[operator]
    assert caught.value.status_code == 200
    assert caught.value.service == "mailmanager"


def test_next_page_token() -> None:
    assert ops.next_page_token(None, ListArchiveExportsResponse(next_token="t1")) == "t1"
    assert ops.next_page_token("t1", ListArchiveExportsResponse(next_token="t2")) == "t2"
    assert ops.next_page_token("t2", ListArchiveExportsResponse()) is None
    assert ops.next_page_token("t2", ListArchiveExportsResponse(next_token="")) is None
    with pytest.raises(MalformedResponseError, match="repeats the NextToken"):
        ops.next_page_token("t1", ListArchiveExportsResponse(next_token="t1"))
