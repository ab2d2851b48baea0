"""The emulator's rate-limit counter: no window of one second ever holds more than the limit,
judged at the arrivals' own stamps even when they reach the counter out of order."""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from metricsdk.testing._emulator.window import SlidingWindow


def busiest(admitted: list[tuple[float, int]], per: float, *, weighted: bool) -> int:
    ordered = sorted(admitted)
    worst = 0
    for i, (start, _) in enumerate(ordered):
        held = [w for t, w in ordered[i:] if t - start < per]
        worst = max(worst, sum(held) if weighted else len(held))
    return worst


def test_in_order_arrivals_fill_the_window_and_no_more() -> None:
    window = SlidingWindow(calls=3, per=1.0)
    assert [window.admit(t) for t in (0.0, 0.1, 0.2, 0.3)] == [True, True, True, False]
    assert window.admit(1.0)  # 0.0 has left the window (0.0, 1.0]
    assert not window.admit(1.05)


def test_a_late_processed_arrival_is_judged_where_it_was_stamped() -> None:
    window = SlidingWindow(calls=2, per=1.0)
    assert window.admit(1.8)
    assert window.admit(2.0)
    # Stamped at 1.5 but processed last: the window (1.0, 2.0] would hold three.
    assert not window.admit(1.5)
    # Stamped at 0.5: no window of one second holds it with either of the others.
    assert window.admit(0.5)


def test_units_bind_on_their_own() -> None:
    window = SlidingWindow(calls=None, units=10, per=1.0)
    assert window.admit(0.0, 6)
    assert not window.admit(0.5, 5)
    assert window.admit(0.5, 4)
    assert window.admit(1.0, 6)


@given(
    st.lists(st.floats(min_value=0.0, max_value=5.0), min_size=1, max_size=60),
    st.lists(st.integers(min_value=1, max_value=4), min_size=60, max_size=60),
    st.randoms(use_true_random=False),
)
def test_no_window_ever_exceeds_the_limits(
    stamps: list[float], weights: list[int], shuffler: random.Random
) -> None:
    arrivals = list(zip(stamps, weights))
    # Handler threads reach the counter a little out of arrival order.
    order = sorted(arrivals, key=lambda a: a[0] + shuffler.uniform(0.0, 0.3))
    window = SlidingWindow(calls=4, units=9, per=1.0)
    admitted = [(t, w) for t, w in order if window.admit(t, w)]
    assert admitted
    assert busiest(admitted, 1.0, weighted=False) <= 4
    assert busiest(admitted, 1.0, weighted=True) <= 9


def test_temporary_keys_of_one_account_share_its_ses_quota() -> None:
    from metricsdk.testing._emulator.keyring import KeyRing
    from metricsdk.testing._emulator.sesv2 import SESv2Service

    ring = KeyRing({"AKIDFIXED": "secret"})
    first, second = ring.issue("111122223333"), ring.issue("111122223333")
    other = ring.issue("444455556666")
    service = SESv2Service(
        ring,
        calls_per_second=2,
        queries_per_second=None,
        internal_failure_rate=0.0,
        access_denied_rate=0.0,
    )
    assert service.admit(first.access_key_id, 1, 0.0)
    assert service.admit(second.access_key_id, 1, 0.1)
    assert not service.admit(first.access_key_id, 1, 0.2)  # the account's second is full
    assert service.admit(other.access_key_id, 1, 0.2)  # another account, another quota
    assert service.admit("AKIDFIXED", 1, 0.2)
