"""Export jobs, sans I/O: every request rule with the message it shows, the request each
operation builds, and how answers are read."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from typing import Any

import pytest

from metricsdk.errors import InvalidInputError, MalformedResponseError
from metricsdk.sesv2 import (
    CancelExportJobRequest,
    CancelExportJobResponse,
    CreateExportJobRequest,
    DataFormat,
    DeliveryEventType,
    EngagementEventType,
    ExportDataSource,
    ExportDestination,
    ExportMetric,
    ExportSourceType,
    GetExportJobRequest,
    JobStatus,
    ListExportJobsRequest,
    MessageInsightsDataSource,
    MessageInsightsFilters,
    Metric,
    MetricAggregation,
    MetricDimensionName,
    MetricNamespace,
    MetricsDataSource,
)
from metricsdk.sesv2 import export_operations as ops

START = datetime(2026, 1, 1, tzinfo=timezone.utc)
END = datetime(2026, 2, 1, tzinfo=timezone.utc)
SENDS = ExportMetric(name="SEND", aggregation="VOLUME")


def metrics_source(**overrides: Any) -> MetricsDataSource:
    fields: dict[str, Any] = {
        "dimensions": {"EMAIL_IDENTITY": "example.com"},
        "metrics": [SENDS],
        "start_date": START,
        "end_date": END,
    }
    fields.update(overrides)
    return MetricsDataSource(**fields)


def test_a_metrics_source_is_normalised() -> None:
    source = metrics_source(
        dimensions={MetricDimensionName.ISP: ("Gmail", "Yahoo"), "EMAIL_IDENTITY": "a.example"},
        start_date=date(2026, 1, 1),
        end_date=datetime(2026, 2, 1, 1, tzinfo=timezone(timedelta(hours=1))),
    )
    assert source.dimensions == {
        MetricDimensionName.ISP: ["Gmail", "Yahoo"],
        MetricDimensionName.EMAIL_IDENTITY: ["a.example"],  # one string is one value
    }
    assert source.namespace is MetricNamespace.VDM
    assert (source.start_date, source.end_date) == (START, END)
    assert (SENDS.name, SENDS.aggregation) == (Metric.SEND, MetricAggregation.VOLUME)
    assert ExportMetric() == ExportMetric(name=None, aggregation=None)  # both optional


@pytest.mark.parametrize(
    ("overrides", "field", "rule"),
    [
        ({"dimensions": {}}, "dimensions", "1 to 3 dimensions, got 0"),
        ({"dimensions": dict.fromkeys(MetricDimensionName, "a")}, "dimensions",
         "1 to 3 dimensions, got 4"),
        ({"dimensions": {"COUNTRY": "FR"}}, "dimensions", "must be one of EMAIL_IDENTITY"),
        ({"dimensions": [("ISP", "a")]}, "dimensions", "mapping"),
        ({"dimensions": {"ISP": []}}, "dimensions[ISP]", "1 to 10 values, got 0"),
        ({"dimensions": {"ISP": [f"i{n}" for n in range(11)]}}, "dimensions[ISP]",
         "1 to 10 values, got 11"),
        ({"dimensions": {"ISP": ["a", 3]}}, "dimensions[ISP][1]", "must be a string"),
        ({"dimensions": {"ISP": "*", "EMAIL_IDENTITY": ["a", "b"]}}, "dimensions[EMAIL_IDENTITY]",
         "exactly one value, as dimensions[ISP] holds '*'"),
        ({"dimensions": {"ISP": ["x", "y"], "TENANT_NAME": "*"}}, "dimensions[ISP]",
         "as dimensions[TENANT_NAME] holds '*'"),
        ({"metrics": []}, "metrics", "1 to 10 metrics, got 0"),
        ({"metrics": [SENDS] * 11}, "metrics", "1 to 10 metrics, got 11"),
        ({"metrics": ["SEND"]}, "metrics[0]", "must be an ExportMetric"),
        ({"metrics": "SEND"}, "metrics", "must be a list"),
        ({"namespace": "OTHER"}, "namespace", "must be one of VDM"),
        ({"start_date": "2026-01-01"}, "start_date", "datetime or a date"),
    ],
)  # fmt: skip
def test_metrics_source_rules(overrides: dict[str, Any], field: str, rule: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        metrics_source(**overrides)
    assert caught.value.field == field
    assert rule in caught.value.rule


def test_what_the_model_leaves_open_in_a_metrics_source_is_accepted() -> None:
    # Any string is a value; "*" in two dimensions (each then holds one value); reversed dates.
    source = metrics_source(
        dimensions={"ISP": "*", "EMAIL_IDENTITY": "*", "TENANT_NAME": [""]},
        start_date=END,
        end_date=START,
    )
    assert source.dimensions[MetricDimensionName.TENANT_NAME] == [""]
    assert metrics_source(dimensions={"ISP": ["*", "Gmail"]}).dimensions == {
        MetricDimensionName.ISP: ["*", "Gmail"]
    }


@pytest.mark.parametrize(
    ("fields", "field", "rule"),
    [
        ({"name": "SENDS"}, "name", "must be one of SEND"),
        ({"aggregation": "SUM"}, "aggregation", "must be one of RATE, VOLUME"),
    ],
)
def test_export_metric_rules(fields: dict[str, Any], field: str, rule: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        ExportMetric(**fields)
    assert (caught.value.field, rule in caught.value.rule) == (field, True)


@pytest.mark.parametrize(
    ("fields", "field", "rule"),
    [
        ({"from_email_address": ["a@b.c"] * 6}, "from_email_address", "0 to 5 items"),
        ({"from_email_address": ["x" * 321]}, "from_email_address[0]", "1 to 320 characters"),
        ({"destination": [""]}, "destination[0]", "1 to 320 characters"),
        ({"destination": "a@b.c"}, "destination", "must be a list"),
        ({"subject": ["a", "b"]}, "subject", "0 to 1 items"),
        ({"subject": ["s" * 999]}, "subject[0]", "1 to 998 characters"),
        ({"isp": ["a"] * 6}, "isp", "0 to 5 items"),
        ({"tenant_name": [""]}, "tenant_name[0]", "must not be empty"),
        ({"last_delivery_event": ["OPEN"]}, "last_delivery_event[0]", "must be one of SEND"),
        ({"last_delivery_event": ["SEND"] * 6}, "last_delivery_event", "0 to 5 items"),
        ({"last_engagement_event": ["OPEN", "CLICK", "OPEN"]}, "last_engagement_event",
         "0 to 2 items"),
    ],
)  # fmt: skip
def test_message_insights_filter_rules(fields: dict[str, Any], field: str, rule: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        MessageInsightsFilters(**fields)
    assert caught.value.field == field
    assert rule in caught.value.rule
    # the rule never quotes a value: addresses and subjects are sensitive
    assert "a@b.c" not in str(caught.value)


def test_message_insights_filters_accept_the_documented_shapes_and_hide_sensitive_values() -> None:
    filters = MessageInsightsFilters(
        from_email_address=["*@billing.example"] * 5,
        destination=("x" * 320,),
        subject=["Invoice*"],
        isp=["Gmail", ""],
        tenant_name=["t1"],
        last_delivery_event=["PERMANENT_BOUNCE", DeliveryEventType.COMPLAINT],
        last_engagement_event=["CLICK"],
    )
    assert filters.last_delivery_event == [
        DeliveryEventType.PERMANENT_BOUNCE,
        DeliveryEventType.COMPLAINT,
    ]
    assert filters.last_engagement_event == [EngagementEventType.CLICK]
    shown = repr(filters)
    assert "billing.example" not in shown and "Invoice" not in shown and "Gmail" in shown
    assert MessageInsightsFilters(from_email_address=[]).from_email_address == []


@pytest.mark.parametrize(
    ("fields", "field", "rule"),
    [
        ({"max_results": 0}, "max_results", "from 1 to 10000"),
        ({"max_results": 10_001}, "max_results", "from 1 to 10000"),
        ({"include": {"isp": ["Gmail"]}}, "include", "MessageInsightsFilters"),
        ({"exclude": "x"}, "exclude", "MessageInsightsFilters"),
    ],
)
def test_message_insights_source_rules(fields: dict[str, Any], field: str, rule: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        MessageInsightsDataSource(start_date=START, end_date=END, **fields)
    assert (caught.value.field, rule in caught.value.rule) == (field, True)


def insights(**fields: Any) -> MessageInsightsDataSource:
    return MessageInsightsDataSource(start_date=START, end_date=END, **fields)


def test_create_takes_either_source_and_a_format() -> None:
    request = CreateExportJobRequest(export_data_source=metrics_source(), export_destination="CSV")
    assert request.export_data_source == ExportDataSource(metrics_data_source=metrics_source())
    assert request.export_destination == ExportDestination(data_format=DataFormat.CSV)
    wrapped = CreateExportJobRequest(
        export_data_source=ExportDataSource(message_insights_data_source=insights()),
        export_destination=ExportDestination(data_format="JSON"),
    )
    assert wrapped.export_data_source.message_insights_data_source == insights()


@pytest.mark.parametrize(
    ("fields", "field", "rule"),
    [
        ({"export_data_source": "metrics"}, "export_data_source", "MetricsDataSource"),
        ({"export_destination": "XML"}, "data_format", "must be one of CSV, JSON"),
        (
            {"export_destination": ExportDestination(data_format="CSV", s3_url="s3://b/k")},
            "export_destination.s3_url",
            "must not be set",
        ),
    ],
)
def test_create_rules(fields: dict[str, Any], field: str, rule: str) -> None:
    arguments: dict[str, Any] = {
        "export_data_source": metrics_source(),
        "export_destination": "CSV",
        **fields,
    }
    with pytest.raises(InvalidInputError) as caught:
        CreateExportJobRequest(**arguments)
    assert (caught.value.field, rule in caught.value.rule) == (field, True)


@pytest.mark.parametrize("sources", [{}, {"metrics_data_source": 1}, "both"])
def test_a_data_source_holds_exactly_one_source(sources: Any) -> None:
    if sources == "both":
        sources = {
            "metrics_data_source": metrics_source(),
            "message_insights_data_source": insights(),
        }
    with pytest.raises(InvalidInputError):
        ExportDataSource(**sources)


@pytest.mark.parametrize(
    ("cls", "fields", "field"),
    [
        (GetExportJobRequest, {"job_id": ""}, "job_id"),
        (CancelExportJobRequest, {"job_id": 7}, "job_id"),
        (ListExportJobsRequest, {"page_size": 2**31}, "page_size"),
        (ListExportJobsRequest, {"job_status": "DONE"}, "job_status"),
        (ListExportJobsRequest, {"export_source_type": "LOGS"}, "export_source_type"),
        (ListExportJobsRequest, {"next_token": b"t"}, "next_token"),
    ],
)
def test_job_request_rules(cls: Any, fields: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        cls(**fields)
    assert caught.value.field == field


# ---- requests -------------------------------------------------------------------------------


def test_create_is_a_post_that_is_never_repeated_and_paced_by_its_own_rate() -> None:
    spec = ops.build_create_export_job(
        CreateExportJobRequest(
            export_data_source=metrics_source(
                dimensions={"ISP": "*", "EMAIL_IDENTITY": "a.example"},
                metrics=[SENDS, ExportMetric(name="OPEN", aggregation="RATE"), ExportMetric()],
            ),
            export_destination="JSON",
        )
    )
    assert (spec.method, spec.path) == ("POST", "/v2/email/export-jobs")
    assert dict(spec.headers) == {"content-type": "application/json"}
    assert (spec.idempotent, spec.pacing) == (False, "CreateExportJob")
    assert json.loads(spec.body) == {
        "ExportDataSource": {
            "MetricsDataSource": {
                "Dimensions": {"ISP": ["*"], "EMAIL_IDENTITY": ["a.example"]},
                "Namespace": "VDM",
                "Metrics": [
                    {"Name": "SEND", "Aggregation": "VOLUME"},
                    {"Name": "OPEN", "Aggregation": "RATE"},
                    {},
                ],
                "StartDate": 1767225600,
                "EndDate": 1769904000,
            }
        },
        "ExportDestination": {"DataFormat": "JSON"},
    }


def test_a_message_insights_export_sends_only_what_was_given() -> None:
    source = insights(
        include=MessageInsightsFilters(isp=["Gmail"], last_engagement_event=["OPEN"]),
        exclude=MessageInsightsFilters(),
        max_results=50,
    )
    spec = ops.build_create_export_job(
        CreateExportJobRequest(export_data_source=source, export_destination="CSV")
    )
    assert json.loads(spec.body)["ExportDataSource"] == {
        "MessageInsightsDataSource": {
            "StartDate": 1767225600,
            "EndDate": 1769904000,
            "Include": {"Isp": ["Gmail"], "LastEngagementEvent": ["OPEN"]},
            "Exclude": {},
            "MaxResults": 50,
        }
    }


def test_get_list_and_cancel_requests() -> None:
    get = ops.build_get_export_job(GetExportJobRequest(job_id="job/1 é"))
    assert (get.method, get.path, get.body, get.headers) == (
        "GET",
        "/v2/email/export-jobs/job%2F1%20%C3%A9",
        b"",
        (),
    )
    cancel = ops.build_cancel_export_job(CancelExportJobRequest(job_id="j-1"))
    assert (cancel.method, cancel.path, cancel.body) == (
        "PUT",
        "/v2/email/export-jobs/j-1/cancel",
        b"",
    )
    listing = ops.build_list_export_jobs(
        ListExportJobsRequest(page_size=5, job_status="FAILED", export_source_type="METRICS_DATA")
    )
    assert (listing.method, listing.path) == ("POST", "/v2/email/list-export-jobs")
    assert json.loads(listing.body) == {
        "PageSize": 5,
        "JobStatus": "FAILED",
        "ExportSourceType": "METRICS_DATA",
    }
    assert json.loads(ops.build_list_export_jobs(ListExportJobsRequest()).body) == {}
    for spec in (get, cancel, listing):
        assert spec.idempotent and spec.pacing is None


@pytest.mark.parametrize("job_id", [".", ".."])
def test_a_job_id_no_path_can_carry_is_refused_before_sending(job_id: str) -> None:
    with pytest.raises(InvalidInputError, match="path segment") as caught:
        ops.build_cancel_export_job(CancelExportJobRequest(job_id=job_id))
    assert caught.value.field == "job_id"
    assert ops.build_get_export_job(GetExportJobRequest(job_id="...")).path.endswith("/...")


# ---- answers ------------------------------------------------------------------------------

COMPLETED = {
    "JobId": "j-1",
    "ExportSourceType": "METRICS_DATA",
    "JobStatus": "COMPLETED",
    "ExportDestination": {"DataFormat": "CSV", "S3Url": "https://bucket.s3.example/f.csv?X=1"},
    "ExportDataSource": {
        "MetricsDataSource": {
            "Dimensions": {"ISP": ["*"], "COUNTRY": ["FR"]},
            "Namespace": "VDM",
            "Metrics": [{"Name": "SEND", "Aggregation": "VOLUME"}, {"Name": "NEW_METRIC"}],
            "StartDate": 1767225600,
            "EndDate": 1769904000,
        },
        "MessageInsightsDataSource": None,
    },
    "CreatedTimestamp": 1767225600.5,
    "CompletedTimestamp": 1767225700,
    "Statistics": {"ProcessedRecordsCount": 10, "ExportedRecordsCount": 9},
    "Tomorrow": {"x": 1},
}


def test_a_get_answer_is_read_leniently() -> None:
    job = ops.parse_get_export_job(json.dumps(COMPLETED).encode())
    assert job.is_final and job.job_status is JobStatus.COMPLETED
    assert job.export_source_type is ExportSourceType.METRICS_DATA
    assert job.export_destination == ExportDestination(
        data_format=DataFormat.CSV, s3_url="https://bucket.s3.example/f.csv?X=1"
    )
    source = job.export_data_source
    assert source is not None and source.message_insights_data_source is None
    assert source.metrics_data_source is not None
    # An answer is never held to the request rules: an unknown dimension and metric stay.
    assert source.metrics_data_source.dimensions == {
        MetricDimensionName.ISP: ["*"],
        "COUNTRY": ["FR"],
    }
    assert [(m.name, m.aggregation) for m in source.metrics_data_source.metrics] == [
        (Metric.SEND, MetricAggregation.VOLUME),
        ("NEW_METRIC", None),
    ]
    assert job.created_timestamp == datetime(2026, 1, 1, 0, 0, 0, 500000, tzinfo=timezone.utc)
    assert job.statistics is not None and job.statistics.exported_records_count == 9
    assert ops.parse_get_export_job(b'{"JobStatus": "PAUSED"}').is_final is False


@pytest.mark.parametrize(
    ("parse", "body"),
    [
        (ops.parse_create_export_job, b"{}"),  # the SDK needs the JobId
        (ops.parse_create_export_job, b""),
        (ops.parse_get_export_job, b'{"ExportDataSource": {"MetricsDataSource": {"X": 1}}}'),
        (ops.parse_get_export_job, b'{"ExportDestination": {"S3Url": "https://x"}}'),  # DataFormat
        (ops.parse_get_export_job, b'{"Statistics": {"ProcessedRecordsCount": "10"}}'),
        (ops.parse_list_export_jobs, b'{"ExportJobs": {"JobId": "x"}}'),
        (ops.parse_cancel_export_job, b"[]"),
    ],
)  # fmt: skip
def test_unreadable_answers_are_malformed(parse: Any, body: bytes) -> None:
    with pytest.raises(MalformedResponseError):
        parse(body)


def test_create_list_and_cancel_answers() -> None:
    assert ops.parse_create_export_job(b'{"JobId": "j-9", "New": 1}').job_id == "j-9"
    page = ops.parse_list_export_jobs(
        b'{"ExportJobs": [{"JobId": "a", "JobStatus": "CREATED", "ExportSourceType": "NEW"},'
        b' {"JobId": "b", "CompletedTimestamp": null}], "NextToken": "n"}'
    )
    assert [(j.job_id, j.job_status, j.export_source_type) for j in page.export_jobs] == [
        ("a", JobStatus.CREATED, "NEW"),
        ("b", None, None),
    ]
    assert page.next_token == "n"
    assert ops.parse_cancel_export_job(b"") == CancelExportJobResponse()
    assert ops.parse_cancel_export_job(b"{}") == CancelExportJobResponse()
