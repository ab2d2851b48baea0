"""Our Mail Manager wire format against botocore's, over many generated inputs.

botocore's model lists ``smithy-rpc-v2-cbor`` first and ``json`` second; metricsdk speaks the
AWS JSON 1.0 protocol, so the oracle here is botocore's ``json`` serializer and parser for the
same operation models. The expected request parameters are written by hand from our models (not
through our converter), so one misreading cannot pass on both sides.
"""

from __future__ import annotations

import enum
import json
from datetime import datetime, timedelta, timezone
from typing import Any

import attrs
import botocore.parsers
import botocore.serialize
import httpx
import respx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from metricsdk import AwsCredentials, RetryPolicy
from metricsdk._core.transport import RequestSpec
from metricsdk.mailmanager import (
    ArchiveFilterCondition,
    ArchiveFilters,
    ArchiveStringEmailAttribute,
    ExportDestinationConfiguration,
    GetArchiveExportRequest,
    GetArchiveRequest,
    GetArchiveSearchRequest,
    GetArchiveSearchResultsRequest,
    ListArchiveExportsRequest,
    ListArchiveSearchesRequest,
    ListArchivesRequest,
    MailManagerClient,
    StartArchiveExportRequest,
    StartArchiveSearchRequest,
    StopArchiveExportRequest,
    StopArchiveSearchRequest,
)
from metricsdk.mailmanager import operations as ops
from tests.parity import botocore_oracle as oracle

EPOCH = datetime(2020, 1, 1, tzinfo=timezone.utc)


def botocore_request(operation: str, params: dict[str, Any]) -> dict[str, Any]:
    serializer = botocore.serialize.create_serializer("json", include_validation=True)
    return serializer.serialize_to_request(  # type: ignore[no-any-return]
        params, oracle.operation_model("mailmanager", operation)
    )


def botocore_parse(operation: str, body: bytes) -> dict[str, Any]:
    output = oracle.operation_model("mailmanager", operation).output_shape
    parsed = botocore.parsers.create_parser("json").parse(
        {"status_code": 200, "headers": {}, "body": body}, output
    )
    return parsed  # type: ignore[no-any-return]


# ---- inputs -------------------------------------------------------------------------------

archive_ids = st.from_regex(r"a-[A-Za-z0-9_]{1,64}", fullmatch=True)
export_ids = st.text(min_size=1, max_size=64)
s3_locations = st.from_regex(
    r"s3://[a-zA-Z0-9.-]{3,63}(/[a-zA-Z0-9!_.*'()/-]{0,12}){0,3}", fullmatch=True
)
moments = st.integers(min_value=0, max_value=10**8).map(lambda s: EPOCH + timedelta(seconds=s))
micro_moments = st.builds(lambda m, us: m.replace(microsecond=us), moments, st.integers(0, 999_999))
values = st.lists(st.text(min_size=1, max_size=30), min_size=1, max_size=10)
string_conditions = st.builds(
    lambda attribute, vals: ArchiveFilterCondition.contains(attribute, *vals),
    st.sampled_from(list(ArchiveStringEmailAttribute)),
    values,
)
boolean_conditions = st.sampled_from(
    [ArchiveFilterCondition.has_attachments(), ArchiveFilterCondition.has_no_attachments()]
)
condition_lists = st.one_of(
    st.none(), st.lists(st.one_of(string_conditions, boolean_conditions), max_size=10)
)
filters = st.one_of(
    st.none(), st.builds(ArchiveFilters, include=condition_lists, unless=condition_lists)
)


@st.composite
def start_requests(draw: st.DrawFn) -> StartArchiveExportRequest:
    start = draw(st.one_of(moments, micro_moments))
    return StartArchiveExportRequest(
        archive_id=draw(archive_ids),
        filters=draw(filters),
        from_timestamp=start,
        # The model sets no order between the two and no bounds on MaxResults but its type's.
        to_timestamp=start + timedelta(seconds=draw(st.integers(-(10**7), 10**7))),
        max_results=draw(st.one_of(st.none(), st.integers(-(2**31), 2**31 - 1))),
        export_destination_configuration=ExportDestinationConfiguration.to_s3(draw(s3_locations)),
        include_metadata=draw(st.one_of(st.none(), st.booleans())),
    )


