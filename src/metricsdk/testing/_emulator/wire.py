"""The emulator's own request and answer types: plain bytes and strings, no SDK models."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import parse_qsl

import attrs

__all__ = ["Answer", "Incoming", "json_answer", "json_object"]


@attrs.frozen
class Incoming:
    """A request as it arrived: method, raw (still percent-encoded) path and query, headers
    with lower-case names, body, and the host it was addressed to."""

    method: str
    raw_path: str
    raw_query: str
    headers: Mapping[str, str]
    body: bytes
    host: str
    arrived: float | None = None  # time.monotonic() at arrival, when the server knows it

    def query(self) -> dict[str, str]:
        """The query parameters, decoded (the last value wins)."""
        return dict(parse_qsl(self.raw_query, keep_blank_values=True))

    def json(self) -> Any:
        """The body as JSON (raises ``ValueError`` when it is not)."""
        return json.loads(self.body or b"null")


@attrs.frozen
class Answer:
    """An answer to send: status, headers, body."""

    status: int
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""


def json_answer(
    status: int,
    payload: Any,
    *,
    headers: Mapping[str, str] | None = None,
    content_type: str = "application/json",
) -> Answer:
    """An answer with a JSON body."""
    all_headers = {"content-type": content_type, **(headers or {})}
    return Answer(status, tuple(all_headers.items()), json.dumps(payload).encode())


def json_object(
    request: Incoming, refusal: Callable[[str], Exception], subject: str
) -> dict[str, Any]:
    """The body of ``request``, which must be a JSON object.

    Args:
        request: the request.
        refusal: makes the exception to raise from a message, in the service's error shape.
        subject: how the service's messages name the body (``"The body"``).

    Returns:
        The object.

    Raises:
        Exception: ``refusal``'s, when the body is not JSON or not an object.
    """
    try:
        body = request.json()
    except ValueError:
        raise refusal(f"{subject} is not valid JSON") from None
    if not isinstance(body, dict):
        raise refusal(f"{subject} must be a JSON object")
    return body
