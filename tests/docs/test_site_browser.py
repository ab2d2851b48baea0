"""The docs site as readers use it, in a real browser: build it, serve it on loopback and drive
Debian's Chromium with Playwright (no browser download: scripts/test installs `chromium`).

- searching for a public class's short name finds its reference entry in the top 3 results;
- every page loads without a JavaScript error, a failed request or a request to another host;
- no code block is wider than the content column on a desktop screen, and none has its first
  line under the copy button;
- every class entry whose class has a constructor shows its signature, with every argument;
- each page's menu entry and title agree;
- at 400 px, names in table cells are never cut mid-word.
"""

from __future__ import annotations

import enum
import functools
import http.server
import importlib
import inspect
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 400, "height": 800}

sys.path.insert(0, str(ROOT / "scripts"))
from check_site import PUBLIC_MODULES  # noqa: E402

# --- the site, served ------------------------------------------------------------------------


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site_dir = tmp_path_factory.mktemp("site")
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", site_dir],
        cwd=ROOT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=True,
        timeout=300,
    )
    return site_dir


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def page_paths(site: Path) -> list[str]:
    paths = []
    for index in sorted(site.rglob("index.html")):
        folder = index.parent.relative_to(site).as_posix()
        paths.append("" if folder == "." else f"{folder}/")
    return paths


# --- one desktop visit of every page, recording what the tests below check ------------------


@dataclass
class Visit:
    path: str
    problems: list[str] = field(default_factory=list)  # JS errors, failed or foreign requests
    wide_code: list[str] = field(default_factory=list)
    under_copy_button: list[str] = field(default_factory=list)
    menu_entry: str = ""
    title: str = ""
    class_signatures: dict[str, str | None] = field(default_factory=dict)

    def __repr__(self) -> str:  # what pytest prints of the fixture on a failure
        return f"Visit({self.path!r})"


# The first line of each code block and the copy button's box, in the page.
WIDE_CODE_JS = """() => [...document.querySelectorAll('pre > code')]
  .filter(code => code.scrollWidth > code.clientWidth)
  .map(code => code.textContent.split('\\n').reduce((a, b) => (b.length > a.length ? b : a)))"""

UNDER_BUTTON_JS = """() => [...document.querySelectorAll('pre > code')].flatMap(code => {
  const button = code.parentElement.querySelector('.md-clipboard');
  if (!button) return [];
  const range = document.createRange();
  range.setStart(code, 0);
  const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const end = node.data.indexOf('\\n');
    range.setEnd(node, end < 0 ? node.data.length : end);
    if (end >= 0) break;
  }
  const line = range.getBoundingClientRect();
  const box = button.getBoundingClientRect();
  const overlaps = line.width > 0 && line.right > box.left && line.top < box.bottom;
  return overlaps ? [range.toString()] : [];
})"""

SIGNATURES_JS = """() => Object.fromEntries(
  [...document.querySelectorAll('div.doc-object.doc-class')].map(entry => {
    const heading = entry.querySelector(':scope > .doc-heading');
    const signature = entry.querySelector(':scope > .doc-signature');
    return [heading.id, signature ? signature.textContent : null];
  }))"""

MENU_ENTRY_JS = """() => {
  const active = document.querySelector('.md-nav--primary a.md-nav__link--active');
  return active ? active.textContent.trim() : '';
}"""


def settle(page: Page, pending: set[object]) -> None:
    """Wait until the page's requests (the search index and its worker come after "load")
    have all ended, twice in a row: quicker than the browser's half-second "network idle"."""
    quiet = 0
    for _ in range(200):
        page.wait_for_timeout(25)
        quiet = quiet + 1 if not pending else 0
        if quiet == 2:
            return
    raise AssertionError(f"{page.url}: requests still pending: {pending}")


