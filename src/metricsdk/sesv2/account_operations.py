"""The wire format of what an SES v2 account holds and its settings, sans I/O: the three lists
behind the metric dimensions (identities, configuration sets, tenants) and ``GetAccount``.

All four only read, so all four are safe to repeat; none has a published rate, so none is
paced (see `metricsdk.sesv2.pacing`).
"""

from __future__ import annotations

from metricsdk._core.aws_protocol import AWS_CONVERTER
from metricsdk._core.transport import RequestSpec
from metricsdk.sesv2 import wire
from metricsdk.sesv2.account_models import (
    AccountDetails,
    DashboardAttributes,
    DeliveryAttributes,
    GetAccountRequest,
    GetAccountResponse,
    GuardianAttributes,
    IdentityInfo,
    ListConfigurationSetsRequest,
    ListConfigurationSetsResponse,
    ListEmailIdentitiesRequest,
    ListEmailIdentitiesResponse,
    ListTenantsRequest,
    ListTenantsResponse,
    PricingAttributes,
    ReviewDetails,
    SendQuota,
    SuppressionAttributes,
    SuppressionConditionThreshold,
    SuppressionConfidenceThreshold,
    SuppressionValidationAttributes,
    TenantInfo,
    VdmAttributes,
)
from metricsdk.sesv2.pacing import UNPACED

__all__ = [
    "GET_ACCOUNT",
    "LIST_CONFIGURATION_SETS",
    "LIST_EMAIL_IDENTITIES",
    "LIST_TENANTS",
    "build_get_account",
    "build_list_configuration_sets",
    "build_list_email_identities",
    "build_list_tenants",
    "parse_get_account",
    "parse_list_configuration_sets",
    "parse_list_email_identities",
    "parse_list_tenants",
]

LIST_EMAIL_IDENTITIES = "ListEmailIdentities"
LIST_CONFIGURATION_SETS = "ListConfigurationSets"
LIST_TENANTS = "ListTenants"
GET_ACCOUNT = "GetAccount"

wire.read_leniently(
    IdentityInfo,
    ListEmailIdentitiesResponse,
    ListConfigurationSetsResponse,
    TenantInfo,
    ListTenantsResponse,
    SendQuota,
    SuppressionConfidenceThreshold,
    SuppressionConditionThreshold,
    SuppressionValidationAttributes,
    SuppressionAttributes,
    ReviewDetails,
    AccountDetails,
    DashboardAttributes,
    GuardianAttributes,
    VdmAttributes,
    PricingAttributes,
    DeliveryAttributes,
    GetAccountResponse,
)


def build_list_email_identities(request: ListEmailIdentitiesRequest) -> RequestSpec:
    """The HTTP request for ``ListEmailIdentities`` (``POST /v2/email/list-identities``)."""
    return wire.rest_spec(
        LIST_EMAIL_IDENTITIES,
        "POST",
        "/v2/email/list-identities",
        payload=AWS_CONVERTER.unstructure(request),
        idempotent=True,
        pacing=UNPACED,
    )


def parse_list_email_identities(body: bytes) -> ListEmailIdentitiesResponse:
    """Read a successful ``ListEmailIdentities`` answer."""
    return wire.parse_answer(LIST_EMAIL_IDENTITIES, body, ListEmailIdentitiesResponse)


def build_list_configuration_sets(request: ListConfigurationSetsRequest) -> RequestSpec:
    """The HTTP request for ``ListConfigurationSets``
    (``POST /v2/email/list-configuration-sets``)."""
    return wire.rest_spec(
        LIST_CONFIGURATION_SETS,
        "POST",
        "/v2/email/list-configuration-sets",
        payload=AWS_CONVERTER.unstructure(request),
        idempotent=True,
        pacing=UNPACED,
    )


def parse_list_configuration_sets(body: bytes) -> ListConfigurationSetsResponse:
    """Read a successful ``ListConfigurationSets`` answer."""
    return wire.parse_answer(LIST_CONFIGURATION_SETS, body, ListConfigurationSetsResponse)


def build_list_tenants(request: ListTenantsRequest) -> RequestSpec:
    """The HTTP request for ``ListTenants`` (``POST /v2/email/tenants/list``)."""
    return wire.rest_spec(
        LIST_TENANTS,
        "POST",
        "/v2/email/tenants/list",
        payload=AWS_CONVERTER.unstructure(request),
        idempotent=True,
        pacing=UNPACED,
    )


def parse_list_tenants(body: bytes) -> ListTenantsResponse:
    """Read a successful ``ListTenants`` answer."""
    return wire.parse_answer(LIST_TENANTS, body, ListTenantsResponse)


def build_get_account(request: GetAccountRequest) -> RequestSpec:
    """The HTTP request for ``GetAccount`` (``GET /v2/email/account``, no body)."""
    return wire.rest_spec(GET_ACCOUNT, "GET", "/v2/email/account", idempotent=True, pacing=UNPACED)


def parse_get_account(body: bytes) -> GetAccountResponse:
    """Read a successful ``GetAccount`` answer."""
    return wire.parse_answer(GET_ACCOUNT, body, GetAccountResponse)
