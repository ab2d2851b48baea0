"""Removing secrets from what a server sends back, before it can reach an exception or a log.

A service may echo a request into its error message: AWS signature errors quote the canonical
request, ``x-amz-security-token`` included; a proxy's error page may quote headers. Every secret
the client holds, and any ``Signature=`` value, is replaced in an error answer's body before the
body is read into an error.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["REDACTED", "redact"]

REDACTED = b"<redacted>"

_SIGNATURE = re.compile(rb"(Signature=)[0-9A-Fa-f]+")
# Shorter values would match ordinary text; every real secret here is far longer.
_MIN_SECRET_LENGTH = 6


def _forms(secret: str) -> set[bytes]:
    """The ways ``secret`` can appear in a body: as is, and with JSON's optional ``\\/``."""
    raw = secret.encode("utf-8", "surrogatepass")
    return {raw, raw.replace(b"/", b"\\/")}


def redact(body: bytes, secrets: Iterable[str]) -> bytes:
    """``body`` with every secret and every ``Signature=`` value replaced by ``<redacted>``."""
    for secret in secrets:
        if len(secret) >= _MIN_SECRET_LENGTH:
            for form in _forms(secret):
                body = body.replace(form, REDACTED)
    return _SIGNATURE.sub(rb"\1" + REDACTED, body)
