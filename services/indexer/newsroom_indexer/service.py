"""The indexer service: articles topic -> Elasticsearch, on the shared runtime; and story
assignments and article revisions, which it reads too, to the article documents' `story` and
the stories and revisions indices (one record, one write; see `BulkWriter.write_story`).

Each article record is decoded and its documents built, then handed to the `WriteBatcher`,
which writes articles in bulk (`BulkWriter` retries until Elasticsearch has acknowledged or
finally rejected every document). A record is finished, and its offset may be committed, only
after its bulk write returned and its dead letters (if any) were acknowledged. While
Elasticsearch is unavailable the handler says so (`accepting`), and the runtime takes nothing
new but stays in its group. A stop requested during an outage leaves the waiting records
uncommitted; they are written after a restart (external versioning makes a second write
harmless).
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import pydantic_core
from aiokafka.structs import ConsumerRecord
from elasticsearch import ApiError, AsyncElasticsearch, TransportError

from newsroom_indexer import es_admin, metrics
from newsroom_indexer.batcher import WriteBatcher, Written
from newsroom_indexer.batching import BatchLimits
from newsroom_indexer.bulk_items import Incoming, Rejection, WriteAborted, WriteReport
from newsroom_indexer.documents import revision_document, story_document, story_fields
from newsroom_indexer.es_client import make_client
from newsroom_indexer.records import Decoded, dead_letters_for, decode_record
from newsroom_indexer.settings import IndexerSettings
from newsroom_indexer.templates import Names
from newsroom_indexer.writer import BulkWriter
from newsroom_shared.contracts import ArticleRevision, StoryAssignment
from newsroom_shared.runtime.publisher import Message
from newsroom_shared.runtime.retry import RetryPolicy
from newsroom_shared.runtime.service import StreamService
from newsroom_shared.runtime.stream import (
    Abandoned,
    Handler,
    Rejected,
    StreamConfig,
    StreamRuntime,
    StreamStats,
)
from newsroom_shared.serialization import DecodeError, decode
from newsroom_shared.topics import ARTICLE_REVISIONS, ARTICLES, DEAD_LETTERS, STORY_CLUSTERS

INDEXED_TOPICS = (ARTICLES, STORY_CLUSTERS, ARTICLE_REVISIONS)
SIDE_WRITE_CONCURRENCY = 8
# Records handed over at once: one task, decoded between two turns of the event loop.
RECORDS_PER_TASK = 100

log = logging.getLogger(__name__)

# Decoding an article and building its documents allocates a few hundred short-lived objects;
# with the default thresholds (700) the collector ran several times per article and took about
# 40% of that work. Collections still happen, 70 times less often.
GC_THRESHOLDS = (50_000, 20, 100)


def tune_gc() -> None:
    gc.set_threshold(*GC_THRESHOLDS)


@dataclass
class IndexerStats:
    """Counters for tests, the benchmark and /health (Prometheus has the same, labelled)."""

    stream: StreamStats | None = None  # the runtime's: what is committed
    indexed: int = 0
    stale: int = 0
    rejected: int = 0
    invalid: int = 0
    tombstones: int = 0
    first_record_at: float | None = None

    @property
    def committed(self) -> int:
        """Messages whose offsets are committed."""
        return self.stream.committed if self.stream else 0

    @property
    def last_commit_at(self) -> float | None:
        return self.stream.last_commit_at if self.stream else None


class IndexHandler(Handler):
    def __init__(self, settings: IndexerSettings) -> None:
        self.settings = settings
        self.names = Names(settings.elasticsearch.index_prefix)
        self.stats = IndexerStats()
        self.analysis: str | None = None
        self.lifecycle: str | None = None
        self.retry = RetryPolicy(settings.retry_initial_backoff, settings.retry_max_backoff)
        self._dead_letter_topic = settings.kafka.topic(DEAD_LETTERS.name)
        self._es: AsyncElasticsearch | None = None
        self._writer: BulkWriter | None = None
        self._batcher: WriteBatcher | None = None
        self._rollover: asyncio.Task[None] | None = None
        self._stories_topic = settings.kafka.topic(STORY_CLUSTERS.name)
        self._revisions_topic = settings.kafka.topic(ARTICLE_REVISIONS.name)
        # Assignments and revisions are written one record at a time: at most this many
        # requests at once, however many records are in flight.
        self._side_writes = asyncio.Semaphore(SIDE_WRITE_CONCURRENCY)

    # -- lifecycle --

    async def start(self) -> None:
        tune_gc()
        stopping = self.runtime.stopping
        self._es = make_client(self.settings.elasticsearch)
        if not await self._prepare_index(self._es, stopping):
            return
        self._writer = BulkWriter(
            self._es,
            self.names,
            retry=self.retry,
            chunk_docs=self.settings.bulk_chunk_docs,
            chunk_bytes=self.settings.bulk_chunk_bytes,
            concurrency=self.settings.bulk_concurrency,
            stopping=stopping,
        )
        limits = BatchLimits(
            self.settings.batch_max_docs,
            self.settings.batch_max_bytes,
            self.settings.batch_max_wait,
        )
        self._batcher = WriteBatcher(self._writer.write, limits, on_report=_count_batch)
        if self.lifecycle == "service":
            self._rollover = asyncio.create_task(self._rollover_loop(self._es, stopping))

    async def stop(self) -> None:
        if self._rollover is not None:
            self._rollover.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._rollover
        if self._batcher is not None:
            await self._batcher.close()
        if self._es is not None:
            await self._es.close()

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
                delay = self.retry.delay(attempt)
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

    # -- one record --

    # The records of a fetch come in groups (`RECORDS_PER_TASK`), one task each, their articles
    # handed to the batcher together (one task per record cost a fifth of the indexer's CPU).
    # Small groups: a group's room in the window frees only once its last batch is written.
    takes_many = True

    async def handle(self, record: ConsumerRecord) -> Sequence[Message]:
        (result,) = await self.handle_many([record])
        if isinstance(result, Rejected):
            raise result
        return result

    async def handle_many(
        self, records: Sequence[ConsumerRecord]
    ) -> Sequence[Sequence[Message] | Rejected]:
        if self.stats.first_record_at is None:
            self.stats.first_record_at = time.time()
        results: list[Sequence[Message] | Rejected] = [[] for _ in records]
        side: list[tuple[int, ConsumerRecord]] = []
        articles: list[tuple[int, Incoming]] = []
        for index, record in enumerate(records):
            if record.topic in (self._stories_topic, self._revisions_topic):
                side.append((index, record))
                continue
            decoded = decode_record(record)
            if decoded is None:
                self.stats.tombstones += 1
                metrics.MESSAGES.labels("tombstone").inc()
            elif isinstance(decoded, Incoming):
                articles.append((index, decoded))
            else:
                self.stats.invalid += 1
                metrics.MESSAGES.labels("invalid").inc()
                results[index] = self._letters(Decoded([], [(record, *decoded)], 0), WriteReport())
        outcomes = await asyncio.gather(
            self._write_articles(articles, results),
            self._write_side(side, results),
            return_exceptions=True,
        )
        for outcome in outcomes:
            if isinstance(outcome, BaseException):
                raise outcome  # Abandoned (stopping during an outage), or a bug
        return results

    async def _write_articles(
        self, articles: list[tuple[int, Incoming]], results: list[Sequence[Message] | Rejected]
    ) -> None:
        if not articles:
            return
        if self._batcher is None:
            raise Abandoned("the index is not ready (stopping before Elasticsearch answered)")
        try:
            written = await self._batcher.submit_many([incoming for _, incoming in articles])
        except WriteAborted as exc:
            raise Abandoned(str(exc)) from exc
        for (index, incoming), outcome in zip(articles, written, strict=True):
            self._count(outcome)
            if outcome.outcome == "rejected":
                report = WriteReport(rejected=[(incoming, r) for r in outcome.rejections])
                results[index] = self._letters(Decoded([], [], 0), report)

    async def _write_side(
        self, side: list[tuple[int, ConsumerRecord]], results: list[Sequence[Message] | Rejected]
    ) -> None:
        async def one(index: int, record: ConsumerRecord) -> None:
            write = self._story if record.topic == self._stories_topic else self._revision
            try:
                results[index] = await self._side(record, write)
            except Rejected as rejection:
                results[index] = rejection

        outcomes = await asyncio.gather(*(one(i, r) for i, r in side), return_exceptions=True)
        for outcome in outcomes:
            if isinstance(outcome, BaseException):
                raise outcome  # Abandoned (stopping during an outage), or a bug

    # -- story assignments and revisions: one record, one write --

    async def _side(
        self, record: ConsumerRecord, write: Callable[[ConsumerRecord], Awaitable[str]]
    ) -> Sequence[Message]:
        if record.value is None:
            self.stats.tombstones += 1  # compaction's business; nothing to index
            metrics.MESSAGES.labels("tombstone").inc()
            return []
        if self._writer is None:
            raise Abandoned("the index is not ready (stopping before Elasticsearch answered)")
        try:
            async with self._side_writes:
                outcome = await write(record)
        except WriteAborted as exc:
            raise Abandoned(str(exc)) from exc
        except Rejected:
            self.stats.invalid += 1
            metrics.MESSAGES.labels("invalid").inc()
            raise
        if outcome == "indexed":
            self.stats.indexed += 1
        else:
            self.stats.stale += 1
        metrics.MESSAGES.labels(outcome).inc()
        return []

    async def _story(self, record: ConsumerRecord) -> str:
        assert self._writer is not None
        try:
            assignment = decode(StoryAssignment, record.value)
        except DecodeError as exc:
            raise Rejected("invalid_story_assignment", str(exc), error_class="DecodeError") from exc
        now = datetime.now(UTC)
        document = pydantic_core.to_json(story_document(assignment, now))
        outcome, rejection = await self._writer.write_story(
            assignment.article_id,
            assignment.story_version,
            story_fields(assignment),
            document,
        )
        if rejection is not None:
            raise _rejected(rejection, assignment.url, assignment.source_id)
        return outcome

    async def _revision(self, record: ConsumerRecord) -> str:
        assert self._writer is not None
        try:
            revision = decode(ArticleRevision, record.value)
        except DecodeError as exc:
            raise Rejected("invalid_revision", str(exc), error_class="DecodeError") from exc
        document = pydantic_core.to_json(revision_document(revision, datetime.now(UTC)))
        outcome, rejection = await self._writer.write_revision(revision.id, document)
        if rejection is not None:
            raise _rejected(rejection, revision.url, revision.source_id)
        return outcome

    def _letters(self, decoded: Decoded, report: WriteReport) -> list[Message]:
        messages = []
        for letter, key in dead_letters_for(decoded, report):
            metrics.DEAD_LETTERS.labels(letter.reason).inc()
            log.warning(
                "dead letter %s: %s %s",
                letter.reason,
                letter.error_class,
                letter.error_message[:300],
            )
            messages.append(Message.event(self._dead_letter_topic, letter, key))
        return messages

    def _count(self, written: Written) -> None:
        stats = self.stats
        if written.outcome == "indexed":
            stats.indexed += 1
        elif written.outcome == "rejected":
            stats.rejected += 1
        else:  # an equal or newer version is indexed already
            stats.stale += 1
        metrics.MESSAGES.labels(written.outcome).inc()

    # -- flow control and health --

    def accepting(self) -> bool:
        # While Elasticsearch is unavailable, taking more records only fills memory.
        return self._writer is None or not self._writer.retrying

    def health(self) -> tuple[bool, dict[str, object]]:
        """Healthy while the service runs, also when paused on an Elasticsearch outage: that is
        the intended behaviour, and a restart would not help. The details say which."""
        available = self._writer is not None and not self._writer.retrying
        metrics.PAUSED.set(0 if available else 1)
        return True, {
            "elasticsearch": "available" if available else "unavailable",
            "analysis": self.analysis,
            "lifecycle": self.lifecycle,
        }


def _rejected(rejection: Rejection, url: str, source_id: str) -> Rejected:
    """Elasticsearch refused a story assignment or a revision for good: its dead letter."""
    return Rejected(
        rejection.reason,
        rejection.message,
        error_class=rejection.error_type,
        url=url,
        source_id=source_id,
        details={
            "index": rejection.kind,
            "document_id": rejection.doc_id,
            "status": rejection.status,
        },
    )


def _count_batch(report: WriteReport, seconds: float) -> None:
    metrics.BATCHES.inc()
    metrics.BATCH_SECONDS.observe(seconds)
    metrics.BATCH_MESSAGES.observe(
        len(report.indexed) + len(report.stale) + len(report.superseded) + len(report.rejected)
    )
    metrics.LAST_COMMIT.set(time.time())
    for (kind, result), count in report.documents.items():
        if count > 0:
            metrics.DOCUMENTS.labels(kind, result).inc(count)


def stream_config(settings: IndexerSettings) -> StreamConfig:
    return StreamConfig(
        service="indexer",
        stage="index",
        group_id=settings.group_id,
        # Articles, and what the index shows of them besides: their stories and revisions.
        topics=tuple(settings.kafka.topic(t.name) for t in INDEXED_TOPICS),
        max_fetch_bytes=max(t.max_message_bytes for t in INDEXED_TOPICS),
        max_request_size=DEAD_LETTERS.max_message_bytes,
        # Two batches' worth: one being written while the next fills.
        max_in_flight=2 * settings.batch_max_docs,
        max_in_flight_per_partition=2 * settings.batch_max_docs,
        max_group=RECORDS_PER_TASK,
    )


class IndexerService(StreamService):
    """The indexer as a process: the runtime around an `IndexHandler`."""

    def __init__(self, settings: IndexerSettings) -> None:
        self.handler = IndexHandler(settings)
        runtime = StreamRuntime(
            settings.kafka, stream_config(settings), self.handler, retry=self.handler.retry
        )
        super().__init__(runtime, settings.metrics_port)
        self.settings = settings
        self.stats = self.handler.stats
        self.stats.stream = runtime.stats

    @property
    def analysis(self) -> str | None:
        return self.handler.analysis

    @property
    def lifecycle(self) -> str | None:
        return self.handler.lifecycle
