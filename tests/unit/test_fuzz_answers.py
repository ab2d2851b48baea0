"""Fuzzing what comes back: arbitrary JSON, arbitrary bytes, arbitrary statuses and headers fed
to every operation's parser and every service's error mapper. Only `APIError` (for parsers, a
`MalformedResponseError` or another `APIError`) may come out: never a KeyError, TypeError,
AttributeError, ValueError or RecursionError reaching the caller."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from functools import partial
from typing import Any

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from metricsdk._core.aws_protocol import aws_error_mapper
from metricsdk.blendvision import operations as bv
from metricsdk.errors import APIError
from metricsdk.mailmanager import operations as mm
from metricsdk.mailmanager.errors import DOCUMENTED_ERRORS as MM_ERRORS
from metricsdk.oracle_iot import operations as iot
from metricsdk.oracle_iot.errors import map_error as oracle_map_error
from metricsdk.sesv2 import account_operations as ses_account
from metricsdk.sesv2 import export_operations as ses_exports
from metricsdk.sesv2 import operations as ses
from metricsdk.sesv2.errors import DOCUMENTED_ERRORS as SES_ERRORS

PARSERS: dict[str, Callable[[bytes], Any]] = {
    "sesv2 BatchGetMetricData": ses.parse_batch_get_metric_data,
    "mailmanager StartArchiveExport": mm.parse_start_archive_export,
    "mailmanager GetArchiveExport": mm.parse_get_archive_export,
    "mailmanager StopArchiveExport": mm.parse_stop_archive_export,
    "mailmanager ListArchiveExports": mm.parse_list_archive_exports,
    "mailmanager ListArchives": mm.parse_list_archives,
    "mailmanager GetArchive": mm.parse_get_archive,
    "mailmanager StartArchiveSearch": mm.parse_start_archive_search,
    "mailmanager GetArchiveSearch": mm.parse_get_archive_search,
    "mailmanager GetArchiveSearchResults": mm.parse_get_archive_search_results,
    "mailmanager ListArchiveSearches": mm.parse_list_archive_searches,
    "mailmanager StopArchiveSearch": mm.parse_stop_archive_search,
    "sesv2 ListEmailIdentities": ses_account.parse_list_email_identities,
    "sesv2 ListConfigurationSets": ses_account.parse_list_configuration_sets,
    "sesv2 ListTenants": ses_account.parse_list_tenants,
    "sesv2 GetAccount": ses_account.parse_get_account,
    "sesv2 CreateExportJob": ses_exports.parse_create_export_job,
    "sesv2 GetExportJob": ses_exports.parse_get_export_job,
    "sesv2 ListExportJobs": ses_exports.parse_list_export_jobs,
    "sesv2 CancelExportJob": ses_exports.parse_cancel_export_job,
    "blendvision event reports": partial(bv.parse_event_reports, "BatchGetEventReports"),
    "blendvision summary reports": partial(bv.parse_summary_reports, "BatchGetSummaryReports"),
    "oracle_iot series": partial(iot.parse_series, "dataVolume/messages/outbound"),
}
MAPPERS: dict[str, Callable[[int, httpx.Headers, bytes], APIError]] = {
    "sesv2": aws_error_mapper("sesv2", SES_ERRORS),
    "mailmanager": aws_error_mapper("mailmanager", MM_ERRORS),
    "blendvision": bv.map_error,
    "oracle_iot": oracle_map_error,
}

scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=30,
)
# Plausible shapes: the right top-level keys holding arbitrary values, so the fuzz reaches the
# nested parsing and not only the "not an object" check.
KEYS = [
    "Results",
    "Errors",
    "Id",
    "Timestamps",
    "Values",
    "ExportId",
    "Status",
    "State",
    "Exports",
    "NextToken",
    "ArchiveId",
    "Filters",
    "reports",
    "id",
    "status",
    "uri",
    "dimension_with_condition",
    "error_info",
    "items",
    "links",
    "dateTime",
    "value",
    "dateTimeAsString",
    "code",
    "message",
    "details",
    "__type",
    # the members of the SES account and export-job answers, and of Mail Manager's archives
    # and searches, so that the fuzz reaches their nested parsing too
    "JobId",
    "JobStatus",
    "ExportJobs",
    "ExportDataSource",
    "MetricsDataSource",
    "ExportDestination",
    "Statistics",
    "EmailIdentities",
    "ConfigurationSets",
    "Tenants",
    "SendQuota",
    "Details",
    "Archives",
    "Retention",
    "SearchId",
    "Searches",
    "Rows",
]
shaped = st.dictionaries(st.sampled_from(KEYS), json_values, max_size=6)
nested_shaped = st.dictionaries(
    st.sampled_from(KEYS), st.lists(shaped, max_size=3) | shaped | json_values, max_size=5
)
# Valid JSON nested past any stack a decoder has: json.loads raises RecursionError.
deeply_nested = st.tuples(
    st.sampled_from(KEYS), st.integers(min_value=1_000, max_value=100_000), st.booleans()
).map(
    lambda t: (
        f'{{"{t[0]}":'.encode()
        + (b'{"a":' * t[1] + b"1" + b"}" * t[1] if t[2] else b"[" * t[1] + b"]" * t[1])
        + b"}"
    )
)
bodies = (
    st.binary(max_size=200)
    | json_values.map(lambda v: json.dumps(v).encode())
    | nested_shaped.map(lambda v: json.dumps(v).encode())
    | deeply_nested
)
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _parse_only_api_errors(parse: Callable[[bytes], Any], body: bytes) -> None:
    with contextlib.suppress(APIError):  # the one acceptable failure: a clear, typed error
        parse(body)


@FUZZ
@given(body=bodies, name=st.sampled_from(sorted(PARSERS)))
def test_parsers_raise_only_api_errors(body: bytes, name: str) -> None:
    _parse_only_api_errors(PARSERS[name], body)


@FUZZ
@given(
    status=st.integers(min_value=100, max_value=599),
    headers=st.dictionaries(
        st.sampled_from(
            ["x-amzn-ErrorType", "x-amzn-RequestId", "Retry-After", "content-type", "x-request-id"]
        ),
        st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=30),
        max_size=4,
    ),
    body=bodies,
    name=st.sampled_from(sorted(MAPPERS)),
)
def test_error_mappers_always_give_an_api_error(
    status: int, headers: dict[str, str], body: bytes, name: str
) -> None:
    error = MAPPERS[name](status, httpx.Headers(headers), body)
    assert isinstance(error, APIError)
    assert error.status_code == status
    assert isinstance(str(error), str) and isinstance(error.message, str)
