"""Fuzzing what goes in: arbitrary values for every public model's fields and every client
method's arguments. Only `InvalidInputError` (a `ValueError`) or `TypeError` may come out, and
when one does, nothing was sent. A call that is accepted goes out and reads a valid answer."""

from __future__ import annotations

import contextlib
from datetime import date, datetime, timedelta, timezone
from typing import Any

import attrs
import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from metricsdk import AwsCredentials
from metricsdk import blendvision as bvm
from metricsdk import mailmanager as mmm
from metricsdk import oracle_iot as iotm
from metricsdk import sesv2 as sesm
from metricsdk.errors import InvalidInputError

MODELS = [
    sesm.BatchGetMetricDataQuery,
    mmm.S3ExportDestinationConfiguration,
    mmm.ExportDestinationConfiguration,
    mmm.ArchiveStringToEvaluate,
    mmm.ArchiveBooleanToEvaluate,
    mmm.ArchiveStringExpression,
    mmm.ArchiveBooleanExpression,
    mmm.ArchiveFilterCondition,
    mmm.ArchiveFilters,
    mmm.StartArchiveExportRequest,
    mmm.ListArchiveExportsRequest,
    bvm.ReportFilter,
    bvm.Interval,
    bvm.DimensionWithCondition,
    bvm.SummaryDimensionWithCondition,
    bvm.EventReportKey,
    bvm.SummaryReportKey,
    iotm.MetricQuery,
]

# Fixed offsets up to a day either way, over the whole datetime range: near year 1 or 9999 an
# offset can move the instant out of the range UTC can hold (reliability item 7).
offsets = st.builds(
    timezone,
    st.timedeltas(
        min_value=timedelta(hours=-23, minutes=-59), max_value=timedelta(hours=23, minutes=59)
    ),
)
moments = (
    st.datetimes(
        min_value=datetime(1970, 1, 2),
        max_value=datetime(2100, 1, 1),
        timezones=st.just(timezone.utc),
    )
    | st.datetimes(min_value=datetime(1970, 1, 2), max_value=datetime(2100, 1, 1))
    | st.datetimes(timezones=offsets)
)
scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**15), max_value=10**15)
    | st.floats(allow_nan=True)
    | st.text(max_size=12)
    | st.sampled_from(
        [
            "SEND",
            "VDM",
            "EMAIL_IDENTITY",
            "*",
            "a-archive1",
            "s3://bucket-x/p/",
            "REPORT_DIMENSION_WATCH_TIME",
            "EVENT_TYPE_LIVE",
            "Hourly",
            "desc",
        ]
    )
    | moments
    | st.dates(min_value=date(1970, 1, 2), max_value=date(2100, 1, 1))
    | st.dates()
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner, max_size=3)
    ),
    max_leaves=10,
)
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.filterwarnings("ignore:EventReportKey.dimension is deprecated:DeprecationWarning")
@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
@FUZZ
@given(data=st.data())
def test_model_constructors_refuse_cleanly(model: type[Any], data: st.DataObject) -> None:
    names = [field.alias for field in attrs.fields(model)]
    chosen = data.draw(st.lists(st.sampled_from(names), unique=True, max_size=len(names)))
    kwargs = {name: data.draw(values) for name in chosen}
    with contextlib.suppress(InvalidInputError, TypeError):
        model(**kwargs)


KEY = AwsCredentials("AKIDFUZZ000000000000", "fuzz-secret")
DAY = 1767225600
ANSWERS: dict[str, Any] = {
    "/v2/email/metrics/batch": {"Results": [], "Errors": []},
    "/bv/analytics/v1/events/reports": {"reports": []},
    "/bv/analytics/v1/events/reports:batch-get": {"reports": []},
    "/bv/analytics/v1/summary/reports": {"reports": []},
    "/bv/analytics/v1/summary/reports:batch-get": {"reports": []},
}
MM_ANSWERS: dict[str, Any] = {
    "MailManagerSvc.StartArchiveExport": {"ExportId": "e1"},
    "MailManagerSvc.GetArchiveExport": {"ArchiveId": "a-x", "Status": {"State": "QUEUED"}},
    "MailManagerSvc.StopArchiveExport": {},
    "MailManagerSvc.ListArchiveExports": {"Exports": []},
}
SERIES = {"items": [{"dateTime": str(DAY * 1000), "value": "1", "dateTimeAsString": "x"}]}


