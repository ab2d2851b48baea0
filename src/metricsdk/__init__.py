"""metricsdk: typed, paced, retried clients for four metrics and reporting APIs.

Service clients live in their packages (`metricsdk.sesv2`, ...) and are imported lazily, so
``import metricsdk`` stays cheap.
"""

from metricsdk._core.credentials import AwsCredentials
from metricsdk._core.retry import RetryPolicy
from metricsdk._version import __version__

__all__ = ["AwsCredentials", "RetryPolicy", "__version__"]
