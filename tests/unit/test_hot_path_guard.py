"""A structural guard on the per-call hot path (not a timing test): after a first call, further
calls build no converter, derive no signing key and compile no regex. Each of these once crept
into per-call code in other SDKs and cost more than the rest of the call together."""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

import cattrs
import httpx
import pytest

from metricsdk import AwsCredentials
from metricsdk._core import sigv4
from metricsdk.oracle_iot import OracleIoTClient
from metricsdk.sesv2 import BatchGetMetricDataQuery, SESv2Client

ANSWER = {"Results": [{"Id": "q0", "Timestamps": [1767225600.0], "Values": [3]}], "Errors": []}


class Counts:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.converters = self.compiles = 0
        original_init = cattrs.Converter.__init__
        original_compile = re._compile  # what re.compile, re.match & co. all go through

        def counting_init(converter: Any, *args: Any, **kwargs: Any) -> None:
            self.converters += 1
            original_init(converter, *args, **kwargs)

        def counting_compile(pattern: Any, *args: Any, **kwargs: Any) -> Any:
            if isinstance(pattern, (str, bytes)):  # an already compiled pattern is passed through
                self.compiles += 1
            return original_compile(pattern, *args, **kwargs)

        monkeypatch.setattr(cattrs.Converter, "__init__", counting_init)
        monkeypatch.setattr(re, "_compile", counting_compile)

    @staticmethod
    def derivations() -> int:
        return sigv4.signing_key.cache_info().misses


def test_ses_calls_rebuild_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    http = httpx.Client(transport=httpx.MockTransport(lambda r: httpx.Response(200, json=ANSWER)))
    ses = SESv2Client(
        region="us-east-1",
        credentials=AwsCredentials("AKIDGUARD00000000000", "guard-secret"),
        http_client=http,
        rate_limiter=None,
    )
    query = BatchGetMetricDataQuery(
        id="q0", metric="SEND", start_date=date(2026, 1, 1), end_date=date(2026, 1, 2)
    )
    ses.batch_get_metric_data(queries=[query])  # the first call may warm caches
    counts = Counts(monkeypatch)
    derivations = counts.derivations()
    for _ in range(5):
        assert ses.batch_get_metric_data(queries=[query]).results[0].values == [3]
    assert (counts.converters, counts.compiles) == (0, 0)
    assert counts.derivations() == derivations  # the day's key is cached
    ses.close()


def test_oracle_calls_rebuild_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    series = {"items": [{"dateTime": "1767225600000", "value": "7", "dateTimeAsString": "x"}]}
    http = httpx.Client(
        transport=httpx.MockTransport(lambda r: httpx.Response(200, content=json.dumps(series)))
    )
    iot = OracleIoTClient(
        base_url="https://iot.example.com", username="u", password="p", http_client=http
    )
    iot.get_outbound_message_data_volume(app_id="a1")
    counts = Counts(monkeypatch)
    for _ in range(5):
        assert iot.get_outbound_message_data_volume(app_id="a1").items[0].value == 7
    assert (counts.converters, counts.compiles) == (0, 0)
    iot.close()


def _ses_client(*answers: httpx.Response) -> SESv2Client:
    replies = iter(answers)
    http = httpx.Client(transport=httpx.MockTransport(lambda r: next(replies)))
    return SESv2Client(
        region="us-east-1",
        credentials=AwsCredentials("AKIDGUARD00000000000", "guard-secret"),
        http_client=http,
        rate_limiter=None,
    )


def test_a_call_that_succeeds_at_once_builds_no_retry_loop(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import tenacity

    built: list[object] = []
    original_init = tenacity.Retrying.__init__

    def counting_init(retrying: Any, *args: Any, **kwargs: Any) -> None:
        built.append(retrying)
        original_init(retrying, *args, **kwargs)

    monkeypatch.setattr(tenacity.Retrying, "__init__", counting_init)
    throttled = httpx.Response(
        429, json={"message": "slow down"}, headers={"x-amzn-ErrorType": "TooManyRequestsException"}
    )
    ses = _ses_client(httpx.Response(200, json=ANSWER), throttled, httpx.Response(200, json=ANSWER))
    query = BatchGetMetricDataQuery(
        id="q0", metric="SEND", start_date=date(2026, 1, 1), end_date=date(2026, 1, 2)
    )
    ses.batch_get_metric_data(queries=[query])
    assert built == []
    # A throttled first attempt hands over to tenacity, which retries it.
    monkeypatch.setattr("time.sleep", lambda seconds: None)
    assert ses.batch_get_metric_data(queries=[query]).results[0].values == [3]
    assert len(built) == 1
    ses.close()
