"""The SES v2 operations beyond ``BatchGetMetricData`` against botocore, over many generated
inputs: each request as botocore's serializer writes it (method, path, body, content type), each
signature as botocore's signer computes it, and each answer as botocore's parser reads it.

The expected request parameters are written by hand from our models (not through our
converter), so one misreading cannot pass on both sides.
"""

from __future__ import annotations

import enum
import json
from datetime import datetime, timedelta, timezone
from typing import Any

import attrs
import httpx
import pytest
import respx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from metricsdk import AwsCredentials, RetryPolicy
from metricsdk._core.transport import RequestSpec
from metricsdk.sesv2 import (
    CancelExportJobRequest,
    ConfigurationSetFilterKey,
    CreateExportJobRequest,
    DeliveryEventType,
    EngagementEventType,
    ExportMetric,
    ExportSourceType,
    GetAccountRequest,
    GetExportJobRequest,
    IdentityFilterKey,
    JobStatus,
    ListConfigurationSetsRequest,
    ListEmailIdentitiesRequest,
    ListExportJobsRequest,
    ListTenantsFilterKey,
    ListTenantsRequest,
    MessageInsightsDataSource,
    MessageInsightsFilters,
    Metric,
    MetricAggregation,
    MetricDimensionName,
    MetricsDataSource,
    SESv2Client,
)
from metricsdk.sesv2 import account_operations as account_ops
from metricsdk.sesv2 import export_operations as export_ops
from metricsdk.sesv2.wire import wire_name
from tests.parity import botocore_oracle as oracle

INT32 = st.integers(-(2**31), 2**31 - 1)
texts = st.text(max_size=30)
tokens = st.one_of(st.none(), st.text(max_size=60))


def optional(**members: Any) -> dict[str, Any]:
    return {name: value for name, value in members.items() if value is not None}


def assert_same_request(ours: RequestSpec, operation: str, params: dict[str, Any]) -> None:
    theirs = oracle.serialize("sesv2", operation, params)
    assert ours.method == theirs["method"]
    assert ours.path == theirs["url_path"]
    assert ours.query == () and not theirs["query_string"]
    assert dict(ours.headers).get("content-type") == theirs["headers"].get("Content-Type")
    if theirs["body"]:
        assert json.loads(ours.body) == oracle.json_body(theirs["body"])
    else:
        assert ours.body == b""


def filters(keys: type[enum.Enum]) -> st.SearchStrategy[dict[Any, str] | None]:
    return st.one_of(
        st.none(),
        st.dictionaries(st.sampled_from(list(keys)), st.text(min_size=1, max_size=20), max_size=3),
    )


def list_params(request: Any) -> dict[str, Any]:
    return optional(
        Filter=None if request.filter is None else {k.value: v for k, v in request.filter.items()},
        NextToken=request.next_token,
        PageSize=request.page_size,
    )


identity_requests = st.builds(
    ListEmailIdentitiesRequest,
    filter=filters(IdentityFilterKey),
    next_token=tokens,
    page_size=st.one_of(st.none(), st.integers(0, 1000)),
)
configuration_set_requests = st.builds(
    ListConfigurationSetsRequest,
    filter=filters(ConfigurationSetFilterKey),
    next_token=tokens,
    page_size=st.one_of(st.none(), INT32),
)
tenant_requests = st.builds(
    ListTenantsRequest,
    filter=filters(ListTenantsFilterKey),
    next_token=tokens,
    page_size=st.one_of(st.none(), INT32),
)


@settings(max_examples=100, deadline=None)
@given(identity_requests, configuration_set_requests, tenant_requests)
def test_list_requests_match_botocore(
    identities: ListEmailIdentitiesRequest,
    sets: ListConfigurationSetsRequest,
    tenants: ListTenantsRequest,
) -> None:
    assert_same_request(
        account_ops.build_list_email_identities(identities),
        "ListEmailIdentities",
        list_params(identities),
    )
    assert_same_request(
        account_ops.build_list_configuration_sets(sets), "ListConfigurationSets", list_params(sets)
    )
    assert_same_request(
        account_ops.build_list_tenants(tenants), "ListTenants", list_params(tenants)
    )


def test_get_account_request_matches_botocore() -> None:
    assert_same_request(account_ops.build_get_account(GetAccountRequest()), "GetAccount", {})


