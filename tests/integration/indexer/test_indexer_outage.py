"""Elasticsearch stopped and restarted mid-stream: the indexer pauses, commits nothing while it
is down, and resumes when it returns, with every article indexed once.

The test runs its own Elasticsearch (the shared one must stay up for everything else)."""

from __future__ import annotations

import asyncio
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from newsroom_indexer.settings import IndexerSettings
from newsroom_indexer.templates import Names
from newsroom_ops.devstack import elasticsearch_server, process
from newsroom_ops.devstack.settings import DevStackSettings
from newsroom_shared.contracts import Article
from newsroom_shared.settings import ElasticsearchSettings, KafkaSettings

from .conftest import committed_offsets, count, make_settings, produce, running, variant, wait_until

pytestmark = [pytest.mark.integration, pytest.mark.slow]


@dataclass
class OwnElasticsearch:
    settings: DevStackSettings
    instance: elasticsearch_server.ElasticsearchInstance
    pid: int = 0

    def start(self) -> None:
        self.pid = elasticsearch_server.start(self.settings, self.instance)
        elasticsearch_server.wait_ready(self.instance, self.pid, self.settings.startup_timeout)

    def stop(self) -> None:
        process.stop(self.pid)


@pytest.fixture
def own_elasticsearch() -> Iterator[OwnElasticsearch]:
    settings = DevStackSettings(
        es_port=process.free_port(), es_transport_port=process.free_port(), es_heap="512m"
    )
    directory = settings.home / f"pytest-indexer-outage-{uuid.uuid4().hex[:8]}"
    server = OwnElasticsearch(
        settings,
        elasticsearch_server.ElasticsearchInstance(
            directory / "elasticsearch", settings.es_port, settings.es_transport_port
        ),
    )
    server.start()
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(directory, ignore_errors=True)


async def test_elasticsearch_outage_mid_stream(
    topics: KafkaSettings, own_elasticsearch: OwnElasticsearch, seed_article: Article
) -> None:
    es_settings = ElasticsearchSettings(
        url=own_elasticsearch.instance.url, index_prefix="outage", request_timeout=5.0
    )
    names = Names(es_settings.index_prefix)
    # The default backoff, as in production: it must not keep the indexer away for long once
    # Elasticsearch is back, however long the outage was.
    defaults = IndexerSettings.model_fields
    settings = make_settings(
        topics,
        es_settings,
        batch_max_docs=50,
        retry_initial_backoff=defaults["retry_initial_backoff"].default,
        retry_max_backoff=defaults["retry_max_backoff"].default,
    )
    articles = [variant(seed_article, n, quotes=seed_article.quotes[:2]) for n in range(600)]

    await produce(topics, articles[:200])
    async with running(settings) as service:
        await wait_until(lambda: service.stats.committed == 200, 60, "the first 200")

        # Articles keep arriving while Elasticsearch goes away.
        more = asyncio.create_task(produce(topics, articles[200:]))
        await asyncio.to_thread(own_elasticsearch.stop)
        await wait_until(
            lambda: service.health()[1]["consumption"] == "paused", 30, "consumption paused"
        )
        at_stop = await committed_offsets(settings)
        await asyncio.sleep(4)
        await more
        assert await committed_offsets(settings) == at_stop, "committed while ES was down"
        assert at_stop < 600
        healthy, details = service.health()
        assert healthy  # paused on purpose: nothing a restart would fix
        assert details["elasticsearch"] == "unavailable"

        await asyncio.sleep(20)  # a long outage: the backoff grows to its cap
        await asyncio.to_thread(own_elasticsearch.start)  # returns once the node is ready
        await wait_until(
            lambda: service.health()[1]["elasticsearch"] == "available",
            8,
            "indexing resumed within seconds of Elasticsearch being ready",
        )
        await wait_until(lambda: service.stats.committed == 600, 120, "all 600 after restart")
        assert service.health()[1]["consumption"] == "running"

    assert await committed_offsets(settings) == 600
    assert await count(es_settings, names.articles.read_alias) == 600
    assert await count(es_settings, names.quotes.read_alias) == 1200
