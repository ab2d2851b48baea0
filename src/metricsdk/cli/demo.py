"""``metricsdk demo``: every client run end to end against the emulator in a child process."""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date, timedelta
from typing import TextIO

import httpx

from metricsdk._version import __version__
from metricsdk.cli.progress import LineProgress
from metricsdk.cli.usage import Commands, add_command
from metricsdk.testing import Emulator
from metricsdk.testing.standalone import standalone_emulator

__all__ = ["DEMO_IDENTITIES", "DEMO_METRICS", "DEMO_WEEKS", "register"]

DEMO_IDENTITIES = 25
DEMO_METRICS = ("SEND", "DELIVERY", "OPEN", "CLICK")
DEMO_WEEKS = 10

_DESCRIPTION = """\
Start the emulator in a child process and run every client against it: 1,000 SES metric
queries paced under the quota, a Mail Manager archive export, a BlendVision report created,
waited for and downloaded, and a day of Oracle IoT metrics. No account or network needed."""


def register(commands: Commands) -> None:
    """Add ``demo`` to the ``metricsdk`` command's subcommands."""
    demo = add_command(
        commands,
        "demo",
        help="run every client against the embedded emulator",
        description=_DESCRIPTION,
    )
    demo.set_defaults(command=_demo)


def _demo(arguments: argparse.Namespace) -> int:
    out = sys.stdout
    with standalone_emulator() as url:
        print(f"metricsdk {__version__} demo, on the emulator at {url}\n", file=out)
        _demo_sesv2(url, out)
        _demo_mailmanager(url, out)
        _demo_blendvision(url, out)
        _demo_oracle_iot(url, out)
    return 0


def _demo_sesv2(url: str, out: TextIO) -> None:
    from metricsdk.sesv2 import BatchGetMetricDataQuery, SESv2Client

    start = date(2026, 1, 5)
    queries = [
        BatchGetMetricDataQuery(
            id=f"{metric.lower()}-{identity}-w{week}",
            metric=metric,
            start_date=start + timedelta(weeks=week),
            end_date=start + timedelta(weeks=week + 1),
            dimensions={"EMAIL_IDENTITY": f"shop{identity}.example.com"},
        )
        for identity in range(DEMO_IDENTITIES)
        for metric in DEMO_METRICS
        for week in range(DEMO_WEEKS)
    ]
    print(f"SES v2: {len(queries)} BatchGetMetricData queries through get_metric_data", file=out)
    bar = LineProgress(out)
    statuses: list[int] = []
    began = time.monotonic()
    with (
        httpx.Client(event_hooks={"response": [lambda r: statuses.append(r.status_code)]}) as http,
        SESv2Client(
            region="us-east-1",
            credentials=Emulator.aws_credentials,
            endpoint_url=url,
            http_client=http,
        ) as ses,
    ):
        answer = ses.get_metric_data(queries=queries, on_progress=bar.update)
    elapsed = time.monotonic() - began
    bar.finish()
    throttled = statuses.count(429)
    points = sum(len(result.values) for result in answer.results)
    print(
        f"  {len(answer.results)} results ({points} daily values), {len(answer.errors)} errors, "
        f"{len(statuses)} calls in {elapsed:.1f} s; {throttled} throttled by the emulator, "
        "which enforces the quota of 16 calls and 160 queries in any sliding second",
        file=out,
    )
    if throttled:
        print(
            "  (the pacer sent within the quota by its own clock; on a busy machine the\n"
            "  emulator can read a request more than the 10 ms margin late and count one call\n"
            "  too many in its second. The throttled calls were retried: nothing was lost.)",
            file=out,
        )
    print(file=out)


def _demo_mailmanager(url: str, out: TextIO) -> None:
    from datetime import datetime, timezone

    from metricsdk.mailmanager import (
        ExportDestinationConfiguration,
        MailManagerClient,
        S3ExportDestinationConfiguration,
    )

    print("Mail Manager: an archive export, started and followed to the end", file=out)
    with MailManagerClient(
        region="us-east-1", credentials=Emulator.aws_credentials, endpoint_url=url
    ) as mail:
        started = mail.start_archive_export(
            archive_id="a-demo_archive",
            from_timestamp=datetime(2026, 1, 1, tzinfo=timezone.utc),
            to_timestamp=datetime(2026, 2, 1, tzinfo=timezone.utc),
            export_destination_configuration=ExportDestinationConfiguration(
                s3=S3ExportDestinationConfiguration(s3_location="s3://demo-bucket/exports/")
            ),
        )
        print(f"  started export {started.export_id}", file=out)
        final = mail.wait_for_archive_export(
            export_id=started.export_id, timeout=30.0, poll_interval=0.25
        )
        print(f"  export {started.export_id}: {final.status.state}\n", file=out)


def _demo_blendvision(url: str, out: TextIO) -> None:
    import io

    from metricsdk.blendvision import BlendVisionClient, DimensionWithCondition

    print("BlendVision: an event report created, waited for and downloaded", file=out)
    with BlendVisionClient(
        api_token=Emulator.blendvision_api_token, org_id=Emulator.blendvision_org_id, base_url=url
    ) as bv:
        created = bv.create_event_report(
            event_id="demo-live-event",
            type="EVENT_TYPE_LIVE",
            dimension_with_conditions=[
                DimensionWithCondition(
                    dimension="REPORT_DIMENSION_WATCH_TIME",
                    group_by_fields=["GROUP_BY_FIELD_DEVICE_OS"],
                )
            ],
        )
        (report,) = bv.wait_for_reports(created, timeout=30.0, poll_interval=0.25)
        data = io.BytesIO()
        size = bv.download_report(report, data)
    rows = data.getvalue().decode().count("\n")
    status = str(report.status).removeprefix("EVENT_REPORT_STATUS_")
    print(f"  report {report.id}: {status}, {size} bytes, {rows} lines\n", file=out)


def _demo_oracle_iot(url: str, out: TextIO) -> None:
    from metricsdk.oracle_iot import OracleIoTClient

    print("Oracle IoT: the last 24 hours of outbound message data volume", file=out)
    with OracleIoTClient(
        base_url=url, username=Emulator.oracle_username, password=Emulator.oracle_password
    ) as iot:
        series = iot.get_outbound_message_data_volume(app_id="demo-fleet")
    values = [item.value for item in series.items]
    first, last = series.items[0].date_time, series.items[-1].date_time
    print(
        f"  {len(values)} hourly points from {first:%Y-%m-%d %H:%M} to "
        f"{last:%Y-%m-%d %H:%M} UTC, {sum(values):,} bytes in all, "
        f"peak {max(values):,} bytes in one hour\n",
        file=out,
    )
