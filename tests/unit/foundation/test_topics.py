"""Topic specs: defined once, consistent with the contracts and with each other."""

from __future__ import annotations

from newsroom_shared.settings import KafkaSettings
from newsroom_shared.topics import ALL_TOPICS, ARTICLES, FETCH_STATE, RAW_PAGES


def test_topic_names_are_unique_and_versioned() -> None:
    names = [t.name for t in ALL_TOPICS]
    assert len(names) == len(set(names))
    assert all(name.startswith("newsroom.") and name.endswith(".v1") for name in names)


def test_compacted_topics_are_the_ones_keyed_by_identity() -> None:
    assert ARTICLES.configs["cleanup.policy"] == "compact"
    assert FETCH_STATE.configs["cleanup.policy"] == "compact"
    assert RAW_PAGES.configs["cleanup.policy"] == "delete"


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
