"""Housekeeping rounds: how often, and that a failed round does not end them."""

from __future__ import annotations

import asyncio

from newsroom_shared.runtime.periodic import forget_interval, repeat


def test_state_is_looked_at_hourly_or_ten_times_per_retention() -> None:
    assert forget_interval(30 * 86400) == 3600
    assert forget_interval(600) == 60
    assert forget_interval(0.5) == 1.0


async def test_rounds_go_on_after_a_failure_and_end_when_stopping() -> None:
    stopping = asyncio.Event()
    rounds: list[int] = []

    async def action() -> None:
        rounds.append(len(rounds))
        if len(rounds) == 2:
            raise ConnectionError("broker away")
        if len(rounds) == 4:
            stopping.set()

    await asyncio.wait_for(repeat(0.01, stopping, action, "round failed"), 5)
    assert rounds == [0, 1, 2, 3]


async def test_the_first_round_waits_unless_told_not_to() -> None:
    stopping = asyncio.Event()
    rounds: list[str] = []

    async def action() -> None:
        rounds.append("ran")
        stopping.set()

    task = asyncio.create_task(repeat(60, stopping, action, "x"))
    await asyncio.sleep(0.05)
    assert rounds == []
    stopping.set()
    await asyncio.wait_for(task, 5)
    stopping.clear()
    await asyncio.wait_for(repeat(60, stopping, action, "x", first_wait=False), 5)
    assert rounds == ["ran"]
