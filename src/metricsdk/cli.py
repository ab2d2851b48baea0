"""The ``metricsdk`` command: ``metricsdk emulator`` serves the emulator, ``metricsdk demo`` shows
every client working end to end on it.

argparse rather than a CLI framework: two subcommands with a few options do not justify a
runtime dependency.
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import TextIO

import httpx

from metricsdk._version import __version__
from metricsdk.testing import Emulator
from metricsdk.testing.standalone import BANNER, standalone_emulator

__all__ = ["main"]

DEMO_IDENTITIES = 25
DEMO_METRICS = ("SEND", "DELIVERY", "OPEN", "CLICK")
DEMO_WEEKS = 10


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``metricsdk`` command with ``argv`` (default: the process's arguments)."""
    parser = _parser()
    arguments = parser.parse_args(argv)
    command: Callable[[argparse.Namespace], int] = arguments.command
    return command(arguments)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="metricsdk", description=__doc__)
    parser.add_argument("--version", action="version", version=f"metricsdk {__version__}")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")
    serve = commands.add_parser("emulator", help="serve the emulator of all four APIs")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on")
    serve.add_argument("--port", type=int, default=0, help="port to listen on (0: a free one)")
    serve.set_defaults(command=_serve)
    demo = commands.add_parser("demo", help="run every client against the embedded emulator")
    demo.set_defaults(command=_demo)
    return parser


def _serve(arguments: argparse.Namespace) -> int:
    with Emulator(host=arguments.host, port=arguments.port) as emulator:
        aws = emulator.aws_credentials
        print(f"{BANNER}{emulator.url}", flush=True)
        print("Test credentials it accepts (not secrets; any AWS region works):")
        print(f"  AWS_ACCESS_KEY_ID={aws.access_key_id}")
        print(f"  AWS_SECRET_ACCESS_KEY={aws.secret_access_key}")
        print(f"  AWS_ENDPOINT_URL={emulator.url}")
        print(f"  BLENDVISION_API_TOKEN={emulator.blendvision_api_token}")
        print(f"  BLENDVISION_ORG_ID={emulator.blendvision_org_id}")
        print(f"  ORACLE_IOT_USERNAME={emulator.oracle_username}")
        print(f"  ORACLE_IOT_PASSWORD={emulator.oracle_password}")
        print("Press Ctrl+C to stop.", flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            print("stopped")
    return 0


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
    bar = _ProgressBar(out)
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
        "which enforces the quota of 16 calls and 160 queries in any sliding second\n",
        file=out,
    )


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
        f"  {len(values)} hourly points from {first:%Y-%m-%d %H:%M} to {last:%H:%M} UTC, "
        f"{sum(values):,} bytes in all, peak {max(values):,} bytes in one hour\n",
        file=out,
    )


class _ProgressBar:
    """A one-line text progress bar; on a non-terminal, a line per tenth instead."""

    def __init__(self, out: TextIO, width: int = 40) -> None:
        self._out = out
        self._width = width
        self._live = out.isatty()
        self._tenths_shown = -1

    def update(self, done: int, total: int) -> None:
        if self._live:
            filled = self._width * done // total
            bar = "#" * filled + "." * (self._width - filled)
            self._out.write(f"\r  [{bar}] {done}/{total}")
            self._out.flush()
            return
        tenths = 10 * done // total
        if tenths > self._tenths_shown:
            self._tenths_shown = tenths
            print(f"  {done}/{total} queries answered", file=self._out, flush=True)

    def finish(self) -> None:
        if self._live:
            self._out.write("\n")


if __name__ == "__main__":
    raise SystemExit(main())
