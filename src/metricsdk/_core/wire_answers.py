"""Reading a successful JSON answer, the same way for every service that answers with a JSON
object: the body decoded and structured into its response model, and a listing's next-page
token checked, each failure a `MalformedResponseError` naming the operation.

Written once here so that the services cannot drift in what they accept as a readable answer.
"""

from __future__ import annotations

from typing import Any, TypeVar

from metricsdk._core.converters import LazyConverter, load_json_object, structure_answer
from metricsdk.errors import MalformedResponseError

__all__ = ["next_page_token", "parse_json_answer"]

T = TypeVar("T")


def parse_json_answer(
    converter: LazyConverter,
    body: bytes,
    cls: type[T],
    *,
    service: str,
    operation: str,
    may_be_empty: bool = False,
) -> T:
    """A successful (HTTP 200) answer's body as ``cls``, or `MalformedResponseError`.

    botocore reads an empty body as an empty object whatever the operation. Only an operation
    that answers nothing (``may_be_empty``) is read so here; for the others an empty body is a
    broken answer, and reading it as "no members" would pass off a failure as a result.

    Args:
        converter: the service's converter.
        body: the answer's body.
        cls: the response model.
        service: the service, for the error.
        operation: the operation, for the error.
        may_be_empty: whether an empty body is a valid answer with no members.

    Returns:
        The answer as ``cls``.

    Raises:
        MalformedResponseError: if the body is not a JSON object of ``cls``'s shape.
    """
    data: dict[str, Any] = {}
    if body.strip() or not may_be_empty:
        data = load_json_object(body, status=200, service=service, operation=operation)
    return structure_answer(converter, data, cls, status=200, service=service, operation=operation)


def next_page_token(
    service: str, operation: str, sent: str | None, received: str | None
) -> str | None:
    """The token of the next page, or ``None`` after the last (no token, or an empty one).

    Args:
        service: the service, for the error.
        operation: the listing's operation, for the error.
        sent: the token the page was asked with (``None`` for the first page).
        received: the token the page answered.

    Returns:
        The token to ask the next page with, or ``None``.

    Raises:
        MalformedResponseError: if the service handed back the token it was just sent, which
            would make a paginator loop forever.
    """
    token = received or None
    if token is not None and token == sent:
        raise MalformedResponseError(
            f"{operation}: the answer repeats the NextToken it was sent; pagination stopped",
            status_code=200,
            service=service,
        )
    return token
