"""Every ```python block of the README and the docs site runs, page by page, against the
emulator — so no example on the site rots — and prints what the page says it prints.

The examples are written as production code that reads credentials and endpoints from the
environment; this harness points that environment at a running emulator. Blocks of one page
share a namespace, in order, as a reader would run them.

A comment at the end of a ``print(...)`` line shows what it prints: `expected_output` reads
those comments, and the block's output must contain a line matching each, in order. ``...``
in a comment stands for anything that legitimately varies (ids, times, URLs).
"""

from __future__ import annotations

import contextlib
import io
import re
import tokenize
from collections.abc import Iterator
from pathlib import Path

import pytest

from metricsdk.testing import Emulator

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted([ROOT / "README.md", *(ROOT / "docs").rglob("*.md")])
BLOCK = re.compile(r"^```python\n(.*?)^```", re.DOTALL | re.MULTILINE)


def python_blocks(page: Path) -> list[str]:
    return BLOCK.findall(page.read_text(encoding="utf-8"))


PAGES_WITH_CODE = [page for page in PAGES if python_blocks(page)]


@pytest.fixture
def emulator() -> Iterator[Emulator]:
    """A fresh emulator per page: one page's examples (some pace differently, or not at all)
    never spend another page's quota."""
    with Emulator() as emu:
        yield emu


pytestmark = pytest.mark.usefixtures("prompt_server_threads")


@pytest.fixture
def reader_environment(emulator: Emulator, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # Exactly what `metricsdk emulator` prints for a reader to export.
    for name, value in emulator.environment().items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(tmp_path)  # examples that write files write them here


def expected_output(block: str) -> list[str]:
    """The comments at the end of the block's ``print(...)`` lines, in order."""
    lines = block.splitlines()
    expected = []
    for token in tokenize.generate_tokens(io.StringIO(block).readline):
        if token.type != tokenize.COMMENT:
            continue
        if lines[token.start[0] - 1].lstrip().startswith("print("):
            expected.append(token.string.removeprefix("#").strip())
    return expected


def output_pattern(expected: str) -> re.Pattern[str]:
    return re.compile(".*".join(re.escape(part) for part in expected.split("...")))


def check_output(where: str, printed: str, expected: list[str]) -> None:
    remaining = printed.splitlines()
    for want in expected:
        pattern = output_pattern(want)
        for index, line in enumerate(remaining):
            if pattern.fullmatch(line.strip()):
                remaining = remaining[index + 1 :]
                break
        else:
            raise AssertionError(f"{where} should print {want!r}; it printed:\n{printed}")


def test_expected_output_is_read_from_print_comments() -> None:
    block = 'x = 1  # not a print\nprint("a # b", x)  # a # b ...\nprint(2)\n'
    assert expected_output(block) == ["a # b ..."]
    check_output("example", "a # b 1\n", ["a # b ..."])
    with pytest.raises(AssertionError, match="should print"):
        check_output("example", "a # c 1\n", ["a # b ..."])
    with pytest.raises(AssertionError, match="should print"):  # in order, each line once
        check_output("example", "x\ny\n", ["y", "x"])


def test_the_docs_have_examples() -> None:
    assert len(PAGES_WITH_CODE) >= 5


@pytest.mark.usefixtures("reader_environment")
@pytest.mark.parametrize("page", PAGES_WITH_CODE, ids=lambda p: str(p.relative_to(ROOT)))
def test_page_examples_run(page: Path) -> None:
    namespace: dict[str, object] = {"__name__": "__docs_example__"}
    for number, block in enumerate(python_blocks(page), start=1):
        where = f"{page.name}[block {number}]"
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            exec(compile(block, where, "exec"), namespace)
        check_output(where, printed.getvalue(), expected_output(block))
