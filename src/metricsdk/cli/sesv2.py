"""``metricsdk sesv2 get-metric-data``: SES v2 VDM metrics pulled into a CSV, JSON lines or
Parquet file, paced and batched by the SDK, resumable with ``--checkpoint``."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from metricsdk.cli.checkpoint import Checkpoint, CheckpointError, State, fingerprint
from metricsdk.cli.output import RowFile, format_for, part_path, write_table_file
from metricsdk.cli.progress import Progress, progress_for
from metricsdk.cli.usage import (
    ERRORS_SHOWN,
    Commands,
    add_command,
    add_group,
    add_output_options,
    checked_output,
    fail,
    instant,
    positive_int,
)
from metricsdk.sesv2.models import BatchGetMetricDataQuery, Metric, MetricDimensionName

if TYPE_CHECKING:
    from metricsdk.sesv2.sync_client import SESv2Client

__all__ = ["register"]

COMMIT_SECONDS = 0.25
"""How often, at most, a resumable pull records its progress."""

_DESCRIPTION = """\
Pull SES v2 VDM metrics (BatchGetMetricData) into a file, one row per point with the columns
query_id, metric, dimensions, timestamp, value (timestamps ISO 8601 UTC, dimensions as
NAME=VALUE;...). One query per --metric and dimension set (every --metric x every --dimension
and --dimension-file line; no dimension: one query per metric), paced under the account's
quota and sent ten to a call. A file appears under its name only when complete.

Exit status: 0 when every query answered, 1 when some failed (each failure is printed on
stderr, and written to --errors FILE), 2 for a usage mistake or a missing credential, 130 when
interrupted."""

_EPILOG = """\
examples:
  metricsdk sesv2 get-metric-data --metric SEND --metric DELIVERY \\
      --dimension EMAIL_IDENTITY=a.example.com --dimension EMAIL_IDENTITY=b.example.com \\
      --start 2026-01-01 --end 2026-02-01 --output sends.csv
  metricsdk sesv2 get-metric-data --metric SEND --dimension-file identities.txt \\
      --start 2026-01-01 --end 2026-07-01 --output sends.parquet --checkpoint sends.ckpt

