"""`newsroom status`: topics, lag per consumer group, indices and dead letters, all counted."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from aiokafka import AIOKafkaConsumer, TopicPartition
from elasticsearch import AsyncElasticsearch

from newsroom_ops import status as status_module
from newsroom_ops.status import collect
from newsroom_shared.contracts import Origin
from newsroom_shared.dead_letters import make_dead_letter, publish_dead_letter
from newsroom_shared.kafka import end_offsets, make_producer
from newsroom_shared.settings import ElasticsearchSettings, KafkaSettings
from newsroom_shared.topics import ARTICLES, DEAD_LETTERS, RAW_PAGES

pytestmark = pytest.mark.integration


async def test_status_counts_what_is_there(
    topics: KafkaSettings, es_settings: ElasticsearchSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    group = f"{topics.topic_prefix}status-parser"
    monkeypatch.setattr(
        status_module, "consumer_groups", lambda: [("parser", group, RAW_PAGES.name)]
    )
    producer = make_producer(topics, max_request_size=RAW_PAGES.max_message_bytes)
    await producer.start()
    try:
        for n in range(3):
            await producer.send_and_wait(topics.topic(RAW_PAGES.name), b"{}", key=f"k{n}".encode())
        for reason in ("not_html", "not_html", "empty_page"):
            letter = make_dead_letter(
                stage="parse",
                reason=reason,
                error="x",
                origin=Origin(topic=topics.topic(RAW_PAGES.name), partition=0, offset=0),
            )
            await publish_dead_letter(producer, topics.topic(DEAD_LETTERS.name), letter, "k")
    finally:
        await producer.stop()
    async with AsyncElasticsearch(**es_settings.client_options()) as es:  # type: ignore[arg-type]
        await es.indices.create(
            index=f"{es_settings.index_prefix}-articles-000001",
            aliases={f"{es_settings.index_prefix}-articles": {}},
        )
        await es.index(
            index=f"{es_settings.index_prefix}-articles-000001",
            id="a",
            document={"x": 1},
            refresh=True,
        )

    snapshot = await collect(topics, es_settings)

    assert snapshot.errors == []
    by_name = {t.name: t for t in snapshot.topics}
    assert by_name[topics.topic(RAW_PAGES.name)].messages_end == 3
    assert by_name[topics.topic(RAW_PAGES.name)].partitions == RAW_PAGES.partitions
    [lag] = snapshot.lags
    assert (lag.service, lag.group, lag.lag) == ("parser", group, None)  # nothing committed
    [index] = snapshot.indices
    assert index["docs.count"] == "1"
    assert snapshot.aliases == {
        f"{es_settings.index_prefix}-articles": [f"{es_settings.index_prefix}-articles-000001"]
    }
    assert snapshot.dead_letters == {("parse", "not_html"): 2, ("parse", "empty_page"): 1}

    # The group commits all but one message: lag 1.
    ends = await end_offsets(topics, topics.topic(RAW_PAGES.name))
    busy = next(p for p, end in ends.items() if end > 0)
    consumer = AIOKafkaConsumer(
        bootstrap_servers=topics.bootstrap_servers, group_id=group, enable_auto_commit=False
    )
    await consumer.start()
    try:
        offsets = {
            TopicPartition(topics.topic(RAW_PAGES.name), p): end - (1 if p == busy else 0)
            for p, end in ends.items()
        }
        consumer.assign(list(offsets))
        await consumer.commit(offsets)
    finally:
        await consumer.stop()
    [lag] = (await collect(topics, es_settings)).lags
    assert lag.lag == 1 and lag.per_partition[busy] == 1


async def test_status_finds_the_groups_of_a_stack_under_its_prefix(
    topics: KafkaSettings, es_settings: ElasticsearchSettings
) -> None:
    """A stack like the demo's names its groups under its topic prefix: status shows them,
    not the default groups as "not started"."""
    parser_group = f"{topics.topic_prefix}newsroom-parser"
    indexer_group = f"{topics.topic_prefix}newsroom-indexer"
    producer = make_producer(topics, max_request_size=RAW_PAGES.max_message_bytes)
    await producer.start()
    try:
        for n in range(2):
            await producer.send_and_wait(topics.topic(RAW_PAGES.name), b"{}", key=f"k{n}".encode())
            await producer.send_and_wait(topics.topic(ARTICLES.name), b"{}", key=f"k{n}".encode())
    finally:
        await producer.stop()
    for group, base, behind in (
        (parser_group, RAW_PAGES.name, 0),
        (indexer_group, ARTICLES.name, 1),
    ):
        ends = await end_offsets(topics, topics.topic(base))
        busy = next(p for p, end in ends.items() if end > 0)
        consumer = AIOKafkaConsumer(
            bootstrap_servers=topics.bootstrap_servers, group_id=group, enable_auto_commit=False
        )
        await consumer.start()
        try:
            offsets = {
                TopicPartition(topics.topic(base), p): end - (behind if p == busy else 0)
                for p, end in ends.items()
            }
            consumer.assign(list(offsets))
            await consumer.commit(offsets)
        finally:
            await consumer.stop()

    snapshot = await collect(topics, es_settings)

    rows = {(lag.service, lag.group): lag.lag for lag in snapshot.lags}
    assert rows == {("parser", parser_group): 0, ("indexer", indexer_group): 1}


def newsroom(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """The command as a person pipes it: no terminal on any stream."""
    return subprocess.run(
        [sys.executable, "-m", "newsroom_ops", *args],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )


async def test_status_and_dlq_list_fit_a_piped_terminal(
    topics: KafkaSettings, es_settings: ElasticsearchSettings
) -> None:
    producer = make_producer(topics, max_request_size=RAW_PAGES.max_message_bytes)
    await producer.start()
    try:
        letter = make_dead_letter(
            stage="fetch",
            reason="http_status",
            error="the server answered 503 Service Unavailable after three attempts " * 3,
            url="https://news.example/2026/12/04/a-long-path-for-a-story-about-the-weather",
        )
        await publish_dead_letter(producer, topics.topic(DEAD_LETTERS.name), letter, "k")
    finally:
        await producer.stop()
    env = {
        **os.environ,
        "NEWSROOM_KAFKA_BOOTSTRAP_SERVERS": topics.bootstrap_servers,
        "NEWSROOM_KAFKA_TOPIC_PREFIX": topics.topic_prefix,
        "NEWSROOM_ES_URL": es_settings.url,
        "NEWSROOM_ES_INDEX_PREFIX": es_settings.index_prefix,
        "COLUMNS": "80",
    }
    for args in (["status"], ["dlq", "list"]):
        result = newsroom(env, *args)
        assert result.returncode == 0, result.stdout + result.stderr
        lines = result.stdout.splitlines()
        assert "http_status" in result.stdout
        assert max(len(line) for line in lines) <= 80, args
