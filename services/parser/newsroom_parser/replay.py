"""Re-parse the raw-pages topic into articles after a parser upgrade, without refetching.

A replay is a job beside the live parser, not part of it: it reads partitions directly (its
positions are committed under its own consumer group, so an interrupted replay resumes), stops
at the offsets the topic had when it started, can be rate-limited, and can write to another
topic. Re-derived articles keep their version (the fetch time), so they replace the earlier
parse of the same fetch in the index.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.structs import OffsetAndMetadata

from newsroom_parser.runtime import ParserRuntime, source_topic
from newsroom_parser.settings import ParserSettings
from newsroom_shared.kafka import end_offsets
from newsroom_shared.topics import RAW_PAGE_MAX_MESSAGE_BYTES


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
    total: int
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
        if self._next > now:
            await asyncio.sleep(self._next - now)
        self._next = max(self._next, now) + self._interval


async def replay(
    settings: ParserSettings,
    start: StartAt,
    name: str,
    target_topic: str | None = None,
    rate: float | None = None,
    on_progress: Callable[[ReplayProgress], None] | None = None,
) -> ReplayProgress:
    topic = source_topic(settings)
    stop_at = {p: o for p, o in (await end_offsets(settings.kafka, topic)).items() if o > 0}
    group = f"{settings.app_id}-replay-{name}"
    consumer = AIOKafkaConsumer(
        **settings.kafka.client_options(),
        group_id=group,
        enable_auto_commit=False,
        max_partition_fetch_bytes=RAW_PAGE_MAX_MESSAGE_BYTES,
    )
    runtime = ParserRuntime(settings, articles_topic=target_topic)
    await consumer.start()
    await runtime.start()
    try:
        partitions = [TopicPartition(topic, p) for p in sorted(stop_at)]
        consumer.assign(partitions)
        begin = await _positions(consumer, partitions, start)
        progress = ReplayProgress(
            total=sum(max(0, stop_at[tp.partition] - begin[tp]) for tp in partitions),
            started=time.monotonic(),
        )
        await _run(consumer, runtime, partitions, stop_at, _RateLimit(rate), progress, on_progress)
        return progress
    finally:
        await runtime.stop()
        await consumer.stop()


async def _positions(
    consumer: AIOKafkaConsumer, partitions: list[TopicPartition], start: StartAt
) -> dict[TopicPartition, int]:
    """Resume a replay of the same name; else seek to the requested start."""
    committed = {tp: await consumer.committed(tp) for tp in partitions}
    firsts = await consumer.beginning_offsets(partitions)
    by_time = {}
    if start.time is not None:
        by_time = await consumer.offsets_for_times(
            {tp: int(start.time.timestamp() * 1000) for tp in partitions}
        )
    positions = {}
    for tp in partitions:
        if committed[tp] is not None:
            position = committed[tp]
        elif start.time is not None:
            found = by_time.get(tp)
            position = found.offset if found else (await consumer.end_offsets([tp]))[tp]
        else:
            position = max(start.offset or 0, firsts[tp])
        consumer.seek(tp, position)
        positions[tp] = position
    return positions


async def _run(
    consumer: AIOKafkaConsumer,
    runtime: ParserRuntime,
    partitions: list[TopicPartition],
    stop_at: dict[int, int],
    limit: _RateLimit,
    progress: ReplayProgress,
    on_progress: Callable[[ReplayProgress], None] | None,
) -> None:
    assert runtime.pool is not None
    window = runtime.settings.workers * runtime.settings.in_flight_per_worker
    active = {tp for tp in partitions if await consumer.position(tp) < stop_at[tp.partition]}
    in_flight: list[tuple] = []
    last_report = 0.0
    while active or in_flight:
        if active and len(in_flight) < window:
            batch = await consumer.getmany(*active, timeout_ms=500, max_records=window)
            for tp, records in batch.items():
                for record in records:
                    if record.offset >= stop_at[tp.partition]:
                        active.discard(tp)
                        break
                    await limit.wait()
                    in_flight.append(
                        (record, asyncio.ensure_future(runtime.pool.parse(record.value)))
                    )
            for tp in list(active):
                if await consumer.position(tp) >= stop_at[tp.partition]:
                    active.discard(tp)
        if in_flight and (len(in_flight) >= window or not active or in_flight[0][1].done()):
            record, parsing = in_flight.pop(0)
            outcome = await parsing
            await runtime.deliver(record, outcome)
            progress.done += 1
            if outcome.failed:
                progress.dead_letters += 1
            else:
                progress.articles += 1
            tp = TopicPartition(record.topic, record.partition)
            # Commit only what is published: a resumed replay never skips a page.
            await consumer.commit({tp: OffsetAndMetadata(record.offset + 1, "")})
        if on_progress and (time.monotonic() - last_report > 2 or not (active or in_flight)):
            on_progress(progress)
            last_report = time.monotonic()
