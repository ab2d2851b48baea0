"""The account's lists (identities, configuration sets, tenants) and settings (GetAccount): the
request rules, the wire format, lenient answers, and both clients against respx (pages,
paginators, retries, errors, pacing)."""

from __future__ import annotations

import asyncio
import json
from datetime import datetime, timezone
from typing import Any

import httpx
import pytest
import respx

from metricsdk import AwsCredentials, RetryPolicy
from metricsdk.errors import InvalidInputError, MalformedResponseError
from metricsdk.sesv2 import (
    AccountDetails,
    AsyncSESv2Client,
    BadRequestException,
    ConfigurationSetFilterKey,
    FeatureStatus,
    GetAccountRequest,
    GetAccountResponse,
    IdentityFilterKey,
    IdentityInfo,
    IdentityType,
    ListConfigurationSetsRequest,
    ListEmailIdentitiesRequest,
    ListTenantsFilterKey,
    ListTenantsRequest,
    SendingStatus,
    SESv2Client,
    TenantInfo,
    TooManyRequestsException,
    VdmAttributes,
    VerificationStatus,
)
from metricsdk.sesv2 import account_operations as ops

BASE = "https://email.us-east-1.amazonaws.com"
FAST = RetryPolicy(initial_backoff=0.0)


# ---- request rules --------------------------------------------------------------------------


def test_filters_take_members_or_their_names_and_send_plain_strings() -> None:
    request = ListEmailIdentitiesRequest(
        filter={"IDENTITY_TYPE": IdentityType.DOMAIN, IdentityFilterKey.VERIFICATION_STATUS: "x"}
    )
    assert request.filter == {
        IdentityFilterKey.IDENTITY_TYPE: "DOMAIN",
        IdentityFilterKey.VERIFICATION_STATUS: "x",
    }
    assert type(request.filter[IdentityFilterKey.IDENTITY_TYPE]) is str
    body = json.loads(ops.build_list_email_identities(request).body)
    assert body == {"Filter": {"IDENTITY_TYPE": "DOMAIN", "VERIFICATION_STATUS": "x"}}


