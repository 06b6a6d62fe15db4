"""Article -> the documents of the articles and quotes indices; a revision and a story
assignment -> theirs. Pure.

Field names here and in `templates.article_properties` / `quote_properties` must agree: the
mappings are strict, and a unit test checks every produced field against them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from newsroom_indexer.templates import ENTITY_GROUPS
from newsroom_shared.contracts import (
    Article,
    ArticleRevision,
    Entity,
    StoryAssignment,
    version_ahead_of_clock,
)

# Elasticsearch versions are signed 64-bit; larger ones fail the whole bulk request, not just
# the document, so they are caught before sending.
MAX_ES_VERSION = 2**63 - 1

_GROUP_OF_TYPE = {label: group for group, labels in ENTITY_GROUPS.items() for label in labels}


@dataclass(frozen=True)
class QuoteDoc:
    id: str
    source: dict[str, Any]


def entity_group(entity_type: str) -> str:
    return _GROUP_OF_TYPE.get(entity_type) or _GROUP_OF_TYPE.get(entity_type.upper(), "other")


# (canonical name, facet group, paragraphs), most mentioned first: computed once per article,
# shared by the article document and its quotes (this runs for every article indexed).
_Ranked = list[tuple[str, str, list[int]]]


def _rank(entities: Iterable[Entity]) -> _Ranked:
    ordered = sorted(entities, key=lambda e: (-e.mentions, e.name))
    return [(e.name, entity_group(e.type), e.paragraphs) for e in ordered]


def _grouped(ranked: Iterable[tuple[str, str, list[int]]]) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    for name, group, _ in ranked:
        names = groups.get(group)
        if names is None:
            groups[group] = [name]
        elif name not in names:
            names.append(name)
    return groups


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _drop_empty(doc: dict[str, Any]) -> dict[str, Any]:
    # Absent beats null/[]: smaller documents, and `exists` queries mean "has a value".
    return {k: v for k, v in doc.items() if v is not None and v != [] and v != {}}


def article_document(
    article: Article, indexed_at: datetime, ranked: _Ranked | None = None
) -> dict[str, Any]:
    if ranked is None:
        ranked = _rank(article.entities)
    speakers: list[str] = []
    for quote in article.quotes:
        name = quote.speaker.name
        if name and name not in speakers:
            speakers.append(name)
    published = _iso(article.published_at)
    fetched = article.fetched_at.isoformat()
    return _drop_empty(
        {
            # Kibana's time field: when the story was published, else when it was fetched.
            "@timestamp": published or fetched,
            "id": article.id,
            "version": article.version,
            "schema_version": article.schema_version,
            "url": article.url,
            "canonical_url": article.canonical_url,
            "source_id": article.source_id,
            "site_name": article.site_name,
            "title": article.title,
            "subtitle": article.subtitle,
            "body": article.body,
            "authors": article.authors,
            "section": article.section,
            "tags": article.tags,
            "language": article.language,
            "published_at": published,
            "modified_at": _iso(article.modified_at),
            "fetched_at": fetched,
            "parsed_at": _iso(article.parsed_at),
            "indexed_at": indexed_at.isoformat(),
            "word_count": article.word_count,
            "paragraph_count": len(article.paragraphs),
            "image_count": len(article.images),
            "quote_count": len(article.quotes),
            "entities": _grouped(ranked),
            "speakers": speakers,
            "entity_details": [
                {"id": e.id, "name": e.name, "type": e.type, "mentions": e.mentions}
                for e in article.entities
            ],
            "images": [
                _drop_empty({"url": i.url, "caption": i.caption, "credit": i.credit, "alt": i.alt})
                for i in article.images
            ],
            "nlp_status": article.nlp.status,
            "nlp_reason": article.nlp.reason,
            "parser_version": article.parser_version,
            "content_hash": article.content_hash,
            "raw_content_hash": article.raw_content_hash,
            # Stealth edits: 0 until the parser sees the page change in substance.
            "revision_count": article.revisions,
            "revised_at": _iso(article.revised_at),
            "revised_fields": article.revised_fields,
        }
    )


# (quote field, article field) pairs copied from the article document into each quote.
_SHARED_WITH_QUOTES = (
    ("@timestamp", "@timestamp"),
    ("article_id", "id"),
    ("article_version", "version"),
    ("article_url", "url"),
    ("article_title", "title"),
    ("source_id", "source_id"),
    ("site_name", "site_name"),
    ("section", "section"),
    ("language", "language"),
    ("published_at", "published_at"),
    ("indexed_at", "indexed_at"),
)


def quote_id(article_id: str, position: int) -> str:
    return f"{article_id}:{position}"


def quote_documents(
    article: Article,
    indexed_at: datetime,
    ranked: _Ranked | None = None,
    article_doc: dict[str, Any] | None = None,
) -> list[QuoteDoc]:
    """One document per quote, carrying what a quote search shows and filters on."""
    if not article.quotes:
        return []
    if ranked is None:
        ranked = _rank(article.entities)
    if article_doc is None:
        article_doc = article_document(article, indexed_at, ranked)
    # What every quote of the article shares, taken from its article document.
    shared = {
        quote_field: article_doc[article_field]
        for quote_field, article_field in _SHARED_WITH_QUOTES
        if article_field in article_doc
    }
    in_paragraph: dict[int, dict[str, list[str]]] = {}
    docs = []
    for position, quote in enumerate(article.quotes):
        entities: dict[str, list[str]] = {}
        if quote.paragraph is not None:
            entities = in_paragraph.get(quote.paragraph, {})
            if quote.paragraph not in in_paragraph:
                entities = _grouped(r for r in ranked if quote.paragraph in r[2])
                in_paragraph[quote.paragraph] = entities
        speaker = quote.speaker
        own = _drop_empty(
            {
                "text": quote.text,
                "cue": quote.cue,
                "speaker": _drop_empty(
                    {
                        "name": speaker.name,
                        "as_written": speaker.as_written,
                        "entity_id": speaker.entity_id,
                    }
                ),
                "paragraph": quote.paragraph,
                "position": position,
                "entities": entities,
            }
        )
        docs.append(QuoteDoc(quote_id(article.id, position), {**shared, **own}))
    return docs


def documents(article: Article, indexed_at: datetime) -> tuple[dict[str, Any], list[QuoteDoc]]:
    """The article document and its quote documents, sharing the work they have in common."""
    ranked = _rank(article.entities)
    article_doc = article_document(article, indexed_at, ranked)
    return article_doc, quote_documents(article, indexed_at, ranked, article_doc)


def version_problem(article: Article, now: datetime | None = None) -> str | None:
    """Why an article cannot be written with external versioning, if it cannot: a version
    from the future would win over every real update, so the clock bounds it too."""
    if article.version > MAX_ES_VERSION:
        return f"version {article.version} is above Elasticsearch's limit {MAX_ES_VERSION}"
    return version_ahead_of_clock(article.version, now or datetime.now(UTC))


# --- story assignments and revisions ----------------------------------------------------------


def story_fields(assignment: StoryAssignment) -> dict[str, Any]:
    """The `story` object of an article document (and of its entry in the stories index).
    Every field is there, null when unknown: the object replaces a document's previous one by a
    partial update, which merges objects field by field."""
    return {
        "id": assignment.story_id,
        "version": assignment.story_version,
        "size": assignment.story_size,
        "representative_id": assignment.representative_id,
        "representative_title": assignment.representative_title,
        "representative_url": assignment.representative_url,
        "matched_article_id": assignment.matched_article_id,
        "similarity": assignment.similarity,
        "assigned_at": assignment.assigned_at.isoformat(),
    }


def story_document(assignment: StoryAssignment, indexed_at: datetime) -> dict[str, Any]:
    """An article's entry in the stories index (document id: the article id)."""
    return _drop_empty(
        {
            "@timestamp": assignment.assigned_at.isoformat(),
            "article_id": assignment.article_id,
            "article_version": assignment.article_version,
            "story": story_fields(assignment),
            "source_id": assignment.source_id,
            "site_name": assignment.site_name,
            "title": assignment.title,
            "url": assignment.url,
            "published_at": _iso(assignment.published_at),
            "indexed_at": indexed_at.isoformat(),
        }
    )


