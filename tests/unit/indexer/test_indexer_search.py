"""Search queries built from the command's options, and responses read back."""

from __future__ import annotations

from datetime import date

from newsroom_indexer.templates import field_paths
from newsroom_ops.elasticsearch.search import (
    FACETS,
    SearchRequest,
    build_search,
    build_story_counts,
    parse_response,
    parse_story_counts,
    with_story_counts,
)


def test_text_query_searches_title_subtitle_body() -> None:
    body = build_search(SearchRequest(text='  "election interference" -Texas '))
    must = body["query"]["bool"]["must"][0]["simple_query_string"]
    assert must["query"] == '"election interference" -Texas'
    assert must["fields"] == ["title^3", "subtitle^2", "body"]
    assert must["default_operator"] == "and"
    assert body["query"]["bool"]["filter"] == []
    assert "aggs" not in body and "sort" not in body
    assert body["highlight"]["fields"]["body"]["no_match_size"] > 0


def test_empty_query_matches_everything() -> None:
    assert build_search(SearchRequest())["query"]["bool"]["must"] == [{"match_all": {}}]


def test_filters() -> None:
    request = SearchRequest(
        text="x",
        person="rand paul",
        source="Roll Call",
        date_from=date(2018, 8, 1),
        date_to=date(2018, 8, 31),
    )
    person, source, dates = build_search(request)["query"]["bool"]["filter"]
    assert {"term": {"entities.people": {"value": "rand paul", "case_insensitive": True}}} in (
        person["bool"]["should"]
    )
    assert {"term": {"speakers": {"value": "rand paul", "case_insensitive": True}}} in (
        person["bool"]["should"]
    )
    assert len(source["bool"]["should"]) == 2
    assert dates == {"range": {"@timestamp": {"gte": "2018-08-01||/d", "lte": "2018-08-31||/d"}}}


def test_facets_and_date_sort() -> None:
    body = build_search(SearchRequest(facets=True, facet_size=5, sort="date"))
    assert set(body["aggs"]) == {
        "people",
        "organisations",
        "places",
        "sources",
        "speakers",
        "stories",
    }
    assert body["aggs"]["people"] == {"terms": {"field": "entities.people", "size": 5}}
    assert body["sort"][0] == {"@timestamp": {"order": "desc"}}


def test_facet_and_filter_fields_exist_and_are_keywords() -> None:
    paths = field_paths("articles")
    for field in [*FACETS.values(), "site_name"]:
        assert paths[field] == "keyword", field


def test_parse_response() -> None:
    response = {
        "took": 7,
        "hits": {
            "total": {"value": 1, "relation": "eq"},
            "hits": [
                {
                    "_id": "a1",
                    "_score": 2.5,
                    "_source": {
                        "title": "Sen. Rand Paul Invites Top Russians",
                        "source_id": "rollcall",
                        "site_name": "Roll Call",
                        "published_at": "2018-08-06T00:00:00+00:00",
                        "url": "https://rollcall.com/x",
                    },
                    "highlight": {"body": ["invited top <em>Russian</em> officials"]},
                }
            ],
        },
        "aggregations": {
            "people": {"buckets": [{"key": "Rand Paul", "doc_count": 1}]},
            "sources": {"buckets": []},
        },
    }
    result = parse_response(response)
    assert result.total == 1 and result.total_is_exact and result.took_ms == 7
    (hit,) = result.hits
    assert hit.title.startswith("Sen. Rand Paul") and hit.source == "rollcall"
    assert hit.snippet == "invited top <em>Russian</em> officials"
    assert result.facets == {"people": [("Rand Paul", 1)], "sources": []}


def test_story_filter_and_counts() -> None:
    body = build_search(SearchRequest(story="s1"))
    assert body["query"]["bool"]["filter"] == [{"term": {"story.id": "s1"}}]
    assert "story.id" in body["source_includes"]
    counts = build_story_counts(["s1", "s2"])
    assert counts["query"] == {"terms": {"story.id": ["s1", "s2"]}}
    assert counts["aggs"]["stories"]["aggs"]["outlets"] == {"cardinality": {"field": "source_id"}}
    result = parse_response(
        {
            "hits": {
                "total": {"value": 2, "relation": "eq"},
                "hits": [
                    {"_id": "a", "_source": {"title": "A", "story": {"id": "s1"}}},
                    {"_id": "b", "_source": {"title": "B"}},
                ],
            }
        }
    )
    assert [h.story_id for h in result.hits] == ["s1", None]
    aggregated = {
        "aggregations": {
            "stories": {"buckets": [{"key": "s1", "doc_count": 4, "outlets": {"value": 3}}]}
        }
    }
    assert parse_story_counts(aggregated) == {"s1": (4, 3)}
    counted = with_story_counts(result, parse_story_counts(aggregated))
    assert [(h.story_articles, h.story_outlets) for h in counted.hits] == [(4, 3), (None, None)]
