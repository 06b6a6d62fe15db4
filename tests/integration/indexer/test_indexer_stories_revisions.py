"""Story assignments and revisions with real servers: an article's story reaches its document
whether the assignment comes before or after the article (and survives the article's
redelivery and new versions); a revision delivered twice is one document; records that are not
assignments or revisions are dead letters."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from elasticsearch import AsyncElasticsearch, NotFoundError

from newsroom_indexer.settings import IndexerSettings
from newsroom_indexer.templates import Names
from newsroom_ops.elasticsearch.search import SearchRequest, run_search
from newsroom_shared.contracts import Article, ArticleRevision, StoryAssignment
from newsroom_shared.contracts.revision import ParagraphEdit, ParagraphText, QuoteText
from newsroom_shared.kafka import make_producer
from newsroom_shared.serialization import encode, headers_for
from newsroom_shared.settings import KafkaSettings
from newsroom_shared.topics import ARTICLE_REVISIONS, STORY_CLUSTERS

from .conftest import (
    committed_offsets,
    count,
    dead_letters,
    produce,
    running,
    variant,
    wait_until,
)

pytestmark = pytest.mark.integration

NOW = datetime(2024, 4, 10, 8, 0, tzinfo=UTC)


def assignment(
    article: Article, story: Article, *, version: int = 1, size: int = 1
) -> StoryAssignment:
    return StoryAssignment(
        article_id=article.id,
        article_version=article.version,
        story_id=story.id,
        story_version=version,
        story_size=size,
        representative_id=story.id,
        representative_title=story.title,
        representative_url=story.url,
        matched_article_id=None if article.id == story.id else story.id,
        similarity=None if article.id == story.id else 0.8,
        source_id=article.source_id,
        title=article.title,
        url=article.url,
        published_at=article.published_at,
        assigned_at=NOW,
    )


def revision(article: Article) -> ArticleRevision:
    before = article.version - 3_600_000
    return ArticleRevision(
        id=f"{article.id}:{article.version}",
        article_id=article.id,
        page_id=article.id,
        revision=1,
        url=article.url,
        canonical_url=article.canonical_url,
        source_id=article.source_id,
        changed=["title", "paragraphs", "quotes"],
        from_version=before,
        to_version=article.version,
        from_fetched_at=NOW - timedelta(hours=1),
        to_fetched_at=NOW,
        title_before="Council approves housing after midnight vote",
        title_after="Divided council approves housing over flooding objections",
        paragraphs_added=[ParagraphText(index=7, text="Before the final vote, ...")],
        paragraphs_removed=[ParagraphText(index=11, text="“We are not against neighbors.”")],
        paragraphs_changed=[
            ParagraphEdit(before_index=2, after_index=2, before="The vote was 5-4.", after="5-4.")
        ],
        quotes_added=[],
        quotes_removed=[QuoteText(text="We are not against neighbors.", speaker="Ellen Marsh")],
        words_before=500,
        words_after=520,
        from_parser_version="1",
        to_parser_version="1",
        detected_at=NOW,
    )


async def produce_to(
    settings: KafkaSettings,
    topic: str,
    values: list[tuple[str, StoryAssignment | ArticleRevision | bytes]],
) -> None:
    producer = make_producer(settings, 1024 * 1024)
    await producer.start()
    try:
        for key, value in values:
            if isinstance(value, bytes):
                await producer.send_and_wait(settings.topic(topic), value, key=key.encode())
            else:
                await producer.send_and_wait(
                    settings.topic(topic),
                    encode(value),
                    key=key.encode(),
                    headers=headers_for(value),
                )
    finally:
        await producer.stop()


async def source_of(settings: IndexerSettings, alias: str, doc_id: str) -> dict[str, Any] | None:
    es_settings = settings.elasticsearch
    async with AsyncElasticsearch(**es_settings.client_options()) as es:  # type: ignore[arg-type]
        await es.indices.refresh(index=alias)
        response = await es.search(index=alias, query={"ids": {"values": [doc_id]}})
        hits = response["hits"]["hits"]
        return hits[0]["_source"] if hits else None


async def story_of(settings: IndexerSettings, article: Article) -> dict[str, Any] | None:
    names = Names(settings.elasticsearch.index_prefix)
    source = await source_of(settings, names.articles.read_alias, article.id)
    return None if source is None else source.get("story")


async def test_a_story_reaches_its_article_whichever_comes_first(
    indexer_settings: IndexerSettings, seed_article: Article
) -> None:
    kafka = indexer_settings.kafka
    names = Names(indexer_settings.elasticsearch.index_prefix)
    first = variant(seed_article, 1)  # the story's first member; its assignment comes last
    copy = variant(seed_article, 2)  # its assignment comes before the article
    story_topic = STORY_CLUSTERS.name
    async with running(indexer_settings) as service:
        # Before: the copy's assignment is indexed while there is no article yet.
        await produce_to(kafka, story_topic, [(copy.id, assignment(copy, first, size=2))])

        async def stories_indexed() -> bool:
            try:
                return await count(indexer_settings.elasticsearch, names.stories.read_alias) == 1
            except NotFoundError:  # the service has not made its indices yet
                return False

        await wait_until(stories_indexed, 30, "the copy's assignment indexed")
        assert await count(indexer_settings.elasticsearch, names.articles.read_alias) == 0
        await produce(kafka, [copy, first])
        await wait_until(lambda: service.stats.committed == 3, 30, "both articles committed")
        # After: the first member's assignment, for an article indexed already.
        await produce_to(kafka, story_topic, [(first.id, assignment(first, first, size=1))])
        await wait_until(lambda: story_of(indexer_settings, first), 30, "the first one's story")
        copy_story = await story_of(indexer_settings, copy)
        assert copy_story is not None and copy_story["id"] == first.id
        assert copy_story["size"] == 2 and copy_story["representative_id"] == first.id
        assert copy_story["representative_title"] == first.title

        # The story grows; an older assignment delivered late changes nothing.
        await produce_to(
            kafka,
            story_topic,
            [
                (first.id, assignment(first, first, version=3, size=2)),
                (first.id, assignment(first, first, version=2, size=1)),
            ],
        )
        await wait_until(lambda: service.stats.committed == 6, 30, "the later assignments")
        first_story = await story_of(indexer_settings, first)
        assert first_story is not None and (first_story["version"], first_story["size"]) == (3, 2)

        # The article again (redelivery, re-parse: the same version) and a newer version: the
        # document is replaced, its story stays.
        newer = first.model_copy(update={"version": first.version + 1, "title": "Later title"})
        await produce(kafka, [first, newer])
        await wait_until(lambda: service.stats.committed == 8, 30, "the article again")
        source = await source_of(indexer_settings, names.articles.read_alias, first.id)
        assert source is not None and source["title"] == "Later title"
        assert source["version"] == newer.version
        assert (source["story"]["version"], source["story"]["size"]) == (3, 2)
        assert service.stats.stale == 1  # the older assignment only
    assert await committed_offsets(indexer_settings) == 4  # of the articles topic
    assert await count(indexer_settings.elasticsearch, names.articles.read_alias) == 2
    facet_query = {"term": {"story.id": first.id}}
    assert await count(indexer_settings.elasticsearch, names.articles.read_alias, facet_query) == 2
    # `newsroom search`: the story of each hit with its outlets, and --story.
    es_settings = indexer_settings.elasticsearch
    async with AsyncElasticsearch(**es_settings.client_options()) as es:  # type: ignore[arg-type]
        result = await run_search(
            es, names.articles.read_alias, SearchRequest(story=first.id, facets=True)
        )
    assert result.total == 2
    assert {(h.story_id, h.story_articles, h.story_outlets) for h in result.hits} == {
        (first.id, 2, 1)  # both copies come from the seed's source
    }
    assert result.facets["stories"] == [(first.id, 2)]


async def test_a_revision_delivered_twice_is_one_document(
    indexer_settings: IndexerSettings, seed_article: Article
) -> None:
    names = Names(indexer_settings.elasticsearch.index_prefix)
    edited = revision(seed_article)
    twice = [(edited.article_id, edited), (edited.article_id, edited)]
    await produce_to(indexer_settings.kafka, ARTICLE_REVISIONS.name, twice)
    async with running(indexer_settings) as service:
        await wait_until(lambda: service.stats.committed == 2, 30, "both deliveries committed")
    assert service.stats.indexed == 2 and service.stats.stream is not None
    assert service.stats.stream.dead_letters == 0
    es_settings = indexer_settings.elasticsearch
    assert await count(es_settings, names.revisions.read_alias) == 1
    title_changed = {"term": {"changed": "title"}}
    assert await count(es_settings, names.revisions.read_alias, title_changed) == 1
    source = await source_of(indexer_settings, names.revisions.read_alias, edited.id)
    assert source is not None
    assert source["title_before"] == edited.title_before
    assert source["title_after"] == edited.title_after
    assert source["paragraphs_added"] == [{"index": 7, "text": "Before the final vote, ..."}]
    assert source["quotes_removed"][0]["speaker"] == "Ellen Marsh"
    assert (source["from_version"], source["to_version"]) == (
        edited.from_version,
        edited.to_version,
    )


async def test_records_that_are_no_assignment_or_revision_are_dead_letters(
    indexer_settings: IndexerSettings, seed_article: Article
) -> None:
    kafka = indexer_settings.kafka
    await produce_to(kafka, STORY_CLUSTERS.name, [("a", b"{not json")])
    await produce_to(kafka, ARTICLE_REVISIONS.name, [("b", b'{"id": "x"}')])
    good = assignment(seed_article, seed_article)
    async with running(indexer_settings) as service:
        await wait_until(lambda: service.stats.committed == 2, 30, "both committed")
        await produce_to(kafka, STORY_CLUSTERS.name, [(good.article_id, good)])
        await wait_until(lambda: service.stats.committed == 3, 30, "the good one committed")
    letters = await dead_letters(kafka, 2)
    reasons = sorted((letter.reason, letter.origin.topic) for letter in letters)
    assert reasons == [
        ("invalid_revision", kafka.topic(ARTICLE_REVISIONS.name)),
        ("invalid_story_assignment", kafka.topic(STORY_CLUSTERS.name)),
    ]
    assert all(letter.stage == "index" for letter in letters)
    assert service.stats.indexed == 1
