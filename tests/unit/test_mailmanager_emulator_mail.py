"""The emulated archives' emails, pure: deterministic, inside the asked range and before the
search, newest first, and picked by filters as the model describes them."""

from __future__ import annotations

from typing import Any

from metricsdk.testing._emulator.mailmanager_mail import (
    MAIL_SINCE,
    SLOT_SECONDS,
    emails,
    matches,
)

DAY = 86_400
START = MAIL_SINCE + 30 * DAY


def subject(*values: str, attribute: str = "SUBJECT") -> dict[str, Any]:
    return {
        "StringExpression": {
            "Evaluate": {"Attribute": attribute},
            "Operator": "CONTAINS",
            "Values": list(values),
        }
    }


def attachments(operator: str) -> dict[str, Any]:
    return {
        "BooleanExpression": {"Evaluate": {"Attribute": "HAS_ATTACHMENTS"}, "Operator": operator}
    }


def test_one_email_per_slot_newest_first_within_the_range() -> None:
    found = list(emails("a-demo", START, START + 2 * DAY, as_of=START + 10 * DAY))
    assert 2 * DAY // SLOT_SECONDS - 1 <= len(found) <= 2 * DAY // SLOT_SECONDS + 1
    times = [email.received for email in found]
    assert times == sorted(times, reverse=True)
    assert all(START <= t < START + 2 * DAY for t in times)
    assert len({email.archived_message_id for email in found}) == len(found)


def test_the_same_archive_holds_the_same_emails_and_another_archive_others() -> None:
    first = list(emails("a-demo", START, START + DAY, as_of=START + DAY))
    assert first == list(emails("a-demo", START, START + DAY, as_of=START + DAY))
    other = list(emails("a-other", START, START + DAY, as_of=START + DAY))
    assert {e.archived_message_id for e in first}.isdisjoint(e.archived_message_id for e in other)


def test_no_email_before_the_archives_began_after_the_search_or_in_a_reversed_range() -> None:
    assert list(emails("a-demo", 0, MAIL_SINCE, as_of=START)) == []
    assert list(emails("a-demo", START, START + DAY, as_of=START)) == []
    assert list(emails("a-demo", START + DAY, START, as_of=START + 9 * DAY)) == []


def test_filters_include_all_and_unless_any_without_regard_to_case() -> None:
    found = list(emails("a-demo", START, START + 60 * DAY, as_of=START + 60 * DAY))
    invoices = [e for e in found if matches(e, {"Include": [subject("INVOICE")]})]
    assert invoices and all("invoice" in e.subject.lower() for e in invoices)
    either = [e for e in found if matches(e, {"Include": [subject("invoice", "receipt")]})]
    assert len(either) > len(invoices)
    with_files = [
        e for e in found if matches(e, {"Include": [subject("invoice"), attachments("IS_TRUE")]})
    ]
    assert with_files and all(e.has_attachments for e in with_files)
    assert len(with_files) < len(invoices)
    not_news = [e for e in found if matches(e, {"Unless": [subject("news", attribute="FROM")]})]
    assert not_news and all("news" not in e.from_header for e in not_news)
    assert len(not_news) < len(found)
    assert all(matches(e, None) and matches(e, {}) for e in found)


def test_envelope_attributes_match_the_envelope() -> None:
    found = list(emails("a-demo", START, START + 10 * DAY, as_of=START + 10 * DAY))
    bounces = [
        e for e in found if matches(e, {"Include": [subject("bounce@", attribute="ENVELOPE_FROM")]})
    ]
    assert bounces == found
    ops = [e for e in found if matches(e, {"Include": [subject("ops@", attribute="ENVELOPE_TO")]})]
    assert ops and all(e.to == "ops@example.com" for e in ops)
    row = found[0].row("eu-west-1", "111122223333")
    assert row["Envelope"]["From"].startswith("bounce@") and row["Envelope"]["To"] == [found[0].to]
    assert row["SourceArn"].startswith("arn:aws:ses:eu-west-1:111122223333:")
