"""Progress on a terminal: a rich bar when rich is installed, a plain one otherwise.

Progress goes to stderr, so that stdout stays the data; it is shown only when stderr is a
terminal, and never with ``--quiet``. rich is an optional extra, imported only here and only
when a bar is shown.
"""

from __future__ import annotations

import importlib
from typing import Any, Protocol, TextIO

__all__ = ["LineProgress", "NoProgress", "Progress", "RichProgress", "progress_for"]


class Progress(Protocol):
    """What a command reports its progress to."""

    def update(self, done: int, total: int) -> None:
        """``done`` of ``total`` units finished."""

    def note(self, line: str) -> None:
        """Show a line of text (an error) without breaking the display."""

    def finish(self) -> None:
        """The work ended (or stopped): leave the terminal clean."""


class NoProgress:
    """Shows no progress; notes go to ``out``.

    Args:
        out: where notes go (stderr).
    """

    def __init__(self, out: TextIO) -> None:
        self._out = out

    def update(self, done: int, total: int) -> None:
        """Ignore the count."""

    def note(self, line: str) -> None:
        """Print the line."""
        print(line, file=self._out, flush=True)

    def finish(self) -> None:
        """Nothing to clean up."""


class LineProgress:
    """A one-line text bar redrawn in place on a terminal; elsewhere, a line per tenth.

    Args:
        out: where to write.
        unit: what is counted, for the lines (``"queries answered"``).
        width: the bar's width in characters.
    """

    def __init__(self, out: TextIO, unit: str = "queries answered", width: int = 40) -> None:
        self._out = out
        self._unit = unit
        self._width = width
        self._live = out.isatty()
        self._tenths_shown = -1
        self._drawn = False

    def update(self, done: int, total: int) -> None:
        """Redraw the bar, or print a line when another tenth is done."""
        total = max(total, 1)
        if self._live:
            filled = self._width * done // total
            bar = "#" * filled + "." * (self._width - filled)
            self._out.write(f"\r  [{bar}] {done}/{total}")
            self._out.flush()
            self._drawn = True
            return
        tenths = 10 * done // total
        if tenths > self._tenths_shown:
            self._tenths_shown = tenths
            print(f"  {done}/{total} {self._unit}", file=self._out, flush=True)

    def note(self, line: str) -> None:
        """Print the line above the bar (which the next update redraws)."""
        if self._drawn:
            self._out.write("\r\x1b[K")  # back to the start of the bar's line, and clear it
            self._drawn = False
        print(line, file=self._out, flush=True)

    def finish(self) -> None:
        """End the bar's line."""
        if self._drawn:
            self._out.write("\n")
            self._out.flush()
            self._drawn = False


class RichProgress:
    """A rich progress bar, with the rate and the time left.

    Args:
        rich_progress: the ``rich.progress`` module.
        out: the terminal to draw on.
        description: the bar's label.
    """

    def __init__(self, rich_progress: Any, out: TextIO, description: str) -> None:
        console = importlib.import_module("rich.console").Console(file=out)
        self._bar = rich_progress.Progress(
            rich_progress.TextColumn("{task.description}"),
            rich_progress.BarColumn(),
            rich_progress.MofNCompleteColumn(),
            rich_progress.TimeRemainingColumn(),
            console=console,
            transient=False,
        )
        self._task = self._bar.add_task(description, total=None)
        self._bar.start()

    def update(self, done: int, total: int) -> None:
        """Move the bar."""
        self._bar.update(self._task, completed=done, total=total)

    def note(self, line: str) -> None:
        """Print the line above the bar."""
        self._bar.console.print(line, markup=False, highlight=False, soft_wrap=True)

    def finish(self) -> None:
        """Stop drawing."""
        self._bar.stop()


def progress_for(out: TextIO, *, quiet: bool, description: str) -> Progress:
    """The progress display a command should use on ``out`` (its stderr).

    Args:
        out: the stream progress would go to.
        quiet: show no progress (``--quiet``); notes are still printed.
        description: what is counted, e.g. ``"queries"``.
    """
    if quiet or not out.isatty():
        return NoProgress(out)
    try:
        rich_progress = importlib.import_module("rich.progress")
    except ImportError:
        return LineProgress(out, unit=description)
    return RichProgress(rich_progress, out, description)
