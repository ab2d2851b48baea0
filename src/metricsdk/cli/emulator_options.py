"""The behaviour options of ``metricsdk emulator``, one per keyword argument of `Emulator`.

They are read off `Emulator.__init__` (names, types) and its docstring (help), so a new
argument of the emulator is a new option of the command with nothing else to write, and the
two cannot disagree. An option not given is not passed: the emulator's own default applies.
"""

from __future__ import annotations

import argparse
import inspect
import re
from typing import Any

from metricsdk.cli.usage import positive_int, positive_seconds
from metricsdk.testing import Emulator

__all__ = ["add_emulator_options", "emulator_options"]

# Set by options of their own, written by hand (--host, --port).
_OWN_OPTIONS = frozenset({"host", "port"})
# The Google-style "Args:" entries of a docstring: "name: text", continued by deeper lines.
_ARG_ENTRY = re.compile(r"^ {8}(\w+): (.*(?:\n {12}.*)*)", re.MULTILINE)


def _documented_arguments() -> dict[str, str]:
    doc = inspect.getdoc(Emulator) or ""
    args = doc.split("Args:", 1)[-1]
    indented = "\n".join("    " + line for line in args.splitlines())  # getdoc dedents by 4
    return {
        name: " ".join(text.replace("``", "").split()).rstrip(".")
        for name, text in _ARG_ENTRY.findall(indented)
    }


def _count_or_none(text: str) -> int | None:
    return None if text.lower() == "none" else positive_int(text)


def _seconds_or_none(text: str) -> float | None:
    return None if text.lower() == "none" else positive_seconds(text)


def _non_negative(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not value >= 0:  # also refuses nan
        raise argparse.ArgumentTypeError(f"expected 0 or more, got {text}")
    return value


def _share(text: str) -> float:
    value = _non_negative(text)
    if value > 1:
        raise argparse.ArgumentTypeError(f"expected a share from 0 to 1, got {text}")
    return value


# Each annotation of Emulator.__init__ (a string, under postponed evaluation) and how its
# option reads the command line.
_KINDS: dict[str, dict[str, Any]] = {
    "int | None": {"type": _count_or_none, "metavar": "N|none"},
    "float | None": {"type": _seconds_or_none, "metavar": "SECONDS|none"},
    "float": {"type": _non_negative, "metavar": "X"},
    "int": {"type": int, "metavar": "N"},
    "str": {"metavar": "TEXT"},
    "bool": {"action": argparse.BooleanOptionalAction},
    "Iterable[str]": {"nargs": "+", "metavar": "VALUE"},
    "Iterable[str] | None": {"nargs": "+", "metavar": "VALUE"},
}


def _option_settings(parameter: inspect.Parameter, help_text: str) -> dict[str, Any]:
    kind = _KINDS.get(str(parameter.annotation))
    if parameter.name.endswith("_rate"):  # a share of queries
        kind = {"type": _share, "metavar": "SHARE"}
    if kind is None:
        raise TypeError(f"Emulator({parameter.name}=...) has a type no option reads")
    shown = "none" if parameter.default is None else parameter.default
    default_note = "" if kind.get("nargs") else f" (default: {shown})"
    return {**kind, "help": help_text + default_note, "default": argparse.SUPPRESS}


def add_emulator_options(parser: argparse.ArgumentParser) -> None:
    """Add an option for each behaviour argument of `Emulator`, in a group of their own."""
    group = parser.add_argument_group("behaviour (the Emulator's arguments)")
    documented = _documented_arguments()
    for name, parameter in _parameters().items():
        settings = _option_settings(parameter, documented.get(name, ""))
        group.add_argument("--" + name.replace("_", "-"), dest=name, **settings)


def emulator_options(arguments: argparse.Namespace) -> dict[str, Any]:
    """The `Emulator` keyword arguments the command line gave, and only those."""
    return {name: getattr(arguments, name) for name in _parameters() if hasattr(arguments, name)}


def _parameters() -> dict[str, inspect.Parameter]:
    signature = inspect.signature(Emulator.__init__)
    return {
        name: parameter
        for name, parameter in signature.parameters.items()
        if parameter.kind is inspect.Parameter.KEYWORD_ONLY and name not in _OWN_OPTIONS
    }
