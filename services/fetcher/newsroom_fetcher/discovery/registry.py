"""The sources topic: the sources file, written where every discovery instance reads it.

`apply_sources` makes the topic say what the file says: a record for each new or changed
source, a tombstone for each source the file no longer has. Running it again changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pydantic import ValidationError

from newsroom_fetcher.discovery.sources import Source
from newsroom_shared.kafka import make_producer
from newsroom_shared.runtime.publisher import Message, Publisher
from newsroom_shared.runtime.retry import RetryPolicy
from newsroom_shared.settings import KafkaSettings
from newsroom_shared.topic_reader import read_to_end
from newsroom_shared.topics import SOURCES


@dataclass(frozen=True)
class SourceChange:
    source_id: str
    action: str  # "added", "changed", "removed", "unchanged"


async def current_sources(kafka: KafkaSettings) -> dict[str, Source]:
    """The sources the topic holds now (the latest record of each id)."""
    found: dict[str, Source] = {}
    async for record in read_to_end(kafka, kafka.topic(SOURCES.name)):
        if record.key is None:
            continue
        source_id = record.key.decode("utf-8", "replace")
        if record.value is None:
            found.pop(source_id, None)
            continue
        try:
            found[source_id] = Source.model_validate_json(record.value)
        except ValidationError:
            found.pop(source_id, None)  # unreadable: written again below
    return found


async def apply_sources(kafka: KafkaSettings, sources: Sequence[Source]) -> list[SourceChange]:
    current = await current_sources(kafka)
    topic = kafka.topic(SOURCES.name)
    messages: list[Message] = []
    changes: list[SourceChange] = []
    for source in sources:
        before = current.get(source.id)
        if before == source:
            changes.append(SourceChange(source.id, "unchanged"))
            continue
        messages.append(Message(topic, source.id.encode(), source.model_dump_json().encode()))
        changes.append(SourceChange(source.id, "added" if before is None else "changed"))
    wanted = {source.id for source in sources}
    for source_id in sorted(set(current) - wanted):
        messages.append(Message(topic, source_id.encode(), None))
        changes.append(SourceChange(source_id, "removed"))
    if messages:
        producer = make_producer(kafka, max_request_size=1024 * 1024)
        try:
            await producer.start()  # refused without write access: stopped all the same
            await Publisher(producer, RetryPolicy(), None).publish(messages)
        finally:
            await producer.stop()
    return changes
