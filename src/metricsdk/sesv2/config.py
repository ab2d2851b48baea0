"""How an SES v2 client is set up from its arguments: what sets the service apart in the shared
AWS set-up (`metricsdk._core.aws_client`), among it the pacers this process shares among the
account's clients."""

from __future__ import annotations

from metricsdk._core.aws_client import AwsService
from metricsdk.sesv2 import operations
from metricsdk.sesv2.errors import DOCUMENTED_ERRORS
from metricsdk.sesv2.pacing import resolve_pacers

__all__ = ["AWS_SERVICE"]

AWS_SERVICE = AwsService.of(operations, DOCUMENTED_ERRORS, resolve_pacers)