list_requests = st.builds(
    ListArchiveExportsRequest,
    archive_id=archive_ids,
    next_token=st.one_of(st.none(), st.text(min_size=1, max_size=100)),
    page_size=st.one_of(st.none(), st.integers(1, 50)),
)


def optional(**members: Any) -> dict[str, Any]:
    return {name: value for name, value in members.items() if value is not None}


def condition_params(condition: ArchiveFilterCondition) -> dict[str, Any]:
    text, flag = condition.string_expression, condition.boolean_expression
    if text is not None:
        return {
            "StringExpression": {
                "Evaluate": {"Attribute": str(text.evaluate.attribute)},
                "Operator": str(text.operator),
                "Values": list(text.values),
            }
        }
    assert flag is not None
    return {
        "BooleanExpression": {
            "Evaluate": {"Attribute": str(flag.evaluate.attribute)},
            "Operator": str(flag.operator),
        }
    }


def filter_params(f: ArchiveFilters | None) -> dict[str, Any] | None:
    if f is None:
        return None
    return optional(
        Include=None if f.include is None else [condition_params(c) for c in f.include],
        Unless=None if f.unless is None else [condition_params(c) for c in f.unless],
    )


def start_params(request: StartArchiveExportRequest) -> dict[str, Any]:
    """The same input as boto3 users would write it."""
    destination = request.export_destination_configuration.s3
    assert destination is not None
    return optional(
        ArchiveId=request.archive_id,
        Filters=filter_params(request.filters),
        FromTimestamp=request.from_timestamp,
        ToTimestamp=request.to_timestamp,
        MaxResults=request.max_results,
        ExportDestinationConfiguration={"S3": {"S3Location": destination.s3_location}},
        IncludeMetadata=request.include_metadata,
    )


def assert_same_request(ours: RequestSpec, operation: str, params: dict[str, Any]) -> None:
    theirs = botocore_request(operation, params)
    assert ours.method == theirs["method"]
    assert ours.path == theirs["url_path"]
    assert ours.query == ()
    headers = dict(ours.headers)
    assert headers["x-amz-target"] == theirs["headers"]["X-Amz-Target"]
    assert headers["content-type"] == theirs["headers"]["Content-Type"]
    assert json.loads(ours.body) == oracle.json_body(theirs["body"])


@settings(max_examples=200, deadline=None)
@given(start_requests())
def test_start_request_matches_botocore(request: StartArchiveExportRequest) -> None:
    ours = ops.build_start_archive_export(request)
    assert_same_request(ours, "StartArchiveExport", start_params(request))


@settings(max_examples=100, deadline=None)
@given(export_ids)
def test_get_and_stop_requests_match_botocore(export_id: str) -> None:
    get = ops.build_get_archive_export(GetArchiveExportRequest(export_id=export_id))
    assert_same_request(get, "GetArchiveExport", {"ExportId": export_id})
    stop = ops.build_stop_archive_export(StopArchiveExportRequest(export_id=export_id))
    assert_same_request(stop, "StopArchiveExport", {"ExportId": export_id})


@settings(max_examples=100, deadline=None)
@given(list_requests)
def test_list_request_matches_botocore(request: ListArchiveExportsRequest) -> None:
    params = optional(
        ArchiveId=request.archive_id, NextToken=request.next_token, PageSize=request.page_size
    )
    assert_same_request(ops.build_list_archive_exports(request), "ListArchiveExports", params)


list_archives_requests = st.builds(
    ListArchivesRequest,
    next_token=st.one_of(st.none(), st.text(min_size=1, max_size=100)),
    page_size=st.one_of(st.none(), st.integers(1, 50)),
)
# GetArchive takes an ArchiveIdString: 1 to 66 characters, no pattern.
archive_id_strings = st.one_of(archive_ids, st.text(min_size=1, max_size=66))


@settings(max_examples=100, deadline=None)
@given(list_archives_requests, archive_id_strings)
def test_archive_requests_match_botocore(request: ListArchivesRequest, archive_id: str) -> None:
    params = optional(NextToken=request.next_token, PageSize=request.page_size)
    assert_same_request(ops.build_list_archives(request), "ListArchives", params)
    get = ops.build_get_archive(GetArchiveRequest(archive_id=archive_id))
    assert_same_request(get, "GetArchive", {"ArchiveId": archive_id})


