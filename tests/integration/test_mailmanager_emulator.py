"""MailManagerClient and AsyncMailManagerClient against the emulator over loopback: the export
lifecycle, pagination, throttling and the start's retry rule. Each scenario is written once, as
a coroutine that awaits whatever the client returns, and runs through both clients."""

from __future__ import annotations

import contextlib
import inspect
from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

import httpx
import pytest

from metricsdk import RetryPolicy
from metricsdk.errors import ServerError, TransportError, WaiterTimeoutError
from metricsdk.mailmanager import (
    ArchiveExportFailedError,
    ArchiveFilterCondition,
    ArchiveFilters,
    AsyncMailManagerClient,
    ExportDestinationConfiguration,
    ExportState,
    MailManagerClient,
    ResourceNotFoundException,
    ValidationException,
)
from metricsdk.testing import Emulator, Fault

FAST = RetryPolicy(initial_backoff=0.01, max_backoff=0.05)
END = datetime(2026, 2, 1, tzinfo=timezone.utc)
DESTINATION = ExportDestinationConfiguration.to_s3("s3://export-bucket/mail/")
WAIT: dict[str, Any] = {"poll_interval": 0.02, "timeout": 30.0}


def start_args(archive_id: str = "a-demo", **extra: Any) -> dict[str, Any]:
    return {
        "archive_id": archive_id,
        "from_timestamp": END - timedelta(days=31),
        "to_timestamp": END,
        "export_destination_configuration": DESTINATION,
        **extra,
    }


async def done(value: Any) -> Any:
    """The result of a client call, whether the client is sync or async."""
    return await value if inspect.isawaitable(value) else value


async def collect(iterator: Any) -> list[Any]:
    if hasattr(iterator, "__aiter__"):
        return [item async for item in iterator]
    return list(iterator)


def calls_of(emulator: Emulator, operation: str) -> list[int]:
    """The HTTP statuses the emulator answered to ``operation``, in order."""
    return [r.status for r in emulator.requests if r.operation == operation]


@pytest.fixture
def emulator() -> Iterator[Emulator]:
    with Emulator(export_seconds=0.3, failing_archive_ids=["a-broken"]) as emu:
        yield emu


def settings_for(emulator: Emulator, **overrides: Any) -> dict[str, Any]:
    return {
        "region": "us-east-1",
        "credentials": emulator.aws_credentials,
        "endpoint_url": emulator.url,
        "retry": FAST,
        **overrides,
    }


@contextlib.asynccontextmanager
async def open_client(mode: str, emulator: Emulator, **overrides: Any) -> AsyncIterator[Any]:
    if mode == "sync":
        with MailManagerClient(**settings_for(emulator, **overrides)) as client:
            yield client
    else:
        async with AsyncMailManagerClient(**settings_for(emulator, **overrides)) as client:
            yield client


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
async def mm(mode: str, emulator: Emulator) -> AsyncIterator[Any]:
    async with open_client(mode, emulator) as client:
        yield client


async def test_start_then_wait_completes(mm: Any, emulator: Emulator) -> None:
    filters = ArchiveFilters(
        include=[ArchiveFilterCondition.subject_contains("invoice", "receipt")],
        unless=[ArchiveFilterCondition.has_no_attachments()],
    )
    args = start_args(filters=filters, max_results=100, include_metadata=True)
    started = await done(mm.start_archive_export(**args))
    first = await done(mm.get_archive_export(export_id=started.export_id))
    assert first.status.state in (ExportState.QUEUED, ExportState.PROCESSING)
    final = await done(mm.wait_for_archive_export(export_id=started.export_id, **WAIT))
    assert final.status.state is ExportState.COMPLETED
    assert final.status.completion_timestamp is not None
    assert final.status.completion_timestamp.tzinfo is not None
    # What the service kept is what we sent, read back through the same models.
    assert (final.archive_id, final.filters, final.max_results) == ("a-demo", filters, 100)
    assert (final.from_timestamp, final.to_timestamp) == (args["from_timestamp"], END)
    assert final.export_destination_configuration == DESTINATION
    assert set(calls_of(emulator, "GetArchiveExport")) == {200}
    assert len(calls_of(emulator, "GetArchiveExport")) >= 2


async def test_stop_cancels_the_export(mm: Any) -> None:
    started = await done(mm.start_archive_export(**start_args()))
    await done(mm.stop_archive_export(export_id=started.export_id))
    await done(mm.stop_archive_export(export_id=started.export_id))  # repeating is harmless
    with pytest.raises(ArchiveExportFailedError) as caught:
        await done(mm.wait_for_archive_export(export_id=started.export_id, **WAIT))
    assert caught.value.state is ExportState.CANCELLED
    assert caught.value.export_id == started.export_id
    got = await done(mm.get_archive_export(export_id=started.export_id))
    assert got.status.state is ExportState.CANCELLED


async def test_a_failed_export_raises_with_the_service_message(mm: Any) -> None:
    started = await done(mm.start_archive_export(**start_args("a-broken")))
    with pytest.raises(ArchiveExportFailedError) as caught:
        await done(mm.wait_for_archive_export(export_id=started.export_id, **WAIT))
    assert caught.value.state is ExportState.FAILED
    assert caught.value.error_message
    assert caught.value.error_message in str(caught.value)


