"""Every ```python block of the README and the docs site runs, page by page, against the
emulator — so no example on the site rots.

The examples are written as production code that reads credentials and endpoints from the
environment; this harness points that environment at a running emulator. Blocks of one page
share a namespace, in order, as a reader would run them.
"""

from __future__ import annotations

import re
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


@pytest.fixture(scope="module")
def emulator() -> Iterator[Emulator]:
    with Emulator() as emu:
        yield emu


pytestmark = pytest.mark.usefixtures("prompt_server_threads")


@pytest.fixture
def reader_environment(emulator: Emulator, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    credentials = emulator.aws_credentials
    environment = {
        "AWS_ACCESS_KEY_ID": credentials.access_key_id,
        "AWS_SECRET_ACCESS_KEY": credentials.secret_access_key,
        "AWS_REGION": "us-east-1",
        "AWS_ENDPOINT_URL": emulator.url,
        "BLENDVISION_API_TOKEN": emulator.blendvision_api_token,
        "BLENDVISION_ORG_ID": emulator.blendvision_org_id,
        "BLENDVISION_BASE_URL": emulator.url,
        "ORACLE_IOT_BASE_URL": emulator.url,
        "ORACLE_IOT_USERNAME": emulator.oracle_username,
        "ORACLE_IOT_PASSWORD": emulator.oracle_password,
    }
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(tmp_path)  # examples that write files write them here


def test_the_docs_have_examples() -> None:
    assert len(PAGES_WITH_CODE) >= 5


@pytest.mark.usefixtures("reader_environment")
@pytest.mark.parametrize("page", PAGES_WITH_CODE, ids=lambda p: str(p.relative_to(ROOT)))
def test_page_examples_run(page: Path) -> None:
    namespace: dict[str, object] = {"__name__": "__docs_example__"}
    for number, block in enumerate(python_blocks(page), start=1):
        code = compile(block, f"{page.name}[block {number}]", "exec")
        exec(code, namespace)
