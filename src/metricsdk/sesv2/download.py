"""What is particular to downloading an export job's file: its link, and what a refusal means.

SES writes an export's file where it manages and, once the job is ``COMPLETED``,
``GetExportJob`` answers a pre-signed S3 link to it in ``ExportDestination.S3Url``, valid five
minutes (the member's documentation). `download_export_job` asks for a fresh one every time and
fetches it as `metricsdk._core.download` fetches every such link: a clean request (no AWS
signature or headers, none of the caller's cookies), written to its destination only once
complete. A 403 means the link expired or was refused.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import httpx

from metricsdk._core.download import Destination, check_destination, checked_link
from metricsdk._core.error_mapping import error_class
from metricsdk.errors import APIError
from metricsdk.sesv2.errors import ExportLinkExpiredError
from metricsdk.sesv2.wire import SERVICE

if TYPE_CHECKING:
    from metricsdk.sesv2.export_models import GetExportJobResponse

__all__ = ["OPERATION", "Destination", "check_destination", "export_file_url", "refused"]

OPERATION = "DownloadExportFile"
"""The download's name in errors."""


def export_file_url(response: GetExportJobResponse) -> str:
    """The link to a completed job's file, checked before anything is fetched."""
    destination = response.export_destination
    link = None if destination is None else destination.s3_url
    status = response.job_status or "unknown"
    return checked_link(
        "job_id", link, f"has no file to download: its status is {status}, not COMPLETED"
    )


def refused(response: httpx.Response) -> APIError:
    """What a refused link means: expired (403), or the status's error. The storage host's
    own error body is not read: it is not the SES API's."""
    host = response.request.url.host
    status = response.status_code
    if status == 403:
        return ExportLinkExpiredError(
            f"the export file's link on {host} was refused (403), most likely expired (links "
            "live five minutes): call download_export_job again for a fresh one",
            status_code=403,
            service=SERVICE,
        )
    cls = error_class(status, "", {})
    return cls(
        f"the download from {host} answered HTTP {status}", status_code=status, service=SERVICE
    )
