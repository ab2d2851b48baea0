"""``metricsdk emulator``: serve the emulator of all four APIs until Ctrl+C."""

from __future__ import annotations

import argparse
import errno
import shlex
import socket
import sys
import threading

from metricsdk.cli.emulator_options import add_emulator_options, emulator_options
from metricsdk.cli.usage import Commands, add_command, fail, port
from metricsdk.testing import Emulator
from metricsdk.testing.standalone import BANNER

__all__ = ["register"]

_DESCRIPTION = """\
Serve the emulator of all four APIs until Ctrl+C, for boto3, curl, a program in another
language or the SDK's own examples. It prints its URL and the environment variables that point
the SDK (and boto3 and the AWS CLI) at it, with the test credentials it accepts."""

_EPILOG = """\
examples:
  metricsdk emulator --port 4566
  metricsdk emulator --env > emulator.env &   # then, in a shell: . ./emulator.env
  metricsdk emulator --ses-calls-per-second 2 --latency 0.05 --failing-archive-ids a-broken"""


def register(commands: Commands) -> None:
    """Add ``emulator`` to the ``metricsdk`` command's subcommands."""
    serve = add_command(
        commands,
        "emulator",
        help="serve the emulator of all four APIs",
        description=_DESCRIPTION,
        epilog=_EPILOG,
    )
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)"
    )
    serve.add_argument(
        "--port", type=port, default=0, help="port to listen on (default: 0, a free port)"
    )
    serve.add_argument(
        "--env",
        action="store_true",
        help="print only shell lines (comments and `export NAME=value`), to source from a file",
    )
    add_emulator_options(serve)
    serve.set_defaults(command=_serve)


def _serve(arguments: argparse.Namespace) -> int:
    emulator = Emulator(host=arguments.host, port=arguments.port, **emulator_options(arguments))
    try:
        emulator.start()
    except OSError as exc:
        fail(_listen_problem(exc, arguments.host, arguments.port))
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
