"""What the pacing tests check, and why every check holds however loaded the test host is.

A client process (pacing_client.py) pulls metric data from the emulator and reports the pacer's
own record: for every request it sent, the time its charge finally stands at (restamped to the
moment of sending) and its weight. The emulator runs in another process and records when each
request arrived. Three checks:

1. **The SDK's guarantee, on its own record.** No window of ``per_seconds + margin`` holds more
   charges than a limit. This is exact whatever the load: a charge is admitted only when the
   pacer's log leaves room for it, and a restamp only moves a charge later, so the property
   holds as long as no request waits longer than one window between admission and sending.
2. **Nothing bypasses the pacer.** Every request the emulator received carries the send id of
   exactly one recorded charge, and every recorded send arrived.
3. **The server's view, with a derived margin.** Each arrival is its charge's stamp plus a delay
   (the rest of the send, the loopback, the server's scheduling). Let ``jitter`` be the spread
   of those delays, measured from the pairs of check 2. Two arrivals ``w`` apart were sent at
   most ``w + jitter`` apart, so no server window of ``per_seconds + margin - jitter`` can hold
   more than a limit. While ``jitter`` stays below the margin that window is longer than the
   server's own second, so the server cannot have throttled anything, and the check says so;
   past it (a host so loaded that a request reached the server's clock more than the margin
   late) a throttle is possible, and the check is that it was retried and nothing was lost.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs

from metricsdk.testing import RecordedRequest

SEND_ID_HEADER = "x-test-send-id"


@attrs.frozen
class Send:
    """One request: when its charge stands on the pacer's clock, when it reached the server."""

    stamp: float
    arrival: float
    weight: int
    status: int


def paired(sends: Sequence[Sequence[Any]], requests: Sequence[RecordedRequest]) -> list[Send]:
    """Pair every recorded charge (send id, stamp, weight) with the request it let go."""
    charges = {str(sid): (float(stamp), int(weight)) for sid, stamp, weight in sends}
    assert len(charges) == len(sends), "a send id was recorded twice"
    arrivals: dict[str, RecordedRequest] = {}
    for request in requests:
        send_id = request.headers.get(SEND_ID_HEADER, "")
        assert send_id in charges, "a request reached the server without a pacer charge"
        assert send_id not in arrivals, "one charge let two requests go"
        arrivals[send_id] = request
    assert arrivals.keys() == charges.keys(), "a recorded send never reached the server"
    return [
        Send(stamp=stamp, arrival=arrivals[sid].arrival, weight=weight, status=arrivals[sid].status)
        for sid, (stamp, weight) in charges.items()
    ]


def busiest(points: Sequence[tuple[float, int]], length: float, *, weighted: bool) -> int:
    """The most calls (or units) at ``points`` (time, weight) in any window of ``length``."""
    ordered = sorted(points)
    worst, total, first = 0, 0, 0
    for stamp, weight in ordered:
        total += weight if weighted else 1
        while ordered[first][0] <= stamp - length:
            total -= ordered[first][1] if weighted else 1
            first += 1
        worst = max(worst, total)
    return worst


def jitter(sends: Sequence[Send]) -> float:
    """The spread of the delays between a charge's stamp and its arrival at the server."""
    delays = [send.arrival - send.stamp for send in sends]
    return max(delays) - min(delays)


def check_paced(
    sends: Sequence[Send], *, calls: int, units: int, margin: float, per_seconds: float = 1.0
) -> None:
    """Checks 1 and 3 of this module's docstring."""
    window = per_seconds + margin
    stamps = [(send.stamp, send.weight) for send in sends]
    assert busiest(stamps, window, weighted=False) <= calls
    assert busiest(stamps, window, weighted=True) <= units
    spread = jitter(sends)
    server_window = window - spread
    arrivals = [(send.arrival, send.weight) for send in sends]
    if server_window > 0:
        assert busiest(arrivals, server_window, weighted=False) <= calls
        assert busiest(arrivals, server_window, weighted=True) <= units
    if spread < margin:
        statuses = sorted({send.status for send in sends})
        assert statuses == [200], f"throttled with jitter {spread * 1000:.1f} ms < margin"


def sustained_units_per_second(sends: Sequence[Send]) -> float:
    """Units sent per second on the pacer's clock, from the first send to the start of the last
    burst (the last burst would otherwise count without its window)."""
    stamps = sorted((send.stamp, send.weight) for send in sends)
    last_burst = min(t for t, _ in stamps if t > stamps[-1][0] - 0.5)
    return sum(w for t, w in stamps if t < last_burst) / (last_burst - stamps[0][0])
