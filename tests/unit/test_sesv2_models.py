"""Every validation rule of the SES v2 models, with the message it shows."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from metricsdk.errors import InvalidInputError
from metricsdk.sesv2 import (
    BatchGetMetricDataQuery,
    BatchGetMetricDataRequest,
    Metric,
    MetricDimensionName,
    MetricNamespace,
)

START = datetime(2026, 1, 1, tzinfo=timezone.utc)
END = datetime(2026, 1, 8, tzinfo=timezone.utc)


def query(**overrides: object) -> BatchGetMetricDataQuery:
    fields: dict[str, object] = {
        "id": "q1",
        "metric": Metric.SEND,
        "start_date": START,
        "end_date": END,
    }
    fields.update(overrides)
    return BatchGetMetricDataQuery(**fields)  # type: ignore[arg-type]


def test_defaults_and_normalisation() -> None:
    q = query(
        metric="OPEN",
        start_date=datetime(2026, 1, 1),
        end_date=date(2026, 1, 8),
        dimensions={"EMAIL_IDENTITY": "example.com"},
    )
    assert q.metric is Metric.OPEN
    assert q.namespace is MetricNamespace.VDM
    assert q.start_date == START and q.start_date.tzinfo is not None
    assert q.end_date == END
    assert q.dimensions == {MetricDimensionName.EMAIL_IDENTITY: "example.com"}


def test_aware_datetimes_are_converted_to_utc() -> None:
    plus2 = timezone(timedelta(hours=2))
    q = query(start_date=datetime(2026, 1, 1, 2, tzinfo=plus2))
    assert q.start_date == START and q.start_date.utcoffset() == timedelta(0)


@pytest.mark.parametrize(
    ("overrides", "field", "rule"),
    [
        ({"id": ""}, "id", "1 to 255 characters"),
        ({"id": "x" * 256}, "id", "1 to 255 characters"),
        ({"id": 5}, "id", "must be a string"),
        ({"metric": "SENDS"}, "metric", "must be one of SEND"),
        ({"namespace": "OTHER"}, "namespace", "must be one of VDM"),
        ({"start_date": "2026-01-01"}, "start_date", "must be a datetime or a date"),
        ({"dimensions": {}}, "dimensions", "1 to 3 dimensions"),
        (
            {
                "dimensions": dict.fromkeys(
                    ["EMAIL_IDENTITY", "ISP", "CONFIGURATION_SET", "TENANT_NAME"], "a"
                )
            },
            "dimensions",
            "1 to 3 dimensions",
        ),
        ({"dimensions": {"COUNTRY": "x"}}, "dimensions", "must be one of EMAIL_IDENTITY"),
        ({"dimensions": {"ISP": 3}}, "dimensions[ISP]", "must be a string"),
        ({"dimensions": ["ISP"]}, "dimensions", "must be a mapping"),
    ],
)
def test_query_rules(overrides: dict[str, object], field: str, rule: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        query(**overrides)
    assert caught.value.field == field
    assert rule in caught.value.rule


def test_wildcard_with_single_values_is_accepted() -> None:
    q = query(dimensions={"EMAIL_IDENTITY": "*", "ISP": "Gmail"})
    assert q.dimensions is not None and len(q.dimensions) == 2


@pytest.mark.parametrize(
    "overrides",
    [
        # The model sets no order between the dates: the service judges the interval.
        {"start_date": END, "end_date": START},
        {"start_date": START, "end_date": START},
        # A dimension value is one string with no constraint in the model (sesv2 2019-09-27,
        # MetricDimensionValue): sent as given, whatever it holds.
        {"dimensions": {"ISP": ""}},
        {"dimensions": {"ISP": "Gmail,,Yahoo"}},
        {"dimensions": {"ISP": ",".join(f"i{n}" for n in range(11))}},
        {"dimensions": {"EMAIL_IDENTITY": "*", "ISP": "Gmail,Yahoo"}},
        {"dimensions": {"EMAIL_IDENTITY": "*", "ISP": "*"}},
    ],
)
def test_what_the_model_allows_is_accepted_as_given(overrides: dict[str, object]) -> None:
    q = query(**overrides)
    for name, value in overrides.items():
        assert getattr(q, name) == value


def test_ids_may_repeat_within_a_batch() -> None:
    # The model asks nothing of the ids of a batch; get_metric_data does (see batching).
    request = BatchGetMetricDataRequest(queries=[query(id="same"), query(id="same")])
    assert [q.id for q in request.queries] == ["same", "same"]


@pytest.mark.parametrize(
    ("queries", "rule"),
    [
        ([], "1 to 10 queries"),
        ([query(id=f"q{i}") for i in range(11)], "1 to 10 queries"),
        ("q1", "must be a list"),
        ([{"id": "q1"}], "must be a BatchGetMetricDataQuery"),
    ],
)
def test_batch_rules(queries: object, rule: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        BatchGetMetricDataRequest(queries=queries)  # type: ignore[arg-type]
    assert caught.value.field.startswith("queries")
    assert rule in str(caught.value)


def test_a_full_batch_is_accepted() -> None:
    request = BatchGetMetricDataRequest(queries=[query(id=f"q{i}") for i in range(10)])
    assert len(request.queries) == 10
