"""Emulated STS: ``AssumeRole`` (SigV4-signed, temporary callers' tokens checked) and
``AssumeRoleWithWebIdentity`` (unsigned, the emulator's web identity token), in the AWS query
protocol — a form-encoded ``POST /`` answered in XML — written from the wire format of
botocore's ``sts/2011-06-15`` model, never with the SDK's own code."""

from __future__ import annotations

import re
from urllib.parse import parse_qs
from xml.sax.saxutils import escape

from metricsdk.testing._emulator.keyring import KeyRing
from metricsdk.testing._emulator.limits import Unlimited
from metricsdk.testing._emulator.service import Refusal
from metricsdk.testing._emulator.sigv4_verify import SignatureProblem, verify
from metricsdk.testing._emulator.wire import Answer, Incoming

__all__ = ["STSService"]

_NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/"
_ROLE_ARN = re.compile(r"arn:aws[\w-]*:iam::(\d{12}):role/(?:[\w+=,.@-]+/)*([\w+=,.@-]{1,64})")
_SESSION_NAME = re.compile(r"[\w+=,.@-]{2,64}", re.ASCII)
_EXTERNAL_ID = re.compile(r"[\w+=,.@:/-]{2,1224}", re.ASCII)
_ACTIONS = ("AssumeRole", "AssumeRoleWithWebIdentity")
# What a signature problem is called by STS (a query-protocol service) and its status.
_STS_CODES = {
    "ExpiredTokenException": ("ExpiredToken", 400),
    "UnrecognizedClientException": ("InvalidClientTokenId", 403),
    "InvalidSignatureException": ("SignatureDoesNotMatch", 403),
    "IncompleteSignature": ("IncompleteSignature", 400),
}


def sts_error(status: int, code: str, message: str, *, kind: str = "Sender") -> Answer:
    """An STS error answer: ``<ErrorResponse><Error>`` with type, code and message."""
    body = (
        f'<ErrorResponse xmlns="{_NAMESPACE}"><Error><Type>{kind}</Type>'
        f"<Code>{escape(code)}</Code><Message>{escape(message)}</Message></Error>"
        "<RequestId>emulator-request</RequestId></ErrorResponse>"
    )
    return Answer(status, (("content-type", "text/xml"),), body.encode())


def _form(request: Incoming) -> dict[str, str]:
    try:
        fields = parse_qs(request.body.decode("utf-8"), keep_blank_values=True)
    except UnicodeDecodeError:
        return {}
    return {name: values[-1] for name, values in fields.items()}


def _invalid(message: str) -> Refusal:
    return Refusal(sts_error(400, "ValidationError", message))


class STSService(Unlimited):
    """``POST /`` with ``Action=AssumeRole`` or ``Action=AssumeRoleWithWebIdentity``."""

    name = "sts"

    def __init__(self, keys: KeyRing, *, web_identity_token: str) -> None:
        self._keys = keys
        self._web_identity_token = web_identity_token

    def route(self, request: Incoming) -> str | None:
        kind = request.headers.get("content-type", "")
        if request.method != "POST" or request.raw_path != "/" or "x-amz-target" in request.headers:
            return None
        if not kind.startswith("application/x-www-form-urlencoded"):
            return None
        action = _form(request).get("Action")
        if action is None:
            return None
        return action if action in _ACTIONS else "Unsupported"

    def authenticate(self, request: Incoming) -> str:
        if self.route(request) == "AssumeRoleWithWebIdentity":
            return ""  # unsigned: the web identity token is the proof
        try:
            key = verify(request, self._keys, "sts")
            problem = self._keys.session_problem(key, request.headers.get("x-amz-security-token"))
            if problem is not None:
                raise problem
        except SignatureProblem as problem:
            code, status = _STS_CODES.get(problem.code, (problem.code, 403))
            raise Refusal(sts_error(status, code, str(problem))) from None
        return key

    def throttled(self, retry_after: float | None) -> Answer:
        return sts_error(400, "Throttling", "Rate exceeded")

    def failure(self, status: int, retry_after: float | None) -> Answer:
        code = "InternalFailure" if status == 500 else "ServiceUnavailable"
        return sts_error(status, code, "The service failed", kind="Receiver")

    def handle(self, request: Incoming, operation: str, identity: str, now: float) -> Answer:
        form = _form(request)
        if operation == "Unsupported":
            return sts_error(400, "InvalidAction", "The emulator only answers AssumeRole*")
        if form.get("Version") != "2011-06-15":
            return sts_error(400, "InvalidParameterValue", "Version must be 2011-06-15")
        try:
            account, role = self._role(form)
            duration = self._duration(form)
            if operation == "AssumeRoleWithWebIdentity":
                self._check_token(form)
            elif "ExternalId" in form and not _EXTERNAL_ID.fullmatch(form["ExternalId"]):
                raise _invalid("ExternalId must be 2 to 1224 characters of [\\w+=,.@:/-]")
        except Refusal as refusal:
            return refusal.answer
        issued = self._keys.issue(account, duration)
        session = form["RoleSessionName"]
        body = (
            f'<{operation}Response xmlns="{_NAMESPACE}"><{operation}Result>'
            "<AssumedRoleUser>"
            f"<Arn>arn:aws:sts::{account}:assumed-role/{escape(role)}/{escape(session)}</Arn>"
            f"<AssumedRoleId>AROAEMULATOR:{escape(session)}</AssumedRoleId>"
            "</AssumedRoleUser><Credentials>"
            f"<AccessKeyId>{issued.access_key_id}</AccessKeyId>"
            f"<SecretAccessKey>{escape(issued.secret_access_key)}</SecretAccessKey>"
            f"<SessionToken>{escape(issued.session_token)}</SessionToken>"
            f"<Expiration>{issued.expiration()}</Expiration>"
            f"</Credentials></{operation}Result>"
            "<ResponseMetadata><RequestId>emulator-request</RequestId></ResponseMetadata>"
            f"</{operation}Response>"
        )
        return Answer(200, (("content-type", "text/xml"),), body.encode())

    @staticmethod
    def _role(form: dict[str, str]) -> tuple[str, str]:
        for name in ("RoleArn", "RoleSessionName"):
            if not form.get(name):
                raise Refusal(sts_error(400, "MissingParameter", f"{name} is required"))
        match = _ROLE_ARN.fullmatch(form["RoleArn"])
        if match is None:
            raise _invalid("RoleArn must be an IAM role ARN")
        if not _SESSION_NAME.fullmatch(form["RoleSessionName"]):
            raise _invalid("RoleSessionName must be 2 to 64 characters of [\\w+=,.@-]")
        return match[1], match[2]

    @staticmethod
    def _duration(form: dict[str, str]) -> float | None:
        if "DurationSeconds" not in form:
            return None
        try:
            seconds = int(form["DurationSeconds"])
        except ValueError:
            seconds = 0
        if not 900 <= seconds <= 43200:
            raise _invalid("DurationSeconds must be between 900 and 43200")
        return float(seconds)

    def _check_token(self, form: dict[str, str]) -> None:
        if form.get("WebIdentityToken") != self._web_identity_token:
            raise Refusal(
                sts_error(400, "InvalidIdentityToken", "The web identity token was not accepted")
            )
