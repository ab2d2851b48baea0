"""The ``metricsdk`` command: ``metricsdk emulator`` serves the emulator, ``metricsdk demo`` shows
every client working end to end on it.

argparse rather than a CLI framework: a few subcommands with a few options do not justify a
runtime dependency. A user's mistake (a bad option, a port in use) is one line on stderr and
exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import errno
import shlex
import socket
import sys
import threading
import time
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import NoReturn, TextIO

import httpx

from metricsdk._version import __version__
from metricsdk.testing import Emulator
from metricsdk.testing.standalone import BANNER, standalone_emulator

__all__ = ["main"]

DEMO_IDENTITIES = 25
DEMO_METRICS = ("SEND", "DELIVERY", "OPEN", "CLICK")
DEMO_WEEKS = 10

_DESCRIPTION = """\
metricsdk pulls metrics and reports out of Amazon SES v2 (VDM metrics), SES Mail Manager
(archive exports), BlendVision One (analytics reports) and Oracle IoT Cloud Service
(monitoring metrics). This command runs its local emulator of those services, and a demo of
every client working on it."""

_EMULATOR_DESCRIPTION = """\
Serve the emulator of all four APIs until Ctrl+C, for boto3, curl, a program in another
language or the SDK's own examples. It prints its URL and the environment variables that point
the SDK (and boto3 and the AWS CLI) at it, with the test credentials it accepts."""

_EMULATOR_EPILOG = """\
examples:
  metricsdk emulator --port 4566
  metricsdk emulator --env > emulator.env &   # then, in a shell: . ./emulator.env"""

_DEMO_DESCRIPTION = """\
Start the emulator in a child process and run every client against it: 1,000 SES metric
queries paced under the quota, a Mail Manager archive export, a BlendVision report created,
waited for and downloaded, and a day of Oracle IoT metrics. No account or network needed."""


class _Parser(argparse.ArgumentParser):
    """Reports a usage mistake on one line, with where to read more, and exits with 2."""

    def error(self, message: str) -> NoReturn:
        _fail(f"{message} (see `{self.prog} --help`)")


def _fail(message: str) -> NoReturn:
    print(f"metricsdk: error: {message}", file=sys.stderr)
    raise SystemExit(2)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``metricsdk`` command with ``argv`` (default: the process's arguments)."""
    parser = _parser()
    arguments = parser.parse_args(argv)
    command: Callable[[argparse.Namespace], int] = arguments.command
    return command(arguments)


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, got {text!r}") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"must be 0 to 65535 (0: a free port), got {port}")
    return port


def _parser() -> argparse.ArgumentParser:
    raw = argparse.RawDescriptionHelpFormatter  # keeps the descriptions' and examples' lines
    parser = _Parser(prog="metricsdk", description=_DESCRIPTION, formatter_class=raw)
    parser.add_argument("--version", action="version", version=f"metricsdk {__version__}")
    commands = parser.add_subparsers(required=True, metavar="COMMAND", parser_class=_Parser)
    serve = commands.add_parser(
        "emulator",
        help="serve the emulator of all four APIs",
        description=_EMULATOR_DESCRIPTION,
        epilog=_EMULATOR_EPILOG,
        formatter_class=raw,
    )
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)"
    )
    serve.add_argument(
        "--port", type=_port, default=0, help="port to listen on (default: 0, a free port)"
    )
    serve.add_argument(
        "--env",
        action="store_true",
        help="print only shell lines (comments and `export NAME=value`), to source from a file",
    )
    serve.set_defaults(command=_serve)
    demo = commands.add_parser(
        "demo",
        help="run every client against the embedded emulator",
        description=_DEMO_DESCRIPTION,
        formatter_class=raw,
    )
    demo.set_defaults(command=_demo)
    return parser


def _serve(arguments: argparse.Namespace) -> int:
    emulator = Emulator(host=arguments.host, port=arguments.port)
    try:
        emulator.start()
    except OSError as exc:
        _fail(_listen_problem(exc, arguments.host, arguments.port))
    with emulator:
        out = sys.stdout
        if arguments.env:
            print(f"# {BANNER}{emulator.url} (Ctrl+C in its terminal stops it)", file=out)
        else:
            print(f"{BANNER}{emulator.url}", file=out)
            print(
                "Point the SDK, boto3 and the AWS CLI at it (test credentials, not secrets;",
                file=out,
            )
            print("any AWS region works) by running these lines in your shell:", file=out)
        for name, value in emulator.environment().items():
            print(f"export {name}={shlex.quote(value)}", file=out)
        if not arguments.env:
            print("Press Ctrl+C to stop.", file=out)
        out.flush()
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            print("# stopped" if arguments.env else "stopped", file=out)
    return 0


def _listen_problem(exc: OSError, host: str, port: int) -> str:
    """What a user is told when the emulator cannot listen: the problem and what to do."""
    if isinstance(exc, socket.gaierror):
        return f"cannot resolve --host {host!r}; give an address of this machine, e.g. 127.0.0.1"
    if exc.errno == errno.EADDRINUSE:
        return f"port {port} is in use on {host}; choose another --port, or 0 for a free one"
    if exc.errno == errno.EADDRNOTAVAIL:
        return f"{host} is not an address of this machine; use --host 127.0.0.1 (or 0.0.0.0)"
    if exc.errno == errno.EACCES:
        return f"not allowed to listen on port {port}; ports below 1024 need privileges"
    return f"cannot listen on {host}:{port}: {exc.strerror or exc}"


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
