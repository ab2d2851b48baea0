"""What every SES v2 operation shares on the wire, sans I/O: the rest-json request, a value in the
path and reading an answer leniently (the paginators follow ``NextToken`` with
`metricsdk._core.async_paging`).

rest-json (botocore's ``sesv2/2019-09-27`` model): each operation has its own method and path;
members go in a JSON body with PascalCase names and epoch-second timestamps, except those the
model places in the URI.
"""

from __future__ import annotations

import json
import types
import typing
from collections.abc import Callable
from typing import Any, TypeVar, Union
from urllib.parse import quote

import attrs

from metricsdk._core import wire_answers
from metricsdk._core.aws_protocol import AWS_CONVERTER
from metricsdk._core.converters import pascal_case, unchecked
from metricsdk._core.transport import RequestSpec
from metricsdk.errors import InvalidInputError

__all__ = [
    "SERVICE",
    "SERVICE_ID",
    "SIGNING_NAME",
    "WIRE_NAME",
    "parse_answer",
    "path_label",
    "read_leniently",
    "rest_spec",
    "wire_name",
]

T = TypeVar("T")

SERVICE = "sesv2"
SERVICE_ID = "SESv2"  # botocore's serviceId: names AWS_ENDPOINT_URL_SESV2
SIGNING_NAME = "ses"
_JSON_HEADERS = (("content-type", "application/json"),)


def rest_spec(
    operation: str,
    method: str,
    path: str,
    *,
    payload: Any = None,
    idempotent: bool,
    pacing: str | None,
    weight: int = 1,
) -> RequestSpec:
    """One SES v2 request. A ``payload`` (the unstructured request) becomes the JSON body, as
    botocore sends it, with ``Content-Type: application/json``; an operation whose members all
    live in the URI sends no body and no content type.

    ``pacing`` has no default: each operation says which pacer admits it (see
    `metricsdk.sesv2.pacing`), so none is charged to another operation's quota by accident.
    """
    if payload is None:
        return RequestSpec(
            operation=operation,
            method=method,
            path=path,
            idempotent=idempotent,
            weight=weight,
            pacing=pacing,
        )
    return RequestSpec(
        operation=operation,
        method=method,
        path=path,
        headers=_JSON_HEADERS,
        body=json.dumps(payload, separators=(",", ":")).encode(),
        idempotent=idempotent,
        weight=weight,
        pacing=pacing,
    )


# RFC 3986 section 5.2.4: "." and ".." segments are removed from a path before it is used, so
# a label holding one of them could never reach the service as a value.
_DOT_SEGMENTS = frozenset({".", ".."})


def path_label(field: str, value: str) -> str:
    """A URI label as rest-json encodes it: one path segment, every character but the
    unreserved ones percent-encoded (``/`` included), as botocore does.

    Raises:
        InvalidInputError: for ``"."`` or ``".."``, which no URL path can carry as a segment.
    """
    if value in _DOT_SEGMENTS:
        raise InvalidInputError(field, f"{value!r} cannot be sent as a path segment (RFC 3986)")
    return quote(value, safe="")


# -- reading answers ---------------------------------------------------------------------------
# Every SES v2 answer class, and every request class an answer echoes back (GetExportJob's data
# source and destination), is read by one hook: each member the class knows is structured by
# its declared type, unknown members are ignored, a JSON null reads as an absent member, and the
# instance is built without the request checks (an answer is never held to the rules of a
# request). Only what the model requires must be present: a class field with no default.


def _present_type(tp: Any) -> Any:
    """``tp`` without its ``None`` member: absent and null members never reach the hook."""
    if typing.get_origin(tp) in (Union, types.UnionType):
        args = [arg for arg in typing.get_args(tp) if arg is not type(None)]
        if len(args) == 1:
            return args[0]
        return Union[tuple(args)]  # noqa: UP007 (a runtime union of a computed tuple)
    return tp


WIRE_NAME = "wire_name"
"""The metadata key of a field whose wire name is not its name in PascalCase (``WebsiteURL``)."""


def wire_name(field: attrs.Attribute[Any]) -> str:
    """The name of ``field`` in an answer."""
    name: str = field.metadata.get(WIRE_NAME) or pascal_case(field.name)
    return name


def _lenient_hook(cls: type[T]) -> Callable[[Any, Any], T]:
    hints = typing.get_type_hints(cls)
    members = [
        (field.name, wire_name(field), _present_type(hints[field.name]))
        for field in attrs.fields(typing.cast(Any, cls))
    ]

    def structure(value: Any, _: Any) -> T:
        if not isinstance(value, dict):
            raise TypeError(f"{cls.__name__} must be an object, got {type(value).__name__}")
        fields: dict[str, Any] = {}
        for name, wire_name, tp in members:
            raw = value.get(wire_name)
            if raw is not None:
                fields[name] = AWS_CONVERTER.structure(raw, tp)
        return unchecked(cls, **fields)

    return structure


def read_leniently(*classes: type[Any]) -> None:
    """Have the AWS converter read these classes from answers as this module describes."""
    for cls in classes:
        AWS_CONVERTER.register_structure_hook(cls, _lenient_hook(cls))


def parse_answer(operation: str, body: bytes, cls: type[T], *, may_be_empty: bool = False) -> T:
    """A successful answer's body as ``cls``, or `MalformedResponseError` (see
    `metricsdk._core.wire_answers.parse_json_answer`, which reads every JSON service's)."""
    return wire_answers.parse_json_answer(
        AWS_CONVERTER, body, cls, service=SERVICE, operation=operation, may_be_empty=may_be_empty
    )
