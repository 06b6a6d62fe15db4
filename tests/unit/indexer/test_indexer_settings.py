"""Indexer settings: documented defaults, NEWSROOM_INDEXER_ env vars, embedded connections."""

from __future__ import annotations

import pytest

from newsroom_indexer.es_admin import (
    ApplyError,
    Capabilities,
    choose_analysis,
    choose_lifecycle,
    template_options,
)
from newsroom_indexer.settings import IndexerSettings

FULL = Capabilities(version="9.5.2", english_analysis=True, ilm=True)
TEST_DISTRIBUTION = Capabilities(version="9.5.2", english_analysis=False, ilm=False)


def test_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ["NEWSROOM_ES_URL", "NEWSROOM_KAFKA_BOOTSTRAP_SERVERS", "NEWSROOM_ES_INDEX_PREFIX"]:
        monkeypatch.delenv(name, raising=False)
    settings = IndexerSettings()
    assert settings.group_id == "newsroom-indexer"
    assert (settings.batch_max_docs, settings.batch_max_wait) == (1000, 1.0)
    assert settings.analysis == "auto" and settings.lifecycle == "auto"
    assert settings.elasticsearch.index_prefix == "newsroom"
    assert settings.kafka.bootstrap_servers == "localhost:9092"


def test_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSROOM_INDEXER_BATCH_MAX_DOCS", "250")
    monkeypatch.setenv("NEWSROOM_INDEXER_ANALYSIS", "standard")
    monkeypatch.setenv("NEWSROOM_ES_INDEX_PREFIX", "staging")
    monkeypatch.setenv("NEWSROOM_KAFKA_TOPIC_PREFIX", "s.")
    settings = IndexerSettings()
    assert settings.batch_max_docs == 250
    assert settings.analysis == "standard"
    assert settings.elasticsearch.index_prefix == "staging"
    assert settings.kafka.topic("x") == "s.x"


def test_invalid_values_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSROOM_INDEXER_ANALYSIS", "french")
    with pytest.raises(ValueError):
        IndexerSettings()


def test_template_options_follow_settings() -> None:
    options = template_options(IndexerSettings(rollover_max_docs=5, refresh_interval="5s"))
    assert options.rollover_conditions()["max_docs"] == 5
    assert options.refresh_interval == "5s"


def test_analysis_choice() -> None:
    assert choose_analysis("auto", FULL) == "english"
    assert choose_analysis("auto", TEST_DISTRIBUTION) == "standard"
    assert choose_analysis("standard", FULL) == "standard"
    with pytest.raises(ApplyError, match="analysis-common"):
        choose_analysis("english", TEST_DISTRIBUTION)


def test_lifecycle_choice() -> None:
    assert choose_lifecycle("auto", FULL) == "ilm"
    assert choose_lifecycle("auto", TEST_DISTRIBUTION) == "service"
    assert choose_lifecycle("off", FULL) == "off"
    with pytest.raises(ApplyError):
        choose_lifecycle("ilm", TEST_DISTRIBUTION)
