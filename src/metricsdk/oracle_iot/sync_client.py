# Generated from async_client.py by scripts/unasync.py: do not edit.
# Edit the async source, then run `python scripts/unasync.py` (CI checks they agree).
"""`OracleIoTClient`: the monitoring-metric family, one line each.

Every method is a ``GET`` of one metric series and takes the same optional query arguments
(those of `MetricQuery`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime

import httpx

from metricsdk._core.pacing_protocol import RateLimiter
from metricsdk._core.retry import RetryPolicy
from metricsdk._core.sync_client_base import SyncClientBase
from metricsdk._core.sync_transport import SyncTransport
from metricsdk._core.transport import DEFAULT_TIMEOUT
from metricsdk.oracle_iot import operations
from metricsdk.oracle_iot.config import client_config
from metricsdk.oracle_iot.models import (
    AppMetric,
    InstanceMetric,
    MetricQuery,
    MetricSeries,
    Period,
    SortOrder,
)

__all__ = ["OracleIoTClient"]


def _query(
    period: Period | str | None,
    limit: int | None,
    order: SortOrder | str | None,
    since: datetime | date | int | None,
    until: datetime | date | int | None,
    extra_query: Mapping[str, str] | None,
) -> MetricQuery:
    return MetricQuery(
        period=period, limit=limit, order=order, since=since, until=until, extra_query=extra_query
    )


def _parser(operation: str) -> Callable[[bytes], MetricSeries]:
    def parse(body: bytes) -> MetricSeries:
        return operations.parse_series(operation, body)

    return parse


class OracleIoTClient(SyncClientBase):
    """Synchronous client for Oracle IoT Cloud Service monitoring metrics (REST API v2).

    Authenticate with exactly one of: a user name and password (HTTP Basic), or a bearer
    token. When no credential argument is given at all, the environment is read instead
    (``ORACLE_IOT_USERNAME``/``ORACLE_IOT_PASSWORD`` or ``ORACLE_IOT_TOKEN``); finding both
    kinds, or neither, is an `InvalidInputError` naming what was looked for. No password or
    token ever appears in a ``repr``, an exception or a log line.

    Args:
        base_url: the instance, e.g. ``https://myiot-mydomain.iot.us.oraclecloud.com``; else
            ``ORACLE_IOT_BASE_URL``. Plain ``http://`` is accepted only for loopback hosts
            unless ``allow_insecure_http=True``.
        username: the instance user, for HTTP Basic auth (with ``password``); may not contain
            ``:``.
        password: that user's password.
        token: an OAuth bearer token, instead of a user and password.
        http_client: an ``httpx.Client`` you own; the SDK uses it as is and never closes it.
        retry: the retry policy; ``RetryPolicy(max_attempts=1)`` turns retries off. 429 and
            5xx answers and connection failures are retried (every call is a safe ``GET``),
            honouring ``Retry-After``.
        timeout: seconds, or an ``httpx.Timeout`` with every part set; default 5 s to connect
            and 30 s for the rest.
        rate_limiter: a pacer every attempt passes through; none by default, since Oracle
            publishes no rate for these metrics.
        allow_insecure_http: permit a plain ``http://`` base URL on a non-loopback host (the
            docs' ``http://iotserver:7001``); credentials then travel unencrypted.

    Example:
        ```python
        with OracleIoTClient(base_url=url, username=user, password=password) as iot:
            series = iot.get_outbound_message_data_volume(app_id="my-app")
        ```
    """

    def __init__(
        self,
        *,
        base_url: str | None = None,
        username: str | None = None,
        password: str | None = None,
        token: str | None = None,
        http_client: httpx.Client | None = None,
        retry: RetryPolicy | None = None,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        rate_limiter: RateLimiter | None = None,
        allow_insecure_http: bool = False,
    ) -> None:
        config = client_config(
            base_url=base_url,
            username=username,
            password=password,
            token=token,
            retry=retry,
            timeout=timeout,
            rate_limiter=rate_limiter,
            allow_insecure_http=allow_insecure_http,
        )
        self._transport = SyncTransport(config, http_client)

    @property
    def base_url(self) -> str:
        """The instance's base URL requests go to (without a trailing slash)."""
        return self._transport.config.base_url

    def _series(self, operation: str, path: str, query: MetricQuery) -> MetricSeries:
        """Every public method ends here: one ``GET`` of a metric series."""
        spec = operations.build_metric_request(operation, path, query)
        return self._transport.request(spec, _parser(spec.operation))

    def get_outbound_message_data_volume(
        self,
        *,
        app_id: str,
        period: Period | str | None = None,
        limit: int | None = None,
        order: SortOrder | str | None = None,
        since: datetime | date | int | None = None,
        until: datetime | date | int | None = None,
        extra_query: Mapping[str, str] | None = None,
    ) -> MetricSeries:
        """Bytes of all messages sent to the application's devices (outbound), as a series:
        ``GET /iot/api/v2/apps/{app_id}/monitoring/metrics/dataVolume/messages/outbound``.

        Every argument but ``app_id`` is optional and, left out, is not sent: the service
        then answers the last 24 hours, one point per clock hour, oldest first, including the
        running total of the current hour.

        Args:
            app_id: the application's id; percent-encoded as one path segment.
            period: the spacing of the points (`Period`, or ``"Hourly"``/``"Daily"``/
                ``"Monthly"`` in any case). A daily point is stamped early the next day.
            limit: how many points, counted in periods, ending at the end of the range.
            order: `SortOrder.ASC` (the service's default) or `SortOrder.DESC`.
            since: the start of the range: a datetime (sent as ISO-8601 with its offset;
                naive means UTC), a date (midnight UTC) or an int of epoch milliseconds.
            until: the end of the range, in the same forms.
            extra_query: raw query parameters for anything the SDK does not model.

        Returns:
            The series; each point's ``value`` is a number of bytes.

        Raises:
            InvalidInputError: before sending, for a bad argument.
            AuthenticationError: 401, wrong or missing credentials.
            PermissionDeniedError: 403, the user may not read this application's metrics.
            NotFoundError: 404, e.g. an unknown application.
            ThrottlingError: 429 still answered after the retries.
            SeriesFormatError: the answer is not a readable series (an `APIError`).
            TransportError: the network failed after the retries.
        """
        return self._series(
            "dataVolume/messages/outbound",
            operations.app_metric_path(app_id, AppMetric.OUTBOUND_MESSAGE_DATA_VOLUME),
            _query(period, limit, order, since, until, extra_query),
        )

    def get_inbound_message_volume(
        self,
        *,
        app_id: str,
        period: Period | str | None = None,
        limit: int | None = None,
        order: SortOrder | str | None = None,
        since: datetime | date | int | None = None,
        until: datetime | date | int | None = None,
        extra_query: Mapping[str, str] | None = None,
    ) -> MetricSeries:
        """Messages received from the application's devices (inbound), as a series:
        ``apps/{app_id}/monitoring/metrics/messageVolume/inbound``.

        The query arguments, defaults and errors are those of
        `get_outbound_message_data_volume`.
        """
        return self._series(
            "messageVolume/inbound",
            operations.app_metric_path(app_id, AppMetric.INBOUND_MESSAGE_VOLUME),
            _query(period, limit, order, since, until, extra_query),
        )

    def get_dispatched_message_count(
        self,
        *,
        app_id: str | None = None,
        integration_id: str | None = None,
        period: Period | str | None = None,
        limit: int | None = None,
        order: SortOrder | str | None = None,
        since: datetime | date | int | None = None,
        until: datetime | date | int | None = None,
        extra_query: Mapping[str, str] | None = None,
    ) -> MetricSeries:
        """Messages dispatched, as a series: for one integration (``app_id`` and
        ``integration_id``), for one application (``app_id``), or for the whole instance
        (neither).

        The query arguments, defaults and errors are those of
        `get_outbound_message_data_volume`; ``integration_id`` without ``app_id`` is refused
        before sending.
        """
        return self._series(
            "dispatchedMessageCount",
            operations.dispatched_metric_path(app_id, integration_id),
            _query(period, limit, order, since, until, extra_query),
        )

    def get_registered_device_count(
        self,
        *,
        period: Period | str | None = None,
        limit: int | None = None,
        order: SortOrder | str | None = None,
        since: datetime | date | int | None = None,
        until: datetime | date | int | None = None,
        extra_query: Mapping[str, str] | None = None,
    ) -> MetricSeries:
        """Devices registered with the instance, as a series:
        ``monitoring/metrics/registeredDeviceCount``.

        The query arguments, defaults and errors are those of
        `get_outbound_message_data_volume`.
        """
        return self._series(
            "registeredDeviceCount",
            operations.instance_metric_path(InstanceMetric.REGISTERED_DEVICE_COUNT),
            _query(period, limit, order, since, until, extra_query),
        )

    def get_online_device_count(
        self,
        *,
        period: Period | str | None = None,
        limit: int | None = None,
        order: SortOrder | str | None = None,
        since: datetime | date | int | None = None,
        until: datetime | date | int | None = None,
        extra_query: Mapping[str, str] | None = None,
    ) -> MetricSeries:
        """Devices online on the instance, as a series: ``monitoring/metrics/onlineDeviceCount``.

        The query arguments, defaults and errors are those of
        `get_outbound_message_data_volume`.
        """
        return self._series(
            "onlineDeviceCount",
            operations.instance_metric_path(InstanceMetric.ONLINE_DEVICE_COUNT),
            _query(period, limit, order, since, until, extra_query),
        )

    def get_processed_message_count(
        self,
        *,
        period: Period | str | None = None,
        limit: int | None = None,
        order: SortOrder | str | None = None,
        since: datetime | date | int | None = None,
        until: datetime | date | int | None = None,
        extra_query: Mapping[str, str] | None = None,
    ) -> MetricSeries:
        """Messages processed by the instance, as a series:
        ``monitoring/metrics/processedMessageCount``.

        The query arguments, defaults and errors are those of
        `get_outbound_message_data_volume`.
        """
        return self._series(
            "processedMessageCount",
            operations.instance_metric_path(InstanceMetric.PROCESSED_MESSAGE_COUNT),
            _query(period, limit, order, since, until, extra_query),
        )

    def get_app_metric(
        self,
        *,
        app_id: str,
        metric: AppMetric | str,
        period: Period | str | None = None,
        limit: int | None = None,
        order: SortOrder | str | None = None,
        since: datetime | date | int | None = None,
        until: datetime | date | int | None = None,
        extra_query: Mapping[str, str] | None = None,
    ) -> MetricSeries:
        """Any metric of one application, by its path under ``monitoring/metrics/``: an
        `AppMetric`, or a string such as ``"messageVolume/outbound"``.

        ``metric`` must be a relative path of letters and digits; anything else (``".."``,
        ``"/"`` first, ``"?"``) is refused before sending. The query arguments, defaults and
        errors are those of `get_outbound_message_data_volume`.
        """
        return self._series(
            operations.metric_path(metric),
            operations.app_metric_path(app_id, metric),
            _query(period, limit, order, since, until, extra_query),
        )

    def get_instance_metric(
        self,
        *,
        metric: InstanceMetric | str,
        period: Period | str | None = None,
        limit: int | None = None,
        order: SortOrder | str | None = None,
        since: datetime | date | int | None = None,
        until: datetime | date | int | None = None,
        extra_query: Mapping[str, str] | None = None,
    ) -> MetricSeries:
        """Any instance-wide metric, by its path under ``monitoring/metrics/``: an
        `InstanceMetric`, or a string such as ``"dispatchFailedMessageCount/dropCount"``.

        ``metric`` is checked as in `get_app_metric`. The query arguments, defaults and errors
        are those of `get_outbound_message_data_volume`.
        """
        return self._series(
            operations.metric_path(metric),
            operations.instance_metric_path(metric),
            _query(period, limit, order, since, until, extra_query),
        )