@pytest.mark.parametrize(
    ("cls", "fields", "field", "rule"),
    [
        (ListEmailIdentitiesRequest, {"filter": {"NAME": "x"}}, "filter key", "must be one of"),
        (ListEmailIdentitiesRequest, {"filter": {"IDENTITY_TYPE": ""}}, "filter[IDENTITY_TYPE]",
         "must not be empty"),
        (ListEmailIdentitiesRequest, {"filter": ["IDENTITY_TYPE"]}, "filter", "mapping"),
        (ListEmailIdentitiesRequest, {"filter": {"IDENTITY_TYPE": 3}}, "filter[IDENTITY_TYPE]",
         "must be a string"),
        (ListEmailIdentitiesRequest, {"page_size": 1001}, "page_size", "from 0 to 1000"),
        (ListEmailIdentitiesRequest, {"page_size": -1}, "page_size", "from 0 to 1000"),
        (ListEmailIdentitiesRequest, {"page_size": True}, "page_size", "must be an integer"),
        (ListEmailIdentitiesRequest, {"next_token": 5}, "next_token", "must be a string"),
        (ListConfigurationSetsRequest, {"filter": {"IDENTITY_TYPE": "x"}}, "filter key",
         "CONFIGURATION_SET_NAME_CONTAINS"),
        (ListConfigurationSetsRequest, {"page_size": 2**31}, "page_size", "2147483647"),
        (ListTenantsRequest, {"filter": {"SENDING_STATUS": ""}}, "filter[SENDING_STATUS]",
         "must not be empty"),
        (ListTenantsRequest, {"page_size": "10"}, "page_size", "must be an integer"),
    ],
)  # fmt: skip
def test_request_rules(cls: Any, fields: dict[str, Any], field: str, rule: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        cls(**fields)
    assert caught.value.field == field
    assert rule in caught.value.rule


def test_what_the_model_leaves_open_is_accepted() -> None:
    # PageSize 0 and 1000 (the documented ends), any int32 elsewhere, an empty NextToken (the
    # model's NextToken has no length), many filter entries (the maps have no bound).
    assert ListEmailIdentitiesRequest(page_size=0).page_size == 0
    assert ListEmailIdentitiesRequest(page_size=1000, next_token="").next_token == ""
    assert ListConfigurationSetsRequest(page_size=-(2**31)).page_size == -(2**31)
    assert ListTenantsRequest(page_size=0, filter={"TENANT_NAME_CONTAINS": "a"}).filter == {
        ListTenantsFilterKey.TENANT_NAME_CONTAINS: "a"
    }


# ---- wire format ----------------------------------------------------------------------------


def test_requests_are_built_as_the_model_says() -> None:
    identities = ops.build_list_email_identities(
        ListEmailIdentitiesRequest(page_size=5, next_token="t")
    )
    assert (identities.method, identities.path) == ("POST", "/v2/email/list-identities")
    assert json.loads(identities.body) == {"PageSize": 5, "NextToken": "t"}
    assert dict(identities.headers) == {"content-type": "application/json"}
    sets = ops.build_list_configuration_sets(
        ListConfigurationSetsRequest(filter={"CONFIGURATION_SET_NAME_CONTAINS": "prod"})
    )
    assert (sets.method, sets.path) == ("POST", "/v2/email/list-configuration-sets")
    assert json.loads(sets.body) == {"Filter": {"CONFIGURATION_SET_NAME_CONTAINS": "prod"}}
    tenants = ops.build_list_tenants(ListTenantsRequest())
    assert (tenants.method, tenants.path, tenants.body) == ("POST", "/v2/email/tenants/list", b"{}")
    account = ops.build_get_account(GetAccountRequest())
    assert (account.method, account.path, account.body, account.headers) == (
        "GET",
        "/v2/email/account",
        b"",
        (),
    )
    # Reads: safe to repeat, and paced by nothing (no published rate).
    for spec in (identities, sets, tenants, account):
        assert spec.idempotent and spec.pacing is None


ACCOUNT = {
    "DedicatedIpAutoWarmupEnabled": True,
    "EnforcementStatus": "HEALTHY",
    "ProductionAccessEnabled": True,
    "SendQuota": {"Max24HourSend": 50000, "MaxSendRate": 14.5, "SentLast24Hours": 12.0},
    "SendingEnabled": True,
    "SuppressionAttributes": {
        "SuppressedReasons": ["BOUNCE", "NEW_REASON"],
        "ValidationAttributes": {
            "ConditionThreshold": {
                "ConditionThresholdEnabled": "ENABLED",
                "OverallConfidenceThreshold": {"ConfidenceVerdictThreshold": "HIGH"},
            }
        },
    },
    "Details": {
        "MailType": "TRANSACTIONAL",
        "WebsiteURL": "https://private.example.com",
        "ContactLanguage": "EN",
        "AdditionalContactEmailAddresses": ["ops@private.example.com"],
        "ReviewDetails": {"Status": "GRANTED", "CaseId": "c-1"},
    },
    "VdmAttributes": {
        "VdmEnabled": "ENABLED",
        "DashboardAttributes": {"EngagementMetrics": "DISABLED"},
        "GuardianAttributes": {"OptimizedSharedDelivery": "ENABLED"},
    },
    "PricingAttributes": {"CurrentPlan": "ESSENTIALS", "NextPlan": None},
    "DeliveryAttributes": {"SharedPoolDeliveryMode": "GLOBAL"},
    "BrandNewMember": {"Anything": [1, 2]},
}


def test_get_account_answer_is_read_whole() -> None:
    account = ops.parse_get_account(json.dumps(ACCOUNT).encode())
    assert account.vdm_enabled is True
    assert account.vdm_attributes == VdmAttributes(
        vdm_enabled=FeatureStatus.ENABLED,
        dashboard_attributes=account.vdm_attributes.dashboard_attributes,  # type: ignore[union-attr]
        guardian_attributes=account.vdm_attributes.guardian_attributes,  # type: ignore[union-attr]
    )
    assert account.send_quota is not None and account.send_quota.max24_hour_send == 50000.0
    assert type(account.send_quota.max24_hour_send) is float
    assert account.suppression_attributes is not None
    assert account.suppression_attributes.suppressed_reasons == ["BOUNCE", "NEW_REASON"]
    threshold = account.suppression_attributes.validation_attributes
    assert threshold is not None
    assert threshold.condition_threshold.condition_threshold_enabled is FeatureStatus.ENABLED
    assert account.details is not None
    assert account.details.website_url == "https://private.example.com"
    assert account.pricing_attributes is not None
    assert account.pricing_attributes.next_plan is None  # null reads as absent
    # The model marks the website and contact addresses sensitive: no repr shows them.
    assert "private.example.com" not in repr(account)


@pytest.mark.parametrize(
    ("vdm", "enabled"),
    [
        ({"VdmEnabled": "ENABLED"}, True),
        ({"VdmEnabled": "DISABLED"}, False),
        ({"VdmEnabled": "PAUSED"}, False),
        (None, False),
    ],
)
def test_vdm_enabled_reads_the_vdm_attributes(vdm: Any, enabled: bool) -> None:
    body = {} if vdm is None else {"VdmAttributes": vdm}
    assert ops.parse_get_account(json.dumps(body).encode()).vdm_enabled is enabled


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"[]",
        b'{"VdmAttributes": {"DashboardAttributes": {}}}',  # VdmEnabled is required
        b'{"SendQuota": {"MaxSendRate": "fast"}}',
        b'{"SendingEnabled": "yes"}',
        b'{"Details": {"AdditionalContactEmailAddresses": "a@b.c"}}',
    ],
)
def test_unreadable_account_answers_are_malformed(body: bytes) -> None:
    with pytest.raises(MalformedResponseError):
        ops.parse_get_account(body)


