"""`OracleIoTClient` and `AsyncOracleIoTClient`: the monitoring-metric family, one line each."""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import datetime

import httpx

from metricsdk._core.auth import BasicAuth, BearerAuth
from metricsdk._core.client_base import AsyncClientBase, SyncClientBase
from metricsdk._core.endpoints import check_base_url
from metricsdk._core.pacing_protocol import RateLimiter
from metricsdk._core.retry import RetryPolicy
from metricsdk._core.transport import (
    DEFAULT_TIMEOUT,
    AsyncTransport,
    ServiceConfig,
    SyncTransport,
    normalize_timeout,
)
from metricsdk.errors import InvalidInputError, MissingCredentialsError
from metricsdk.oracle_iot import operations
from metricsdk.oracle_iot.models import MetricQuery, MetricSeries, Period, SortOrder

__all__ = ["AsyncOracleIoTClient", "OracleIoTClient"]


def _setting(given: str | None, variable: str) -> str | None:
    return given if given is not None else (os.environ.get(variable) or None)


def _config(
    *,
    base_url: str | None,
    username: str | None,
    password: str | None,
    token: str | None,
    retry: RetryPolicy | None,
    timeout: float | httpx.Timeout,
    rate_limiter: RateLimiter | None,
    allow_insecure_http: bool,
) -> ServiceConfig:
    url = _setting(base_url, "ORACLE_IOT_BASE_URL")
    if url is None:
        raise MissingCredentialsError("base_url", ["base_url=", "ORACLE_IOT_BASE_URL"])
    explicit = username is not None or password is not None or token is not None
    if not explicit:  # the environment is read only when no credential was passed
        username, password = (
            _setting(None, "ORACLE_IOT_USERNAME"),
            _setting(None, "ORACLE_IOT_PASSWORD"),
        )
        token = _setting(None, "ORACLE_IOT_TOKEN")
    if retry is not None and not isinstance(retry, RetryPolicy):
        raise InvalidInputError("retry", "must be a RetryPolicy")
    return ServiceConfig(
        service=operations.SERVICE,
        base_url=check_base_url("base_url", url, allow_insecure_http=allow_insecure_http),
        auth=_auth(username, password, token),
        map_error=operations.map_error,
        retry=retry or RetryPolicy(),
        timeout=normalize_timeout(timeout),
        rate_limiter=rate_limiter,
    )


def _auth(username: str | None, password: str | None, token: str | None) -> BasicAuth | BearerAuth:
    basic = username is not None or password is not None
    if basic and token is not None:
        raise InvalidInputError("token", "give either username and password, or a token, not both")
    if token is not None:
        if not isinstance(token, str) or not token:
            raise InvalidInputError("token", "must be a non-empty string")
        return BearerAuth(token)
    if not basic:
        raise MissingCredentialsError(
            "username",
            [
                "username=/password=",
                "token=",
                "ORACLE_IOT_USERNAME/ORACLE_IOT_PASSWORD",
                "ORACLE_IOT_TOKEN",
            ],
        )
    if not isinstance(username, str) or not username:
        raise InvalidInputError("username", "must be a non-empty string (Basic auth needs both)")
    if not isinstance(password, str) or not password:
        raise InvalidInputError("password", "must be a non-empty string (Basic auth needs both)")
    return BasicAuth(username, password)


def _query(
    period: Period | str | None,
    limit: int | None,
    order: SortOrder | str | None,
    since: datetime | int | None,
    until: datetime | int | None,
    extra_query: Mapping[str, str] | None,
) -> MetricQuery:
    return MetricQuery(
        period=period,
        limit=limit,
        order=order,
        since=since,
        until=until,
        extra_query=extra_query if extra_query is not None else {},
    )


def _dispatched_path(app_id: str | None, integration_id: str | None) -> str:
    metric = "dispatchedMessageCount"
    if integration_id is not None:
        if app_id is None:
            raise InvalidInputError("app_id", "is required with integration_id")
        return operations.integration_metric_path(app_id, integration_id, metric)
    if app_id is not None:
        return operations.app_metric_path(app_id, metric)
    return operations.instance_metric_path(metric)