def revision_document(revision: ArticleRevision, indexed_at: datetime) -> dict[str, Any]:
    """A revision's document (id: the revision id): what changed, with both wordings."""
    return _drop_empty(
        {
            "@timestamp": revision.to_fetched_at.isoformat(),
            "id": revision.id,
            "article_id": revision.article_id,
            "page_id": revision.page_id,
            "revision": revision.revision,
            "url": revision.url,
            "canonical_url": revision.canonical_url,
            "source_id": revision.source_id,
            "site_name": revision.site_name,
            "changed": list(revision.changed),
            "from_version": revision.from_version,
            "to_version": revision.to_version,
            "from_fetched_at": revision.from_fetched_at.isoformat(),
            "to_fetched_at": revision.to_fetched_at.isoformat(),
            "from_modified_at": _iso(revision.from_modified_at),
            "to_modified_at": _iso(revision.to_modified_at),
            "title_before": revision.title_before,
            "title_after": revision.title_after,
            "subtitle_before": revision.subtitle_before,
            "subtitle_after": revision.subtitle_after,
            "authors_before": revision.authors_before,
            "authors_after": revision.authors_after,
            "published_at_before": _iso(revision.published_at_before),
            "published_at_after": _iso(revision.published_at_after),
            "paragraphs_added": [p.model_dump() for p in revision.paragraphs_added],
            "paragraphs_removed": [p.model_dump() for p in revision.paragraphs_removed],
            "paragraphs_changed": [p.model_dump() for p in revision.paragraphs_changed],
            "quotes_added": [_drop_empty(q.model_dump()) for q in revision.quotes_added],
            "quotes_removed": [_drop_empty(q.model_dump()) for q in revision.quotes_removed],
            "paragraphs_added_count": len(revision.paragraphs_added),
            "paragraphs_removed_count": len(revision.paragraphs_removed),
            "paragraphs_changed_count": len(revision.paragraphs_changed),
            "quotes_added_count": len(revision.quotes_added),
            "quotes_removed_count": len(revision.quotes_removed),
            "words_before": revision.words_before,
            "words_after": revision.words_after,
            "from_parser_version": revision.from_parser_version,
            "to_parser_version": revision.to_parser_version,
            "detected_at": revision.detected_at.isoformat(),
            "indexed_at": indexed_at.isoformat(),
        }
    )
