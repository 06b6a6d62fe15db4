"""Housekeeping that a service repeats while it runs (forgetting state past its retention)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

log = logging.getLogger(__name__)


def forget_interval(retention_seconds: float) -> float:
    """How often state past a retention is looked for: hourly, or ten times per retention when
    that is shorter (so memory never holds much more than the retention's worth)."""
    return max(1.0, min(3600.0, retention_seconds / 10))


async def repeat(
    every: float,
    stopping: asyncio.Event,
    action: Callable[[], Awaitable[object]],
    failed: str,
    first_wait: bool = True,
) -> None:
    """Run `action` every `every` seconds until `stopping` is set. A failure (Kafka trouble) is
    logged as `failed` and the next round tries again."""
    wait = first_wait
    while not stopping.is_set():
        if wait:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stopping.wait(), every)
            if stopping.is_set():
                return
        wait = True
        try:
            await action()
        except Exception:
            log.exception(failed)


def start_forgetting(
    retention_seconds: float,
    stopping: asyncio.Event,
    forget: Callable[[], Awaitable[object]],
    what: str,
    first_wait: bool = True,
) -> asyncio.Task[None]:
    """The task that forgets `what` (a service's state) past its retention, at
    `forget_interval`, until `stopping`; `cancel` it when the service stops."""
    every = forget_interval(retention_seconds)
    failed = f"forgetting old {what} failed"
    return asyncio.create_task(repeat(every, stopping, forget, failed, first_wait))


async def cancel(task: asyncio.Task[None] | None) -> None:
    """Cancel `task` and wait until it has ended (None: nothing to do)."""
    if task is not None:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
