"""What every command shares: the argument parser that reports a usage mistake on one line, and
the readers of option values (ports, dates, output formats)."""

from __future__ import annotations

import argparse
import enum
import sys
from collections.abc import Callable
from datetime import date, datetime, time, timezone
from pathlib import Path
from typing import NoReturn, TypeAlias, TypeVar

__all__ = [
    "Commands",
    "Parser",
    "RAW",
    "add_command",
    "add_group",
    "fail",
    "instant",
    "names",
    "port",
    "positive_int",
    "positive_seconds",
]

ERRORS_SHOWN = 20
"""Failures printed on stderr one by one; past these, one line says there are more."""

RAW = argparse.RawDescriptionHelpFormatter
"""Keeps the descriptions' and examples' own lines."""


class Parser(argparse.ArgumentParser):
    """Reports a usage mistake on one line, with where to read more, and exits with 2."""

    def error(self, message: str) -> NoReturn:
        fail(f"{message} (see `{self.prog} --help`)")


E = TypeVar("E", bound=enum.Enum)

Commands: TypeAlias = "argparse._SubParsersAction[Parser]"
"""A parser's subcommands, to which each command module adds its own."""


def fail(message: str) -> NoReturn:
    """Say what the user got wrong on one line of stderr and exit with status 2."""
    print(f"metricsdk: error: {message}", file=sys.stderr)
    raise SystemExit(2)


def add_command(
    commands: Commands, name: str, *, help: str, description: str, epilog: str | None = None
) -> Parser:
    """Add the command (or a group's action) ``name``, its help text laid out as written."""
    return commands.add_parser(
        name, help=help, description=description, epilog=epilog, formatter_class=RAW
    )


def add_group(commands: Commands, name: str, *, help: str, description: str) -> Commands:
    """Add the command group ``name`` (``sesv2``, ...); its actions are added to what this
    returns, and one of them must be given."""
    group = add_command(commands, name, help=help, description=description)
    return group.add_subparsers(required=True, metavar="ACTION", parser_class=Parser)


def names(enum_cls: type[enum.Enum]) -> str:
    """The members' names as options take them (``watch_time, chat_histories``), for help."""
    return ", ".join(member.name.lower() for member in enum_cls)


def _whole_number(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, got {text!r}") from None


def port(text: str) -> int:
    """A TCP port, 0 to 65535 (0: a free one)."""
    number = _whole_number(text)
    if not 0 <= number <= 65535:
        raise argparse.ArgumentTypeError(f"must be 0 to 65535 (0: a free port), got {number}")
    return number


def positive_int(text: str) -> int:
    """A whole number of at least 1."""
    number = _whole_number(text)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {number}")
    return number


def positive_seconds(text: str) -> float:
    """A number of seconds above 0."""
    try:
        seconds = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number of seconds, got {text!r}") from None
    if not seconds > 0 or seconds == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a number of seconds above 0, got {text!r}")
    return seconds


def instant(text: str) -> datetime:
    """A date (midnight UTC) or an ISO 8601 date and time (``Z`` or an offset; none: UTC)."""
    value = text.strip()
    try:
        if len(value) == 10:
            return datetime.combine(date.fromisoformat(value), time(), tzinfo=timezone.utc)
        if value[-1:] in ("Z", "z"):
            value = value[:-1] + "+00:00"
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"must be a date (2026-01-31) or an ISO 8601 date and time "
            f"(2026-01-31T12:00:00Z), got {text!r}"
        ) from None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    try:
        return moment.astimezone(timezone.utc)
    except OverflowError:
        raise argparse.ArgumentTypeError(f"{text!r} is out of range once moved to UTC") from None


def add_output_options(parser: argparse.ArgumentParser) -> None:
    """``--output``, ``--format`` and ``--quiet``, as every data command has them."""
    out = parser.add_argument_group("output")
    out.add_argument(
        "--output",
        "-o",
        type=Path,
        metavar="FILE",
        help="write to FILE, in place only once complete (default: stdout)",
    )
    out.add_argument(
        "--format",
        choices=("csv", "jsonl", "parquet"),
        help="csv, jsonl or parquet (default: by FILE's extension, else csv); parquet needs "
        "pyarrow (pip install 'metricsdk[arrow]') and --output",
    )
    out.add_argument("--quiet", "-q", action="store_true", help="show no progress and no summary")


def add_timeout_option(parser: argparse.ArgumentParser, waited: str, default: int) -> None:
    """``--timeout``: how long a command waits for ``waited`` (``"the report"``) to end."""
    parser.add_argument(
        "--timeout",
        type=positive_seconds,
        default=float(default),
        metavar="SECONDS",
        help=f"how long to wait for {waited} (default: {default})",
    )


def checked_output(
    output: Path | None, fmt: str, checkpoint: Path | None = None, *, option: str = "--output"
) -> Path | None:
    """``--output`` (or ``option``) once checked against the format and the file system (exit
    2 if wrong)."""
    if output is None:
        if fmt == "parquet":
            fail("parquet output needs --output FILE")
        if checkpoint is not None:
            fail("--checkpoint needs --output FILE: standard output cannot be resumed")
        return None
    if output.is_dir():
        fail(f"{option} {output} is a folder; give a file")
    if not output.resolve().parent.is_dir():
        fail(f"{option} {output}: its folder does not exist")
    if fmt == "parquet":
        try:
            __import__("pyarrow.parquet")
        except ImportError:
            fail("parquet output needs pyarrow: pip install 'metricsdk[arrow]'")
    return output


def enum_choice(enum_cls: type[E], *, prefix: str = "") -> Callable[[str], E]:
    """An option type reading a member of ``enum_cls`` by name (``watch_time``) or by wire
    value (``REPORT_DIMENSION_WATCH_TIME``), in any letter case."""

    def read(text: str) -> E:
        wanted = text.strip().upper().removeprefix(prefix)
        for member in enum_cls:
            if wanted in (member.name, str(member.value).upper().removeprefix(prefix)):
                return member
        names = ", ".join(member.name for member in enum_cls)
        raise argparse.ArgumentTypeError(f"must be one of {names}; got {text!r}")

    return read
