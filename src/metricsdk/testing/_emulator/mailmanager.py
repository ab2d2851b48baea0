"""Emulated SES Mail Manager (AWS JSON 1.0), checked against botocore's model: the service's
routing, signature check, rate limit and error answers, and its operations' table.

The operations live in modules of their own: archives (`mailmanager_archives`), exports
(`mailmanager_exports`), searches (`mailmanager_searches`, over the deterministic emails of
`mailmanager_mail`). A request is refused exactly where the service model (``mailmanager/
2023-10-17``, botocore 1.44.8) refuses it (`mailmanager_rules`), and each operation answers the
errors the model lists for it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial
from typing import Any

from metricsdk.testing._emulator.aws import aws_error, check_signature
from metricsdk.testing._emulator.limits import CallerWindows, PerCallerLimit
from metricsdk.testing._emulator.mailmanager_archives import ArchiveBook
from metricsdk.testing._emulator.mailmanager_exports import Exports
from metricsdk.testing._emulator.mailmanager_rules import Call, error
from metricsdk.testing._emulator.mailmanager_searches import Searches
from metricsdk.testing._emulator.wire import Answer, Incoming, json_answer, json_object

__all__ = ["MailManagerService"]

TARGET_PREFIX = "MailManagerSvc."
JSON_1_0 = "application/x-amz-json-1.0"
_SCOPE_REGION = re.compile(r"Credential=[^/]+/\d{8}/(?P<region>[^/]+)/")


class MailManagerService(PerCallerLimit):
    """Archives (``ListArchives``, ``GetArchive``), exports (``StartArchiveExport``,
    ``GetArchiveExport``, ``StopArchiveExport``, ``ListArchiveExports``) and searches
    (``StartArchiveSearch``, ``GetArchiveSearch``, ``GetArchiveSearchResults``,
    ``ListArchiveSearches``, ``StopArchiveSearch``); exports and searches complete over
    ``export_seconds`` and ``search_seconds``."""

    name = "mailmanager"

    def __init__(
        self,
        secrets: dict[str, str],
        *,
        calls_per_second: int | None,
        export_seconds: float,
        failing_archives: frozenset[str],
        wall_clock: Any,
        account_id: str = "111122223333",
        search_seconds: float = 0.3,
        max_running_searches: int | None = None,
    ) -> None:
        self._secrets = secrets
        self._windows = CallerWindows(calls_per_second)
        self.archives = ArchiveBook(account_id, sorted(failing_archives))
        self.exports = Exports(
            self.archives,
            seconds=export_seconds,
            failing_archives=failing_archives,
            wall_clock=wall_clock,
        )
        self.searches = Searches(
            self.archives,
            account_id=account_id,
            seconds=search_seconds,
            max_running_searches=max_running_searches,
            failing_archives=failing_archives,
            wall_clock=wall_clock,
        )
        self._operations: dict[str, Callable[[Call], dict[str, Any]]] = {
            "ListArchives": self.archives.ListArchives,
            "GetArchive": self.archives.GetArchive,
            "StartArchiveExport": self.exports.StartArchiveExport,
            "GetArchiveExport": self.exports.GetArchiveExport,
            "StopArchiveExport": self.exports.StopArchiveExport,
            "ListArchiveExports": self.exports.ListArchiveExports,
            "StartArchiveSearch": self.searches.StartArchiveSearch,
            "GetArchiveSearch": self.searches.GetArchiveSearch,
            "GetArchiveSearchResults": self.searches.GetArchiveSearchResults,
            "ListArchiveSearches": self.searches.ListArchiveSearches,
            "StopArchiveSearch": self.searches.StopArchiveSearch,
        }

    def route(self, request: Incoming) -> str | None:
        target = request.headers.get("x-amz-target", "")
        if (
            request.method != "POST"
            or request.raw_path != "/"
            or not target.startswith(TARGET_PREFIX)
        ):
            return None
        return target[len(TARGET_PREFIX) :]

    def authenticate(self, request: Incoming) -> str:
        return check_signature(request, self._secrets, "ses", json_1_0=True)

    def throttled(self, retry_after: float | None) -> Answer:
        # The project's notes on the service say it throttles with HTTP 400; botocore's model
        # marks ThrottlingException 429. The emulator answers 400, the case a client that
        # classified by status would get wrong; clients must classify by the error code.
        return aws_error(
            400, "ThrottlingException", "Rate exceeded", json_1_0=True, retry_after=retry_after
        )

    def failure(self, status: int, retry_after: float | None) -> Answer:
        code = "InternalServerException" if status == 500 else "ServiceUnavailableException"
        return aws_error(status, code, "The service failed", json_1_0=True, retry_after=retry_after)

    def handle(self, request: Incoming, operation: str, identity: str, now: float) -> Answer:
        handler = self._operations.get(operation)
        if handler is None:
            raise error("UnknownOperationException", f"Unknown operation {operation}")
        if request.headers.get("content-type", "") != JSON_1_0:
            raise error("ValidationException", f"Content-Type must be {JSON_1_0}")
        body = json_object(request, partial(error, "SerializationException"), "The body")
        scope = _SCOPE_REGION.search(request.headers.get("authorization", ""))
        region = scope["region"] if scope else "us-east-1"
        payload = handler(Call(body=body, now=now, region=region))
        return json_answer(200, payload, content_type=JSON_1_0)
