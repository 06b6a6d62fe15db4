"""What a run measures: consumer lag per service over time, and the final accounting of URLs.

Lag is the sum over partitions of (end offset - the group's committed offset), read from Kafka
every few seconds with the same calls `newsroom status` makes; while no broker answers, a
sample is missing rather than wrong.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from elasticsearch import AsyncElasticsearch

from newsroom_indexer.templates import Names
from newsroom_ops.dlq import LetterFilter, read_letters
from newsroom_shared.kafka import partitions_of
from newsroom_shared.settings import ElasticsearchSettings, KafkaSettings


@dataclass(frozen=True)
class Group:
    service: str  # fetcher, parser, indexer
    group_id: str
    topic: str  # full (prefixed) name


@dataclass(frozen=True)
class LagSample:
    at: float  # seconds since the run began
    lags: dict[str, int | None]  # service -> lag (None: not readable this time)
    indexed: int | None  # documents in Elasticsearch


@dataclass
class LagSampler:
    kafka: KafkaSettings
    groups: list[Group]
    es: ElasticsearchSettings
    began: float
    interval: float = 3.0
    samples: list[LagSample] = field(default_factory=list)
    _partitions: dict[str, list[int]] = field(default_factory=dict)

    async def run(self, stopping: asyncio.Event) -> None:
        admin: AIOKafkaAdminClient | None = None
        consumer: AIOKafkaConsumer | None = None
        names = Names(self.es.index_prefix)
        async with AsyncElasticsearch(**self.es.client_options()) as es:  # type: ignore[arg-type]
            while not stopping.is_set():
                lags: dict[str, int | None] = {g.service: None for g in self.groups}
                try:
                    if admin is None:
                        admin = AIOKafkaAdminClient(
                            **self.kafka.client_options(), request_timeout_ms=5000
                        )
                        await asyncio.wait_for(admin.start(), 10)
                    if consumer is None:
                        consumer = AIOKafkaConsumer(
                            **self.kafka.client_options(), request_timeout_ms=5000
                        )
                        await asyncio.wait_for(consumer.start(), 10)
                    lags = await asyncio.wait_for(self._lags(admin, consumer), 10)
                except Exception:  # noqa: BLE001 - a broker down: this sample has no lag
                    admin, consumer = await _close(admin), await _close(consumer)
                indexed = None
                with contextlib.suppress(Exception):
                    counted = await es.options(ignore_status=404, request_timeout=5).count(
                        index=names.articles.read_alias
                    )
                    indexed = int(counted.get("count", 0))
                self.samples.append(LagSample(time.monotonic() - self.began, lags, indexed))
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stopping.wait(), self.interval)
        await _close(admin)
        await _close(consumer)

    async def _lags(
        self, admin: AIOKafkaAdminClient, consumer: AIOKafkaConsumer
    ) -> dict[str, int | None]:
        lags: dict[str, int | None] = {}
        for group in self.groups:
            if group.topic not in self._partitions:
                self._partitions[group.topic] = await partitions_of(self.kafka, group.topic)
            tps = [TopicPartition(group.topic, p) for p in self._partitions[group.topic]]
            ends = await consumer.end_offsets(tps)
            committed = await admin.list_consumer_group_offsets(group.group_id)
            lag = 0
            for tp in tps:
                meta = committed.get(tp)
                lag += ends[tp] - (meta.offset if meta is not None and meta.offset >= 0 else 0)
            lags[group.service] = lag
        return lags


async def _close(client: Any) -> None:
    if client is None:
        return None
    with contextlib.suppress(Exception):
        await asyncio.wait_for(client.close() if hasattr(client, "close") else client.stop(), 10)
    return None


@dataclass
class Accounting:
    """Every released URL against what the pipeline made of it."""

    expected_pages: int
    expected_missing: int
    indexed: int  # distinct URLs with a document
    documents: int  # documents in the articles index
    duplicate_documents: int  # documents beyond the first for one URL
    dead_lettered: int  # distinct URLs with a dead letter
    dead_letters: int  # dead letters in all
    lost: list[str]  # released URLs with neither a document nor a dead letter
    pages_dead_lettered: dict[str, str]  # existing page -> reason it was dead-lettered
    missing_indexed: list[str]  # 404 pages that have a document (impossible)
    unexpected: list[str]  # documents for URLs that were never released
    reasons: Counter[tuple[str, str]] = field(default_factory=Counter)

    @property
    def whole(self) -> bool:
        return not (
            self.lost
            or self.duplicate_documents
            or self.pages_dead_lettered
            or self.missing_indexed
            or self.unexpected
        )


async def documents_by_url(es_settings: ElasticsearchSettings) -> Counter[str]:
    names = Names(es_settings.index_prefix)
    found: Counter[str] = Counter()
    async with AsyncElasticsearch(**es_settings.client_options()) as es:  # type: ignore[arg-type]
        await es.indices.refresh(index=names.articles.read_alias)
        response = await es.search(
            index=names.articles.read_alias,
            size=5000,
            source=["canonical_url"],
            sort=["_doc"],
            scroll="2m",
        )
        scroll_id = response.get("_scroll_id")
        try:
            while hits := response["hits"]["hits"]:
                found.update(hit["_source"]["canonical_url"] for hit in hits)
                response = await es.scroll(scroll_id=scroll_id, scroll="2m")
                scroll_id = response.get("_scroll_id")
        finally:
            if scroll_id:
                with contextlib.suppress(Exception):
                    await es.clear_scroll(scroll_id=scroll_id)
    return found


async def letters_by_url(kafka: KafkaSettings) -> dict[str, list[tuple[str, str]]]:
    letters: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for stored in await read_letters(kafka, LetterFilter()):
        letter = stored.letter
        letters[letter.url or ""].append((letter.stage, letter.reason))
    return letters


async def account(
    kafka: KafkaSettings,
    es_settings: ElasticsearchSettings,
    pages: set[str],
    missing: set[str],
) -> Accounting:
    docs = await documents_by_url(es_settings)
    letters = await letters_by_url(kafka)
    reasons: Counter[tuple[str, str]] = Counter()
    for found in letters.values():
        reasons.update(found)
    released = pages | missing
    return Accounting(
        expected_pages=len(pages),
        expected_missing=len(missing),
        indexed=len(docs),
        documents=sum(docs.values()),
        duplicate_documents=sum(n - 1 for n in docs.values() if n > 1),
        dead_lettered=len([u for u in letters if u in released]),
        dead_letters=sum(len(v) for v in letters.values()),
        lost=sorted(u for u in released if u not in docs and u not in letters),
        pages_dead_lettered={u: letters[u][0][1] for u in pages if u in letters},
        missing_indexed=sorted(u for u in missing if u in docs),
        unexpected=sorted(u for u in docs if u not in released),
        reasons=reasons,
    )
