"""Article -> article and quote documents: every field mapped, facets grouped, quotes complete."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from newsroom_indexer.documents import (
    MAX_ES_VERSION,
    article_document,
    entity_group,
    quote_documents,
    version_problem,
)
from newsroom_indexer.templates import field_paths, mappings
from newsroom_shared.contracts import MAX_VERSION_SKEW, Article, Entity, Quote, Speaker

NOW = datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)
PEOPLE = ["Rand Paul", "Konstantin Kosachev", "Vladimir Putin", "Donald Trump"]


def leaf_paths(doc: dict[str, Any], properties: dict[str, Any], prefix: str = "") -> set[str]:
    """Field paths of a document, stopping at objects the mapping stores without indexing."""
    paths = set()
    for key, value in doc.items():
        spec = properties.get(key, {})
        path = f"{prefix}{key}"
        if isinstance(value, dict) and "properties" in spec:
            paths |= leaf_paths(value, spec["properties"], f"{path}.")
        else:
            paths.add(path)
    return paths


def assert_mapped(doc: dict[str, Any], kind: str) -> None:
    properties = mappings(kind)["properties"]  # type: ignore[arg-type]
    unknown = leaf_paths(doc, properties) - set(field_paths(kind))  # type: ignore[arg-type]
    assert not unknown, f"fields missing from the {kind} mapping: {unknown}"


def test_article_document_of_the_seed(seed_article: Article) -> None:
    doc = article_document(seed_article, NOW)
    assert doc["id"] == seed_article.id
    assert doc["version"] == seed_article.version
    assert doc["source_id"] == "rollcall"
    assert doc["entities"]["people"] == PEOPLE  # canonical names, most mentioned first
    assert {"Kentucky", "Russia", "Helsinki", "Moscow", "Washington"} <= set(
        doc["entities"]["places"]
    )
    assert doc["speakers"] == ["Rand Paul", "Konstantin Kosachev"]
    assert doc["quote_count"] == 7
    assert doc["@timestamp"] == "2018-08-06T00:00:00+00:00"
    assert doc["indexed_at"] == NOW.isoformat()
    assert "modified_at" not in doc  # absent, not null
    assert_mapped(doc, "articles")


def test_timestamp_falls_back_to_fetch_time(seed_article: Article) -> None:
    undated = seed_article.model_copy(update={"published_at": None})
    assert article_document(undated, NOW)["@timestamp"] == seed_article.fetched_at.isoformat()


def test_quote_documents_of_the_seed(seed_article: Article) -> None:
    docs = quote_documents(seed_article, NOW)
    assert [d.id for d in docs] == [f"{seed_article.id}:{i}" for i in range(7)]
    speakers = [d.source["speaker"]["name"] for d in docs]
    assert speakers.count("Rand Paul") == 5
    assert speakers.count("Konstantin Kosachev") == 2
    first = docs[0].source
    assert first["speaker"] == {
        "name": "Rand Paul",
        "as_written": "Paul",
        "entity_id": "person:rand-paul",
    }
    assert first["article_id"] == seed_article.id
    assert first["article_title"] == seed_article.title
    assert first["article_version"] == seed_article.version
    kosachev = docs[2].source
    assert kosachev["paragraph"] == 7
    assert "Konstantin Kosachev" in kosachev["entities"]["people"]
    assert "Russia" in kosachev["entities"]["places"]
    for doc in docs:
        assert_mapped(doc.source, "quotes")


def test_quote_without_paragraph_or_speaker(seed_article: Article) -> None:
    quote = Quote(text="No comment.", speaker=Speaker(name=None, as_written=None))
    article = seed_article.model_copy(update={"quotes": [quote]})
    (doc,) = quote_documents(article, NOW)
    assert "speaker" not in doc.source
    assert "entities" not in doc.source
    assert article_document(article, NOW).get("speakers") is None


def test_entity_groups() -> None:
    assert entity_group("PERSON") == "people"
    assert entity_group("org") == "organisations"
    assert entity_group("GPE") == entity_group("LOC") == entity_group("FAC") == "places"
    assert entity_group("NORP") == "groups"
    assert entity_group("WORK_OF_ART") == "other"


def test_version_limit(seed_article: Article) -> None:
    assert version_problem(seed_article) is None
    too_big = seed_article.model_copy(update={"version": MAX_ES_VERSION + 1})
    assert "above" in (version_problem(too_big) or "")


def test_versions_ahead_of_the_clock_by_more_than_the_skew_are_refused(
    seed_article: Article,
) -> None:
    def at(moment: datetime) -> Article:
        return seed_article.model_copy(update={"version": int(moment.timestamp() * 1000)})

    assert version_problem(at(NOW + MAX_VERSION_SKEW), NOW) is None
    assert version_problem(at(NOW - timedelta(days=3000)), NOW) is None
    too_early = version_problem(at(NOW + MAX_VERSION_SKEW + timedelta(milliseconds=1)), NOW)
    assert "ahead of the clock" in (too_early or "")
    forged = seed_article.model_copy(update={"version": 9 * 10**18})
    assert "ahead of the clock" in (version_problem(forged, NOW) or "")
    # Without a clock given, the real one: a forged version is refused today too.
    assert version_problem(forged) is not None


_names = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=30)
_entities = st.builds(
    Entity,
    id=_names,
    name=_names,
    type=st.sampled_from(["PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT", "LAW", "x"]),
    mentions=st.integers(0, 50),
    paragraphs=st.lists(st.integers(0, 5), max_size=3),
)
_quotes = st.builds(
    Quote,
    text=_names,
    cue=st.none() | _names,
    speaker=st.builds(Speaker, name=st.none() | _names, as_written=st.none() | _names),
    paragraph=st.none() | st.integers(0, 5),
)


@settings(max_examples=60, deadline=None)
@given(
    entities=st.lists(_entities, max_size=8),
    quotes=st.lists(_quotes, max_size=5),
    tags=st.lists(_names, max_size=3),
    title=st.none() | _names,
)
def test_any_article_maps_onto_the_mappings(
    seed_article: Article,
    entities: list[Entity],
    quotes: list[Quote],
    tags: list[str],
    title: str | None,
) -> None:
    article = seed_article.model_copy(
        update={"entities": entities, "quotes": quotes, "tags": tags, "title": title}
    )
    doc = article_document(article, NOW)
    assert_mapped(doc, "articles")
    names = {e.name for e in entities}
    assert {n for group in doc.get("entities", {}).values() for n in group} == names
    for quote_doc in quote_documents(article, NOW):
        assert_mapped(quote_doc.source, "quotes")


def test_an_article_shows_its_revision_count_and_last_change(seed_article: Article) -> None:
    first = article_document(seed_article, NOW)
    assert first["revision_count"] == 0
    assert "revised_at" not in first and "revised_fields" not in first
    revised_at = NOW - timedelta(hours=2)
    revised = seed_article.model_copy(
        update={"revisions": 2, "revised_at": revised_at, "revised_fields": ["title", "quotes"]}
    )
    doc = article_document(revised, NOW)
    assert (doc["revision_count"], doc["revised_at"]) == (2, revised_at.isoformat())
    assert doc["revised_fields"] == ["title", "quotes"]
    assert_mapped(doc, "articles")
