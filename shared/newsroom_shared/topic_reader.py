"""Read a topic from the beginning up to where it ended when reading started (no group)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable, Iterable

from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition

from newsroom_shared.kafka import end_offsets
from newsroom_shared.settings import KafkaSettings
from newsroom_shared.topics import RAW_PAGE_MAX_MESSAGE_BYTES


def _reader(settings: KafkaSettings) -> AIOKafkaConsumer:
    """A consumer outside any group that reads messages of every size a topic allows."""
    return AIOKafkaConsumer(
        **settings.client_options(),
        group_id=None,
        enable_auto_commit=False,
        max_partition_fetch_bytes=RAW_PAGE_MAX_MESSAGE_BYTES,
    )


async def read_to_end(
    settings: KafkaSettings, topic: str, idle_seconds: float = 10.0
) -> AsyncIterator[ConsumerRecord]:
    """Every record present now, partition by partition order preserved, then stop."""
    ends = {p: o for p, o in (await end_offsets(settings, topic)).items() if o > 0}
    if not ends:
        return
    consumer = _reader(settings)
    await consumer.start()
    try:
        partitions = [TopicPartition(topic, p) for p in ends]
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        remaining = dict(ends)
        last_progress = time.monotonic()
        while remaining:
            batch = await consumer.getmany(*partitions, timeout_ms=500)
            for tp, records in batch.items():
                for record in records:
                    if tp.partition in remaining and record.offset < remaining[tp.partition]:
                        yield record
                        last_progress = time.monotonic()
                if records and records[-1].offset + 1 >= remaining.get(tp.partition, 0):
                    remaining.pop(tp.partition, None)
            # Compaction or retention can leave the end offset unreachable (no record there).
            for tp in partitions:
                if (
                    tp.partition in remaining
                    and await consumer.position(tp) >= remaining[tp.partition]
                ):
                    remaining.pop(tp.partition)
            if time.monotonic() - last_progress > idle_seconds:
                break
    finally:
        await consumer.stop()


async def read_partitions(
    consumer: AIOKafkaConsumer,
    topic: str,
    partitions: Iterable[int],
    apply: Callable[[ConsumerRecord], None],
    limit_seconds: float,
) -> int:
    """Apply every record of `partitions` of `topic`, from the beginning up to their end when
    reading started, in order; returns how many. `consumer` is started, in no group and
    assigned nothing: this is how a service restores the state of partitions it was given.

    The end offsets are asked before anything is assigned: an assigned partition is
    long-polled, and a broker answers one connection's requests in turn, so a question asked
    behind a poll of an empty partition would wait out `fetch_max_wait_ms` for nothing.
    """
    wanted = [TopicPartition(topic, p) for p in sorted(set(partitions))]
    if not wanted:
        return 0
    count = 0
    async with asyncio.timeout(limit_seconds):
        end = await consumer.end_offsets(wanted)
        remaining = {tp for tp in wanted if end[tp] > 0}
        if not remaining:
            return 0
        consumer.assign(sorted(remaining))
        await consumer.seek_to_beginning(*remaining)
        while remaining:
            batches = await consumer.getmany(*remaining, timeout_ms=1000)
            for tp, records in batches.items():
                for record in records:
                    if record.offset < end[tp]:
                        count += 1
                        apply(record)
            # Compaction can leave the end offset unreachable (no record there): go by position.
            for tp in list(remaining):
                if await consumer.position(tp) >= end[tp]:
                    remaining.discard(tp)
    return count


async def read_one(
    settings: KafkaSettings, topic: str, partition: int, offset: int
) -> ConsumerRecord | None:
    """The record at topic/partition/offset, or None when it is gone (retention, compaction)."""
    consumer = _reader(settings)
    await consumer.start()
    try:
        tp = TopicPartition(topic, partition)
        consumer.assign([tp])
        consumer.seek(tp, offset)
        batch = await consumer.getmany(tp, timeout_ms=5000, max_records=1)
        records = batch.get(tp, [])
        return records[0] if records and records[0].offset == offset else None
    finally:
        await consumer.stop()
