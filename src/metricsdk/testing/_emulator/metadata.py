"""Emulated instance metadata (IMDSv2 tokens, the role and its credentials) and container
credentials endpoints (ECS's relative URI, EKS Pod Identity's token-checked full URI), answering
what EC2, ECS and EKS answer: plain text and JSON."""

from __future__ import annotations

import json
import secrets
import threading
import time

from metricsdk.testing._emulator.keyring import Issued, KeyRing
from metricsdk.testing._emulator.limits import Unlimited
from metricsdk.testing._emulator.service import Refusal
from metricsdk.testing._emulator.wire import Answer, Incoming, json_answer

__all__ = ["ContainerCredentialsService", "InstanceMetadataService"]

_ROLES = "/latest/meta-data/iam/security-credentials/"
_INFO = "/latest/meta-data/iam/info"
_TOKEN = "/latest/api/token"


def _text(status: int, text: str) -> Answer:
    return Answer(status, (("content-type", "text/plain"),), text.encode())


def _now_iso() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


class _RoleCredentials(Unlimited):
    """An endpoint that hands out temporary credentials (from ``keys``) for one role of one
    account, as both the instance metadata and the container endpoints do."""

    def __init__(self, keys: KeyRing, *, account_id: str, role_name: str) -> None:
        self._keys = keys
        self._account_id = account_id
        self._role_name = role_name


class InstanceMetadataService(_RoleCredentials):
    """``PUT /latest/api/token`` and the ``/latest/meta-data/iam/`` reads.

    IMDSv1 (no token) is served too unless the emulator requires tokens, as an instance with
    ``HttpTokens=required`` does (then a read without a token gets 401).
    """

    name = "imds"

    def __init__(self, keys: KeyRing, *, account_id: str, role_name: str, v1: bool) -> None:
        super().__init__(keys, account_id=account_id, role_name=role_name)
        self._v1 = v1
        self._tokens: dict[str, float] = {}
        self._lock = threading.Lock()

    def route(self, request: Incoming) -> str | None:
        path = request.raw_path
        if request.method == "PUT" and path == _TOKEN:
            return "GetToken"
        if request.method != "GET":
            return None
        if path == _ROLES:
            return "ListRoles"
        if path == _INFO:
            return "GetInfo"
        if path.startswith(_ROLES):
            return "GetRoleCredentials"
        return None

    def authenticate(self, request: Incoming) -> str:
        if request.raw_path == _TOKEN:
            return ""
        token = request.headers.get("x-aws-ec2-metadata-token")
        if token is None:
            if not self._v1:
                raise Refusal(_text(401, "IMDSv2 token required"))
            return ""
        with self._lock:
            expires = self._tokens.get(token)
        if expires is None or expires <= time.time():
            raise Refusal(_text(401, "invalid or expired token"))
        return "imds-token"

    def throttled(self, retry_after: float | None) -> Answer:
        return _text(429, "Too Many Requests")

    def failure(self, status: int, retry_after: float | None) -> Answer:
        return _text(status, "metadata service failure")

    def handle(self, request: Incoming, operation: str, identity: str, now: float) -> Answer:
        if operation == "GetToken":
            return self._token(request)
        if operation == "ListRoles":
            return _text(200, self._role_name)
        if operation == "GetInfo":
            info = {
                "Code": "Success",
                "LastUpdated": _now_iso(),
                "InstanceProfileArn": (
                    f"arn:aws:iam::{self._account_id}:instance-profile/{self._role_name}"
                ),
                "InstanceProfileId": "AIPAEMULATOR",
            }
            return json_answer(200, info, content_type="text/plain")
        if request.raw_path[len(_ROLES) :] != self._role_name:
            return _text(404, "Not Found")
        issued = self._keys.issue(self._account_id)
        answer = {
            "Code": "Success",
            "LastUpdated": _now_iso(),
            "Type": "AWS-HMAC",
            "AccessKeyId": issued.access_key_id,
            "SecretAccessKey": issued.secret_access_key,
            "Token": issued.session_token,
            "Expiration": issued.expiration(),
        }
        return json_answer(200, answer, content_type="text/plain")

    def _token(self, request: Incoming) -> Answer:
        try:
            ttl = int(request.headers.get("x-aws-ec2-metadata-token-ttl-seconds", ""))
        except ValueError:
            ttl = 0
        if not 1 <= ttl <= 21600:
            return _text(400, "Bad Request")
        token = secrets.token_urlsafe(32)
        with self._lock:
            self._tokens[token] = time.time() + ttl
        return Answer(
            200,
            (("content-type", "text/plain"), ("x-aws-ec2-metadata-token-ttl-seconds", str(ttl))),
            token.encode(),
        )


class ContainerCredentialsService(_RoleCredentials):
    """``GET /v2/credentials/<id>`` (ECS, no token) and ``GET /v1/credentials`` (EKS Pod
    Identity and Lambda: the ``Authorization`` header must carry the emulator's token)."""

    name = "container"

    def __init__(self, keys: KeyRing, *, account_id: str, role_name: str, token: str) -> None:
        super().__init__(keys, account_id=account_id, role_name=role_name)
        self._token = token

    def route(self, request: Incoming) -> str | None:
        if request.method != "GET":
            return None
        if request.raw_path.startswith("/v2/credentials/") or request.raw_path == "/v1/credentials":
            return "GetCredentials"
        return None

    def authenticate(self, request: Incoming) -> str:
        if request.raw_path != "/v1/credentials":
            return ""
        given = request.headers.get("authorization", "")
        if not secrets.compare_digest(given.encode(), self._token.encode()):
            raise Refusal(json_answer(401, {"message": "invalid authorization token"}))
        return "container-token"

    def throttled(self, retry_after: float | None) -> Answer:
        return json_answer(429, {"message": "too many requests"})

    def failure(self, status: int, retry_after: float | None) -> Answer:
        return json_answer(status, {"message": "credentials agent failure"})

    def handle(self, request: Incoming, operation: str, identity: str, now: float) -> Answer:
        issued: Issued = self._keys.issue(self._account_id)
        answer = {
            "AccessKeyId": issued.access_key_id,
            "SecretAccessKey": issued.secret_access_key,
            "Token": issued.session_token,
            "Expiration": issued.expiration(),
            "RoleArn": f"arn:aws:iam::{self._account_id}:role/{self._role_name}",
            "AccountId": self._account_id,
        }
        return Answer(200, (("content-type", "application/json"),), json.dumps(answer).encode())
