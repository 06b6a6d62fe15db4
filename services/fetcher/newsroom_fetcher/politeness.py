"""How often and how hard we hit a host: per-host gates, a global limit, retry schedules.

The schedule functions are pure; HostGates takes its clock and sleep as arguments so tests can
drive it without waiting.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from newsroom_shared.runtime.retry import RetryPolicy


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: delay-seconds or an HTTP date."""
    if value is None or not value.strip():
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def backoff_delay(attempt: int, base: float, cap: float, rng: random.Random) -> float:
    """The project's one backoff (`RetryPolicy`): in [d/2, d] for d = min(cap, base * 2^(n-1)),
    `attempt` counting from 1. Half the delay is guaranteed (spacing holds), half is random
    (clients that failed together do not come back together)."""
    return RetryPolicy(initial=base, maximum=cap).delay(attempt - 1, jitter=rng.uniform(0, 1))


@dataclass(frozen=True)
class FetchRetries:
    """How often a failed fetch is tried again, and after how long."""

    max_retries: int
    backoff_base: float
    backoff_max: float
    max_retry_after: float

    def delay(self, attempt: int, retry_after: float | None, rng: random.Random) -> float | None:
        """Seconds before retry number `attempt` (1-based), or None when retries are spent.

        A server's Retry-After is honoured (up to max_retry_after) instead of our backoff.
        """
        if attempt > self.max_retries:
            return None
        if retry_after is not None:
            return min(retry_after, self.max_retry_after)
        return backoff_delay(attempt, self.backoff_base, self.backoff_max, rng)


def host_delay(default: float, crawl_delay: float | None, max_crawl_delay: float) -> float:
    """Spacing between request starts: ours, or robots.txt Crawl-delay when longer (capped)."""
    if crawl_delay is None:
        return default
    return max(default, min(crawl_delay, max_crawl_delay))


Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]


@dataclass
class _Gate:
    in_flight: int = 0
    # Requests waiting for the in-flight count to drop; each re-checks its own limit.
    turns: list[asyncio.Future[None]] = field(default_factory=list)
    start_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    next_start: float = 0.0
    waiting: int = 0

    async def enter(self, limit: int) -> None:
        while self.in_flight >= limit:
            turn = asyncio.get_running_loop().create_future()
            self.turns.append(turn)
            try:
                await turn
            finally:
                if turn in self.turns:
                    self.turns.remove(turn)
        self.in_flight += 1

    def leave(self) -> None:
        self.in_flight -= 1
        turns, self.turns = self.turns, []
        for turn in turns:
            if not turn.done():
                turn.set_result(None)


class HostGates:
    """At most `concurrency` requests in flight per host, starts `delay` seconds apart, and at
    most `global_limit` in flight over all hosts.

    Sources that share a host may ask for different limits: each request waits until the
    host's in-flight count is below its own limit, so the strictest source is never exceeded
    by its own requests, whatever the others asked for.

    Requests start one after the other per host: a request holds the host's start lock while it
    waits for its start time and for a global slot, so spacing is measured between real starts.
    """

    def __init__(
        self, global_limit: int, clock: Clock = time.monotonic, sleep: Sleep = asyncio.sleep
    ) -> None:
        self._global = asyncio.Semaphore(global_limit)
        self._gates: dict[str, _Gate] = {}
        self._clock = clock
        self._sleep = sleep

    @asynccontextmanager
    async def slot(self, host: str, delay: float, concurrency: int) -> AsyncIterator[None]:
        gate = self._gates.get(host)
        if gate is None:
            gate = self._gates[host] = _Gate()
        gate.waiting += 1
        started = False
        try:
            await gate.enter(concurrency)
            try:
                async with gate.start_lock:
                    while (wait := gate.next_start - self._clock()) > 0:
                        await self._sleep(wait)  # loop: defer() may move next_start meanwhile
                    await self._global.acquire()
                    gate.next_start = self._clock() + delay
                gate.waiting -= 1
                started = True
                try:
                    yield
                finally:
                    self._global.release()
            finally:
                gate.leave()
        finally:
            if not started:  # cancelled while waiting
                gate.waiting -= 1

    def defer(self, host: str, seconds: float) -> None:
        """No request to `host` starts for `seconds` (a Retry-After applies to the host)."""
        gate = self._gates.get(host)
        if gate is not None:
            gate.next_start = max(gate.next_start, self._clock() + seconds)

    @property
    def waiting(self) -> int:
        """Requests waiting for their turn: the queue depth."""
        return sum(g.waiting for g in self._gates.values())
