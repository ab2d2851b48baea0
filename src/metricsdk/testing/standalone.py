"""The emulator in a process of its own: what `metricsdk emulator` serves, as a context manager.

A server sharing the client's interpreter waits on the client's threads for the GIL and stamps
arrivals milliseconds late, which a strict rate limit notices; in a process of its own it sees
arrivals as a real service does. Use this when a test checks pacing exactly, or when another
program (boto3, curl) needs the emulator.
"""

from __future__ import annotations

import contextlib
import subprocess
import sys
from collections.abc import Iterator

__all__ = ["BANNER", "standalone_emulator"]

BANNER = "metricsdk emulator listening on "
"""How `metricsdk emulator` starts its first line; the URL follows."""


@contextlib.contextmanager
def standalone_emulator(*, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """Run ``metricsdk emulator`` in a child process and yield its base URL.

    The child is stopped when the block ends. Its credentials are the `Emulator` class
    attributes (``Emulator.aws_credentials`` and the others).

    Example:
        ```python
        from metricsdk.testing import standalone_emulator

        with standalone_emulator() as url:
            print("serving on", url)
        ```

    Raises:
        RuntimeError: if the child did not announce its URL.
    """
    command = [sys.executable, "-m", "metricsdk.cli", "emulator", "--host", host]
    command += ["--port", str(port)]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as server:
        try:
            assert server.stdout is not None  # for mypy: stdout=PIPE guarantees it
            first_line = server.stdout.readline()
            if not first_line.startswith(BANNER):
                raise RuntimeError(f"the emulator did not start: {first_line!r}")
            yield first_line.removeprefix(BANNER).strip()
        finally:
            server.terminate()
            server.wait(timeout=10)