EPOCH = datetime(2020, 1, 1, tzinfo=timezone.utc)
moments = st.integers(0, 10**8).map(lambda s: EPOCH + timedelta(seconds=s))
micro_moments = st.builds(lambda m, us: m.replace(microsecond=us), moments, st.integers(0, 999_999))
any_moment = st.one_of(moments, micro_moments)
# Job ids as the model allows them (any string of at least one character), but for the two
# that no URL path can carry as a segment.
job_ids = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40)
job_ids = job_ids.filter(lambda job_id: job_id not in (".", ".."))
export_metrics = st.builds(
    ExportMetric,
    name=st.one_of(st.none(), st.sampled_from(list(Metric))),
    aggregation=st.one_of(st.none(), st.sampled_from(list(MetricAggregation))),
)
dimension_value_lists = st.lists(st.text(max_size=20), min_size=1, max_size=10)


@st.composite
def export_dimensions(draw: st.DrawFn) -> dict[MetricDimensionName, list[str]]:
    names = draw(st.lists(st.sampled_from(list(MetricDimensionName)), min_size=1, max_size=3))
    dimensions = {name: draw(dimension_value_lists) for name in names}
    if draw(st.booleans()):  # "*" in one dimension: the others then hold one value each
        first, *others = dimensions
        dimensions[first] = ["*"]
        for name in others:
            dimensions[name] = dimensions[name][:1]
    return {name: values for name, values in dimensions.items() if "*" not in values[1:]}


metrics_sources = st.builds(
    MetricsDataSource,
    dimensions=export_dimensions(),
    metrics=st.lists(export_metrics, min_size=1, max_size=10),
    start_date=any_moment,
    end_date=any_moment,
)


def string_lists(max_items: int, min_size: int, max_size: int | None) -> Any:
    return st.one_of(
        st.none(),
        st.lists(st.text(min_size=min_size, max_size=max_size or 30), max_size=max_items),
    )


insights_filters = st.builds(
    MessageInsightsFilters,
    from_email_address=string_lists(5, 1, 320),
    destination=string_lists(5, 1, 320),
    subject=string_lists(1, 1, 998),
    isp=string_lists(5, 0, None),
    tenant_name=string_lists(5, 1, None),
    last_delivery_event=st.one_of(
        st.none(), st.lists(st.sampled_from(list(DeliveryEventType)), max_size=5)
    ),
    last_engagement_event=st.one_of(
        st.none(), st.lists(st.sampled_from(list(EngagementEventType)), max_size=2)
    ),
)
insights_sources = st.builds(
    MessageInsightsDataSource,
    start_date=any_moment,
    end_date=any_moment,
    include=st.one_of(st.none(), insights_filters),
    exclude=st.one_of(st.none(), insights_filters),
    max_results=st.one_of(st.none(), st.integers(1, 10_000)),
)
create_requests = st.builds(
    CreateExportJobRequest,
    export_data_source=st.one_of(metrics_sources, insights_sources),
    export_destination=st.sampled_from(["CSV", "JSON"]),
)
list_job_requests = st.builds(
    ListExportJobsRequest,
    next_token=tokens,
    page_size=st.one_of(st.none(), INT32),
    export_source_type=st.one_of(st.none(), st.sampled_from(list(ExportSourceType))),
    job_status=st.one_of(st.none(), st.sampled_from(list(JobStatus))),
)


def values(items: list[Any] | None) -> list[str] | None:
    return None if items is None else [str(item) for item in items]


def filters_params(filters: MessageInsightsFilters | None) -> dict[str, Any] | None:
    if filters is None:
        return None
    return optional(
        FromEmailAddress=filters.from_email_address,
        Destination=filters.destination,
        Subject=filters.subject,
        Isp=filters.isp,
        TenantName=filters.tenant_name,
        LastDeliveryEvent=values(filters.last_delivery_event),
        LastEngagementEvent=values(filters.last_engagement_event),
    )


def create_params(request: CreateExportJobRequest) -> dict[str, Any]:
    """The same input as boto3 users would write it."""
    source = request.export_data_source
    metrics, insights = source.metrics_data_source, source.message_insights_data_source
    if metrics is not None:
        wire_source = {
            "MetricsDataSource": {
                "Dimensions": {str(k): list(v) for k, v in metrics.dimensions.items()},
                "Namespace": str(metrics.namespace),
                "Metrics": [
                    optional(
                        Name=None if m.name is None else str(m.name),
                        Aggregation=None if m.aggregation is None else str(m.aggregation),
                    )
                    for m in metrics.metrics
                ],
                "StartDate": metrics.start_date,
                "EndDate": metrics.end_date,
            }
        }
    else:
        assert insights is not None
        wire_source = {
            "MessageInsightsDataSource": optional(
                StartDate=insights.start_date,
                EndDate=insights.end_date,
                Include=filters_params(insights.include),
                Exclude=filters_params(insights.exclude),
                MaxResults=insights.max_results,
            )
        }
    return {
        "ExportDataSource": wire_source,
        "ExportDestination": {"DataFormat": str(request.export_destination.data_format)},
    }


