"""The API reference's signatures of attrs classes (written by scripts/griffe_attrs.py from the
source, without running it) are the ones attrs generates at runtime: same arguments, in the
same order, of the same kinds, with defaults where attrs has them."""

from __future__ import annotations

import importlib
import inspect
import sys
from pathlib import Path

import attrs
import griffe
import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

from griffe_attrs import AttrsSignatures  # noqa: E402


def _attrs_classes(obj: griffe.Module | griffe.Class) -> list[griffe.Class]:
    found = []
    for member in obj.members.values():
        if member.is_alias:
            continue
        if isinstance(member, griffe.Module):
            found += _attrs_classes(member)
        elif isinstance(member, griffe.Class):
            runtime = _runtime(member)
            if inspect.isclass(runtime) and attrs.has(runtime):
                found.append(member)
            found += _attrs_classes(member)
    return found


def _runtime(cls: griffe.Class) -> object:
    module = importlib.import_module(cls.module.path)
    obj: object = module
    for part in cls.path.removeprefix(cls.module.path + ".").split("."):
        obj = getattr(obj, part, None)
    return obj


PACKAGE = griffe.load(
    "metricsdk",
    search_paths=[str(ROOT / "src")],
    extensions=griffe.load_extensions(AttrsSignatures()),
)
CLASSES = _attrs_classes(PACKAGE)


def test_there_are_attrs_classes_to_check() -> None:
    assert len(CLASSES) > 50


@pytest.mark.parametrize("cls", CLASSES, ids=lambda cls: cls.path)
def test_signature_matches_runtime(cls: griffe.Class) -> None:
    runtime = inspect.signature(_runtime(cls))  # type: ignore[arg-type]
    written = [p for p in cls.members["__init__"].parameters if p.name != "self"]
    assert [p.name for p in written] == list(runtime.parameters)
    for static, live in zip(written, runtime.parameters.values()):
        assert static.kind.name.upper() == live.kind.name, static.name
        assert (static.default is not None) == (live.default is not inspect.Parameter.empty), (
            static.name
        )
        assert static.annotation is not None, static.name


def test_a_plain_default_and_a_factory_are_written_as_in_the_source() -> None:
    query = PACKAGE["sesv2.models.BatchGetMetricDataQuery"].members["__init__"]
    assert str(query.parameters["namespace"].default) == "MetricNamespace.VDM"
    listing = PACKAGE["mailmanager.models.ListArchiveExportsResponse"].members["__init__"]
    assert str(listing.parameters["exports"].default) == "list()"
