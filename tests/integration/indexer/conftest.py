"""Fixtures of the indexer's integration tests: settings on isolated topics and indices, a
running service, and ways to count documents, committed offsets and dead letters."""

from __future__ import annotations

import asyncio
import json
import signal
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from aiokafka import AIOKafkaConsumer
from aiokafka.admin import AIOKafkaAdminClient
from elasticsearch import AsyncElasticsearch, Elasticsearch

from newsroom_indexer.service import IndexerService
from newsroom_indexer.settings import IndexerSettings
from newsroom_shared.contracts import Article, DeadLetter, url_id
from newsroom_shared.kafka import make_producer
from newsroom_shared.serialization import decode, encode, headers_for
from newsroom_shared.settings import ElasticsearchSettings, KafkaSettings
from newsroom_shared.topics import ARTICLES, DEAD_LETTERS

SEED = Path(__file__).parents[2] / "fixtures" / "indexer" / "rollcall-2018-08-06.article.json"


@pytest.fixture(scope="session")
def seed_article() -> Article:
    return Article.model_validate(json.loads(SEED.read_text()))


def variant(seed: Article, n: int, **changes: object) -> Article:
    """Another article shaped like the seed, with its own id and URL."""
    url = f"https://news.example/{n}"
    return seed.model_copy(
        update={
            "id": url_id(url),
            "url": url,
            "canonical_url": url,
            "title": f"Story {n}",
            **changes,
        }
    )


def delete_prefix(settings: ElasticsearchSettings) -> None:
    """Indices, then index templates, then the component templates they were made of."""
    prefix = settings.index_prefix
    with Elasticsearch(**settings.client_options()) as es:  # type: ignore[arg-type]
        quiet = es.options(ignore_status=404)
        quiet.indices.delete(index=f"{prefix}*")
        quiet.indices.delete_index_template(name=f"{prefix}*")
        quiet.cluster.delete_component_template(name=f"{prefix}*")


@pytest.fixture
def es_prefix(es_settings: ElasticsearchSettings) -> Iterator[ElasticsearchSettings]:
    """es_settings, also cleaning up component templates (the shared fixture does not)."""
    yield es_settings
    delete_prefix(es_settings)


def make_settings(
    kafka: KafkaSettings, es: ElasticsearchSettings, **overrides: object
) -> IndexerSettings:
    defaults: dict[str, object] = {
        "kafka": kafka,
        "elasticsearch": es,
        "group_id": f"indexer-{uuid.uuid4().hex[:8]}",
        "metrics_port": None,
        "batch_max_wait": 0.2,
        "retry_initial_backoff": 0.2,
        "retry_max_backoff": 1.0,
    }
    return IndexerSettings(**{**defaults, **overrides})  # type: ignore[arg-type]


@pytest.fixture
def indexer_settings(topics: KafkaSettings, es_prefix: ElasticsearchSettings) -> IndexerSettings:
    return make_settings(topics, es_prefix)


async def produce(
    settings: KafkaSettings, values: list[Article | bytes | None], key: str | None = None
) -> None:
    producer = make_producer(settings, ARTICLES.max_message_bytes)
    await producer.start()
    try:
        for value in values:
            if isinstance(value, Article):
                await producer.send_and_wait(
                    settings.topic(ARTICLES.name),
                    encode(value),
                    key=value.id.encode(),
                    headers=headers_for(value),
                )
            else:
                raw_key = (key or uuid.uuid4().hex).encode()
                await producer.send_and_wait(settings.topic(ARTICLES.name), value, key=raw_key)
    finally:
        await producer.stop()


@asynccontextmanager
async def running(settings: IndexerSettings) -> AsyncIterator[IndexerService]:
    service = IndexerService(settings)
    task = asyncio.create_task(service.run())
    try:
        yield service
    finally:
        service.request_stop()
        await asyncio.wait_for(task, 60)
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):  # run() installed them for the service
            loop.remove_signal_handler(sig)


async def wait_until(
    check: Callable[[], Awaitable[bool] | bool], within: float, what: str = "condition"
) -> None:
    deadline = asyncio.get_running_loop().time() + within
    while True:
        result = check()
        if not isinstance(result, bool):
            result = await result
        if result:
            return
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"timed out after {within}s waiting for {what}")
        await asyncio.sleep(0.2)


async def committed_offsets(settings: IndexerSettings) -> int:
    """Sum over the articles topic's partitions of the group's committed offsets: the number
    of messages the group has committed, since every partition starts at offset 0."""
    kafka = settings.kafka
    admin = AIOKafkaAdminClient(**kafka.client_options())
    await admin.start()
    try:
        offsets = await admin.list_consumer_group_offsets(settings.group_id)
    finally:
        await admin.close()
    topic = kafka.topic(ARTICLES.name)
    return sum(meta.offset for tp, meta in offsets.items() if tp.topic == topic and meta.offset > 0)


async def count(settings: ElasticsearchSettings, alias: str, query: dict | None = None) -> int:
    async with AsyncElasticsearch(**settings.client_options()) as es:  # type: ignore[arg-type]
        await es.indices.refresh(index=alias)
        response = await es.count(index=alias, query=query or {"match_all": {}})
        return int(response["count"])


async def dead_letters(
    settings: KafkaSettings, expected: int, within: float = 10.0
) -> list[DeadLetter]:
    consumer = AIOKafkaConsumer(
        settings.topic(DEAD_LETTERS.name),
        **settings.client_options(),
        group_id=None,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    await consumer.start()
    letters: list[DeadLetter] = []
    try:
        deadline = asyncio.get_running_loop().time() + within
        while len(letters) < expected and asyncio.get_running_loop().time() < deadline:
            batch = await consumer.getmany(timeout_ms=500)
            for records in batch.values():
                letters.extend(decode(DeadLetter, r.value) for r in records)
        # Anything beyond what was expected would be a bug too: read a little longer.
        extra = await consumer.getmany(timeout_ms=500)
        for records in extra.values():
            letters.extend(decode(DeadLetter, r.value) for r in records)
    finally:
        await consumer.stop()
    return letters
