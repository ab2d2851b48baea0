"""The SES v2 operations beyond ``BatchGetMetricData`` against botocore, over many generated
inputs: each request as botocore's serializer writes it (method, path, body, content type), each
signature as botocore's signer computes it, and each answer as botocore's parser reads it.

The expected request parameters are written by hand from our models (not through our
converter), so one misreading cannot pass on both sides.
"""

from __future__ import annotations

import enum
import json
from datetime import datetime, timedelta
from typing import Any

import attrs
import httpx
import respx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from metricsdk import AwsCredentials, RetryPolicy
from metricsdk._core.transport import RequestSpec
from metricsdk.sesv2 import (
    ConfigurationSetFilterKey,
    GetAccountRequest,
    IdentityFilterKey,
    ListConfigurationSetsRequest,
    ListEmailIdentitiesRequest,
    ListTenantsFilterKey,
    ListTenantsRequest,
    SESv2Client,
)
from metricsdk.sesv2 import account_operations as account_ops
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


# ---- signatures ---------------------------------------------------------------------------

ACCOUNT_CALLS = st.one_of(
    identity_requests.map(lambda r: ("list_email_identities", "POST", attrs.asdict(r))),
    configuration_set_requests.map(lambda r: ("list_configuration_sets", "POST", attrs.asdict(r))),
    tenant_requests.map(lambda r: ("list_tenants", "POST", attrs.asdict(r))),
    st.just(("get_account", "GET", {})),
)


def assert_signature_verifies(
    method: str, kwargs: dict[str, Any], http_method: str, token: str | None, region: str
) -> None:
    credentials = AwsCredentials("AKIDPARITY", "parity/secret+key", token)
    with respx.mock:
        route = respx.route(method=http_method, host=f"email.{region}.amazonaws.com").respond(
            200, json={"JobId": "j-1"}
        )
        with SESv2Client(
            region=region, credentials=credentials, retry=RetryPolicy(max_attempts=1)
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