@st.composite
def start_search_requests(draw: st.DrawFn) -> StartArchiveSearchRequest:
    start = draw(st.one_of(moments, micro_moments))
    return StartArchiveSearchRequest(
        archive_id=draw(archive_ids),
        filters=draw(filters),
        from_timestamp=start,
        to_timestamp=start + timedelta(seconds=draw(st.integers(-(10**7), 10**7))),
        max_results=draw(st.integers(0, 1000)),  # SearchMaxResults
    )


search_ids = st.text(min_size=1, max_size=64)
list_search_requests = st.builds(
    ListArchiveSearchesRequest,
    archive_id=archive_ids,
    next_token=st.one_of(st.none(), st.text(min_size=1, max_size=100)),
    page_size=st.one_of(st.none(), st.integers(1, 50)),
)


@settings(max_examples=200, deadline=None)
@given(start_search_requests())
def test_start_search_request_matches_botocore(request: StartArchiveSearchRequest) -> None:
    params = optional(
        ArchiveId=request.archive_id,
        Filters=filter_params(request.filters),
        FromTimestamp=request.from_timestamp,
        ToTimestamp=request.to_timestamp,
        MaxResults=request.max_results,
    )
    assert_same_request(ops.build_start_archive_search(request), "StartArchiveSearch", params)


@settings(max_examples=100, deadline=None)
@given(search_ids, list_search_requests)
def test_other_search_requests_match_botocore(
    search_id: str, listing: ListArchiveSearchesRequest
) -> None:
    for operation, build, cls in (
        ("GetArchiveSearch", ops.build_get_archive_search, GetArchiveSearchRequest),
        (
            "GetArchiveSearchResults",
            ops.build_get_archive_search_results,
            GetArchiveSearchResultsRequest,
        ),
        ("StopArchiveSearch", ops.build_stop_archive_search, StopArchiveSearchRequest),
    ):
        assert_same_request(build(cls(search_id=search_id)), operation, {"SearchId": search_id})
    params = optional(
        ArchiveId=listing.archive_id, NextToken=listing.next_token, PageSize=listing.page_size
    )
    assert_same_request(ops.build_list_archive_searches(listing), "ListArchiveSearches", params)


# ---- signatures ---------------------------------------------------------------------------

calls = st.one_of(
    start_requests().map(lambda r: ("start_archive_export", attrs.asdict(r, recurse=False))),
    export_ids.map(lambda e: ("get_archive_export", {"export_id": e})),
    export_ids.map(lambda e: ("stop_archive_export", {"export_id": e})),
    list_requests.map(lambda r: ("list_archive_exports", attrs.asdict(r))),
    list_archives_requests.map(lambda r: ("list_archives", attrs.asdict(r))),
    archive_id_strings.map(lambda a: ("get_archive", {"archive_id": a})),
    start_search_requests().map(lambda r: ("start_archive_search", attrs.asdict(r, recurse=False))),
    search_ids.map(lambda i: ("get_archive_search", {"search_id": i})),
    search_ids.map(lambda i: ("get_archive_search_results", {"search_id": i})),
    search_ids.map(lambda i: ("stop_archive_search", {"search_id": i})),
    list_search_requests.map(lambda r: ("list_archive_searches", attrs.asdict(r))),
)
# What each method needs to find in a successful answer.
SIGNED_CALL_ANSWERS: dict[str, dict[str, Any]] = {
    "start_archive_export": {"ExportId": "e-1"},
    "start_archive_search": {"SearchId": "s-1"},
    "list_archives": {"Archives": []},
    "get_archive": {
        "ArchiveId": "a-1",
        "ArchiveName": "n1",
        "ArchiveArn": "arn",
        "ArchiveState": "ACTIVE",
        "Retention": {"RetentionPeriod": "ONE_YEAR"},
    },
}


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    call=calls,
    token=st.one_of(st.none(), st.text("abcdef0123456789/+=", min_size=8)),
    region=st.sampled_from(["us-east-1", "eu-west-1", "ap-southeast-2"]),
)
def test_signature_verifies_with_botocore(
    call: tuple[str, dict[str, Any]], token: str | None, region: str
) -> None:
    method, kwargs = call
    credentials = AwsCredentials("AKIDPARITY", "parity/secret+key", token)
    answer = SIGNED_CALL_ANSWERS.get(method, {})
    with respx.mock:
        route = respx.post(f"https://mail-manager.{region}.amazonaws.com/").respond(
            200, json=answer
        )
        with MailManagerClient(
            region=region, credentials=credentials, retry=RetryPolicy(max_attempts=1)
        ) as mm:
            getattr(mm, method)(**kwargs)
    sent: httpx.Request = route.calls.last.request
    signed = sent.headers["authorization"].split("SignedHeaders=")[1].split(",")[0].split(";")
    assert "x-amz-target" in signed and "content-type" in signed
    expected = oracle.botocore_signature(
        sent,
        access_key="AKIDPARITY",
        secret_key="parity/secret+key",
        token=token,
        region=region,
        signing_name="ses",
    )
    assert oracle.our_signature(sent) == expected


