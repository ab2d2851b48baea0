"""``metricsdk blendvision report``: a BlendVision event report created, waited for and
downloaded into a file."""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Callable
from pathlib import Path

from metricsdk.blendvision.models import (
    DimensionWithCondition,
    EventReportStatus,
    EventType,
    GroupByField,
    ReportDimension,
    ReportFilter,
)
from metricsdk.cli.output import RowFile, format_for
from metricsdk.cli.usage import (
    Commands,
    add_command,
    add_group,
    add_output_options,
    add_timeout_option,
    checked_output,
    enum_choice,
    fail,
    instant,
    names,
)

__all__ = ["register"]

_DESCRIPTION = """\
Create a BlendVision One event report, wait until it is ready, download its file and write it
out: as downloaded for csv, or read into typed rows for jsonl and parquet (the file's own
columns; integers and ISO 8601 date-times typed). Credentials come from BLENDVISION_API_TOKEN
and BLENDVISION_ORG_ID; the API from --base-url, else BLENDVISION_BASE_URL.

Exit status: 0 when the report was written, 1 when it failed, was not ready in time, or the
service or the network failed, 2 for a usage mistake or a missing credential."""

_EPILOG = """\
examples:
  metricsdk blendvision report --event-id 5e1c7a1e-live-event --type live \\
      --dimension watch_time --group-by device_os --group-by geo_region \\
      --start 2026-05-01 --end 2026-05-02 --output watch-time.csv
  metricsdk blendvision report --event-id 5e1c7a1e-live-event --type vod \\
      --dimension chat_histories --output chat.parquet

names (any letter case, or the wire value):
  --type:      {types}
  --dimension: {dimensions}
  --group-by:  {fields}"""


def register(commands: Commands) -> None:
    """Add ``blendvision`` and its ``report`` to the ``metricsdk`` command."""
    actions = add_group(
        commands,
        "blendvision",
        help="make a BlendVision analytics report and download it",
        description="BlendVision One analytics reports.",
    )
    epilog = _EPILOG.format(
        types=names(EventType), dimensions=names(ReportDimension), fields=names(GroupByField)
    )
    report = add_command(
        actions,
        "report",
        help="create an event report, wait for it, download it",
        description=_DESCRIPTION,
        epilog=epilog,
    )
    what = report.add_argument_group("the report")
    what.add_argument("--event-id", required=True, metavar="ID", help="the event's id")
    what.add_argument(
        "--type",
        required=True,
        type=enum_choice(EventType, prefix="EVENT_TYPE_"),
        metavar="TYPE",
        help="the event's type (see below)",
    )
    what.add_argument(
        "--dimension",
        required=True,
        type=enum_choice(ReportDimension, prefix="REPORT_DIMENSION_"),
        metavar="DIMENSION",
        help="what the report holds (see below)",
    )
    what.add_argument(
        "--group-by",
        action="append",
        default=[],
        type=enum_choice(GroupByField, prefix="GROUP_BY_FIELD_"),
        metavar="FIELD",
        help="aggregate rows by FIELD; repeat for more",
    )
    what.add_argument("--start", type=instant, help="only from this time (with --end)")
    what.add_argument("--end", type=instant, help="only until this time (with --start)")
    add_output_options(report)
    add_timeout_option(report, "the report", 600)
    report.add_argument("--base-url", metavar="URL", help="the API (else BLENDVISION_BASE_URL)")
    report.set_defaults(command=_report)


def _condition(arguments: argparse.Namespace) -> DimensionWithCondition:
    if (arguments.start is None) != (arguments.end is None):
        fail("--start and --end go together")
    window = None
    if arguments.start is not None:
        if not arguments.start < arguments.end:
            fail("--start must be before --end")
        window = ReportFilter(start_time=arguments.start, end_time=arguments.end)
    return DimensionWithCondition(
        dimension=arguments.dimension,
        group_by_fields=list(dict.fromkeys(arguments.group_by)),
        filter=window,
    )


def _report(arguments: argparse.Namespace) -> int:
    from metricsdk.blendvision.sync_client import BlendVisionClient  # once the options are good

    fmt = format_for(arguments.output and str(arguments.output), arguments.format)
    output = checked_output(arguments.output, fmt)
    condition = _condition(arguments)
    say = _teller(arguments.quiet)
    with BlendVisionClient(base_url=arguments.base_url) as bv:
        created = bv.create_event_report(
            event_id=arguments.event_id,
            type=arguments.type,
            dimension_with_conditions=[condition],
        )
        (report,) = created.reports
        say(f"metricsdk: report {report.id} created; waiting for it")
        (report,) = bv.wait_for_reports([report], timeout=arguments.timeout)
        if report.status != EventReportStatus.SUCCEEDED:
            info = report.error_info
            why = f": {info.reason} ({info.domain})" if info is not None else ""
            status = str(report.status).removeprefix("EVENT_REPORT_STATUS_")
            print(f"metricsdk: report {report.id} ended {status}{why}", file=sys.stderr)
            return 1
        if fmt == "csv" and output is not None:
            size = bv.download_report(report, output)  # in place only once complete
            say(f"metricsdk: report {report.id}: {size} bytes written to {output}")
            return 0
        data = io.BytesIO()
        bv.download_report(report, data)
    if fmt == "csv":
        sys.stdout.buffer.write(data.getvalue())
        sys.stdout.buffer.flush()
        return 0
    _write_typed(data.getvalue(), output, fmt)
    say(f"metricsdk: report {report.id} written" + (f" to {output}" if output else ""))
    return 0


def _write_typed(data: bytes, output: Path | None, fmt: str) -> None:
    from metricsdk.blendvision.rows import read_report, table_columns

    table = read_report(data)
    target = RowFile(output, fmt, table_columns(table))
    try:
        target.write([tuple(row.values()) for row in table.rows])
        target.finish()
    except BaseException:
        target.discard()
        raise


def _teller(quiet: bool) -> Callable[[str], None]:
    def say(line: str) -> None:
        if not quiet:
            print(line, file=sys.stderr, flush=True)

    return say
