"""Credentials from IAM Identity Center (SSO): the token ``aws sso login`` caches under
``~/.aws/sso/cache/``, exchanged for role credentials with the portal's ``GetRoleCredentials``.

The cache file is named by the SHA-1 of the ``sso_session`` name (or, in the legacy form, of
the start URL). A token of the ``sso_session`` form that is near its expiry is renewed with the
SSO OIDC ``CreateToken`` call and its refresh token, and written back, as the AWS CLI and
botocore do; an expired token that cannot be renewed asks you to log in again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from collections.abc import Mapping
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import attrs

from metricsdk._core.aws_identity import fetch
from metricsdk._core.aws_identity.refresh import Refresher, RefreshingProvider, utc_now
from metricsdk._core.aws_identity.values import credentials_named, parse_expiry
from metricsdk._core.credentials import AwsCredentials
from metricsdk._core.endpoints import check_base_url
from metricsdk._core.error_mapping import error_class
from metricsdk.errors import (
    APIError,
    AuthenticationError,
    InvalidInputError,
    MalformedResponseError,
    NotFoundError,
    TransportError,
)

__all__ = ["SSOProvider", "sso_cache_dir"]

_REGION = re.compile(r"[a-z0-9-]{1,50}")
_TOKEN_REFRESH_WINDOW = timedelta(minutes=15)  # botocore's SSOTokenProvider window
_CODES: Mapping[str, type[APIError]] = {
    "UnauthorizedException": AuthenticationError,
    "ResourceNotFoundException": NotFoundError,
}


def sso_cache_dir(environ: Mapping[str, str]) -> Path:
    """``~/.aws/sso/cache``, where the AWS CLI keeps SSO tokens."""
    home = environ.get("HOME") or os.path.expanduser("~")
    return Path(home) / ".aws" / "sso" / "cache"


def _endpoint(environ: Mapping[str, str], service_id: str, default: str) -> str:
    ignore = environ.get("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "").lower() == "true"
    name = f"AWS_ENDPOINT_URL_{service_id}"
    override = None if ignore else (environ.get(name) or environ.get("AWS_ENDPOINT_URL"))
    if override:
        return check_base_url(name if environ.get(name) else "AWS_ENDPOINT_URL", override)
    return default


@attrs.frozen
class _Token:
    path: Path
    data: Mapping[str, Any]
    access_token: str
    expiry: datetime


class SSOProvider(RefreshingProvider):
    """Role credentials from IAM Identity Center, with the token ``aws sso login`` cached.

    Most users name an SSO profile instead (``ProfileProvider("dev")`` or ``profile="dev"``
    on a client); this class is for composing sources by hand.

    Args:
        start_url: the SSO start URL (``https://my-sso-portal.awsapps.com/start``).
        sso_region: the region of IAM Identity Center.
        account_id: the account to get credentials for.
        role_name: the role (permission set) in that account.
        session_name: the ``[sso-session NAME]`` the token belongs to; ``None`` for the
            legacy form keyed by the start URL.
        profile: the profile's name, used in the ``aws sso login --profile`` remedy.
        cache_dir: where tokens are cached; ``~/.aws/sso/cache`` by default.
        environ: where ``AWS_ENDPOINT_URL_SSO`` and ``AWS_ENDPOINT_URL`` are read.

    Attributes:
        account_id (str): the account, as configured.
        identity (str): ``sso <account>/<role>``, the stable identity that keys a shared pacer.
    """

    def __init__(
        self,
        *,
        start_url: str,
        sso_region: str,
        account_id: str,
        role_name: str,
        session_name: str | None = None,
        profile: str | None = None,
        cache_dir: str | os.PathLike[str] | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        env = os.environ if environ is None else environ
        for field, value in (
            ("sso_start_url", start_url),
            ("sso_region", sso_region),
            ("sso_account_id", account_id),
            ("sso_role_name", role_name),
        ):
            if not isinstance(value, str) or not value or not value.isprintable():
                raise InvalidInputError(field, "must be a non-empty string")
        if not _REGION.fullmatch(sso_region):
            # It becomes part of the portal's host name, which receives the bearer token.
            raise InvalidInputError("sso_region", "must be lowercase letters, digits and hyphens")
        self._start_url, self._region = start_url, sso_region
        self._role_name, self._session_name, self._profile = role_name, session_name, profile
        self.account_id = account_id
        self.identity = f"sso {account_id}/{role_name}"
        self._cache_dir = Path(cache_dir) if cache_dir is not None else sso_cache_dir(env)
        self._portal = _endpoint(env, "SSO", f"https://portal.sso.{sso_region}.amazonaws.com")
        self._oidc = _endpoint(env, "SSO_OIDC", f"https://oidc.{sso_region}.amazonaws.com")
        self._description = f"SSO ({'profile ' + profile if profile else start_url})"
        self._refresher = Refresher(self._description, self._fetch, self._fetch_async)

    # -- the cached token ----------------------------------------------------------------

    def _login_hint(self) -> str:
        if self._profile:
            return f"run `aws sso login --profile {self._profile}`"
        if self._session_name:
            return f"run `aws sso login --sso-session {self._session_name}`"
        return "run `aws sso login`"

    def _token_path(self) -> Path:
        key = self._session_name if self._session_name is not None else self._start_url
        return self._cache_dir / (hashlib.sha1(key.encode("utf-8")).hexdigest() + ".json")

    def _read_token(self) -> _Token:
        path = self._token_path()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise InvalidInputError(
                "sso", f"no SSO token cached at {path}; {self._login_hint()}"
            ) from None
        except (OSError, ValueError):
            raise InvalidInputError(
                "sso", f"the SSO token cache {path} cannot be read; {self._login_hint()}"
            ) from None
        access_token = data.get("accessToken") if isinstance(data, dict) else None
        expiry = parse_expiry(data.get("expiresAt")) if isinstance(data, dict) else None
        if not isinstance(access_token, str) or not access_token or expiry is None:
            raise InvalidInputError(
                "sso", f"the SSO token cached at {path} is incomplete; {self._login_hint()}"
            )
        return _Token(path, data, access_token, expiry)

    def _expired(self, token: _Token) -> InvalidInputError:
        return InvalidInputError(
            "sso",
            f"the SSO token expired at {token.expiry.isoformat()}; {self._login_hint()}",
        )

    def _renewal(self, token: _Token) -> fetch.Call | None:
        """The OIDC call renewing a token near its expiry, if the token can be renewed."""
        if self._session_name is None or token.expiry - utc_now() > _TOKEN_REFRESH_WINDOW:
            return None
        data = token.data
        fields = ("refreshToken", "clientId", "clientSecret", "registrationExpiresAt")
        if not all(isinstance(data.get(name), str) for name in fields):
            return None
        registration = parse_expiry(data["registrationExpiresAt"])
        if registration is None or registration <= utc_now():
            return None
        body = {
            "clientId": data["clientId"],
            "clientSecret": data["clientSecret"],
            "grantType": "refresh_token",
            "refreshToken": data["refreshToken"],
        }
        return fetch.Call(
            "sso-oidc",
            "CreateToken",
            "POST",
            self._oidc + "/token",
            headers=(("content-type", "application/json"),),
            body=json.dumps(body).encode(),
        )

    def _renewed(self, token: _Token, reply: fetch.Reply) -> _Token | None:
        """The renewed token, written back to the cache; ``None`` if renewal failed."""
        try:
            answer = json.loads(reply.body) if reply.status == 200 else None
        except ValueError:
            answer = None
        if not isinstance(answer, dict):
            return None
        access_token, expires_in = answer.get("accessToken"), answer.get("expiresIn")
        if not isinstance(access_token, str) or not isinstance(expires_in, int):
            return None
        expiry = utc_now() + timedelta(seconds=expires_in)
        data = {
            **token.data,
            "accessToken": access_token,
            "expiresAt": expiry.strftime("%Y-%m-%dT%H:%M:%SZ"),
        }
        if isinstance(answer.get("refreshToken"), str):
            data["refreshToken"] = answer["refreshToken"]
        _write_private(token.path, json.dumps(data))
        return _Token(token.path, data, access_token, expiry)

    def _usable(self, token: _Token) -> _Token:
        if token.expiry <= utc_now():
            raise self._expired(token)
        return token

    # -- GetRoleCredentials -------------------------------------------------------------------

    def _role_call(self, token: _Token) -> fetch.Call:
        query = urlencode({"role_name": self._role_name, "account_id": self.account_id})
        return fetch.Call(
            "sso",
            "GetRoleCredentials",
            "GET",
            f"{self._portal}/federation/credentials?{query}",
            headers=(("x-amz-sso_bearer_token", token.access_token),),
        )

    def _credentials(self, reply: fetch.Reply) -> AwsCredentials:
        if reply.status != 200:
            raise self._refusal(reply)
        try:
            found = json.loads(reply.body)["roleCredentials"]
            expiry = parse_expiry(found["expiration"] / 1000)  # epoch milliseconds
            if expiry is None:
                raise ValueError("expiration")
            return credentials_named(
                {},
                found["accessKeyId"],
                found["secretAccessKey"],
                found["sessionToken"],
                expiry=expiry,
                account_id=self.account_id,
            )
        except (ValueError, KeyError, TypeError, InvalidInputError):
            raise MalformedResponseError(
                f"{self._description}: GetRoleCredentials answer cannot be read",
                status_code=reply.status,
                service="sso",
            ) from None

    def _refusal(self, reply: fetch.Reply) -> APIError:
        try:
            data = json.loads(reply.body)
        except ValueError:
            data = None
        fields = data if isinstance(data, dict) else {}
        code = reply.headers.get("x-amzn-errortype", "").split(":", 1)[0]
        code = code or str(fields.get("__type", "")).rsplit("#", 1)[-1]
        message = fields.get("message") or fields.get("Message") or f"HTTP {reply.status}"
        cls = error_class(reply.status, code, _CODES)
        if cls is AuthenticationError:
            message = f"{message}; the SSO session has expired or was revoked: {self._login_hint()}"
        elif cls is NotFoundError:
            message = f"{message}; check sso_account_id and sso_role_name"
        return cls(
            f"{self._description}: GetRoleCredentials refused: {message}",
            status_code=reply.status,
            code=code,
            request_id=reply.headers.get("x-amzn-requestid"),
            service="sso",
        )

    # -- fetching -----------------------------------------------------------------------------

    def _fetch(self) -> AwsCredentials:
        token = self._read_token()
        with fetch.session() as http:
            renewal = self._renewal(token)
            if renewal is not None:
                with contextlib.suppress(
                    TransportError
                ):  # the current token may still do; if not, _usable says so
                    token = self._renewed(token, fetch.send(http, renewal)) or token
            reply = fetch.send(http, self._role_call(self._usable(token)))
        return self._credentials(reply)

    async def _fetch_async(self) -> AwsCredentials:
        token = self._read_token()
        async with fetch.async_session() as http:
            renewal = self._renewal(token)
            if renewal is not None:
                with contextlib.suppress(TransportError):
                    token = self._renewed(token, await fetch.send_async(http, renewal)) or token
            reply = await fetch.send_async(http, self._role_call(self._usable(token)))
        return self._credentials(reply)

    def __repr__(self) -> str:
        return f"SSOProvider(account_id={self.account_id!r}, role_name={self._role_name!r})"


def _write_private(path: Path, text: str) -> None:
    # Written beside the original then renamed over it, so a reader never sees half a token.
    temporary = path.with_name(path.name + f".{os.getpid()}.tmp")
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(temporary, path)
    except OSError:
        # An unwritable cache only means the next process renews again.
        with contextlib.suppress(OSError):
            temporary.unlink()
