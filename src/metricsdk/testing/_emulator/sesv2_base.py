"""What the two emulated SES v2 services share (`sesv2`: ``BatchGetMetricData``,
`sesv2_resources`: the other operations): their name, SigV4 signatures for ``ses``, a quota per
account, and the service's throttling and failure answers. They differ in routes, weights and
limits."""

from __future__ import annotations

from metricsdk.testing._emulator.aws import aws_error, check_signature
from metricsdk.testing._emulator.limits import PerAccountLimit
from metricsdk.testing._emulator.wire import Answer, Incoming

__all__ = ["SESv2Base"]


class SESv2Base(PerAccountLimit):
    """An SES v2 service; a subclass sets ``_secrets`` and ``_windows``."""

    name = "sesv2"

    def authenticate(self, request: Incoming) -> str:
        return check_signature(request, self._secrets, "ses")

    def throttled(self, retry_after: float | None) -> Answer:
        return aws_error(
            429, "TooManyRequestsException", "Too many requests", retry_after=retry_after
        )

    def failure(self, status: int, retry_after: float | None) -> Answer:
        code = "InternalServiceErrorException" if status == 500 else "ServiceUnavailable"
        return aws_error(status, code, "The service failed", retry_after=retry_after)
