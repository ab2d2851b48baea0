"""Mail Manager wire format, sans I/O: build each operation's request, parse its answer.

AWS JSON 1.0: every operation is ``POST /`` with ``Content-Type: application/x-amz-json-1.0``
and ``X-Amz-Target: MailManagerSvc.<Operation>`` (both signed), a JSON body with PascalCase
names and timestamps as epoch seconds.

``StartArchiveExport`` takes no idempotency token, so a repeat after the request may have
reached the service could start a second export: it is marked not idempotent, and the transport
retries it only when the service certainly did not act (throttling, a refused connection),
never after a read timeout or a 5xx. The other three are safe to repeat (stopping a stopped
export changes nothing).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from metricsdk._core.aws_protocol import AWS_CONVERTER
from metricsdk._core.converters import load_json_object, open_enum, structure_answer, unchecked
from metricsdk._core.transport import RequestSpec
from metricsdk.errors import MalformedResponseError
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
    GetArchiveExportRequest,
    GetArchiveExportResponse,
    ListArchiveExportsRequest,
    ListArchiveExportsResponse,
    S3ExportDestinationConfiguration,
    StartArchiveExportRequest,
    StartArchiveExportResponse,
    StopArchiveExportRequest,
    StopArchiveExportResponse,
)

__all__ = [
    "CONTENT_TYPE",
    "SERVICE",
    "SERVICE_ID",
    "SIGNING_NAME",
    "TARGET_PREFIX",
    "build_get_archive_export",
    "build_list_archive_exports",
    "build_start_archive_export",
    "build_stop_archive_export",
    "default_endpoint",
    "next_page_token",
    "parse_get_archive_export",
    "parse_list_archive_exports",
    "parse_start_archive_export",
    "parse_stop_archive_export",
]

T = TypeVar("T")

SERVICE = "mailmanager"
SERVICE_ID = "MailManager"  # botocore's serviceId: names AWS_ENDPOINT_URL_MAILMANAGER
SIGNING_NAME = "ses"
TARGET_PREFIX = "MailManagerSvc"
CONTENT_TYPE = "application/x-amz-json-1.0"

_START = "StartArchiveExport"
_GET = "GetArchiveExport"
_STOP = "StopArchiveExport"
_LIST = "ListArchiveExports"


def default_endpoint(region: str) -> str:
    """The public Mail Manager endpoint of a region."""
    return f"https://mail-manager.{region}.amazonaws.com"


def _spec(operation: str, payload: Any, *, idempotent: bool) -> RequestSpec:
    return RequestSpec(
        operation=operation,
        method="POST",
        path="/",
        headers=(
            ("content-type", CONTENT_TYPE),
            ("x-amz-target", f"{TARGET_PREFIX}.{operation}"),
        ),
        body=json.dumps(payload, separators=(",", ":")).encode(),
        idempotent=idempotent,
    )


def build_start_archive_export(request: StartArchiveExportRequest) -> RequestSpec:
    """The HTTP request for ``StartArchiveExport``; not idempotent (see the module notes)."""
    return _spec(_START, AWS_CONVERTER.unstructure(request), idempotent=False)


def build_get_archive_export(request: GetArchiveExportRequest) -> RequestSpec:
    """The HTTP request for ``GetArchiveExport``."""
    return _spec(_GET, AWS_CONVERTER.unstructure(request), idempotent=True)


def build_stop_archive_export(request: StopArchiveExportRequest) -> RequestSpec:
    """The HTTP request for ``StopArchiveExport``; repeating it is harmless."""
    return _spec(_STOP, AWS_CONVERTER.unstructure(request), idempotent=True)


def build_list_archive_exports(request: ListArchiveExportsRequest) -> RequestSpec:
    """The HTTP request for ``ListArchiveExports``."""
    return _spec(_LIST, AWS_CONVERTER.unstructure(request), idempotent=True)


# -- reading filters and destinations back ----------------------------------------------------
# GetArchiveExport answers with the filters and destination the export was started with. They
# are read here by hand, not by the request classes' converters: an answer is never held to the
# rules of a request (lengths, patterns, enum values this SDK knows), and a union member this SDK
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


AWS_CONVERTER.register_structure_hook(ArchiveFilters, _structure_filters)
AWS_CONVERTER.register_structure_hook(ExportDestinationConfiguration, _structure_destination)


def _parse(operation: str, body: bytes, cls: type[T], *, may_be_empty: bool = False) -> T:
    # botocore reads an empty body as an empty object whatever the operation. Only
    # StopArchiveExport answers with nothing to say; for the others an empty body is a broken
    # answer, and reading it as "no fields" would pass off a failure as a result.
    data: dict[str, Any] = {}
    if body.strip() or not may_be_empty:
        data = load_json_object(body, status=200, service=SERVICE, operation=operation)
    return structure_answer(
        AWS_CONVERTER, data, cls, status=200, service=SERVICE, operation=operation
    )


def parse_start_archive_export(body: bytes) -> StartArchiveExportResponse:
    """Read a successful ``StartArchiveExport`` answer."""
    return _parse(_START, body, StartArchiveExportResponse)


def parse_get_archive_export(body: bytes) -> GetArchiveExportResponse:
    """Read a successful ``GetArchiveExport`` answer."""
    return _parse(_GET, body, GetArchiveExportResponse)


def parse_stop_archive_export(body: bytes) -> StopArchiveExportResponse:
    """Read a successful ``StopArchiveExport`` answer."""
    return _parse(_STOP, body, StopArchiveExportResponse, may_be_empty=True)


def parse_list_archive_exports(body: bytes) -> ListArchiveExportsResponse:
    """Read a successful ``ListArchiveExports`` answer."""
    return _parse(_LIST, body, ListArchiveExportsResponse)


def next_page_token(sent: str | None, page: ListArchiveExportsResponse) -> str | None:
    """The token of the page after ``page``, or ``None`` when ``page`` was the last.

    Raises:
        MalformedResponseError: if the service handed back the token it was just sent, which
            would make a paginator loop forever.
    """
    token = page.next_token or None
    if token is not None and token == sent:
        raise MalformedResponseError(
            f"{_LIST}: the answer repeats the NextToken it was sent; pagination stopped",
            status_code=200,
            service=SERVICE,
        )
    return token
