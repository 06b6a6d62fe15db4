"""Kafka -> indexer -> Elasticsearch with real servers: the seed article is searchable with its
people and quotes; redelivery, out-of-order versions and rejections keep the counts right."""

from __future__ import annotations

import aiohttp
import pytest
from elasticsearch import AsyncElasticsearch

from newsroom_indexer.settings import IndexerSettings
from newsroom_indexer.templates import Names
from newsroom_ops.elasticsearch.search import SearchRequest, run_search
from newsroom_shared.contracts import Article

from .conftest import (
    committed_offsets,
    count,
    dead_letters,
    make_settings,
    produce,
    running,
    variant,
    wait_until,
)

pytestmark = pytest.mark.integration

PEOPLE = {"Rand Paul", "Konstantin Kosachev", "Vladimir Putin", "Donald Trump"}


async def test_seed_article_is_searchable_with_people_and_quotes(
    indexer_settings: IndexerSettings, seed_article: Article
) -> None:
    es_settings = indexer_settings.elasticsearch
    names = Names(es_settings.index_prefix)
    await produce(indexer_settings.kafka, [seed_article])
    with_metrics = indexer_settings.model_copy(update={"metrics_port": 0})
    async with running(with_metrics) as service:
        await wait_until(lambda: service.stats.committed == 1, 30, "the seed committed")
        assert service.analysis == "standard"  # the test distribution has no analysis-common
        base = f"http://127.0.0.1:{service.metrics_port}"
        async with aiohttp.ClientSession() as http:
            async with http.get(f"{base}/health") as response:
                health = await response.json()
            async with http.get(f"{base}/metrics") as response:
                metrics_text = await response.text()
        assert health["analysis"] == "standard" and health["committed"] == 1
        assert 'newsroom_indexer_documents_total{kind="quotes",result="created"}' in metrics_text
    assert await committed_offsets(indexer_settings) == 1
    assert await count(es_settings, names.articles.read_alias) == 1

    async with AsyncElasticsearch(**es_settings.client_options()) as es:  # type: ignore[arg-type]
        result = await run_search(
            es,
            names.articles.read_alias,
            SearchRequest(text="Russian delegation national security", facets=True),
        )
        assert result.total == 1
        assert result.hits[0].title == seed_article.title
        assert "<em>" in (result.hits[0].snippet or "")
        people = dict(result.facets["people"])
        assert set(people) == PEOPLE and set(people.values()) == {1}
        assert dict(result.facets["speakers"]) == {"Rand Paul": 1, "Konstantin Kosachev": 1}
        assert {"Kentucky", "Russia", "Helsinki", "Moscow", "Washington"} <= {
            k for k, _ in result.facets["places"]
        }
        by_person = await run_search(
            es, names.articles.read_alias, SearchRequest(person="konstantin kosachev")
        )
        assert by_person.total == 1
        nobody = await run_search(es, names.articles.read_alias, SearchRequest(person="Paul"))
        assert nobody.total == 0  # canonical names only: "Paul" is an alias, not a person

        await es.indices.refresh(index=names.quotes.read_alias)
        quotes = await es.search(index=names.quotes.read_alias, size=20, sort=[{"position": "asc"}])
        hits = [h["_source"] for h in quotes["hits"]["hits"]]
    assert len(hits) == 7
    by_speaker = {}
    for hit in hits:
        by_speaker.setdefault(hit["speaker"]["name"], []).append(hit)
    assert len(by_speaker["Rand Paul"]) == 5
    assert len(by_speaker["Konstantin Kosachev"]) == 2
    assert {h["speaker"]["entity_id"] for h in by_speaker["Rand Paul"]} == {"person:rand-paul"}
    assert by_speaker["Konstantin Kosachev"][0]["text"].startswith("The people who keep afloat")
    assert all(h["article_id"] == seed_article.id for h in hits)
    assert all(h["article_title"] == seed_article.title for h in hits)


