"""botocore's service models as a judge of requests: does a request break a rule the model states?

botocore's own validator checks only required members, types and minimums; this walks the same
model (as botocore loads it) and also applies maximums, enums, patterns and unions, so a test can
ask "does the model refuse this?" of any rule. Test-only; never imported by the SDK.

Readings the model leaves to the reader, stated once here: a Smithy pattern is an ECMA-262
regular expression (``\\w`` is ASCII) describing the whole value; a Smithy ``integer`` is 32-bit
signed; a union sets exactly one member, and a member the model does not name is refused; a
structure member the model does not name is ignored; JSON null is an absent member.
"""

from __future__ import annotations

import re
from typing import Any

import botocore.session

_SESSION = botocore.session.get_session()
_INT32 = (-(2**31), 2**31 - 1)


def refusal(service: str, operation: str, params: dict[str, Any]) -> str | None:
    """The first model rule ``params`` (the JSON body, as sent on the wire) breaks, or None."""
    shape = _SESSION.get_service_model(service).operation_model(operation).input_shape
    return _check(shape, params, operation)


def _check(shape: Any, value: Any, path: str) -> str | None:
    kind = shape.type_name
    checker = _CHECKS[kind]
    return checker(shape, value, path)  # type: ignore[no-any-return]


def _structure(shape: Any, value: Any, path: str) -> str | None:
    if not isinstance(value, dict):
        return f"{path}: not an object"
    present = {key: item for key, item in value.items() if item is not None}
    if shape.metadata.get("union"):
        if len(present) != 1:
            return f"{path}: a union must set exactly one member"
        (member,) = present
        if member not in shape.members:
            return f"{path}: {member} is not a member of the union"
    for required in shape.required_members:
        if required not in present:
            return f"{path}.{required}: required"
    for name, item in present.items():
        if name in shape.members:
            problem = _check(shape.members[name], item, f"{path}.{name}")
            if problem:
                return problem
    return None


def _bounds(shape: Any, size: int, path: str, unit: str) -> str | None:
    low, high = shape.metadata.get("min"), shape.metadata.get("max")
    if low is not None and size < low:
        return f"{path}: fewer than {low} {unit}"
    if high is not None and size > high:
        return f"{path}: more than {high} {unit}"
    return None


def _list(shape: Any, value: Any, path: str) -> str | None:
    if not isinstance(value, list):
        return f"{path}: not a list"
    problem = _bounds(shape, len(value), path, "items")
    for index, item in enumerate(value):
        problem = problem or _check(shape.member, item, f"{path}[{index}]")
    return problem


def _map(shape: Any, value: Any, path: str) -> str | None:
    if not isinstance(value, dict):
        return f"{path}: not an object"
    problem = _bounds(shape, len(value), path, "entries")
    for key, item in value.items():
        problem = problem or _check(shape.key, key, f"{path} key")
        problem = problem or _check(shape.value, item, f"{path}[{key}]")
    return problem


def _string(shape: Any, value: Any, path: str) -> str | None:
    if not isinstance(value, str):
        return f"{path}: not a string"
    if shape.enum and value not in shape.enum:
        return f"{path}: {value!r} is not in the enum"
    pattern = shape.metadata.get("pattern")
    if pattern is not None and re.fullmatch(pattern, value, re.ASCII) is None:
        return f"{path}: does not match {pattern}"
    return _bounds(shape, len(value), path, "characters")


def _integer(shape: Any, value: Any, path: str) -> str | None:
    if not isinstance(value, int) or isinstance(value, bool):
        return f"{path}: not an integer"
    if shape.type_name == "integer" and not _INT32[0] <= value <= _INT32[1]:
        return f"{path}: outside a 32-bit integer"
    return _bounds(shape, value, path, "(as a value)")


def _boolean(shape: Any, value: Any, path: str) -> str | None:
    return None if isinstance(value, bool) else f"{path}: not a boolean"


def _timestamp(shape: Any, value: Any, path: str) -> str | None:
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    return None if number else f"{path}: not a timestamp"


_CHECKS = {
    "structure": _structure,
    "list": _list,
    "map": _map,
    "string": _string,
    "integer": _integer,
    "long": _integer,
    "boolean": _boolean,
    "timestamp": _timestamp,
}
