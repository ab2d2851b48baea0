"""STS ``AssumeRole`` and ``AssumeRoleWithWebIdentity`` on the wire, without I/O.

STS speaks the AWS query protocol (botocore's ``sts/2011-06-15`` model): a form-encoded
``POST /`` with ``Action`` and ``Version``, answered in XML. Answers are read with the standard
library's parser after refusing any document that declares a DOCTYPE or an entity, so no
entity is ever expanded or fetched.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING
from urllib.parse import urlencode

import attrs

from metricsdk._core.aws_identity.fetch import Call, Reply
from metricsdk._core.aws_identity.values import credentials_named, parse_expiry
from metricsdk._core.credentials import AwsCredentials
from metricsdk._core.endpoints import check_base_url
from metricsdk._core.error_mapping import error_class
from metricsdk.errors import (
    APIError,
    AuthenticationError,
    BadRequestError,
    InvalidInputError,
    MalformedResponseError,
    PermissionDeniedError,
    ServerError,
)

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

__all__ = [
    "StsEndpoint",
    "account_from_arn",
    "assume_role_call",
    "check_duration",
    "check_external_id",
    "check_role_arn",
    "check_session_name",
    "parse_sts_answer",
    "sts_endpoint",
    "web_identity_call",
]

VERSION = "2011-06-15"
_CONTENT_TYPE = "application/x-www-form-urlencoded; charset=utf-8"
# Constraints from botocore's STS model (sts/2011-06-15/service-2.json): roleSessionNameType,
# externalIdType, roleDurationSecondsType, arnType and clientTokenType.
_SESSION_NAME = re.compile(r"[\w+=,.@-]{2,64}", re.ASCII)
_EXTERNAL_ID = re.compile(r"[\w+=,.@:/-]{2,1224}", re.ASCII)
_REGION = re.compile(r"[a-z0-9-]{1,50}")
_CODES: Mapping[str, type[APIError]] = {
    "AccessDenied": PermissionDeniedError,
    "RegionDisabledException": PermissionDeniedError,
    "IDPRejectedClaim": PermissionDeniedError,
    "ExpiredToken": AuthenticationError,
    "ExpiredTokenException": AuthenticationError,
    "InvalidClientTokenId": AuthenticationError,
    "SignatureDoesNotMatch": AuthenticationError,
    "IncompleteSignature": AuthenticationError,
    "MissingAuthenticationToken": AuthenticationError,
    "InvalidIdentityToken": AuthenticationError,
    "MalformedPolicyDocument": BadRequestError,
    "PackedPolicyTooLarge": BadRequestError,
    "ValidationError": BadRequestError,
    # The identity provider did not answer STS: transient, botocore retries it too.
    "IDPCommunicationError": ServerError,
}
_REMEDIES: Mapping[str, str] = {
    "AccessDenied": "check that the role's trust policy allows the caller (and the external "
    "id, if the role requires one)",
    "IDPRejectedClaim": "check the role's trust policy against the web identity token's claims",
    "ExpiredToken": "the credentials used to call STS have expired: renew them",
    "ExpiredTokenException": "the token has expired: renew it",
    "InvalidClientTokenId": "the credentials used to call STS are not valid",
    "SignatureDoesNotMatch": "the secret key used to call STS is wrong",
    "InvalidIdentityToken": "check the web identity token file and the role's OIDC provider",
    "RegionDisabledException": "activate STS in this region, or use another region's endpoint",
}


def account_from_arn(arn: str | None) -> str | None:
    """The account id in an ARN (``arn:aws:iam::123456789012:role/x``), if it has one."""
    if not arn:
        return None
    parts = arn.split(":", 5)
    if len(parts) == 6 and parts[0] == "arn" and len(parts[4]) == 12 and parts[4].isdigit():
        return parts[4]
    return None


def check_role_arn(field: str, value: object) -> str:
    """A role ARN, or `InvalidInputError` (arnType: 20 to 2048 characters)."""
    if not isinstance(value, str) or not 20 <= len(value) <= 2048 or not value.startswith("arn:"):
        raise InvalidInputError(
            field, "must be a role ARN, e.g. arn:aws:iam::123456789012:role/name"
        )
    if not value.isprintable():
        raise InvalidInputError(field, "must not contain control characters")
    return value


def check_session_name(field: str, value: object) -> str:
    """A role session name: 2 to 64 of letters, digits and ``+=,.@_-``."""
    if not isinstance(value, str) or not _SESSION_NAME.fullmatch(value):
        raise InvalidInputError(field, "must be 2 to 64 letters, digits or +=,.@_-")
    return value


def check_external_id(field: str, value: object) -> str:
    """An external id: 2 to 1224 of letters, digits and ``+=,.@:/_-``."""
    if not isinstance(value, str) or not _EXTERNAL_ID.fullmatch(value):
        raise InvalidInputError(field, "must be 2 to 1224 letters, digits or +=,.@:/_-")
    return value


def check_duration(field: str, value: object) -> int:
    """A session duration: a whole number of seconds from 900 to 43200."""
    number = value
    if isinstance(value, str):
        try:
            number = int(value.strip())
        except ValueError:
            number = None
    if isinstance(number, bool) or not isinstance(number, int) or not 900 <= number <= 43200:
        raise InvalidInputError(field, "must be a whole number of seconds from 900 to 43200")
    return number


@attrs.frozen
class StsEndpoint:
    """Where STS calls go and the region their signature is scoped to.

    Attributes:
        url: the base URL.
        signing_region: the SigV4 region.
    """

    url: str
    signing_region: str


def _endpoint_override(environ: Mapping[str, str]) -> str | None:
    if environ.get("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "").lower() == "true":
        return None
    return environ.get("AWS_ENDPOINT_URL_STS") or environ.get("AWS_ENDPOINT_URL") or None


def sts_endpoint(region: str | None, environ: Mapping[str, str] | None = None) -> StsEndpoint:
    """The regional STS endpoint (botocore's default), ``AWS_ENDPOINT_URL_STS`` or
    ``AWS_ENDPOINT_URL`` when set; the global endpoint when no region is known."""
    env = os.environ if environ is None else environ
    if region is not None and not _REGION.fullmatch(region):
        raise InvalidInputError("region", "must be lowercase letters, digits and hyphens")
    signing_region = region or "us-east-1"
    override = _endpoint_override(env)
    if override:
        name = "AWS_ENDPOINT_URL_STS" if env.get("AWS_ENDPOINT_URL_STS") else "AWS_ENDPOINT_URL"
        return StsEndpoint(check_base_url(name, override), signing_region)
    if region is None:
        return StsEndpoint("https://sts.amazonaws.com", signing_region)
    suffix = "amazonaws.com.cn" if region.startswith("cn-") else "amazonaws.com"
    return StsEndpoint(f"https://sts.{region}.{suffix}", signing_region)


def _query_call(endpoint: StsEndpoint, action: str, params: Mapping[str, str | int | None]) -> Call:
    """An STS query-protocol call: ``Action``, ``Version`` and the set ``params``, form-encoded
    in a ``POST /`` (both operations go out this way; only the action and the fields differ)."""
    fields = [("Action", action), ("Version", VERSION)]
    fields += [(name, str(value)) for name, value in params.items() if value is not None]
    return Call(
        "sts",
        action,
        "POST",
        endpoint.url + "/",
        headers=(("content-type", _CONTENT_TYPE),),
        body=urlencode(fields).encode("ascii"),
    )


def assume_role_call(
    endpoint: StsEndpoint,
    *,
    role_arn: str,
    session_name: str,
    external_id: str | None = None,
    duration_seconds: int | None = None,
) -> Call:
    """The (unsigned) ``AssumeRole`` call; the caller signs it with the source credentials."""
    return _query_call(
        endpoint,
        "AssumeRole",
        {
            "RoleArn": role_arn,
            "RoleSessionName": session_name,
            "ExternalId": external_id,
            "DurationSeconds": duration_seconds,
        },
    )


def web_identity_call(
    endpoint: StsEndpoint,
    *,
    role_arn: str,
    session_name: str,
    token: str,
    duration_seconds: int | None = None,
) -> Call:
    """The ``AssumeRoleWithWebIdentity`` call: unsigned, the token is the proof (the model
    marks the operation ``noAuth``)."""
    return _query_call(
        endpoint,
        "AssumeRoleWithWebIdentity",
        {
            "RoleArn": role_arn,
            "RoleSessionName": session_name,
            "WebIdentityToken": token,
            "DurationSeconds": duration_seconds,
        },
    )


def _parse_xml(body: bytes) -> Element | None:
    # Entities are how XML answers attack their readers (billion laughs, external files):
    # STS never declares any, so a document that does is refused before parsing.
    head = body.lower()
    if b"<!doctype" in head or b"<!entity" in head:
        return None
    from xml.etree import ElementTree  # only when an STS answer is read

    try:
        return ElementTree.fromstring(body)
    except ElementTree.ParseError:
        return None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(element: Element | None, name: str) -> Element | None:
    if element is None:
        return None
    for child in element:
        if _local(child.tag) == name:
            return child
    return None


def _text(element: Element | None, name: str) -> str | None:
    child = _child(element, name)
    if child is None or child.text is None:
        return None
    return child.text.strip()


def _error(reply: Reply, operation: str, source: str) -> APIError:
    root = _parse_xml(reply.body)
    error = _child(root, "Error")
    code = _text(error, "Code") or ""
    message = _text(error, "Message")
    request_id = _text(root, "RequestId") or reply.headers.get("x-amzn-requestid")
    if message is None:
        kind = reply.headers.get("content-type", "no content type")
        message = f"unreadable error answer ({kind}, {len(reply.body)} bytes)"
    remedy = _REMEDIES.get(code)
    text = f"{source}: STS {operation} refused: {message}" + (f"; {remedy}" if remedy else "")
    cls = error_class(reply.status, code, _CODES)
    return cls(text, status_code=reply.status, code=code, request_id=request_id, service="sts")


def _malformed(reply: Reply, operation: str, source: str, what: str) -> MalformedResponseError:
    return MalformedResponseError(
        f"{source}: STS {operation} answer {what}", status_code=reply.status, service="sts"
    )


def parse_sts_answer(reply: Reply, operation: str, source: str) -> AwsCredentials:
    """The credentials in an ``AssumeRole``/``AssumeRoleWithWebIdentity`` answer, with the
    account taken from the assumed role's ARN.

    Raises:
        APIError: the matching subclass for an error answer, naming ``source`` and a remedy.
        MalformedResponseError: a success answer that cannot be read.
    """
    if not 200 <= reply.status < 300:
        raise _error(reply, operation, source)
    root = _parse_xml(reply.body)
    result = _child(root, f"{operation}Result")
    found = _child(result, "Credentials")
    if found is None:
        raise _malformed(reply, operation, source, "is not STS XML with Credentials")
    fields = {
        name: _text(found, name)
        for name in ("AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration")
    }
    missing = [name for name, value in fields.items() if not value]
    if missing:
        raise _malformed(reply, operation, source, "lacks " + ", ".join(missing))
    expiry: datetime | None = parse_expiry(fields["Expiration"])
    if expiry is None:
        raise _malformed(reply, operation, source, "has an unreadable Expiration")
    arn = _text(_child(result, "AssumedRoleUser"), "Arn")
    try:
        return credentials_named(
            {},
            fields["AccessKeyId"] or "",
            fields["SecretAccessKey"] or "",
            fields["SessionToken"],
            expiry=expiry,
            account_id=account_from_arn(arn),
        )
    except InvalidInputError as refused:
        raise _malformed(reply, operation, source, f"has a bad {refused.field}") from None
