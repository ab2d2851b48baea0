"""What the two emulated AWS services share: SigV4 checks and AWS error answers."""

from __future__ import annotations

import json
from typing import Any

from metricsdk.testing._emulator.keyring import KeyRing
from metricsdk.testing._emulator.service import Refusal
from metricsdk.testing._emulator.sigv4_verify import SignatureProblem, verify
from metricsdk.testing._emulator.wire import Answer, Incoming

__all__ = ["aws_error", "check_signature", "epoch_number"]


def aws_error(
    status: int,
    code: str,
    message: str,
    *,
    json_1_0: bool = False,
    retry_after: float | None = None,
) -> Answer:
    """An AWS error answer: rest-json style (``x-amzn-ErrorType`` header, ``message``) or
    JSON 1.0 style (``__type`` with the namespace prefix, ``Message``)."""
    headers = [("x-amzn-requestid", "emulator-request"), ("x-amzn-errortype", code)]
    if retry_after is not None:
        headers.append(("retry-after", f"{retry_after:g}"))
    if json_1_0:
        headers.append(("content-type", "application/x-amz-json-1.0"))
        payload = {"__type": f"com.amazonaws.mailmanager#{code}", "Message": message}
    else:
        headers.append(("content-type", "application/json"))
        payload = {"message": message}
    return Answer(status, tuple(headers), json.dumps(payload).encode())


def check_signature(
    request: Incoming, secrets: dict[str, str], signing_name: str, *, json_1_0: bool = False
) -> str:
    """The caller's access key id, or a 403 `Refusal` in the AWS error shape.

    A temporary key the emulator issued must come with its session token
    (``X-Amz-Security-Token``) and be unexpired: else ``ExpiredTokenException``, as AWS says.
    """
    try:
        key = verify(request, secrets, signing_name)
        problem = (
            secrets.session_problem(key, request.headers.get("x-amz-security-token"))
            if isinstance(secrets, KeyRing)
            else None
        )
        if problem is not None:
            raise problem
    except SignatureProblem as problem:
        raise Refusal(aws_error(403, problem.code, str(problem), json_1_0=json_1_0)) from None
    return key


def epoch_number(value: Any) -> float | None:
    """A JSON timestamp as AWS JSON protocols send it (epoch seconds, a number), else None."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return None
