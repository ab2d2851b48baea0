"""Turning what a credential source sends into `AwsCredentials`: expiry times (ISO 8601 text
or epoch numbers) and values checked under the names the source gives them."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime, timedelta, timezone

from metricsdk._core.credentials import AwsCredentials
from metricsdk.errors import InvalidInputError

__all__ = ["credentials_named", "parse_expiry"]

# Sources send "2026-01-02T03:04:05Z", with or without fractional seconds, or an offset;
# Python 3.10's fromisoformat reads neither "Z" nor every fraction length, hence this pattern.
_ISO = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?"
    r"\s*(Z|z|UTC|[+-]\d{2}:?\d{2})?"
)


def parse_expiry(value: object) -> datetime | None:
    """An aware UTC datetime from an ISO 8601 string (no zone means UTC) or epoch seconds;
    ``None`` when ``value`` is neither."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        try:
            return datetime.fromtimestamp(value, tz=timezone.utc)
        except (OverflowError, OSError, ValueError):
            return None
    if not isinstance(value, str):
        return None
    match = _ISO.fullmatch(value.strip())
    if match is None:
        return None
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    try:
        parsed = datetime(
            int(year),
            int(month),
            int(day),
            int(hour),
            int(minute),
            int(second),
            int((fraction or "0")[:6].ljust(6, "0")),
            tzinfo=timezone.utc,
        )
    except ValueError:
        return None
    if zone and zone not in ("Z", "z", "UTC"):
        sign = 1 if zone[0] == "+" else -1
        digits = zone[1:].replace(":", "")
        parsed -= sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    return parsed


def credentials_named(
    names: Mapping[str, str],
    access_key_id: str,
    secret_access_key: str,
    session_token: str | None = None,
    *,
    expiry: datetime | None = None,
    account_id: str | None = None,
) -> AwsCredentials:
    """`AwsCredentials`, with a refused value reported under the name its source uses
    (``names`` maps ``access_key_id`` etc. to e.g. ``AWS_ACCESS_KEY_ID``)."""
    try:
        return AwsCredentials(
            access_key_id,
            secret_access_key,
            session_token,
            expiry=expiry,
            account_id=account_id,
        )
    except InvalidInputError as refused:
        raise InvalidInputError(names.get(refused.field, refused.field), refused.rule) from None
