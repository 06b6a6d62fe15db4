"""Helpers for the fetcher's integration tests: settings, running the service, and reading
what it published."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from aiokafka import ConsumerRecord, TopicPartition

from newsroom_fetcher.discovery.sources import Source
from newsroom_fetcher.service import FetcherService
from newsroom_fetcher.settings import FetcherSettings
from newsroom_shared.contracts import DeadLetter, RawPage
from newsroom_shared.kafka import make_consumer, make_producer
from newsroom_shared.serialization import decode
from newsroom_shared.settings import KafkaSettings
from newsroom_shared.topics import DEAD_LETTERS, RAW_PAGE_MAX_MESSAGE_BYTES, RAW_PAGES


def fetcher_settings(kafka: KafkaSettings, **overrides: Any) -> FetcherSettings:
    """Fast, loopback-friendly settings: politeness lifted unless a test sets it."""
    values: dict[str, Any] = {
        "kafka": kafka,
        "ssrf_allow": ["127.0.0.0/8", "::1/128"],
        "per_host_min_delay_seconds": 0.0,
        "per_host_concurrency": 4,
        "connect_timeout_seconds": 2.0,
        "read_timeout_seconds": 1.0,
        "max_body_bytes": 64 * 1024,
        "max_retries": 2,
        "backoff_base_seconds": 0.1,
        "backoff_max_seconds": 2.0,
        "revisit_after_seconds": 3600.0,
        "failure_backoff_seconds": 3600.0,
        "state_load_timeout_seconds": 30.0,
    }
    values.update(overrides)
    return FetcherSettings(**values)


@asynccontextmanager
async def running(
    settings: FetcherSettings, sources: list[Source], metrics_port: int | None = None
) -> AsyncIterator[Callable[..., Any]]:
    """Run the service; yields `polls(source_id, count=1)`, which waits for finished polls
    (and fails at once if the service itself died)."""
    service = FetcherService(settings, sources, metrics_port=metrics_port)
    task = asyncio.create_task(service.run())

    async def polls(source_id: str, count: int = 1) -> list[Any]:
        waiter = asyncio.create_task(service.polls_done(source_id, count))
        await asyncio.wait({task, waiter}, return_when=asyncio.FIRST_COMPLETED)
        if not waiter.done():
            waiter.cancel()
            task.result()  # raises what killed the service
            raise AssertionError("the service stopped before the polls finished")
        return waiter.result()

    polls.service = service  # type: ignore[attr-defined]
    try:
        yield polls
    finally:
        service.request_stop()
        await task


async def read_topic(kafka: KafkaSettings, base_name: str) -> list[ConsumerRecord]:
    """Every record of a topic, from the beginning to its current end."""
    topic = kafka.topic(base_name)
    producer = make_producer(kafka, max_request_size=RAW_PAGE_MAX_MESSAGE_BYTES)
    await producer.start()
    try:
        numbers = await producer.partitions_for(topic)  # waits for the topic's metadata
    finally:
        await producer.stop()
    partitions = [TopicPartition(topic, p) for p in sorted(numbers)]
    consumer = make_consumer(kafka, group_id=None, max_fetch_bytes=RAW_PAGE_MAX_MESSAGE_BYTES)
    await consumer.start()
    try:
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        end = await consumer.end_offsets(partitions)
        records: list[ConsumerRecord] = []
        remaining = {tp for tp in partitions if end[tp] > 0}
        while remaining:
            batch = await consumer.getmany(*remaining, timeout_ms=1000)
            for part in batch.values():
                records.extend(part)
            remaining = {tp for tp in remaining if await consumer.position(tp) < end[tp]}
        return records
    finally:
        await consumer.stop()


async def raw_pages(kafka: KafkaSettings) -> dict[str, RawPage]:
    """RawPages by Kafka key; fails on a key published twice."""
    pages: dict[str, RawPage] = {}
    for record in await read_topic(kafka, RAW_PAGES.name):
        page = decode(RawPage, record.value)
        key = record.key.decode()
        assert key not in pages, f"published twice: {page.canonical_url}"
        assert key == page.page_id
        pages[key] = page
    return pages


async def dead_letters(kafka: KafkaSettings) -> list[tuple[str, DeadLetter]]:
    return [
        (record.key.decode(), decode(DeadLetter, record.value))
        for record in await read_topic(kafka, DEAD_LETTERS.name)
    ]
