"""What the fetcher writes, through the runtime's Publisher: each message acknowledged by Kafka
before the call returns (retried while Kafka is unavailable), so a caller writes the state that
says something happened only after the event itself is safe."""

from __future__ import annotations

from collections.abc import Sequence

from newsroom_fetcher import metrics
from newsroom_shared.contracts import DeadLetter, FrontierItem, RawPage
from newsroom_shared.runtime.publisher import Message, Publisher
from newsroom_shared.settings import KafkaSettings
from newsroom_shared.topics import DEAD_LETTERS, FRONTIER, RAW_PAGES


class FetchOutputs:
    def __init__(self, publisher: Publisher, kafka: KafkaSettings) -> None:
        self.publisher = publisher
        self.raw_pages_topic = kafka.topic(RAW_PAGES.name)
        self.dead_letters_topic = kafka.topic(DEAD_LETTERS.name)
        self.frontier_topic = kafka.topic(FRONTIER.name)

    async def raw_page(self, page: RawPage) -> None:
        await self.publisher.publish([Message.event(self.raw_pages_topic, page, page.page_id)])
        metrics.PUBLISHED.labels("RawPage").inc()

    async def dead_letter(self, letter: DeadLetter, key: str) -> None:
        await self.publisher.publish([Message.event(self.dead_letters_topic, letter, key)])
        metrics.PUBLISHED.labels("DeadLetter").inc()
        metrics.DEAD_LETTERS.labels(letter.reason).inc()

    async def frontier(self, items: Sequence[FrontierItem]) -> None:
        """Sent together; returns once every one is acknowledged."""
        await self.publisher.publish(
            [Message.event(self.frontier_topic, item, item.host) for item in items]
        )
        metrics.PUBLISHED.labels("FrontierItem").inc(len(items))