# ---- answers ------------------------------------------------------------------------------

wire_times = st.one_of(
    st.integers(0, 4 * 10**9), st.integers(0, 4 * 10**12).map(lambda ms: ms / 1000)
)
wire_texts = st.text(max_size=40)
wire_states = st.sampled_from(
    ["QUEUED", "PREPROCESSING", "PROCESSING", "COMPLETED", "FAILED", "CANCELLED", "NEW_STATE"]
)
wire_status = st.fixed_dictionaries(
    {},
    optional={
        "SubmissionTimestamp": wire_times,
        "CompletionTimestamp": wire_times,
        "State": wire_states,
        "ErrorMessage": wire_texts,
    },
)
# Answers as a service may send them tomorrow: union members this SDK does not know (botocore
# reads them as SDK_UNKNOWN_MEMBER), values a request could not send, nulls.
unknown_values = st.one_of(
    wire_texts, st.dictionaries(st.text(max_size=8), wire_texts, max_size=3), st.integers()
)
wire_any_values = st.lists(st.text(max_size=3000), max_size=12)
wire_string_expression = st.fixed_dictionaries(
    {
        "Evaluate": st.one_of(
            st.fixed_dictionaries(
                {
                    "Attribute": st.sampled_from(
                        [*(a.value for a in ArchiveStringEmailAttribute), "BCC"]
                    )
                }
            ),
            st.fixed_dictionaries({"MimeHeaderAttribute": unknown_values}),
        ),
        "Operator": st.sampled_from(["CONTAINS", "STARTS_WITH"]),
        "Values": st.one_of(values, wire_any_values),
    }
)
wire_boolean_expression = st.fixed_dictionaries(
    {
        "Evaluate": st.one_of(
            st.fixed_dictionaries({"Attribute": st.sampled_from(["HAS_ATTACHMENTS", "HAS_LINKS"])}),
            st.fixed_dictionaries({"Analysis": unknown_values}),
        ),
        "Operator": st.sampled_from(["IS_TRUE", "IS_FALSE"]),
    }
)
wire_conditions = st.one_of(
    st.none(),
    st.lists(
        st.one_of(
            st.fixed_dictionaries({"StringExpression": wire_string_expression}),
            st.fixed_dictionaries({"BooleanExpression": wire_boolean_expression}),
            st.fixed_dictionaries({"IpExpression": unknown_values}),
        ),
        max_size=12,
    ),
)
wire_get_answers = st.fixed_dictionaries(
    {},
    optional={
        "ArchiveId": st.one_of(archive_ids, wire_texts, st.none()),
        "Filters": st.fixed_dictionaries(
            {}, optional={"Include": wire_conditions, "Unless": wire_conditions}
        ),
        "FromTimestamp": wire_times,
        "ToTimestamp": wire_times,
        "MaxResults": st.integers(-(2**31), 2**31),
        "ExportDestinationConfiguration": st.one_of(
            st.fixed_dictionaries(
                {
                    "S3": st.fixed_dictionaries(
                        {}, optional={"S3Location": s3_locations | wire_texts}
                    )
                }
            ),
            st.fixed_dictionaries({"Firehose": unknown_values}),
        ),
        "Status": wire_status,
        "NewMember": unknown_values,
    },
)
wire_list_answers = st.fixed_dictionaries(
    {},
    optional={
        "Exports": st.one_of(
            st.none(),
            st.lists(
                st.fixed_dictionaries({}, optional={"ExportId": export_ids, "Status": wire_status}),
                max_size=20,
            ),
        ),
        "NextToken": st.one_of(st.none(), st.text(min_size=1, max_size=60)),
    },
)


def _pascal(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in name.split("_"))


