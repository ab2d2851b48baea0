"""The ``metricsdk`` command.

``metricsdk emulator`` serves the emulator and ``metricsdk demo`` shows every client working
end to end on it; ``metricsdk sesv2 get-metric-data``, ``metricsdk oracle-iot get-metric``,
``metricsdk blendvision report`` and ``metricsdk mailmanager export`` pull data out of the
services into files. One module per command group; `usage`, `output` and `progress` hold
what they share.

argparse rather than a CLI framework: a few subcommands with a few options do not justify a
runtime dependency. A user's mistake (a bad option, a port in use, a missing credential) is
one line on stderr and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence

from metricsdk._version import __version__
from metricsdk.cli import blendvision, demo, emulator, mailmanager, oracle_iot, sesv2
from metricsdk.cli.usage import RAW, Parser, fail
from metricsdk.errors import InvalidInputError, SDKError

__all__ = ["main"]

_DESCRIPTION = """\
metricsdk pulls metrics and reports out of Amazon SES v2 (VDM metrics), SES Mail Manager
(archive exports), BlendVision One (analytics reports) and Oracle IoT Cloud Service
(monitoring metrics). This command pulls their data into CSV, JSON lines or Parquet files
(sesv2, oracle-iot, blendvision, mailmanager), and runs a local emulator of the four services
and a demo of every client working on it. `metricsdk COMMAND --help` shows each command's
options and examples."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``metricsdk`` command with ``argv`` (default: the process's arguments)."""
    parser = _parser()
    arguments = parser.parse_args(argv)
    command: Callable[[argparse.Namespace], int] = arguments.command
    try:
        return command(arguments)
    except InvalidInputError as exc:  # a bad value, a missing credential or region
        fail(str(exc))
    except SDKError as exc:  # the service or the network, past the SDK's retries
        print(f"metricsdk: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("metricsdk: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader of stdout went away (`| head`): not worth a word
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


def _parser() -> argparse.ArgumentParser:
    parser = Parser(prog="metricsdk", description=_DESCRIPTION, formatter_class=RAW)
    parser.add_argument("--version", action="version", version=f"metricsdk {__version__}")
    commands = parser.add_subparsers(required=True, metavar="COMMAND", parser_class=Parser)
    emulator.register(commands)
    demo.register(commands)
    sesv2.register(commands)
    oracle_iot.register(commands)
    blendvision.register(commands)
    mailmanager.register(commands)
    return parser
