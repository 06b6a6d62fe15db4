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
from newsroom_shared.kafka import end_offsets
from newsroom_shared.runtime.publisher import Message
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
        start: StartAt,
        stop_at: dict[TopicPartition, int],
        target_topic: str | None,
        rate: float | None,
        on_progress: Callable[[ReplayProgress], None] | None,
    ) -> None:
        super().__init__(settings, target_topic)
        self.start_at = start
        self.stop_at = stop_at
        self.progress = ReplayProgress(started=time.monotonic())
        self._limit = _RateLimit(rate)
        self._on_progress = on_progress
        self._last_report = 0.0

    async def assigned(self, consumer: AIOKafkaConsumer, partitions: set[TopicPartition]) -> None:
        """Resume a replay of the same name; else seek to the requested start."""
        ordered = sorted(partitions)
        firsts = await consumer.beginning_offsets(ordered)
        by_time = {}
        if self.start_at.time is not None:
            moment = int(self.start_at.time.timestamp() * 1000)
            by_time = await consumer.offsets_for_times({tp: moment for tp in ordered})
        total = 0
        for tp in ordered:
            position = await consumer.committed(tp)
            if position is None:
                if self.start_at.time is not None:
                    found = by_time.get(tp)
                    position = found.offset if found else self.stop_at.get(tp, firsts[tp])
                else:
                    position = max(self.start_at.offset or 0, firsts[tp])
                consumer.seek(tp, position)
            total += max(0, self.stop_at.get(tp, 0) - position)
        self.progress.total = total

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
    config = replace(
        stream_config(settings, group_id=f"{settings.group_id}-replay-{name}"), stop_at=stop_at
    )
    handler = ReplayHandler(settings, start, stop_at, target_topic, rate, on_progress)
    await StreamRuntime(settings.kafka, config, handler).run(asyncio.Event())
    if on_progress:
        on_progress(handler.progress)
    return handler.progress