@settings(max_examples=200, deadline=None)
@given(create_requests)
def test_create_export_job_request_matches_botocore(request: CreateExportJobRequest) -> None:
    assert_same_request(
        export_ops.build_create_export_job(request), "CreateExportJob", create_params(request)
    )


@settings(max_examples=150, deadline=None)
@given(job_ids, list_job_requests)
def test_job_requests_match_botocore(job_id: str, listing: ListExportJobsRequest) -> None:
    assert_same_request(
        export_ops.build_get_export_job(GetExportJobRequest(job_id=job_id)),
        "GetExportJob",
        {"JobId": job_id},
    )
    assert_same_request(
        export_ops.build_cancel_export_job(CancelExportJobRequest(job_id=job_id)),
        "CancelExportJob",
        {"JobId": job_id},
    )
    assert_same_request(
        export_ops.build_list_export_jobs(listing),
        "ListExportJobs",
        optional(
            NextToken=listing.next_token,
            PageSize=listing.page_size,
            ExportSourceType=str(listing.export_source_type)
            if listing.export_source_type
            else None,
            JobStatus=str(listing.job_status) if listing.job_status else None,
        ),
    )


# ---- signatures ---------------------------------------------------------------------------

ACCOUNT_CALLS = st.one_of(
    identity_requests.map(lambda r: ("list_email_identities", "POST", attrs.asdict(r))),
    configuration_set_requests.map(lambda r: ("list_configuration_sets", "POST", attrs.asdict(r))),
    tenant_requests.map(lambda r: ("list_tenants", "POST", attrs.asdict(r))),
    st.just(("get_account", "GET", {})),
)


EXPORT_CALLS = st.one_of(
    create_requests.map(lambda r: ("create_export_job", "POST", attrs.asdict(r, recurse=False))),
    job_ids.map(lambda j: ("get_export_job", "GET", {"job_id": j})),
    job_ids.map(lambda j: ("cancel_export_job", "PUT", {"job_id": j})),
    list_job_requests.map(lambda r: ("list_export_jobs", "POST", attrs.asdict(r))),
)


def assert_signature_verifies(
    method: str, kwargs: dict[str, Any], http_method: str, token: str | None, region: str
) -> None:
    credentials = AwsCredentials("AKIDPARITY", "parity/secret+key", token)
    with respx.mock:
        route = respx.route(method=http_method, host=f"email.{region}.amazonaws.com").respond(
            200, json={"JobId": "j-1"}
        )
        # No pacer: examples follow one another faster than CreateExportJob's rate.
        with SESv2Client(
            region=region,
            credentials=credentials,
            retry=RetryPolicy(max_attempts=1),
            rate_limiter=None,
        ) as ses:
            getattr(ses, method)(**kwargs)
    sent: httpx.Request = route.calls.last.request
    expected = oracle.botocore_signature(
        sent,
        access_key="AKIDPARITY",
        secret_key="parity/secret+key",
        token=token,
        region=region,
        signing_name="ses",
    )
    assert oracle.our_signature(sent) == expected


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    call=ACCOUNT_CALLS,
    token=st.one_of(st.none(), st.text("abcdef0123456789/+=", min_size=8)),
    region=st.sampled_from(["us-east-1", "eu-west-1", "ap-southeast-2"]),
)
def test_account_signatures_verify_with_botocore(
    call: tuple[str, str, dict[str, Any]], token: str | None, region: str
) -> None:
    method, http_method, kwargs = call
    assert_signature_verifies(method, kwargs, http_method, token, region)


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    call=EXPORT_CALLS,
    token=st.one_of(st.none(), st.text("abcdef0123456789/+=", min_size=8)),
    region=st.sampled_from(["us-east-1", "eu-west-1", "ap-southeast-2"]),
)
def test_export_job_signatures_verify_with_botocore(
    call: tuple[str, str, dict[str, Any]], token: str | None, region: str
) -> None:
    method, http_method, kwargs = call
    assert_signature_verifies(method, kwargs, http_method, token, region)


# ---- answers ------------------------------------------------------------------------------


