"""Models of what an SES v2 account holds, the dimension values of VDM metrics
(``ListEmailIdentities``, ``ListConfigurationSets``, ``ListTenants``), and of its settings
(``GetAccount``), after botocore's ``sesv2`` service model (``sesv2/2019-09-27``, checked
against botocore 1.44.8).

Requests are checked at construction, each check citing the constraint it applies; answers are
read leniently (see `metricsdk.sesv2.wire`): every member is optional unless the model requires
it, and an enum value this SDK does not know yet is kept as a string.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import attrs

from metricsdk._core.enums import WireEnum
from metricsdk.sesv2.checks import (
    INT32,
    checked_integer,
    checked_next_token,
    checked_string_map,
)
from metricsdk.sesv2.wire import WIRE_NAME

__all__ = [
    "MAX_IDENTITY_PAGE_SIZE",
    "AccountDetails",
    "AccountSharedPoolDeliveryMode",
    "ConfigurationSetFilterKey",
    "ContactLanguage",
    "DashboardAttributes",
    "DeliveryAttributes",
    "FeatureStatus",
    "GetAccountRequest",
    "GetAccountResponse",
    "GuardianAttributes",
    "IdentityFilterKey",
    "IdentityInfo",
    "IdentityType",
    "ListConfigurationSetsRequest",
    "ListConfigurationSetsResponse",
    "ListEmailIdentitiesRequest",
    "ListEmailIdentitiesResponse",
    "ListTenantsFilterKey",
    "ListTenantsRequest",
    "ListTenantsResponse",
    "MailType",
    "PricingAttributes",
    "PricingPlan",
    "ReviewDetails",
    "ReviewStatus",
    "SendQuota",
    "SendingStatus",
    "SuppressionAttributes",
    "SuppressionConditionThreshold",
    "SuppressionConfidenceThreshold",
    "SuppressionConfidenceVerdictThreshold",
    "SuppressionListReason",
    "SuppressionValidationAttributes",
    "TenantInfo",
    "VdmAttributes",
    "VerificationStatus",
]

MAX_IDENTITY_PAGE_SIZE = 1000
"""``ListEmailIdentities`` takes a ``PageSize`` of 0 to 1000 (the member's documentation)."""


class IdentityType(WireEnum):
    """The kind of an email identity."""

    EMAIL_ADDRESS = "EMAIL_ADDRESS"
    DOMAIN = "DOMAIN"
    MANAGED_DOMAIN = "MANAGED_DOMAIN"


class VerificationStatus(WireEnum):
    """Where an identity's verification stands."""

    PENDING = "PENDING"
    SUCCESS = "SUCCESS"
    FAILED = "FAILED"
    TEMPORARY_FAILURE = "TEMPORARY_FAILURE"
    NOT_STARTED = "NOT_STARTED"


class IdentityFilterKey(WireEnum):
    """What `list_email_identities` can filter on."""

    IDENTITY_NAME_CONTAINS = "IDENTITY_NAME_CONTAINS"
    IDENTITY_TYPE = "IDENTITY_TYPE"
    VERIFICATION_STATUS = "VERIFICATION_STATUS"


class ConfigurationSetFilterKey(WireEnum):
    """What `list_configuration_sets` can filter on."""

    CONFIGURATION_SET_NAME_CONTAINS = "CONFIGURATION_SET_NAME_CONTAINS"


class ListTenantsFilterKey(WireEnum):
    """What `list_tenants` can filter on."""

    TENANT_NAME_CONTAINS = "TENANT_NAME_CONTAINS"
    SENDING_STATUS = "SENDING_STATUS"


class SendingStatus(WireEnum):
    """Whether a tenant may send."""

    ENABLED = "ENABLED"
    REINSTATED = "REINSTATED"
    DISABLED = "DISABLED"


class FeatureStatus(WireEnum):
    """Whether a feature (VDM, engagement metrics...) is on."""

    ENABLED = "ENABLED"
    DISABLED = "DISABLED"


class SuppressionListReason(WireEnum):
    """Why addresses land on the account's suppression list."""

    BOUNCE = "BOUNCE"
    COMPLAINT = "COMPLAINT"


class SuppressionConfidenceVerdictThreshold(WireEnum):
    """The confidence needed to suppress an address on validation."""

    MEDIUM = "MEDIUM"
    HIGH = "HIGH"
    MANAGED = "MANAGED"


class MailType(WireEnum):
    """The kind of email the account sends."""

    MARKETING = "MARKETING"
    TRANSACTIONAL = "TRANSACTIONAL"


class ContactLanguage(WireEnum):
    """The language AWS contacts the account in."""

    EN = "EN"
    JA = "JA"


class ReviewStatus(WireEnum):
    """Where a request for production access stands."""

    PENDING = "PENDING"
    FAILED = "FAILED"
    GRANTED = "GRANTED"
    DENIED = "DENIED"


class PricingPlan(WireEnum):
    """An SES pricing plan."""

    NONE = "NONE"
    ESSENTIALS = "ESSENTIALS"
    PRO = "PRO"
    ENTERPRISE = "ENTERPRISE"


class AccountSharedPoolDeliveryMode(WireEnum):
    """How mail from the shared IP pool is delivered."""

    GLOBAL = "GLOBAL"
    REGIONAL = "REGIONAL"


# -- the lists ---------------------------------------------------------------------------------


def _identity_filter(value: Any) -> dict[IdentityFilterKey, str] | None:
    # model: IdentityFilter, a map of IdentityFilterKey to IdentityFilterValue (min 1)
    return checked_string_map("filter", value, IdentityFilterKey)


def _configuration_set_filter(value: Any) -> dict[ConfigurationSetFilterKey, str] | None:
    # model: ConfigurationSetFilter, ConfigurationSetFilterKey to ConfigurationSetFilterValue
    # (min 1)
    return checked_string_map("filter", value, ConfigurationSetFilterKey)


def _tenant_filter(value: Any) -> dict[ListTenantsFilterKey, str] | None:
    # model: ListTenantsFilter, ListTenantsFilterKey to ListTenantsFilterValue (min 1)
    return checked_string_map("filter", value, ListTenantsFilterKey)


def _identity_page_size(value: Any) -> int | None:
    # PageSize's documentation: "at least 0, and can be no more than 1000" (its shape, MaxItems,
    # is an integer with no bounds of its own)
    return checked_integer("page_size", value, 0, MAX_IDENTITY_PAGE_SIZE)


def _page_size(value: Any) -> int | None:
    return checked_integer("page_size", value, *INT32)  # model: MaxItems, an integer


@attrs.frozen(kw_only=True)
class ListEmailIdentitiesRequest:
    """The input of ``ListEmailIdentities``.

    Attributes:
        filter: e.g. ``{IdentityFilterKey.IDENTITY_TYPE: "DOMAIN"}``; each value at least one
            character.
        next_token: the ``next_token`` of the previous page.
        page_size: identities per page, 0 to 1000.
    """

    filter: dict[IdentityFilterKey, str] | None = attrs.field(
        default=None, converter=_identity_filter, hash=False
    )
    next_token: str | None = attrs.field(default=None, converter=checked_next_token)
    page_size: int | None = attrs.field(default=None, converter=_identity_page_size)


@attrs.frozen(kw_only=True)
class IdentityInfo:
    """One email identity: an address or a domain you send from, and a value of the
    ``EMAIL_IDENTITY`` metric dimension.

    Attributes:
        identity_type: an `IdentityType` (or a string for a kind this SDK does not know yet).
        identity_name: the address or domain.
        sending_enabled: whether you can send from it.
        verification_status: a `VerificationStatus` (or a string).
    """

    identity_type: IdentityType | str | None = None
    identity_name: str | None = None
    sending_enabled: bool | None = None
    verification_status: VerificationStatus | str | None = None


@attrs.frozen(kw_only=True)
class ListEmailIdentitiesResponse:
    """One page of ``ListEmailIdentities``.

    Attributes:
        email_identities: the identities on this page.
        next_token: pass it back for the next page; ``None`` on the last page.
    """

    email_identities: list[IdentityInfo] = attrs.field(factory=list)
    next_token: str | None = None


@attrs.frozen(kw_only=True)
class ListConfigurationSetsRequest:
    """The input of ``ListConfigurationSets``.

    Attributes:
        filter: e.g. ``{ConfigurationSetFilterKey.CONFIGURATION_SET_NAME_CONTAINS: "prod"}``.
        next_token: the ``next_token`` of the previous page.
        page_size: configuration sets per page (the model bounds it by its type only).
    """

    filter: dict[ConfigurationSetFilterKey, str] | None = attrs.field(
        default=None, converter=_configuration_set_filter, hash=False
    )
    next_token: str | None = attrs.field(default=None, converter=checked_next_token)
    page_size: int | None = attrs.field(default=None, converter=_page_size)


@attrs.frozen(kw_only=True)
class ListConfigurationSetsResponse:
    """One page of ``ListConfigurationSets``: names, the values of the ``CONFIGURATION_SET``
    metric dimension.

    Attributes:
        configuration_sets: the names on this page.
        next_token: pass it back for the next page; ``None`` on the last page.
    """

    configuration_sets: list[str] = attrs.field(factory=list)
    next_token: str | None = None


@attrs.frozen(kw_only=True)
class ListTenantsRequest:
    """The input of ``ListTenants``.

    Attributes:
        filter: e.g. ``{ListTenantsFilterKey.SENDING_STATUS: "ENABLED"}``.
        next_token: the ``next_token`` of the previous page.
        page_size: tenants per page (the model bounds it by its type only).
    """

    filter: dict[ListTenantsFilterKey, str] | None = attrs.field(
        default=None, converter=_tenant_filter, hash=False
    )
    next_token: str | None = attrs.field(default=None, converter=checked_next_token)
    page_size: int | None = attrs.field(default=None, converter=_page_size)


@attrs.frozen(kw_only=True)
class TenantInfo:
    """One tenant; its name is a value of the ``TENANT_NAME`` metric dimension.

    Attributes:
        tenant_name: the tenant's name.
        tenant_id: its identifier.
        tenant_arn: its ARN.
        created_timestamp: when it was created (UTC).
        sending_status: a `SendingStatus` (or a string).
    """

    tenant_name: str | None = None
    tenant_id: str | None = None
    tenant_arn: str | None = None
    created_timestamp: datetime | None = None
    sending_status: SendingStatus | str | None = None


@attrs.frozen(kw_only=True)
class ListTenantsResponse:
    """One page of ``ListTenants``.

    Attributes:
        tenants: the tenants on this page.
        next_token: pass it back for the next page; ``None`` on the last page.
    """

    tenants: list[TenantInfo] = attrs.field(factory=list)
    next_token: str | None = None


# -- the account -------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class GetAccountRequest:
    """The input of ``GetAccount``: it has no members."""


@attrs.frozen(kw_only=True)
class SendQuota:
    """The account's sending limits in the region.

    Attributes:
        max24_hour_send: emails it may send per 24 hours (-1: no limit).
        max_send_rate: emails it may send per second.
        sent_last24_hours: emails it sent in the last 24 hours.
    """

    max24_hour_send: float | None = None
    max_send_rate: float | None = None
    sent_last24_hours: float | None = None


@attrs.frozen(kw_only=True)
class SuppressionConfidenceThreshold:
    """How confident a validation must be to suppress an address.

    Attributes:
        confidence_verdict_threshold: a `SuppressionConfidenceVerdictThreshold` (or a string);
            the model requires it.
    """

    confidence_verdict_threshold: SuppressionConfidenceVerdictThreshold | str


@attrs.frozen(kw_only=True)
class SuppressionConditionThreshold:
    """Whether addresses are suppressed on validation, and how confidently.

    Attributes:
        condition_threshold_enabled: a `FeatureStatus` (or a string); the model requires it.
        overall_confidence_threshold: the confidence needed.
    """

    condition_threshold_enabled: FeatureStatus | str
    overall_confidence_threshold: SuppressionConfidenceThreshold | None = None


@attrs.frozen(kw_only=True)
class SuppressionValidationAttributes:
    """The account's suppression-on-validation settings.

    Attributes:
        condition_threshold: the settings; the model requires them.
    """

    condition_threshold: SuppressionConditionThreshold


@attrs.frozen(kw_only=True)
class SuppressionAttributes:
    """The account's suppression list preferences.

    Attributes:
        suppressed_reasons: why addresses are added to the list.
        validation_attributes: suppression on validation.
    """

    suppressed_reasons: list[SuppressionListReason | str] | None = None
    validation_attributes: SuppressionValidationAttributes | None = None


@attrs.frozen(kw_only=True)
class ReviewDetails:
    """Where the account's request for production access stands.

    Attributes:
        status: a `ReviewStatus` (or a string).
        case_id: the support case.
    """

    status: ReviewStatus | str | None = None
    case_id: str | None = None


@attrs.frozen(kw_only=True)
class AccountDetails:
    """What the account told AWS about itself. The model marks the website, use case and
    contact addresses sensitive: they are left out of this object's ``repr``.

    Attributes:
        mail_type: a `MailType` (or a string).
        website_url: the account's website.
        contact_language: a `ContactLanguage` (or a string).
        use_case_description: the use case (deprecated in the model).
        additional_contact_email_addresses: more addresses to contact.
        review_details: the production access review.
    """

    mail_type: MailType | str | None = None
    website_url: str | None = attrs.field(
        default=None, repr=False, metadata={WIRE_NAME: "WebsiteURL"}
    )
    contact_language: ContactLanguage | str | None = None
    use_case_description: str | None = attrs.field(default=None, repr=False)
    additional_contact_email_addresses: list[str] | None = attrs.field(default=None, repr=False)
    review_details: ReviewDetails | None = None


@attrs.frozen(kw_only=True)
class DashboardAttributes:
    """VDM settings of the dashboard.

    Attributes:
        engagement_metrics: whether engagement (open, click) metrics are collected.
    """

    engagement_metrics: FeatureStatus | str | None = None


@attrs.frozen(kw_only=True)
class GuardianAttributes:
    """VDM settings of the Guardian.

    Attributes:
        optimized_shared_delivery: whether optimized shared delivery is on.
    """

    optimized_shared_delivery: FeatureStatus | str | None = None


@attrs.frozen(kw_only=True)
class VdmAttributes:
    """The account's Virtual Deliverability Manager settings.

    Attributes:
        vdm_enabled: a `FeatureStatus` (or a string); the model requires it.
        dashboard_attributes: dashboard settings.
        guardian_attributes: Guardian settings.
    """

    vdm_enabled: FeatureStatus | str
    dashboard_attributes: DashboardAttributes | None = None
    guardian_attributes: GuardianAttributes | None = None


@attrs.frozen(kw_only=True)
class PricingAttributes:
    """The account's pricing plans.

    Attributes:
        current_plan: a `PricingPlan` (or a string).
        next_plan: the plan scheduled next.
    """

    current_plan: PricingPlan | str | None = None
    next_plan: PricingPlan | str | None = None


@attrs.frozen(kw_only=True)
class DeliveryAttributes:
    """The account's delivery settings in the region.

    Attributes:
        shared_pool_delivery_mode: an `AccountSharedPoolDeliveryMode` (or a string).
    """

    shared_pool_delivery_mode: AccountSharedPoolDeliveryMode | str | None = None


@attrs.frozen(kw_only=True)
class GetAccountResponse:
    """The answer to ``GetAccount``: the account's sending status and settings in the region.

    Attributes:
        dedicated_ip_auto_warmup_enabled: whether dedicated IPs warm up automatically.
        enforcement_status: the reputation status (``HEALTHY``, ``PROBATION``, ``SHUTDOWN``:
            a plain string in the model).
        production_access_enabled: ``False`` while the account is in the sandbox.
        send_quota: the sending limits.
        sending_enabled: whether the account may send.
        suppression_attributes: suppression list preferences.
        details: what the account told AWS about itself.
        vdm_attributes: the VDM settings; see `vdm_enabled`.
        pricing_attributes: the pricing plans.
        delivery_attributes: delivery settings.
    """

    dedicated_ip_auto_warmup_enabled: bool | None = None
    enforcement_status: str | None = None
    production_access_enabled: bool | None = None
    send_quota: SendQuota | None = None
    sending_enabled: bool | None = None
    suppression_attributes: SuppressionAttributes | None = None
    details: AccountDetails | None = None
    vdm_attributes: VdmAttributes | None = None
    pricing_attributes: PricingAttributes | None = None
    delivery_attributes: DeliveryAttributes | None = None

    @property
    def vdm_enabled(self) -> bool:
        """Whether Virtual Deliverability Manager is on: without it, ``BatchGetMetricData``
        has no metrics to answer. ``False`` when the answer says nothing of VDM."""
        attributes = self.vdm_attributes
        return attributes is not None and attributes.vdm_enabled == FeatureStatus.ENABLED
