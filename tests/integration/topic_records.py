"""Reading what a test's services wrote: the first records of a topic, from the beginning."""

from __future__ import annotations

import time

from aiokafka import AIOKafkaConsumer
from aiokafka.structs import ConsumerRecord

from newsroom_shared.settings import KafkaSettings


async def read_topic(
    settings: KafkaSettings, name: str, count: int, within: float
) -> list[ConsumerRecord]:
    """At least `count` records of topic `name` (under the settings' prefix), or as many as
    came within `within` seconds: the caller asserts on how many it got."""
    consumer = AIOKafkaConsumer(
        settings.topic(name),
        bootstrap_servers=settings.bootstrap_servers,
        auto_offset_reset="earliest",
        group_id=None,
    )
    await consumer.start()
    records: list[ConsumerRecord] = []
    deadline = time.monotonic() + within
    try:
        while len(records) < count and time.monotonic() < deadline:
            for batch in (await consumer.getmany(timeout_ms=300)).values():
                records.extend(batch)
    finally:
        await consumer.stop()
    return records
