"""Each SES v2 operation is paced by its own published rate, never by another operation's: the
transport's choice of pacer (`RequestSpec.pacing`, `ServiceConfig.pacers`) and the SES client's
use of it, sync and async."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any

import httpx
import pytest
import respx

from metricsdk import AwsCredentials, RetryPolicy
from metricsdk._core.async_transport import AsyncTransport
from metricsdk._core.pacing import _SHARED, Pacer
from metricsdk._core.sync_transport import SyncTransport
from metricsdk._core.transport import RequestSpec, ServiceConfig, limiter_for
from metricsdk.errors import APIError, InvalidInputError
from metricsdk.sesv2 import (
    AsyncSESv2Client,
    BatchGetMetricDataQuery,
    BatchGetMetricDataRequest,
    CancelExportJobRequest,
    CreateExportJobRequest,
    ExportMetric,
    GetAccountRequest,
    GetExportJobRequest,
    ListConfigurationSetsRequest,
    ListEmailIdentitiesRequest,
    ListExportJobsRequest,
    ListTenantsRequest,
    MetricsDataSource,
    SESv2Client,
    account_operations,
    export_operations,
    operations,
)
from metricsdk.sesv2.pacing import CREATE_EXPORT_JOB, EXPORT_JOB_LIMITS, METRIC_DATA_LIMITS

BASE = "https://email.us-east-1.amazonaws.com"
QUERY = BatchGetMetricDataQuery(
    id="q", metric="SEND", start_date=date(2026, 1, 1), end_date=date(2026, 1, 2)
)


class Recorder:
    """A `RateLimiter` that admits at once and records what it was charged and told."""

    def __init__(self) -> None:
        self.weights: list[int] = []
        self.feedback_seen: list[bool] = []

    def acquire(self, weight: int = 1, *, timeout: float | None = None) -> None:
        self.weights.append(weight)

    async def acquire_async(self, weight: int = 1, *, timeout: float | None = None) -> None:
        self.weights.append(weight)

    def feedback(self, *, throttled: bool, retry_after: float | None = None) -> None:
        self.feedback_seen.append(throttled)


def config(**kwargs: Any) -> ServiceConfig:
    def never(status: int, headers: httpx.Headers, body: bytes) -> APIError:
        raise AssertionError("unused")

    return ServiceConfig(
        service="x", base_url="https://x.example", auth=None, map_error=never, **kwargs
    )


def test_the_transport_picks_the_pacer_each_request_names() -> None:
    client_wide, own = Recorder(), Recorder()
    cfg = config(rate_limiter=client_wide, pacers={"Own": own})
    spec = RequestSpec(operation="Op", method="GET", path="/")
    assert limiter_for(cfg, spec) is client_wide  # the default: every service so far
    assert (
        limiter_for(cfg, RequestSpec(operation="Op", method="GET", path="/", pacing="Own")) is own
    )
    assert (
        limiter_for(cfg, RequestSpec(operation="Op", method="GET", path="/", pacing=None)) is None
    )
    assert (
        limiter_for(cfg, RequestSpec(operation="Op", method="GET", path="/", pacing="Other"))
        is None
    )
    assert config().pacers == {}
    with pytest.raises(InvalidInputError, match=r"pacers\['Own'\]"):
        config(pacers={"Own": object()})


def clients(credentials: AwsCredentials, **kwargs: Any) -> tuple[SESv2Client, AsyncSESv2Client]:
    settings = {"region": "us-east-1", "credentials": credentials, **kwargs}
    return SESv2Client(**settings), AsyncSESv2Client(**settings)


def test_the_client_keeps_one_pacer_per_published_rate(aws_credentials: AwsCredentials) -> None:
    ses, aio = clients(aws_credentials)
    for client in (ses, aio):
        config = client._transport.config
        assert isinstance(config.rate_limiter, Pacer)
        assert config.rate_limiter.limits == METRIC_DATA_LIMITS
        exports = config.pacers[CREATE_EXPORT_JOB]
        assert isinstance(exports, Pacer) and exports.limits == EXPORT_JOB_LIMITS
    # shared by the account's clients in this process, one per rate
    assert ses._transport.config.pacers == aio._transport.config.pacers
    assert ses._transport.config.rate_limiter is aio._transport.config.rate_limiter
    assert len(_SHARED) == 2


def test_a_callers_pacer_replaces_only_the_metric_data_one(aws_credentials: AwsCredentials) -> None:
    mine = Recorder()
    ses, _ = clients(aws_credentials, rate_limiter=mine)
    assert ses._transport.config.rate_limiter is mine
    assert isinstance(ses._transport.config.pacers[CREATE_EXPORT_JOB], Pacer)
    off, _ = clients(aws_credentials, rate_limiter=None)
    assert (off._transport.config.rate_limiter, off._transport.config.pacers) == (None, {})


@pytest.mark.parametrize("mode", ["sync", "async"])
@respx.mock
def test_only_metric_data_calls_are_charged_to_the_rate_limiter(
    mode: str, aws_credentials: AwsCredentials
) -> None:
    respx.post(f"{BASE}/v2/email/metrics/batch").respond(200, json={"Results": [], "Errors": []})
    respx.post(f"{BASE}/v2/email/list-identities").respond(200, json={"EmailIdentities": []})
    respx.post(f"{BASE}/v2/email/list-configuration-sets").mock(
        side_effect=[
            httpx.Response(429, headers={"x-amzn-ErrorType": "TooManyRequestsException"}),
            httpx.Response(200, json={"ConfigurationSets": []}),
        ]
    )
    respx.get(f"{BASE}/v2/email/account").respond(200, json={})
    metric_data = Recorder()
    settings: dict[str, Any] = {
        "region": "us-east-1",
        "credentials": aws_credentials,
        "rate_limiter": metric_data,
        "retry": RetryPolicy(initial_backoff=0.0),
    }

    def calls(ses: Any) -> list[Any]:
        return [
            ses.list_email_identities(),
            ses.list_configuration_sets(),  # throttled once: the metric pacer must not hear it
            ses.get_account(),
            ses.batch_get_metric_data(queries=[QUERY, QUERY]),
        ]

    if mode == "sync":
        with SESv2Client(**settings) as ses:
            calls(ses)
    else:

        async def go() -> None:
            async with AsyncSESv2Client(**settings) as ses:
                for call in calls(ses):
                    await call

        asyncio.run(go())
    assert metric_data.weights == [2]
    assert metric_data.feedback_seen == [False]


@pytest.mark.parametrize("mode", ["sync", "async"])
@respx.mock
def test_the_transport_charges_and_tells_only_the_named_pacer(mode: str) -> None:
    client_wide, own = Recorder(), Recorder()
    cfg = config(rate_limiter=client_wide, pacers={"Own": own})
    respx.get("https://x.example/a").respond(200, content=b"ok")
    spec = RequestSpec(operation="A", method="GET", path="/a", pacing="Own", weight=3)
    if mode == "sync":
        assert SyncTransport(cfg).request(spec, bytes) == b"ok"
    else:
        assert asyncio.run(AsyncTransport(cfg).request(spec, bytes)) == b"ok"
    assert (own.weights, own.feedback_seen) == ([3], [False])
    assert (client_wide.weights, client_wide.feedback_seen) == ([], [])


def test_each_ses_operation_is_admitted_by_the_pacer_of_its_own_rate(
    aws_credentials: AwsCredentials,
) -> None:
    ses, _ = clients(aws_credentials)
    cfg = ses._transport.config
    source = MetricsDataSource(
        dimensions={"ISP": "*"},
        metrics=[ExportMetric(name="SEND")],
        start_date=date(2026, 1, 1),
        end_date=date(2026, 1, 2),
    )
    specs = {
        "BatchGetMetricData": operations.build_batch_get_metric_data(
            BatchGetMetricDataRequest(queries=[QUERY])
        ),
        "CreateExportJob": export_operations.build_create_export_job(
            CreateExportJobRequest(export_data_source=source, export_destination="CSV")
        ),
        "GetExportJob": export_operations.build_get_export_job(GetExportJobRequest(job_id="j")),
        "CancelExportJob": export_operations.build_cancel_export_job(
            CancelExportJobRequest(job_id="j")
        ),
        "ListExportJobs": export_operations.build_list_export_jobs(ListExportJobsRequest()),
        "ListEmailIdentities": account_operations.build_list_email_identities(
            ListEmailIdentitiesRequest()
        ),
        "ListConfigurationSets": account_operations.build_list_configuration_sets(
            ListConfigurationSetsRequest()
        ),
        "ListTenants": account_operations.build_list_tenants(ListTenantsRequest()),
        "GetAccount": account_operations.build_get_account(GetAccountRequest()),
    }
    pacers = {name: limiter_for(cfg, spec) for name, spec in specs.items()}
    assert pacers.pop("BatchGetMetricData") is cfg.rate_limiter
    assert pacers.pop("CreateExportJob") is cfg.pacers[CREATE_EXPORT_JOB]
    assert pacers == dict.fromkeys(pacers)  # every other operation: no pacer
    assert {spec.operation for spec in specs.values()} == set(specs)
