"""``metricsdk oracle-iot get-metric``: one Oracle IoT monitoring metric, as a series, into a
CSV, JSON lines or Parquet file."""

from __future__ import annotations

import argparse
import sys

from metricsdk.cli.output import RowFile, format_for
from metricsdk.cli.usage import (
    Commands,
    add_command,
    add_group,
    add_output_options,
    checked_output,
    enum_choice,
    instant,
    names,
    positive_int,
)
from metricsdk.oracle_iot.models import AppMetric, InstanceMetric, Period, SortOrder

__all__ = ["register"]

_DESCRIPTION = """\
Read one Oracle IoT monitoring metric as a series and write it, one row per point, with the
columns timestamp, value (timestamps ISO 8601 UTC). With --app-id, a metric of that
application; without, an instance-wide metric. The instance and its credentials come from
--base-url (else ORACLE_IOT_BASE_URL) and ORACLE_IOT_USERNAME / ORACLE_IOT_PASSWORD, or
ORACLE_IOT_TOKEN.

Exit status: 0 on success, 1 when the service or the network failed, 2 for a usage mistake or
a missing credential."""

_EPILOG = """\
examples:
  metricsdk oracle-iot get-metric --app-id my-fleet --metric outbound_message_data_volume \\
      --period daily --since 2026-01-01 --until 2026-02-01 --output outbound.csv
  metricsdk oracle-iot get-metric --metric registered_device_count --period monthly

--metric takes a name below (in any letter case) or any metric path under
monitoring/metrics/, e.g. messageVolume/outbound.
  with --app-id: {app}
  without:       {instance}"""


def register(commands: Commands) -> None:
    """Add ``oracle-iot`` and its ``get-metric`` to the ``metricsdk`` command."""
    actions = add_group(
        commands,
        "oracle-iot",
        help="read an Oracle IoT monitoring metric into a file",
        description="Oracle IoT Cloud Service monitoring metrics.",
    )
    epilog = _EPILOG.format(app=names(AppMetric), instance=names(InstanceMetric))
    read = add_command(
        actions,
        "get-metric",
        help="one metric family and period into a file",
        description=_DESCRIPTION,
        epilog=epilog,
    )
    what = read.add_argument_group("what to read")
    what.add_argument("--metric", required=True, help="a metric name or path (see below)")
    what.add_argument("--app-id", metavar="ID", help="the application (default: the instance)")
    what.add_argument(
        "--period",
        type=enum_choice(Period),
        metavar="PERIOD",
        help="hourly, daily or monthly (default: the service's, hourly)",
    )
    what.add_argument("--since", type=instant, help="the start: 2026-01-01 or ISO 8601 (UTC)")
    what.add_argument("--until", type=instant, help="the end, in the same forms")
    what.add_argument("--limit", type=positive_int, metavar="N", help="N points, ending at the end")
    what.add_argument(
        "--order", type=enum_choice(SortOrder), metavar="ORDER", help="asc (default) or desc"
    )
    add_output_options(read)
    read.add_argument("--base-url", metavar="URL", help="the instance (else ORACLE_IOT_BASE_URL)")
    read.set_defaults(command=_get_metric)


def _metric(text: str, by_app: bool) -> AppMetric | InstanceMetric | str:
    family: type[AppMetric] | type[InstanceMetric] = AppMetric if by_app else InstanceMetric
    for member in family:
        if text.strip().upper() == member.name:
            return member
    return text  # a path; the client checks it before sending


def _get_metric(arguments: argparse.Namespace) -> int:
    from metricsdk.oracle_iot import rows
    from metricsdk.oracle_iot.sync_client import OracleIoTClient  # once the options are known good

    fmt = format_for(arguments.output and str(arguments.output), arguments.format)
    output = checked_output(arguments.output, fmt)
    metric = _metric(arguments.metric, arguments.app_id is not None)
    query = {
        "period": arguments.period,
        "limit": arguments.limit,
        "order": arguments.order,
        "since": arguments.since,
        "until": arguments.until,
    }
    with OracleIoTClient(base_url=arguments.base_url) as iot:
        if arguments.app_id is not None:
            series = iot.get_app_metric(app_id=arguments.app_id, metric=metric, **query)
        else:
            series = iot.get_instance_metric(metric=metric, **query)
    target = RowFile(output, fmt, rows.SERIES_COLUMNS)
    try:
        target.write(series.to_rows())
        target.finish()
    except BaseException:
        target.discard()
        raise
    if not arguments.quiet:
        where = f" to {output}" if output is not None else ""
        print(f"metricsdk: {len(series.items)} points written{where}", file=sys.stderr)
    return 0
