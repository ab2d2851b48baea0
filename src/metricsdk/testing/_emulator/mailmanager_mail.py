"""The emails every emulated Mail Manager archive holds, and how a search's filters pick them.

Deterministic: an archive holds one email in every three-hour slot from `MAIL_SINCE` on, whose
time within the slot and whose headers follow from a hash of the archive id and the slot. So the
same search of the same archive finds the same emails, whichever emulator runs it, and an email
is only ever archived before the search that finds it was submitted.

Filters are applied as the model describes them: an email must meet every ``Include`` condition
and none of the ``Unless`` ones; a string expression matches when the attribute contains any of
its values (the emulator compares without regard to case; the service's documentation does not
say), ``ENVELOPE_TO`` when any envelope recipient does; ``HAS_ATTACHMENTS`` is ``IS_TRUE`` or
``IS_FALSE``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import datetime, timezone
from email.utils import format_datetime
from typing import Any

import attrs

__all__ = ["MAIL_SINCE", "SLOT_SECONDS", "Email", "emails", "matches"]

SLOT_SECONDS = 3 * 3600
"""One email per three hours."""
MAIL_SINCE = 1_735_689_600
"""2025-01-01T00:00:00Z: every emulated archive holds mail from then on."""

_SUBJECTS = (
    "Invoice {n} for your account",
    "Your receipt #{n}",
    "Weekly newsletter, issue {n}",
    "Re: Meeting notes {n}",
    "Password reset request {n}",
    "Order {n} has shipped",
    "Daily digest {n}",
    "Re: Quarterly report {n}",
)
_SENDERS = (
    ("Billing", "billing@example.com"),
    ("Example News", "news@example.org"),
    ("Alice Martin", "alice@example.net"),
    ("Shop", "orders@shop.example"),
    ("Security", "no-reply@accounts.example"),
    ("Bob Chen", "bob@partner.example"),
)
_RECIPIENTS = ("ops@example.com", "finance@example.com", "support@example.com")
_MAILERS = ("Exemplar Mail 4.2", "Postwriter 1.9", "mailx 12.5")
INGRESS_POINT_ID = "inp-emulator000001"


@attrs.frozen
class Email:
    """One archived email, as the emulator holds it."""

    archived_message_id: str
    received: int  # epoch seconds
    subject: str
    sender_name: str
    sender: str
    to: str
    cc: str | None
    has_attachments: bool
    message_id: str
    in_reply_to: str | None
    mailer: str
    priority: str | None
    sender_ip: str

    @property
    def domain(self) -> str:
        return self.sender.rsplit("@", 1)[1]

    @property
    def from_header(self) -> str:
        return f"{self.sender_name} <{self.sender}>"

    @property
    def envelope_from(self) -> str:
        return f"bounce@{self.domain}"

    def row(self, region: str, account_id: str) -> dict[str, Any]:
        """The email as a ``Row`` of ``GetArchiveSearchResults``."""
        date = format_datetime(datetime.fromtimestamp(self.received, timezone.utc))
        helo = f"mx.{self.domain}"
        row: dict[str, Any] = {
            "ArchivedMessageId": self.archived_message_id,
            "ReceivedTimestamp": self.received,
            "Date": date,
            "To": self.to,
            "From": self.from_header,
            "Subject": self.subject,
            "MessageId": self.message_id,
            "HasAttachments": self.has_attachments,
            "ReceivedHeaders": [
                f"from {helo} ({helo} [{self.sender_ip}]) by inbound-smtp.{region}.amazonaws.com "
                f"with ESMTPS id {self.archived_message_id[:16]}; {date}"
            ],
            "XMailer": self.mailer,
            "IngressPointId": INGRESS_POINT_ID,
            "SenderHostname": helo,
            "SenderIpAddress": self.sender_ip,
            "Envelope": {"Helo": helo, "From": self.envelope_from, "To": [self.to]},
            "SourceArn": (
                f"arn:aws:ses:{region}:{account_id}:mailmanager-ingress-point/{INGRESS_POINT_ID}"
            ),
        }
        optional = {"Cc": self.cc, "InReplyTo": self.in_reply_to, "XPriority": self.priority}
        row.update({key: value for key, value in optional.items() if value is not None})
        return row


def _email(archive_id: str, slot: int) -> Email:
    digest = hashlib.sha256(f"{archive_id}/{slot}".encode()).digest()
    number = int.from_bytes(digest[8:11], "big") % 100_000
    subject = _SUBJECTS[digest[2] % len(_SUBJECTS)].format(n=number)
    name, sender = _SENDERS[digest[3] % len(_SENDERS)]
    domain = sender.rsplit("@", 1)[1]
    return Email(
        archived_message_id=digest[12:28].hex(),
        received=slot * SLOT_SECONDS + int.from_bytes(digest[:2], "big") % SLOT_SECONDS,
        subject=subject,
        sender_name=name,
        sender=sender,
        to=_RECIPIENTS[digest[4] % len(_RECIPIENTS)],
        cc="audit@example.com" if digest[5] % 4 == 0 else None,
        has_attachments=digest[6] % 2 == 0,
        message_id=f"<{digest[16:24].hex()}@{domain}>",
        in_reply_to=f"<{digest[24:32].hex()}@{domain}>" if subject.startswith("Re:") else None,
        mailer=_MAILERS[digest[7] % len(_MAILERS)],
        priority="1" if digest[11] % 8 == 0 else None,
        sender_ip=f"192.0.2.{digest[28] % 254 + 1}",  # TEST-NET-1, never a real host
    )


def emails(archive_id: str, start: float, end: float, as_of: float) -> Iterator[Email]:
    """The emails of an archive received in ``[start, end)`` and before ``as_of``, newest first
    (the order the service uses is not documented)."""
    low, high = max(start, MAIL_SINCE), min(end, as_of)
    if low >= high:
        return
    for slot in range(int(high // SLOT_SECONDS), int(low // SLOT_SECONDS) - 1, -1):
        email = _email(archive_id, slot)
        if low <= email.received < high:
            yield email


def _string_attribute(email: Email, attribute: str) -> list[str]:
    values = {
        "TO": [email.to],
        "FROM": [email.from_header],
        "CC": [email.cc or ""],
        "SUBJECT": [email.subject],
        "ENVELOPE_TO": [email.to],
        "ENVELOPE_FROM": [email.envelope_from],
    }
    return values[attribute]


def _meets(email: Email, condition: dict[str, Any]) -> bool:
    string = condition.get("StringExpression")
    if string is not None:
        wanted = [value.casefold() for value in string["Values"]]
        attribute = string["Evaluate"]["Attribute"]
        texts = [text.casefold() for text in _string_attribute(email, attribute)]
        return any(value in text for value in wanted for text in texts)
    boolean = condition["BooleanExpression"]
    return email.has_attachments is (boolean["Operator"] == "IS_TRUE")


def matches(email: Email, filters: dict[str, Any] | None) -> bool:
    """Whether ``email`` passes ``filters`` (already checked against the model)."""
    filters = filters or {}
    include = filters.get("Include") or []
    unless = filters.get("Unless") or []
    return all(_meets(email, c) for c in include) and not any(_meets(email, c) for c in unless)
