"""The SDK's own CPU cost per call, against botocore and against the least any client can do.

Run: ``python benchmarks/per_call.py [--rounds 15] [--calls 200]``

One ``BatchGetMetricData`` call of 10 queries whose answer holds 30 daily points each:
serialize, sign, send through ``httpx.MockTransport`` (or botocore's ``before-send`` hook, which
answers without a network), parse. Three variants:

* metricsdk: ``SESv2Client`` with pacing off (pacing is measured in ``pacing.py``);
* botocore: a ``sesv2`` client, so its serialization, signing and parsing are all included;
* the floor: raw httpx with a minimal hand-written SigV4 and ``json.dumps``/``json.loads``.

Also the other services' seed calls, metricsdk against the floor. Prints the median CPU time
per call over the rounds, and the median of the per-round ratios (the variants take turns in
every round).
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import statistics
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from typing import Any

import httpx

from metricsdk import AwsCredentials
from metricsdk.sesv2 import BatchGetMetricDataQuery, SESv2Client

JSON_1_0 = "application/x-amz-json-1.0"
KEY = AwsCredentials("AKIDBENCHMARK0000000", "benchmark-secret-key")
START = datetime(2026, 1, 1, tzinfo=timezone.utc)
DAYS = [(START + timedelta(days=d)).timestamp() for d in range(30)]
ANSWER = json.dumps(
    {
        "Results": [
            {"Id": f"q{i}", "Timestamps": DAYS, "Values": list(range(30))} for i in range(10)
        ],
        "Errors": [],
    }
).encode()
QUERIES = [
    BatchGetMetricDataQuery(
        id=f"q{i}",
        metric="SEND",
        start_date=date(2026, 1, 1),
        end_date=date(2026, 1, 31),
        dimensions={"EMAIL_IDENTITY": f"sender{i}.example.com"},
    )
    for i in range(10)
]


def mock_http(body: bytes, content_type: str = "application/json") -> httpx.Client:
    """An ``httpx.Client`` that answers every request with 200 and ``body``, without a network."""

    def reply(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=body, headers={"content-type": content_type})

    return httpx.Client(transport=httpx.MockTransport(reply))


def metricsdk_call() -> Callable[[], object]:
    http = mock_http(ANSWER)
    ses = SESv2Client(region="us-east-1", credentials=KEY, http_client=http, rate_limiter=None)
    return lambda: ses.batch_get_metric_data(queries=QUERIES)


def botocore_call() -> Callable[[], object]:
    import botocore.session
    from botocore.awsrequest import AWSResponse

    class Raw:
        def stream(self, **_: Any) -> Any:
            yield ANSWER

    session = botocore.session.get_session()
    client = session.create_client(
        "sesv2",
        region_name="us-east-1",
        aws_access_key_id=KEY.access_key_id,
        aws_secret_access_key=KEY.secret_access_key,
    )
    client.meta.events.register(
        "before-send.sesv2.BatchGetMetricData",
        lambda request, **_: AWSResponse(
            request.url, 200, {"content-type": "application/json"}, Raw()
        ),
    )
    wire = [
        {
            "Id": q.id,
            "Namespace": "VDM",
            "Metric": "SEND",
            "Dimensions": {"EMAIL_IDENTITY": f"sender{i}.example.com"},
            "StartDate": datetime(2026, 1, 1),
            "EndDate": datetime(2026, 1, 31),
        }
        for i, q in enumerate(QUERIES)
    ]
    return lambda: client.batch_get_metric_data(Queries=wire)


def _sign(key: bytes, text: str) -> bytes:
    return hmac.new(key, text.encode(), hashlib.sha256).digest()


def floor_sigv4(host: str, path: str, body: bytes, service: str, headers: dict[str, str]) -> None:
    """The least correct SigV4 of a POST: sign ``headers`` (lower-case names), host and date,
    and add ``x-amz-date`` and ``authorization`` to ``headers``."""
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    day = stamp[:8]
    signed = {**headers, "host": host, "x-amz-date": stamp}
    names = ";".join(sorted(signed))
    canonical_headers = "".join(f"{name}:{signed[name]}\n" for name in sorted(signed))
    payload_hash = hashlib.sha256(body).hexdigest()
    canonical = f"POST\n{path}\n\n{canonical_headers}\n{names}\n{payload_hash}"
    scope = f"{day}/us-east-1/{service}/aws4_request"
    to_sign = (
        f"AWS4-HMAC-SHA256\n{stamp}\n{scope}\n{hashlib.sha256(canonical.encode()).hexdigest()}"
    )
    key = _sign(
        _sign(_sign(_sign(b"AWS4" + KEY.secret_access_key.encode(), day), "us-east-1"), service),
        "aws4_request",
    )
    signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    headers["x-amz-date"] = stamp
    headers["authorization"] = (
        f"AWS4-HMAC-SHA256 Credential={KEY.access_key_id}/{scope}, "
        f"SignedHeaders={names}, Signature={signature}"
    )


def floor_call() -> Callable[[], object]:
    """The least a correct client does: JSON, one SigV4 signature, one request, JSON back."""
    http = mock_http(ANSWER)
    host = "email.us-east-1.amazonaws.com"
    body_template = [
        {
            "Id": f"q{i}",
            "Namespace": "VDM",
            "Metric": "SEND",
            "Dimensions": {"EMAIL_IDENTITY": f"sender{i}.example.com"},
            "StartDate": 1767225600,
            "EndDate": 1769817600,
        }
        for i in range(10)
    ]

    def call() -> object:
        body = json.dumps({"Queries": body_template}).encode()
        headers = {"content-type": "application/json"}
        floor_sigv4(host, "/v2/email/metrics/batch", body, "ses", headers)
        response = http.post(
            f"https://{host}/v2/email/metrics/batch", content=body, headers=headers
        )
        data = json.loads(response.content)
        return [
            (
                r["Id"],
                [datetime.fromtimestamp(t, tz=timezone.utc) for t in r["Timestamps"]],
                r["Values"],
            )
            for r in data["Results"]
        ]

    return call


def cpu_per_call(
    variants: dict[str, Callable[[], object]], rounds: int, calls: dict[str, int]
) -> dict[str, list[float]]:
    """CPU seconds per call of each variant, one sample per round.

    The variants take turns within each round, so a slow spell of the machine (a noisy
    neighbour, a frequency change) weighs on all of them alike and their ratio stays honest.
    """
    for call in variants.values():
        for _ in range(20):  # warm up: connection pools, caches, lazy imports
            call()
    samples: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(rounds):
        for name, call in variants.items():
            started = time.process_time()
            for _ in range(calls[name]):
                call()
            samples[name].append((time.process_time() - started) / calls[name])
    return samples


def median_ratio(numerators: list[float], denominators: list[float]) -> float:
    """The median of the per-round ratios."""
    return statistics.median(n / d for n, d in zip(numerators, denominators, strict=True))


def oracle_calls() -> tuple[Callable[[], object], Callable[[], object]]:
    """Oracle IoT outbound data volume, 24 hourly points: metricsdk, and the floor."""
    from metricsdk.oracle_iot import OracleIoTClient

    series = json.dumps(
        {
            "items": [
                {
                    "dateTimeAsString": "2026-01-01T00:00:00Z",
                    "dateTime": str(1767225600000 + h * 3_600_000),
                    "value": str(h),
                }
                for h in range(24)
            ],
            "links": [],
        }
    ).encode()

    iot = OracleIoTClient(
        base_url="https://iot.example.com",
        username="u",
        password="p",
        http_client=mock_http(series),
    )
    raw = mock_http(series)

    def floor() -> object:
        response = raw.get(
            "https://iot.example.com/iot/api/v2/apps/a1/monitoring/metrics/dataVolume/messages/outbound",
            headers={"accept": "application/json", "authorization": "Basic dTpw"},
        )
        return [
            (datetime.fromtimestamp(int(i["dateTime"]) / 1000, tz=timezone.utc), int(i["value"]))
            for i in json.loads(response.content)["items"]
        ]

    return (lambda: iot.get_outbound_message_data_volume(app_id="a1")), floor


def mail_manager_calls() -> tuple[Callable[[], object], Callable[[], object]]:
    """Mail Manager ``StartArchiveExport`` (JSON 1.0, SigV4): metricsdk, and the floor."""
    from metricsdk.mailmanager import ExportDestinationConfiguration, MailManagerClient

    started = json.dumps({"ExportId": "export-0123456789"}).encode()

    mail = MailManagerClient(
        region="us-east-1",
        credentials=KEY,
        http_client=mock_http(started, JSON_1_0),
    )
    destination = ExportDestinationConfiguration.to_s3("s3://bucket/exports/")
    raw = mock_http(started, JSON_1_0)
    host = "mail-manager.us-east-1.amazonaws.com"

    def ours() -> object:
        return mail.start_archive_export(
            archive_id="a-benchmark",
            from_timestamp=START,
            to_timestamp=START + timedelta(days=30),
            export_destination_configuration=destination,
        )

    def floor() -> object:
        body = json.dumps(
            {
                "ArchiveId": "a-benchmark",
                "FromTimestamp": 1767225600,
                "ToTimestamp": 1769817600,
                "ExportDestinationConfiguration": {"S3": {"S3Location": "s3://bucket/exports/"}},
            }
        ).encode()
        headers = {
            "content-type": JSON_1_0,
            "x-amz-target": "MailManagerSvc.StartArchiveExport",
        }
        floor_sigv4(host, "/", body, "ses", headers)
        response = raw.post(f"https://{host}/", content=body, headers=headers)
        return json.loads(response.content)["ExportId"]

    return ours, floor


def blendvision_calls() -> tuple[Callable[[], object], Callable[[], object]]:
    """BlendVision ``events/reports:batch-get`` of 10 reports: metricsdk, and the floor."""
    from metricsdk.blendvision import (
        BlendVisionClient,
        DimensionWithCondition,
        EventReportKey,
        GroupByField,
        ReportDimension,
        ReportFilter,
    )

    condition = {
        "dimension": "REPORT_DIMENSION_WATCH_TIME",
        "group_by_fields": ["GROUP_BY_FIELD_WATCH_TIMESTAMP"],
        "filter": {
            "start_time": "2026-01-01T00:00:00.000Z",
            "end_time": "2026-01-02T00:00:00.000Z",
        },
    }
    ids = [f"5c7f3b2e-0000-4000-8000-00000000000{i}" for i in range(10)]
    reports = json.dumps(
        {
            "reports": [
                {
                    "id": report_id,
                    "status": "EVENT_REPORT_STATUS_SUCCEEDED",
                    "uri": f"https://files.example.com/{report_id}.csv?sig=abc",
                    "dimension_with_condition": condition,
                }
                for report_id in ids
            ]
        }
    ).encode()

    bv = BlendVisionClient(
        api_token="bv-benchmark-token",
        org_id="org-1",
        http_client=mock_http(reports),
    )
    keys = [
        EventReportKey(
            id=report_id,
            dimension_with_condition=DimensionWithCondition(
                dimension=ReportDimension.WATCH_TIME,
                group_by_fields=[GroupByField.WATCH_TIMESTAMP],
                filter=ReportFilter(start_time=START, end_time=START + timedelta(days=1)),
            ),
        )
        for report_id in ids
    ]
    raw = mock_http(reports)
    url = "https://api.one.blendvision.com/bv/analytics/v1/events/reports:batch-get"
    headers = {"authorization": "Bearer bv-benchmark-token", "x-bv-org-id": "org-1"}

    def floor() -> object:
        body = json.dumps(
            {"reports": [{"id": i, "dimension_with_condition": condition} for i in ids]}
        ).encode()
        response = raw.post(url, content=body, headers=headers)
        return [
            (
                r["id"],
                r["status"],
                r["uri"],
                datetime.fromisoformat(r["dimension_with_condition"]["filter"]["start_time"]),
                datetime.fromisoformat(r["dimension_with_condition"]["filter"]["end_time"]),
            )
            for r in json.loads(response.content)["reports"]
        ]

    return (lambda: bv.batch_get_event_reports(reports=keys)), floor


OTHER_SERVICES = {
    "Mail Manager StartArchiveExport": mail_manager_calls,
    "BlendVision events/reports:batch-get (10 reports)": blendvision_calls,
    "Oracle IoT outbound data volume (24 points)": oracle_calls,
}


def other_services(rounds: int, calls: int) -> list[tuple[str, float, float, float]]:
    """(operation, metricsdk µs, floor µs, median ratio) for the other services' seed calls."""
    figures = []
    for name, make in OTHER_SERVICES.items():
        ours, floor = make()
        samples = cpu_per_call(
            {"ours": ours, "floor": floor}, rounds, {"ours": calls, "floor": calls}
        )
        figures.append(
            (
                name,
                statistics.median(samples["ours"]) * 1e6,
                statistics.median(samples["floor"]) * 1e6,
                median_ratio(samples["ours"], samples["floor"]),
            )
        )
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--calls", type=int, default=200)
    arguments = parser.parse_args()
    rounds, calls = arguments.rounds, arguments.calls
    samples = cpu_per_call(
        {"metricsdk": metricsdk_call(), "floor": floor_call(), "botocore": botocore_call()},
        rounds,
        {"metricsdk": calls, "floor": calls, "botocore": max(calls // 10, 10)},
    )
    ours, floor, boto = (statistics.median(samples[k]) for k in ("metricsdk", "floor", "botocore"))
    print("| BatchGetMetricData, 10 queries x 30 points | CPU per call | vs floor |")
    print("|---|---|---|")
    print(f"| floor (httpx + hand-written SigV4 + json) | {floor * 1e3:.3f} ms | 1.00x |")
    ours_ratio = median_ratio(samples["metricsdk"], samples["floor"])
    boto_ratio = median_ratio(samples["botocore"], samples["floor"])
    print(f"| metricsdk | {ours * 1e3:.3f} ms | {ours_ratio:.2f}x |")
    print(f"| botocore | {boto * 1e3:.3f} ms | {boto_ratio:.2f}x |")
    print(f"\nbotocore / metricsdk: {median_ratio(samples['botocore'], samples['metricsdk']):.1f}x")
    print("\n| seed call | metricsdk | floor | ratio |")
    print("|---|---|---|---|")
    for name, mine, least, ratio in other_services(rounds, calls):
        print(f"| {name} | {mine:.0f} µs | {least:.0f} µs | {ratio:.2f}x |")


if __name__ == "__main__":
    main()