def canonical(value: Any) -> Any:
    """A plain, comparable form of a parsed answer, ours or botocore's: PascalCase keys, epoch
    seconds for times (which must be timezone-aware), absent and empty members dropped."""
    if attrs.has(type(value)):
        unknown = getattr(value, "unknown", None)
        if unknown is not None:  # botocore's form of a union member it does not know
            return {"SDK_UNKNOWN_MEMBER": {"name": unknown.name}}
        fields = attrs.fields(type(value))
        return canonical({_pascal(f.name): getattr(value, f.name) for f in fields})
    if isinstance(value, dict):
        members = {k: canonical(v) for k, v in value.items() if k != "ResponseMetadata"}
        return {k: v for k, v in members.items() if v is not None and v not in ("", [], {})}
    if isinstance(value, list):
        return [canonical(item) for item in value]
    if isinstance(value, datetime):
        assert value.utcoffset() == timedelta(0)
        return value.timestamp()
    if isinstance(value, enum.Enum):
        return value.value
    return value


@settings(max_examples=200, deadline=None)
@given(wire_get_answers)
def test_get_answer_parse_matches_botocore(answer: dict[str, Any]) -> None:
    body = json.dumps(answer).encode()
    ours = ops.parse_get_archive_export(body)
    assert canonical(ours) == canonical(botocore_parse("GetArchiveExport", body))


@settings(max_examples=150, deadline=None)
@given(wire_list_answers)
def test_list_answer_parse_matches_botocore(answer: dict[str, Any]) -> None:
    body = json.dumps(answer).encode()
    ours = ops.parse_list_archive_exports(body)
    assert canonical(ours) == canonical(botocore_parse("ListArchiveExports", body))


@settings(max_examples=50, deadline=None)
@given(export_ids, st.sampled_from([b"", b"{}"]))
def test_start_and_stop_answer_parse_matches_botocore(export_id: str, empty: bytes) -> None:
    body = json.dumps({"ExportId": export_id}).encode()
    ours = ops.parse_start_archive_export(body)
    assert canonical(ours) == canonical(botocore_parse("StartArchiveExport", body))
    assert canonical(ops.parse_stop_archive_export(empty)) == canonical(
        botocore_parse("StopArchiveExport", empty)
    )


wire_archive_states = st.sampled_from(["ACTIVE", "PENDING_DELETION", "FROZEN"])
wire_retention = st.one_of(
    st.fixed_dictionaries(
        {"RetentionPeriod": st.sampled_from(["ONE_YEAR", "PERMANENT", "ELEVEN_YEARS"])}
    ),
    st.fixed_dictionaries({"RetentionDays": unknown_values}),
)
wire_get_archive_answers = st.fixed_dictionaries(
    {
        # The model requires these five; their values are read as sent, rules or not.
        "ArchiveId": st.one_of(archive_ids, st.text(max_size=70)),
        "ArchiveName": wire_texts,
        "ArchiveArn": wire_texts,
        "ArchiveState": wire_archive_states,
        "Retention": wire_retention,
    },
    optional={
        "CreatedTimestamp": st.one_of(wire_times, st.none()),
        "LastUpdatedTimestamp": wire_times,
        "KmsKeyArn": st.one_of(wire_texts, st.none()),
        "NewMember": unknown_values,
    },
)
wire_list_archives_answers = st.fixed_dictionaries(
    {
        "Archives": st.lists(
            st.fixed_dictionaries(
                {"ArchiveId": wire_texts},
                optional={
                    "ArchiveName": st.one_of(wire_texts, st.none()),
                    "ArchiveState": wire_archive_states,
                    "LastUpdatedTimestamp": wire_times,
                    "Unmodelled": unknown_values,
                },
            ),
            max_size=20,
        )
    },
    optional={"NextToken": st.one_of(st.none(), st.text(min_size=1, max_size=60))},
)


@settings(max_examples=150, deadline=None)
@given(wire_get_archive_answers)
def test_get_archive_answer_parse_matches_botocore(answer: dict[str, Any]) -> None:
    body = json.dumps(answer).encode()
    ours = ops.parse_get_archive(body)
    assert canonical(ours) == canonical(botocore_parse("GetArchive", body))


@settings(max_examples=150, deadline=None)
@given(wire_list_archives_answers)
def test_list_archives_answer_parse_matches_botocore(answer: dict[str, Any]) -> None:
    body = json.dumps(answer).encode()
    ours = ops.parse_list_archives(body)
    assert canonical(ours) == canonical(botocore_parse("ListArchives", body))


