"""The parser service: raw pages in, articles (or dead letters) out, on the shared runtime.

Extraction and NLP run in the process pool (`ParserPool`, a deadline per page and crash
recovery); the runtime owns consumption, ordering, publishing and commits. The same handler
serves the live service and `newsroom replay` (another group, a bounded run, another topic).

With `revisions` (the live service), each article is compared with the last version of its page
(`RevisionTracker`, state restored per assigned raw-pages partition): the handler then publishes
the article and any `ArticleRevision` itself, and writes the page's state once they are
acknowledged; the record's offset is committed after all three. A replay re-derives articles
without comparing them.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.structs import ConsumerRecord

from newsroom_parser import metrics
from newsroom_parser.pool import ParserPool
from newsroom_parser.revision_state import RevisionStore
from newsroom_parser.revision_tracker import RevisionTracker
from newsroom_parser.settings import ParserSettings
from newsroom_parser.worker import Outcome
from newsroom_shared.contracts import Article
from newsroom_shared.kafka import partitions_of
from newsroom_shared.runtime.periodic import cancel, start_forgetting
from newsroom_shared.runtime.publisher import Message, PublishRejected
from newsroom_shared.runtime.service import StreamService
from newsroom_shared.runtime.stream import Handler, Rejected, StreamConfig, StreamRuntime
from newsroom_shared.serialization import decode, encode
from newsroom_shared.topics import (
    ARTICLE_REVISIONS,
    ARTICLES,
    RAW_PAGE_MAX_MESSAGE_BYTES,
    RAW_PAGES,
    partition_of,
)

log = logging.getLogger(__name__)


class ParseHandler(Handler):
    def __init__(
        self, settings: ParserSettings, articles_topic: str | None = None, revisions: bool = False
    ) -> None:
        self.settings = settings
        self.articles_topic = articles_topic or settings.kafka.topic(ARTICLES.name)
        self.revisions_topic = settings.kafka.topic(ARTICLE_REVISIONS.name)
        self.track_revisions = revisions
        self.tracker: RevisionTracker | None = None
        self._revision_partitions = ARTICLE_REVISIONS.partitions
        self.pool: ParserPool | None = None
        self._forget: asyncio.Task[None] | None = None
        self._parsing = asyncio.Semaphore(pool_window(settings))

    async def start(self) -> None:
        if self.track_revisions:
            kafka = self.settings.kafka
            store = RevisionStore(
                kafka,
                stopping=self.runtime.stopping,
                load_timeout=self.settings.state_load_timeout_seconds,
            )
            await store.start()
            self.tracker = RevisionTracker(store)
            if (days := self.settings.revision_retention_days) is not None:
                self._forget = start_forgetting(
                    days * 86400, self.runtime.stopping, self._forget_old, "revision state"
                )
            partitions = await partitions_of(kafka, self.revisions_topic)
            if not partitions:
                raise RuntimeError(f"no topic {self.revisions_topic} (run `newsroom topics apply`)")
            self._revision_partitions = len(partitions)
        self.pool = ParserPool(self.settings.workers, self.settings.nlp, self.settings.time_budget)
        await self.pool.warm_up()
        self._parsing = asyncio.Semaphore(pool_window(self.settings))

    async def stop(self) -> None:
        await cancel(self._forget)
        self._forget = None
        if self.pool is not None:
            self.pool.close()
            self.pool = None
        if self.tracker is not None:
            await self.tracker.store.stop()
            self.tracker = None

    async def assigned(self, consumer: AIOKafkaConsumer, partitions: set[TopicPartition]) -> None:
        if self.tracker is not None:
            await self.tracker.store.restore({tp.partition for tp in partitions})
            if (cutoff := self._retention_cutoff()) is not None:  # restored may be past it
                await self.tracker.store.forget_not_seen_since(cutoff)

    def _retention_cutoff(self) -> datetime | None:
        days = self.settings.revision_retention_days
        return None if days is None else datetime.now(UTC) - timedelta(days=days)

    async def _forget_old(self) -> None:
        """Forget pages not seen within the retention, so memory stays bounded."""
        cutoff = self._retention_cutoff()
        if self.tracker is not None and cutoff is not None:
            await self.tracker.store.forget_not_seen_since(cutoff)

    async def revoked(self, partitions: set[TopicPartition]) -> None:
        # Their records are finished (the runtime waited): another instance restores them.
        if self.tracker is not None:
            self.tracker.store.release({tp.partition for tp in partitions})

    async def handle(self, record: ConsumerRecord) -> Sequence[Message]:
        assert self.pool is not None
        async with self._parsing:  # the pool's queue; records being published wait outside it
            outcome = await self.pool.parse(record.value)
        metrics.PARSE_SECONDS.observe(outcome.seconds)
        if outcome.failed:
            metrics.PAGES.labels("dead_letter").inc()
            metrics.DEAD_LETTERS.labels(outcome.reason or "unknown").inc()
            raise Rejected(
                outcome.reason or "unknown",
                outcome.message or "",
                error_class=outcome.error_class,
                url=outcome.url,
                source_id=outcome.source_id,
            )
        metrics.PAGES.labels("article").inc()
        if self.tracker is None:
            return [Message(self.articles_topic, outcome.key, outcome.value, outcome.headers or [])]
        return await self._with_revisions(record, outcome, self.tracker)

    async def _with_revisions(
        self, record: ConsumerRecord, outcome: Outcome, tracker: RevisionTracker
    ) -> Sequence[Message]:
        """Publish the article and its revision, then keep the page's state: in that order,
        each acknowledged before the next, so a crash repeats rather than loses a revision."""
        publisher = self.runtime.publisher
        assert publisher is not None and outcome.value is not None
        article = decode(Article, outcome.value)
        page_id = record.key.decode("utf-8", "replace") if record.key else article.id
        step = await tracker.compare(page_id, record.partition, article, datetime.now(UTC))
        metrics.REVISIONS.labels(step.result).inc()
        value = encode(step.article) if step.changed_article else outcome.value
        articles = [Message(self.articles_topic, outcome.key, value, outcome.headers or [])]
        await self._publish(articles, "publish_rejected", article)
        if step.revision is not None:
            revision = Message.event(self.revisions_topic, step.revision, step.revision.id)
            revision = Message(
                revision.topic,
                revision.key,
                revision.value,
                revision.headers,
                partition=partition_of(article.id, self._revision_partitions),
            )
            try:
                await self._publish([revision], "revision_rejected", article)
            except Rejected:
                await tracker.remember(step)  # the article is out: move on from this version
                raise
        await tracker.remember(step)
        return []

    async def _publish(self, messages: list[Message], reason: str, article: Article) -> None:
        assert self.runtime.publisher is not None
        try:
            await self.runtime.publisher.publish(messages)
        except PublishRejected as refused:
            raise Rejected(
                reason,
                str(refused),
                error_class=type(refused.error).__name__,
                url=article.url,
                source_id=article.source_id,
                details={"topic": refused.message.topic, "bytes": refused.message.size},
            ) from refused

    def health(self) -> tuple[bool, dict[str, object]]:
        # Ready once every worker process has its models loaded.
        pool = self.pool
        return pool is not None and pool.ready, {
            "workers": self.settings.workers,
            "pool_restarts": pool.restarts if pool else 0,
        }


def pool_window(settings: ParserSettings) -> int:
    """Pages handed to the extraction pool at once (queued or being parsed)."""
    return settings.workers * settings.in_flight_per_worker


def stream_config(settings: ParserSettings, group_id: str | None = None) -> StreamConfig:
    # As many records again as the pool holds may be publishing (the article, a revision,
    # the page's state, each acknowledged): they must not keep the pool waiting for pages.
    window = 2 * pool_window(settings)
    return StreamConfig(
        service="parser",
        stage="parse",
        group_id=group_id or settings.group_id,
        topics=(settings.kafka.topic(RAW_PAGES.name),),
        max_fetch_bytes=RAW_PAGE_MAX_MESSAGE_BYTES,
        max_request_size=ARTICLES.max_message_bytes,
        max_in_flight=window,
        max_in_flight_per_partition=window,
        # A page in the pool may take its whole time budget; give it that on a rebalance.
        revoke_grace=min(settings.time_budget, 10.0),
        shutdown_grace=settings.time_budget + 5.0,
    )


def build_service(settings: ParserSettings) -> StreamService:
    handler = ParseHandler(settings, revisions=settings.revisions)
    runtime = StreamRuntime(settings.kafka, stream_config(settings), handler)
    return StreamService(runtime, settings.metrics_port)