@pytest.fixture(scope="module")
def visits(browser: Browser, base_url: str, site: Path) -> list[Visit]:
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    current: list[Visit] = []
    loopback = urlparse(base_url).netloc

    def note(problem: str) -> None:
        current[-1].problems.append(problem)

    page.on("pageerror", lambda error: note(f"JS error: {error}"))
    page.on(
        "console",
        lambda message: (
            note(f"console {message.type}: {message.text}")
            if message.type in ("error", "warning")
            else None
        ),
    )
    page.on(
        "requestfailed",
        lambda request: note(f"failed request {request.url}: {request.failure}"),
    )
    page.on(
        "response",
        lambda response: (
            note(f"HTTP {response.status} for {response.url}") if response.status >= 400 else None
        ),
    )
    pending: set[object] = set()

    def started(request: Any) -> None:
        pending.add(request)
        if urlparse(request.url).netloc != loopback:
            note(f"request to another host: {request.url}")

    def ended(request: Any) -> None:
        pending.discard(request)

    page.on("request", started)
    page.on("requestfinished", ended)
    page.on("requestfailed", ended)
    try:
        for path in page_paths(site):
            current.append(Visit(path))
            page.goto(base_url + path)
            settle(page, pending)
            visit = current[-1]
            visit.wide_code = page.evaluate(WIDE_CODE_JS)
            visit.under_copy_button = page.evaluate(UNDER_BUTTON_JS)
            visit.menu_entry = page.evaluate(MENU_ENTRY_JS)
            visit.title = page.locator("article h1").first.inner_text().removesuffix("¶").strip()
            visit.class_signatures = page.evaluate(SIGNATURES_JS)
    finally:
        context.close()
    return current


def test_every_page_was_visited(visits: list[Visit]) -> None:
    assert len(visits) >= 20
    assert any(visit.class_signatures for visit in visits)


def test_every_page_loads_cleanly(visits: list[Visit]) -> None:
    problems = [f"/{visit.path}: {problem}" for visit in visits for problem in visit.problems]
    assert not problems, "\n".join(problems)


def test_no_code_block_is_wider_than_the_content(visits: list[Visit]) -> None:
    wide = [f"/{visit.path}: {line.strip()}" for visit in visits for line in visit.wide_code]
    assert not wide, "code blocks that scroll:\n" + "\n".join(wide)


def test_no_first_line_runs_under_the_copy_button(visits: list[Visit]) -> None:
    covered = [f"/{v.path}: {line.strip()}" for v in visits for line in v.under_copy_button]
    assert not covered, "first lines under the copy button:\n" + "\n".join(covered)


def test_menu_entries_and_titles_agree(visits: list[Visit]) -> None:
    """Every word of a page's menu entry is in its title (a menu may shorten a title)."""
    disagree = [
        f"/{visit.path}: menu {visit.menu_entry!r}, title {visit.title!r}"
        for visit in visits
        if visit.path and visit.menu_entry
        if not set(visit.menu_entry.lower().split()) <= set(visit.title.lower().split())
    ]
    assert not disagree, "\n".join(disagree)
    assert all(visit.menu_entry for visit in visits if visit.path), "a page has no menu entry"


# --- signatures ------------------------------------------------------------------------------


def resolve(dotted: str) -> object:
    """The object a reference anchor (``metricsdk.sesv2.models.Metric``) names."""
    parts = dotted.split(".")
    for split in range(len(parts), 0, -1):
        try:
            obj: object = importlib.import_module(".".join(parts[:split]))
        except ImportError:
            continue
        for name in parts[split:]:
            obj = getattr(obj, name)
        return obj
    raise LookupError(dotted)


def constructed_by_caller(cls: type) -> bool:
    """Whether readers build the class with arguments: not an enum, not a protocol, and with
    a constructor of its own or its package's (not ``object``'s or ``Exception``'s)."""
    if issubclass(cls, enum.Enum) or getattr(cls, "_is_protocol", False):
        return False
    return inspect.isfunction(cls.__init__)


def test_the_constructor_rule_tells_models_from_enums_and_protocols() -> None:
    from metricsdk import RetryPolicy
    from metricsdk.errors import APIError, SDKError
    from metricsdk.sesv2 import Metric

    class Shape(Protocol):
        def area(self) -> float: ...

    assert constructed_by_caller(RetryPolicy) and constructed_by_caller(APIError)
    assert not constructed_by_caller(Metric)
    assert not constructed_by_caller(SDKError)
    assert not constructed_by_caller(Shape)


def test_class_entries_show_their_signatures(visits: list[Visit]) -> None:
    checked = 0
    missing = []
    for visit in visits:
        for anchor, signature in visit.class_signatures.items():
            cls = resolve(anchor)
            assert inspect.isclass(cls), anchor
            if not constructed_by_caller(cls):
                continue
            checked += 1
            expected = list(inspect.signature(cls).parameters)
            if signature is None or not signature.strip().startswith(f"{cls.__name__}("):
                missing.append(f"{anchor}: no signature")
            elif absent := [name for name in expected if name not in signature]:
                missing.append(f"{anchor}: signature lacks {absent}")
    assert checked > 80
    assert not missing, "\n".join(missing)