wire_search_status = st.fixed_dictionaries(
    {},
    optional={
        "SubmissionTimestamp": wire_times,
        "CompletionTimestamp": st.one_of(wire_times, st.none()),
        "State": st.sampled_from(["QUEUED", "RUNNING", "COMPLETED", "FAILED", "CANCELLED", "NEW"]),
        "ErrorMessage": wire_texts,
    },
)
wire_get_search_answers = st.fixed_dictionaries(
    {},
    optional={
        "ArchiveId": st.one_of(archive_ids, wire_texts, st.none()),
        "Filters": st.fixed_dictionaries(
            {}, optional={"Include": wire_conditions, "Unless": wire_conditions}
        ),
        "FromTimestamp": wire_times,
        "ToTimestamp": wire_times,
        "MaxResults": st.integers(-(2**31), 2**31),
        "Status": wire_search_status,
        "NewMember": unknown_values,
    },
)
wire_strings = st.one_of(wire_texts, st.none())
wire_rows = st.fixed_dictionaries(
    {},
    optional={
        "ArchivedMessageId": wire_strings,
        "ReceivedTimestamp": wire_times,
        "Date": wire_strings,
        "To": wire_strings,
        "From": wire_strings,
        "Cc": wire_strings,
        "Subject": wire_strings,
        "MessageId": wire_strings,
        "HasAttachments": st.one_of(st.booleans(), st.none()),
        "ReceivedHeaders": st.one_of(st.lists(wire_texts, max_size=4), st.none()),
        "InReplyTo": wire_strings,
        "XMailer": wire_strings,
        "XOriginalMailer": wire_strings,
        "XPriority": wire_strings,
        "IngressPointId": wire_strings,
        "SenderHostname": wire_strings,
        "SenderIpAddress": wire_strings,
        "Envelope": st.fixed_dictionaries(
            {},
            optional={
                "Helo": wire_strings,
                "From": wire_strings,
                "To": st.lists(wire_texts, max_size=3),
                "Extra": unknown_values,
            },
        ),
        "SourceArn": wire_strings,
        "NewHeader": unknown_values,
    },
)
wire_results_answers = st.fixed_dictionaries(
    {}, optional={"Rows": st.one_of(st.none(), st.lists(wire_rows, max_size=8))}
)
wire_list_search_answers = st.fixed_dictionaries(
    {},
    optional={
        "Searches": st.one_of(
            st.none(),
            st.lists(
                st.fixed_dictionaries(
                    {}, optional={"SearchId": search_ids, "Status": wire_search_status}
                ),
                max_size=20,
            ),
        ),
        "NextToken": st.one_of(st.none(), st.text(min_size=1, max_size=60)),
    },
)


@settings(max_examples=200, deadline=None)
@given(wire_get_search_answers)
def test_get_search_answer_parse_matches_botocore(answer: dict[str, Any]) -> None:
    body = json.dumps(answer).encode()
    ours = ops.parse_get_archive_search(body)
    assert canonical(ours) == canonical(botocore_parse("GetArchiveSearch", body))


@settings(max_examples=200, deadline=None)
@given(wire_results_answers)
def test_search_results_parse_matches_botocore(answer: dict[str, Any]) -> None:
    body = json.dumps(answer).encode()
    ours = ops.parse_get_archive_search_results(body)
    assert canonical(ours) == canonical(botocore_parse("GetArchiveSearchResults", body))


@settings(max_examples=150, deadline=None)
@given(wire_list_search_answers)
def test_list_searches_answer_parse_matches_botocore(answer: dict[str, Any]) -> None:
    body = json.dumps(answer).encode()
    ours = ops.parse_list_archive_searches(body)
    assert canonical(ours) == canonical(botocore_parse("ListArchiveSearches", body))


@settings(max_examples=50, deadline=None)
@given(search_ids, st.sampled_from([b"", b"{}"]))
def test_start_and_stop_search_answers_parse_matches_botocore(search_id: str, empty: bytes) -> None:
    body = json.dumps({"SearchId": search_id}).encode()
    ours = ops.parse_start_archive_search(body)
    assert canonical(ours) == canonical(botocore_parse("StartArchiveSearch", body))
    assert canonical(ops.parse_stop_archive_search(empty)) == canonical(
        botocore_parse("StopArchiveSearch", empty)
    )