async def test_waiter_times_out_on_a_slow_export(mode: str) -> None:
    with Emulator(export_seconds=3600) as slow:
        async with open_client(mode, slow) as client:
            started = await done(client.start_archive_export(**start_args()))
            with pytest.raises(WaiterTimeoutError) as caught:
                await done(
                    client.wait_for_archive_export(
                        export_id=started.export_id, timeout=0.2, poll_interval=0.02
                    )
                )
    assert caught.value.pending == (started.export_id,)
    assert "still QUEUED" in str(caught.value)
    assert len(calls_of(slow, "GetArchiveExport")) >= 2


async def test_pagination_walks_every_page(mm: Any, emulator: Emulator) -> None:
    started = [await done(mm.start_archive_export(**start_args("a-pages"))) for _ in range(5)]
    await done(mm.start_archive_export(**start_args("a-elsewhere")))
    summaries = await collect(mm.iter_archive_exports(archive_id="a-pages", page_size=2))
    assert [s.export_id for s in summaries] == [s.export_id for s in started]
    assert calls_of(emulator, "ListArchiveExports") == [200, 200, 200]
    first_page = await done(mm.list_archive_exports(archive_id="a-pages", page_size=2))
    assert len(first_page.exports) == 2 and first_page.next_token
    second = await done(
        mm.list_archive_exports(archive_id="a-pages", page_size=2, next_token=first_page.next_token)
    )
    assert [s.export_id for s in second.exports] == [s.export_id for s in started[2:4]]


async def test_a_throttling_burst_is_retried_to_success(mm: Any, emulator: Emulator) -> None:
    emulator.inject(Fault.THROTTLE, service="mailmanager", operation="StartArchiveExport", times=2)
    started = await done(mm.start_archive_export(**start_args()))
    assert calls_of(emulator, "StartArchiveExport") == [400, 400, 200]
    emulator.inject(Fault.THROTTLE, service="mailmanager", operation="GetArchiveExport", times=2)
    final = await done(mm.wait_for_archive_export(export_id=started.export_id, **WAIT))
    assert final.status.state is ExportState.COMPLETED
    assert calls_of(emulator, "GetArchiveExport")[:3] == [400, 400, 200]


async def test_the_rate_limit_is_ridden_out(mode: str) -> None:
    patient = RetryPolicy(max_attempts=20, initial_backoff=0.05, max_backoff=0.4)
    with Emulator(mailmanager_calls_per_second=3) as limited:
        async with open_client(mode, limited, retry=patient) as client:
            # The emulator's archives come into being with their first export.
            started = await done(client.start_archive_export(**start_args()))
            pages = [await done(client.list_archive_exports(archive_id="a-demo")) for _ in range(7)]
    assert all([e.export_id for e in page.exports] == [started.export_id] for page in pages)
    statuses = calls_of(limited, "ListArchiveExports")
    assert statuses.count(200) == 7
    assert 400 in statuses  # the emulator did throttle, with HTTP 400


@pytest.mark.parametrize(
    ("fault", "error"),
    [
        (Fault.SERVER_ERROR, ServerError),
        (Fault.UNAVAILABLE, ServerError),
        (Fault.RESET_BEFORE_ANSWER, TransportError),
    ],
)
async def test_start_is_not_retried_after_it_may_have_taken_effect(
    mm: Any, emulator: Emulator, fault: Fault, error: type[Exception]
) -> None:
    emulator.inject(fault, service="mailmanager", operation="StartArchiveExport")
    with pytest.raises(error):
        await done(mm.start_archive_export(**start_args()))
    assert len(calls_of(emulator, "StartArchiveExport")) == 1


async def test_safe_operations_are_retried_after_a_5xx(mm: Any, emulator: Emulator) -> None:
    started = await done(mm.start_archive_export(**start_args()))
    emulator.inject(Fault.SERVER_ERROR, service="mailmanager", operation="GetArchiveExport")
    got = await done(mm.get_archive_export(export_id=started.export_id))
    assert got.archive_id == "a-demo"
    assert calls_of(emulator, "GetArchiveExport") == [500, 200]


async def test_in_process_transports(emulator: Emulator) -> None:
    endpoint = "https://mail-manager.us-east-1.amazonaws.com"
    with httpx.Client(transport=emulator.transport()) as http:
        with MailManagerClient(
            **settings_for(emulator, endpoint_url=endpoint, http_client=http)
        ) as mm:
            started = mm.start_archive_export(**start_args())
    async with httpx.AsyncClient(transport=emulator.async_transport()) as http_async:
        async with AsyncMailManagerClient(
            **settings_for(emulator, endpoint_url=endpoint, http_client=http_async)
        ) as amm:
            got = await amm.get_archive_export(export_id=started.export_id)
    assert got.archive_id == "a-demo"
    assert [r.status for r in emulator.requests] == [200, 200]


async def test_what_the_model_allows_goes_through(mm: Any, emulator: Emulator) -> None:
    """The model sets no order between the timestamps and no bound on MaxResults: the SDK
    sends such a start and the emulator takes it."""
    reversed_range = start_args(
        from_timestamp=END, to_timestamp=END - timedelta(days=1), max_results=0
    )
    started = await done(mm.start_archive_export(**reversed_range))
    export = await done(mm.get_archive_export(export_id=started.export_id))
    assert export.max_results == 0 and export.from_timestamp == END


async def test_errors_are_the_ones_each_operation_lists(mm: Any) -> None:
    # GetArchiveExport and StopArchiveExport list no ResourceNotFoundException in the model...
    for call in (mm.get_archive_export, mm.stop_archive_export):
        with pytest.raises(ValidationException, match="not found"):
            await done(call(export_id="no-such-export"))
    # ...ListArchiveExports does, for an archive that does not exist.
    with pytest.raises(ResourceNotFoundException):
        await done(mm.list_archive_exports(archive_id="a-never_exported"))
