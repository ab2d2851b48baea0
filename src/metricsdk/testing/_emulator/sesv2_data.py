"""The emulated SES v2 account's metrics: one deterministic function of (metric, dimensions,
day) that both ``BatchGetMetricData`` and metrics export jobs answer, so the two agree for the
same query."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

__all__ = [
    "DAY",
    "DIMENSIONS",
    "MAX_POINTS",
    "METRICS",
    "daily_points",
    "fraction",
    "metric_rate",
    "metric_value",
]

METRICS = frozenset(
    {
        "SEND",
        "COMPLAINT",
        "PERMANENT_BOUNCE",
        "TRANSIENT_BOUNCE",
        "OPEN",
        "CLICK",
        "DELIVERY",
        "DELIVERY_OPEN",
        "DELIVERY_CLICK",
        "DELIVERY_COMPLAINT",
    }
)
DIMENSIONS = frozenset({"EMAIL_IDENTITY", "CONFIGURATION_SET", "ISP", "TENANT_NAME"})
DAY = 86_400
MAX_POINTS = 1_000
"""The most days one series holds."""


def fraction(*parts: str) -> float:
    """A deterministic number in [0, 1) drawn from ``parts``."""
    digest = hashlib.blake2b("|".join(parts).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2**64


def metric_value(metric: str, dimensions: Mapping[str, str], day_start: int) -> int:
    """The emulator's deterministic value for a metric on a day (seconds since the epoch)."""
    dims = ",".join(f"{k}={v}" for k, v in sorted(dimensions.items()))
    return int(fraction(metric, dims, str(day_start)) * 10_000)


def metric_rate(metric: str, dimensions: Mapping[str, str], day_start: int) -> float:
    """The metric's ``RATE`` on a day: its volume over the volume of ``SEND`` for the same
    dimensions and day (0 when nothing was sent), rounded to six decimals."""
    sent = metric_value("SEND", dimensions, day_start)
    return 0.0 if sent == 0 else round(metric_value(metric, dimensions, day_start) / sent, 6)


def daily_points(start: float, end: float) -> list[int]:
    """The days (epoch seconds, midnight UTC) of a series from ``start``'s day up to ``end``:
    one point per day, none when ``end`` is not after ``start`` (an interval the model does not
    forbid), at most `MAX_POINTS`."""
    every_day = range(int(start) // DAY * DAY, int(end), DAY) if start < end else range(0)
    return list(every_day[:MAX_POINTS])
