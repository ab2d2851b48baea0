"""AWS's official SigV4 test suite (tests/data/sigv4-testsuite, Apache-2.0: its LICENSE and NOTICE
sit beside it), one case per vector: canonical request, string to sign and Authorization header
must match the files exactly."""

from __future__ import annotations

import hashlib
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import unquote

import attrs
import pytest

from metricsdk import AwsCredentials
from metricsdk._core import sigv4

SUITE = Path(__file__).resolve().parents[1] / "data" / "sigv4-testsuite"
CREDENTIALS = AwsCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
NOW = datetime(2015, 8, 30, 12, 36, tzinfo=timezone.utc)
SCOPE = "20150830/us-east-1/service/aws4_request"


@attrs.frozen
class Vector:
    name: str
    method: str
    path: str
    query: list[tuple[str, str]]
    headers: list[tuple[str, str]]
    body: bytes
    creq: str
    sts: str
    authz: str


def parse_headers(lines: list[str]) -> list[tuple[str, str]]:
    headers: list[tuple[str, str]] = []
    for line in lines:
        if line[:1] in (" ", "\t") and headers:  # a folded continuation of the previous value
            name, value = headers[-1]
            headers[-1] = (name, f"{value} {line.strip()}")
        elif line:
            name, _, value = line.partition(":")
            headers.append((name, value))
    return headers


def load(case: Path) -> Vector:
    name = case.name
    raw = (case / f"{name}.req").read_text(encoding="utf-8")
    head, _, body = raw.partition("\n\n")
    request_line, *header_lines = head.split("\n")
    method, rest = request_line.split(" ", 1)
    target = rest.rsplit(" HTTP/", 1)[0]
    path, _, query = target.partition("?")
    pairs = [p.partition("=") for p in query.split("&") if p]
    headers = parse_headers(header_lines)
    authz = (case / f"{name}.authz").read_text(encoding="utf-8")
    signed = authz.split("SignedHeaders=")[1].split(",")[0].split(";")
    have = {n.lower() for n, _ in headers}
    if "x-amz-security-token" in signed and "x-amz-security-token" not in have:
        sreq = parse_headers((case / f"{name}.sreq").read_text(encoding="utf-8").split("\n")[1:])
        headers += [(n, v) for n, v in sreq if n.lower() == "x-amz-security-token"]
    return Vector(
        name=str(case.relative_to(SUITE)),
        method=method,
        path=path,
        query=[(unquote(k), unquote(v)) for k, _, v in pairs],
        headers=headers,
        body=body.encode("utf-8"),
        creq=(case / f"{name}.creq").read_text(encoding="utf-8"),
        sts=(case / f"{name}.sts").read_text(encoding="utf-8"),
        authz=authz,
    )


if not SUITE.is_dir():  # a missing suite must fail the run, not parametrize zero vectors
    raise FileNotFoundError(f"the SigV4 test suite is missing from the repository: {SUITE}")
CASES = sorted(p.parent for p in SUITE.rglob("*.req"))


def test_the_suite_is_complete() -> None:
    assert len(CASES) >= 30


@pytest.mark.parametrize("case", CASES, ids=lambda p: str(p.relative_to(SUITE)))
def test_vector(case: Path) -> None:
    v = load(case)
    block, signed = sigv4.canonical_headers(v.headers)
    creq = sigv4.canonical_request(
        v.method,
        sigv4.canonical_uri(v.path, double_encode=False),
        sigv4.canonical_query(v.query),
        block,
        signed,
        hashlib.sha256(v.body).hexdigest(),
    )
    assert creq == v.creq
    sts = sigv4.string_to_sign("20150830T123600Z", SCOPE, creq)
    assert sts == v.sts
    key = sigv4.signing_key(CREDENTIALS.secret_access_key, "20150830", "us-east-1", "service")
    authz = (
        f"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/{SCOPE}, SignedHeaders={signed}, "
        f"Signature={sigv4.signature(key, sts)}"
    )
    assert authz == v.authz


END_TO_END = [
    "get-vanilla",
    "get-vanilla-query",
    "post-vanilla",
    "post-x-www-form-urlencoded",
    "get-vanilla-with-session-token",
    "get-header-value-trim",
    "post-header-key-sort",
]


@pytest.mark.parametrize("name", END_TO_END)
def test_sign_end_to_end(name: str) -> None:
    """`sign`, the transport's entry point, reproduces the suite's Authorization header."""
    v = load(SUITE / name)
    token = next((val for n, val in v.headers if n.lower() == "x-amz-security-token"), None)
    headers = {
        n: val
        for n, val in v.headers
        if n.lower() not in ("host", "x-amz-date", "x-amz-security-token")
    }
    query = "&".join(f"{k}={val}" for k, val in v.query)
    url = f"https://example.amazonaws.com{v.path}" + (f"?{query}" if query else "")
    added = sigv4.sign(
        method=v.method,
        url=url,
        headers=headers,
        body=v.body,
        credentials=attrs.evolve(CREDENTIALS, session_token=token),
        region="us-east-1",
        service="service",
        now=NOW,
    )
    assert added["Authorization"] == v.authz
    assert added["X-Amz-Date"] == "20150830T123600Z"
    assert added.get("X-Amz-Security-Token") == token


def test_signing_key_is_derived_once_per_day() -> None:
    sigv4.signing_key.cache_clear()
    for _ in range(5):
        sigv4.sign(
            method="GET",
            url="https://example.amazonaws.com/",
            headers={},
            body=b"",
            credentials=CREDENTIALS,
            region="us-east-1",
            service="service",
            now=NOW,
        )
    info = sigv4.signing_key.cache_info()
    assert (info.misses, info.hits) == (1, 4)


def test_non_default_port_is_part_of_the_signed_host() -> None:
    a = sigv4.sign(
        method="GET",
        url="http://127.0.0.1:8123/",
        headers={},
        body=b"",
        credentials=CREDENTIALS,
        region="us-east-1",
        service="s",
        now=NOW,
    )
    b = sigv4.sign(
        method="GET",
        url="http://127.0.0.1:8124/",
        headers={},
        body=b"",
        credentials=CREDENTIALS,
        region="us-east-1",
        service="s",
        now=NOW,
    )
    assert a["Authorization"] != b["Authorization"]
