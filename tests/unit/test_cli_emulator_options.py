"""``metricsdk emulator``'s behaviour options: one per keyword argument of `Emulator`, read off
its signature and docstring, passing only what the command line gives."""

from __future__ import annotations

import argparse
import inspect

import pytest

from metricsdk.cli.emulator_options import add_emulator_options, emulator_options
from metricsdk.testing import Emulator


def parser() -> argparse.ArgumentParser:
    made = argparse.ArgumentParser(exit_on_error=False)
    add_emulator_options(made)
    return made


def test_every_behaviour_argument_of_the_emulator_is_an_option_with_its_documented_help() -> None:
    names = [
        name
        for name, parameter in inspect.signature(Emulator.__init__).parameters.items()
        if parameter.kind is inspect.Parameter.KEYWORD_ONLY and name not in ("host", "port")
    ]
    options = {action.dest: action for action in parser()._actions if action.dest != "help"}
    assert sorted(options) == sorted(names)
    for name in names:
        assert options[name].help, name
        assert f"--{name.replace('_', '-')}" in options[name].option_strings


def test_only_the_options_given_are_passed() -> None:
    assert emulator_options(parser().parse_args([])) == {}


def test_options_are_read_as_the_emulator_takes_them() -> None:
    given = parser().parse_args(
        [
            "--ses-calls-per-second",
            "none",
            "--ses-queries-per-second",
            "40",
            "--latency",
            "0.25",
            "--ses-internal-failure-rate",
            "0.5",
            "--no-ses-vdm-enabled",
            "--failing-archive-ids",
            "a-x",
            "a-y",
            "--credential-lifetime",
            "none",
            "--download-host",
            "127.0.0.3",
        ]
    )
    options = emulator_options(given)
    assert options == {
        "ses_calls_per_second": None,
        "ses_queries_per_second": 40,
        "latency": 0.25,
        "ses_internal_failure_rate": 0.5,
        "ses_vdm_enabled": False,
        "failing_archive_ids": ["a-x", "a-y"],
        "credential_lifetime": None,
        "download_host": "127.0.0.3",
    }
    Emulator(**options)  # every value is one the emulator accepts


@pytest.mark.parametrize(
    "argv",
    [
        ["--ses-calls-per-second", "0"],
        ["--ses-calls-per-second", "many"],
        ["--latency", "-1"],
        ["--latency", "nan"],
        ["--credential-lifetime", "0"],
        ["--ses-access-denied-rate", "1.5"],
        ["--failing-event-ids"],
    ],
)
def test_a_value_the_emulator_cannot_use_is_refused(argv: list[str]) -> None:
    with pytest.raises((argparse.ArgumentError, SystemExit)):
        parser().parse_args(argv)