def canonical(value: Any) -> Any:
    """A plain, comparable form of a parsed answer, ours or botocore's: wire names, epoch
    seconds for times (which must be timezone-aware), absent and empty members dropped."""
    if attrs.has(type(value)):
        fields = attrs.fields(type(value))
        return canonical({wire_name(f): getattr(value, f.name) for f in fields})
    if isinstance(value, dict):
        members = {
            (k.value if isinstance(k, enum.Enum) else k): canonical(v)
            for k, v in value.items()
            if k != "ResponseMetadata"
        }
        return {k: v for k, v in members.items() if v is not None and v not in ("", [], {})}
    if isinstance(value, list):
        return [canonical(item) for item in value]
    if isinstance(value, datetime):
        assert value.utcoffset() == timedelta(0)
        return value.timestamp()
    if isinstance(value, enum.Enum):
        return value.value
    return value


def maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(strategy, st.none())


def enum_values(*values: str) -> st.SearchStrategy[str]:
    """The model's values and one it does not know yet."""
    return st.sampled_from([*values, "SOMETHING_NEW"])


wire_times = st.one_of(
    st.integers(0, 4 * 10**9), st.integers(0, 4 * 10**12).map(lambda ms: ms / 1000)
)
unknown_values = st.one_of(texts, st.dictionaries(st.text(max_size=8), texts, max_size=3))
feature = enum_values("ENABLED", "DISABLED")


def structure(
    required: dict[str, st.SearchStrategy[Any]] | None = None, **members: Any
) -> st.SearchStrategy[dict[str, Any]]:
    """An answer object: its required members, any of its optional ones (or null), and a member
    the model does not name."""
    optional_members = {name: maybe(strategy) for name, strategy in members.items()}
    optional_members["MemberOfTomorrow"] = unknown_values
    return st.fixed_dictionaries(required or {}, optional=optional_members)


identity_answers = structure(
    EmailIdentities=st.lists(
        structure(
            IdentityType=enum_values("EMAIL_ADDRESS", "DOMAIN", "MANAGED_DOMAIN"),
            IdentityName=texts,
            SendingEnabled=st.booleans(),
            VerificationStatus=enum_values(
                "PENDING", "SUCCESS", "FAILED", "TEMPORARY_FAILURE", "NOT_STARTED"
            ),
        ),
        max_size=5,
    ),
    NextToken=texts,
)
configuration_set_answers = structure(
    ConfigurationSets=st.lists(texts, max_size=5), NextToken=texts
)
tenant_answers = structure(
    Tenants=st.lists(
        structure(
            TenantName=texts,
            TenantId=texts,
            TenantArn=texts,
            CreatedTimestamp=wire_times,
            SendingStatus=enum_values("ENABLED", "REINSTATED", "DISABLED"),
        ),
        max_size=5,
    ),
    NextToken=texts,
)
doubles = st.one_of(st.integers(-1, 10**9), st.floats(allow_nan=False, allow_infinity=False))
account_answers = structure(
    DedicatedIpAutoWarmupEnabled=st.booleans(),
    EnforcementStatus=st.sampled_from(["HEALTHY", "PROBATION", "SHUTDOWN", "NEW"]),
    ProductionAccessEnabled=st.booleans(),
    SendQuota=structure(Max24HourSend=doubles, MaxSendRate=doubles, SentLast24Hours=doubles),
    SendingEnabled=st.booleans(),
    SuppressionAttributes=structure(
        SuppressedReasons=st.lists(enum_values("BOUNCE", "COMPLAINT"), max_size=3),
        ValidationAttributes=structure(
            {
                "ConditionThreshold": structure(
                    {"ConditionThresholdEnabled": feature},
                    OverallConfidenceThreshold=structure(
                        {"ConfidenceVerdictThreshold": enum_values("MEDIUM", "HIGH", "MANAGED")}
                    ),
                )
            }
        ),
    ),
    Details=structure(
        MailType=enum_values("MARKETING", "TRANSACTIONAL"),
        WebsiteURL=texts,
        ContactLanguage=enum_values("EN", "JA"),
        UseCaseDescription=texts,
        AdditionalContactEmailAddresses=st.lists(texts, max_size=4),
        ReviewDetails=structure(
            Status=enum_values("PENDING", "FAILED", "GRANTED", "DENIED"), CaseId=texts
        ),
    ),
    VdmAttributes=structure(
        {"VdmEnabled": feature},
        DashboardAttributes=structure(EngagementMetrics=feature),
        GuardianAttributes=structure(OptimizedSharedDelivery=feature),
    ),
    PricingAttributes=structure(
        CurrentPlan=enum_values("NONE", "ESSENTIALS", "PRO", "ENTERPRISE"),
        NextPlan=enum_values("NONE", "ESSENTIALS", "PRO", "ENTERPRISE"),
    ),
    DeliveryAttributes=structure(SharedPoolDeliveryMode=enum_values("GLOBAL", "REGIONAL")),
)

