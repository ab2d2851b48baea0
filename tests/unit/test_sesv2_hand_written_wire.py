"""``BatchGetMetricData`` is written and read by hand (its first call loads no cattrs): these
tests hold the hand-written functions to what the AWS converter makes of the same models, for
generated requests and for answers valid, odd and broken."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from metricsdk._core.aws_protocol import AWS_CONVERTER
from metricsdk._core.converters import read_answer, structure_answer
from metricsdk.errors import MalformedResponseError
from metricsdk.sesv2 import BatchGetMetricDataQuery, BatchGetMetricDataResponse
from metricsdk.sesv2.operations import query_to_wire, response_from_wire
from tests.parity.test_sesv2_parity import queries

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(queries())
def test_query_to_wire_is_what_the_converter_writes(qs: list[BatchGetMetricDataQuery]) -> None:
    for query in qs:
        written = query_to_wire(query)
        assert written == AWS_CONVERTER.unstructure(query)
        assert list(written) == list(AWS_CONVERTER.unstructure(query))  # the same member order


# Each member's good values and the wrong ones a broken service could send.
anything = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8)
epochs = st.integers(0, 4_000_000_000) | st.floats(0, 4e9, allow_nan=False)
timestamps = (
    epochs
    | st.sampled_from(["2026-01-01T00:00:00Z", "2026-01-01T00:00:00+02:00", "not a date"])
    | st.floats()  # nan and infinities: invalid
    | st.integers(10**12, 10**20)  # past the year 9999: invalid
    | anything
)
counts = st.integers(-(2**40), 2**40) | anything
codes = st.sampled_from(["INTERNAL_FAILURE", "ACCESS_DENIED", "NEW_CODE", ""]) | anything


def member(values: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """A member's value: mostly well-formed lists, sometimes a wrong shape."""
    return st.lists(values, max_size=5) | anything | st.dictionaries(st.text(max_size=3), values)


def optional_members(**members: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    extra = st.dictionaries(st.sampled_from(["Unknown", "Future"]), anything, max_size=1)
    return st.fixed_dictionaries({}, optional=members).flatmap(
        lambda d: extra.map(lambda e: {**d, **e})
    )


results = optional_members(
    Id=st.text(max_size=5) | anything, Timestamps=member(timestamps), Values=member(counts)
)
errors = optional_members(Id=st.text(max_size=5) | anything, Code=codes, Message=anything)
answers = optional_members(
    Results=st.lists(results | anything, max_size=4) | anything,
    Errors=st.lists(errors | anything, max_size=3) | anything,
)


def _read(read: Any) -> BatchGetMetricDataResponse | str:
    try:
        value: BatchGetMetricDataResponse = read()
        return value
    except MalformedResponseError:
        return "malformed"


@SETTINGS
@given(answers)
def test_response_from_wire_reads_what_the_converter_reads(answer: dict[str, Any]) -> None:
    def by_hand() -> BatchGetMetricDataResponse:
        return structure_answer_by_hand(answer)

    def by_converter() -> BatchGetMetricDataResponse:
        return structure_answer(
            AWS_CONVERTER,
            answer,
            BatchGetMetricDataResponse,
            status=200,
            service="sesv2",
            operation="BatchGetMetricData",
        )

    assert _read(by_hand) == _read(by_converter)


def structure_answer_by_hand(answer: dict[str, Any]) -> BatchGetMetricDataResponse:
    return read_answer(
        response_from_wire, answer, status=200, service="sesv2", operation="BatchGetMetricData"
    )


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ({"Results": [{"Id": "q", "Values": [1, True]}]}, "expected int, got bool"),
        ({"Results": [{"Id": "q", "Timestamps": [[]]}]}, "expected a timestamp, got list"),
        ({"Results": {"Id": "q"}}, "expected a list, got dict"),
        ({"Errors": ["q"]}, "expected an object, got str"),
        ({"Errors": [{"Code": 5}]}, "expected str, got int"),
    ],
)
def test_a_broken_answer_names_what_is_wrong(answer: dict[str, Any], expected: str) -> None:
    with pytest.raises(MalformedResponseError, match=expected):
        structure_answer_by_hand(answer)


def test_an_unknown_error_code_is_kept_as_a_string() -> None:
    answer = response_from_wire({"Errors": [{"Id": "q", "Code": "NEW_CODE"}], "Results": None})
    assert answer.errors[0].code == "NEW_CODE"
    assert answer.results == []
