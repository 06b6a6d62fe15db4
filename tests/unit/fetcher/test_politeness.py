"""Retry schedules and per-host gates, on a fake clock: no waiting, no I/O."""

from __future__ import annotations

import asyncio
import heapq
import random
from collections.abc import Coroutine
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsroom_fetcher.politeness import (
    FetchRetries,
    HostGates,
    backoff_delay,
    host_delay,
    parse_retry_after,
)

NOW = datetime(2024, 5, 1, 12, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("120", 120.0),
        (" 0 ", 0.0),
        ("Wed, 01 May 2024 12:00:30 GMT", 30.0),
        ("Wed, 01 May 2024 11:00:00 GMT", 0.0),  # in the past: retry now
        ("soon", None),
        ("-5", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_retry_after(header: str | None, seconds: float | None) -> None:
    assert parse_retry_after(header, NOW) == seconds


@given(attempt=st.integers(1, 30), base=st.floats(0.01, 10), cap=st.floats(0.01, 600))
def test_backoff_has_equal_jitter_within_bounds(attempt: int, base: float, cap: float) -> None:
    ceiling = min(cap, base * 2 ** (attempt - 1))
    delay = backoff_delay(attempt, base, cap, random.Random(attempt))
    assert ceiling / 2 <= delay <= ceiling


def test_backoff_doubles_until_the_cap() -> None:
    rng = random.Random(7)
    ceilings = [2 * backoff_delay(n, 1.0, 10.0, _Top()) for n in range(1, 7)]
    assert ceilings == [1.0, 2.0, 4.0, 8.0, 10.0, 10.0]
    assert len({backoff_delay(3, 1.0, 10.0, rng) for _ in range(20)}) > 1  # jittered


class _Top(random.Random):
    def uniform(self, a: float, b: float) -> float:
        return a  # the guaranteed half only


def test_retry_policy_schedule() -> None:
    policy = FetchRetries(max_retries=3, backoff_base=1.0, backoff_max=60.0, max_retry_after=30.0)
    rng = _Top()
    assert [policy.delay(n, None, rng) for n in (1, 2, 3, 4)] == [0.5, 1.0, 2.0, None]
    assert policy.delay(1, 7.0, rng) == 7.0  # the server's Retry-After wins
    assert policy.delay(1, 3600.0, rng) == 30.0  # but is capped
    assert policy.delay(4, 1.0, rng) is None  # and never beyond the retry budget


def test_host_delay() -> None:
    assert host_delay(1.0, None, 60) == 1.0
    assert host_delay(1.0, 5.0, 60) == 5.0
    assert host_delay(1.0, 0.5, 60) == 1.0
    assert host_delay(1.0, 86400.0, 60) == 60


class FakeClock:
    """Virtual time: when every task is blocked, jump to the earliest sleeper's wake-up."""

    def __init__(self) -> None:
        self.now = 0.0
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._seq = 0

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        future = asyncio.get_running_loop().create_future()
        self._seq += 1
        heapq.heappush(self._sleepers, (self.now + seconds, self._seq, future))
        await future

    async def run(self, *coros: Coroutine[Any, Any, None]) -> None:
        tasks = [asyncio.create_task(c) for c in coros]
        while not all(t.done() for t in tasks):
            for _ in range(20):  # let every runnable task reach its next wait
                await asyncio.sleep(0)
            if self._sleepers:
                when, _, future = heapq.heappop(self._sleepers)
                self.now = max(self.now, when)
                future.set_result(None)
        await asyncio.gather(*tasks)


async def run_requests(
    gates: HostGates,
    clock: FakeClock,
    hosts: list[str],
    delay: float,
    concurrency: int,
    duration: float = 0.0,
) -> list[tuple[str, float, float]]:
    """(host, start, end) of requests that each take `duration`."""
    log: list[tuple[str, float, float]] = []

    async def one(host: str) -> None:
        async with gates.slot(host, delay, concurrency):
            start = clock()
            if duration:
                await clock.sleep(duration)
            log.append((host, start, clock()))

    await clock.run(*(one(h) for h in hosts))
    return log


async def test_starts_on_one_host_are_spaced() -> None:
    clock = FakeClock()
    gates = HostGates(global_limit=10, clock=clock, sleep=clock.sleep)
    log = await run_requests(gates, clock, ["a"] * 4, delay=2.0, concurrency=4)
    assert [start for _, start, _ in log] == [0.0, 2.0, 4.0, 6.0]


async def test_hosts_do_not_wait_for_each_other() -> None:
    clock = FakeClock()
    gates = HostGates(global_limit=10, clock=clock, sleep=clock.sleep)
    log = await run_requests(gates, clock, ["a", "b", "a", "b"], delay=1.0, concurrency=1)
    starts = sorted((host, start) for host, start, _ in log)
    assert starts == [("a", 0.0), ("a", 1.0), ("b", 0.0), ("b", 1.0)]


async def test_concurrency_per_host() -> None:
    clock = FakeClock()
    gates = HostGates(global_limit=10, clock=clock, sleep=clock.sleep)
    log = await run_requests(gates, clock, ["a"] * 4, delay=0.0, concurrency=2, duration=5.0)
    for _, start, _ in log:  # never more than two requests overlap
        assert sum(1 for _, s, e in log if s <= start < e) <= 2
    assert sorted(start for _, start, _ in log) == [0.0, 0.0, 5.0, 5.0]


async def test_sources_sharing_a_host_each_keep_their_own_limit() -> None:
    """A source allowing 3 at once must not lift a stricter source's limit of 1 on the same
    host, whichever of them reaches the host first."""
    clock = FakeClock()
    gates = HostGates(global_limit=10, clock=clock, sleep=clock.sleep)
    log: list[tuple[str, float, float]] = []

    async def one(source: str, concurrency: int) -> None:
        async with gates.slot("shared.example", 0.0, concurrency):
            start = clock()
            await clock.sleep(5.0)
            log.append((source, start, clock()))

    await clock.run(*(one("loose", 3) for _ in range(2)), *(one("strict", 1) for _ in range(3)))
    for source, start, _ in log:
        overlapping = sum(1 for _, s, e in log if s <= start < e)
        assert overlapping <= (1 if source == "strict" else 3), (source, start, log)
    assert len(log) == 5
    # The strict source's requests started one at a time.
    strict_starts = sorted(start for source, start, _ in log if source == "strict")
    assert len(set(strict_starts)) == 3


async def test_global_limit_over_all_hosts() -> None:
    clock = FakeClock()
    gates = HostGates(global_limit=2, clock=clock, sleep=clock.sleep)
    log = await run_requests(gates, clock, ["a", "b", "c", "d"], 0.0, 1, duration=3.0)
    assert sorted(start for _, start, _ in log) == [0.0, 0.0, 3.0, 3.0]


async def test_defer_holds_back_the_whole_host() -> None:
    clock = FakeClock()
    gates = HostGates(global_limit=10, clock=clock, sleep=clock.sleep)
    await run_requests(gates, clock, ["a"], delay=1.0, concurrency=1)
    gates.defer("a", 30.0)  # e.g. 429 with Retry-After: 30
    ((_, start, _),) = await run_requests(gates, clock, ["a"], delay=1.0, concurrency=1)
    assert start == 30.0
    ((_, other, _),) = await run_requests(gates, clock, ["b"], delay=1.0, concurrency=1)
    assert other == 30.0  # no wait for b beyond "now"


async def test_waiting_counts_the_queue_and_survives_cancellation() -> None:
    gates = HostGates(global_limit=1)
    release = asyncio.Event()

    async def hold() -> None:
        async with gates.slot("a", 0.0, 1):
            await release.wait()

    first = asyncio.create_task(hold())
    await asyncio.sleep(0)
    queued = [asyncio.create_task(hold()) for _ in range(3)]
    await asyncio.sleep(0)
    assert gates.waiting == 3
    queued[0].cancel()
    await asyncio.gather(queued[0], return_exceptions=True)
    assert gates.waiting == 2
    release.set()
    await asyncio.gather(first, *queued[1:])
    assert gates.waiting == 0
