"""MkDocs hook: searching for a class's short name finds its reference entry first.

The theme's search ranks a page above its own sections and scores words by rarity, so plain
prose can outrank the entry a reader is looking for: the guide page "Testing with the
emulator" beats the `Emulator` entry, and `Pacer` (a word found everywhere) loses to the rarer
`PacerUnavailableError`, which also begins with "pacer" (every query word is a prefix).
A class entry already outranks prose when its name is a word of its own; this hook raises,
in the built search index, the weight of the entries of classes whose names begin other words
of the site (`Limit`: "limits", `Pacer`: "PacerUnavailableError") by `PREFIX_BOOST`: enough to
outrank the rarity of those words and a page title (weighed 2.5 times a section title), and not
enough for the entry's text to outrank any title. Other searches keep their order.

The browser test (tests/docs/test_site_browser.py) checks the result for every public class.
Used by mkdocs.yml (``hooks:``).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from mkdocs.plugins import event_priority

PREFIX_BOOST = 25

# mkdocstrings renders a class as a heading carrying its identifier and a class-name span.
CLASS_HEADING = re.compile(
    r'<h[1-6] id="(?P<anchor>[^"]+)" class="doc doc-heading">\s*'
    r'<span class="doc doc-object-name doc-class-name">'
)
TAG = re.compile(r"<[^>]+>")
WORD = re.compile(r"[a-z0-9_]+")

_entries: set[str] = set()


def on_pre_build(**kwargs: Any) -> None:
    _entries.clear()  # `mkdocs serve` rebuilds in the same process


def on_page_content(html: str, page: Any, **kwargs: Any) -> str:
    """Note the search locations of the class entries on this page."""
    for match in CLASS_HEADING.finditer(html):
        _entries.add(f"{page.url}#{match['anchor']}")
    return html


@event_priority(-100)  # after the search plugin has written the index
def on_post_build(config: Any, **kwargs: Any) -> None:
    path = Path(config["site_dir"]) / "search" / "search_index.json"
    index = json.loads(path.read_text(encoding="utf-8"))
    words = site_words(index["docs"])
    names = {short_name(location) for location in _entries}
    for doc in index["docs"]:
        if doc["location"] in _entries and begins_other_words(doc["location"], words):
            # A class whose name begins another class's (`Archive`, `ArchiveFilterCondition`)
            # is boosted once more, so that its own name finds it before the longer one.
            name = short_name(doc["location"])
            prefixes = any(other != name and other.startswith(name) for other in names)
            doc["boost"] = PREFIX_BOOST * (2 if prefixes else 1)
    path.write_text(json.dumps(index, separators=(",", ":")), encoding="utf-8")


def site_words(docs: list[dict[str, Any]]) -> set[str]:
    """Every word of the index's titles and texts, lowercased (a superset of the search's
    own tokens, which is all `begins_other_words` needs)."""
    words: set[str] = set()
    for doc in docs:
        words |= set(WORD.findall(TAG.sub(" ", f"{doc['title']} {doc['text']}").lower()))
    return words


def short_name(location: str) -> str:
    """The lowercased short name of the class whose entry is at ``location``."""
    return location.rsplit("#", 1)[1].rsplit(".", 1)[-1].lower()


def begins_other_words(location: str, words: set[str]) -> bool:
    """Whether the short name of the class at ``location`` begins other words of the site."""
    name = short_name(location)
    return any(word != name and word.startswith(name) for word in words)
