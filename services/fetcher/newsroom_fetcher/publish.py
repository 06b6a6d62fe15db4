"""Writing the fetcher's events: RawPages and DeadLetters, each acknowledged before return."""

from __future__ import annotations

from aiokafka import AIOKafkaProducer

from newsroom_fetcher import metrics
from newsroom_fetcher.settings import FetcherSettings
from newsroom_shared.contracts import DeadLetter, RawPage
from newsroom_shared.dead_letters import publish_dead_letter
from newsroom_shared.kafka import make_producer
from newsroom_shared.serialization import encode, headers_for
from newsroom_shared.topics import DEAD_LETTERS, FETCH_STATE, RAW_PAGES


def make_fetcher_producer(settings: FetcherSettings) -> AIOKafkaProducer:
    # Sized from the raw-pages topic limit, which FetcherSettings checks the body limit against.
    return make_producer(settings.kafka, max_request_size=settings.max_message_bytes)


class Publisher:
    def __init__(self, producer: AIOKafkaProducer, settings: FetcherSettings) -> None:
        self.producer = producer
        self.raw_pages_topic = settings.kafka.topic(RAW_PAGES.name)
        self.dead_letters_topic = settings.kafka.topic(DEAD_LETTERS.name)
        self.state_topic = settings.kafka.topic(FETCH_STATE.name)

    async def raw_page(self, page: RawPage) -> None:
        await self.producer.send_and_wait(
            self.raw_pages_topic,
            encode(page),
            key=page.page_id.encode(),
            headers=headers_for(page),
        )
        metrics.PUBLISHED.labels("RawPage").inc()

    async def dead_letter(self, letter: DeadLetter, key: str) -> None:
        await publish_dead_letter(self.producer, self.dead_letters_topic, letter, key)
        metrics.PUBLISHED.labels("DeadLetter").inc()
        metrics.DEAD_LETTERS.labels(letter.reason).inc()
