"""The parser's I/O edge: raw-page events in, articles or dead letters out, acks in order.

Events are handed to the extraction pool as they arrive (bounded by an in-flight window) and
finished strictly in arrival order, so an event is acknowledged (and its offset becomes
committable) only after its article or dead letter was acknowledged by Kafka.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
from typing import Any

from aiokafka import AIOKafkaProducer
from aiokafka.errors import KafkaError

from newsroom_parser import metrics
from newsroom_parser.pool import ParserPool
from newsroom_parser.settings import ParserSettings
from newsroom_parser.worker import Outcome
from newsroom_shared.contracts import Origin
from newsroom_shared.dead_letters import make_dead_letter, publish_dead_letter
from newsroom_shared.kafka import make_producer
from newsroom_shared.topics import ARTICLES, DEAD_LETTERS, RAW_PAGES

log = logging.getLogger(__name__)

_RETRY_DELAYS = (0.5, 1, 2, 5, 10, 30)


class ParserRuntime:
    def __init__(self, settings: ParserSettings, articles_topic: str | None = None) -> None:
        self.settings = settings
        self.articles_topic = articles_topic or settings.kafka.topic(ARTICLES.name)
        self.dead_letters_topic = settings.kafka.topic(DEAD_LETTERS.name)
        self.pool: ParserPool | None = None
        self.producer: AIOKafkaProducer | None = None
        self._start_lock = asyncio.Lock()
        self.last_error: str | None = None

    async def start(self) -> None:
        async with self._start_lock:
            if self.producer is None:
                producer = make_producer(
                    self.settings.kafka, max_request_size=ARTICLES.max_message_bytes
                )
                await producer.start()
                self.producer = producer
            if self.pool is None:
                self.pool = ParserPool(
                    self.settings.workers, self.settings.nlp, self.settings.time_budget
                )
                await self.pool.warm_up()

    async def stop(self) -> None:
        if self.producer is not None:
            await self.producer.stop()
            self.producer = None
        if self.pool is not None:
            self.pool.close()
            self.pool = None

    def health(self) -> tuple[bool, dict[str, object]]:
        # Ready once the producer is connected and every worker process has its models loaded.
        healthy = self.producer is not None and self.pool is not None and self.pool.ready
        return healthy, {
            "workers": self.settings.workers,
            "pool_restarts": self.pool.restarts if self.pool else 0,
            "last_error": self.last_error,
        }

    async def consume(self, stream: Any) -> None:
        """Run the agent's stream: submit in order, publish and ack in order."""
        await self.start()
        assert self.pool is not None
        window = self.settings.workers * self.settings.in_flight_per_worker
        queue: asyncio.Queue[tuple[Any, asyncio.Future[Outcome]]] = asyncio.Queue(window)
        manual = stream.noack()
        finisher = asyncio.create_task(self._finish_in_order(manual, queue))
        try:
            async for event in manual.events():
                if finisher.done():
                    finisher.result()  # surfaces the error that stopped it
                parsing = asyncio.ensure_future(self.pool.parse(event.value))
                metrics.IN_FLIGHT.inc()
                await queue.put((event, parsing))
        finally:
            finisher.cancel()
            # Anything still queued is unacknowledged: Kafka redelivers it after a restart.

    async def _finish_in_order(
        self, stream: Any, queue: asyncio.Queue[tuple[Any, asyncio.Future[Outcome]]]
    ) -> None:
        while True:
            event, parsing = await queue.get()
            outcome = await parsing
            await self.deliver(event.message, outcome)
            await stream.ack(event)
            metrics.IN_FLIGHT.dec()

    async def deliver(self, message: Any, outcome: Outcome) -> None:
        """Publish the outcome, retrying until Kafka acknowledges it (never skipped).

        `message` is the consumed record: a Faust message or an aiokafka ConsumerRecord (both
        have topic, partition, offset, key and value).
        """
        delays = itertools.chain(_RETRY_DELAYS, itertools.repeat(_RETRY_DELAYS[-1]))
        for attempt, delay in enumerate(delays):
            try:
                await self._publish(message, outcome)
                self.last_error = None
                return
            except KafkaError as exc:
                self.last_error = repr(exc)
                log.warning(
                    "publishing failed (attempt %d), retrying in %ss: %r", attempt + 1, delay, exc
                )
                await asyncio.sleep(delay)

    async def _publish(self, message: Any, outcome: Outcome) -> None:
        assert self.producer is not None
        metrics.PARSE_SECONDS.observe(outcome.seconds)
        if not outcome.failed:
            await self.producer.send_and_wait(
                self.articles_topic, outcome.value, key=outcome.key, headers=outcome.headers
            )
            metrics.PAGES.labels("article").inc()
            return
        key = message.key.decode("utf-8", "replace") if message.key else None
        letter = make_dead_letter(
            stage="parse",
            reason=outcome.reason or "unknown",
            error=outcome.message or "",
            error_class=outcome.error_class,
            origin=Origin(
                topic=message.topic, partition=message.partition, offset=message.offset, key=key
            ),
            payload=message.value,
            url=outcome.url,
            source_id=outcome.source_id,
        )
        await publish_dead_letter(self.producer, self.dead_letters_topic, letter, key)
        metrics.PAGES.labels("dead_letter").inc()
        metrics.DEAD_LETTERS.labels(letter.reason).inc()
        log.info("dead-lettered %s: %s (%s)", outcome.url or key, letter.reason, outcome.message)


def source_topic(settings: ParserSettings) -> str:
    return settings.source_topic or settings.kafka.topic(RAW_PAGES.name)
