"""botocore as a test oracle: serialize, verify a signature, parse — the reference behaviour our
wire format must match. Test-only; never imported by the SDK."""

from __future__ import annotations

import json
from typing import Any

import botocore.auth
import botocore.awsrequest
import botocore.credentials
import botocore.parsers
import botocore.serialize
import botocore.session
import httpx

_SESSION = botocore.session.get_session()


def operation_model(service: str, operation: str) -> Any:
    return _SESSION.get_service_model(service).operation_model(operation)


def serialize(service: str, operation: str, params: dict[str, Any]) -> dict[str, Any]:
    """botocore's request dict (url_path, method, headers, body) for these parameters."""
    op = operation_model(service, operation)
    serializer = botocore.serialize.create_serializer(
        op.metadata["protocol"], include_validation=True
    )
    return serializer.serialize_to_request(params, op)  # type: ignore[no-any-return]


def json_body(raw: bytes | str | dict[str, Any]) -> Any:
    if isinstance(raw, dict):
        return raw
    return json.loads(raw or b"{}")


def parse(service: str, operation: str, status: int, body: bytes) -> dict[str, Any]:
    """botocore's parse of an answer body."""
    op = operation_model(service, operation)
    parser = botocore.parsers.create_parser(op.metadata["protocol"])
    response = {"status_code": status, "headers": {}, "body": body}
    return parser.parse(response, op.output_shape)  # type: ignore[no-any-return]


def botocore_signature(
    request: httpx.Request,
    *,
    access_key: str,
    secret_key: str,
    token: str | None,
    region: str,
    signing_name: str,
) -> str:
    """Recompute the SigV4 signature of ``request`` with botocore, over exactly the headers our
    signer listed in SignedHeaders, at our X-Amz-Date."""
    authorization = request.headers["authorization"]
    signed = authorization.split("SignedHeaders=")[1].split(",")[0].split(";")
    headers = {name: request.headers[name] for name in signed}
    aws_request = botocore.awsrequest.AWSRequest(
        method=request.method, url=str(request.url), headers=headers, data=request.content
    )
    aws_request.context["timestamp"] = request.headers["x-amz-date"]
    credentials = botocore.credentials.Credentials(access_key, secret_key, token)
    signer = botocore.auth.SigV4Auth(credentials, signing_name, region)
    canonical = signer.canonical_request(aws_request)
    string_to_sign = signer.string_to_sign(aws_request, canonical)
    return signer.signature(string_to_sign, aws_request)  # type: ignore[no-any-return]


def our_signature(request: httpx.Request) -> str:
    return request.headers["authorization"].rsplit("Signature=", 1)[1]
