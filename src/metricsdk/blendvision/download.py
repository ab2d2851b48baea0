"""What is particular to downloading a finished BlendVision report: its link, and what a
refusal means.

The ``uri`` is a pre-signed link on another host, whose signing and expiry BlendVision does not
document; it is fetched as `metricsdk._core.download` fetches every such link (a clean request,
no credentials, an atomic write). A 403 means the link expired or was refused: batch-get the
report again for a fresh one.
"""

from __future__ import annotations

import httpx

from metricsdk._core.download import Destination, checked_link
from metricsdk.blendvision.errors import SERVICE, ReportLinkExpiredError, map_error
from metricsdk.blendvision.models import EventReport, SummaryReport
from metricsdk.errors import APIError, InvalidInputError

__all__ = ["OPERATION", "Destination", "refused", "report_url"]

OPERATION = "DownloadReport"
"""The download's name in errors."""


def report_url(report: EventReport | SummaryReport) -> str:
    """The download link of a finished report, checked before anything is sent."""
    if not isinstance(report, (EventReport, SummaryReport)):
        raise InvalidInputError(
            "report", f"must be an EventReport or SummaryReport, got {type(report).__name__}"
        )
    return checked_link(
        "report", report.uri, f"has no uri: its status is {report.status}, not SUCCEEDED"
    )


def refused(response: httpx.Response) -> APIError:
    """What a refused report link means: expired (403), or the status's error."""
    host = response.request.url.host
    if response.status_code == 403:
        return ReportLinkExpiredError(
            f"the download link on {host} was refused (403), most likely expired: batch-get "
            "the report again for a fresh uri and download that",
            status_code=403,
            service=SERVICE,
        )
    error = map_error(response.status_code, response.headers, b"")
    error.message = f"the download from {host} answered HTTP {response.status_code}"
    return error
