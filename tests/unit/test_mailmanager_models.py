"""Every validation rule of the Mail Manager models, with the message it shows, and the filter
constructors."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Any

import pytest

from metricsdk.errors import InvalidInputError
from metricsdk.mailmanager import (
    ArchiveBooleanEmailAttribute,
    ArchiveBooleanExpression,
    ArchiveBooleanOperator,
    ArchiveBooleanToEvaluate,
    ArchiveFilterCondition,
    ArchiveFilters,
    ArchiveStringEmailAttribute,
    ArchiveStringExpression,
    ArchiveStringOperator,
    ArchiveStringToEvaluate,
    ExportDestinationConfiguration,
    ExportState,
    ExportStatus,
    GetArchiveExportRequest,
    ListArchiveExportsRequest,
    S3ExportDestinationConfiguration,
    StartArchiveExportRequest,
    StopArchiveExportRequest,
)

START = datetime(2026, 1, 1, tzinfo=timezone.utc)
END = datetime(2026, 2, 1, tzinfo=timezone.utc)
DESTINATION = ExportDestinationConfiguration.to_s3("s3://my-bucket/exports/")


def start_request(**overrides: Any) -> StartArchiveExportRequest:
    fields: dict[str, Any] = {
        "archive_id": "a-demo",
        "from_timestamp": START,
        "to_timestamp": END,
        "export_destination_configuration": DESTINATION,
    }
    fields.update(overrides)
    return StartArchiveExportRequest(**fields)


def subject(*values: Any) -> ArchiveFilterCondition:
    return ArchiveFilterCondition.subject_contains(*values)


def test_defaults_and_normalisation() -> None:
    request = start_request(from_timestamp=date(2026, 1, 1), to_timestamp=datetime(2026, 2, 1))
    assert request.from_timestamp == START and request.to_timestamp == END
    assert request.to_timestamp.tzinfo is not None
    assert (request.filters, request.max_results, request.include_metadata) == (None, None, None)
    plus2 = timezone(timedelta(hours=2))
    moved = start_request(from_timestamp=datetime(2026, 1, 1, 2, tzinfo=plus2))
    assert moved.from_timestamp == START and moved.from_timestamp.utcoffset() == timedelta(0)


def test_filter_constructors_build_the_documented_shapes() -> None:
    condition = ArchiveFilterCondition.subject_contains("invoice", "receipt")
    assert condition == ArchiveFilterCondition(
        string_expression=ArchiveStringExpression(
            evaluate=ArchiveStringToEvaluate(attribute=ArchiveStringEmailAttribute.SUBJECT),
            operator=ArchiveStringOperator.CONTAINS,
            values=["invoice", "receipt"],
        )
    )
    assert ArchiveFilterCondition.has_attachments() == ArchiveFilterCondition(
        boolean_expression=ArchiveBooleanExpression(
            evaluate=ArchiveBooleanToEvaluate(
                attribute=ArchiveBooleanEmailAttribute.HAS_ATTACHMENTS
            ),
            operator=ArchiveBooleanOperator.IS_TRUE,
        )
    )
    no_attachments = ArchiveFilterCondition.has_no_attachments().boolean_expression
    assert no_attachments is not None and no_attachments.operator is ArchiveBooleanOperator.IS_FALSE
    built = {
        ArchiveFilterCondition.from_contains("x"): ArchiveStringEmailAttribute.FROM,
        ArchiveFilterCondition.to_contains("x"): ArchiveStringEmailAttribute.TO,
        ArchiveFilterCondition.cc_contains("x"): ArchiveStringEmailAttribute.CC,
        ArchiveFilterCondition.contains(
            "ENVELOPE_TO", "x"
        ): ArchiveStringEmailAttribute.ENVELOPE_TO,
    }
    for condition, attribute in built.items():
        assert condition.string_expression is not None
        assert condition.string_expression.evaluate.attribute is attribute


def test_enum_strings_become_members_and_unknown_ones_stay_strings() -> None:
    known = ArchiveStringToEvaluate(attribute="ENVELOPE_FROM")
    assert known.attribute is ArchiveStringEmailAttribute.ENVELOPE_FROM
    assert ArchiveStringToEvaluate(attribute="REPLY_TO").attribute == "REPLY_TO"
    assert (
        ArchiveBooleanExpression(
            evaluate=ArchiveBooleanToEvaluate(attribute="HAS_ATTACHMENTS"), operator="IS_FALSE"
        ).operator
        is ArchiveBooleanOperator.IS_FALSE
    )


def test_a_full_set_of_filters_is_accepted() -> None:
    filters = ArchiveFilters(include=[subject(f"s{i}") for i in range(10)], unless=[])
    assert len(start_request(filters=filters).filters.include or []) == 10  # type: ignore[union-attr]
    values = [f"v{i}" for i in range(9)] + ["x" * 2048]
    assert subject(*values).string_expression.values == values  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("build", "field", "rule"),
    [
        (lambda: subject(), "values", "must have 1 to 10 values, got 0"),
        (lambda: subject(*[f"v{i}" for i in range(11)]), "values", "1 to 10 values, got 11"),
        (lambda: subject(""), "values[0]", "must have 1 to 2048 characters, got 0"),
        (lambda: subject("x" * 2049), "values[0]", "1 to 2048 characters"),
        (lambda: subject(7), "values[0]", "must be a string, got int"),
        (
            lambda: ArchiveStringExpression(
                evaluate=ArchiveStringToEvaluate(attribute="SUBJECT"), values="invoice"
            ),
            "values",
            "must be a list of strings",
        ),
        (
            lambda: ArchiveStringExpression(evaluate="SUBJECT", values=["x"]),  # type: ignore[arg-type]
            "evaluate",
            "must be an ArchiveStringToEvaluate, got str",
        ),
        (
            lambda: ArchiveBooleanExpression(evaluate="HAS_ATTACHMENTS", operator="IS_TRUE"),  # type: ignore[arg-type]
            "evaluate",
            "must be an ArchiveBooleanToEvaluate, got str",
        ),
        (
            lambda: ArchiveStringToEvaluate(attribute=""),
            "attribute",
            "must be an ArchiveStringEmailAttribute or its non-empty string",
        ),
        (
            lambda: ArchiveBooleanToEvaluate(attribute=None),
            "ArchiveBooleanToEvaluate",
            "set exactly one of attribute; got none",
        ),
        (
            lambda: ArchiveBooleanExpression(
                evaluate=ArchiveBooleanToEvaluate(attribute="HAS_ATTACHMENTS"),
                operator=1,  # type: ignore[arg-type]
            ),
            "operator",
            "must be an ArchiveBooleanOperator",
        ),
        (
            lambda: ArchiveFilterCondition(),
            "ArchiveFilterCondition",
            "set exactly one of string_expression, boolean_expression; got none",
        ),
        (
            lambda: ArchiveFilterCondition(
                string_expression=subject("x").string_expression,
                boolean_expression=ArchiveFilterCondition.has_attachments().boolean_expression,
            ),
            "ArchiveFilterCondition",
            "got string_expression, boolean_expression",
        ),
        (
            lambda: ArchiveFilterCondition(string_expression="SUBJECT contains x"),  # type: ignore[arg-type]
            "string_expression",
            "must be an ArchiveStringExpression, got str",
        ),
        (
            lambda: ArchiveFilters(include=[subject(f"s{i}") for i in range(11)]),
            "include",
            "must have 0 to 10 conditions, got 11",
        ),
        (
            lambda: ArchiveFilters(unless=[subject(f"s{i}") for i in range(11)]),
            "unless",
            "must have 0 to 10 conditions, got 11",
        ),
        (
            lambda: ArchiveFilters(include=[subject("x"), "subject contains y"]),  # type: ignore[list-item]
            "include[1]",
            "must be an ArchiveFilterCondition",
        ),
        (
            lambda: ArchiveFilters(unless=subject("x")),  # type: ignore[arg-type]
            "unless",
            "must be a list of ArchiveFilterCondition",
        ),
    ],
)
def test_filter_rules(build: Any, field: str, rule: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        build()
    assert caught.value.field == field
    assert rule in caught.value.rule


@pytest.mark.parametrize(
    ("overrides", "field", "rule"),
    [
        ({"archive_id": "a-"}, "archive_id", "3 to 66 characters, got 2"),
        ({"archive_id": "a-" + "x" * 65}, "archive_id", "3 to 66 characters, got 67"),
        (
            {"archive_id": "b-demo"},
            "archive_id",
            r"must match the pattern a-\w{1,64}; got 'b-demo'",
        ),
        ({"archive_id": "a-demo!"}, "archive_id", "must match the pattern"),
        ({"archive_id": "a-démo"}, "archive_id", "must match the pattern"),
        ({"archive_id": " a-demo"}, "archive_id", "must match the pattern"),
        ({"archive_id": 12345}, "archive_id", "must be a string, got int"),
        ({"from_timestamp": "2026-01-01"}, "from_timestamp", "must be a datetime or a date"),
        ({"to_timestamp": 1767225600}, "to_timestamp", "must be a datetime or a date"),
        ({"max_results": 2**31}, "max_results", "must be from -2147483648 to 2147483647"),
        ({"max_results": -(2**31) - 1}, "max_results", "must be from -2147483648 to 2147483647"),
        ({"max_results": True}, "max_results", "must be an integer, got bool"),
        ({"max_results": 2.5}, "max_results", "must be an integer, got float"),
        ({"include_metadata": "yes"}, "include_metadata", "must be True, False or None"),
        ({"filters": [subject("x")]}, "filters", "must be an ArchiveFilters, got list"),
        (
            {"export_destination_configuration": "s3://my-bucket/"},
            "export_destination_configuration",
            "must be an ExportDestinationConfiguration, got str",
        ),
        (
            {
                "filters": ArchiveFilters(
                    unless=[
                        subject("x"),
                        ArchiveFilterCondition.contains("REPLY_TO", "y"),
                    ]
                )
            },
            "filters.unless[1].string_expression.evaluate.attribute",
            "must be one of TO, FROM, CC, SUBJECT, ENVELOPE_TO, ENVELOPE_FROM; got 'REPLY_TO'",
        ),
        (
            {
                "filters": ArchiveFilters(
                    include=[
                        ArchiveFilterCondition(
                            string_expression=ArchiveStringExpression(
                                evaluate=ArchiveStringToEvaluate(attribute="SUBJECT"),
                                operator="STARTS_WITH",
                                values=["x"],
                            )
                        )
                    ]
                )
            },
            "filters.include[0].string_expression.operator",
            "must be one of CONTAINS; got 'STARTS_WITH'",
        ),
        (
            {
                "filters": ArchiveFilters(
                    include=[
                        ArchiveFilterCondition(
                            boolean_expression=ArchiveBooleanExpression(
                                evaluate=ArchiveBooleanToEvaluate(attribute="HAS_LINKS"),
                                operator="IS_TRUE",
                            )
                        )
                    ]
                )
            },
            "filters.include[0].boolean_expression.evaluate.attribute",
            "must be one of HAS_ATTACHMENTS; got 'HAS_LINKS'",
        ),
        (
            {
                "filters": ArchiveFilters(
                    include=[
                        ArchiveFilterCondition(
                            boolean_expression=ArchiveBooleanExpression(
                                evaluate=ArchiveBooleanToEvaluate(attribute="HAS_ATTACHMENTS"),
                                operator="IS_MAYBE",
                            )
                        )
                    ]
                )
            },
            "filters.include[0].boolean_expression.operator",
            "must be one of IS_TRUE, IS_FALSE; got 'IS_MAYBE'",
        ),
    ],
)
def test_start_rules(overrides: dict[str, Any], field: str, rule: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        start_request(**overrides)
    assert caught.value.field == field
    assert rule in caught.value.rule


@pytest.mark.parametrize(
    "overrides",
    [
        # The model (mailmanager 2023-10-17) sets no order between the two timestamps...
        {"from_timestamp": END, "to_timestamp": START},
        {"from_timestamp": START, "to_timestamp": START},
        # ...and gives ExportMaxResults no bounds but those of its integer type.
        {"max_results": 0},
        {"max_results": -5},
        {"max_results": 2**31 - 1},
    ],
)
def test_what_the_model_allows_is_accepted(overrides: dict[str, Any]) -> None:
    request = start_request(**overrides)
    for name, value in overrides.items():
        assert getattr(request, name) == value


@pytest.mark.parametrize(
    "location",
    [
        "s3://abc",
        "s3://my.bucket-1",
        "s3://my-bucket/",
        "s3://my-bucket/exports/2026/",
        "s3://my-bucket/a!b_c.d*e'f(g)h-i",
    ],
)
def test_valid_s3_locations(location: str) -> None:
    assert S3ExportDestinationConfiguration(s3_location=location).s3_location == location


@pytest.mark.parametrize(
    ("location", "rule"),
    [
        ("s3://ab", "must match the pattern"),
        ("s3://" + "b" * 64, "must match the pattern"),
        ("https://my-bucket/", "must match the pattern"),
        ("s3://my_bucket/", "must match the pattern"),
        ("s3://my-bucket/a b", "must match the pattern"),
        ("s3://my-bucket/key=value", "must match the pattern"),
        ("", "must match the pattern"),
        (b"s3://my-bucket", "must be a string, got bytes"),
    ],
)
def test_s3_location_rules(location: Any, rule: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        ExportDestinationConfiguration.to_s3(location)
    assert caught.value.field == "s3_location"
    assert rule in caught.value.rule


def test_destination_union_rules() -> None:
    with pytest.raises(InvalidInputError) as caught:
        ExportDestinationConfiguration()
    assert caught.value.field == "ExportDestinationConfiguration"
    assert caught.value.rule == "set exactly one of s3; got none"
    with pytest.raises(InvalidInputError) as wrong_type:
        ExportDestinationConfiguration(s3="s3://my-bucket")  # type: ignore[arg-type]
    assert wrong_type.value.field == "s3"
    assert "must be a S3ExportDestinationConfiguration, got str" in wrong_type.value.rule


@pytest.mark.parametrize("cls", [GetArchiveExportRequest, StopArchiveExportRequest])
@pytest.mark.parametrize(
    ("export_id", "rule"),
    [
        ("", "1 to 64 characters, got 0"),
        ("e" * 65, "1 to 64 characters, got 65"),
        (5, "must be a string"),
    ],
)
def test_export_id_rules(cls: Any, export_id: Any, rule: str) -> None:
    assert cls(export_id="e" * 64).export_id == "e" * 64
    with pytest.raises(InvalidInputError) as caught:
        cls(export_id=export_id)
    assert caught.value.field == "export_id"
    assert rule in caught.value.rule


@pytest.mark.parametrize(
    ("overrides", "field", "rule"),
    [
        ({"archive_id": "nope"}, "archive_id", "must match the pattern"),
        ({"page_size": 0}, "page_size", "must be from 1 to 50, got 0"),
        ({"page_size": 51}, "page_size", "must be from 1 to 50, got 51"),
        ({"page_size": "10"}, "page_size", "must be an integer, got str"),
        ({"next_token": ""}, "next_token", "1 to 2048 characters, got 0"),
        ({"next_token": "t" * 2049}, "next_token", "1 to 2048 characters, got 2049"),
    ],
)
def test_list_rules(overrides: dict[str, Any], field: str, rule: str) -> None:
    fields: dict[str, Any] = {"archive_id": "a-demo", **overrides}
    with pytest.raises(InvalidInputError) as caught:
        ListArchiveExportsRequest(**fields)
    assert caught.value.field == field
    assert rule in caught.value.rule


def test_list_bounds_are_inclusive() -> None:
    for size in (1, 50):
        assert ListArchiveExportsRequest(archive_id="a-x", page_size=size).page_size == size
    assert ListArchiveExportsRequest(archive_id="a-" + "x" * 64).archive_id.endswith("x" * 64)


@pytest.mark.parametrize(
    ("state", "final"),
    [
        (ExportState.QUEUED, False),
        (ExportState.PREPROCESSING, False),
        (ExportState.PROCESSING, False),
        (ExportState.COMPLETED, True),
        (ExportState.FAILED, True),
        (ExportState.CANCELLED, True),
        ("SOMETHING_NEW", False),
        ("", False),
    ],
)
def test_status_finality(state: ExportState | str, final: bool) -> None:
    assert ExportStatus(state=state).is_final is final
