"""Fetcher settings: environment variables, documented defaults, the topic-size check."""

from __future__ import annotations

from datetime import timedelta

import pytest
from pydantic import ValidationError

from newsroom_fetcher.discovery.sources import Source
from newsroom_fetcher.service import FetcherService
from newsroom_fetcher.settings import FetcherSettings
from newsroom_shared.topics import RAW_PAGE_MAX_MESSAGE_BYTES, RAW_PAGES


def test_defaults_are_polite(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(__import__("os").environ):
        if name.startswith(("NEWSROOM_FETCHER_", "NEWSROOM_KAFKA_")):
            monkeypatch.delenv(name)
    settings = FetcherSettings()
    assert settings.per_host_min_delay_seconds >= 1.0
    assert settings.ssrf_allow == []
    assert settings.max_body_bytes == 4 * 1024 * 1024
    assert settings.user_agent.startswith("newsroom-fetcher/")
    assert settings.user_agent.endswith("(+https://newsroom.invalid/fetcher)")
    assert "utm_*" in settings.tracking_params


def test_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSROOM_FETCHER_SSRF_ALLOW", '["127.0.0.0/8"]')
    monkeypatch.setenv("NEWSROOM_FETCHER_MAX_RETRIES", "5")
    monkeypatch.setenv("NEWSROOM_FETCHER_CONTACT_URL", "https://ops.example/bot")
    monkeypatch.setenv("NEWSROOM_KAFKA_TOPIC_PREFIX", "dev.")
    settings = FetcherSettings()
    assert settings.ssrf_allow == ["127.0.0.0/8"]
    assert settings.max_retries == 5
    assert "(+https://ops.example/bot)" in settings.user_agent
    assert settings.kafka.topic("x") == "dev.x"


def test_state_retention_can_be_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEWSROOM_FETCHER_STATE_RETENTION_DAYS", raising=False)
    assert FetcherSettings().state_retention_days == 30.0
    monkeypatch.setenv("NEWSROOM_FETCHER_STATE_RETENTION_DAYS", "none")
    assert FetcherSettings().state_retention_days is None
    monkeypatch.setenv("NEWSROOM_FETCHER_STATE_RETENTION_DAYS", "0")
    with pytest.raises(ValidationError, match="state_retention_days"):
        FetcherSettings()


def test_state_is_kept_at_least_as_long_as_any_age_cut_off() -> None:
    settings = FetcherSettings(state_retention_days=1.0, max_item_age_hours=72.0)
    service = FetcherService(settings, [Source(id="a", type="urls", urls=["https://a.example/"])])
    assert service.state_horizon() == timedelta(hours=72)
    long_lived = Source(id="b", type="feed", url="https://b.example/feed", max_age="10d")
    assert FetcherService(settings, [long_lived]).state_horizon() == timedelta(days=10)
    assert FetcherService(FetcherSettings(state_retention_days=None), []).state_horizon() is None


def test_body_limit_must_fit_the_topic() -> None:
    assert RAW_PAGES.max_message_bytes == RAW_PAGE_MAX_MESSAGE_BYTES
    assert FetcherSettings().max_message_bytes == RAW_PAGES.max_message_bytes
    with pytest.raises(ValidationError, match="does not fit the raw-pages topic"):
        FetcherSettings(max_body_bytes=RAW_PAGE_MAX_MESSAGE_BYTES)
