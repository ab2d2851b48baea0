"""The emulator's export files, sans sockets: what a file holds, the documented matching of
message insights filters, and the download origin refusing what S3 refuses."""

from __future__ import annotations

import json
from typing import Any

import pytest

from metricsdk.testing._emulator.sesv2_data import metric_rate, metric_value
from metricsdk.testing._emulator.sesv2_export_files import (
    ExportFileOrigin,
    _pattern_matches,
    insights_records,
    metrics_record_count,
    metrics_records,
    render,
)
from metricsdk.testing._emulator.wire import Incoming

DAY1 = 1_767_225_600  # 2026-01-01


@pytest.mark.parametrize(
    ("pattern", "text", "matches"),
    [
        ("a@example.com", "a@example.com", True),
        ("a@example.com", "b@example.com", False),
        ("*@example.com", "news@example.com", True),  # suffix
        ("*@example.com", "news@example.org", False),
        ("news@*", "news@example.org", True),  # prefix
        ("*invoice*", "Your invoice for May", True),  # contains
        ("*invoice*", "Your receipt", False),
        ("50\\*", "50*", True),  # an escaped star is a star
        ("50\\*", "500", False),
        ("a\\\\b", "a\\b", True),  # an escaped backslash is a backslash
    ],
)
def test_insights_patterns_match_as_documented(pattern: str, text: str, matches: bool) -> None:
    assert _pattern_matches(pattern, text) is matches


def test_a_metrics_file_is_the_product_of_values_metrics_and_days() -> None:
    source = {
        "Dimensions": {"EMAIL_IDENTITY": ["a", "b"], "ISP": ["Gmail"]},
        "Metrics": [{"Name": "SEND", "Aggregation": "VOLUME"}, {"Name": "OPEN"}, {}],
        "StartDate": DAY1 + 3600,  # the series starts on the start's day
        "EndDate": DAY1 + 2 * 86_400,
    }
    records = list(metrics_records(source))
    assert len(records) == metrics_record_count(source) == 2 * 2 * 2
    first = records[0]
    dims = {"EMAIL_IDENTITY": "a", "ISP": "Gmail"}
    assert first == {
        "timestamp": "2026-01-01T00:00:00Z",
        "dimensions": dims,
        "metric": "SEND",
        "aggregation": "VOLUME",
        "value": metric_value("SEND", dims, DAY1),
    }
    assert records[2]["aggregation"] == "VOLUME"  # no Aggregation: its volume
    body, kind = render(records, "CSV")
    lines = body.decode().splitlines()
    assert kind == "text/csv" and len(lines) == 9
    assert lines[0] == "timestamp,EMAIL_IDENTITY,ISP,metric,aggregation,value"
    assert json.loads(render(records, "JSON")[0]) == records
    rate = metric_rate("OPEN", dims, DAY1)
    assert rate == round(metric_value("OPEN", dims, DAY1) / metric_value("SEND", dims, DAY1), 6)


def test_insights_filters_include_exclude_and_cap() -> None:
    every = insights_records(
        {"StartDate": DAY1, "EndDate": DAY1 + 10 * 86_400}, ["a@x.example"], ["t"]
    )
    assert len(every) == 40 and {m["isp"] for m in every} == {"Gmail", "Yahoo", "Outlook"}
    source: dict[str, Any] = {
        "StartDate": DAY1,
        "EndDate": DAY1 + 60 * 86_400,
        "Include": {"Isp": ["Gmail"], "Subject": ["*news*"]},
        "Exclude": {"LastEngagementEvent": ["CLICK"]},
        "MaxResults": 3,
    }
    chosen = insights_records(source, ["a@x.example"], ["t"])
    assert len(chosen) == 3
    assert all(m["isp"] == "Gmail" and "news" in m["subject"] for m in chosen)
    assert "CLICK" not in {m["last_engagement_event"] for m in chosen}
    # An Exclude that names nothing excludes nothing.
    assert (
        len(
            insights_records(
                {**source, "Include": {}, "Exclude": {}, "MaxResults": 1000}, ["a@x.example"], ["t"]
            )
        )
        == 240
    )


def request(path: str, query: str, **headers: str) -> Incoming:
    return Incoming("GET", path, query, headers, b"", "downloads.emulator.invalid")


def test_the_origin_serves_signed_links_and_refuses_what_s3_refuses() -> None:
    clock = [1_000_000.0]
    origin = ExportFileOrigin(link_ttl=300, wall_clock=lambda: clock[0])
    origin.publish("job-1", lambda: (b"a,b\n", "text/csv"))
    link = origin.signed_link("job-1", "CSV")
    path, _, query = link.removeprefix(origin.base_url).partition("?")
    assert path == "/ses-exports/job-1/export.csv"
    assert origin.handle(request(path, query)).body == b"a,b\n"
    refused = origin.handle(request(path, query, authorization="AWS4-HMAC-SHA256 ..."))
    assert refused.status == 400 and b"InvalidArgument" in refused.body
    token = origin.handle(request(path, query, **{"x-amz-security-token": "t"}))
    assert token.status == 400
    forged = origin.handle(request("/ses-exports/job-2/export.csv", query))
    assert forged.status == 403 and b"SignatureDoesNotMatch" in forged.body
    clock[0] += 301
    expired = origin.handle(request(path, query))
    assert expired.status == 403 and b"Request has expired" in expired.body
    assert origin.handle(request("/elsewhere", "")).status == 404
