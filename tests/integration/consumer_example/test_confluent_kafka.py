"""confluent-kafka (librdkafka, as kcat and most non-Java clients use it) against our producers.

What docs/consumers.md says a librdkafka client needs: `partitioner=murmur2_random` puts a key
on the partition where the project's producers put it, which a tombstone needs for compaction
to remove the article; librdkafka's own default (CRC32) does not. And it reads the articles as
they are written (gzip), headers and all.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from confluent_kafka import Consumer, Producer

from newsroom_shared.contracts import Article, url_id
from newsroom_shared.kafka import make_producer
from newsroom_shared.serialization import encode, headers_for
from newsroom_shared.settings import KafkaSettings
from newsroom_shared.topics import ARTICLES

from .test_consume_articles import article

pytestmark = pytest.mark.integration

KEYS = [url_id(f"https://example.com/2024/05/{n:03}/story") for n in range(60)]


async def partitions_of_our_producer(settings: KafkaSettings, keys: list[str]) -> dict[str, int]:
    """Where the project's producer (aiokafka, its default partitioner) puts each key."""
    producer = make_producer(settings, max_request_size=ARTICLES.max_message_bytes)
    await producer.start()
    try:
        placed = {}
        for key in keys:
            story = article(f"https://example.com/{key}", f"Story {key}")
            sent = await producer.send_and_wait(
                settings.topic(ARTICLES.name),
                encode(story),
                key=key.encode(),
                headers=headers_for(story),
            )
            placed[key] = sent.partition
        return placed
    finally:
        await producer.stop()


def tombstone_partitions(settings: KafkaSettings, keys: list[str], **config: str) -> dict[str, int]:
    """Where librdkafka puts a tombstone (key, null value) for each key, with `config`."""
    placed: dict[str, int] = {}

    def delivered(error: Any, message: Any) -> None:
        assert error is None, error
        placed[message.key().decode()] = message.partition()

    producer = Producer({"bootstrap.servers": settings.bootstrap_servers, **config})
    for key in keys:
        producer.produce(
            settings.topic(ARTICLES.name), key=key.encode(), value=None, on_delivery=delivered
        )
    assert producer.flush(30) == 0, "undelivered tombstones"
    return placed


async def test_murmur2_random_puts_tombstones_where_our_producers_put_articles(
    topics: KafkaSettings,
) -> None:
    ours = await partitions_of_our_producer(topics, KEYS)
    assert len(set(ours.values())) == ARTICLES.partitions, "the keys spread over every partition"

    theirs = await asyncio.to_thread(
        tombstone_partitions, topics, KEYS, partitioner="murmur2_random"
    )

    assert theirs == ours


async def test_librdkafka_default_partitioner_puts_tombstones_elsewhere(
    topics: KafkaSettings,
) -> None:
    """The pitfall the docs warn about: with its defaults, librdkafka hashes keys with CRC32."""
    ours = await partitions_of_our_producer(topics, KEYS)

    theirs = await asyncio.to_thread(tombstone_partitions, topics, KEYS)

    elsewhere = [key for key in KEYS if theirs[key] != ours[key]]
    # With 6 partitions an unrelated hash agrees on about one key in six.
    assert len(elsewhere) > len(KEYS) // 2, elsewhere


def read_all(settings: KafkaSettings, expected: int) -> list[Any]:
    consumer = Consumer(
        {
            "bootstrap.servers": settings.bootstrap_servers,
            "group.id": f"{settings.topic_prefix}confluent-reader",
            "auto.offset.reset": "earliest",
            "enable.auto.commit": False,
            "isolation.level": "read_committed",
        }
    )
    consumer.subscribe([settings.topic(ARTICLES.name)])
    messages: list[Any] = []
    try:
        for _ in range(60):
            messages += [m for m in consumer.consume(num_messages=100, timeout=1.0) if m]
            if len(messages) >= expected:
                break
    finally:
        consumer.close()
    return messages


async def test_reads_the_articles_our_producers_write(topics: KafkaSettings) -> None:
    keys = KEYS[:5]
    await partitions_of_our_producer(topics, keys)

    messages = await asyncio.to_thread(read_all, topics, len(keys))

    assert [m.error() for m in messages] == [None] * len(keys)
    stories = [Article.model_validate_json(m.value()) for m in messages]
    assert sorted(story.title for story in stories) == sorted(f"Story {k}" for k in keys)
    for message in messages:
        headers = {name: value.decode() for name, value in message.headers()}
        assert headers["event-type"] == "Article"
        assert headers["schema-version"] == Article.SCHEMA_VERSION