ACCOUNT_PARSERS = {
    "ListEmailIdentities": (identity_answers, account_ops.parse_list_email_identities),
    "ListConfigurationSets": (configuration_set_answers, account_ops.parse_list_configuration_sets),
    "ListTenants": (tenant_answers, account_ops.parse_list_tenants),
    "GetAccount": (account_answers, account_ops.parse_get_account),
}


@settings(max_examples=80, deadline=None)
@given(data=st.data(), operation=st.sampled_from(sorted(ACCOUNT_PARSERS)))
def test_account_answers_parse_as_botocore_parses_them(data: st.DataObject, operation: str) -> None:
    answers, parse = ACCOUNT_PARSERS[operation]
    body = json.dumps(data.draw(answers)).encode()
    assert canonical(parse(body)) == canonical(oracle.parse("sesv2", operation, 200, body))


wire_dimensions = st.dictionaries(
    st.sampled_from([*(d.value for d in MetricDimensionName), "COUNTRY"]),
    st.lists(texts, max_size=3),
    max_size=4,
)
wire_metrics_source = structure(
    {
        "Dimensions": wire_dimensions,
        "Namespace": enum_values("VDM"),
        "Metrics": st.lists(
            structure(
                Name=enum_values(*(m.value for m in Metric)),
                Aggregation=enum_values("RATE", "VOLUME"),
            ),
            max_size=4,
        ),
        "StartDate": wire_times,
        "EndDate": wire_times,
    }
)
wire_insights_filters = structure(
    FromEmailAddress=st.lists(texts, max_size=6),
    Destination=st.lists(texts, max_size=6),
    Subject=st.lists(texts, max_size=2),
    Isp=st.lists(texts, max_size=6),
    TenantName=st.lists(texts, max_size=6),
    LastDeliveryEvent=st.lists(enum_values(*(e.value for e in DeliveryEventType)), max_size=3),
    LastEngagementEvent=st.lists(enum_values("OPEN", "CLICK"), max_size=3),
)
wire_insights_source = structure(
    {"StartDate": wire_times, "EndDate": wire_times},
    Include=wire_insights_filters,
    Exclude=wire_insights_filters,
    MaxResults=st.integers(-(2**31), 2**31 - 1),
)
source_types = enum_values("METRICS_DATA", "MESSAGE_INSIGHTS")
job_states = enum_values("CREATED", "PROCESSING", "COMPLETED", "FAILED", "CANCELLED")
get_job_answers = structure(
    JobId=texts,
    ExportSourceType=source_types,
    JobStatus=job_states,
    ExportDestination=structure({"DataFormat": enum_values("CSV", "JSON")}, S3Url=texts),
    ExportDataSource=structure(
        MetricsDataSource=wire_metrics_source, MessageInsightsDataSource=wire_insights_source
    ),
    CreatedTimestamp=wire_times,
    CompletedTimestamp=wire_times,
    FailureInfo=structure(FailedRecordsS3Url=texts, ErrorMessage=texts),
    Statistics=structure(
        ProcessedRecordsCount=st.integers(0, 2**31 - 1),
        ExportedRecordsCount=st.integers(0, 2**31 - 1),
    ),
)
list_job_answers = structure(
    ExportJobs=st.lists(
        structure(
            JobId=texts,
            ExportSourceType=source_types,
            JobStatus=job_states,
            CreatedTimestamp=wire_times,
            CompletedTimestamp=wire_times,
        ),
        max_size=5,
    ),
    NextToken=texts,
)
EXPORT_PARSERS = {
    "GetExportJob": (get_job_answers, export_ops.parse_get_export_job),
    "ListExportJobs": (list_job_answers, export_ops.parse_list_export_jobs),
    "CreateExportJob": (structure({"JobId": texts}), export_ops.parse_create_export_job),
    "CancelExportJob": (structure(), export_ops.parse_cancel_export_job),
}


@settings(max_examples=200, deadline=None)
@given(data=st.data(), operation=st.sampled_from(sorted(EXPORT_PARSERS)))
def test_export_job_answers_parse_as_botocore_parses_them(
    data: st.DataObject, operation: str
) -> None:
    answers, parse = EXPORT_PARSERS[operation]
    body = json.dumps(data.draw(answers)).encode()
    assert canonical(parse(body)) == canonical(oracle.parse("sesv2", operation, 200, body))


@pytest.mark.parametrize("body", [b"", b"{}"])
def test_an_empty_cancel_answer_parses_as_botocore_parses_it(body: bytes) -> None:
    ours = export_ops.parse_cancel_export_job(body)
    assert canonical(ours) == canonical(oracle.parse("sesv2", "CancelExportJob", 200, body)) == {}
