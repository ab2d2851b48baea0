"""`JobFeed`: the bookkeeping both sides' `completed` share, driven here without threads or
tasks."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from metricsdk._core.job_feed import JobFeed


class FakeFuture:
    def __init__(self, job: int) -> None:
        self.job = job
        self.cancelled = False

    def cancel(self) -> bool:
        self.cancelled = True
        return True


def failing_source(good: int) -> Iterator[int]:
    yield from range(good)
    raise RuntimeError("the source broke")


def test_it_starts_at_most_limit_and_takes_more_only_as_jobs_finish() -> None:
    taken: list[int] = []
    feed = JobFeed(iter(range(5)), 2, lambda job: taken.append(job) or FakeFuture(job))
    feed.top_up()
    assert taken == [0, 1]
    first = next(future for future in feed.running if future.job == 0)
    assert [future.job for future in feed.finished([first])] == [0]
    assert taken == [0, 1, 2]
    assert sorted(future.job for future in feed.running) == [1, 2]


def test_a_failing_source_stops_the_taking_and_is_raised_at_the_end() -> None:
    feed = JobFeed(failing_source(1), 3, FakeFuture)
    feed.top_up()
    assert [future.job for future in feed.running] == [0]
    feed.top_up()  # no more taking after the failure
    list(feed.finished(list(feed.running)))
    assert not feed.running
    with pytest.raises(RuntimeError, match="the source broke"):
        feed.raise_failure()


def test_cancel_cancels_what_still_runs() -> None:
    feed = JobFeed(range(2), 2, FakeFuture)
    feed.top_up()
    feed.cancel()
    assert all(future.cancelled for future in feed.running)
