"""Topic specs: defined once, consistent with the contracts and with each other."""

from __future__ import annotations

import re

from newsroom_shared.settings import KafkaSettings
from newsroom_shared.topics import (
    ALL_TOPICS,
    ARTICLES,
    DISCOVERY_STATE,
    FETCH_STATE,
    FRONTIER,
    RAW_PAGES,
    SOURCES,
    partition_of,
)


def test_topic_names_are_unique_and_versioned() -> None:
    names = [t.name for t in ALL_TOPICS]
    assert len(names) == len(set(names))
    assert all(re.fullmatch(r"newsroom\.[a-z-]+\.v\d+", name) for name in names)


def test_compacted_topics_are_the_ones_keyed_by_identity() -> None:
    assert ARTICLES.configs["cleanup.policy"] == "compact"
    assert FETCH_STATE.configs["cleanup.policy"] == "compact"
    assert SOURCES.configs["cleanup.policy"] == "compact"
    assert DISCOVERY_STATE.configs["cleanup.policy"] == "compact"
    assert RAW_PAGES.configs["cleanup.policy"] == "delete"
    assert FRONTIER.configs["cleanup.policy"] == "delete"


def test_state_topics_are_partitioned_like_what_they_follow() -> None:
    assert FETCH_STATE.partitions == FRONTIER.partitions
    assert DISCOVERY_STATE.partitions == SOURCES.partitions


def test_partition_of_is_the_default_partitioner_of_kafka_clients() -> None:
    from aiokafka.partitioner import DefaultPartitioner

    every = list(range(FRONTIER.partitions))
    for host in ("news.example", "www.example.org:8080", "127.0.0.7", "b.test"):
        chosen = DefaultPartitioner()(host.encode(), every, every)
        assert partition_of(host, FRONTIER.partitions) == chosen


def test_prefix_isolates_stacks() -> None:
    settings = KafkaSettings(topic_prefix="staging.")
    assert settings.topic(RAW_PAGES.name) == "staging.newsroom.raw-pages.v1"


def test_kafka_settings_from_environment(monkeypatch) -> None:
    monkeypatch.setenv("NEWSROOM_KAFKA_BOOTSTRAP_SERVERS", "k1:9092,k2:9092")
    monkeypatch.setenv("NEWSROOM_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT")
    monkeypatch.setenv("NEWSROOM_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512")
    monkeypatch.setenv("NEWSROOM_KAFKA_SASL_USERNAME", "svc")
    monkeypatch.setenv("NEWSROOM_KAFKA_SASL_PASSWORD", "secret")
    options = KafkaSettings().client_options()
    assert options["bootstrap_servers"] == "k1:9092,k2:9092"
    assert options["sasl_mechanism"] == "SCRAM-SHA-512"
    assert options["sasl_plain_password"] == "secret"
    assert "secret" not in repr(KafkaSettings())
