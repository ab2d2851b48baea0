"""Archive filters: which archived emails an export includes or a search finds, after botocore's
``mailmanager`` service model (``ArchiveFilters`` and the shapes below it).

A filter is a list of ``include`` conditions (an email must meet all of them) and a list of
``unless`` conditions (an email meeting any of them is left out). Each condition is a union:
exactly one of a string expression or a boolean expression. The class methods of
`ArchiveFilterCondition` build the common ones:

```python
ArchiveFilters(
    include=[ArchiveFilterCondition.subject_contains("invoice")],
    unless=[ArchiveFilterCondition.has_no_attachments()],
)
```

The same classes carry filters read back from ``GetArchiveExport`` and ``GetArchiveSearch``, so
enum fields accept a value this SDK does not know yet as a plain string, and a union member it
does not know yet (a condition kind added to the service later) is kept as an `UnknownMember` in
the union's ``unknown`` field, with its wire name and raw value. Such values are refused only
when sent.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import attrs

from metricsdk._core.converters import open_enum
from metricsdk._core.enums import WireEnum
from metricsdk._core.validation import check_length, require_str
from metricsdk.errors import InvalidInputError

__all__ = [
    "MAX_CONDITIONS",
    "MAX_VALUES",
    "ArchiveBooleanEmailAttribute",
    "ArchiveBooleanExpression",
    "ArchiveBooleanOperator",
    "ArchiveBooleanToEvaluate",
    "ArchiveFilterCondition",
    "ArchiveFilters",
    "ArchiveStringEmailAttribute",
    "ArchiveStringExpression",
    "ArchiveStringOperator",
    "ArchiveStringToEvaluate",
    "UnknownMember",
    "check_filters_sendable",
]

E = TypeVar("E", bound=enum.Enum)

MAX_CONDITIONS = 10
"""At most 10 ``include`` and 10 ``unless`` conditions (model: ``ArchiveFilterConditions``,
0 to 10)."""
MAX_VALUES = 10
"""A string expression matches 1 to 10 values (model: ``StringValueList``, 1 to 10)."""
MAX_VALUE_LENGTH = 2048  # model: StringValue, 1 to 2048 characters


class ArchiveStringEmailAttribute(WireEnum):
    """An email attribute a string expression looks at."""

    TO = "TO"
    FROM = "FROM"
    CC = "CC"
    SUBJECT = "SUBJECT"
    ENVELOPE_TO = "ENVELOPE_TO"
    ENVELOPE_FROM = "ENVELOPE_FROM"


class ArchiveStringOperator(WireEnum):
    """How a string expression compares; ``CONTAINS`` is the only one."""

    CONTAINS = "CONTAINS"


class ArchiveBooleanEmailAttribute(WireEnum):
    """An email attribute a boolean expression looks at."""

    HAS_ATTACHMENTS = "HAS_ATTACHMENTS"


class ArchiveBooleanOperator(WireEnum):
    """Whether a boolean expression wants its attribute true or false."""

    IS_TRUE = "IS_TRUE"
    IS_FALSE = "IS_FALSE"


@attrs.frozen(kw_only=True)
class UnknownMember:
    """A union member this SDK does not know yet, as an answer carried it (botocore reads the
    same as ``SDK_UNKNOWN_MEMBER``). Found in the ``unknown`` field of a union read back from
    the service; a request holding one is refused before sending.

    Attributes:
        name: the member's wire name, e.g. ``"IpExpression"``.
        value: its value as decoded from JSON (a dict, list, string, number...).
    """

    name: str
    value: object = attrs.field(eq=True, hash=False)


def _open_member(field: str, enum_cls: type[E], value: Any) -> E | str:
    # Known strings become members; unknown ones stay strings so a filter read back from the
    # service never fails to parse. `check_filters_sendable` refuses them before sending.
    if isinstance(value, enum_cls):
        return value
    if not isinstance(value, str) or not value:
        article = "an" if enum_cls.__name__[:1] in "AEIOU" else "a"
        raise InvalidInputError(
            field, f"must be {article} {enum_cls.__name__} or its non-empty string"
        )
    return open_enum(enum_cls, value)


def _require_known(field: str, enum_cls: type[enum.Enum], value: object) -> None:
    # The model lists every value each of these enums takes.
    if not isinstance(value, enum_cls):
        allowed = ", ".join(str(m.value) for m in enum_cls)
        raise InvalidInputError(field, f"must be one of {allowed}; got {value!r}")


def _wrong_type(field: str, cls: type[Any], value: object) -> InvalidInputError:
    article = "an" if cls.__name__[:1] in "AEIOU" else "a"
    return InvalidInputError(field, f"must be {article} {cls.__name__}, got {type(value).__name__}")


def _optional_instance_of(cls: type[Any]) -> Callable[[Any, attrs.Attribute[Any], Any], None]:
    def check(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is not None and not isinstance(value, cls):
            raise _wrong_type(attribute.name, cls, value)

    return check


def _required_instance_of(cls: type[Any]) -> Callable[[Any, attrs.Attribute[Any], Any], None]:
    def check(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, cls):
            raise _wrong_type(attribute.name, cls, value)

    return check


def _check_union(
    type_name: str, members: dict[str, object], unknown: UnknownMember | None = None
) -> None:
    # A union holds exactly one member (the model's "union": true); an unknown member read
    # from an answer counts as that one.
    chosen = [name for name, value in members.items() if value is not None]
    if unknown is not None:
        chosen.append(f"{unknown.name} (unknown)")
    if len(chosen) != 1:
        got = ", ".join(chosen) if chosen else "none"
        raise InvalidInputError(type_name, f"set exactly one of {', '.join(members)}; got {got}")


def _refuse_unknown(field: str, unknown: UnknownMember | None) -> None:
    if unknown is not None:
        raise InvalidInputError(
            field,
            f"holds {unknown.name!r}, a member this SDK does not know (read from an answer); "
            "it cannot be sent",
        )


def _string_attribute(
    value: ArchiveStringEmailAttribute | str | None,
) -> ArchiveStringEmailAttribute | str | None:
    return None if value is None else _open_member("attribute", ArchiveStringEmailAttribute, value)


def _boolean_attribute(
    value: ArchiveBooleanEmailAttribute | str | None,
) -> ArchiveBooleanEmailAttribute | str | None:
    return None if value is None else _open_member("attribute", ArchiveBooleanEmailAttribute, value)


def _string_operator(value: ArchiveStringOperator | str) -> ArchiveStringOperator | str:
    return _open_member("operator", ArchiveStringOperator, value)


def _boolean_operator(value: ArchiveBooleanOperator | str) -> ArchiveBooleanOperator | str:
    return _open_member("operator", ArchiveBooleanOperator, value)


def _values(value: Sequence[str]) -> list[str]:
    # model: StringValueList of 1 to 10 StringValue, each 1 to 2048 characters.
    # A bare string is a sequence too; taking it letter by letter would be a silent bug.
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
        raise InvalidInputError("values", "must be a list of strings")
    values = list(value)
    check_length("values", values, 1, MAX_VALUES, unit="values")
    for i, item in enumerate(values):
        require_str(f"values[{i}]", item, max_len=MAX_VALUE_LENGTH)
    return values


@attrs.frozen(kw_only=True)
class ArchiveStringToEvaluate:
    """What a string expression looks at (a union with one member today).

    Attributes:
        attribute: the email attribute; ``None`` only when ``unknown`` is set.
        unknown: a member this SDK does not know, read from an answer; never sent.
    """

    attribute: ArchiveStringEmailAttribute | str | None = attrs.field(
        default=None, converter=_string_attribute
    )
    unknown: UnknownMember | None = attrs.field(
        default=None, validator=_optional_instance_of(UnknownMember)
    )

    def __attrs_post_init__(self) -> None:
        _check_union("ArchiveStringToEvaluate", {"attribute": self.attribute}, self.unknown)


@attrs.frozen(kw_only=True)
class ArchiveBooleanToEvaluate:
    """What a boolean expression looks at (a union with one member today).

    Attributes:
        attribute: the email attribute; ``None`` only when ``unknown`` is set.
        unknown: a member this SDK does not know, read from an answer; never sent.
    """

    attribute: ArchiveBooleanEmailAttribute | str | None = attrs.field(
        default=None, converter=_boolean_attribute
    )
    unknown: UnknownMember | None = attrs.field(
        default=None, validator=_optional_instance_of(UnknownMember)
    )

    def __attrs_post_init__(self) -> None:
        _check_union("ArchiveBooleanToEvaluate", {"attribute": self.attribute}, self.unknown)


@attrs.frozen(kw_only=True)
class ArchiveStringExpression:
    """A condition on a string attribute: it contains one of ``values``.

    Attributes:
        evaluate: the attribute to look at.
        values: 1 to 10 strings of 1 to 2048 characters; any one of them may match.
        operator: the comparison; ``CONTAINS``, the only one.
    """

    evaluate: ArchiveStringToEvaluate = attrs.field(
        validator=_required_instance_of(ArchiveStringToEvaluate)
    )
    operator: ArchiveStringOperator | str = attrs.field(
        default=ArchiveStringOperator.CONTAINS, converter=_string_operator
    )
    values: list[str] = attrs.field(converter=_values, hash=False)


@attrs.frozen(kw_only=True)
class ArchiveBooleanExpression:
    """A condition on a boolean attribute.

    Attributes:
        evaluate: the attribute to look at.
        operator: ``IS_TRUE`` or ``IS_FALSE``.
    """

    evaluate: ArchiveBooleanToEvaluate = attrs.field(
        validator=_required_instance_of(ArchiveBooleanToEvaluate)
    )
    operator: ArchiveBooleanOperator | str = attrs.field(converter=_boolean_operator)


@attrs.frozen(kw_only=True)
class ArchiveFilterCondition:
    """One filter condition: exactly one of a string or a boolean expression.

    The class methods build the usual conditions: `contains`, `subject_contains`,
    `from_contains`, `to_contains`, `cc_contains`, `has_attachments`, `has_no_attachments`.

    Attributes:
        string_expression: a condition on a string attribute.
        boolean_expression: a condition on a boolean attribute.
        unknown: a kind of condition this SDK does not know yet (say an ``IpExpression``),
            read from an answer, with its wire name and raw value; never sent.
    """

    string_expression: ArchiveStringExpression | None = attrs.field(
        default=None, validator=_optional_instance_of(ArchiveStringExpression)
    )
    boolean_expression: ArchiveBooleanExpression | None = attrs.field(
        default=None, validator=_optional_instance_of(ArchiveBooleanExpression)
    )
    unknown: UnknownMember | None = attrs.field(
        default=None, validator=_optional_instance_of(UnknownMember)
    )

    def __attrs_post_init__(self) -> None:
        _check_union(
            "ArchiveFilterCondition",
            {
                "string_expression": self.string_expression,
                "boolean_expression": self.boolean_expression,
            },
            self.unknown,
        )

    @classmethod
    def contains(
        cls, attribute: ArchiveStringEmailAttribute | str, *values: str
    ) -> ArchiveFilterCondition:
        """``attribute`` contains any of ``values`` (1 to 10 of them).

        Example:
            ``ArchiveFilterCondition.contains("ENVELOPE_FROM", "@example.com")``
        """
        return cls(
            string_expression=ArchiveStringExpression(
                evaluate=ArchiveStringToEvaluate(attribute=attribute), values=list(values)
            )
        )

    @classmethod
    def subject_contains(cls, *values: str) -> ArchiveFilterCondition:
        """The subject contains any of ``values``."""
        return cls.contains(ArchiveStringEmailAttribute.SUBJECT, *values)

    @classmethod
    def from_contains(cls, *values: str) -> ArchiveFilterCondition:
        """The ``From`` header contains any of ``values``."""
        return cls.contains(ArchiveStringEmailAttribute.FROM, *values)

    @classmethod
    def to_contains(cls, *values: str) -> ArchiveFilterCondition:
        """The ``To`` header contains any of ``values``."""
        return cls.contains(ArchiveStringEmailAttribute.TO, *values)

    @classmethod
    def cc_contains(cls, *values: str) -> ArchiveFilterCondition:
        """The ``Cc`` header contains any of ``values``."""
        return cls.contains(ArchiveStringEmailAttribute.CC, *values)

    @classmethod
    def has_attachments(cls) -> ArchiveFilterCondition:
        """The email has at least one attachment."""
        return cls._attachments(ArchiveBooleanOperator.IS_TRUE)

    @classmethod
    def has_no_attachments(cls) -> ArchiveFilterCondition:
        """The email has no attachment."""
        return cls._attachments(ArchiveBooleanOperator.IS_FALSE)

    @classmethod
    def _attachments(cls, operator: ArchiveBooleanOperator) -> ArchiveFilterCondition:
        evaluate = ArchiveBooleanToEvaluate(attribute=ArchiveBooleanEmailAttribute.HAS_ATTACHMENTS)
        return cls(
            boolean_expression=ArchiveBooleanExpression(evaluate=evaluate, operator=operator)
        )


def _condition_list(
    field: str, value: Sequence[ArchiveFilterCondition] | None
) -> list[ArchiveFilterCondition] | None:
    if value is None:
        return None
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
        raise InvalidInputError(field, "must be a list of ArchiveFilterCondition")
    conditions = list(value)
    check_length(field, conditions, 0, MAX_CONDITIONS, unit="conditions")
    for i, condition in enumerate(conditions):
        if not isinstance(condition, ArchiveFilterCondition):
            raise InvalidInputError(f"{field}[{i}]", "must be an ArchiveFilterCondition")
    return conditions


def _include(value: Sequence[ArchiveFilterCondition] | None) -> list[ArchiveFilterCondition] | None:
    return _condition_list("include", value)


def _unless(value: Sequence[ArchiveFilterCondition] | None) -> list[ArchiveFilterCondition] | None:
    return _condition_list("unless", value)


@attrs.frozen(kw_only=True)
class ArchiveFilters:
    """Which emails an export includes or a search finds.

    Attributes:
        include: up to 10 conditions an email must all meet.
        unless: up to 10 conditions; an email meeting any of them is left out.
    """

    include: list[ArchiveFilterCondition] | None = attrs.field(
        default=None, converter=_include, hash=False
    )
    unless: list[ArchiveFilterCondition] | None = attrs.field(
        default=None, converter=_unless, hash=False
    )


def check_filters_sendable(filters: ArchiveFilters, field: str = "filters") -> None:
    """Refuse enum values and union members this SDK does not know before they are sent.

    Filters read back from the service may hold such values as plain strings, and unknown
    union members as `UnknownMember`; a request must not. The model lists every enum value
    and union member it accepts, and a typo would otherwise reach the service as a vague
    ``ValidationException``.

    Raises:
        InvalidInputError: naming the full path of the first unknown value.
    """
    for name, conditions in (("include", filters.include), ("unless", filters.unless)):
        # Filters read from an answer were not held to the request rules: apply them now.
        _condition_list(f"{field}.{name}", conditions)
        for i, condition in enumerate(conditions or ()):
            _check_condition_sendable(condition, f"{field}.{name}[{i}]")


def _check_condition_sendable(condition: ArchiveFilterCondition, path: str) -> None:
    _refuse_unknown(path, condition.unknown)
    string = condition.string_expression
    if string is not None:
        where = f"{path}.string_expression"
        _refuse_unknown(f"{where}.evaluate", string.evaluate.unknown)
        _require_known(
            f"{where}.evaluate.attribute", ArchiveStringEmailAttribute, string.evaluate.attribute
        )
        _require_known(f"{where}.operator", ArchiveStringOperator, string.operator)
        _check_values_sendable(f"{where}.values", string.values)
    boolean = condition.boolean_expression
    if boolean is not None:
        where = f"{path}.boolean_expression"
        _refuse_unknown(f"{where}.evaluate", boolean.evaluate.unknown)
        _require_known(
            f"{where}.evaluate.attribute", ArchiveBooleanEmailAttribute, boolean.evaluate.attribute
        )
        _require_known(f"{where}.operator", ArchiveBooleanOperator, boolean.operator)


def _check_values_sendable(field: str, values: list[str]) -> None:
    # Values read from an answer are not held to the request rules; a request made from them
    # is. Re-applying the constructor's check covers both.
    try:
        _values(values)
    except InvalidInputError as exc:
        raise InvalidInputError(f"{field}{exc.field[len('values') :]}", exc.rule) from None
