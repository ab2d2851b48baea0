"""Emulated IAM Identity Center: the portal's ``GetRoleCredentials`` (rest-json, bearer token in
``x-amz-sso_bearer_token``, from botocore's ``sso/2019-06-10`` model) and the OIDC
``CreateToken`` refresh grant (``sso-oidc/2019-06-10``) that renews an access token."""

from __future__ import annotations

import json
import re
import secrets
import threading
from urllib.parse import parse_qs

from metricsdk.testing._emulator.keyring import KeyRing
from metricsdk.testing._emulator.limits import Unlimited
from metricsdk.testing._emulator.service import Refusal
from metricsdk.testing._emulator.wire import Answer, Incoming, json_answer

__all__ = ["SSOService"]

_ACCOUNT = re.compile(r"\d{12}")


def _error(status: int, code: str, message: str) -> Answer:
    return json_answer(status, {"message": message}, headers={"x-amzn-errortype": code})


class SSOService(Unlimited):
    """``GET /federation/credentials`` and ``POST /token``."""

    name = "sso"

    def __init__(self, keys: KeyRing, *, access_token: str, refresh_token: str) -> None:
        self._keys = keys
        self._access_tokens = {access_token}
        self._refresh_token = refresh_token
        self._lock = threading.Lock()

    def route(self, request: Incoming) -> str | None:
        if request.method == "GET" and request.raw_path == "/federation/credentials":
            return "GetRoleCredentials"
        if request.method == "POST" and request.raw_path == "/token":
            return "CreateToken"
        return None

    def authenticate(self, request: Incoming) -> str:
        if request.raw_path == "/token":
            return ""  # the refresh token in the body is the proof
        token = request.headers.get("x-amz-sso_bearer_token", "")
        with self._lock:
            known = token in self._access_tokens
        if not known:
            raise Refusal(
                _error(401, "UnauthorizedException", "Session token not found or invalid")
            )
        return "sso-token"

    def throttled(self, retry_after: float | None) -> Answer:
        return _error(429, "TooManyRequestsException", "Too many requests")

    def failure(self, status: int, retry_after: float | None) -> Answer:
        return _error(status, "InternalServerException", "The service failed")

    def handle(self, request: Incoming, operation: str, identity: str, now: float) -> Answer:
        if operation == "CreateToken":
            return self._create_token(request)
        query = {name: values[-1] for name, values in parse_qs(request.raw_query).items()}
        account, role = query.get("account_id", ""), query.get("role_name", "")
        if not _ACCOUNT.fullmatch(account) or not role:
            return _error(400, "InvalidRequestException", "account_id and role_name are required")
        issued = self._keys.issue(account)
        credentials = {
            "accessKeyId": issued.access_key_id,
            "secretAccessKey": issued.secret_access_key,
            "sessionToken": issued.session_token,
            "expiration": int(issued.expires * 1000),  # epoch milliseconds, as the portal sends
        }
        return json_answer(200, {"roleCredentials": credentials})

    def _create_token(self, request: Incoming) -> Answer:
        try:
            body = json.loads(request.body)
        except ValueError:
            body = None
        if not isinstance(body, dict) or body.get("grantType") != "refresh_token":
            return _error(400, "UnsupportedGrantTypeException", "only refresh_token is emulated")
        if body.get("refreshToken") != self._refresh_token:
            return _error(400, "InvalidGrantException", "Invalid refresh token provided")
        access_token = "emulator-sso-renewed-" + secrets.token_urlsafe(24)
        with self._lock:
            self._access_tokens.add(access_token)
        return json_answer(
            200,
            {
                "accessToken": access_token,
                "tokenType": "Bearer",
                "expiresIn": 3600,
                "refreshToken": self._refresh_token,
            },
        )