class OracleIoTClient(SyncClientBase):
    """Synchronous client for Oracle IoT Cloud Service monitoring metrics (REST API v2).

    Args:
        base_url: the instance, e.g. ``https://myiot-mydomain.iot.us.oraclecloud.com``; else
            ``ORACLE_IOT_BASE_URL``.
        username: the user for HTTP Basic auth (with ``password``); else ``ORACLE_IOT_USERNAME``.
        password: its password; else ``ORACLE_IOT_PASSWORD``.
        token: an OAuth bearer token instead of Basic auth; else ``ORACLE_IOT_TOKEN``. Give
            either a user and password or a token; the environment is read only when no
            credential is passed.
        http_client: an ``httpx`` client you own; the SDK uses it as is and never closes it.
        retry: the retry policy; ``RetryPolicy(max_attempts=1)`` turns retries off.
        timeout: seconds, or an ``httpx.Timeout``; default 5 s to connect, 30 s to read.
        rate_limiter: a pacer every attempt passes through (none by default: Oracle publishes
            no rate for these metrics, and 429 answers are retried after ``Retry-After``).
        allow_insecure_http: permit a plain ``http://`` base URL on a non-loopback host.
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
        config = _config(
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

    def __repr__(self) -> str:
        return f"OracleIoTClient(base_url={self._transport.config.base_url!r})"

    def _get(self, operation: str, path: str, query: MetricQuery) -> MetricSeries:
        spec = operations.build_metric_request(operation, path, query)
        return self._transport.request(spec, lambda body: operations.parse_series(operation, body))

    def get_outbound_message_data_volume(
        self,
        *,
        app_id: str,
        period: Period | str | None = None,
        limit: int | None = None,
        order: SortOrder | str | None = None,
        since: datetime | int | None = None,
        until: datetime | int | None = None,
        extra_query: Mapping[str, str] | None = None,
    ) -> MetricSeries:
        """Bytes of all messages sent to the application's devices (the seed metric).

        The query arguments are those of `MetricQuery`; unset ones are not sent.
        """
        query = _query(period, limit, order, since, until, extra_query)
        return self._get(
            "dataVolume/messages/outbound",
            operations.app_metric_path(app_id, "dataVolume/messages/outbound"),
            query,
        )

    def get_inbound_message_volume(
        self,
        *,
        app_id: str,
        period: Period | str | None = None,
        limit: int | None = None,
        order: SortOrder | str | None = None,
        since: datetime | int | None = None,
        until: datetime | int | None = None,
        extra_query: Mapping[str, str] | None = None,
    ) -> MetricSeries:
        """Messages received from the application's devices.

        The query arguments are those of `MetricQuery`; unset ones are not sent.
        """
        query = _query(period, limit, order, since, until, extra_query)
        return self._get(
            "messageVolume/inbound",
            operations.app_metric_path(app_id, "messageVolume/inbound"),
            query,
        )

    def get_dispatched_message_count(
        self,
        *,
        app_id: str | None = None,
        integration_id: str | None = None,
        period: Period | str | None = None,
        limit: int | None = None,
        order: SortOrder | str | None = None,
        since: datetime | int | None = None,
        until: datetime | int | None = None,
        extra_query: Mapping[str, str] | None = None,
    ) -> MetricSeries:
        """Messages dispatched: for an integration (``app_id`` and ``integration_id``), an
        application (``app_id``), or the whole instance (neither).

        The query arguments are those of `MetricQuery`; unset ones are not sent.
        """
        query = _query(period, limit, order, since, until, extra_query)
        return self._get("dispatchedMessageCount", _dispatched_path(app_id, integration_id), query)

    def get_registered_device_count(
        self,
        *,
        period: Period | str | None = None,
        limit: int | None = None,
        order: SortOrder | str | None = None,
        since: datetime | int | None = None,
        until: datetime | int | None = None,
        extra_query: Mapping[str, str] | None = None,
    ) -> MetricSeries:
        """Devices registered with the instance.

        The query arguments are those of `MetricQuery`; unset ones are not sent.
        """
        query = _query(period, limit, order, since, until, extra_query)
        return self._get(
            "registeredDeviceCount", operations.instance_metric_path("registeredDeviceCount"), query
        )

    def get_online_device_count(
        self,
        *,
        period: Period | str | None = None,
        limit: int | None = None,
        order: SortOrder | str | None = None,
        since: datetime | int | None = None,
        until: datetime | int | None = None,
        extra_query: Mapping[str, str] | None = None,
    ) -> MetricSeries:
        """Devices online on the instance.

        The query arguments are those of `MetricQuery`; unset ones are not sent.
        """
        query = _query(period, limit, order, since, until, extra_query)
        return self._get(
            "onlineDeviceCount", operations.instance_metric_path("onlineDeviceCount"), query
        )

    def get_processed_message_count(
        self,
        *,
        period: Period | str | None = None,
        limit: int | None = None,
        order: SortOrder | str | None = None,
        since: datetime | int | None = None,
        until: datetime | int | None = None,
        extra_query: Mapping[str, str] | None = None,
    ) -> MetricSeries:
        """Messages processed by the instance.

        The query arguments are those of `MetricQuery`; unset ones are not sent.
        """
        query = _query(period, limit, order, since, until, extra_query)
        return self._get(
            "processedMessageCount", operations.instance_metric_path("processedMessageCount"), query
        )

    def get_app_metric(
        self,
        *,
        app_id: str,
        metric: str,
        period: Period | str | None = None,
        limit: int | None = None,
        order: SortOrder | str | None = None,
        since: datetime | int | None = None,
        until: datetime | int | None = None,
        extra_query: Mapping[str, str] | None = None,
    ) -> MetricSeries:
        """Any metric of an application, by its path under ``monitoring/metrics``
        (e.g. ``"messageVolume/outbound"``).

        The query arguments are those of `MetricQuery`; unset ones are not sent.
        """
        query = _query(period, limit, order, since, until, extra_query)
        return self._get(metric, operations.app_metric_path(app_id, metric), query)

    def get_instance_metric(
        self,
        *,
        metric: str,
        period: Period | str | None = None,
        limit: int | None = None,
        order: SortOrder | str | None = None,
        since: datetime | int | None = None,
        until: datetime | int | None = None,
        extra_query: Mapping[str, str] | None = None,
    ) -> MetricSeries:
        """Any instance-wide metric, by its path under ``monitoring/metrics``
        (e.g. ``"dispatchFailedMessageCount/dropCount"``).

        The query arguments are those of `MetricQuery`; unset ones are not sent.
        """
        query = _query(period, limit, order, since, until, extra_query)
        return self._get(metric, operations.instance_metric_path(metric), query)


class AsyncOracleIoTClient(AsyncClientBase):
    """Asynchronous client for Oracle IoT Cloud Service monitoring metrics: the arguments of
    `OracleIoTClient` (``http_client`` is an ``httpx.AsyncClient``); every method is a coroutine.
    """

    def __init__(
        self,
        *,
        base_url: str | None = None,
        username: str | None = None,
        password: str | None = None,
        token: str | None = None,
        http_client: httpx.AsyncClient | None = None,
        retry: RetryPolicy | None = None,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        rate_limiter: RateLimiter | None = None,
        allow_insecure_http: bool = False,
    ) -> None:
        config = _config(
            base_url=base_url,
            username=username,
            password=password,
            token=token,
            retry=retry,
            timeout=timeout,
            rate_limiter=rate_limiter,
            allow_insecure_http=allow_insecure_http,
        )
        self._transport = AsyncTransport(config, http_client)

    def __repr__(self) -> str:
        return f"AsyncOracleIoTClient(base_url={self._transport.config.base_url!r})"

    async def _get(self, operation: str, path: str, query: MetricQuery) -> MetricSeries:
        spec = operations.build_metric_request(operation, path, query)
        return await self._transport.request(
            spec, lambda body: operations.parse_series(operation, body)
        )

    async def get_outbound_message_data_volume(
        self,
        *,
        app_id: str,
        period: Period | str | None = None,
        limit: int | None = None,
        order: SortOrder | str | None = None,
        since: datetime | int | None = None,
        until: datetime | int | None = None,
        extra_query: Mapping[str, str] | None = None,
    ) -> MetricSeries:
        """Bytes of all messages sent to the application's devices (the seed metric).

        The query arguments are those of `MetricQuery`; unset ones are not sent.
        """
        query = _query(period, limit, order, since, until, extra_query)
        return await self._get(
            "dataVolume/messages/outbound",
            operations.app_metric_path(app_id, "dataVolume/messages/outbound"),
            query,
        )

    async def get_inbound_message_volume(
        self,
        *,
        app_id: str,
        period: Period | str | None = None,
        limit: int | None = None,
        order: SortOrder | str | None = None,
        since: datetime | int | None = None,
        until: datetime | int | None = None,
        extra_query: Mapping[str, str] | None = None,
    ) -> MetricSeries:
        """Messages received from the application's devices.

        The query arguments are those of `MetricQuery`; unset ones are not sent.
        """
        query = _query(period, limit, order, since, until, extra_query)
        return await self._get(
            "messageVolume/inbound",
            operations.app_metric_path(app_id, "messageVolume/inbound"),
            query,
        )

    async def get_dispatched_message_count(
        self,
        *,
        app_id: str | None = None,
        integration_id: str | None = None,
        period: Period | str | None = None,
        limit: int | None = None,
        order: SortOrder | str | None = None,
        since: datetime | int | None = None,
        until: datetime | int | None = None,
        extra_query: Mapping[str, str] | None = None,
    ) -> MetricSeries:
        """Messages dispatched: for an integration (``app_id`` and ``integration_id``), an
        application (``app_id``), or the whole instance (neither).

        The query arguments are those of `MetricQuery`; unset ones are not sent.
        """
        query = _query(period, limit, order, since, until, extra_query)
        return await self._get(
            "dispatchedMessageCount", _dispatched_path(app_id, integration_id), query
        )

    async def get_registered_device_count(
        self,
        *,
        period: Period | str | None = None,
        limit: int | None = None,
        order: SortOrder | str | None = None,
        since: datetime | int | None = None,
        until: datetime | int | None = None,
        extra_query: Mapping[str, str] | None = None,
    ) -> MetricSeries:
        """Devices registered with the instance.

        The query arguments are those of `MetricQuery`; unset ones are not sent.
        """
        query = _query(period, limit, order, since, until, extra_query)
        return await self._get(
            "registeredDeviceCount", operations.instance_metric_path("registeredDeviceCount"), query
        )

    async def get_online_device_count(
        self,
        *,
        period: Period | str | None = None,
        limit: int | None = None,
        order: SortOrder | str | None = None,
        since: datetime | int | None = None,
        until: datetime | int | None = None,
        extra_query: Mapping[str, str] | None = None,
    ) -> MetricSeries:
        """Devices online on the instance.

        The query arguments are those of `MetricQuery`; unset ones are not sent.
        """
        query = _query(period, limit, order, since, until, extra_query)
        return await self._get(
            "onlineDeviceCount", operations.instance_metric_path("onlineDeviceCount"), query
        )

    async def get_processed_message_count(
        self,
        *,
        period: Period | str | None = None,
        limit: int | None = None,
        order: SortOrder | str | None = None,
        since: datetime | int | None = None,
        until: datetime | int | None = None,
        extra_query: Mapping[str, str] | None = None,
    ) -> MetricSeries:
        """Messages processed by the instance.

        The query arguments are those of `MetricQuery`; unset ones are not sent.
        """
        query = _query(period, limit, order, since, until, extra_query)
        return await self._get(
            "processedMessageCount", operations.instance_metric_path("processedMessageCount"), query
        )

    async def get_app_metric(
        self,
        *,
        app_id: str,
        metric: str,
        period: Period | str | None = None,
        limit: int | None = None,
        order: SortOrder | str | None = None,
        since: datetime | int | None = None,
        until: datetime | int | None = None,
        extra_query: Mapping[str, str] | None = None,
    ) -> MetricSeries:
        """Any metric of an application, by its path under ``monitoring/metrics``
        (e.g. ``"messageVolume/outbound"``).

        The query arguments are those of `MetricQuery`; unset ones are not sent.
        """
        query = _query(period, limit, order, since, until, extra_query)
        return await self._get(metric, operations.app_metric_path(app_id, metric), query)

    async def get_instance_metric(
        self,
        *,
        metric: str,
        period: Period | str | None = None,
        limit: int | None = None,
        order: SortOrder | str | None = None,
        since: datetime | int | None = None,
        until: datetime | int | None = None,
        extra_query: Mapping[str, str] | None = None,
    ) -> MetricSeries:
        """Any instance-wide metric, by its path under ``monitoring/metrics``
        (e.g. ``"dispatchFailedMessageCount/dropCount"``).

        The query arguments are those of `MetricQuery`; unset ones are not sent.
        """
        query = _query(period, limit, order, since, until, extra_query)
        return await self._get(metric, operations.instance_metric_path(metric), query)
