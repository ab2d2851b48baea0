"""The account's lists and settings, sync and async, against the emulator over real sockets:
paginators across pages, filters, custom accounts, GetAccount's VDM attributes, and the pattern
"every identity x these metrics" through get_metric_data."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import date, datetime, timezone
from typing import Any

import pytest

from metricsdk.sesv2 import (
    AsyncSESv2Client,
    BadRequestException,
    BatchGetMetricDataQuery,
    FeatureStatus,
    IdentityInfo,
    IdentityType,
    Metric,
    SendingStatus,
    SESv2Client,
    VerificationStatus,
)
from metricsdk.testing import Emulator
from metricsdk.testing._emulator.sesv2_data import metric_value

MODES = pytest.mark.parametrize("mode", ["sync", "async"])


def calls(mode: str, emulator: Emulator, *calls: tuple[str, dict[str, Any]]) -> list[Any]:
    """The results of ``calls`` made in order on one client of ``mode``."""
    settings: dict[str, Any] = {
        "region": "ap-southeast-2",
        "credentials": emulator.aws_credentials,
        "endpoint_url": emulator.url,
    }
    if mode == "sync":
        with SESv2Client(**settings) as ses:
            return [
                list(r) if m.startswith("iter_") else r
                for m, kwargs in calls
                for r in [getattr(ses, m)(**kwargs)]
            ]

    async def go() -> list[Any]:
        async with AsyncSESv2Client(**settings) as ses:
            results = []
            for method, kwargs in calls:
                if method.startswith("iter_"):
                    results.append([x async for x in getattr(ses, method)(**kwargs)])
                else:
                    results.append(await getattr(ses, method)(**kwargs))
            return results

    return asyncio.run(go())


@pytest.fixture
def emulator() -> Iterator[Emulator]:
    with Emulator() as emu:
        yield emu


@MODES
def test_every_identity_page_after_page(mode: str, emulator: Emulator) -> None:
    everything, verified, addresses, containing, first_page = calls(
        mode,
        emulator,
        ("iter_email_identities", {"page_size": 2}),
        ("iter_email_identities", {"filter": {"VERIFICATION_STATUS": "SUCCESS"}}),
        ("iter_email_identities", {"filter": {"IDENTITY_TYPE": IdentityType.EMAIL_ADDRESS}}),
        ("iter_email_identities", {"filter": {"IDENTITY_NAME_CONTAINS": "example.com"}}),
        ("list_email_identities", {"page_size": 2}),
    )
    assert [i.identity_name for i in everything] == [
        "example.com",
        "marketing.example.com",
        "billing@example.com",
        "new.example.org",
        "old.example.net",
    ]
    assert everything[3] == IdentityInfo(
        identity_type=IdentityType.DOMAIN,
        identity_name="new.example.org",
        sending_enabled=False,
        verification_status=VerificationStatus.PENDING,
    )
    assert [i.identity_name for i in verified] == [i.identity_name for i in everything[:3]]
    assert [i.identity_name for i in addresses] == ["billing@example.com"]
    assert len(containing) == 3
    assert len(first_page.email_identities) == 2 and first_page.next_token
    pages = [r for r in emulator.requests if r.operation == "ListEmailIdentities"]
    assert len(pages) == 3 + 1 + 1 + 1 + 1


@MODES
def test_configuration_sets_and_tenants(mode: str, emulator: Emulator) -> None:
    sets, production, tenants, disabled = calls(
        mode,
        emulator,
        ("iter_configuration_sets", {"page_size": 1}),
        ("iter_configuration_sets", {"filter": {"CONFIGURATION_SET_NAME_CONTAINS": "act"}}),
        ("iter_tenants", {"page_size": 2}),
        ("iter_tenants", {"filter": {"SENDING_STATUS": SendingStatus.DISABLED}}),
    )
    assert sets == ["default", "marketing", "transactional"]
    assert production == ["transactional"]
    assert [t.tenant_name for t in tenants] == ["tenant-a", "tenant-b", "tenant-c"]
    assert tenants[0].created_timestamp == datetime(2025, 1, 1, tzinfo=timezone.utc)
    # the ARN names the caller's region and the emulator's account
    assert tenants[0].tenant_arn.startswith("arn:aws:ses:ap-southeast-2:111122223333:tenant/")
    assert [t.tenant_name for t in disabled] == ["tenant-c"]


@MODES
def test_an_account_of_your_own(mode: str) -> None:
    with Emulator(
        ses_identities=["ops@shop.example", "shop.example"],
        ses_configuration_sets=[],
        ses_tenants=["only"],
        ses_vdm_enabled=False,
    ) as emulator:
        identities, sets, tenants, account = calls(
            mode,
            emulator,
            ("iter_email_identities", {}),
            ("iter_configuration_sets", {}),
            ("iter_tenants", {}),
            ("get_account", {}),
        )
    assert [(i.identity_name, i.identity_type) for i in identities] == [
        ("ops@shop.example", IdentityType.EMAIL_ADDRESS),
        ("shop.example", IdentityType.DOMAIN),
    ]
    assert (sets, [t.tenant_name for t in tenants]) == ([], ["only"])
    assert account.vdm_enabled is False
    assert account.vdm_attributes.vdm_enabled is FeatureStatus.DISABLED


@MODES
def test_get_account_says_whether_vdm_is_on(mode: str, emulator: Emulator) -> None:
    (account,) = calls(mode, emulator, ("get_account", {}))
    assert account.vdm_enabled is True
    assert account.vdm_attributes.dashboard_attributes.engagement_metrics is FeatureStatus.ENABLED
    assert account.send_quota.max_send_rate == 14.0
    assert account.production_access_enabled is True


@MODES
def test_every_identity_times_these_metrics(mode: str, emulator: Emulator) -> None:
    metrics = [Metric.SEND, Metric.DELIVERY, Metric.COMPLAINT]

    def queries(identities: list[IdentityInfo]) -> list[BatchGetMetricDataQuery]:
        return [
            BatchGetMetricDataQuery(
                id=f"{metric.value.lower()}-{n}",
                metric=metric,
                start_date=date(2026, 3, 1),
                end_date=date(2026, 3, 8),
                dimensions={"EMAIL_IDENTITY": identity.identity_name},
            )
            for n, identity in enumerate(identities)
            for metric in metrics
        ]

    (identities,) = calls(
        mode, emulator, ("iter_email_identities", {"filter": {"VERIFICATION_STATUS": "SUCCESS"}})
    )
    wanted = queries(identities)
    (answer,) = calls(mode, emulator, ("get_metric_data", {"queries": wanted}))
    assert len(answer.results) == 3 * 3 and answer.errors == []
    first_day = int(datetime(2026, 3, 1, tzinfo=timezone.utc).timestamp())
    for query, result in zip(wanted, answer.results):
        assert result.id == query.id and len(result.values) == 7
        assert result.values[0] == metric_value(
            query.metric.value, {"EMAIL_IDENTITY": query.dimensions["EMAIL_IDENTITY"]}, first_day
        )


@MODES
def test_list_rules_the_service_applies(mode: str, emulator: Emulator) -> None:
    with pytest.raises(BadRequestException, match="NextToken"):
        calls(mode, emulator, ("list_configuration_sets", {"next_token": "not-issued"}))
    # PageSize 0 and 1000 are within the documented bounds; 0 asks for the default page.
    zero, most = calls(
        mode,
        emulator,
        ("list_email_identities", {"page_size": 0}),
        ("list_email_identities", {"page_size": 1000}),
    )
    assert len(zero.email_identities) == len(most.email_identities) == 5
