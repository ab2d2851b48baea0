"""The command builders every ``metricsdk`` command module shares (`metricsdk.cli.usage`)."""

from __future__ import annotations

import argparse
import enum
from collections.abc import Callable

import pytest

from metricsdk.cli.usage import (
    RAW,
    Commands,
    Parser,
    add_command,
    add_group,
    add_timeout_option,
    names,
    port,
    positive_int,
)


def commands() -> tuple[Parser, Commands]:
    parser = Parser(prog="metricsdk")
    return parser, parser.add_subparsers(required=True, metavar="COMMAND", parser_class=Parser)


def test_a_group_needs_one_of_its_actions_and_keeps_its_texts(
    capsys: pytest.CaptureFixture[str],
) -> None:
    parser, top = commands()
    actions = add_group(top, "svc", help="the service", description="The service.\n  kept")
    action = add_command(
        actions, "pull", help="pull it", description="Pull.\n  as written", epilog="ex:\n  x"
    )
    action.add_argument("--n", type=positive_int)
    assert isinstance(action, Parser)
    assert action.formatter_class is RAW
    assert action.epilog == "ex:\n  x"
    assert parser.parse_args(["svc", "pull", "--n", "3"]).n == 3
    with pytest.raises(SystemExit) as exited:
        parser.parse_args(["svc"])
    assert exited.value.code == 2
    assert "ACTION" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        parser.parse_args(["svc", "--help"])
    shown = capsys.readouterr().out
    assert "The service.\n  kept" in shown
    assert "pull it" in shown


def test_a_command_without_an_epilog_has_none() -> None:
    _, top = commands()
    command = add_command(top, "demo", help="run it", description="Run.")
    assert command.epilog is None
    assert command.description == "Run."


def test_timeout_option_reads_seconds_with_its_default() -> None:
    parser = Parser(prog="x")
    add_timeout_option(parser, "the thing", 600)
    assert parser.parse_args([]).timeout == 600.0
    assert parser.parse_args(["--timeout", "1.5"]).timeout == 1.5
    assert "how long to wait for the thing (default: 600)" in parser.format_help()


class _Colour(enum.Enum):
    DEEP_RED = "COLOUR_DEEP_RED"
    BLUE = "COLOUR_BLUE"


def test_names_are_the_members_lower_cased_in_order() -> None:
    assert names(_Colour) == "deep_red, blue"


@pytest.mark.parametrize(("read", "text"), [(port, "x"), (positive_int, "1.5")])
def test_whole_number_options_refuse_what_is_not_one(read: Callable[[str], int], text: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError, match="must be a whole number"):
        read(text)


def test_port_and_positive_int_keep_their_own_ranges() -> None:
    assert port("0") == 0
    assert positive_int("7") == 7
    with pytest.raises(argparse.ArgumentTypeError, match="0 to 65535"):
        port("65536")
    with pytest.raises(argparse.ArgumentTypeError, match="at least 1"):
        positive_int("0")
