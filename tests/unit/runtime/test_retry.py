"""The one retry policy: delays, what it retries, and stopping early."""

from __future__ import annotations

import asyncio
import time

import pytest

from newsroom_shared.runtime.retry import RetryPolicy


def test_delays_double_up_to_the_cap_and_jitter_spreads_the_upper_half() -> None:
    policy = RetryPolicy(initial=0.5, maximum=4.0)
    assert [policy.delay(n, jitter=1.0) for n in range(6)] == [0.5, 1.0, 2.0, 4.0, 4.0, 4.0]
    assert policy.delay(2, jitter=0.0) == 1.0
    assert all(1.0 <= policy.delay(2) <= 2.0 for _ in range(200))


async def test_retries_what_it_should_until_it_succeeds() -> None:
    policy = RetryPolicy(initial=0.001, maximum=0.002)
    calls: list[int] = []
    seen: list[tuple[str, int]] = []

    async for attempt in policy.attempts(
        lambda e: isinstance(e, ConnectionError),
        on_retry=lambda e, n, d: seen.append((str(e), n)),
    ):
        with attempt:
            calls.append(1)
            if len(calls) < 3:
                raise ConnectionError(f"down {len(calls)}")
    assert len(calls) == 3
    assert seen == [("down 1", 1), ("down 2", 2)]


async def test_other_errors_are_raised_at_once() -> None:
    policy = RetryPolicy(initial=0.001)
    calls = 0
    with pytest.raises(ValueError):
        async for attempt in policy.attempts(lambda e: isinstance(e, ConnectionError)):
            with attempt:
                calls += 1
                raise ValueError("a bug")
    assert calls == 1


async def test_max_attempts_then_the_last_error() -> None:
    policy = RetryPolicy(initial=0.001, maximum=0.001)
    with pytest.raises(ConnectionError, match="3"):
        count = 0
        async for attempt in policy.attempts(lambda e: True, max_attempts=3):
            with attempt:
                count += 1
                raise ConnectionError(str(count))


async def test_stopping_ends_a_long_wait_at_once() -> None:
    policy = RetryPolicy(initial=30.0, maximum=30.0)
    stopping = asyncio.Event()
    asyncio.get_running_loop().call_later(0.1, stopping.set)
    started = time.monotonic()
    with pytest.raises(ConnectionError):
        async for attempt in policy.attempts(lambda e: True, stopping=stopping):
            with attempt:
                raise ConnectionError("down")
    assert time.monotonic() - started < 5


async def test_call_retries_as_the_loop_does_numbering_and_delays_included() -> None:
    policy = RetryPolicy(initial=0.01, maximum=0.02)
    calls: list[int] = []
    seen: list[tuple[str, int, float]] = []

    async def step() -> str:
        calls.append(1)
        if len(calls) < 4:
            raise ConnectionError(f"down {len(calls)}")
        return "done"

    result = await policy.call(
        step,
        lambda e: isinstance(e, ConnectionError),
        on_retry=lambda e, n, d: seen.append((str(e), n, d)),
    )
    assert result == "done"
    assert [(e, n) for e, n, _ in seen] == [("down 1", 1), ("down 2", 2), ("down 3", 3)]
    # The first wait is the policy's first delay, then they double up to the cap.
    assert 0.005 <= seen[0][2] <= 0.01
    assert all(0.01 <= d <= 0.02 for _, _, d in seen[1:])


async def test_call_tries_once_when_the_first_try_works_or_cannot_be_retried() -> None:
    policy = RetryPolicy(initial=0.001)
    calls = 0

    async def works() -> int:
        nonlocal calls
        calls += 1
        return calls

    assert await policy.call(works, lambda e: True, on_retry=lambda e, n, d: 1 / 0) == 1

    async def bug() -> None:
        nonlocal calls
        calls += 1
        raise ValueError("a bug")

    with pytest.raises(ValueError):
        await policy.call(bug, lambda e: isinstance(e, ConnectionError))
    assert calls == 2


async def test_call_gives_up_after_max_attempts_or_when_stopping() -> None:
    policy = RetryPolicy(initial=0.001, maximum=0.001)
    count = 0

    async def down() -> None:
        nonlocal count
        count += 1
        raise ConnectionError(str(count))

    with pytest.raises(ConnectionError, match=r"^3$"):
        await policy.call(down, lambda e: True, max_attempts=3)
    stopping = asyncio.Event()
    asyncio.get_running_loop().call_later(0.1, stopping.set)
    started = time.monotonic()
    with pytest.raises(ConnectionError):
        await RetryPolicy(initial=30.0, maximum=30.0).call(down, lambda e: True, stopping=stopping)
    assert time.monotonic() - started < 5
