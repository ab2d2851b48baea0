"""The sync modules are generated from their async sources (scripts/unasync.py): they must be
what the generator writes today, and the rewriting itself must do what it says."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _generator():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("unasync_script", ROOT / "scripts" / "unasync.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["unasync_script"] = module
    spec.loader.exec_module(module)
    return module


def test_every_generated_module_is_current() -> None:
    generator = _generator()
    stale = [
        target
        for source, target in generator.SOURCES.items()
        if (generator.PACKAGE / target).read_text(encoding="utf-8")
        != generator.generated(source, target)
    ]
    assert stale == [], f"run `python scripts/unasync.py`: {stale} differ from their sources"


def test_the_rewriting_of_words_and_phrases() -> None:
    unasync = _generator().unasync
    source = (
        "async def f(client: httpx.AsyncClient) -> AsyncIterator[int]:\n"
        '    """Awaited by the event loop; see ``async with``."""\n'
        "    async with lock:\n"
        "        async for item in await client.aiter_bytes():\n"
        "            await async_primitives.sleep(1)\n"
        "    await self._transport.aclose()\n"
    )
    assert unasync(source) == (
        "def f(client: httpx.Client) -> Iterator[int]:\n"
        '    """Awaited by the event loop; see ``with``."""\n'
        "    with lock:\n"
        "        for item in client.iter_bytes():\n"
        "            sync_primitives.sleep(1)\n"
        "    self._transport.close()\n"
    )


def test_names_that_merely_contain_a_word_are_left_alone() -> None:
    unasync = _generator().unasync
    assert unasync("awaiting = asyncio_like + my_aclose_count") == (
        "awaiting = asyncio_like + my_aclose_count"
    )
