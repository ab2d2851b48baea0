"""Checking SigV4 signatures on arrival.

Deliberately independent of ``metricsdk._core.sigv4``: the emulator exists to catch the SDK's
mistakes, and a verifier that reused the SDK's signer would accept whatever the signer got wrong.
It follows AWS's published algorithm from the raw request as received.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from datetime import datetime, timezone
from urllib.parse import quote, unquote

from metricsdk.testing._emulator.wire import Incoming

__all__ = ["SignatureProblem", "verify"]

_AUTH = re.compile(
    r"AWS4-HMAC-SHA256 Credential=(?P<key>[^/]+)/(?P<day>\d{8})/(?P<region>[^/]+)/"
    r"(?P<service>[^/]+)/aws4_request, ?SignedHeaders=(?P<signed>[^,]+), ?"
    r"Signature=(?P<sig>[0-9a-f]{64})$"
)
MAX_SKEW_SECONDS = 15 * 60


class SignatureProblem(Exception):
    """Why a request's signature was refused; ``code`` is the AWS error code to answer."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def _enc(text: str) -> str:
    return quote(text, safe="-_.~")


def _canonical_path(raw_path: str) -> str:
    segments: list[str] = []
    for segment in raw_path.split("/"):
        if segment in ("", "."):
            continue
        if segment == "..":
            if segments:
                segments.pop()
            continue
        segments.append(segment)
    path = "/" + "/".join(_enc(s) for s in segments)
    return path + "/" if raw_path.endswith("/") and segments else path


def _canonical_query(raw_query: str) -> str:
    pairs = []
    for part in raw_query.split("&"):
        if part:
            key, _, value = part.partition("=")
            pairs.append((_enc(unquote(key)), _enc(unquote(value))))
    return "&".join(f"{k}={v}" for k, v in sorted(pairs))


def verify(request: Incoming, secrets: dict[str, str], signing_name: str) -> str:
    """Return the access key id when the signature is valid; raise `SignatureProblem` if not."""
    header = request.headers.get("authorization", "")
    match = _AUTH.match(header)
    if match is None:
        raise SignatureProblem(
            "IncompleteSignature", "Authorization header is missing or malformed"
        )
    key = match["key"]
    if key not in secrets:
        raise SignatureProblem("UnrecognizedClientException", "The security token is invalid")
    if match["service"] != signing_name:
        raise SignatureProblem(
            "InvalidSignatureException", "Credential should be scoped to the service"
        )
    amz_date = request.headers.get("x-amz-date", "")
    _check_date(amz_date, match["day"])
    signed = match["signed"].split(";")
    if "host" not in signed or "x-amz-date" not in signed:
        raise SignatureProblem("InvalidSignatureException", "host and x-amz-date must be signed")
    header_lines = "".join(
        f"{name}:{' '.join(request.headers.get(name, '').split())}\n" for name in signed
    )
    canonical = "\n".join(
        [
            request.method,
            _canonical_path(request.raw_path),
            _canonical_query(request.raw_query),
            header_lines,
            match["signed"],
            hashlib.sha256(request.body).hexdigest(),
        ]
    )
    scope = f"{match['day']}/{match['region']}/{match['service']}/aws4_request"
    to_sign = "\n".join(
        [
            "AWS4-HMAC-SHA256",
            amz_date,
            scope,
            hashlib.sha256(canonical.encode()).hexdigest(),
        ]
    )
    signing_key = ("AWS4" + secrets[key]).encode()
    for part in (match["day"], match["region"], match["service"], "aws4_request"):
        signing_key = hmac.new(signing_key, part.encode(), hashlib.sha256).digest()
    expected = hmac.new(signing_key, to_sign.encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, match["sig"]):
        raise SignatureProblem(
            "InvalidSignatureException",
            "The request signature we calculated does not match the signature you provided",
        )
    return key


def _check_date(amz_date: str, day: str) -> None:
    try:
        when = datetime.strptime(amz_date, "%Y%m%dT%H%M%SZ").replace(tzinfo=timezone.utc)
    except ValueError:
        raise SignatureProblem(
            "IncompleteSignature", "X-Amz-Date is missing or malformed"
        ) from None
    if amz_date[:8] != day:
        raise SignatureProblem(
            "InvalidSignatureException", "Credential date does not match X-Amz-Date"
        )
    skew = abs((datetime.now(timezone.utc) - when).total_seconds())
    if skew > MAX_SKEW_SECONDS:
        raise SignatureProblem("InvalidSignatureException", "Signature expired")
