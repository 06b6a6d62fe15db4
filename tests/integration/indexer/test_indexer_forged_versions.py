"""An article whose version is far ahead of the clock, written straight to the articles topic,
never reaches Elasticsearch: it would outrank every real update of the article for good."""

from __future__ import annotations

import time

import pytest
from elasticsearch import AsyncElasticsearch

from newsroom_indexer import es_admin
from newsroom_indexer.es_client import make_client
from newsroom_indexer.settings import IndexerSettings
from newsroom_indexer.templates import Names
from newsroom_ops.elasticsearch.reindex import reindex
from newsroom_shared.contracts import Article

from .conftest import count, dead_letters, produce, running, variant, wait_until

pytestmark = pytest.mark.integration


async def test_a_version_from_the_far_future_is_dead_lettered_not_indexed(
    indexer_settings: IndexerSettings, seed_article: Article
) -> None:
    es_settings = indexer_settings.elasticsearch
    names = Names(es_settings.index_prefix)
    now_ms = int(time.time() * 1000)
    genuine = variant(seed_article, 1, version=now_ms - 60_000)
    forged = genuine.model_copy(update={"title": "HIJACKED", "version": 9 * 10**18})
    update = genuine.model_copy(update={"title": "Story 1, updated", "version": now_ms})

    await produce(indexer_settings.kafka, [genuine, forged])
    async with running(indexer_settings) as service:
        await wait_until(lambda: service.stats.committed == 2, 30, "both committed")
        await produce(indexer_settings.kafka, [update])
        await wait_until(lambda: service.stats.committed == 3, 30, "the update committed")

    assert await count(es_settings, names.articles.read_alias) == 1
    async with AsyncElasticsearch(**es_settings.client_options()) as es:  # type: ignore[arg-type]
        stored = await es.get(index=names.articles.read_alias, id=genuine.id)
    assert stored["_source"]["title"] == "Story 1, updated"
    assert stored["_version"] == now_ms
    hijacked = await count(
        es_settings, names.articles.read_alias, {"match_phrase": {"title": "HIJACKED"}}
    )
    assert hijacked == 0

    [letter] = await dead_letters(indexer_settings.kafka, expected=1)
    assert (letter.stage, letter.reason) == ("index", "invalid_version")
    assert "ahead of the clock" in letter.error_message
    assert letter.payload is not None and Article.model_validate_json(letter.payload) == forged


async def test_a_rebuild_from_the_topic_keeps_the_real_newest_version(
    indexer_settings: IndexerSettings, seed_article: Article
) -> None:
    es_settings = indexer_settings.elasticsearch
    names = Names(es_settings.index_prefix)
    genuine = variant(seed_article, 1, version=int(time.time() * 1000) - 60_000)
    forged = genuine.model_copy(update={"title": "HIJACKED", "version": 9 * 10**18})
    await produce(indexer_settings.kafka, [genuine, forged])

    async with make_client(es_settings) as es:
        await es_admin.apply(es, names)
        progress = await reindex(es, indexer_settings.kafka, names, "topic")
        stored = await es.get(index=names.articles.read_alias, id=genuine.id)
    assert stored["_source"]["title"] == genuine.title
    assert stored["_version"] == genuine.version
    assert progress.refused == 1 and progress.written["articles"] == 1
    assert "refused 1" in progress.line()
