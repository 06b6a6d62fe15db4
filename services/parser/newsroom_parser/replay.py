"""Re-parse the raw-pages topic into articles after a parser upgrade, without refetching.

A replay is the parser's own handler on the shared runtime, run as a bounded job beside the
live parser: its own consumer group (the same name resumes an interrupted replay), from a start
(beginning, an offset, a time) to the offsets the topic had when it started, optionally
rate-limited and writing to another topic. Re-derived articles keep their version (the fetch
time), so they replace the earlier parse of the same fetch in the index.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.structs import ConsumerRecord

from newsroom_parser.service import ParseHandler, stream_config
from newsroom_parser.settings import ParserSettings
from newsroom_shared.kafka import committed_offsets, end_offsets, transient
from newsroom_shared.runtime.publisher import Message
from newsroom_shared.runtime.retry import RetryPolicy
from newsroom_shared.runtime.stream import Rejected, StreamRuntime
from newsroom_shared.topics import RAW_PAGES


@dataclass(frozen=True)
class StartAt:
    """Where a replay begins: the beginning, a time, or an offset (in every partition)."""

    time: datetime | None = None
    offset: int | None = None

    @classmethod
    def parse(cls, text: str) -> StartAt:
        if text in ("beginning", "earliest"):
            return cls(offset=0)
        if re.fullmatch(r"\d+", text):
            return cls(offset=int(text))
        moment = datetime.fromisoformat(text)
        if moment.tzinfo is None:
            raise ValueError(f"{text!r}: give a timezone, e.g. {text}+00:00")
        return cls(time=moment)


@dataclass
class ReplayProgress:
    total: int = 0
    done: int = 0
    articles: int = 0
    dead_letters: int = 0
    started: float = 0.0

    @property
    def rate(self) -> float:
        elapsed = time.monotonic() - self.started
        return self.done / elapsed if elapsed > 0 else 0.0


class _RateLimit:
    def __init__(self, per_second: float | None) -> None:
        self._interval = 1.0 / per_second if per_second else 0.0
        self._next = time.monotonic()

    async def wait(self) -> None:
        if not self._interval:
            return
        now = time.monotonic()
        slot = max(self._next, now)
        self._next = slot + self._interval
        if slot > now:
            await asyncio.sleep(slot - now)


class ReplayHandler(ParseHandler):
    """The parser's handler, plus where to start, a rate and progress reports."""

    def __init__(
        self,
        settings: ParserSettings,
        positions: dict[TopicPartition, int],
        total: int,
        target_topic: str | None,
        rate: float | None,
        on_progress: Callable[[ReplayProgress], None] | None,
    ) -> None:
        super().__init__(settings, target_topic)
        self.positions = positions
        self.progress = ReplayProgress(total=total, started=time.monotonic())
        self._limit = _RateLimit(rate)
        self._on_progress = on_progress
        self._last_report = 0.0

    async def assigned(self, consumer: AIOKafkaConsumer, partitions: set[TopicPartition]) -> None:
        # Positions were worked out before joining the group: seeking here without awaiting
        # anything leaves the consumer no moment to start from its default position instead.
        for tp in partitions:
            consumer.seek(tp, self.positions[tp])

    async def handle(self, record: ConsumerRecord) -> Sequence[Message]:
        await self._limit.wait()
        try:
            messages = await super().handle(record)
        except Rejected:
            self._count(failed=True)
            raise
        self._count(failed=False)
        return messages

    def _count(self, failed: bool) -> None:
        progress = self.progress
        progress.done += 1
        if failed:
            progress.dead_letters += 1
        else:
            progress.articles += 1
        if self._on_progress and time.monotonic() - self._last_report > 2:
            self._on_progress(progress)
            self._last_report = time.monotonic()


async def start_positions(
    settings: ParserSettings, group: str, start: StartAt, stop_at: dict[TopicPartition, int]
) -> dict[TopicPartition, int]:
    """Where each partition's replay begins: where a replay of the same name stopped, else
    the requested start."""
    topic = settings.kafka.topic(RAW_PAGES.name)
    committed = await committed_offsets(settings.kafka, group, topic)
    reader = AIOKafkaConsumer(**settings.kafka.client_options(), enable_auto_commit=False)
    await reader.start()
    try:
        partitions = sorted(stop_at)
        firsts = await reader.beginning_offsets(partitions)
        by_time = {}
        if start.time is not None:
            moment = int(start.time.timestamp() * 1000)
            by_time = await reader.offsets_for_times({tp: moment for tp in partitions})
    finally:
        await reader.stop()
    positions = {}
    for tp in partitions:
        if tp.partition in committed:
            positions[tp] = committed[tp.partition]
        elif start.time is not None:
            found = by_time.get(tp)
            positions[tp] = found.offset if found else stop_at[tp]
        else:
            positions[tp] = max(start.offset or 0, firsts[tp])
    return positions


async def replay(
    settings: ParserSettings,
    start: StartAt,
    name: str,
    target_topic: str | None = None,
    rate: float | None = None,
    on_progress: Callable[[ReplayProgress], None] | None = None,
) -> ReplayProgress:
    topic = settings.kafka.topic(RAW_PAGES.name)
    stop_at = {
        TopicPartition(topic, p): o for p, o in (await end_offsets(settings.kafka, topic)).items()
    }
    group = f"{settings.group_id}-replay-{name}"
    async for attempt in RetryPolicy(initial=0.2, maximum=2.0).attempts(transient, max_attempts=20):
        with attempt:  # a new broker takes a moment before it coordinates groups
            positions = await start_positions(settings, group, start, stop_at)
    total = sum(max(0, stop_at[tp] - positions[tp]) for tp in stop_at)
    config = replace(stream_config(settings, group_id=group), stop_at=stop_at)
    handler = ReplayHandler(settings, positions, total, target_topic, rate, on_progress)
    await StreamRuntime(settings.kafka, config, handler).run(asyncio.Event())
    if on_progress:
        on_progress(handler.progress)
    return handler.progress
