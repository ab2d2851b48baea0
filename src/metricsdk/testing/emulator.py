"""`Emulator`: all four APIs on loopback, and in-process, for tests and demos."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from datetime import datetime, timezone
from types import TracebackType

import httpx

from metricsdk._core.credentials import AwsCredentials
from metricsdk.testing._emulator.app import EmulatorApp, RecordedRequest, Reply
from metricsdk.testing._emulator.blendvision import BlendVisionService, DownloadOrigin
from metricsdk.testing._emulator.faults import Cut, Fault, Injection
from metricsdk.testing._emulator.keyring import KeyRing
from metricsdk.testing._emulator.mailmanager import MailManagerService
from metricsdk.testing._emulator.metadata import (
    ContainerCredentialsService,
    InstanceMetadataService,
)
from metricsdk.testing._emulator.oracle_iot import OracleIoTService
from metricsdk.testing._emulator.server import LoopbackServer
from metricsdk.testing._emulator.sesv2 import SESv2Service
from metricsdk.testing._emulator.sesv2_account import SESv2Account
from metricsdk.testing._emulator.sesv2_export_files import ExportFileOrigin
from metricsdk.testing._emulator.sesv2_exports import ExportJobs
from metricsdk.testing._emulator.sesv2_resources import sesv2_operations_services
from metricsdk.testing._emulator.sso import SSOService
from metricsdk.testing._emulator.sts import STSService
from metricsdk.testing._emulator.transport import AsyncEmulatorTransport, EmulatorTransport
from metricsdk.testing._emulator.wire import Incoming

__all__ = ["Emulator"]

_IN_PROCESS_DOWNLOAD_HOST = "downloads.emulator.invalid"


class Emulator:
    """A local emulator of SES v2 metrics (and its export jobs, identities, configuration sets,
    tenants and account), Mail Manager exports, BlendVision analytics and Oracle IoT monitoring
    metrics.

    Use it as a context manager: it serves every API from one base URL, `url`, on 127.0.0.1
    (and report and export file downloads from a second origin, 127.0.0.2). `transport` and
    `async_transport` give the very same handler as in-process ``httpx`` transports, with no
    socket.

    It checks authentication for real (SigV4 with `aws_credentials`, the BlendVision token and
    org id, Oracle Basic auth or token), enforces rate limits with a strict sliding window,
    answers deterministic data, records every request in `requests`, and misbehaves on demand
    (`inject`).

    It also serves the places AWS credentials come from, on the same URL: EC2 instance
    metadata (IMDSv2), the container credentials endpoint (ECS and EKS Pod Identity), STS
    ``AssumeRole`` and ``AssumeRoleWithWebIdentity``, and the IAM Identity Center portal. The
    temporary credentials they issue (living ``credential_lifetime`` seconds) are accepted by
    the SES v2 and Mail Manager APIs with their session token until they expire, then refused
    with ``ExpiredTokenException``. `identity_environment` gives the variables that point the
    credential chain at them.

    Args:
        host: the address to listen on.
        port: the port; 0 picks a free one.
        download_host: the address of the second origin serving report downloads.
        latency: seconds added to every answer.
        jitter: up to this many seconds more, at random (seeded), per answer.
        seed: the seed of the jitter.
        ses_calls_per_second: SES calls per sliding second per access key (None: no limit).
        ses_queries_per_second: SES queries per sliding second per access key (None: no limit).
        ses_internal_failure_rate: share of query ids answered ``INTERNAL_FAILURE`` the first
            time they are asked.
        ses_access_denied_rate: share of query ids always answered ``ACCESS_DENIED``.
        export_job_seconds: how long an SES v2 export job takes to complete (a third of it
            ``CREATED``, then ``PROCESSING``).
        failing_export_values: SES v2 export jobs whose data source names one of these values
            (a metrics dimension value, a message insights ``Include`` value) end ``FAILED``.
        ses_export_jobs_per_second: ``CreateExportJob`` calls per sliding second per account
            (its published rate is one; None: no limit).
        ses_max_running_export_jobs: export jobs running at once past which ``CreateExportJob``
            answers ``LimitExceededException`` (None: no limit).
        ses_vdm_enabled: whether ``GetAccount`` says VDM is on.
        ses_identities: the account's email identities (an address when it holds ``@``, else
            a domain); None for five of them, some not verified.
        ses_configuration_sets: the account's configuration set names; None for three.
        ses_tenants: the account's tenant names; None for three.
        mailmanager_calls_per_second: Mail Manager limit (HTTP 400 ``ThrottlingException``).
        export_seconds: how long an archive export takes to complete.
        failing_archive_ids: archives whose exports (and searches) end FAILED; they exist
            from the start, as do ``a-demo``, ``a-demo_archive``, ``a-compliance`` and
            ``a-retired`` (pending deletion).
        search_seconds: how long an archive search takes to complete.
        max_running_searches: searches that may be queued or running at once; one more is
            refused with ``ServiceQuotaExceededException`` (None: no limit).
        blendvision_calls_per_second: BlendVision limit (429 with ``Retry-After``).
        report_seconds: how long a BlendVision report stays RUNNING.
        failing_event_ids: events whose reports end FAILED with ``error_info``.
        download_link_ttl: seconds a report's, or an export file's, download link stays valid.
        oracle_calls_per_second: Oracle IoT limit (429 with ``Retry-After``).
        credential_lifetime: seconds every issued temporary credential lives; ``None``: the
            ``DurationSeconds`` asked of STS, else an hour.
        imds_tokens_required: refuse IMDSv1 reads (an instance with ``HttpTokens=required``).
    """

    aws_credentials = AwsCredentials("AKIDEMULATOR00000000", "emulator/secret/key/not-real")
    """The only AWS credentials the emulator accepts (any region)."""
    blendvision_api_token = "emulator-blendvision-token"
    blendvision_org_id = "emulator-org"
    oracle_username = "iot-emulator"
    oracle_password = "emulator-password"
    oracle_token = "emulator-oracle-token"
    account_id = "111122223333"
    """The account of the instance and container roles."""
    role_name = "emulator-role"
    """The role instance metadata and the container endpoint hand out credentials of."""
    web_identity_token = "emulator-web-identity-token"
    """The only token ``AssumeRoleWithWebIdentity`` accepts."""
    container_authorization_token = "emulator-container-token"
    """The token ``GET /v1/credentials`` (Pod Identity) requires in ``Authorization``."""
    sso_access_token = "emulator-sso-access-token"
    """The SSO access token the portal accepts (as ``aws sso login`` would cache it)."""
    sso_refresh_token = "emulator-sso-refresh-token"
    """The refresh token the OIDC ``CreateToken`` grant accepts."""

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        download_host: str = "127.0.0.2",
        latency: float = 0.0,
        jitter: float = 0.0,
        seed: int = 0,
        ses_calls_per_second: int | None = 16,
        ses_queries_per_second: int | None = 160,
        ses_internal_failure_rate: float = 0.0,
        ses_access_denied_rate: float = 0.0,
        export_job_seconds: float = 0.3,
        failing_export_values: Iterable[str] = (),
        ses_export_jobs_per_second: int | None = 1,
        ses_max_running_export_jobs: int | None = None,
        ses_vdm_enabled: bool = True,
        ses_identities: Iterable[str] | None = None,
        ses_configuration_sets: Iterable[str] | None = None,
        ses_tenants: Iterable[str] | None = None,
        mailmanager_calls_per_second: int | None = None,
        export_seconds: float = 0.3,
        failing_archive_ids: Iterable[str] = (),
        search_seconds: float = 0.3,
        max_running_searches: int | None = None,
        blendvision_calls_per_second: int | None = None,
        report_seconds: float = 0.3,
        failing_event_ids: Iterable[str] = (),
        download_link_ttl: float = 300.0,
        oracle_calls_per_second: int | None = None,
        credential_lifetime: float | None = None,
        imds_tokens_required: bool = False,
    ) -> None:
        self._host, self._port, self._download_host = host, port, download_host
        fixed = {self.aws_credentials.access_key_id: self.aws_credentials.secret_access_key}
        secrets = KeyRing(fixed, lifetime=credential_lifetime)
        self._keys = secrets
        self._downloads = DownloadOrigin(link_ttl=download_link_ttl, wall_clock=time.time)
        self._export_files = ExportFileOrigin(link_ttl=download_link_ttl, wall_clock=time.time)
        ses_account = SESv2Account(
            account_id=self.account_id,
            identities=ses_identities,
            configuration_sets=ses_configuration_sets,
            tenants=ses_tenants,
            vdm_enabled=ses_vdm_enabled,
        )
        export_jobs = ExportJobs(
            job_seconds=export_job_seconds,
            failing_values=failing_export_values,
            files=self._export_files,
            account=ses_account,
            wall_clock=time.time,
            max_running=ses_max_running_export_jobs,
        )
        self._app = EmulatorApp(
            [
                SESv2Service(
                    secrets,
                    calls_per_second=ses_calls_per_second,
                    queries_per_second=ses_queries_per_second,
                    internal_failure_rate=ses_internal_failure_rate,
                    access_denied_rate=ses_access_denied_rate,
                ),
                *sesv2_operations_services(
                    secrets,
                    account=ses_account,
                    jobs=export_jobs,
                    export_jobs_per_second=ses_export_jobs_per_second,
                ),
                MailManagerService(
                    secrets,
                    calls_per_second=mailmanager_calls_per_second,
                    export_seconds=export_seconds,
                    failing_archives=frozenset(failing_archive_ids),
                    wall_clock=time.time,
                    account_id=self.account_id,
                    search_seconds=search_seconds,
                    max_running_searches=max_running_searches,
                ),
                BlendVisionService(
                    api_token=self.blendvision_api_token,
                    org_id=self.blendvision_org_id,
                    calls_per_second=blendvision_calls_per_second,
                    report_seconds=report_seconds,
                    failing_event_ids=frozenset(failing_event_ids),
                    downloads=self._downloads,
                ),
                OracleIoTService(
                    username=self.oracle_username,
                    password=self.oracle_password,
                    token=self.oracle_token,
                    calls_per_second=oracle_calls_per_second,
                    wall_clock=time.time,
                ),
                *self._identity_services(secrets, imds_tokens_required),
            ],
            latency=latency,
            jitter=jitter,
            seed=seed,
        )
        self.download_requests: list[RecordedRequest] = []
        self._download_lock = threading.Lock()
        self._servers: list[LoopbackServer] = []

    def _identity_services(
        self, keys: KeyRing, imds_tokens_required: bool
    ) -> list[STSService | InstanceMetadataService | ContainerCredentialsService | SSOService]:
        return [
            STSService(keys, web_identity_token=self.web_identity_token),
            InstanceMetadataService(
                keys,
                account_id=self.account_id,
                role_name=self.role_name,
                v1=not imds_tokens_required,
            ),
            ContainerCredentialsService(
                keys,
                account_id=self.account_id,
                role_name=self.role_name,
                token=self.container_authorization_token,
            ),
            SSOService(
                keys, access_token=self.sso_access_token, refresh_token=self.sso_refresh_token
            ),
        ]

    # -- serving -----------------------------------------------------------------------------

    def start(self) -> None:
        """Start listening (``with Emulator() as emu`` does this for you)."""
        if self._servers:
            return
        api = LoopbackServer(self._host, self._port, self._dispatch)
        try:
            files = LoopbackServer(self._download_host, 0, self._dispatch_download)
        except OSError:  # no 127.0.0.2 on this system: another port is another origin too
            files = LoopbackServer(self._host, 0, self._dispatch_download)
        self._servers = [api, files]
        self._downloads.base_url = files.url
        self._export_files.base_url = files.url
        for server in self._servers:
            server.start()

    def close(self) -> None:
        """Stop serving and release the ports (idempotent)."""
        for server in self._servers:
            server.close()
        self._servers = []

    def __enter__(self) -> Emulator:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def url(self) -> str:
        """The base URL of all four APIs, e.g. ``http://127.0.0.1:50123``."""
        if not self._servers:
            raise RuntimeError("the emulator is not serving: use `with Emulator() as emu:`")
        return self._servers[0].url

    @property
    def download_url(self) -> str:
        """The base URL of the second origin that serves report and export file downloads."""
        return self._downloads.base_url

    def environment(self, region: str = "us-east-1") -> dict[str, str]:
        """The environment variables that point every client at this emulator, with the test
        credentials it accepts: what `metricsdk emulator` prints.

        A client made with no arguments then talks to the emulator, as do boto3 and the AWS
        CLI (``AWS_ENDPOINT_URL``). The values are test credentials, not secrets.

        Args:
            region: the AWS region to name (the emulator accepts any).
        """
        aws = self.aws_credentials
        return {
            "AWS_ACCESS_KEY_ID": aws.access_key_id,
            "AWS_SECRET_ACCESS_KEY": aws.secret_access_key,
            "AWS_REGION": region,
            "AWS_ENDPOINT_URL": self.url,
            "BLENDVISION_API_TOKEN": self.blendvision_api_token,
            "BLENDVISION_ORG_ID": self.blendvision_org_id,
            "BLENDVISION_BASE_URL": self.url,
            "ORACLE_IOT_BASE_URL": self.url,
            "ORACLE_IOT_USERNAME": self.oracle_username,
            "ORACLE_IOT_PASSWORD": self.oracle_password,
        }

    @property
    def container_credentials_url(self) -> str:
        """The container credentials endpoint, for ``AWS_CONTAINER_CREDENTIALS_FULL_URI``
        (with `container_authorization_token` in ``AWS_CONTAINER_AUTHORIZATION_TOKEN``)."""
        return self.url + "/v1/credentials"

    def identity_environment(self) -> dict[str, str]:
        """Environment variables pointing the credential chain's network sources at this
        emulator: instance metadata, STS and the SSO portal (and its OIDC service)."""
        return {
            "AWS_EC2_METADATA_SERVICE_ENDPOINT": self.url,
            "AWS_ENDPOINT_URL_STS": self.url,
            "AWS_ENDPOINT_URL_SSO": self.url,
            "AWS_ENDPOINT_URL_SSO_OIDC": self.url,
        }

    @property
    def issued_credentials(self) -> list[AwsCredentials]:
        """Every temporary credential the emulator issued, oldest first (with expiry and
        account)."""
        return [
            AwsCredentials(
                issued.access_key_id,
                issued.secret_access_key,
                issued.session_token,
                expiry=datetime.fromtimestamp(issued.expires, tz=timezone.utc),
                account_id=issued.account_id,
            )
            for issued in self._keys.issued()
        ]

    def transport(self) -> httpx.BaseTransport:
        """An in-process transport for ``httpx.Client(transport=...)``: no sockets."""
        return EmulatorTransport(self._dispatch_by_host)

    def async_transport(self) -> httpx.AsyncBaseTransport:
        """An in-process transport for ``httpx.AsyncClient(transport=...)``: no sockets."""
        return AsyncEmulatorTransport(self._dispatch_by_host)

    # -- observing and misbehaving -------------------------------------------------------------

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every API request received so far, in arrival order (a copy)."""
        return self._app.recorded()

    def inject(
        self,
        fault: Fault,
        *,
        service: str | None = None,
        operation: str | None = None,
        times: int = 1,
        retry_after: float | None = None,
        delay: float | None = None,
        size: int | None = None,
    ) -> None:
        """Apply ``fault`` to the next ``times`` requests matching ``service``/``operation``
        (None matches any).

        Args:
            fault: what goes wrong.
            service: ``"sesv2"``, ``"mailmanager"``, ``"blendvision"``, ``"oracle_iot"``,
                ``"sts"``, ``"imds"``, ``"container"``, ``"sso"``, or ``"download"`` for the
                download origin (which knows only the two connection resets).
            operation: e.g. ``"BatchGetMetricData"``, ``"StartArchiveExport"``; for the
                download origin, ``"GetReportFile"`` or ``"GetExportFile"``.
            times: how many matching requests it applies to.
            retry_after: seconds sent as ``Retry-After`` (throttling and 5xx faults).
            delay: seconds before answering (`Fault.SLOW`).
            size: body size in bytes (`Fault.OVERSIZED`).
        """
        self._app.faults.add(Injection(fault, service, operation, times, retry_after, delay, size))

    def clear_faults(self) -> None:
        """Drop every injected fault not yet applied."""
        self._app.faults.clear()

    # -- dispatch ------------------------------------------------------------------------------

    def _dispatch(self, request: Incoming) -> Reply:
        return self._app.handle(request)

    def _dispatch_download(self, request: Incoming) -> Reply:
        if request.raw_path.startswith(ExportFileOrigin.PREFIX):
            answer, operation = self._export_files.handle(request), "GetExportFile"
        else:
            answer, operation = self._downloads.handle(request), "GetReportFile"
        injection = self._app.faults.take("download", operation)
        fault = injection.fault if injection else None
        cut = Cut.MID_BODY if fault is Fault.RESET_MID_BODY else None
        if fault is Fault.RESET_BEFORE_ANSWER:
            cut = Cut.BEFORE_ANSWER
        entry = RecordedRequest(
            service="download",
            operation=operation,
            arrival=time.monotonic(),
            status=answer.status,
            identity="",
            weight=1,
            headers=dict(request.headers),
            fault=fault,
        )
        with self._download_lock:
            self.download_requests.append(entry)
        return Reply(answer) if cut is None else Reply(answer, cut=cut)

    def _dispatch_by_host(self, request: Incoming) -> Reply:
        download_host = self._downloads.base_url.split("://", 1)[1]
        if request.host in (download_host, _IN_PROCESS_DOWNLOAD_HOST):
            return self._dispatch_download(request)
        return self._dispatch(request)
