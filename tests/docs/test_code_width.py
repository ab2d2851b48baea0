"""Every line of a code block in the docs fits in 88 columns: the width the site shows without
scrolling (docs/assets/extra.css sets the code font for it; the browser test measures the
rendered pages). Python blocks are also kept so by `ruff format` (docs/ruff.toml); this covers
the others (shell, trees, configuration) and comments."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WIDTH = 88
FENCE = "```"


def long_code_lines(text: str) -> list[int]:
    """Numbers of the lines inside fenced blocks that are wider than `WIDTH`."""
    found = []
    inside = False
    for number, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith(FENCE):
            inside = not inside
        elif inside and len(line) > WIDTH:
            found.append(number)
    return found


def test_only_long_lines_inside_code_blocks_are_found() -> None:
    prose = "x" * 120
    text = f"{prose}\n{FENCE}bash\n{'y' * WIDTH}\n{'z' * (WIDTH + 1)}\n{FENCE}\n{prose}\n"
    assert long_code_lines(text) == [4]


def test_code_blocks_fit_the_content_width() -> None:
    pages = sorted((ROOT / "docs").rglob("*.md"))
    assert len(pages) > 20
    problems = [
        f"{page.relative_to(ROOT)}:{number}"
        for page in pages
        for number in long_code_lines(page.read_text(encoding="utf-8"))
    ]
    assert not problems, f"code lines wider than {WIDTH} columns:\n" + "\n".join(problems)
