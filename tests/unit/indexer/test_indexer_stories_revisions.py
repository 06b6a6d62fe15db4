"""Story assignments and revisions in the index: their documents fit the mappings, an article
document takes its story, the decisions about which story and which version win, and the
handler's routing of the two topics (dead letters for what is not an assignment or revision)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from aiokafka.structs import ConsumerRecord

from newsroom_indexer.article_story import (
    newer_story,
    story_is_newer,
    story_update_action,
    with_story,
)
from newsroom_indexer.bulk_items import Rejection, is_missing_document, rewrite_version
from newsroom_indexer.documents import (
    article_document,
    revision_document,
    story_document,
    story_fields,
)
from newsroom_indexer.service import IndexHandler, stream_config
from newsroom_indexer.settings import IndexerSettings
from newsroom_indexer.templates import (
    ALL_KINDS,
    KINDS,
    Names,
    TemplateOptions,
    field_paths,
    template_set,
)
from newsroom_shared.contracts import Article, ArticleRevision, StoryAssignment
from newsroom_shared.contracts.revision import ParagraphEdit, ParagraphText, QuoteText
from newsroom_shared.runtime.stream import Abandoned, Rejected
from newsroom_shared.serialization import encode
from newsroom_shared.settings import KafkaSettings

NOW = datetime(2024, 4, 10, 8, 0, tzinfo=UTC)


def assignment(article: Article, **changes: Any) -> StoryAssignment:
    values: dict[str, Any] = {
        "article_id": article.id,
        "article_version": article.version,
        "story_id": "s" * 32,
        "story_version": 2,
        "story_size": 3,
        "representative_id": "r" * 32,
        "representative_title": "The first copy",
        "representative_url": "https://wire.example/1",
        "matched_article_id": "m" * 32,
        "similarity": 0.8,
        "source_id": article.source_id,
        "title": article.title,
        "url": article.url,
        "published_at": article.published_at,
        "assigned_at": NOW,
    }
    return StoryAssignment(**{**values, **changes})


def revision(article: Article) -> ArticleRevision:
    return ArticleRevision(
        id=f"{article.id}:{article.version}",
        article_id=article.id,
        page_id=article.id,
        revision=1,
        url=article.url,
        canonical_url=article.canonical_url,
        source_id=article.source_id,
        site_name="Roll Call",
        changed=["title", "paragraphs", "quotes"],
        from_version=article.version - 1000,
        to_version=article.version,
        from_fetched_at=NOW - timedelta(hours=1),
        to_fetched_at=NOW,
        to_modified_at=NOW,
        title_before="Before",
        title_after="After",
        authors_before=["A. Writer"],
        authors_after=["A. Writer", "B. Writer"],
        paragraphs_added=[ParagraphText(index=3, text="New paragraph.")],
        paragraphs_removed=[ParagraphText(index=4, text="Old paragraph.")],
        paragraphs_changed=[ParagraphEdit(before_index=1, after_index=1, before="a", after="b")],
        quotes_added=[QuoteText(text="Yes.")],
        quotes_removed=[QuoteText(text="No.", speaker="Ellen Marsh")],
        words_before=100,
        words_after=110,
        from_parser_version="1",
        to_parser_version="2",
        detected_at=NOW,
    )


def leaf_paths(value: Any, prefix: str = "") -> set[str]:
    """Field paths of a document, through objects and arrays of objects."""
    if isinstance(value, list):
        return set().union(*(leaf_paths(v, prefix) for v in value)) if value else set()
    if isinstance(value, dict):
        paths: set[str] = set()
        for key, inner in value.items():
            paths |= leaf_paths(inner, f"{prefix}{key}.")
        return paths
    return {prefix.removesuffix(".")}


def assert_mapped(doc: dict[str, Any], kind: str) -> None:
    unknown = leaf_paths(doc) - set(field_paths(kind))  # type: ignore[arg-type]
    assert not unknown, f"fields missing from the {kind} mapping: {unknown}"


def test_story_and_revision_documents_fit_their_mappings(seed_article: Article) -> None:
    story_doc = story_document(assignment(seed_article), NOW)
    assert_mapped(story_doc, "stories")
    assert story_doc["story"]["id"] == "s" * 32 and story_doc["article_id"] == seed_article.id
    revision_doc = revision_document(revision(seed_article), NOW)
    assert_mapped(revision_doc, "revisions")
    assert revision_doc["id"] == f"{seed_article.id}:{seed_article.version}"
    assert revision_doc["changed"] == ["title", "paragraphs", "quotes"]
    assert revision_doc["paragraphs_added"] == [{"index": 3, "text": "New paragraph."}]
    assert revision_doc["quotes_added"] == [{"text": "Yes."}]  # no speaker: left out
    assert revision_doc["quotes_removed_count"] == 1
    assert revision_doc["@timestamp"] == NOW.isoformat()
    assert "published_at_before" not in revision_doc  # unknown: absent


def test_an_article_document_with_its_story_fits_the_mapping(seed_article: Article) -> None:
    story = story_fields(assignment(seed_article, matched_article_id=None, similarity=None))
    # Every field, null ones too: a partial update replaces the whole object.
    assert story["matched_article_id"] is None and "similarity" in story
    document = article_document(seed_article, NOW)
    serialized = json.dumps(document, separators=(",", ":")).encode()
    merged = json.loads(with_story(serialized, story))
    assert merged == {**document, "story": story}
    assert_mapped(
        {k: v for k, v in merged.items() if k not in ("images", "entity_details")}, "articles"
    )
    assert with_story(serialized, None) is serialized
    with pytest.raises(ValueError):
        with_story(b"{}", story)


def test_the_newer_story_wins() -> None:
    v1, v2 = {"id": "s", "version": 1}, {"id": "s", "version": 2}
    assert newer_story(v1, v2) is v2 and newer_story(v2, v1) is v2
    assert newer_story(None, v1) is v1 and newer_story(v1, None) is v1
    assert newer_story(None, None) is None
    same = {"id": "s", "version": 1}
    assert newer_story(v1, same) is v1  # a tie keeps the first
    assert story_is_newer(v2, None) and story_is_newer(v2, v1)
    assert not story_is_newer(v1, v1) and not story_is_newer(v1, v2)


def test_an_article_is_written_again_over_story_updates_not_over_newer_versions() -> None:
    # Indexed at 1000, then two story updates made its _version 1002.
    assert rewrite_version(1000, 1002, 1000) == 1002  # the same version again (re-parse)
    assert rewrite_version(1000, 1002, 1001) == 1002  # a newer version inside the bump
    assert rewrite_version(1003, 1003, 1001) is None  # a newer version is indexed: stale
    assert rewrite_version(None, 5, 1) is None  # no version in the document: leave it


def test_story_updates_are_conditional_partial_updates() -> None:
    action = story_update_action("i-000001", "a1", {"id": "s", "version": 3}, 17, 2)
    assert action == {
        "_op_type": "update",
        "_index": "i-000001",
        "_id": "a1",
        "if_seq_no": 17,
        "if_primary_term": 2,
        "doc": {"story": {"id": "s", "version": 3}},
    }
    missing = {"status": 404, "error": {"type": "document_missing_exception"}}
    assert is_missing_document(missing)
    assert not is_missing_document({"status": 404, "error": {"type": "index_not_found"}})
    assert not is_missing_document({"status": 400, "error": {"type": "mapper_exception"}})


def test_revisions_and_stories_have_one_index_each_without_a_lifecycle() -> None:
    design = template_set(Names("n"), "standard", True, TemplateOptions())
    for kind in ALL_KINDS:
        assert f"n-{kind}" in design.index_templates
        assert f"n-{kind}-mappings" in design.components
    for kind in ("revisions", "stories"):
        assert kind not in KINDS  # never rolled over, never rebuilt from the articles topic
        assert f"n-{kind}-lifecycle" not in design.components
        assert f"n-{kind}" not in design.policies
        assert design.index_templates[f"n-{kind}"]["composed_of"] == [
            "n-index-settings",
            f"n-{kind}-mappings",
        ]
    paths = field_paths("articles")
    assert paths["story.id"] == "keyword" and paths["story.size"] == "integer"
    assert field_paths("revisions")["changed"] == "keyword"


def test_the_indexer_reads_articles_stories_and_revisions() -> None:
    settings = IndexerSettings(kafka=KafkaSettings(topic_prefix="p."), metrics_port=None)
    assert stream_config(settings).topics == (
        "p.newsroom.articles.v1",
        "p.newsroom.story-clusters.v1",
        "p.newsroom.article-revisions.v1",
    )


class FakeWriter:
    def __init__(self, rejection: Rejection | None = None) -> None:
        self.rejection = rejection
        self.stories: list[tuple[str, int, dict[str, Any]]] = []
        self.revisions: list[str] = []
        self.retrying = False

    async def write_story(
        self, article_id: str, story_version: int, story: dict[str, Any], document: bytes
    ) -> tuple[str, Rejection | None]:
        self.stories.append((article_id, story_version, story))
        return ("rejected", self.rejection) if self.rejection else ("indexed", None)

    async def write_revision(self, revision_id: str, document: bytes) -> tuple[str, None]:
        self.revisions.append(revision_id)
        return "indexed", None


def record(topic: str, value: bytes | None) -> ConsumerRecord:
    return ConsumerRecord(topic, 0, 5, 0, 0, b"k", value, None, 1, len(value or b""), [])


@pytest.fixture
def handler() -> IndexHandler:
    return IndexHandler(IndexerSettings(kafka=KafkaSettings(topic_prefix="p."), metrics_port=None))


async def test_the_handler_routes_assignments_and_revisions(
    handler: IndexHandler, seed_article: Article
) -> None:
    stories, revisions = "p.newsroom.story-clusters.v1", "p.newsroom.article-revisions.v1"
    with pytest.raises(Abandoned):  # Elasticsearch not ready yet
        await handler.handle(record(stories, encode(assignment(seed_article))))
    writer = FakeWriter()
    handler._writer = writer  # type: ignore[assignment]
    assert await handler.handle(record(stories, encode(assignment(seed_article)))) == []
    assert await handler.handle(record(revisions, encode(revision(seed_article)))) == []
    assert await handler.handle(record(stories, None)) == []  # a tombstone: nothing to do
    assert writer.stories[0][:2] == (seed_article.id, 2)
    assert writer.revisions == [f"{seed_article.id}:{seed_article.version}"]
    assert (handler.stats.indexed, handler.stats.tombstones) == (2, 1)


async def test_what_is_no_assignment_or_revision_is_rejected(
    handler: IndexHandler, seed_article: Article
) -> None:
    handler._writer = FakeWriter()  # type: ignore[assignment]
    with pytest.raises(Rejected) as story_error:
        await handler.handle(record("p.newsroom.story-clusters.v1", b"{not json"))
    assert story_error.value.reason == "invalid_story_assignment"
    with pytest.raises(Rejected) as revision_error:
        await handler.handle(record("p.newsroom.article-revisions.v1", encode(seed_article)))
    assert revision_error.value.reason == "invalid_revision"
    refused = Rejection("index_rejected", "stories", "a1", 400, "mapper_exception", "bad")
    handler._writer = FakeWriter(refused)  # type: ignore[assignment]
    with pytest.raises(Rejected) as es_error:
        await handler.handle(
            record("p.newsroom.story-clusters.v1", encode(assignment(seed_article)))
        )
    assert es_error.value.reason == "index_rejected"
    assert es_error.value.error_class == "mapper_exception"
    assert es_error.value.details["index"] == "stories"
    assert es_error.value.url == seed_article.url
    assert handler.stats.invalid == 3


def test_the_indexer_principal_may_read_every_topic_the_indexer_reads() -> None:
    from newsroom_ops.devstack import acls

    settings = IndexerSettings(kafka=KafkaSettings(topic_prefix="p."), metrics_port=None)
    readable = {
        g.name
        for g in acls.grants("p.")
        if g.principal == acls.INDEXER
        and g.resource == acls.Resource.TOPIC
        and acls.Op.READ in g.operations
    }
    assert readable == set(stream_config(settings).topics)


async def test_records_taken_together_each_get_their_own_answer(
    handler: IndexHandler, seed_article: Article
) -> None:
    writer = FakeWriter()
    handler._writer = writer  # type: ignore[assignment]
    articles, stories = "p.newsroom.articles.v1", "p.newsroom.story-clusters.v1"
    results = await handler.handle_many(
        [
            record(articles, b"{not an article"),
            record(articles, None),  # a tombstone
            record(stories, b"{not json"),
            record(stories, encode(assignment(seed_article))),
        ]
    )
    assert len(results) == 4
    (letter,) = results[0]
    assert not isinstance(letter, Rejected) and letter.topic == "p.newsroom.dead-letters.v1"
    assert results[1] == [] and results[3] == []
    assert isinstance(results[2], Rejected) and results[2].reason == "invalid_story_assignment"
    assert writer.stories[0][:2] == (seed_article.id, 2)
    assert (handler.stats.invalid, handler.stats.tombstones, handler.stats.indexed) == (2, 1, 1)
