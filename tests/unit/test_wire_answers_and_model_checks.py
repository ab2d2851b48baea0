"""The helpers several services share: a Smithy integer check, reading a JSON answer and
checking a listing's next-page token (metricsdk._core.model_checks and wire_answers)."""

from __future__ import annotations

import attrs
import pytest

from metricsdk._core.aws_protocol import AWS_CONVERTER
from metricsdk._core.model_checks import INT32, checked_integer
from metricsdk._core.wire_answers import next_page_token, parse_json_answer
from metricsdk.errors import InvalidInputError, MalformedResponseError


@attrs.frozen(kw_only=True)
class _Page:
    next_token: str | None = None


@attrs.frozen(kw_only=True)
class _Nothing:
    pass


def test_checked_integer_keeps_none_and_integers_in_range() -> None:
    assert checked_integer("page_size", None, 1, 50) is None
    assert checked_integer("page_size", 50, 1, 50) == 50
    assert checked_integer("max_results", INT32[0], *INT32) == -(2**31)


@pytest.mark.parametrize(
    ("value", "rule"),
    [
        (True, "must be an integer, got bool"),
        ("5", "must be an integer, got str"),
        (51, "must be from 1 to 50, got 51"),
        (0, "must be from 1 to 50, got 0"),
    ],
)
def test_checked_integer_names_the_field_and_the_rule(value: object, rule: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        checked_integer("page_size", value, 1, 50)
    assert caught.value.field == "page_size"
    assert rule in str(caught.value)


def test_parse_json_answer_reads_the_object() -> None:
    page = parse_json_answer(
        AWS_CONVERTER, b'{"NextToken": "t"}', _Page, service="s", operation="Op"
    )
    assert page == _Page(next_token="t")


def test_an_empty_body_is_an_answer_only_where_it_may_be_empty() -> None:
    assert (
        parse_json_answer(
            AWS_CONVERTER, b" ", _Nothing, service="s", operation="Stop", may_be_empty=True
        )
        == _Nothing()
    )
    with pytest.raises(MalformedResponseError) as caught:
        parse_json_answer(AWS_CONVERTER, b"", _Page, service="svc", operation="List")
    assert caught.value.service == "svc"
    assert "List" in str(caught.value)


def test_a_body_of_the_wrong_shape_is_malformed() -> None:
    with pytest.raises(MalformedResponseError):
        parse_json_answer(AWS_CONVERTER, b"[1, 2]", _Page, service="s", operation="List")


def test_next_page_token() -> None:
    assert next_page_token("s", "List", None, "a") == "a"
    assert next_page_token("s", "List", "a", "b") == "b"
    assert next_page_token("s", "List", "a", "") is None
    assert next_page_token("s", "List", "a", None) is None
    with pytest.raises(MalformedResponseError, match="List: the answer repeats the NextToken"):
        next_page_token("s", "List", "a", "a")
