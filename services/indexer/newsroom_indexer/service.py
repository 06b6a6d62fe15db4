"""The indexer service: articles topic -> Elasticsearch, committing only what is safe.

Two stages, one batch apart. The fill stage takes a batch from Kafka (count, bytes, time
bounds), decodes it and builds its documents. The write stage writes it (BulkWriter retries
until Elasticsearch has acknowledged or finally rejected every document), publishes dead
letters for the rejections and waits for Kafka's acknowledgement, then commits the batch's
offsets; batches are committed in order. While Elasticsearch is unavailable the assigned
partitions are paused, so nothing new is taken, and the consumer still polls, so the group
keeps it as a member.

After a rebalance, records fetched under the old assignment are dropped uncommitted: the new
owner (possibly this instance) reads them again from the committed offsets, and writing them
twice is harmless (external versioning).
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import time
from dataclasses import dataclass
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRebalanceListener, TopicPartition
from aiokafka.errors import CommitFailedError, IllegalStateError, KafkaError
from aiokafka.structs import ConsumerRecord
from elasticsearch import ApiError, AsyncElasticsearch, TransportError

from newsroom_indexer import es_admin, metrics
from newsroom_indexer.batching import Batch, BatchLimits, commit_positions
from newsroom_indexer.es_client import make_client
from newsroom_indexer.records import Decoded, dead_letters_for, decode_cooperatively
from newsroom_indexer.settings import IndexerSettings
from newsroom_indexer.templates import Names
from newsroom_indexer.writer import Backoff, BulkWriter, WriteAborted, WriteReport
from newsroom_shared.contracts import DeadLetter
from newsroom_shared.dead_letters import publish_dead_letter
from newsroom_shared.kafka import make_consumer, make_producer
from newsroom_shared.runtime.service import Service
from newsroom_shared.topics import ARTICLES, DEAD_LETTERS

log = logging.getLogger(__name__)


@dataclass
class IndexerStats:
    """Counters for tests, the benchmark and /health (Prometheus has the same, labelled)."""

    batches: int = 0
    committed: int = 0  # messages whose offsets are committed
    indexed: int = 0
    stale: int = 0
    rejected: int = 0
    invalid: int = 0
    tombstones: int = 0
    first_record_at: float | None = None
    last_commit_at: float | None = None


@dataclass(frozen=True)
class _Pending:
    """A fetched and decoded batch waiting for the write stage."""

    generation: int
    records: list[ConsumerRecord]
    decoded: Decoded


async def _next_batch(
    queue: asyncio.Queue[_Pending | None], filler: asyncio.Task[None]
) -> _Pending | None:
    """The next batch, or None at the end; re-raises the fill stage's failure if it failed."""
    getter = asyncio.ensure_future(queue.get())
    try:
        await asyncio.wait({getter, filler}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        getter.cancel()
    if getter.done() and not getter.cancelled():
        return getter.result()
    if filler.done() and not filler.cancelled() and filler.exception() is not None:
        raise filler.exception()  # type: ignore[misc]
    # The fill stage ended normally: it queued its last batches and the end marker first.
    return await queue.get()


def _record_size(record: ConsumerRecord) -> int:
    return len(record.value or b"") + len(record.key or b"")


# Decoding an article and building its documents allocates a few hundred short-lived objects;
# with the default thresholds (700) the collector ran several times per article and took about
# 40% of that work. Collections still happen, 70 times less often.
GC_THRESHOLDS = (50_000, 20, 100)


def tune_gc() -> None:
    gc.set_threshold(*GC_THRESHOLDS)


class _Rebalance(ConsumerRebalanceListener):
    def __init__(self, service: IndexerService) -> None:
        self._service = service

    async def on_partitions_revoked(self, revoked: Any) -> None:
        self._service._assignment_changed()

    async def on_partitions_assigned(self, assigned: Any) -> None:
        if self._service._paused and self._service._consumer is not None and assigned:
            self._service._consumer.pause(*assigned)


class IndexerService(Service):
    name = "indexer"

    def __init__(self, settings: IndexerSettings) -> None:
        super().__init__(settings.metrics_port)
        self.settings = settings
        self.names = Names(settings.elasticsearch.index_prefix)
        self.stats = IndexerStats()
        self.analysis: str | None = None
        self.lifecycle: str | None = None
        self._limits = BatchLimits(
            settings.batch_max_docs, settings.batch_max_bytes, settings.batch_max_wait
        )
        self._backoff = Backoff(settings.retry_initial_backoff, settings.retry_max_backoff)
        self._consumer: AIOKafkaConsumer | None = None
        self._generation = 0
        self._carry: list[ConsumerRecord] = []
        self._paused = False
        self._polling = False  # the fill stage is inside getmany
        self._es_available = True

    def health(self) -> tuple[bool, dict[str, object]]:
        """Healthy while the service runs, also when paused on an Elasticsearch outage: that is
        the intended behaviour, and a restart would not help. The details say which."""
        details: dict[str, object] = {
            "elasticsearch": "available" if self._es_available else "unavailable",
            "consumption": "paused" if self._paused else "running",
            "analysis": self.analysis,
            "lifecycle": self.lifecycle,
            "committed": self.stats.committed,
        }
        if self.stats.last_commit_at is not None:
            details["last_commit_age_s"] = round(time.time() - self.stats.last_commit_at, 1)
        return True, details

    async def main(self, stopping: asyncio.Event) -> None:
        settings = self.settings
        tune_gc()
        es = make_client(settings.elasticsearch)
        consumer = make_consumer(
            settings.kafka,
            group_id=settings.group_id,
            max_fetch_bytes=ARTICLES.max_message_bytes,
        )
        producer = make_producer(settings.kafka, max_request_size=DEAD_LETTERS.max_message_bytes)
        self._consumer = consumer
        rollover_task: asyncio.Task[None] | None = None
        try:
            if not await self._prepare_index(es, stopping):
                return
            consumer.subscribe([settings.kafka.topic(ARTICLES.name)], listener=_Rebalance(self))
            await consumer.start()
            await producer.start()
            if self.lifecycle == "service":
                rollover_task = asyncio.create_task(self._rollover_loop(es, stopping))
            writer = BulkWriter(
                es,
                self.names,
                backoff=self._backoff,
                chunk_docs=settings.bulk_chunk_docs,
                chunk_bytes=settings.bulk_chunk_bytes,
                concurrency=settings.bulk_concurrency,
                stopping=stopping,
                on_retry=self._on_es_retry,
            )
            await self._consume(consumer, producer, writer, stopping)
        finally:
            if rollover_task is not None:
                rollover_task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await rollover_task
            await consumer.stop()
            await producer.stop()
            await es.close()
            self._consumer = None

    # -- start-up --

    async def _prepare_index(self, es: AsyncElasticsearch, stopping: asyncio.Event) -> bool:
        """Apply the index design (or just detect the lifecycle), waiting for Elasticsearch."""
        attempt = 0
        while not stopping.is_set():
            try:
                if self.settings.apply_on_start:
                    result = await es_admin.apply(
                        es,
                        self.names,
                        analysis=self.settings.analysis,
                        lifecycle=self.settings.lifecycle,
                        options=es_admin.template_options(self.settings),
                    )
                    for change in result.changes:
                        if change.action not in ("unchanged", "exists"):
                            log.info(
                                "es apply: %s %s %s", change.action, change.target, change.detail
                            )
                    self.analysis, self.lifecycle = result.analysis, result.lifecycle
                else:
                    caps = await es_admin.detect(es)
                    self.lifecycle = es_admin.choose_lifecycle(self.settings.lifecycle, caps)
                log.info(
                    "index %s: analysis %s, lifecycle %s",
                    self.names.prefix,
                    self.analysis or "as applied",
                    self.lifecycle,
                )
                return True
            except (ApiError, TransportError) as exc:
                delay = self._backoff.delay(attempt, 0.5)
                log.warning("elasticsearch not ready (%s); retrying in %.1fs", exc, delay)
                attempt += 1
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stopping.wait(), delay)
        return False

    async def _rollover_loop(self, es: AsyncElasticsearch, stopping: asyncio.Event) -> None:
        """Rollover where the cluster has no ILM: check the conditions on a timer."""
        options = es_admin.template_options(self.settings)
        while not stopping.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stopping.wait(), self.settings.rollover_check_interval)
            if stopping.is_set():
                return
            try:
                results = await es_admin.rollover(es, self.names, options)
            except (ApiError, TransportError) as exc:
                log.warning("rollover check failed: %s", exc)
                continue
            for kind, result in results.items():
                if result.get("rolled_over"):
                    metrics.ROLLOVERS.labels(kind).inc()
                    log.info(
                        "rolled %s over: %s -> %s",
                        kind,
                        result.get("old_index"),
                        result.get("new_index"),
                    )

    # -- the loop --

    async def _consume(
        self,
        consumer: AIOKafkaConsumer,
        producer: AIOKafkaProducer,
        writer: BulkWriter,
        stopping: asyncio.Event,
    ) -> None:
        """Two stages, one batch apart: while Elasticsearch writes batch N, the next batch is
        fetched and decoded. Batches are written and committed strictly in order."""
        queue: asyncio.Queue[_Pending | None] = asyncio.Queue(maxsize=1)
        filler = asyncio.create_task(self._fill_stage(consumer, queue, stopping))
        try:
            await self._write_stage(consumer, producer, writer, queue, filler, stopping)
        finally:
            filler.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await filler

    async def _fill_stage(
        self,
        consumer: AIOKafkaConsumer,
        queue: asyncio.Queue[_Pending | None],
        stopping: asyncio.Event,
    ) -> None:
        while not stopping.is_set():
            generation = self._generation
            records = await self._fill(consumer, stopping)
            if records:
                decoded = await decode_cooperatively(records)
                await queue.put(_Pending(generation, records, decoded))
        await queue.put(None)  # nothing more: the write stage finishes what is queued, then ends

    async def _write_stage(
        self,
        consumer: AIOKafkaConsumer,
        producer: AIOKafkaProducer,
        writer: BulkWriter,
        queue: asyncio.Queue[_Pending | None],
        filler: asyncio.Task[None],
        stopping: asyncio.Event,
    ) -> None:
        dead_letter_topic = self.settings.kafka.topic(DEAD_LETTERS.name)
        while True:
            pending = await _next_batch(queue, filler)
            if pending is None:
                return
            started = time.monotonic()
            try:
                report = await writer.write(pending.decoded.incoming)
            except WriteAborted as exc:
                log.warning("batch of %d left uncommitted: %s", len(pending.records), exc)
                return
            metrics.BATCH_SECONDS.observe(time.monotonic() - started)
            letters = dead_letters_for(pending.decoded, report)
            if not await self._publish(producer, dead_letter_topic, letters, stopping):
                return
            self._resume(consumer)
            if pending.generation != self._generation:
                log.info(
                    "partitions were reassigned during the batch: %d records left "
                    "uncommitted for their new owner",
                    len(pending.records),
                )
                continue
            if await self._commit(consumer, pending.records):
                self._count(pending.records, pending.decoded, report)

    async def _fill(self, consumer: AIOKafkaConsumer, stopping: asyncio.Event) -> list[Any]:
        batch: Batch[ConsumerRecord] = Batch(self._limits)
        while self._carry and batch.offer(
            self._carry[0], _record_size(self._carry[0]), time.monotonic()
        ):
            self._carry.pop(0)
        while not stopping.is_set() and not batch.full and not self._carry:
            now = time.monotonic()
            if batch.ready(now):
                break
            # Wake at least every second to notice a stop request.
            wait = min(batch.time_left(now), 1.0)
            self._polling = True
            try:
                fetched = await consumer.getmany(
                    timeout_ms=max(1, int(wait * 1000)), max_records=batch.room
                )
            finally:
                self._polling = False
            records = [record for part in fetched.values() for record in part]
            if records and self.stats.first_record_at is None:
                self.stats.first_record_at = time.time()
            for position, record in enumerate(records):
                if not batch.offer(record, _record_size(record), time.monotonic()):
                    self._carry.extend(records[position:])
                    break
        return batch.items

    async def _publish(
        self,
        producer: AIOKafkaProducer,
        topic: str,
        letters: list[tuple[DeadLetter, str | None]],
        stopping: asyncio.Event,
    ) -> bool:
        """Publish dead letters and wait for each acknowledgement; retry while Kafka fails."""
        pending = list(letters)
        attempt = 0
        while pending:
            letter, key = pending[0]
            try:
                await publish_dead_letter(producer, topic, letter, key)
            except KafkaError as exc:
                delay = self._backoff.delay(attempt, 0.5)
                attempt += 1
                log.warning("cannot publish a dead letter (%s); retrying in %.1fs", exc, delay)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stopping.wait(), delay)
                if stopping.is_set():
                    return False
                continue
            metrics.DEAD_LETTERS.labels(letter.reason).inc()
            log.warning(
                "dead letter %s: %s %s",
                letter.reason,
                letter.error_class,
                letter.error_message[:300],
            )
            pending.pop(0)
        return True

    async def _commit(self, consumer: AIOKafkaConsumer, records: list[ConsumerRecord]) -> bool:
        offsets = {
            TopicPartition(topic, partition): offset
            for (topic, partition), offset in commit_positions(records).items()
        }
        try:
            await consumer.commit(offsets)
        except (CommitFailedError, IllegalStateError) as exc:
            # Lost the partitions meanwhile: the new owner re-reads and re-writes (idempotent).
            log.warning("commit refused after a rebalance, batch left to the new owner: %s", exc)
            return False
        return True

    def _count(
        self,
        records: list[ConsumerRecord],
        decoded: Decoded,
        report: WriteReport,
    ) -> None:
        stats = self.stats
        stats.batches += 1
        stats.committed += len(records)
        stats.indexed += len(report.indexed)
        stats.stale += len(report.stale) + len(report.superseded)
        stats.rejected += len({id(m) for m, _ in report.rejected})
        stats.invalid += len(decoded.invalid)
        stats.tombstones += decoded.tombstones
        stats.last_commit_at = time.time()
        metrics.BATCHES.inc()
        metrics.BATCH_MESSAGES.observe(len(records))
        metrics.LAST_COMMIT.set(stats.last_commit_at)
        for outcome, count in (
            ("indexed", len(report.indexed)),
            ("stale", len(report.stale)),
            ("superseded", len(report.superseded)),
            ("rejected", len({id(m) for m, _ in report.rejected})),
            ("invalid", len(decoded.invalid)),
            ("tombstone", decoded.tombstones),
        ):
            if count:
                metrics.MESSAGES.labels(outcome).inc(count)
        for (kind, result), count in report.documents.items():
            if count > 0:
                metrics.DOCUMENTS.labels(kind, result).inc(count)

    # -- outage handling --

    async def _on_es_retry(self, reason: str, delay: float) -> None:
        consumer = self._consumer
        self._es_available = False
        if consumer is None:
            return
        if not self._paused:
            log.warning("elasticsearch unavailable (%s): consumption paused", reason)
            self._paused = True
            metrics.PAUSED.set(1)
        consumer.pause(*consumer.assignment())
        if self._polling:
            return  # the fill stage is polling already
        # Polling keeps this member in the group (max_poll_interval_ms) during a long outage
        # while the fill stage waits for the write stage; paused partitions return nothing,
        # and anything that slips through is rewound.
        fetched = await consumer.getmany(timeout_ms=0)
        for tp, part in fetched.items():
            if part:
                consumer.seek(tp, part[0].offset)

    def _resume(self, consumer: AIOKafkaConsumer) -> None:
        self._es_available = True
        if self._paused:
            consumer.resume(*consumer.assignment())
            self._paused = False
            metrics.PAUSED.set(0)
            log.info("elasticsearch is back: consumption resumed")

    def _assignment_changed(self) -> None:
        self._generation += 1
        # Fetched but unprocessed records belong to the old assignment.
        self._carry.clear()