def test_list_answers_are_lenient() -> None:
    page = ops.parse_list_email_identities(
        json.dumps(
            {
                "EmailIdentities": [
                    {
                        "IdentityType": "DOMAIN",
                        "IdentityName": "example.com",
                        "SendingEnabled": True,
                        "VerificationStatus": "SUCCESS",
                        "Unknown": 1,
                    },
                    {"IdentityType": "PHONE_NUMBER", "VerificationStatus": None},
                    {},
                ],
                "NextToken": None,
            }
        ).encode()
    )
    assert page.email_identities == [
        IdentityInfo(
            identity_type=IdentityType.DOMAIN,
            identity_name="example.com",
            sending_enabled=True,
            verification_status=VerificationStatus.SUCCESS,
        ),
        IdentityInfo(identity_type="PHONE_NUMBER"),
        IdentityInfo(),
    ]
    assert page.next_token is None
    sets = ops.parse_list_configuration_sets(b'{"ConfigurationSets": ["a", "b"], "NextToken": "n"}')
    assert (sets.configuration_sets, sets.next_token) == (["a", "b"], "n")
    assert (
        ops.parse_list_configuration_sets(b'{"ConfigurationSets": null}').configuration_sets == []
    )
    tenants = ops.parse_list_tenants(
        b'{"Tenants": [{"TenantName": "t1", "CreatedTimestamp": 1767225600,'
        b' "SendingStatus": "REINSTATED", "TenantArn": "arn:t1"}]}'
    )
    assert tenants.tenants == [
        TenantInfo(
            tenant_name="t1",
            tenant_arn="arn:t1",
            created_timestamp=datetime(2026, 1, 1, tzinfo=timezone.utc),
            sending_status=SendingStatus.REINSTATED,
        )
    ]
    with pytest.raises(MalformedResponseError):
        ops.parse_list_configuration_sets(b'{"ConfigurationSets": [1]}')


# ---- both clients -----------------------------------------------------------------------------


