"""A document indexed with the official client is found by full-text search and aggregated."""

from __future__ import annotations

import pytest
from elasticsearch import AsyncElasticsearch

from newsroom_shared.settings import ElasticsearchSettings
from newsroom_shared.versions import ELASTICSEARCH_VERSION

pytestmark = pytest.mark.integration


async def test_index_search_and_aggregate(es_settings: ElasticsearchSettings) -> None:
    index = f"{es_settings.index_prefix}-smoke"
    async with AsyncElasticsearch(**es_settings.client_options()) as es:
        info = await es.nodes.info()
        versions = {node["version"] for node in info["nodes"].values()}
        assert versions == {ELASTICSEARCH_VERSION}
        await es.indices.create(
            index=index,
            mappings={
                "properties": {
                    "title": {"type": "text"},
                    "source": {"type": "keyword"},
                }
            },
        )
        docs = [
            ("1", "Senator invites Russian delegation", "rollcall"),
            ("2", "Senate passes sanctions package", "rollcall"),
            ("3", "Local bakery wins award", "gazette"),
        ]
        for doc_id, title, source in docs:
            await es.index(index=index, id=doc_id, document={"title": title, "source": source})
        await es.indices.refresh(index=index)

        hits = await es.search(index=index, query={"match": {"title": "russian delegation"}})
        assert [h["_id"] for h in hits["hits"]["hits"]] == ["1"]

        aggs = await es.search(
            index=index, size=0, aggs={"by_source": {"terms": {"field": "source"}}}
        )
        buckets = {b["key"]: b["doc_count"] for b in aggs["aggregations"]["by_source"]["buckets"]}
        assert buckets == {"rollcall": 2, "gazette": 1}
