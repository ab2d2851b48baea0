"""AWS Signature Version 4, as pure functions.

Why hand-written: AWS's standalone signer package, ``aws-sdk-signers``, requires Python 3.12 or
newer in every release, while metricsdk supports 3.10 and 3.11 — so it cannot be a dependency.
The signer is small, pure and checked against AWS's official test suite and against botocore.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import posixpath
from collections.abc import Iterable, Mapping
from datetime import datetime
from urllib.parse import quote, unquote

import httpx

from metricsdk._core.credentials import AwsCredentials

__all__ = [
    "ALGORITHM",
    "canonical_headers",
    "canonical_query",
    "canonical_request",
    "canonical_uri",
    "sign",
    "signature",
    "signing_key",
    "string_to_sign",
]

ALGORITHM = "AWS4-HMAC-SHA256"
# Headers a proxy or the HTTP stack may add or change in transit: signing them would break the
# signature for no security gain.
UNSIGNED_HEADERS = frozenset({"user-agent", "authorization", "expect", "x-amzn-trace-id"})
_UNRESERVED = "-_.~"


def _uri_encode(text: str) -> str:
    return quote(text, safe=_UNRESERVED)


def canonical_uri(path: str, *, double_encode: bool = True) -> str:
    """The canonical URI of an already percent-encoded path, as for non-S3 services:
    dot segments and duplicate slashes removed, then every segment encoded once more."""
    if not path:
        return "/"
    normalized = posixpath.normpath(path) if path != "/" else "/"
    if normalized.startswith("//"):
        normalized = "/" + normalized.lstrip("/")
    if path.endswith("/") and normalized != "/":
        normalized += "/"
    segments = normalized.split("/")
    if double_encode:
        return "/".join(_uri_encode(s) for s in segments)
    return "/".join(_uri_encode(unquote(s)) for s in segments)


def canonical_query(pairs: Iterable[tuple[str, str]]) -> str:
    """Keys and values URI-encoded (unreserved characters kept), sorted by key then value."""
    encoded = sorted((_uri_encode(k), _uri_encode(v)) for k, v in pairs)
    return "&".join(f"{k}={v}" for k, v in encoded)


def _normalize_value(value: str) -> str:
    return " ".join(value.split())


def canonical_headers(headers: Iterable[tuple[str, str]]) -> tuple[str, str]:
    """(canonical header block, signed header list) for the headers to sign.

    Names are lower-cased, values trimmed with inner whitespace runs collapsed, and repeated
    headers joined with commas in the order given.
    """
    merged: dict[str, list[str]] = {}
    for name, value in headers:
        merged.setdefault(name.lower(), []).append(_normalize_value(value))
    names = sorted(merged)
    block = "".join(f"{n}:{','.join(merged[n])}\n" for n in names)
    return block, ";".join(names)


def canonical_request(
    method: str, uri: str, query: str, header_block: str, signed_headers: str, payload_hash: str
) -> str:
    """The canonical request: the six parts joined with newlines."""
    return "\n".join((method, uri, query, header_block, signed_headers, payload_hash))


def string_to_sign(amz_date: str, scope: str, canonical: str) -> str:
    """The string to sign for a canonical request."""
    digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    return f"{ALGORITHM}\n{amz_date}\n{scope}\n{digest}"


@functools.lru_cache(maxsize=64)
def signing_key(secret: str, day: str, region: str, service: str) -> bytes:
    """The derived signing key, cached per (secret, day, region, service): it changes daily."""
    key = _hmac(("AWS4" + secret).encode("utf-8"), day)
    for part in (region, service, "aws4_request"):
        key = _hmac(key, part)
    return key


def _hmac(key: bytes, message: str) -> bytes:
    return hmac.new(key, message.encode("utf-8"), hashlib.sha256).digest()


def signature(key: bytes, to_sign: str) -> str:
    """The hex signature of a string to sign."""
    return hmac.new(key, to_sign.encode("utf-8"), hashlib.sha256).hexdigest()


def sign(
    *,
    method: str,
    url: httpx.URL | str,
    headers: Mapping[str, str],
    body: bytes,
    credentials: AwsCredentials,
    region: str,
    service: str,
    now: datetime,
) -> dict[str, str]:
    """The headers that sign a request: ``Authorization``, ``X-Amz-Date`` and, with temporary
    credentials, ``X-Amz-Security-Token``.

    ``url``'s path must already be percent-encoded; ``host`` and every header in ``headers``
    (except those that change in transit) are signed.
    """
    target = url if isinstance(url, httpx.URL) else httpx.URL(url)
    amz_date = now.strftime("%Y%m%dT%H%M%SZ")
    added = {"X-Amz-Date": amz_date}
    if credentials.session_token:
        added["X-Amz-Security-Token"] = credentials.session_token
    to_sign = [("host", _host(target))]
    to_sign += [(k, v) for k, v in headers.items() if k.lower() not in UNSIGNED_HEADERS]
    to_sign += list(added.items())
    header_block, signed = canonical_headers(to_sign)
    raw_query = target.query.decode("ascii")
    pairs = [_split_pair(p) for p in raw_query.split("&") if p] if raw_query else []
    canonical = canonical_request(
        method.upper(),
        canonical_uri(target.raw_path.split(b"?", 1)[0].decode("ascii")),
        canonical_query(pairs),
        header_block,
        signed,
        hashlib.sha256(body).hexdigest(),
    )
    day = amz_date[:8]
    scope = f"{day}/{region}/{service}/aws4_request"
    key = signing_key(credentials.secret_access_key, day, region, service)
    sig = signature(key, string_to_sign(amz_date, scope, canonical))
    added["Authorization"] = (
        f"{ALGORITHM} Credential={credentials.access_key_id}/{scope}, "
        f"SignedHeaders={signed}, Signature={sig}"
    )
    return added


def _split_pair(pair: str) -> tuple[str, str]:
    key, _, value = pair.partition("=")
    return unquote(key), unquote(value)


def _host(url: httpx.URL) -> str:
    default = {"http": 80, "https": 443}.get(url.scheme)
    return url.host if url.port in (None, default) else f"{url.host}:{url.port}"
