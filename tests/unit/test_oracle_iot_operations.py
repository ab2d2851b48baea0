"""Oracle IoT wire format, pure functions: paths, the query string, parsing a series and mapping
error answers."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import unquote

import httpx
import pytest

from metricsdk.errors import (
    APIError,
    AuthenticationError,
    BadRequestError,
    InvalidInputError,
    MalformedResponseError,
    NotFoundError,
    PermissionDeniedError,
    ServerError,
    ThrottlingError,
)
from metricsdk.oracle_iot import (
    AppMetric,
    InstanceMetric,
    MetricQuery,
    Period,
    SeriesFormatError,
    SortOrder,
    operations,
)
from metricsdk.oracle_iot.errors import OracleErrorBody, map_error, parse_error_body
from metricsdk.oracle_iot.operations import (
    app_metric_path,
    build_metric_request,
    instance_metric_path,
    integration_metric_path,
    metric_path,
    parse_series,
    path_segment,
    query_parameters,
)

UTC = timezone.utc
OP = "dataVolume/messages/outbound"
DOCUMENTED = {
    "items": [
        {"dateTimeAsString": "2016-07-18T10:38:17Z", "dateTime": "1468838297626", "value": "3000"},
        {
            "dateTimeAsString": "2016-07-18T04:38:17-07:00",
            "dateTime": "1468841897626",
            "value": "500",
        },
    ],
    "links": [
        {"rel": "canonical", "href": "https://iot/iot/api/v2/apps/a/monitoring/metrics/x"},
        {"rel": "self", "href": "https://iot/iot/api/v2/apps/a/monitoring/metrics/x"},
    ],
}


def dumps(data: Any) -> bytes:
    return json.dumps(data).encode()


# -- the query string ------------------------------------------------------------------------


def test_nothing_set_nothing_sent() -> None:
    assert query_parameters(MetricQuery()) == ()
    assert build_metric_request(OP, "/p", MetricQuery()).query == ()


def test_every_parameter_in_the_reference_order() -> None:
    query = MetricQuery(
        until=1_775_000_000_000,
        since=datetime(2026, 3, 1, 8, 0, tzinfo=timezone(timedelta(hours=-7))),
        period=Period.MONTHLY,
        order=SortOrder.DESC,
        limit=12,
        extra_query={"fields": "value", "q": "a b"},
    )
    assert query_parameters(query) == (
        ("limit", "12"),
        ("orderBy", "dateTime:desc"),
        ("period", "Monthly"),
        ("since", "2026-03-01T08:00:00-07:00"),
        ("until", "1775000000000"),
        ("fields", "value"),
        ("q", "a b"),
    )


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"limit": 5}, (("limit", "5"),)),
        ({"order": "asc"}, (("orderBy", "dateTime:asc"),)),
        ({"period": "hourly"}, (("period", "Hourly"),)),
        ({"since": 0}, (("since", "0"),)),
        ({"until": datetime(2026, 3, 1, 12, 30)}, (("until", "2026-03-01T12:30:00+00:00"),)),
        (
            {"since": datetime(2026, 3, 1, 12, 30, 0, 123456, tzinfo=UTC)},
            (("since", "2026-03-01T12:30:00.123+00:00"),),
        ),
        (
            {"until": datetime(2026, 3, 1, 5, 30, tzinfo=timezone(timedelta(hours=5, minutes=30)))},
            (("until", "2026-03-01T05:30:00+05:30"),),
        ),
        ({"extra_query": {"since": "2026-01-01T00:00:00Z"}}, (("since", "2026-01-01T00:00:00Z"),)),
    ],
)
def test_only_what_is_set_is_sent(kwargs: dict[str, Any], expected: tuple[Any, ...]) -> None:
    assert query_parameters(MetricQuery(**kwargs)) == expected


def test_extra_query_may_not_repeat_a_given_parameter() -> None:
    query = MetricQuery(limit=3, extra_query={"limit": "4", "other": "x"})
    with pytest.raises(InvalidInputError) as caught:
        query_parameters(query)
    assert (caught.value.field, caught.value.rule) == (
        "extra_query",
        "sets limit, already given as an argument",
    )


def test_the_unconfirmed_range_names_live_in_one_place(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(operations, "SINCE_PARAMETER", "startTime")
    monkeypatch.setattr(operations, "UNTIL_PARAMETER", "endTime")
    query = MetricQuery(since=1_000, until=2_000)
    assert query_parameters(query) == (("startTime", "1000"), ("endTime", "2000"))


def test_the_request_is_a_safe_json_get() -> None:
    spec = build_metric_request(OP, "/iot/api/v2/monitoring/metrics/x", MetricQuery(limit=1))
    assert (spec.method, spec.operation, spec.body, spec.idempotent) == ("GET", OP, b"", True)
    assert dict(spec.headers) == {"accept": "application/json"}


# -- paths -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "segment"),
    [
        ("plain-id_1.2~x", "plain-id_1.2~x"),
        ("../x", "..%2Fx"),
        ("..", "%2E%2E"),
        (".", "%2E"),
        ("...", "%2E%2E%2E"),
        ("a/b", "a%2Fb"),
        ("what?x=1", "what%3Fx%3D1"),
        ("frag#1", "frag%231"),
        ("with space", "with%20space"),
        ("100%", "100%25"),
        ("a+b&c;d", "a%2Bb%26c%3Bd"),
        ("ünï©ødé", "%C3%BCn%C3%AF%C2%A9%C3%B8d%C3%A9"),
        ("日本", "%E6%97%A5%E6%9C%AC"),
        ("tab\there\n", "tab%09here%0A"),
        ("back\\slash", "back%5Cslash"),
    ],
)
def test_path_values_are_one_segment(value: str, segment: str) -> None:
    encoded = path_segment("app_id", value)
    assert encoded == segment
    assert "/" not in encoded and "?" not in encoded and "#" not in encoded
    assert unquote(encoded) == value


@pytest.mark.parametrize("value", ["", None, 7, b"app"])
def test_path_values_must_be_non_empty_strings(value: object) -> None:
    with pytest.raises(InvalidInputError) as caught:
        path_segment("integration_id", value)
    assert (caught.value.field, caught.value.rule) == (
        "integration_id",
        "must be a non-empty string",
    )


def test_the_metric_paths() -> None:
    assert app_metric_path("a b", AppMetric.OUTBOUND_MESSAGE_DATA_VOLUME) == (
        "/iot/api/v2/apps/a%20b/monitoring/metrics/dataVolume/messages/outbound"
    )
    assert integration_metric_path("a/1", "../i", "dispatchedMessageCount") == (
        "/iot/api/v2/apps/a%2F1/integrations/..%2Fi/monitoring/metrics/dispatchedMessageCount"
    )
    assert instance_metric_path(InstanceMetric.DISPATCH_FAILED_NOT_FOUND_COUNT) == (
        "/iot/api/v2/monitoring/metrics/dispatchFailedMessageCount/notFoundCount"
    )
    assert instance_metric_path("availability") == "/iot/api/v2/monitoring/metrics/availability"


@pytest.mark.parametrize(
    "metric",
    ["", "/abs", "a//b", "a/", "../secrets", "a/../b", "x?y=1", "x#y", "a b", "ünï", "a.b", 3],
)
def test_metric_paths_must_be_safe_relative_paths(metric: object) -> None:
    with pytest.raises(InvalidInputError) as caught:
        metric_path(metric)
    assert caught.value.field == "metric"
    assert caught.value.rule.startswith("must be a relative path of letters and digits")


# -- parsing a series ------------------------------------------------------------------------


def test_the_documented_example_with_strings() -> None:
    series = parse_series(OP, dumps(DOCUMENTED))
    first, second = series.items
    assert (first.value, second.value) == (3000, 500)
    assert first.date_time == datetime(2016, 7, 18, 10, 38, 17, 626000, tzinfo=UTC)
    assert second.date_time == datetime(2016, 7, 18, 11, 38, 17, 626000, tzinfo=UTC)
    assert first.date_time.utcoffset() == timedelta(0)
    assert first.date_time_as_string == "2016-07-18T10:38:17Z"
    assert second.date_time_as_string == "2016-07-18T04:38:17-07:00"
    assert [(link.rel, link.href) for link in series.links] == [
        (d["rel"], d["href"]) for d in DOCUMENTED["links"]
    ]


@pytest.mark.parametrize(
    ("date_time", "value", "expected_value"),
    [
        (1468838297626, 3000, 3000),
        (1468838297626.0, 3000.0, 3000),
        ("1468838297626", " 3000 ", 3000),
        ("+1468838297626", "-5", -5),
        (1468838297626, "123456789012345678901234567890", 123456789012345678901234567890),
    ],
)
def test_numbers_arrive_as_numbers_or_strings(
    date_time: Any, value: Any, expected_value: int
) -> None:
    body = dumps({"items": [{"dateTime": date_time, "value": value, "dateTimeAsString": "s"}]})
    (point,) = parse_series(OP, body).items
    assert point.value == expected_value
    assert point.date_time == datetime(2016, 7, 18, 10, 38, 17, 626000, tzinfo=UTC)


def test_lenient_where_it_costs_nothing() -> None:
    body = dumps(
        {
            "items": [{"dateTime": "0", "value": "1", "unknownField": [1]}],
            "links": [{"rel": "self"}, "junk", {"rel": "next", "href": "h", "method": "GET"}],
            "hasMore": False,
        }
    )
    series = parse_series(OP, body)
    assert series.items[0].date_time_as_string == ""
    assert series.items[0].date_time == datetime(1970, 1, 1, tzinfo=UTC)
    assert [(link.rel, link.href) for link in series.links] == [("next", "h")]
    assert parse_series(OP, dumps({"items": [], "links": "none"})).links == []


@pytest.mark.parametrize(
    ("items", "message"),
    [
        ([{"dateTime": "1", "value": "lots"}], "value must be an integer or a string of digits"),
        ([{"dateTime": "1", "value": "3,000"}], "value must be an integer"),
        ([{"dateTime": "1", "value": "3000.5"}], "value must be an integer"),
        ([{"dateTime": "1", "value": 2.5}], "value must be an integer"),
        ([{"dateTime": "1", "value": True}], "value must be an integer"),
        ([{"dateTime": "1", "value": None}], "value must be an integer"),
        ([{"dateTime": "1", "value": "NaN"}], "value must be an integer"),
        ([{"dateTime": "soon", "value": "1"}], "dateTime must be an integer"),
        (
            [{"dateTime": "99999999999999999999", "value": "1"}],
            "dateTime 99999999999999999999 is out",
        ),
        ([{"value": "1"}], "KeyError"),
        ([{"dateTime": "1"}], "KeyError"),
        ([{"dateTime": "1", "value": "1", "dateTimeAsString": 5}], "expected str"),
        (["point"], "a series item must be an object"),
        ([None], "a series item must be an object"),
    ],
)
def test_a_bad_point_is_a_non_retryable_api_error(items: list[Any], message: str) -> None:
    with pytest.raises(SeriesFormatError) as caught:
        parse_series(OP, dumps({"items": items}))
    error = caught.value
    assert isinstance(error, MalformedResponseError) and isinstance(error, APIError)
    assert message in str(error)
    assert (error.status_code, error.service, error.retryable) == (200, "oracle_iot", False)


@pytest.mark.parametrize("data", [[1, 2], {"items": {"a": 1}}, {"Items": []}, "text", None, {}])
def test_not_a_series(data: Any) -> None:
    with pytest.raises(SeriesFormatError, match="expected an object with a list of items"):
        parse_series(OP, dumps(data))


@pytest.mark.parametrize("body", [b"", b'{"items": [', b"<html>oops</html>", b"\xff\xfe"])
def test_not_json_is_a_retryable_api_error(body: bytes) -> None:
    with pytest.raises(MalformedResponseError, match="not valid JSON") as caught:
        parse_series(OP, body)
    assert not isinstance(caught.value, SeriesFormatError)
    assert caught.value.retryable


def test_absurdly_nested_json_is_an_api_error() -> None:
    with pytest.raises(MalformedResponseError):
        parse_series(OP, b"[" * 100_000 + b"]" * 100_000)


# -- error answers ---------------------------------------------------------------------------


def oracle_error(status: int, **extra: Any) -> bytes:
    return dumps(
        {
            "type": "about:blank",
            "title": "Some title",
            "status": status,
            "detail": "What went wrong",
            "instance": "/iot/api/v2/x",
            "o:errorCode": f"IOT-{status}",
            **extra,
        }
    )


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (406, BadRequestError),
        (409, APIError),
        (429, ThrottlingError),
        (500, ServerError),
        (503, ServerError),
    ],
)
def test_statuses_map_to_classes_with_oracle_fields(status: int, cls: type[APIError]) -> None:
    error = map_error(status, httpx.Headers({"x-oracle-dms-ecid": "ecid-1"}), oracle_error(status))
    assert type(error) is cls
    assert (error.status_code, error.code, error.message, error.request_id, error.service) == (
        status,
        f"IOT-{status}",
        "What went wrong",
        "ecid-1",
        "oracle_iot",
    )
    assert (
        str(error) == f"oracle_iot HTTP {status} IOT-{status}: What went wrong (request id ecid-1)"
    )
    assert error.retryable is (status in (429, 500, 503))


@pytest.mark.parametrize(
    ("body", "content_type", "message", "code"),
    [
        (b"Forbidden by policy\n", "text/plain", "Forbidden by policy", ""),
        (b"  many\n\n  lines  ", "text/plain", "many lines", ""),
        (b"<html><body>denied</body></html>", "text/html", "HTTP 403 from Oracle IoT", ""),
        (b"denied", "text/html; charset=utf-8", "HTTP 403 from Oracle IoT", ""),
        (b"", "", "HTTP 403 from Oracle IoT", ""),
        (b"[1, 2]", "application/json", "[1, 2]", ""),  # JSON, not Oracle's: as text
        (b'{"title": "Forbidden"}', "application/json", "Forbidden", ""),
        (b'{"detail": 5, "title": ["x"], "o:errorCode": 7}', "application/json", "5", "7"),
        (
            b'{"detail": "  ", "o:errorCode": null}',
            "application/json",
            "HTTP 403 from Oracle IoT",
            "",
        ),
        (b"\xff\xfe bad bytes", "text/plain", "\ufffd\ufffd bad bytes", ""),
    ],
)
def test_error_bodies_are_read_leniently(
    body: bytes, content_type: str, message: str, code: str
) -> None:
    error = map_error(403, httpx.Headers({"content-type": content_type}), body)
    assert type(error) is PermissionDeniedError
    assert (error.message, error.code, error.request_id) == (message, code, None)


def test_long_text_is_cut() -> None:
    error = map_error(500, httpx.Headers(), b"x" * 10_000)
    assert len(error.message) == 303 and error.message.endswith("...")


def test_parse_error_body() -> None:
    parsed = parse_error_body(oracle_error(401))
    assert parsed == OracleErrorBody(
        type="about:blank",
        title="Some title",
        status=401,
        detail="What went wrong",
        instance="/iot/api/v2/x",
        error_code="IOT-401",
    )
    assert parse_error_body(b"not json") is None
    assert parse_error_body(b'"a string"') is None
    assert parse_error_body(b'{"status": true}') == OracleErrorBody()
