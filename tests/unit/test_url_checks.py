"""The URL and destination checks that base URLs, download links and exports share."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from metricsdk._core.download import check_destination, checked_link
from metricsdk._core.endpoints import check_base_url, http_url
from metricsdk.errors import InvalidInputError


def test_http_url_parses_an_absolute_http_url() -> None:
    parsed = http_url("url", "https://example.com/a?b=1", invalid="bad", not_http="not http")
    assert (parsed.host, parsed.path) == ("example.com", "/a")


@pytest.mark.parametrize(
    ("url", "rule"),
    [("http://[::1", "bad"), ("ftp://example.com", "not http"), ("/relative", "not http")],
)
def test_http_url_names_the_field_and_the_callers_rule(url: str, rule: str) -> None:
    with pytest.raises(InvalidInputError) as raised:
        http_url("url", url, invalid="bad", not_http="not http")
    assert (raised.value.field, raised.value.rule) == ("url", rule)


def test_each_caller_keeps_its_own_wording() -> None:
    with pytest.raises(InvalidInputError, match="its link is not an absolute http"):
        checked_link("job_id", "ftp://example.com/file", "no link")
    with pytest.raises(InvalidInputError, match="must be an http:// or https:// URL with a host"):
        check_base_url("base_url", "ftp://example.com")


def test_check_destination_returns_a_path_or_none_for_a_file_object(tmp_path: Path) -> None:
    assert check_destination(tmp_path / "out.csv") == tmp_path / "out.csv"
    assert check_destination(io.BytesIO()) is None


@pytest.mark.parametrize("case", ["folder", "missing folder", "not writable"])
def test_check_destination_refuses_what_a_download_could_not_write(
    tmp_path: Path, case: str
) -> None:
    destination = {
        "folder": tmp_path,
        "missing folder": tmp_path / "absent" / "out.csv",
        "not writable": object(),
    }[case]
    with pytest.raises(InvalidInputError) as raised:
        check_destination(destination)  # type: ignore[arg-type]
    assert raised.value.field == "destination"
