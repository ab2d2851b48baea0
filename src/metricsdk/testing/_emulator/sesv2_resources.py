"""The emulated SES v2 operations beyond ``BatchGetMetricData`` (rest-json): export jobs
(`sesv2_exports`) and the account's lists and settings (`sesv2_account`), each at its path in
botocore's model, each under its own published rate.

One `SESv2OperationsService` stands for one quota: ``CreateExportJob``'s (no more than once per
second, per account: its API reference page) and the one of the operations with no published
rate (no limit). Both answer as the service named ``"sesv2"``, so faults injected for
``service="sesv2"`` reach them too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import unquote

from metricsdk.testing._emulator.limits import CallerWindows
from metricsdk.testing._emulator.sesv2_account import SESv2Account
from metricsdk.testing._emulator.sesv2_base import SESv2Base
from metricsdk.testing._emulator.sesv2_exports import ExportJobs
from metricsdk.testing._emulator.sesv2_rules import bad
from metricsdk.testing._emulator.wire import Answer, Incoming, json_answer, json_object

__all__ = ["SESv2OperationsService", "sesv2_operations_services"]

Handler = Callable[[dict[str, Any], str, float], dict[str, Any]]
"""An operation: (its members, the caller's region, now) -> the answer's members."""

_JOB = r"/v2/email/export-jobs/(?P<JobId>[^/]*)"
ROUTES: tuple[tuple[str, re.Pattern[str], str], ...] = tuple(
    (method, re.compile(path), operation)
    for method, path, operation in (
        ("POST", r"/v2/email/export-jobs", "CreateExportJob"),
        ("GET", _JOB, "GetExportJob"),
        ("PUT", _JOB + "/cancel", "CancelExportJob"),
        ("POST", r"/v2/email/list-export-jobs", "ListExportJobs"),
        ("POST", r"/v2/email/list-identities", "ListEmailIdentities"),
        ("POST", r"/v2/email/list-configuration-sets", "ListConfigurationSets"),
        ("POST", r"/v2/email/tenants/list", "ListTenants"),
        ("GET", r"/v2/email/account", "GetAccount"),
    )
)
_REGION = re.compile(r"Credential=[^/]+/\d{8}/([^/]+)/")


def route(request: Incoming) -> tuple[str, dict[str, str]] | None:
    """The operation a request calls, and the members its path carries (decoded)."""
    for method, path, operation in ROUTES:
        found = path.fullmatch(request.raw_path)
        if found and request.method == method:
            return operation, {name: unquote(value) for name, value in found.groupdict().items()}
    return None


def _region(request: Incoming) -> str:
    found = _REGION.search(request.headers.get("authorization", ""))
    return found.group(1) if found else "us-east-1"


class SESv2OperationsService(SESv2Base):
    """Some SES v2 operations under one rate limit per account (none when
    ``calls_per_second`` is ``None``).

    Args:
        secrets: the keys SigV4 signatures are checked with.
        handlers: the operations, by name.
        calls_per_second: the limit, answered ``TooManyRequestsException`` (429).
    """

    def __init__(
        self,
        secrets: dict[str, str],
        *,
        handlers: Mapping[str, Handler],
        calls_per_second: int | None,
    ) -> None:
        self._secrets = secrets
        self._handlers = dict(handlers)
        self._windows = CallerWindows(calls_per_second)

    def route(self, request: Incoming) -> str | None:
        found = route(request)
        return found[0] if found and found[0] in self._handlers else None

    def handle(self, request: Incoming, operation: str, identity: str, now: float) -> Answer:
        found = route(request)
        assert found is not None  # routed here
        members: dict[str, Any] = {}
        if request.method == "POST":
            members = json_object(request, bad, "The request body")
        members = {**members, **found[1]}
        return json_answer(200, self._handlers[operation](members, _region(request), now))


def sesv2_operations_services(
    secrets: dict[str, str],
    *,
    account: SESv2Account,
    jobs: ExportJobs,
    export_jobs_per_second: int | None,
) -> list[SESv2OperationsService]:
    """The services of the SES v2 operations beyond ``BatchGetMetricData``, one per quota."""
    creation = SESv2OperationsService(
        secrets,
        handlers={"CreateExportJob": jobs.create_job},
        calls_per_second=export_jobs_per_second,
    )
    others = SESv2OperationsService(
        secrets,
        handlers={
            "GetExportJob": jobs.get_job,
            "ListExportJobs": jobs.list_jobs,
            "CancelExportJob": jobs.cancel_job,
            "ListEmailIdentities": account.list_email_identities,
            "ListConfigurationSets": account.list_configuration_sets,
            "ListTenants": account.list_tenants,
            "GetAccount": account.get_account,
        },
        calls_per_second=None,
    )
    return [creation, others]
