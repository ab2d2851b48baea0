"""Griffe extension: give attrs classes the ``__init__`` signature attrs generates at runtime,
so the API reference shows a model's arguments and defaults (griffe reads the source without
running it, and attrs writes ``__init__`` only when the class is created).

Read from the source the way attrs reads it: the annotated class attributes in order (a
parent class's first), minus ``ClassVar``s and ``attrs.field(init=False)``; a leading
underscore dropped from the argument's name; keyword-only when the decorator or the field says
``kw_only=True``; the default from ``default=``, ``factory=`` or a plain value. The annotation
shown is the attribute's own.

Used by mkdocs.yml (``extensions:`` of the mkdocstrings Python handler).
"""

from __future__ import annotations

from typing import Any

import griffe

ATTRS_DECORATORS = {
    "attrs.define",
    "attrs.frozen",
    "attrs.mutable",
    "attr.s",
    "attr.attrs",
    "attr.define",
    "attr.frozen",
    "attr.mutable",
}
FIELD_FUNCTIONS = {"attrs.field", "attr.field", "attr.ib", "attr.attrib"}


class AttrsSignatures(griffe.Extension):
    """Add the generated ``__init__`` to every attrs class of a loaded package."""

    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        for cls in _classes(pkg):
            decorator = _attrs_decorator(cls)
            if decorator is None or "__init__" in cls.members:
                continue
            if _call_arguments(decorator).get("init") == "False":
                continue
            parameters = [
                griffe.Parameter("self", kind=griffe.ParameterKind.positional_or_keyword),
                *_init_parameters(cls),
            ]
            init = griffe.Function(
                "__init__",
                lineno=0,
                endlineno=0,
                parent=cls,
                parameters=griffe.Parameters(*parameters),
                returns="None",
            )
            cls.set_member("__init__", init)


def _classes(obj: griffe.Module | griffe.Class) -> list[griffe.Class]:
    found = []
    for member in obj.members.values():
        if member.is_alias:
            continue
        if isinstance(member, griffe.Class):
            found += [member, *_classes(member)]
        elif isinstance(member, griffe.Module):
            found += _classes(member)
    return found


def _attrs_decorator(cls: griffe.Class) -> griffe.Expr | str | None:
    for decorator in cls.decorators:
        value = decorator.value
        if isinstance(value, griffe.Expr) and value.canonical_path in ATTRS_DECORATORS:
            return value
    return None


def _call_arguments(expr: griffe.Expr | str | None) -> dict[str, Any]:
    if not isinstance(expr, griffe.ExprCall):
        return {}
    return {
        argument.name: argument.value
        for argument in expr.arguments
        if isinstance(argument, griffe.ExprKeyword)
    }


def _init_parameters(cls: griffe.Class) -> list[griffe.Parameter]:
    """The class's fields as ``__init__`` parameters: positional ones first, then keyword-only
    ones, each group in definition order (parents' fields before the class's own)."""
    fields: dict[str, griffe.Parameter] = {}
    try:
        lineage = [*reversed(cls.mro()), cls]
    except ValueError:  # a base class griffe could not resolve
        lineage = [cls]
    for owner in lineage:
        decorator = _attrs_decorator(owner)
        if decorator is None:
            continue
        class_kw_only = _call_arguments(decorator).get("kw_only") == "True"
        for member in owner.members.values():
            parameter = _field_parameter(member, class_kw_only)
            if parameter is not None:
                fields.pop(parameter.name, None)  # a redefined field moves to the end, as in attrs
                fields[parameter.name] = parameter
    ordered = list(fields.values())
    keyword_only = griffe.ParameterKind.keyword_only
    return [p for p in ordered if p.kind is not keyword_only] + [
        p for p in ordered if p.kind is keyword_only
    ]


def _field_parameter(member: Any, class_kw_only: bool) -> griffe.Parameter | None:
    if member.is_alias or not isinstance(member, griffe.Attribute) or member.annotation is None:
        return None
    if "property" in member.labels or "instance-attribute" not in member.labels:
        return None  # a property or a ClassVar: not a field
    value = member.value
    is_field = isinstance(value, griffe.ExprCall) and value.canonical_path in FIELD_FUNCTIONS
    arguments = _call_arguments(value) if is_field else {}
    if arguments.get("init") == "False":
        return None
    default: str | griffe.Expr | None
    if "default" in arguments:
        default = arguments["default"]
    elif "factory" in arguments:
        default = griffe.ExprCall(function=arguments["factory"], arguments=[])
    elif is_field:
        default = None
    else:
        default = value
    if isinstance(default, griffe.ExprCall) and default.canonical_path in {
        "attrs.Factory",
        "attr.Factory",
    }:
        default = griffe.ExprCall(function=default.arguments[0], arguments=[])
    kw_only = class_kw_only or arguments.get("kw_only") == "True"
    name = str(arguments.get("alias", "")).strip("'\"") or member.name.lstrip("_")
    return griffe.Parameter(
        name,
        annotation=member.annotation,
        kind=griffe.ParameterKind.keyword_only
        if kw_only
        else griffe.ParameterKind.positional_or_keyword,
        default=default,
        docstring=member.docstring,
    )
