"""`newsroom reindex`: new indices from the topic or the old indices, aliases swapped."""

from __future__ import annotations

import pytest

from newsroom_indexer import es_admin
from newsroom_indexer.es_client import make_client
from newsroom_indexer.settings import IndexerSettings
from newsroom_indexer.templates import Names
from newsroom_ops.elasticsearch.reindex import reindex
from newsroom_shared.contracts import Article

from .conftest import count, produce, variant

pytestmark = pytest.mark.integration


async def test_rebuild_from_topic_then_from_index(
    indexer_settings: IndexerSettings, seed_article: Article
) -> None:
    es_settings = indexer_settings.elasticsearch
    names = Names(es_settings.index_prefix)
    assert len(seed_article.quotes) == 7
    older = seed_article.model_copy(update={"version": seed_article.version - 1000})
    newer = seed_article.model_copy(
        update={"version": seed_article.version + 1000, "quotes": seed_article.quotes[:2]}
    )
    other = variant(seed_article, 1, quotes=[])
    # The topic holds two versions of the seed: only the newest may be rebuilt.
    await produce(indexer_settings.kafka, [older, other, newer])

    async with make_client(es_settings) as es:
        await es_admin.apply(es, names)
        first = await reindex(es, indexer_settings.kafka, names, "topic")
        assert first.new_indices == {
            "articles": f"{names.prefix}-articles-000002",
            "quotes": f"{names.prefix}-quotes-000002",
        }
        assert first.written == {"articles": 2, "quotes": 2}
        assert first.skipped == 1
        read = await es.indices.get_alias(name=names.articles.read_alias)
        assert list(read) == [first.new_indices["articles"]]
        write = await es.indices.get_alias(name=names.quotes.write_alias)
        assert write[first.new_indices["quotes"]]["aliases"][names.quotes.write_alias] == {
            "is_write_index": True
        }
        doc = await es.get(index=names.articles.read_alias, id=seed_article.id)
        assert doc["_source"]["version"] == newer.version

        second = await reindex(es, indexer_settings.kafka, names, "index", delete_old=True)
        assert second.new_indices["articles"] == f"{names.prefix}-articles-000003"
        assert second.old_indices["articles"] == [first.new_indices["articles"]]
        assert not await es.indices.exists(index=first.new_indices["articles"])
        # The untouched bootstrap indices were never aliased to by the second run.
        assert await es.indices.exists(index=f"{names.prefix}-articles-000001")
    assert await count(es_settings, names.articles.read_alias) == 2
    assert await count(es_settings, names.quotes.read_alias) == 2
    speakers = await count(
        es_settings, names.quotes.read_alias, {"term": {"speaker.name": "Rand Paul"}}
    )
    assert speakers == 2