# --- search ----------------------------------------------------------------------------------


def public_classes() -> list[tuple[str, type]]:
    found: dict[str, type] = {}
    for module_name in PUBLIC_MODULES:
        module = importlib.import_module(module_name)
        for name in module.__all__:
            obj = getattr(module, name)
            if inspect.isclass(obj):
                found.setdefault(f"{module_name}.{name}", obj)
    return sorted(found.items())


VISIBLE_RESULTS_JS = """() => [...document.querySelectorAll('.md-search-result__list a')]
  .filter(link => !link.closest('details'))
  .map(link => link.getAttribute('href'))"""


def search(page: Page, query: str) -> list[str]:
    """The result links shown for ``query``, in order (without those folded under "more")."""
    box = page.locator("input.md-search__input")
    page.evaluate("document.querySelector('.md-search-result__list').innerHTML = ''")
    box.fill(query)
    box.dispatch_event("keyup")  # the theme searches on key strokes
    page.wait_for_function("document.querySelector('.md-search-result__list li') !== null")
    links: list[str] = page.evaluate(VISIBLE_RESULTS_JS)
    return links


def names_class(href: str, cls: type) -> bool:
    anchor = urlparse(href).fragment
    if not anchor.startswith("metricsdk.") or anchor.rsplit(".", 1)[-1] != cls.__name__:
        return False
    try:
        return resolve(anchor) is cls
    except (LookupError, AttributeError):
        return False


@pytest.fixture
def search_page(browser: Browser, base_url: str) -> Iterator[Page]:
    page = browser.new_page(viewport=DESKTOP)
    page.goto(base_url, wait_until="networkidle")
    page.locator("input.md-search__input").click()
    # The index loads in a worker: until it is ready a query brings nothing; wait for one.
    page.wait_for_function("document.querySelector('.md-search-result__meta') !== null")
    for _ in range(100):
        page.locator("input.md-search__input").fill("pacing")
        page.locator("input.md-search__input").dispatch_event("keyup")
        if page.locator(".md-search-result__list li").count():
            break
        page.wait_for_timeout(100)
    yield page
    page.close()


def test_short_name_search_finds_every_public_class_in_the_top_3(search_page: Page) -> None:
    classes = public_classes()
    assert len(classes) > 100
    misses = []
    for public_name, cls in classes:
        top = search(search_page, cls.__name__)[:3]
        if not any(names_class(href, cls) for href in top):
            misses.append(f"{cls.__name__} ({public_name}): top 3 were {top}")
    assert not misses, "\n".join(misses)


def test_a_result_names_a_class_only_by_its_own_entry() -> None:
    from metricsdk.testing import Emulator, Fault

    assert names_class("../reference/testing/#metricsdk.testing.Emulator", Emulator)
    assert not names_class("../reference/testing/#metricsdk.testing.Fault", Emulator)
    assert not names_class("../reference/testing/#metricsdk.testing.Emulator", Fault)
    assert not names_class("../testing/#the-pytest-fixture", Emulator)
    assert not names_class("../reference/testing/", Emulator)


# --- phones ----------------------------------------------------------------------------------

# A name (dotted or not) in a table cell; addresses and expressions may wrap.
BROKEN_NAMES_JS = """() => [...document.querySelectorAll('td code')]
  .filter(code => /^[\\w.]+$/.test(code.textContent) && code.getClientRects().length > 1)
  .map(code => code.textContent)"""


def test_names_in_tables_stay_whole_on_a_phone(browser: Browser, base_url: str) -> None:
    page = browser.new_page(viewport=PHONE)
    try:
        broken = {}
        for path in ("", "reference/metricsdk/", "reference/sesv2/", "sesv2/"):
            page.goto(base_url + path)
            if names := page.evaluate(BROKEN_NAMES_JS):
                broken[path] = names
            if path == "":
                wrapper = page.locator(".md-typeset__table").first
                widths = wrapper.evaluate("e => [e.scrollWidth, e.clientWidth]")
                assert widths[0] <= widths[1], "the home page's table scrolls sideways"
    finally:
        page.close()
    assert not broken, f"names cut mid-word at 400 px: {broken}"
