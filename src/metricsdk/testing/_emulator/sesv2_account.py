"""The emulated SES v2 account: its email identities, configuration sets and tenants (the values
of the metric dimensions) and its settings, served by ``ListEmailIdentities``,
``ListConfigurationSets``, ``ListTenants`` and ``GetAccount``.

Each list filters as its ``Filter`` says (``..._CONTAINS`` a substring, the other keys an exact
value) and pages by ``PageSize`` (the default, 10, when absent or below 1) and ``NextToken``.
``ListEmailIdentities`` refuses a ``PageSize`` above 1000, as the member's documentation says.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

import attrs

from metricsdk.testing._emulator.sesv2_rules import INT32, integer, page, string_map

__all__ = ["DEFAULT_CONFIGURATION_SETS", "DEFAULT_IDENTITIES", "DEFAULT_TENANTS", "SESv2Account"]

IDENTITY_FILTER_KEYS = frozenset({"IDENTITY_NAME_CONTAINS", "IDENTITY_TYPE", "VERIFICATION_STATUS"})
CONFIGURATION_SET_FILTER_KEYS = frozenset({"CONFIGURATION_SET_NAME_CONTAINS"})
TENANT_FILTER_KEYS = frozenset({"TENANT_NAME_CONTAINS", "SENDING_STATUS"})
TENANT_EPOCH = 1_735_689_600  # 2025-01-01: when the default tenants were created


@attrs.frozen
class Identity:
    """One email identity of the emulated account."""

    name: str
    verification_status: str = "SUCCESS"

    @property
    def type(self) -> str:
        return "EMAIL_ADDRESS" if "@" in self.name else "DOMAIN"

    def wire(self) -> dict[str, Any]:
        return {
            "IdentityType": self.type,
            "IdentityName": self.name,
            "SendingEnabled": self.verification_status == "SUCCESS",
            "VerificationStatus": self.verification_status,
        }


@attrs.frozen
class Tenant:
    """One tenant of the emulated account."""

    name: str
    sending_status: str = "ENABLED"


DEFAULT_IDENTITIES = (
    Identity("example.com"),
    Identity("marketing.example.com"),
    Identity("billing@example.com"),
    Identity("new.example.org", "PENDING"),
    Identity("old.example.net", "FAILED"),
)
"""The identities of an emulator made without ``ses_identities``."""
DEFAULT_CONFIGURATION_SETS = ("default", "marketing", "transactional")
"""The configuration sets of an emulator made without ``ses_configuration_sets``."""
DEFAULT_TENANTS = (Tenant("tenant-a"), Tenant("tenant-b"), Tenant("tenant-c", "DISABLED"))
"""The tenants of an emulator made without ``ses_tenants``."""


def _contains(filters: dict[str, str], key: str, value: str) -> bool:
    return key not in filters or filters[key] in value


def _equals(filters: dict[str, str], key: str, value: str) -> bool:
    return key not in filters or filters[key] == value


class SESv2Account:
    """What the emulated account holds, and the four operations that read it.

    Args:
        account_id: the account's id, in tenant ARNs.
        identities: identity names (an address when it holds ``@``, else a domain), all
            verified; ``None`` for `DEFAULT_IDENTITIES`.
        configuration_sets: names; ``None`` for `DEFAULT_CONFIGURATION_SETS`.
        tenants: names, all enabled; ``None`` for `DEFAULT_TENANTS`.
        vdm_enabled: what ``GetAccount`` says of VDM.
    """

    def __init__(
        self,
        *,
        account_id: str,
        identities: Iterable[str] | None,
        configuration_sets: Iterable[str] | None,
        tenants: Iterable[str] | None,
        vdm_enabled: bool,
    ) -> None:
        self.account_id = account_id
        self.identities = (
            DEFAULT_IDENTITIES if identities is None else tuple(Identity(n) for n in identities)
        )
        self.configuration_sets = (
            DEFAULT_CONFIGURATION_SETS if configuration_sets is None else tuple(configuration_sets)
        )
        self.tenants = DEFAULT_TENANTS if tenants is None else tuple(Tenant(n) for n in tenants)
        self.vdm_enabled = vdm_enabled

    def list_email_identities(
        self, body: dict[str, Any], region: str, now: float
    ) -> dict[str, Any]:
        # model: ListEmailIdentitiesRequest; PageSize's documentation: 0 to 1000
        filters = string_map(body.get("Filter"), "Filter", IDENTITY_FILTER_KEYS) or {}
        size = integer(body.get("PageSize"), "PageSize", 0, 1000)
        matching = [
            identity.wire()
            for identity in self.identities
            if _contains(filters, "IDENTITY_NAME_CONTAINS", identity.name)
            and _equals(filters, "IDENTITY_TYPE", identity.type)
            and _equals(filters, "VERIFICATION_STATUS", identity.verification_status)
        ]
        return _renamed(page(matching, body, size), "EmailIdentities")

    def list_configuration_sets(
        self, body: dict[str, Any], region: str, now: float
    ) -> dict[str, Any]:
        # model: ListConfigurationSetsRequest (PageSize: MaxItems, an integer)
        filters = string_map(body.get("Filter"), "Filter", CONFIGURATION_SET_FILTER_KEYS) or {}
        size = integer(body.get("PageSize"), "PageSize", *INT32)
        matching = [
            name
            for name in self.configuration_sets
            if _contains(filters, "CONFIGURATION_SET_NAME_CONTAINS", name)
        ]
        return _renamed(page(matching, body, size), "ConfigurationSets")

    def list_tenants(self, body: dict[str, Any], region: str, now: float) -> dict[str, Any]:
        # model: ListTenantsRequest (PageSize: MaxItems, an integer)
        filters = string_map(body.get("Filter"), "Filter", TENANT_FILTER_KEYS) or {}
        size = integer(body.get("PageSize"), "PageSize", *INT32)
        matching = [
            self._tenant(tenant, number, region)
            for number, tenant in enumerate(self.tenants)
            if _contains(filters, "TENANT_NAME_CONTAINS", tenant.name)
            and _equals(filters, "SENDING_STATUS", tenant.sending_status)
        ]
        return _renamed(page(matching, body, size), "Tenants")

    def _tenant(self, tenant: Tenant, number: int, region: str) -> dict[str, Any]:
        tenant_id = "tn-" + hashlib.blake2b(tenant.name.encode(), digest_size=8).hexdigest()
        return {
            "TenantName": tenant.name,
            "TenantId": tenant_id,
            "TenantArn": f"arn:aws:ses:{region}:{self.account_id}:tenant/{tenant.name}/{tenant_id}",
            "CreatedTimestamp": TENANT_EPOCH + number * 86_400,
            "SendingStatus": tenant.sending_status,
        }

    def get_account(self, body: dict[str, Any], region: str, now: float) -> dict[str, Any]:
        vdm = "ENABLED" if self.vdm_enabled else "DISABLED"
        return {
            "DedicatedIpAutoWarmupEnabled": True,
            "EnforcementStatus": "HEALTHY",
            "ProductionAccessEnabled": True,
            "SendQuota": {"Max24HourSend": 50000.0, "MaxSendRate": 14.0, "SentLast24Hours": 1250.0},
            "SendingEnabled": True,
            "SuppressionAttributes": {"SuppressedReasons": ["BOUNCE", "COMPLAINT"]},
            "Details": {
                "MailType": "TRANSACTIONAL",
                "WebsiteURL": "https://www.example.com",
                "ContactLanguage": "EN",
                "ReviewDetails": {"Status": "GRANTED", "CaseId": "emulator-case"},
            },
            "VdmAttributes": {
                "VdmEnabled": vdm,
                "DashboardAttributes": {"EngagementMetrics": vdm},
                "GuardianAttributes": {"OptimizedSharedDelivery": vdm},
            },
        }


def _renamed(answer: dict[str, Any], member: str) -> dict[str, Any]:
    answer[member] = answer.pop("items")
    return answer
