"""Reading unions back from Mail Manager answers, by hand: filters, destinations, retention.

``GetArchiveExport`` and ``GetArchiveSearch`` answer with the filters a job was started with,
``GetArchiveExport`` with its destination, ``GetArchive`` with the archive's retention. They are
read here by hand, not by the request classes' converters: an answer is never held to the rules
of a request (lengths, patterns, enum values this SDK knows), and a union member this SDK does
not know yet becomes an `UnknownMember` instead of an error. Only what the SDK needs stays
checked: objects are objects, required members are present, strings are strings.

`operations` registers them on the AWS converter (`register`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from metricsdk._core.converters import LazyConverter, open_enum, unchecked
from metricsdk.mailmanager.archive_models import ArchiveRetention, RetentionPeriod
from metricsdk.mailmanager.filters import (
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
    UnknownMember,
)
from metricsdk.mailmanager.models import (
    ExportDestinationConfiguration,
    S3ExportDestinationConfiguration,
)

__all__ = ["register"]

# does not know yet becomes an `UnknownMember` instead of an error. Only what the SDK needs
# stays checked: objects are objects, required members are present, strings are strings.


def _object(data: Any, name: str) -> Mapping[str, Any]:
    if not isinstance(data, dict):
        raise TypeError(f"{name} must be an object, got {type(data).__name__}")
    return {key: value for key, value in data.items() if value is not None}  # null = absent


def _required(data: Mapping[str, Any], key: str, name: str) -> Any:
    if key not in data:
        raise KeyError(f"{name}.{key} is missing")
    return data[key]


def _string(value: Any, name: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, got {type(value).__name__}")
    return value


def _union(
    data: Any, name: str, members: Mapping[str, Callable[[Any], object]]
) -> tuple[dict[str, object], UnknownMember | None]:
    """The one member a union answer sets: (its field and value, or its `UnknownMember`)."""
    present = _object(data, name)
    if len(present) != 1:
        raise TypeError(f"{name} must set exactly one member, got {len(present)}")
    ((key, value),) = present.items()
    read = members.get(key)
    if read is None:
        return {}, UnknownMember(name=key, value=value)
    return {_FIELD_OF[key]: read(value)}, None


_FIELD_OF = {
    "Attribute": "attribute",
    "StringExpression": "string_expression",
    "BooleanExpression": "boolean_expression",
    "S3": "s3",
    "RetentionPeriod": "retention_period",
}


def _string_to_evaluate(data: Any) -> ArchiveStringToEvaluate:
    attribute = {
        "Attribute": lambda v: open_enum(ArchiveStringEmailAttribute, _string(v, "Attribute"))
    }
    fields, unknown = _union(data, "Evaluate", attribute)
    return unchecked(ArchiveStringToEvaluate, **fields, unknown=unknown)


def _boolean_to_evaluate(data: Any) -> ArchiveBooleanToEvaluate:
    attribute = {
        "Attribute": lambda v: open_enum(ArchiveBooleanEmailAttribute, _string(v, "Attribute"))
    }
    fields, unknown = _union(data, "Evaluate", attribute)
    return unchecked(ArchiveBooleanToEvaluate, **fields, unknown=unknown)


def _string_expression(data: Any) -> ArchiveStringExpression:
    expression = _object(data, "StringExpression")
    values = _required(expression, "Values", "StringExpression")
    if type(values) is not list:
        raise TypeError(f"StringExpression.Values must be a list, got {type(values).__name__}")
    operator = _string(_required(expression, "Operator", "StringExpression"), "Operator")
    return unchecked(
        ArchiveStringExpression,
        evaluate=_string_to_evaluate(_required(expression, "Evaluate", "StringExpression")),
        operator=open_enum(ArchiveStringOperator, operator),
        values=[_string(v, "StringExpression.Values[]") for v in values],
    )


def _boolean_expression(data: Any) -> ArchiveBooleanExpression:
    expression = _object(data, "BooleanExpression")
    operator = _string(_required(expression, "Operator", "BooleanExpression"), "Operator")
    return unchecked(
        ArchiveBooleanExpression,
        evaluate=_boolean_to_evaluate(_required(expression, "Evaluate", "BooleanExpression")),
        operator=open_enum(ArchiveBooleanOperator, operator),
    )


_CONDITION_MEMBERS = {
    "StringExpression": _string_expression,
    "BooleanExpression": _boolean_expression,
}


def _condition(data: Any) -> ArchiveFilterCondition:
    fields, unknown = _union(data, "ArchiveFilterCondition", _CONDITION_MEMBERS)
    return unchecked(ArchiveFilterCondition, **fields, unknown=unknown)


def _conditions(data: Any, name: str) -> list[ArchiveFilterCondition]:
    if type(data) is not list:
        raise TypeError(f"Filters.{name} must be a list, got {type(data).__name__}")
    return [_condition(item) for item in data]


def _structure_filters(data: Any, _: Any) -> ArchiveFilters:
    filters = _object(data, "Filters")
    include, unless = filters.get("Include"), filters.get("Unless")
    return unchecked(
        ArchiveFilters,
        include=None if include is None else _conditions(include, "Include"),
        unless=None if unless is None else _conditions(unless, "Unless"),
    )


def _s3_destination(data: Any) -> S3ExportDestinationConfiguration:
    location = _object(data, "S3").get("S3Location")
    return unchecked(
        S3ExportDestinationConfiguration,
        s3_location=None if location is None else _string(location, "S3Location"),
    )


def _structure_destination(data: Any, _: Any) -> ExportDestinationConfiguration:
    fields, unknown = _union(data, "ExportDestinationConfiguration", {"S3": _s3_destination})
    return unchecked(ExportDestinationConfiguration, **fields, unknown=unknown)


def _structure_retention(data: Any, _: Any) -> ArchiveRetention:
    period = {
        "RetentionPeriod": lambda v: open_enum(RetentionPeriod, _string(v, "RetentionPeriod"))
    }
    fields, unknown = _union(data, "ArchiveRetention", period)
    return unchecked(ArchiveRetention, **fields, unknown=unknown)


def register(converter: LazyConverter) -> None:
    """Read filters, destinations and retentions with these readers in ``converter``."""
    converter.register_structure_hook(ArchiveFilters, _structure_filters)
    converter.register_structure_hook(ExportDestinationConfiguration, _structure_destination)
    converter.register_structure_hook(ArchiveRetention, _structure_retention)