class Runner:
    """Runs one client method through the sync or the async client."""

    def __init__(self, mode: str, credentials: AwsCredentials) -> None:
        self.mode = mode
        self.credentials = credentials

    def __call__(self, method: str, client: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        settings: dict[str, Any] = {"region": "us-east-1", "credentials": self.credentials}
        settings.update(client or {})
        if self.mode == "sync":
            with SESv2Client(**settings) as ses:
                result = getattr(ses, method)(**kwargs)
                return list(result) if method.startswith("iter_") else result

        async def go() -> Any:
            async with AsyncSESv2Client(**settings) as ses:
                if method.startswith("iter_"):
                    return [item async for item in getattr(ses, method)(**kwargs)]
                return await getattr(ses, method)(**kwargs)

        return asyncio.run(go())


@pytest.fixture(params=["sync", "async"])
def run(request: pytest.FixtureRequest, aws_credentials: AwsCredentials) -> Runner:
    return Runner(request.param, aws_credentials)


@respx.mock
def test_get_account_is_a_signed_get_without_body(run: Runner) -> None:
    route = respx.get(f"{BASE}/v2/email/account").respond(200, json=ACCOUNT)
    account = run("get_account")
    assert isinstance(account, GetAccountResponse) and account.vdm_enabled
    sent = route.calls.last.request
    assert sent.content == b""
    assert "content-type" not in sent.headers
    assert sent.headers["authorization"].startswith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
    assert "/us-east-1/ses/aws4_request" in sent.headers["authorization"]


PAGES: dict[str, tuple[str, str, list[Any], Any]] = {
    "iter_email_identities": (
        "/v2/email/list-identities",
        "EmailIdentities",
        [{"IdentityName": f"i{n}.example.com", "IdentityType": "DOMAIN"} for n in range(5)],
        lambda item: item.identity_name,
    ),
    "iter_configuration_sets": (
        "/v2/email/list-configuration-sets",
        "ConfigurationSets",
        [f"set-{n}" for n in range(5)],
        lambda item: item,
    ),
    "iter_tenants": (
        "/v2/email/tenants/list",
        "Tenants",
        [{"TenantName": f"t{n}"} for n in range(5)],
        lambda item: item.tenant_name,
    ),
}


@pytest.mark.parametrize("method", sorted(PAGES))
@respx.mock
def test_paginators_follow_next_token_and_keep_their_arguments(run: Runner, method: str) -> None:
    path, member, items, name = PAGES[method]
    answers = [
        httpx.Response(200, json={member: items[:2], "NextToken": "p2"}),
        httpx.Response(429, headers={"x-amzn-ErrorType": "TooManyRequestsException"}),
        httpx.Response(200, json={member: items[2:4], "NextToken": "p3"}),
        httpx.Response(200, json={member: items[4:], "NextToken": ""}),
    ]
    route = respx.post(BASE + path).mock(side_effect=answers)
    got = run(method, client={"retry": FAST}, page_size=2)
    wanted = [item if isinstance(item, str) else next(iter(item.values())) for item in items]
    assert [name(item) for item in got] == wanted
    bodies = [json.loads(call.request.content) for call in route.calls]
    assert bodies == [
        {"PageSize": 2},
        {"PageSize": 2, "NextToken": "p2"},
        {"PageSize": 2, "NextToken": "p2"},  # the throttled page, asked again
        {"PageSize": 2, "NextToken": "p3"},
    ]


@respx.mock
def test_a_filter_goes_with_every_page(run: Runner) -> None:
    route = respx.post(f"{BASE}/v2/email/list-identities").mock(
        side_effect=[
            httpx.Response(200, json={"EmailIdentities": [{}], "NextToken": "n"}),
            httpx.Response(200, json={"EmailIdentities": [{}]}),
        ]
    )
    run("iter_email_identities", filter={"VERIFICATION_STATUS": "SUCCESS"})
    assert [json.loads(c.request.content)["Filter"] for c in route.calls] == [
        {"VERIFICATION_STATUS": "SUCCESS"}
    ] * 2


@respx.mock
def test_a_paginator_stops_on_a_repeated_token(run: Runner) -> None:
    respx.post(f"{BASE}/v2/email/list-configuration-sets").respond(
        200, json={"ConfigurationSets": ["a"], "NextToken": "same"}
    )
    with pytest.raises(MalformedResponseError, match="repeats the NextToken"):
        run("iter_configuration_sets", client={"retry": FAST})


@respx.mock
def test_one_page_is_one_call(run: Runner) -> None:
    route = respx.post(f"{BASE}/v2/email/list-configuration-sets").respond(
        200, json={"ConfigurationSets": ["a"], "NextToken": "n2"}
    )
    page = run(
        "list_configuration_sets", next_token="n1", filter={"CONFIGURATION_SET_NAME_CONTAINS": "a"}
    )
    assert (page.configuration_sets, page.next_token) == (["a"], "n2")
    assert route.call_count == 1
    assert json.loads(route.calls.last.request.content) == {
        "NextToken": "n1",
        "Filter": {"CONFIGURATION_SET_NAME_CONTAINS": "a"},
    }


NAME_CONTAINS = ConfigurationSetFilterKey.CONFIGURATION_SET_NAME_CONTAINS


@pytest.mark.parametrize(
    ("method", "kwargs"),
    [
        ("iter_email_identities", {"page_size": 5000}),
        ("iter_tenants", {"filter": {"TENANT_NAME": "x"}}),
        ("iter_configuration_sets", {"filter": {NAME_CONTAINS: ""}}),
        ("list_email_identities", {"next_token": 3}),
    ],
)  # fmt: skip
@respx.mock(assert_all_mocked=True)
def test_bad_arguments_send_nothing(run: Runner, method: str, kwargs: dict[str, Any]) -> None:
    with pytest.raises(InvalidInputError):
        run(method, **kwargs)


@respx.mock
def test_list_errors_are_the_documented_classes(run: Runner) -> None:
    respx.post(f"{BASE}/v2/email/tenants/list").respond(
        400, headers={"x-amzn-ErrorType": "BadRequestException"}, json={"message": "bad filter"}
    )
    with pytest.raises(BadRequestException, match="bad filter"):
        run("list_tenants")
    respx.get(f"{BASE}/v2/email/account").respond(
        429, headers={"x-amzn-ErrorType": "TooManyRequestsException"}
    )
    with pytest.raises(TooManyRequestsException):
        run("get_account", client={"retry": RetryPolicy(max_attempts=2, initial_backoff=0.0)})


@respx.mock
def test_reads_are_retried_after_a_server_error(run: Runner) -> None:
    route = respx.post(f"{BASE}/v2/email/list-identities").mock(
        side_effect=[httpx.Response(500), httpx.Response(200, json={"EmailIdentities": []})]
    )
    assert run("list_email_identities", client={"retry": FAST}).email_identities == []
    assert route.call_count == 2


def test_account_details_repr_keeps_what_is_not_sensitive() -> None:
    details = AccountDetails(mail_type="MARKETING", website_url="https://secret.example")
    assert "MARKETING" in repr(details) and "secret.example" not in repr(details)
