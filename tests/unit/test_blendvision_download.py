"""Report downloads against respx: no credentials to the link's host, a refused link explained,
a broken download leaving nothing behind, bad destinations refused before anything is sent."""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx

from metricsdk.blendvision import (
    AsyncBlendVisionClient,
    BlendVisionClient,
    DimensionWithCondition,
    EventReport,
    ReportLinkExpiredError,
)
from metricsdk.errors import InvalidInputError, NotFoundError, PermissionDeniedError, TransportError

TOKEN = "bv-canary-t0ken-dl-44c2"
ORG = "org-dl"
LINK = "https://files.example.net/reports/r1.csv?expires=99&signature=abc123"
CSV = b"timestamp,watch_seconds\n" + b"2026-01-01T00:00:00Z,12\n" * 1000
CHAT = DimensionWithCondition(dimension="REPORT_DIMENSION_CHAT_HISTORIES")


def done(uri: str | None = LINK, status: str = "EVENT_REPORT_STATUS_SUCCEEDED") -> EventReport:
    return EventReport(id="r1", dimension_with_condition=CHAT, status=status, uri=uri)


def client(**extra: Any) -> BlendVisionClient:
    return BlendVisionClient(api_token=TOKEN, org_id=ORG, **extra)


class Broken(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A body that stops with a read error after its first chunk."""

    def __iter__(self) -> Iterator[bytes]:
        yield CSV[:100]
        raise httpx.ReadError("connection reset")

    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield CSV[:100]
        raise httpx.ReadError("connection reset")


@respx.mock
def test_a_download_to_a_path_sends_no_credentials(tmp_path: Path) -> None:
    route = respx.get(LINK).respond(200, content=CSV)
    target = tmp_path / "r1.csv"
    with client() as bv:
        assert bv.download_report(done(), target) == len(CSV)
    assert target.read_bytes() == CSV
    sent = route.calls.last.request
    assert "authorization" not in sent.headers and "x-bv-org-id" not in sent.headers
    assert list(tmp_path.iterdir()) == [target]


@respx.mock
def test_a_download_to_a_file_object(tmp_path: Path) -> None:
    respx.get(LINK).respond(200, content=CSV)
    buffer = io.BytesIO()
    with client() as bv:
        bv.download_report(done(), buffer)
    assert buffer.getvalue() == CSV


def test_credentials_set_as_defaults_on_a_callers_client_are_stripped(tmp_path: Path) -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.host == "files.example.net":
            return httpx.Response(302, headers={"location": "https://cdn.example.org/r1.csv"})
        return httpx.Response(200, content=CSV)

    http = httpx.Client(
        transport=httpx.MockTransport(answer),
        headers={"Authorization": f"Bearer {TOKEN}", "x-bv-org-id": ORG},
        auth=("user", "pass"),
    )
    with client(http_client=http) as bv:
        bv.download_report(done(), tmp_path / "r1.csv")
    http.close()
    assert [r.url.host for r in seen] == ["files.example.net", "cdn.example.org"]  # redirect
    for request in seen:
        assert "authorization" not in request.headers and "x-bv-org-id" not in request.headers
    assert (tmp_path / "r1.csv").read_bytes() == CSV


@respx.mock
def test_a_refused_link_says_to_batch_get_again(tmp_path: Path) -> None:
    respx.get(LINK).respond(403, content=b"<Error><Code>AccessDenied</Code></Error>")
    with client() as bv, pytest.raises(ReportLinkExpiredError) as caught:
        bv.download_report(done(), tmp_path / "r1.csv")
    error = caught.value
    assert isinstance(error, PermissionDeniedError) and error.status_code == 403
    assert "batch-get the report again" in str(error) and "files.example.net" in str(error)
    assert "abc123" not in str(error)  # the link's signature is not repeated
    assert list(tmp_path.iterdir()) == []


@respx.mock
def test_other_refusals_keep_their_status(tmp_path: Path) -> None:
    respx.get(LINK).respond(404, content=b"gone")
    with client() as bv, pytest.raises(NotFoundError, match="answered HTTP 404"):
        bv.download_report(done(), tmp_path / "r1.csv")
    assert list(tmp_path.iterdir()) == []


@respx.mock
def test_a_broken_download_leaves_nothing(tmp_path: Path) -> None:
    respx.get(LINK).mock(return_value=httpx.Response(200, stream=Broken()))
    target = tmp_path / "r1.csv"
    target_object = io.BytesIO(b"kept")
    with client() as bv:
        with pytest.raises(TransportError, match="broke off") as caught:
            bv.download_report(done(), target)
        with pytest.raises(TransportError):
            bv.download_report(done(), target_object)
    assert isinstance(caught.value.__cause__, httpx.ReadError)
    assert list(tmp_path.iterdir()) == []
    assert target_object.getvalue() == b"kept"  # not a byte of the broken download


@respx.mock
def test_a_broken_download_keeps_an_older_file(tmp_path: Path) -> None:
    respx.get(LINK).mock(return_value=httpx.Response(200, stream=Broken()))
    target = tmp_path / "r1.csv"
    target.write_bytes(b"yesterday's report")
    with client() as bv, pytest.raises(TransportError):
        bv.download_report(done(), target)
    assert target.read_bytes() == b"yesterday's report"
    assert list(tmp_path.iterdir()) == [target]


@respx.mock
def test_the_async_client_downloads_the_same_way(tmp_path: Path) -> None:
    route = respx.get(LINK).mock(
        side_effect=[
            httpx.Response(200, content=CSV),
            httpx.Response(200, stream=Broken()),
            httpx.Response(403),
        ]
    )

    async def run() -> int:
        async with AsyncBlendVisionClient(api_token=TOKEN, org_id=ORG) as bv:
            size = await bv.download_report(done(), tmp_path / "ok.csv")
            with pytest.raises(TransportError):
                await bv.download_report(done(), tmp_path / "broken.csv")
            with pytest.raises(ReportLinkExpiredError):
                await bv.download_report(done(), tmp_path / "expired.csv")
            return size

    assert asyncio.run(run()) == len(CSV)
    assert [p.name for p in tmp_path.iterdir()] == ["ok.csv"]
    assert (tmp_path / "ok.csv").read_bytes() == CSV
    for call in route.calls:
        assert "authorization" not in call.request.headers
        assert "x-bv-org-id" not in call.request.headers


@pytest.mark.parametrize(
    ("report", "destination", "field", "rule"),
    [
        (done(uri=None, status="EVENT_REPORT_STATUS_RUNNING"), "x.csv", "report", "has no uri"),
        (done(uri=""), "x.csv", "report", "has no uri"),
        (done(uri="/relative/r1.csv"), "x.csv", "report", "not an absolute http(s) URL"),
        (done(uri="file:///etc/passwd"), "x.csv", "report", "not an absolute http(s) URL"),
        ("r1", "x.csv", "report", "must be an EventReport or SummaryReport"),
        (done(), ".", "destination", "is a folder"),
        (done(), "missing/x.csv", "destination", "its folder does not exist"),
        (done(), 42, "destination", "must be a path or a binary file object"),
    ],
)
@respx.mock
def test_bad_downloads_send_nothing(
    report: Any,
    destination: Any,
    field: str,
    rule: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    route = respx.route().respond(200, content=CSV)
    with client() as bv, pytest.raises(InvalidInputError) as caught:
        bv.download_report(report, destination)
    assert caught.value.field == field and rule in caught.value.rule
    assert not route.called
    assert list(tmp_path.iterdir()) == []
