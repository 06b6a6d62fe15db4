"""The whole pipeline, processes and all: sample site -> fetcher -> parser -> indexer.

Real Kafka, real Elasticsearch, the three services as `newsroom <service> run` processes.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
from elasticsearch import AsyncElasticsearch

from newsroom_indexer.templates import Names
from newsroom_ops.demo.processes import Pipeline, Progress
from newsroom_ops.demo.sample_site import load_manifest
from newsroom_ops.dlq import LetterFilter, read_letters
from newsroom_ops.elasticsearch.search import SearchRequest, run_search
from newsroom_shared.kafka import apply_topics
from newsroom_shared.settings import ElasticsearchSettings, KafkaSettings

pytestmark = [pytest.mark.e2e, pytest.mark.integration]

MANIFEST = load_manifest()
ARTICLES = MANIFEST["articles"]
SEED = next(a for a in ARTICLES if "rand-paul" in a["path"])
UPDATED = next(a for a in ARTICLES if a.get("update"))


async def wait_for(
    pipeline: Pipeline, es: AsyncElasticsearch, done: Callable[[Progress], bool], within: float
) -> Progress:
    deadline = time.monotonic() + within
    while True:
        progress = await pipeline.progress(es)
        if done(progress):
            return progress
        crashed = pipeline.crashed()
        assert not crashed, {n: pipeline.log_file(n).read_text()[-3000:] for n in crashed}
        assert time.monotonic() < deadline, f"stuck at {progress}"
        await asyncio.sleep(0.5)


@pytest.fixture
async def running(
    kafka_settings: KafkaSettings, es_settings: ElasticsearchSettings, tmp_path: Path
) -> AsyncIterator[tuple[Pipeline, AsyncElasticsearch]]:
    await apply_topics(kafka_settings)
    pipeline = Pipeline(
        kafka_settings,
        es_settings,
        tmp_path,
        parser_workers=1,
        revisit_after=2.0,
        poll_interval="2s",
    )
    await pipeline.start_site()
    await pipeline.start_services()
    async with AsyncElasticsearch(**es_settings.client_options()) as es:  # type: ignore[arg-type]
        try:
            yield pipeline, es
        finally:
            codes = pipeline.stop_services()
            await pipeline.site.stop()
            assert set(codes.values()) == {0}, {
                n: pipeline.log_file(n).read_text()[-3000:] for n, c in codes.items() if c
            }


async def test_sample_site_end_to_end(running: tuple[Pipeline, AsyncElasticsearch]) -> None:
    pipeline, es = running
    names = Names(pipeline.elasticsearch.index_prefix)
    failing = MANIFEST["failing_pages"]
    await wait_for(
        pipeline,
        es,
        lambda p: p.indexed >= len(ARTICLES) and p.dead_letters >= len(failing),
        within=300,
    )
    await es.indices.refresh(index=f"{names.prefix}-*")

    # The seed article is searchable, with canonical people and its quotes' speakers.
    result = await run_search(
        es, names.articles.read_alias, SearchRequest(text="Kosachev sanctions", facets=True)
    )
    assert result.hits and result.hits[0].title == SEED["title"]
    people = dict(result.facets["people"])
    for person in ("Rand Paul", "Konstantin Kosachev", "Vladimir Putin", "Donald Trump"):
        assert people.get(person) == 1, (person, people)
    assert not {"Paul", "Kosachev", "Putin", "Trump"} & set(people)
    speakers = await es.search(
        index=names.quotes.read_alias,
        query={"term": {"article_id": result.hits[0].id}},
        size=50,
        aggs={"by": {"terms": {"field": "speaker.name"}}},
    )
    by_speaker = {b["key"]: b["doc_count"] for b in speakers["aggregations"]["by"]["buckets"]}
    assert by_speaker == {"Rand Paul": 5, "Konstantin Kosachev": 2}

    # The broken page is a dead letter with its reason, not an article.
    letters = await read_letters(pipeline.kafka, LetterFilter(stage="parse"))
    assert [(s.letter.reason, s.letter.url) for s in letters] == [
        (failing[0]["reason"], pipeline.site.url(failing[0]["path"]))
    ]

    # Nothing indexed twice: one document per article page.
    total = await es.count(index=names.articles.read_alias)
    assert total["count"] == len(ARTICLES)

    # An updated page becomes a new version of the same article, replacing the old one.
    before = await es.search(
        index=names.articles.read_alias,
        query={"term": {"url": pipeline.site.url(UPDATED["path"])}},
    )
    [old] = before["hits"]["hits"]
    pipeline.site.update_article(UPDATED["slug"])
    deadline = time.monotonic() + 120
    while True:
        await es.indices.refresh(index=f"{names.prefix}-*")
        now = await es.search(
            index=names.articles.read_alias, query={"ids": {"values": [old["_id"]]}}
        )
        [doc] = now["hits"]["hits"]
        if doc["_source"]["title"] == UPDATED["update"]["title"]:
            break
        assert time.monotonic() < deadline, "the updated page was not re-indexed"
        await asyncio.sleep(1)
    assert doc["_source"]["version"] > old["_source"]["version"]
    assert doc["_source"]["content_hash"] != old["_source"]["content_hash"]
    assert (await es.count(index=names.articles.read_alias))["count"] == len(ARTICLES)
