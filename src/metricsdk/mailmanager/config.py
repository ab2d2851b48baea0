"""How a Mail Manager client is set up: what sets the service apart in the shared AWS set-up
(`metricsdk._core.aws_client`)."""

from __future__ import annotations

from metricsdk._core.aws_client import AwsService
from metricsdk.mailmanager import operations
from metricsdk.mailmanager.errors import DOCUMENTED_ERRORS

__all__ = ["AWS_SERVICE"]

AWS_SERVICE = AwsService.of(operations, DOCUMENTED_ERRORS)
