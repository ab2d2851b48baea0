"""`TableConversion`: the one signature and import step the table conversions share."""

from __future__ import annotations

from collections.abc import Sequence
from types import ModuleType
from typing import Any

import pytest

from metricsdk._core.tables import Column, Kind, TableConversion, to_arrow, to_pandas


def _names(module: ModuleType, columns: Sequence[Column], data: Sequence[list[Any]]) -> Any:
    return (module.__name__, [column.name for column in columns], list(data))


def test_it_imports_the_library_and_builds_from_it() -> None:
    convert = TableConversion("json", _names, "Names.")
    columns = [Column("a", Kind.TEXT)]
    assert convert(columns, [["x"]], needed_by="test") == ("json", ["a"], [["x"]])
    assert convert.__doc__ == "Names."


def test_a_missing_library_says_what_to_install_and_what_works_instead() -> None:
    convert = TableConversion("metricsdk_no_such_library", _names, "Never.")
    with pytest.raises(ImportError, match=r"Thing\.to_x\(\) needs .* or use to_rows\(\)"):
        convert([], [], needed_by="Thing.to_x()")
    with pytest.raises(ImportError, match="or use csv"):
        convert([], [], needed_by="Thing.to_x()", instead="csv")


def test_the_conversions_keep_their_docstrings() -> None:
    assert to_pandas.__doc__ is not None and "pandas.DataFrame" in to_pandas.__doc__
    assert to_arrow.__doc__ is not None and "pyarrow.Table" in to_arrow.__doc__