class Recorder:
    def __init__(self) -> None:
        self.sent = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.sent += 1
        target = request.headers.get("x-amz-target")
        if target:
            return httpx.Response(200, json=MM_ANSWERS[target])
        if request.url.path.startswith("/iot/"):
            return httpx.Response(200, json=SERIES)
        return httpx.Response(200, json=ANSWERS[request.url.path])


def clients(recorder: Recorder) -> dict[str, Any]:
    def http() -> httpx.Client:
        return httpx.Client(transport=httpx.MockTransport(recorder))

    aws = {"region": "us-east-1", "credentials": KEY}
    return {
        "ses": sesm.SESv2Client(**aws, http_client=http(), rate_limiter=None),
        "mail": mmm.MailManagerClient(**aws, http_client=http()),
        "bv": bvm.BlendVisionClient(api_token="t", org_id="o", http_client=http()),
        "iot": iotm.OracleIoTClient(
            base_url="https://iot.example.com", username="u", password="p", http_client=http()
        ),
    }


CALLS: list[tuple[str, str, list[str]]] = [
    ("ses", "batch_get_metric_data", ["queries"]),
    ("ses", "get_metric_data", ["queries", "max_concurrency"]),
    (
        "mail",
        "start_archive_export",
        [
            "archive_id",
            "filters",
            "from_timestamp",
            "to_timestamp",
            "max_results",
            "export_destination_configuration",
            "include_metadata",
        ],
    ),
    ("mail", "get_archive_export", ["export_id"]),
    ("mail", "stop_archive_export", ["export_id"]),
    ("mail", "list_archive_exports", ["archive_id", "page_size", "next_token"]),
    ("bv", "create_event_report", ["event_id", "type", "dimension_with_conditions"]),
    ("bv", "batch_get_event_reports", ["reports"]),
    ("bv", "create_summary_report", ["type", "dimension_with_conditions"]),
    ("bv", "batch_get_summary_reports", ["reports"]),
    (
        "iot",
        "get_outbound_message_data_volume",
        ["app_id", "period", "limit", "order", "since", "until", "extra_query"],
    ),
    ("iot", "get_app_metric", ["app_id", "metric", "period", "limit"]),
    ("iot", "get_instance_metric", ["metric", "since", "until"]),
    ("iot", "get_dispatched_message_count", ["app_id", "integration_id"]),
]
valid_items = st.sampled_from(
    [
        sesm.BatchGetMetricDataQuery(
            id="q", metric="SEND", start_date=date(2026, 1, 1), end_date=date(2026, 1, 2)
        ),
        bvm.DimensionWithCondition(dimension="REPORT_DIMENSION_WATCH_TIME"),
        mmm.ExportDestinationConfiguration.to_s3("s3://bucket-x/p/"),
    ]
)
arguments = values | st.lists(valid_items | values, max_size=3) | valid_items


@pytest.mark.parametrize(("client", "method", "names"), CALLS, ids=[c[1] for c in CALLS])
@FUZZ
@given(data=st.data())
def test_client_methods_refuse_before_sending(
    client: str, method: str, names: list[str], data: st.DataObject
) -> None:
    recorder = Recorder()
    made = clients(recorder)
    chosen = data.draw(st.lists(st.sampled_from(names), unique=True, max_size=len(names)))
    kwargs = {name: data.draw(arguments) for name in chosen}
    try:
        getattr(made[client], method)(**kwargs)
    except (InvalidInputError, TypeError):
        assert recorder.sent == 0
    finally:
        for each in made.values():
            each.close()


def test_the_recorder_sees_an_accepted_call() -> None:
    """The refusal check above would be vacuous if accepted calls never reached the recorder."""
    recorder = Recorder()
    made = clients(recorder)
    made["iot"].get_outbound_message_data_volume(app_id="a")
    made["mail"].get_archive_export(export_id="e1")
    assert recorder.sent == 2
    for each in made.values():
        each.close()
