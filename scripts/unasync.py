"""Generate every sync module from its async source: the async code is written once, and its
sync twin is derived from it by rewriting words, as httpcore does.

Usage:
    python scripts/unasync.py           write the sync modules
    python scripts/unasync.py --check   exit 1, naming the files, if any is not what it would
                                        write (CI runs this)

Why a short script of our own rather than unasync or unasyncd: unasync rewrites whole tokens
only, so docstrings and comments would keep their async wording ("``async with``", "awaited"),
and it names sync classes ``SyncX`` while ours are plain ``X``; unasyncd brings libcst to do
what a table of whole-word substitutions does here. Where the two sides really differ (tasks or
threads, cancellation, sleeping), the sources call `metricsdk._core.async_primitives`, whose
sync twin `metricsdk._core.sync_primitives` is written by hand, so no file needs a special case.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "metricsdk"

# Each async source (relative to the package) and the sync module generated from it.
SOURCES = {
    "_core/async_transport.py": "_core/sync_transport.py",
    "_core/async_client_base.py": "_core/sync_client_base.py",
    "sesv2/async_client.py": "sesv2/sync_client.py",
    "mailmanager/async_client.py": "mailmanager/sync_client.py",
    "blendvision/async_client.py": "blendvision/sync_client.py",
    "_core/async_download.py": "_core/sync_download.py",
    "oracle_iot/async_client.py": "oracle_iot/sync_client.py",
    "_core/async_polling.py": "_core/sync_polling.py",
    "_core/async_paging.py": "_core/sync_paging.py",
}

# Whole words (or phrases) of the async sources and what they become; longest first, so a
# phrase wins over a word inside it.
WORDS = {
    "async def": "def",
    "async with": "with",
    "async for": "for",
    "await": "",
    "async": "sync",
    "async_primitives": "sync_primitives",
    "async_transport": "sync_transport",
    "async_client_base": "sync_client_base",
    "async_client": "sync_client",
    "async_download": "sync_download",
    "AsyncIterator": "Iterator",
    "AsyncIterable": "Iterable",
    "AsyncGenerator": "Generator",
    "AsyncClientBase": "SyncClientBase",
    "AsyncTransport": "SyncTransport",
    "AsyncClient": "Client",
    "AsyncSESv2Client": "SESv2Client",
    "AsyncMailManagerClient": "MailManagerClient",
    "AsyncBlendVisionClient": "BlendVisionClient",
    "AsyncOracleIoTClient": "OracleIoTClient",
    "__aenter__": "__enter__",
    "__aexit__": "__exit__",
    "aclose": "close",
    "aiter_bytes": "iter_bytes",
    "acquire_async": "acquire",
    "apply_async": "apply",
    "load_async": "load",
    "Asynchronous": "Synchronous",
    "asynchronous": "synchronous",
    "coroutine": "function",
    "tasks": "threads",
    "an event loop": "a thread",
    "async_polling": "sync_polling",
    "AsyncFetch": "Fetch",
    "async_paging": "sync_paging",
    "AsyncPageFetch": "PageFetch",
}
_PATTERN = re.compile(
    r"(?<!\w)(?:"
    + "|".join(re.escape(word) for word in sorted(WORDS, key=len, reverse=True))
    + r")(?!\w)"
)
# ``await x`` loses the word and the space after it; the other words keep their spacing.
_AWAIT_SPACE = re.compile(r"(?<!\w)await ")

HEADER = (
    "# Generated from {source} by scripts/unasync.py: do not edit.\n"
    "# Edit the async source, then run `python scripts/unasync.py` (CI checks they agree).\n"
)
SOURCE_MARKER = "# The async source of a generated sync module: see scripts/unasync.py.\n"
"""The first line of every async source; the generated module does not carry it."""


def unasync(text: str) -> str:
    """The sync twin of an async source's text."""
    text = text.removeprefix(SOURCE_MARKER)
    text = _AWAIT_SPACE.sub("", text)
    return _PATTERN.sub(lambda match: WORDS[match.group(0)], text)


def formatted(text: str, target: str) -> str:
    """``text`` with its imports sorted and formatted as ruff writes them: renamed modules sort
    differently, and dropping ``await`` can let a wrapped line fit."""
    ruff = str(Path(sys.executable).with_name("ruff"))
    for command in (["check", "--select", "I", "--fix", "--quiet"], ["format"]):
        text = subprocess.run(
            [ruff, *command, "--stdin-filename", target, "-"],
            input=text,
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        ).stdout
    return text


def generated(source: str, target: str) -> str:
    """What the sync module of ``source`` must contain."""
    text = (PACKAGE / source).read_text(encoding="utf-8")
    if not text.startswith(SOURCE_MARKER):
        raise SystemExit(f"src/metricsdk/{source} must start with: {SOURCE_MARKER}")
    sync = HEADER.format(source=source.rsplit("/", 1)[-1]) + unasync(text)
    return formatted(sync, f"src/metricsdk/{target}")


def main(argv: list[str]) -> int:
    check = argv == ["--check"]
    stale = []
    for source, target in SOURCES.items():
        expected = generated(source, target)
        path = PACKAGE / target
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == expected:
            continue
        if check:
            stale.append(f"src/metricsdk/{target}")
        else:
            path.write_text(expected, encoding="utf-8")
    if stale:
        print("out of date with their async sources (run python scripts/unasync.py):")
        print("\n".join(f"  {name}" for name in stale))
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
