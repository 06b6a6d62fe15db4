"""A RawPage goes through the real broker and comes back intact."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from aiokafka import AIOKafkaConsumer

from newsroom_shared.contracts import FeedItem, RawPage, content_hash, url_id
from newsroom_shared.kafka import apply_topics, make_consumer, make_producer
from newsroom_shared.serialization import (
    EVENT_TYPE_HEADER,
    SCHEMA_VERSION_HEADER,
    decode,
    encode,
    header_value,
    headers_for,
)
from newsroom_shared.settings import KafkaSettings
from newsroom_shared.topics import RAW_PAGES

pytestmark = pytest.mark.integration


def _raw_page(body: bytes) -> RawPage:
    url = "https://example.com/2024/05/01/story"
    return RawPage(
        page_id=url_id(url),
        source_id="example",
        requested_url=url + "?utm_source=x",
        final_url=url,
        canonical_url=url,
        status_code=200,
        headers={"content-type": "text/html; charset=utf-8"},
        content_type="text/html",
        charset="utf-8",
        body=body,
        content_hash=content_hash(body),
        etag='"abc"',
        fetched_at=datetime(2024, 5, 1, 12, 0, tzinfo=UTC),
        feed=FeedItem(feed_url="https://example.com/feed", title="Story", authors=["A. Writer"]),
    )


async def _consume_one(consumer: AIOKafkaConsumer):
    batch = await consumer.getmany(timeout_ms=20_000)
    records = [r for rs in batch.values() for r in rs]
    return records


async def test_raw_page_round_trip(topics: KafkaSettings) -> None:
    # Binary-unsafe bytes and a large body: the envelope must carry them exactly.
    body = "<html><body><p>Zoë says “hi”</p></body></html>".encode() + bytes(range(256)) * 2000
    page = _raw_page(body)
    topic = topics.topic(RAW_PAGES.name)
    producer = make_producer(topics, max_request_size=RAW_PAGES.max_message_bytes)
    await producer.start()
    try:
        metadata = await producer.send_and_wait(
            topic, encode(page), key=page.page_id.encode(), headers=headers_for(page)
        )
    finally:
        await producer.stop()

    consumer = make_consumer(
        topics, topic, group_id=None, max_fetch_bytes=RAW_PAGES.max_message_bytes
    )
    await consumer.start()
    try:
        records = []
        for _ in range(5):
            records += await _consume_one(consumer)
            if records:
                break
    finally:
        await consumer.stop()

    assert len(records) == 1
    record = records[0]
    assert record.partition == metadata.partition and record.offset == metadata.offset
    assert record.key == page.page_id.encode()
    assert header_value(record.headers, EVENT_TYPE_HEADER) == "RawPage"
    assert header_value(record.headers, SCHEMA_VERSION_HEADER) == "1.0"
    back = decode(RawPage, record.value)
    assert back == page
    assert back.body == body


async def test_topics_apply_is_idempotent_and_repairs_drift(kafka_settings: KafkaSettings) -> None:
    first = await apply_topics(kafka_settings)
    assert {c.action for c in first} == {"created"}
    second = await apply_topics(kafka_settings)
    assert {c.action for c in second} == {"unchanged"}

    # Someone changed retention by hand: apply puts the spec back.
    from aiokafka.admin import AIOKafkaAdminClient
    from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType

    name = kafka_settings.topic(RAW_PAGES.name)
    admin = AIOKafkaAdminClient(bootstrap_servers=kafka_settings.bootstrap_servers)
    await admin.start()
    try:
        await admin.alter_configs(
            [ConfigResource(ConfigResourceType.TOPIC, name, configs={"retention.ms": "1000"})]
        )
    finally:
        await admin.close()
    third = await apply_topics(kafka_settings)
    changed = {c.topic: c for c in third}
    assert changed[name].action == "updated"
    assert "retention.ms" in changed[name].detail
    assert {c.action for t, c in changed.items() if t != name} == {"unchanged"}
    fourth = await apply_topics(kafka_settings)
    assert {c.action for c in fourth} == {"unchanged"}
