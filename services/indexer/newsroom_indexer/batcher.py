"""Articles handed in one at a time, written to Elasticsearch in bulk.

The runtime hands the indexer one record at a time; Elasticsearch wants them in bulk. The
batcher gathers submitted articles until a bound is reached (count, bytes, or time since the
first one), writes the batch with `BulkWriter`, and answers each submitter with what became of
its article. While a batch is being written the next one fills, so Elasticsearch never waits
on Kafka, and what gathered goes as soon as the write ends; a failed write answers every
submitter of that batch with the error.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import deque
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from newsroom_indexer.batching import Batch, BatchLimits
from newsroom_indexer.bulk_items import Incoming, Rejection, WriteReport

Outcome = Literal["indexed", "stale", "superseded", "rejected"]


@dataclass(frozen=True)
class Written:
    """What became of one article in its batch."""

    outcome: Outcome
    rejections: tuple[Rejection, ...] = ()


class _Submitted:
    """Articles handed in together, answered together once the last one's batch is written
    (one future for them all, not one per article: fewer wake-ups per batch)."""

    __slots__ = ("future", "left", "results")

    def __init__(self, count: int) -> None:
        self.future: asyncio.Future[list[Written]] = asyncio.get_running_loop().create_future()
        self.left = count
        self.results: list[Written] = [Written("indexed")] * count

    def answer(self, position: int, written: Written) -> None:
        self.results[position] = written
        self.left -= 1
        if self.left == 0 and not self.future.done():
            self.future.set_result(self.results)


Entry = tuple[Incoming, _Submitted, int]
Write = Callable[[Sequence[Incoming]], Awaitable[WriteReport]]
OnReport = Callable[[WriteReport, float], None]


class WriteBatcher:
    def __init__(self, write: Write, limits: BatchLimits, on_report: OnReport | None = None):
        self._write = write
        self._limits = limits
        self._on_report = on_report
        self._open: Batch[Entry] = Batch(limits)
        self._closed: deque[list[Entry]] = deque()  # batches waiting for their write, in order
        self._wake = asyncio.Event()
        self._flusher: asyncio.Task[None] | None = None

    async def submit(self, item: Incoming) -> Written:
        (written,) = await self.submit_many([item])
        return written

    async def submit_many(self, items: Sequence[Incoming]) -> list[Written]:
        """What became of each of these articles, in order, once their batches are written;
        a failed write raises its error."""
        if not items:
            return []
        submitted = _Submitted(len(items))
        now = time.monotonic()
        for position, item in enumerate(items):
            entry = (item, submitted, position)
            size = len(item.value or b"")
            if not self._open.offer(entry, size, now):
                self._close_open()
                self._open.offer(entry, size, now)  # an empty batch takes anything
            if self._open.full:
                self._close_open()
        self._wake.set()
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.create_task(self._flush_loop())
        return await submitted.future

    def _close_open(self) -> None:
        if self._open.items:
            self._closed.append(self._open.items)
            self._open = Batch(self._limits)

    async def _flush_loop(self) -> None:
        while True:
            if self._closed:
                await self._write_batch(self._closed.popleft())
                if not self._closed:
                    # Elasticsearch is free: what gathered meanwhile goes now. Waiting for it
                    # to fill could be waiting for nothing, as the records an unanswered
                    # batch holds keep the runtime's window from taking more.
                    self._close_open()
                continue
            self._wake.clear()
            if not self._open.items:
                await self._wake.wait()
                continue
            # The open batch closes when full (submit closes it) or at its time bound.
            try:
                await asyncio.wait_for(self._wake.wait(), self._open.time_left(time.monotonic()))
            except TimeoutError:
                self._close_open()

    async def _write_batch(self, items: list[Entry]) -> None:
        live = [entry for entry in items if not entry[1].future.done()]
        if not live:
            return
        started = time.monotonic()
        try:
            report = await self._write([item for item, _, _ in live])
        except Exception as exc:  # noqa: BLE001 - every submitter of the batch gets the error
            for _, submitted, _ in live:
                if not submitted.future.done():
                    submitted.future.set_exception(exc)
            return
        if self._on_report is not None:
            self._on_report(report, time.monotonic() - started)
        results = _outcomes(report)
        for item, submitted, position in live:
            submitted.answer(position, results.get(id(item), Written("indexed")))

    async def close(self) -> None:
        if self._flusher is not None:
            self._flusher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._flusher


def _outcomes(report: WriteReport) -> dict[int, Written]:
    results: dict[int, Written] = {}
    for item in report.indexed:
        results[id(item)] = Written("indexed")
    for item in report.stale:
        results[id(item)] = Written("stale")
    for item in report.superseded:
        results[id(item)] = Written("superseded")
    rejections: dict[int, list[Rejection]] = {}
    for item, rejection in report.rejected:
        rejections.setdefault(id(item), []).append(rejection)
    for key, found in rejections.items():
        results[key] = Written("rejected", tuple(found))
    return results