async def test_redelivery_is_idempotent(
    indexer_settings: IndexerSettings, seed_article: Article
) -> None:
    es_settings = indexer_settings.elasticsearch
    names = Names(es_settings.index_prefix)
    other = variant(seed_article, 1, quotes=seed_article.quotes[:3])
    # The same version three times (a producer retry, a replay), and another article.
    await produce(indexer_settings.kafka, [seed_article, other, seed_article, seed_article])
    async with running(indexer_settings) as service:
        await wait_until(lambda: service.stats.committed == 4, 30, "4 messages committed")
    assert await committed_offsets(indexer_settings) == 4
    assert await count(es_settings, names.articles.read_alias) == 2
    assert await count(es_settings, names.quotes.read_alias) == 7 + 3

    # A new consumer group replays the whole topic over the same indices: nothing changes.
    replay = make_settings(indexer_settings.kafka, es_settings)
    async with running(replay) as service:
        await wait_until(lambda: service.stats.committed == 4, 30, "the replay committed")
    assert await committed_offsets(replay) == 4
    assert await count(es_settings, names.articles.read_alias) == 2
    assert await count(es_settings, names.quotes.read_alias) == 10


async def test_out_of_order_versions_keep_the_newest(
    indexer_settings: IndexerSettings, seed_article: Article
) -> None:
    es_settings = indexer_settings.elasticsearch
    names = Names(es_settings.index_prefix)
    base = seed_article.version

    def version(n: int, quotes: int) -> Article:
        return seed_article.model_copy(
            update={
                "version": base + n,
                "title": f"Version {n}",
                "quotes": seed_article.quotes[:quotes],
            }
        )

    async with running(indexer_settings) as service:
        # Separate batches, so Elasticsearch's version check (not in-batch dedup) decides.
        for expected, article in enumerate([version(3, 4), version(1, 7), version(2, 1)], 1):
            await produce(indexer_settings.kafka, [article])
            await wait_until(lambda n=expected: service.stats.committed == n, 30, f"{expected}")
        assert service.stats.stale == 2
        # A newer version replaces, with fewer quotes: the surplus quotes go.
        await produce(indexer_settings.kafka, [version(5, 2)])
        await wait_until(lambda: service.stats.committed == 4, 30, "v5")
        # Two versions in one batch: the newer wins there already.
        await produce(indexer_settings.kafka, [version(7, 3), version(6, 6)])
        await wait_until(lambda: service.stats.committed == 6, 30, "v7 and v6")
    assert await committed_offsets(indexer_settings) == 6

    async with AsyncElasticsearch(**es_settings.client_options()) as es:  # type: ignore[arg-type]
        doc = await es.get(index=names.articles.write_alias, id=seed_article.id)
    assert doc["_version"] == base + 7
    assert doc["_source"]["title"] == "Version 7"
    assert await count(es_settings, names.articles.read_alias) == 1
    assert await count(es_settings, names.quotes.read_alias) == 3
    assert (
        await count(es_settings, names.quotes.read_alias, {"term": {"article_version": base + 7}})
        == 3
    )


async def test_rejected_documents_go_to_dead_letters_and_the_rest_proceeds(
    indexer_settings: IndexerSettings, seed_article: Article
) -> None:
    es_settings = indexer_settings.elasticsearch
    names = Names(es_settings.index_prefix)
    good1, good2 = variant(seed_article, 1), variant(seed_article, 2)
    # A valid Article whose word_count overflows the integer field: Elasticsearch rejects it.
    bad = variant(seed_article, 3, word_count=3_000_000_000)
    await produce(
        indexer_settings.kafka, [good1, bad, b'{"not": "an article"}', good2], key="broken"
    )
    async with running(indexer_settings) as service:
        await wait_until(lambda: service.stats.committed == 4, 30, "4 messages committed")
        assert (service.stats.indexed, service.stats.rejected, service.stats.invalid) == (2, 1, 1)
    assert await committed_offsets(indexer_settings) == 4
    assert await count(es_settings, names.articles.read_alias) == 2
    assert await count(es_settings, names.quotes.read_alias) == 14

    letters = await dead_letters(indexer_settings.kafka, expected=2)
    assert sorted(letter.reason for letter in letters) == ["index_rejected", "invalid_article"]
    rejected = next(letter for letter in letters if letter.reason == "index_rejected")
    assert rejected.stage == "index"
    assert rejected.error_class in ("document_parsing_exception", "mapper_parsing_exception")
    assert "word_count" in rejected.error_message
    assert rejected.url == bad.url and rejected.details["document_id"] == bad.id
    assert rejected.payload is not None and Article.model_validate_json(rejected.payload) == bad
    invalid = next(letter for letter in letters if letter.reason == "invalid_article")
    assert invalid.origin is not None and invalid.origin.key == "broken"
