"""Archives and archive searches through MailManagerClient and AsyncMailManagerClient against the
emulator over loopback: listing and reading archives, the search life cycle with its waiter,
typed and deterministic result rows, pagination, the errors each operation lists, throttling and
the start's retry rule. Each scenario is written once and runs through both clients."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

import httpx
import pytest

from metricsdk.errors import ServerError, TransportError, WaiterTimeoutError
from metricsdk.mailmanager import (
    Archive,
    ArchiveFilterCondition,
    ArchiveFilters,
    ArchiveSearchFailedError,
    ArchiveState,
    AsyncMailManagerClient,
    ConflictException,
    ExportDestinationConfiguration,
    MailManagerClient,
    ResourceNotFoundException,
    RetentionPeriod,
    SearchState,
    ServiceQuotaExceededException,
    ValidationException,
)
from metricsdk.testing import Emulator, Fault
from tests.integration.test_mailmanager_emulator import (
    calls_of,
    collect,
    done,
    open_client,
    settings_for,
)

NOW = datetime.now(timezone.utc)
WAIT: dict[str, Any] = {"poll_interval": 0.02, "timeout": 30.0}


def search_args(archive_id: str = "a-demo", **extra: Any) -> dict[str, Any]:
    return {
        "archive_id": archive_id,
        "from_timestamp": NOW - timedelta(days=30),
        "to_timestamp": NOW,
        "max_results": 20,
        **extra,
    }


@pytest.fixture
def emulator() -> Iterator[Emulator]:
    with Emulator(search_seconds=0.3, failing_archive_ids=["a-broken"]) as emu:
        yield emu


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
async def mm(mode: str, emulator: Emulator) -> AsyncIterator[Any]:
    async with open_client(mode, emulator) as client:
        yield client


# ---- archives -----------------------------------------------------------------------------


async def test_archives_are_listed_page_by_page(mm: Any, emulator: Emulator) -> None:
    # An export brings a new archive into being, as it always has in the emulator.
    await done(
        mm.start_archive_export(
            archive_id="a-exported",
            from_timestamp=NOW - timedelta(days=1),
            to_timestamp=NOW,
            export_destination_configuration=ExportDestinationConfiguration.to_s3("s3://b-1/x/"),
        )
    )
    archives = await collect(mm.iter_archives(page_size=2))
    ids = [archive.archive_id for archive in archives]
    assert set(ids) >= {"a-demo", "a-demo_archive", "a-compliance", "a-retired", "a-broken"}
    assert "a-exported" in ids and len(ids) == len(set(ids))
    assert len(calls_of(emulator, "ListArchives")) == -(-len(ids) // 2)
    retired = next(a for a in archives if a.archive_id == "a-retired")
    assert retired.archive_state is ArchiveState.PENDING_DELETION
    assert all(isinstance(a, Archive) and a.archive_name for a in archives)
    first = await done(mm.list_archives(page_size=3))
    assert len(first.archives) == 3 and first.next_token
    second = await done(mm.list_archives(page_size=3, next_token=first.next_token))
    assert [a.archive_id for a in first.archives + second.archives] == ids[:6]


async def test_an_archive_is_read(mm: Any) -> None:
    archive = await done(mm.get_archive(archive_id="a-compliance"))
    assert archive.archive_id == "a-compliance" and archive.archive_name == "compliance"
    assert archive.archive_state is ArchiveState.ACTIVE
    assert archive.retention.retention_period is RetentionPeriod.PERMANENT
    assert archive.archive_arn == (
        "arn:aws:ses:us-east-1:111122223333:mailmanager-archive/a-compliance"
    )
    assert archive.kms_key_arn is not None and archive.kms_key_arn.startswith("arn:aws:kms:")
    assert archive.created_timestamp == datetime(2025, 1, 1, tzinfo=timezone.utc)
    demo = await done(mm.get_archive(archive_id="a-demo"))
    assert demo.kms_key_arn is None


async def test_an_unknown_archive_is_not_found(mm: Any) -> None:
    # GetArchive takes any id of 1 to 66 characters; one that names no archive is not found.
    for archive_id in ("a-nowhere", "no-prefix-at-all"):
        with pytest.raises(ResourceNotFoundException):
            await done(mm.get_archive(archive_id=archive_id))
    # So is a well-formed archive id that names none, for the search operations that list it.
    with pytest.raises(ResourceNotFoundException):
        await done(mm.start_archive_search(**search_args("a-nowhere")))
    with pytest.raises(ResourceNotFoundException):
        await done(mm.list_archive_searches(archive_id="a-nowhere"))


# ---- searches -----------------------------------------------------------------------------


async def test_a_search_runs_to_completion_and_finds_filtered_rows(
    mm: Any, emulator: Emulator
) -> None:
    filters = ArchiveFilters(
        include=[ArchiveFilterCondition.subject_contains("invoice", "receipt")],
        unless=[ArchiveFilterCondition.has_no_attachments()],
    )
    since = NOW - timedelta(days=90)
    args = search_args(filters=filters, from_timestamp=since)
    started = await done(mm.start_archive_search(**args))
    first = await done(mm.get_archive_search(search_id=started.search_id))
    assert isinstance(first.status.state, SearchState)  # QUEUED or RUNNING, unless a busy
    # machine let the search finish first: the slow emulator below shows the waiting states.
    final = await done(mm.wait_for_archive_search(search_id=started.search_id, **WAIT))
    assert final.status.state is SearchState.COMPLETED
    assert final.status.completion_timestamp is not None
    assert (final.archive_id, final.filters, final.max_results) == ("a-demo", filters, 20)
    assert len(calls_of(emulator, "GetArchiveSearch")) >= 2
    rows = (await done(mm.get_archive_search_results(search_id=started.search_id))).rows
    assert len(rows) == 20  # ninety days hold about ninety such emails
    for row in rows:
        assert row.subject is not None
        assert "invoice" in row.subject.lower() or "receipt" in row.subject.lower()
        assert row.has_attachments is True
        assert row.received_timestamp is not None
        assert since <= row.received_timestamp < NOW
        assert row.envelope is not None and row.envelope.to == [row.to]
        assert row.sender_ip_address is not None and "sender_ip_address='***'" in repr(row)
    received = [row.received_timestamp for row in rows]
    assert received == sorted(received, reverse=True)  # newest first
    again = await done(mm.start_archive_search(**args))
    await done(mm.wait_for_archive_search(search_id=again.search_id, **WAIT))
    same = await done(mm.get_archive_search_results(search_id=again.search_id))
    assert same.rows == rows  # the same search finds the same emails


async def test_max_results_and_the_range_bound_the_rows(mm: Any) -> None:
    async def rows_of(**overrides: Any) -> list[Any]:
        started = await done(mm.start_archive_search(**search_args(**overrides)))
        await done(mm.wait_for_archive_search(search_id=started.search_id, **WAIT))
        return list((await done(mm.get_archive_search_results(search_id=started.search_id))).rows)

    assert len(await rows_of(max_results=5)) == 5
    assert await rows_of(max_results=0) == []
    day = await rows_of(
        from_timestamp=NOW - timedelta(days=2),
        to_timestamp=NOW - timedelta(days=1),
        max_results=1000,
    )
    assert 6 <= len(day) <= 10  # one email in every three hours
    # The model sets no order between the two ends: a reversed range is taken, and holds none.
    assert await rows_of(from_timestamp=NOW, to_timestamp=NOW - timedelta(days=1)) == []
    # Mail arrives only in the past: nothing is found in the future.
    assert (
        await rows_of(from_timestamp=NOW + timedelta(days=1), to_timestamp=NOW + timedelta(days=2))
        == []
    )


async def test_results_before_completion_are_a_conflict(mode: str) -> None:
    with Emulator(search_seconds=3600) as slow:
        async with open_client(mode, slow) as client:
            started = await done(client.start_archive_search(**search_args()))
            with pytest.raises(ConflictException, match="is QUEUED"):
                await done(client.get_archive_search_results(search_id=started.search_id))
            with pytest.raises(WaiterTimeoutError) as caught:
                await done(
                    client.wait_for_archive_search(
                        search_id=started.search_id, timeout=0.2, poll_interval=0.02
                    )
                )
    assert caught.value.pending == (started.search_id,)
    assert calls_of(slow, "GetArchiveSearchResults") == [409]


async def test_stop_cancels_the_search(mode: str) -> None:
    with Emulator(search_seconds=3600) as slow:
        async with open_client(mode, slow) as mm:
            started = await done(mm.start_archive_search(**search_args()))
            await done(mm.stop_archive_search(search_id=started.search_id))
            await done(mm.stop_archive_search(search_id=started.search_id))  # harmless again
            with pytest.raises(ArchiveSearchFailedError) as caught:
                await done(mm.wait_for_archive_search(search_id=started.search_id, **WAIT))
            with pytest.raises(ConflictException, match="is CANCELLED"):
                await done(mm.get_archive_search_results(search_id=started.search_id))
            listed = await collect(mm.iter_archive_searches(archive_id="a-demo"))
    assert caught.value.state is SearchState.CANCELLED
    assert caught.value.search_id == started.search_id
    assert caught.value.response.status.completion_timestamp is not None
    assert [(s.search_id, s.status.state) for s in listed] == [
        (started.search_id, SearchState.CANCELLED)
    ]


async def test_a_failed_search_raises_with_the_service_message(mm: Any) -> None:
    started = await done(mm.start_archive_search(**search_args("a-broken")))
    with pytest.raises(ArchiveSearchFailedError) as caught:
        await done(mm.wait_for_archive_search(search_id=started.search_id, **WAIT))
    assert caught.value.state is SearchState.FAILED
    assert caught.value.error_message and caught.value.error_message in str(caught.value)


async def test_searches_are_listed_page_by_page(mm: Any, emulator: Emulator) -> None:
    started = [await done(mm.start_archive_search(**search_args())) for _ in range(5)]
    await done(mm.start_archive_search(**search_args("a-compliance")))
    summaries = await collect(mm.iter_archive_searches(archive_id="a-demo", page_size=2))
    assert [s.search_id for s in summaries] == [s.search_id for s in started]
    assert calls_of(emulator, "ListArchiveSearches") == [200, 200, 200]
    first = await done(mm.list_archive_searches(archive_id="a-demo", page_size=2))
    second = await done(
        mm.list_archive_searches(archive_id="a-demo", page_size=2, next_token=first.next_token)
    )
    assert [s.search_id for s in second.searches] == [s.search_id for s in started[2:4]]
    empty = await done(mm.list_archive_searches(archive_id="a-retired"))
    assert empty.searches == [] and empty.next_token is None


async def test_an_archive_pending_deletion_cannot_be_searched(mm: Any) -> None:
    with pytest.raises(ConflictException, match="pending deletion"):
        await done(mm.start_archive_search(**search_args("a-retired")))


async def test_too_many_running_searches_exceed_the_quota(mode: str) -> None:
    with Emulator(search_seconds=3600, max_running_searches=2) as limited:
        async with open_client(mode, limited) as client:
            first = await done(client.start_archive_search(**search_args()))
            await done(client.start_archive_search(**search_args()))
            with pytest.raises(ServiceQuotaExceededException) as caught:
                await done(client.start_archive_search(**search_args()))
            assert caught.value.status_code == 402
            await done(client.stop_archive_search(search_id=first.search_id))
            await done(client.start_archive_search(**search_args()))  # room again
    assert calls_of(limited, "StartArchiveSearch") == [200, 200, 402, 200]


async def test_unknown_searches_are_invalid_input(mm: Any) -> None:
    # The three operations list no ResourceNotFoundException in the model.
    for call in (mm.get_archive_search, mm.get_archive_search_results, mm.stop_archive_search):
        with pytest.raises(ValidationException, match="not found"):
            await done(call(search_id="no-such-search"))


async def test_a_throttling_burst_is_retried_to_success(mm: Any, emulator: Emulator) -> None:
    emulator.inject(Fault.THROTTLE, service="mailmanager", operation="StartArchiveSearch", times=2)
    started = await done(mm.start_archive_search(**search_args()))
    assert calls_of(emulator, "StartArchiveSearch") == [400, 400, 200]
    emulator.inject(Fault.THROTTLE, service="mailmanager", operation="GetArchiveSearch", times=2)
    final = await done(mm.wait_for_archive_search(search_id=started.search_id, **WAIT))
    assert final.status.state is SearchState.COMPLETED
    assert calls_of(emulator, "GetArchiveSearch")[:3] == [400, 400, 200]


@pytest.mark.parametrize(
    ("fault", "error"),
    [(Fault.SERVER_ERROR, ServerError), (Fault.RESET_BEFORE_ANSWER, TransportError)],
)
async def test_a_start_is_not_retried_after_it_may_have_taken_effect(
    mm: Any, emulator: Emulator, fault: Fault, error: type[Exception]
) -> None:
    emulator.inject(fault, service="mailmanager", operation="StartArchiveSearch")
    with pytest.raises(error):
        await done(mm.start_archive_search(**search_args()))
    assert len(calls_of(emulator, "StartArchiveSearch")) == 1


async def test_safe_operations_are_retried_after_a_5xx(mm: Any, emulator: Emulator) -> None:
    for operation in ("ListArchives", "GetArchiveSearchResults"):
        emulator.inject(Fault.SERVER_ERROR, service="mailmanager", operation=operation)
    assert (await done(mm.list_archives())).archives
    started = await done(mm.start_archive_search(**search_args(max_results=1)))
    await done(mm.wait_for_archive_search(search_id=started.search_id, **WAIT))
    assert len((await done(mm.get_archive_search_results(search_id=started.search_id))).rows) == 1
    assert calls_of(emulator, "ListArchives") == [500, 200]
    assert calls_of(emulator, "GetArchiveSearchResults") == [500, 200]


async def test_in_process_transports(emulator: Emulator) -> None:
    endpoint = "https://mail-manager.eu-west-1.amazonaws.com"
    with httpx.Client(transport=emulator.transport()) as http:
        with MailManagerClient(
            **settings_for(emulator, endpoint_url=endpoint, http_client=http, region="eu-west-1")
        ) as mm:
            archive = mm.get_archive(archive_id="a-demo")
    async with httpx.AsyncClient(transport=emulator.async_transport()) as http_async:
        async with AsyncMailManagerClient(
            **settings_for(emulator, endpoint_url=endpoint, http_client=http_async)
        ) as amm:
            page = await amm.list_archives()
    # The ARN names the region the request was signed for.
    assert archive.archive_arn.startswith("arn:aws:ses:eu-west-1:111122223333:")
    assert "a-demo" in [a.archive_id for a in page.archives]
