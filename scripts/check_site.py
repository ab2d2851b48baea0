"""Check a built docs site as a reader would rely on it: every public name is findable through
the search index, the API reference shows what a user calls and nothing else (every client's
``close``/``aclose`` and ``with`` support, no private helper), and no internal link or anchor is
broken, and the sitemap lists every page.

Usage: python scripts/check_site.py SITE_DIR   (exits 1 and lists what is wrong)

mkdocs --strict already refuses broken links between Markdown pages; this also covers the
links and anchors that mkdocstrings and the theme generate, on the HTML as served.
"""

from __future__ import annotations

import importlib
import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlparse

PUBLIC_MODULES = [
    "metricsdk",
    "metricsdk.errors",
    "metricsdk.credentials",
    "metricsdk.pacing",
    "metricsdk.pacing_redis",
    "metricsdk.sesv2",
    "metricsdk.mailmanager",
    "metricsdk.blendvision",
    "metricsdk.oracle_iot",
    "metricsdk.testing",
]


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        if tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")


def public_names() -> list[str]:
    names = []
    for module_name in PUBLIC_MODULES:
        module = importlib.import_module(module_name)
        names += [name for name in getattr(module, "__all__", []) if not name.startswith("_")]
    return sorted(set(names) - {"__version__"})


def missing_from_search(site: Path) -> list[str]:
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    text = " ".join(doc["title"] + " " + doc["text"] for doc in index["docs"])
    return [name for name in public_names() if name not in text]


CLIENTS = [
    "metricsdk.sesv2.SESv2Client",
    "metricsdk.mailmanager.MailManagerClient",
    "metricsdk.blendvision.BlendVisionClient",
    "metricsdk.oracle_iot.OracleIoTClient",
]


def reference_problems(site: Path) -> list[str]:
    """Client entries lacking their lifecycle methods; module-level entries that are not public
    (not in their module's ``__all__``)."""
    ids: set[str] = set()
    for path in (site / "reference").rglob("*.html"):
        ids |= _parse(path).ids
    problems = []
    for client in CLIENTS:
        module, name = client.rsplit(".", 1)
        for method in ("close", "__enter__", "__exit__"):
            if f"{client}.{method}" not in ids:
                problems.append(f"reference: {client} does not show {method}")
        for method in ("aclose", "__aenter__", "__aexit__"):
            if f"{module}.Async{name}.{method}" not in ids:
                problems.append(f"reference: {module}.Async{name} does not show {method}")
    for anchor in sorted(i for i in ids if i.startswith("metricsdk.")):
        module_name, _, name = anchor.rpartition(".")
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue  # a member of a class, not a module-level name
        public = getattr(module, "__all__", None)
        if public is not None and name not in public and not _is_module(f"{module_name}.{name}"):
            problems.append(f"reference: {anchor} is not public (not in {module_name}.__all__)")
    return problems


def _is_module(name: str) -> bool:
    try:
        importlib.import_module(name)
    except ImportError:
        return False
    return True


def broken_links(site: Path) -> list[str]:
    pages = {path: _parse(path) for path in site.rglob("*.html")}
    problems = []
    for path, page in pages.items():
        base = "/" + path.relative_to(site).as_posix()
        for href in page.links:
            target, anchor = urldefrag(urljoin(base, href))
            if urlparse(target).scheme or urlparse(href).scheme:
                continue  # external
            file = site / unquote(target).lstrip("/")
            if file.is_dir() or target.endswith("/"):
                file = file / "index.html"
            if file not in pages and not file.exists():
                problems.append(f"{base}: link to missing {href}")
            elif anchor and file in pages and anchor not in pages[file].ids:
                problems.append(f"{base}: link to missing anchor {href}")
    return problems


def sitemap_problems(site: Path) -> list[str]:
    """Pages missing from sitemap.xml (empty when ``site_url`` is unset). Its addresses are
    absolute: compared below the home page's, so any ``site_url`` path will do."""
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    paths = sorted(
        urlparse(unquote(loc)).path for loc in re.findall(r"<loc>([^<]*)</loc>", sitemap)
    )
    home = paths[0] if paths else "/"
    listed = {"/" + path.removeprefix(home) for path in paths}
    pages = set()
    for index in site.rglob("index.html"):
        folder = index.parent.relative_to(site).as_posix()
        pages.add("/" if folder == "." else f"/{folder}/")
    return [f"sitemap.xml: {page} is not listed" for page in sorted(pages - listed)]


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def main() -> int:
    site = Path(sys.argv[1])
    problems = [f"not in the search index: {name}" for name in missing_from_search(site)]
    problems += reference_problems(site)
    problems += broken_links(site)
    problems += sitemap_problems(site)
    for problem in problems:
        print(problem)
    print(f"site check: {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
