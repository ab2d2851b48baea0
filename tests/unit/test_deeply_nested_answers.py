"""Regression (reliability item 2): JSON nested deeper than Python's stack, in a successful answer
or an error answer, through every client, sync and async. A success becomes
`MalformedResponseError`; an error answer becomes the `APIError` its status and headers call for.
Never a ``RecursionError``."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import date
from typing import Any

import httpx
import pytest

from metricsdk import AwsCredentials, RetryPolicy
from metricsdk._core.converters import load_json_object, make_converter, structure_answer
from metricsdk.blendvision import AsyncBlendVisionClient, BlendVisionClient
from metricsdk.errors import (
    APIError,
    MalformedResponseError,
    NotFoundError,
    PermissionDeniedError,
    ServerError,
)
from metricsdk.mailmanager import AsyncMailManagerClient, MailManagerClient, ThrottlingException
from metricsdk.oracle_iot import AsyncOracleIoTClient, OracleIoTClient
from metricsdk.sesv2 import (
    AsyncSESv2Client,
    BadRequestException,
    BatchGetMetricDataQuery,
    SESv2Client,
)

DEPTH = 100_000
NESTED_ARRAYS = b'{"message":' + b"[" * DEPTH + b"]" * DEPTH + b"}"
NESTED_OBJECTS = b'{"a":' * DEPTH + b"1" + b"}" * DEPTH
ONCE = RetryPolicy(max_attempts=1)
CREDENTIALS = AwsCredentials("AKIDNESTED0000000000", "nested-secret")
QUERY = BatchGetMetricDataQuery(
    id="q", metric="SEND", start_date=date(2026, 1, 1), end_date=date(2026, 1, 2)
)


def ses(transport: Any, kind: str) -> Any:
    cls, http = (
        (SESv2Client, httpx.Client) if kind == "sync" else (AsyncSESv2Client, httpx.AsyncClient)
    )
    return cls(
        region="us-east-1",
        credentials=CREDENTIALS,
        http_client=http(transport=transport),
        retry=ONCE,
        rate_limiter=None,
    )


def mailmanager(transport: Any, kind: str) -> Any:
    cls, http = (
        (MailManagerClient, httpx.Client)
        if kind == "sync"
        else (AsyncMailManagerClient, httpx.AsyncClient)
    )
    return cls(
        region="us-east-1",
        credentials=CREDENTIALS,
        http_client=http(transport=transport),
        retry=ONCE,
    )


def blendvision(transport: Any, kind: str) -> Any:
    cls, http = (
        (BlendVisionClient, httpx.Client)
        if kind == "sync"
        else (AsyncBlendVisionClient, httpx.AsyncClient)
    )
    return cls(api_token="t", org_id="o", http_client=http(transport=transport), retry=ONCE)


def oracle(transport: Any, kind: str) -> Any:
    cls, http = (
        (OracleIoTClient, httpx.Client)
        if kind == "sync"
        else (AsyncOracleIoTClient, httpx.AsyncClient)
    )
    return cls(
        base_url="https://iot.example.com",
        username="u",
        password="p",
        http_client=http(transport=transport),
        retry=ONCE,
    )


# name -> (client factory, the call)
CALLS: dict[str, tuple[Callable[[Any, str], Any], Callable[[Any], Any]]] = {
    "sesv2": (ses, lambda c: c.batch_get_metric_data(queries=[QUERY])),
    "mailmanager": (mailmanager, lambda c: c.get_archive_export(export_id="e-1")),
    "blendvision": (blendvision, lambda c: c.batch_get_event_reports(reports=[_bv_key()])),
    "oracle_iot": (oracle, lambda c: c.get_outbound_message_data_volume(app_id="a1")),
}


def _bv_key() -> Any:
    from metricsdk.blendvision import DimensionWithCondition, EventReportKey

    return EventReportKey(
        id="r-1",
        dimension_with_condition=DimensionWithCondition(
            dimension="REPORT_DIMENSION_CHAT_HISTORIES"
        ),
    )


def answer_with(status: int, body: bytes, headers: dict[str, str] | None = None) -> Any:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, content=body, headers=headers or {})

    return handler


def call(
    name: str, kind: str, status: int, body: bytes, headers: dict[str, str] | None = None
) -> Any:
    factory, operation = CALLS[name]
    handler = answer_with(status, body, headers)
    if kind == "sync":
        with factory(httpx.MockTransport(handler), kind) as client:
            return operation(client)

    async def run() -> Any:
        async with factory(httpx.MockTransport(handler), kind) as client:
            return await operation(client)

    return asyncio.run(run())


@pytest.mark.parametrize("kind", ["sync", "async"])
@pytest.mark.parametrize("name", sorted(CALLS))
@pytest.mark.parametrize("body", [NESTED_ARRAYS, NESTED_OBJECTS], ids=["arrays", "objects"])
def test_a_deeply_nested_success_is_a_malformed_response(name: str, kind: str, body: bytes) -> None:
    with pytest.raises(MalformedResponseError) as caught:
        call(name, kind, 200, body)
    assert caught.value.status_code == 200
    assert not isinstance(caught.value.__cause__, RecursionError)


# name -> (status, headers, the class the answer calls for)
ERRORS: dict[str, tuple[int, dict[str, str], type[APIError]]] = {
    "sesv2": (400, {"x-amzn-ErrorType": "BadRequestException"}, BadRequestException),
    "mailmanager": (400, {"x-amzn-ErrorType": "ThrottlingException"}, ThrottlingException),
    "blendvision": (404, {}, NotFoundError),
    "oracle_iot": (403, {}, PermissionDeniedError),
}


@pytest.mark.parametrize("kind", ["sync", "async"])
@pytest.mark.parametrize("name", sorted(CALLS))
def test_a_deeply_nested_error_answer_keeps_its_class(name: str, kind: str) -> None:
    status, headers, expected = ERRORS[name]
    with pytest.raises(expected) as caught:
        call(name, kind, status, NESTED_ARRAYS, headers)
    assert caught.value.status_code == status


@pytest.mark.parametrize("kind", ["sync", "async"])
@pytest.mark.parametrize("name", sorted(CALLS))
def test_a_deeply_nested_5xx_is_a_server_error(name: str, kind: str) -> None:
    with pytest.raises(ServerError):
        call(name, kind, 500, NESTED_OBJECTS)


def test_load_json_object_names_the_nesting() -> None:
    with pytest.raises(MalformedResponseError, match="nested too deeply"):
        load_json_object(NESTED_ARRAYS, status=200, service="s", operation="Op")
    with pytest.raises(MalformedResponseError, match="not valid JSON"):
        load_json_object(b"{nope", status=200, service="s", operation="Op")


def test_structure_answer_turns_any_exception_into_malformed_response() -> None:
    import attrs

    @attrs.frozen
    class Answer:
        value: int

    conv = make_converter(
        wire_name=lambda n: n, structure_datetime=lambda v: v, unstructure_datetime=lambda v: v
    )

    def boom(value: Any, _: Any) -> int:
        raise RuntimeError("a hook failed in a way nobody listed")

    conv.register_structure_hook(int, boom)
    with pytest.raises(MalformedResponseError, match="RuntimeError"):
        structure_answer(conv, {"value": 1}, Answer, status=200, service="s", operation="Op")
