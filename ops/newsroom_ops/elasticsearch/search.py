"""Searching articles: query building and response parsing (pure), and one thin call."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Literal

from elasticsearch import AsyncElasticsearch

# Facet name -> keyword field of the articles index.
FACETS: dict[str, str] = {
    "people": "entities.people",
    "organisations": "entities.organisations",
    "places": "entities.places",
    "sources": "source_id",
    "speakers": "speakers",
    "stories": "story.id",  # one story, N outlets
}

TEXT_FIELDS = ["title^3", "subtitle^2", "body"]
SOURCE_FIELDS = [
    "id",
    "title",
    "source_id",
    "site_name",
    "published_at",
    "@timestamp",
    "url",
    "story.id",
]
HIGHLIGHT_PRE, HIGHLIGHT_POST = "<em>", "</em>"


@dataclass(frozen=True)
class SearchRequest:
    text: str = ""
    person: str | None = None
    source: str | None = None
    story: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    facets: bool = False
    size: int = 10
    facet_size: int = 10
    sort: Literal["relevance", "date"] = "relevance"


@dataclass(frozen=True)
class Hit:
    id: str
    score: float | None
    title: str | None
    source: str | None
    site_name: str | None
    published_at: str | None
    url: str | None
    snippet: str | None
    story_id: str | None = None
    # Of the hit's story, across the whole index: its articles, and how many outlets ran it.
    story_articles: int | None = None
    story_outlets: int | None = None


@dataclass(frozen=True)
class SearchResult:
    total: int
    total_is_exact: bool
    took_ms: int
    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)


def _any_of(fields: list[str], value: str) -> dict[str, Any]:
    # Case-insensitive exact match on keyword fields: "rand paul" finds "Rand Paul".
    return {
        "bool": {
            "should": [{"term": {f: {"value": value, "case_insensitive": True}}} for f in fields],
            "minimum_should_match": 1,
        }
    }


def build_query(request: SearchRequest) -> dict[str, Any]:
    text = request.text.strip()
    must: list[dict[str, Any]] = [
        {
            # simple_query_string: "phrases", -exclusions and OR for people, and never a
            # syntax error for odd input.
            "simple_query_string": {
                "query": text,
                "fields": TEXT_FIELDS,
                "default_operator": "and",
            }
        }
        if text
        else {"match_all": {}}
    ]
    filters: list[dict[str, Any]] = []
    if request.person:
        filters.append(_any_of(["entities.people", "speakers"], request.person))
    if request.source:
        filters.append(_any_of(["source_id", "site_name"], request.source))
    if request.story:
        filters.append({"term": {"story.id": request.story}})
    if request.date_from or request.date_to:
        bounds: dict[str, str] = {}
        if request.date_from:
            bounds["gte"] = f"{request.date_from.isoformat()}||/d"
        if request.date_to:
            # lte with /d rounds up: the whole last day is included.
            bounds["lte"] = f"{request.date_to.isoformat()}||/d"
        filters.append({"range": {"@timestamp": bounds}})
    return {"bool": {"must": must, "filter": filters}}


def build_search(request: SearchRequest) -> dict[str, Any]:
    """Keyword arguments for `AsyncElasticsearch.search` on the articles read alias."""
    body: dict[str, Any] = {
        "query": build_query(request),
        "size": request.size,
        "source_includes": SOURCE_FIELDS,
        "track_total_hits": True,
        "highlight": {
            "pre_tags": [HIGHLIGHT_PRE],
            "post_tags": [HIGHLIGHT_POST],
            "fields": {
                # no_match_size: the opening of the body when the match is elsewhere.
                "body": {"fragment_size": 200, "number_of_fragments": 1, "no_match_size": 200},
            },
        },
    }
    if request.sort == "date":
        body["sort"] = [{"@timestamp": {"order": "desc"}}, "_score"]
    if request.facets:
        body["aggs"] = {
            name: {"terms": {"field": path, "size": request.facet_size}}
            for name, path in FACETS.items()
        }
    return body


def parse_response(response: dict[str, Any]) -> SearchResult:
    hits_section = response.get("hits", {})
    total = hits_section.get("total", {"value": 0, "relation": "eq"})
    hits = []
    for raw in hits_section.get("hits", []):
        source = raw.get("_source", {})
        fragments = raw.get("highlight", {}).get("body", [])
        hits.append(
            Hit(
                id=raw["_id"],
                score=raw.get("_score"),
                title=source.get("title"),
                source=source.get("source_id"),
                site_name=source.get("site_name"),
                published_at=source.get("published_at") or source.get("@timestamp"),
                url=source.get("url"),
                snippet=" … ".join(fragments) if fragments else None,
                story_id=(source.get("story") or {}).get("id"),
            )
        )
    facets = {
        name: [(bucket["key"], bucket["doc_count"]) for bucket in agg.get("buckets", [])]
        for name, agg in response.get("aggregations", {}).items()
    }
    return SearchResult(
        total=int(total["value"]),
        total_is_exact=total.get("relation") == "eq",
        took_ms=int(response.get("took", 0)),
        hits=hits,
        facets=facets,
    )


def build_story_counts(story_ids: list[str]) -> dict[str, Any]:
    """Keyword arguments for a search counting, per story, its articles and outlets (distinct
    sources) over the whole index, not only the hits."""
    return {
        "size": 0,
        "query": {"terms": {"story.id": story_ids}},
        "aggs": {
            "stories": {
                "terms": {"field": "story.id", "size": len(story_ids)},
                "aggs": {"outlets": {"cardinality": {"field": "source_id"}}},
            }
        },
    }


def parse_story_counts(response: dict[str, Any]) -> dict[str, tuple[int, int]]:
    """story id -> (articles, outlets)."""
    buckets = response.get("aggregations", {}).get("stories", {}).get("buckets", [])
    return {b["key"]: (int(b["doc_count"]), int(b["outlets"]["value"])) for b in buckets}


def with_story_counts(result: SearchResult, counts: dict[str, tuple[int, int]]) -> SearchResult:
    hits = []
    for hit in result.hits:
        articles, outlets = counts.get(hit.story_id or "", (None, None))
        hits.append(replace(hit, story_articles=articles, story_outlets=outlets))
    return replace(result, hits=hits)


async def run_search(es: AsyncElasticsearch, index: str, request: SearchRequest) -> SearchResult:
    response = await es.search(index=index, **build_search(request))
    result = parse_response(dict(response.body))
    story_ids = sorted({hit.story_id for hit in result.hits if hit.story_id})
    if not story_ids:
        return result
    counts = await es.search(index=index, **build_story_counts(story_ids))
    return with_story_counts(result, parse_story_counts(dict(counts.body)))
