"""Restoring fetch state on an assignment: every record of the partitions, read without
waiting out the consumer's long poll (a rebalance waits for the restore)."""

from __future__ import annotations

import time

import pytest

from newsroom_fetcher.state import StateStore, UrlState
from newsroom_shared.kafka import make_consumer, make_producer
from newsroom_shared.runtime.publisher import Publisher
from newsroom_shared.runtime.retry import RetryPolicy
from newsroom_shared.settings import KafkaSettings
from newsroom_shared.topics import FETCH_STATE

pytestmark = [pytest.mark.integration, pytest.mark.timeout(60)]

LONG_POLL_MS = 4000  # far longer than a restore of a few records takes


async def test_restore_reads_every_record_without_waiting_out_the_long_poll(
    topics: KafkaSettings,
) -> None:
    topic = topics.topic(FETCH_STATE.name)
    producer = make_producer(topics, max_request_size=1024 * 1024)
    await producer.start()
    try:
        writer = StateStore(Publisher(producer, RetryPolicy()), topic, lambda key, s: 0)
        for n in range(3):
            await writer.put(f"k{n}", UrlState(url=f"https://news.example/{n}", status=200))
        await writer.put("k9", UrlState(url="https://news.example/9", status=404), partition=1)
    finally:
        await producer.stop()

    reader = make_consumer(
        topics, group_id=None, max_fetch_bytes=1024 * 1024, fetch_max_wait_ms=LONG_POLL_MS
    )
    await reader.start()
    try:
        restored = StateStore(Publisher(producer, RetryPolicy()), topic, lambda key, s: 0)
        started = time.monotonic()
        # Partition 2 is empty: nothing there to wait for either.
        count = await restored.restore(reader, {0, 1, 2}, limit_seconds=30)
        elapsed = time.monotonic() - started
    finally:
        await reader.stop()
    assert count == 4
    assert restored.get("k2") == UrlState(url="https://news.example/2", status=200)
    assert restored.get("k9") == UrlState(url="https://news.example/9", status=404)
    assert elapsed < LONG_POLL_MS / 2000, f"restore took {elapsed:.2f}s"


async def test_restore_of_empty_partitions_returns_at_once(topics: KafkaSettings) -> None:
    reader = make_consumer(
        topics, group_id=None, max_fetch_bytes=1024 * 1024, fetch_max_wait_ms=LONG_POLL_MS
    )
    await reader.start()
    try:
        store = StateStore(None, topics.topic(FETCH_STATE.name), lambda key, s: 0)  # type: ignore[arg-type]
        started = time.monotonic()
        assert await store.restore(reader, {0, 1}, limit_seconds=30) == 0
        elapsed = time.monotonic() - started
    finally:
        await reader.stop()
    assert len(store) == 0
    assert elapsed < LONG_POLL_MS / 2000, f"restore took {elapsed:.2f}s"