A dimension set is NAME=VALUE[,NAME=VALUE...] with names among EMAIL_IDENTITY,
CONFIGURATION_SET, ISP, TENANT_NAME; --dimension-file reads one set a line (blank lines and
lines starting with # are skipped). Query ids are the metric, then -N for the N-th dimension
set. With --checkpoint, an interrupted pull (Ctrl+C, a crash, a lost connection) rerun with
the same command asks only the queries it had not written yet; failed queries are asked again."""


def register(commands: Commands) -> None:
    """Add ``sesv2`` and its ``get-metric-data`` to the ``metricsdk`` command."""
    actions = add_group(
        commands,
        "sesv2",
        help="pull SES v2 VDM metrics into a file",
        description="Amazon SES v2 VDM metrics.",
    )
    pull = add_command(
        actions,
        "get-metric-data",
        help="pull metrics for every --metric and dimension set into a file",
        description=_DESCRIPTION,
        epilog=_EPILOG,
    )
    what = pull.add_argument_group("what to pull")
    what.add_argument(
        "--metric",
        action="append",
        required=True,
        type=_metric,
        metavar="METRIC",
        help="a VDM metric (SEND, DELIVERY, OPEN, CLICK, ...); repeat for more",
    )
    what.add_argument(
        "--dimension",
        action="append",
        default=[],
        type=_dimension_set,
        metavar="NAME=VALUE[,NAME=VALUE...]",
        help="one dimension set (up to 3 dimensions); repeat for more sets",
    )
    what.add_argument(
        "--dimension-file",
        type=Path,
        metavar="FILE",
        help="read more dimension sets from FILE, one a line",
    )
    what.add_argument(
        "--start", required=True, type=instant, help="the first day: 2026-01-01 (UTC)"
    )
    what.add_argument(
        "--end", required=True, type=instant, help="the end, exclusive: 2026-02-01 (UTC)"
    )
    add_output_options(pull)
    pull.add_argument(
        "--errors",
        type=Path,
        metavar="FILE",
        help="also write the failed queries to FILE (query_id, metric, dimensions, code, "
        "message; the format by its extension, else CSV)",
    )
    pull.add_argument(
        "--checkpoint",
        type=Path,
        metavar="FILE",
        help="record progress in FILE, so that rerunning the same command after an "
        "interruption finishes only the remaining queries (needs --output)",
    )
    pull.add_argument(
        "--max-concurrency",
        type=positive_int,
        default=16,
        metavar="N",
        help="batches of 10 queries in flight at once (default: 16)",
    )
    aws = pull.add_argument_group("AWS (default: as the SDK and the AWS CLI resolve them)")
    aws.add_argument("--profile", help="the shared-file profile to use")
    aws.add_argument("--region", help="the AWS region")
    aws.add_argument("--endpoint-url", metavar="URL", help="send requests to URL instead")
    pull.set_defaults(command=_get_metric_data)


def _metric(text: str) -> Metric:
    try:
        return Metric(text.strip().upper())
    except ValueError:
        names = ", ".join(member.value for member in Metric)
        raise argparse.ArgumentTypeError(f"must be one of {names}; got {text!r}") from None


def _dimension_set(text: str) -> dict[MetricDimensionName, str]:
    dimensions: dict[MetricDimensionName, str] = {}
    for pair in text.split(","):
        name, separator, value = pair.partition("=")
        if not separator:
            raise argparse.ArgumentTypeError(f"{pair!r} is not NAME=VALUE")
        try:
            key = MetricDimensionName(name.strip().upper())
        except ValueError:
            names = ", ".join(member.value for member in MetricDimensionName)
            raise argparse.ArgumentTypeError(
                f"unknown dimension {name.strip()!r}; use {names}"
            ) from None
        if key in dimensions:
            raise argparse.ArgumentTypeError(f"{key.value} is given twice in {text!r}")
        dimensions[key] = value
    if len(dimensions) > 3:
        raise argparse.ArgumentTypeError(f"a set has at most 3 dimensions; {text!r} has more")
    return dimensions


def _dimension_file(path: Path) -> list[dict[MetricDimensionName, str]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        fail(f"--dimension-file: cannot read {path}: {exc.strerror or exc}")
    except UnicodeDecodeError:
        fail(f"--dimension-file: {path} is not UTF-8 text")
    sets = []
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            sets.append(_dimension_set(line.strip()))
        except argparse.ArgumentTypeError as exc:
            fail(f"--dimension-file: {path} line {number}: {exc}")
    return sets


def build_queries(
    metrics: Sequence[Metric],
    sets: Sequence[dict[MetricDimensionName, str]],
    start: datetime,
    end: datetime,
) -> list[BatchGetMetricDataQuery]:
    """Every metric x every dimension set (one query per metric without sets), metric by
    metric, with ids ``METRIC`` or ``METRIC-N`` for the N-th set."""
    if not sets:
        return [
            BatchGetMetricDataQuery(id=str(metric), metric=metric, start_date=start, end_date=end)
            for metric in dict.fromkeys(metrics)
        ]
    return [
        BatchGetMetricDataQuery(
            id=f"{metric}-{number}",
            metric=metric,
            start_date=start,
            end_date=end,
            dimensions=dimensions,
        )
        for metric in dict.fromkeys(metrics)
        for number, dimensions in enumerate(sets, start=1)
    ]


def _query_label(query: BatchGetMetricDataQuery) -> str:
    dims = ",".join(f"{name}={value}" for name, value in (query.dimensions or {}).items())
    return f"{query.metric} {dims}".strip()


def _get_metric_data(arguments: argparse.Namespace) -> int:
    if not arguments.start < arguments.end:
        fail("--start must be before --end")
    sets = list(arguments.dimension)
    if arguments.dimension_file is not None:
        sets += _dimension_file(arguments.dimension_file)
    queries = build_queries(arguments.metric, sets, arguments.start, arguments.end)
    fmt = format_for(arguments.output and str(arguments.output), arguments.format)
    output = checked_output(arguments.output, fmt, arguments.checkpoint)
    if arguments.errors is not None:
        errors_format = format_for(str(arguments.errors), None)
        checked_output(arguments.errors, errors_format, option="--errors")
    checkpoint, state = _open_checkpoint(arguments.checkpoint, queries, fmt, output)

    from metricsdk.sesv2.sync_client import SESv2Client  # loaded once the options are known good

    try:
        with SESv2Client(
            region=arguments.region,
            profile=arguments.profile,
            endpoint_url=arguments.endpoint_url,
        ) as ses:
            return _Pull(ses, queries, fmt, output, checkpoint, state, arguments).run()
    except KeyboardInterrupt:
        if checkpoint is not None:
            hint = f"rerun the same command to resume from {checkpoint.path}"
        elif output is not None:
            hint = f"nothing was written to {output} (--checkpoint FILE makes a pull resumable)"
        else:
            hint = "the output is incomplete"
        print(f"metricsdk: interrupted; {hint}", file=sys.stderr)
        return 130


def pull_fingerprint(queries: Sequence[BatchGetMetricDataQuery], fmt: str, output: Path) -> str:
    """What makes two runs the same pull: the queries, the format and the output file."""
    return fingerprint(
        {
            "command": "sesv2 get-metric-data",
            "format": fmt,
            "output": str(output.resolve()),
            "queries": [
                [
                    q.id,
                    str(q.metric),
                    sorted((str(k), v) for k, v in (q.dimensions or {}).items()),
                    q.start_date.isoformat(),
                    q.end_date.isoformat(),
                ]
                for q in queries
            ],
        }
    )


def _open_checkpoint(
    path: Path | None,
    queries: Sequence[BatchGetMetricDataQuery],
    fmt: str,
    output: Path | None,
) -> tuple[Checkpoint | None, State | None]:
    if path is None or output is None:
        return None, None
    checkpoint = Checkpoint(path, pull_fingerprint(queries, fmt, output))
    try:
        state = checkpoint.load()
    except CheckpointError as exc:
        fail(str(exc))
    if state is not None and not state.finished:
        part = part_path(output)
        if not part.is_file() or part.stat().st_size < state.size:
            fail(
                f"the partial output {part} is missing or shorter than checkpoint {path} "
                "records; delete the checkpoint to start the pull again"
            )
    return checkpoint, state


class _Pull:
    """One run of the command: ask the remaining queries and write their points."""

    def __init__(
        self,
        ses: SESv2Client,
        queries: list[BatchGetMetricDataQuery],
        fmt: str,
        output: Path | None,
        checkpoint: Checkpoint | None,
        state: State | None,
        arguments: argparse.Namespace,
    ) -> None:
        self._ses = ses
        self._queries = queries
        self._fmt = fmt
        self._output = output
        self._checkpoint = checkpoint
        self._state = state
        self._arguments = arguments
        self._err: TextIO = sys.stderr
        self._errors: list[tuple[object, ...]] = []
        self._points = 0
        self._index = {query.id: query for query in queries}

    def run(self) -> int:
        from metricsdk.sesv2 import rows

        state = self._state
        if state is not None and state.finished:
            return self._finish_recorded(state)
        written = set(state.done) if state is not None else set()
        remaining = [query for query in self._queries if query.id not in written]
        target = RowFile(
            self._output,
            self._fmt,
            rows.METRIC_COLUMNS,
            resume_size=state.size if state is not None else None,
            resumable=self._checkpoint is not None,
        )
        progress = progress_for(
            self._err, quiet=self._arguments.quiet, description="queries answered"
        )
        try:
            self._pull(target, remaining, written, progress)
        except BaseException:
            progress.finish()
            if self._checkpoint is not None:
                target.abandon()
            else:
                target.discard()
            raise
        progress.finish()
        self._write_errors()
        if self._checkpoint is not None:
            self._checkpoint.save(
                State(
                    size=target.sync(),
                    done=frozenset(written),
                    finished=True,
                    failed=len(self._errors),
                )
            )
        target.finish()
        if self._checkpoint is not None:
            self._checkpoint.remove()
        self._summary(len(self._queries))
        return 1 if self._errors else 0

    def _pull(
        self,
        target: RowFile,
        remaining: list[BatchGetMetricDataQuery],
        written: set[str],
        progress: Progress,
    ) -> None:
        from metricsdk.sesv2 import rows
        from metricsdk.sesv2.models import MetricDataError

        index = self._index
        total, done = len(self._queries), len(self._queries) - len(remaining)
        progress.update(done, total)
        if not remaining:
            return
        last_commit = time.monotonic()
        items = self._ses.iter_metric_data(
            queries=remaining, max_concurrency=self._arguments.max_concurrency
        )
        try:
            for item in items:
                if isinstance(item, MetricDataError):
                    self._error(rows.error_row(item, index), progress)
                else:
                    points = rows.result_rows(item, index)
                    target.write(points)
                    self._points += len(points)
                    if item.id is not None:
                        written.add(item.id)
                done += 1
                progress.update(done, total)
                if (
                    self._checkpoint is not None
                    and time.monotonic() - last_commit >= COMMIT_SECONDS
                ):
                    self._commit(target, written)
                    last_commit = time.monotonic()
        finally:
            close = getattr(items, "close", None)  # a generator: stop its batches in flight
            if close is not None:
                close()
        if self._checkpoint is not None:
            self._commit(target, written)

    def _commit(self, target: RowFile, written: set[str]) -> None:
        assert self._checkpoint is not None
        size = target.sync()  # the rows are on disk before the checkpoint counts them
        self._checkpoint.save(State(size=size, done=frozenset(written)))

    def _error(self, row: tuple[object, ...], progress: Progress) -> None:
        self._errors.append(row)
        shown = len(self._errors)
        if shown <= ERRORS_SHOWN:
            query_id, metric, _, code, message = row
            query = self._index.get(str(query_id))
            label = _query_label(query) if query is not None else str(metric or "")
            progress.note(f"metricsdk: query {query_id} ({label}) failed: {code}: {message}")
        elif shown == ERRORS_SHOWN + 1:
            where = "see --errors FILE" if self._arguments.errors else "use --errors FILE"
            progress.note(f"metricsdk: more queries failed ({where} for them all)")

    def _write_errors(self) -> None:
        from metricsdk.sesv2 import rows

        if self._arguments.errors is not None:
            path: Path = self._arguments.errors
            fmt = format_for(str(path), None)
            write_table_file(path, fmt, rows.ERROR_COLUMNS, self._errors)

    def _finish_recorded(self, state: State) -> int:
        """The last run ended its pull but was stopped while putting the output in place."""
        assert self._output is not None
        assert self._checkpoint is not None
        from metricsdk.sesv2 import rows

        part = part_path(self._output)
        if part.is_file():
            RowFile(
                self._output,
                self._fmt,
                rows.METRIC_COLUMNS,
                resume_size=state.size,
                resumable=True,
            ).finish()
        self._checkpoint.remove()
        if not self._arguments.quiet:
            print(f"metricsdk: the pull had already finished: {self._output}", file=self._err)
        return 1 if state.failed else 0

    def _summary(self, total: int) -> None:
        if self._arguments.quiet:
            return
        where = f" to {self._output}" if self._output is not None else ""
        failed = len(self._errors)
        added = "added" if self._state is not None else "written"  # to a resumed pull's output
        text = f"metricsdk: {total - failed} of {total} queries answered, {self._points} points"
        text += f" {added}{where}"
        if failed:
            text += f"; {failed} failed"
            if self._arguments.errors is not None:
                text += f" (listed in {self._arguments.errors})"
        print(text, file=self._err)
