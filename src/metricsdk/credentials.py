"""AWS credentials: the providers behind ``credentials=`` on the SES v2 and Mail Manager clients.

A client given no ``credentials=`` builds a `DefaultCredentialChain`, which finds credentials
where botocore does, in the same order: the environment, the profile's assume-role, web
identity, the profile's SSO, static keys and ``credential_process``, the container endpoint,
and EC2 instance metadata. Pass a provider from here to choose a source yourself:

```python
from metricsdk.credentials import AssumeRoleProvider, InstanceMetadataProvider
from metricsdk.sesv2 import SESv2Client

role = AssumeRoleProvider(
    role_arn="arn:aws:iam::123456789012:role/metrics-reader",
    source=InstanceMetadataProvider(),
    region="us-east-1",
)
ses = SESv2Client(region="us-east-1", credentials=role)
```

Temporary credentials are fetched when first needed and again ahead of their expiry
(botocore's windows: advisory 15 minutes before, mandatory 10 minutes before), with one fetch
in flight however many threads or tasks need them; async clients fetch without blocking the
event loop. Any object with ``load()`` and ``async load_async()`` returning `AwsCredentials`
is a provider too.
"""

from metricsdk._core.aws_identity.assume_role import AssumeRoleProvider
from metricsdk._core.aws_identity.botocore_adapter import BotocoreProvider
from metricsdk._core.aws_identity.chain import (
    CredentialChain,
    DefaultCredentialChain,
    ProfileProvider,
)
from metricsdk._core.aws_identity.container import ContainerProvider
from metricsdk._core.aws_identity.env import EnvironmentProvider
from metricsdk._core.aws_identity.imds import InstanceMetadataProvider
from metricsdk._core.aws_identity.process import ProcessProvider
from metricsdk._core.aws_identity.sso import SSOProvider
from metricsdk._core.aws_identity.web_identity import WebIdentityProvider
from metricsdk._core.credentials import AwsCredentials, CredentialProvider

__all__ = [
    "AssumeRoleProvider",
    "AwsCredentials",
    "BotocoreProvider",
    "ContainerProvider",
    "CredentialChain",
    "CredentialProvider",
    "DefaultCredentialChain",
    "EnvironmentProvider",
    "InstanceMetadataProvider",
    "ProcessProvider",
    "ProfileProvider",
    "SSOProvider",
    "WebIdentityProvider",
]
