"""Names typed in any case find their articles and quotes, on a real node, while facets keep
the exact names; the queries are the ones Kibana sends for KQL and for a filter."""

from __future__ import annotations

from typing import Any

import pytest
from elasticsearch import AsyncElasticsearch

from newsroom_indexer import es_admin
from newsroom_indexer.bulk_items import Incoming
from newsroom_indexer.templates import Names, mappings_component
from newsroom_indexer.writer import BulkWriter
from newsroom_ops.demo.run import published_range
from newsroom_shared.contracts import Article
from newsroom_shared.settings import ElasticsearchSettings

pytestmark = pytest.mark.integration


def kql(field: str, value: str, quoted: bool) -> dict[str, Any]:
    """What Kibana sends for `field : value` (match) and `field : "value"` or an `is` filter
    (match_phrase)."""
    kind = "match_phrase" if quoted else "match"
    return {"bool": {"filter": [{"bool": {"should": [{kind: {field: value}}]}}]}}


@pytest.fixture
async def indexed(
    es_prefix: ElasticsearchSettings, seed_article: Article
) -> tuple[AsyncElasticsearch, Names]:
    names = Names(es_prefix.index_prefix)
    es = AsyncElasticsearch(**es_prefix.client_options())  # type: ignore[arg-type]
    await es_admin.apply(es, names)
    written = await BulkWriter(es, names).write(
        [Incoming.of("articles", 0, 0, seed_article.id, None, seed_article)]
    )
    assert len(written.indexed) == 1
    await es.indices.refresh(index=f"{es_prefix.index_prefix}-*")
    yield es, names
    await es.close()


async def hits(es: AsyncElasticsearch, index: str, query: dict[str, Any]) -> int:
    result = await es.count(index=index, query=query)
    return int(result["count"])


@pytest.mark.parametrize("typed", ["rand paul", "RAND PAUL", "Rand Paul", "rAnD pAuL"])
@pytest.mark.parametrize("quoted", [False, True])
async def test_a_person_typed_in_any_case_finds_the_article_and_the_quotes(
    indexed: tuple[AsyncElasticsearch, Names], typed: str, quoted: bool
) -> None:
    es, names = indexed
    articles, quotes = names.articles.read_alias, names.quotes.read_alias
    assert await hits(es, articles, kql("entities.people.lower", typed, quoted)) == 1
    assert await hits(es, articles, kql("speakers.lower", typed, quoted)) == 1
    assert await hits(es, quotes, kql("speaker.name.lower", typed, quoted)) >= 1


async def test_the_exact_fields_stay_exact_and_the_facets_show_names_as_written(
    indexed: tuple[AsyncElasticsearch, Names],
) -> None:
    es, names = indexed
    articles = names.articles.read_alias
    # Why `.lower` exists: the keyword itself matches only the exact case.
    assert await hits(es, articles, kql("entities.people", "rand paul", True)) == 0
    assert await hits(es, articles, kql("entities.people", "Rand Paul", True)) == 1
    result = await es.search(
        index=articles, size=0, aggs={"people": {"terms": {"field": "entities.people"}}}
    )
    people = {bucket["key"] for bucket in result["aggregations"]["people"]["buckets"]}
    assert "Rand Paul" in people and "rand paul" not in people


async def test_the_lowercase_normalizer_works_without_the_analysis_module(
    indexed: tuple[AsyncElasticsearch, Names],
) -> None:
    es, names = indexed
    capabilities = await es_admin.detect(es)
    assert not capabilities.english_analysis  # this node has no analysis-common
    tokens = await es.indices.analyze(
        index=names.articles.write_alias, field="entities.people.lower", text="Rand PAUL"
    )
    assert [t["token"] for t in tokens["tokens"]] == ["rand paul"]


def _without_lower(node: Any) -> Any:
    """The mappings as they were before names had a lowercased sub-field."""
    if isinstance(node, dict):
        fields = node.get("fields", {})
        kept = {k: _without_lower(v) for k, v in node.items() if k != "fields"}
        rest = {name: spec for name, spec in fields.items() if name != "lower"}
        return {**kept, "fields": rest} if rest else kept
    return node


async def test_apply_adds_the_lowercased_fields_to_an_index_made_without_them(
    es_prefix: ElasticsearchSettings,
) -> None:
    names = Names(es_prefix.index_prefix)
    index = names.articles.first_index
    old = mappings_component("articles", "standard")["template"]
    async with AsyncElasticsearch(**es_prefix.client_options()) as es:  # type: ignore[arg-type]
        await es.indices.create(
            index=index,
            settings=old["settings"],
            mappings=_without_lower(old["mappings"]),
            aliases={
                names.articles.write_alias: {"is_write_index": True},
                names.articles.read_alias: {},
            },
        )
        before = await es.indices.get_field_mapping(index=index, fields="entities.people.lower")
        assert not before[index]["mappings"]

        result = await es_admin.apply(es, names)

        changes = {c.target: c.action for c in result.changes}
        assert changes[f"mappings of {names.articles.read_alias}"] == "updated"
        after = await es.indices.get_field_mapping(index=index, fields="entities.people.lower")
        assert after[index]["mappings"], "the sub-field was added in place"


async def test_the_demo_finds_the_dates_its_articles_were_published(
    indexed: tuple[AsyncElasticsearch, Names], seed_article: Article
) -> None:
    es, names = indexed
    first, last = await published_range(es, names.prefix)
    assert first == last == seed_article.published_at
