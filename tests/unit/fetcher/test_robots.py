"""robots.txt rules, the cache's expiry, and what an unreachable robots.txt means."""

from __future__ import annotations

import pytest

from newsroom_fetcher.web.http import Fetched, FetchFailure
from newsroom_fetcher.web.robots import RobotsCache, robots_url, rules_from_response

ROBOTS = b"""User-agent: *
Disallow: /private/
Crawl-delay: 2.5

User-agent: newsroom-fetcher
Disallow: /no-bots/
Crawl-delay: 4
"""


def test_rules_from_response() -> None:
    rules = rules_from_response(200, ROBOTS)
    assert rules is not None
    assert not rules.allows("https://e.com/no-bots/x", "newsroom-fetcher")
    assert rules.allows("https://e.com/private/x", "newsroom-fetcher")  # own group applies
    assert not rules.allows("https://e.com/private/x", "otherbot")
    assert rules.crawl_delay("newsroom-fetcher") == 4.0
    assert rules.crawl_delay("otherbot") == 2.5
    for status in (401, 403, 404, 410):
        assert rules_from_response(status, b"").allows("https://e.com/any", "x")  # type: ignore[union-attr]
    for status in (429, 500, 503):
        assert rules_from_response(status, b"") is None


def test_robots_url() -> None:
    assert robots_url("https://e.com:8443/a/b?c") == "https://e.com:8443/robots.txt"


class Clock:
    now = 0.0

    def __call__(self) -> float:
        return self.now


class FakeSite:
    def __init__(self, *answers: Fetched | FetchFailure) -> None:
        self.answers = list(answers)
        self.requested: list[str] = []

    async def __call__(self, url: str) -> Fetched:
        self.requested.append(url)
        answer = self.answers.pop(0)
        if isinstance(answer, FetchFailure):
            raise answer
        return answer


def ok(body: bytes) -> Fetched:
    return Fetched("https://e.com/robots.txt", 200, body)


async def test_cache_expires() -> None:
    clock = Clock()
    site = FakeSite(ok(ROBOTS), ok(b"User-agent: *\nDisallow: /\n"))
    cache = RobotsCache(site, "newsroom-fetcher", ttl=100, error_ttl=10, clock=clock)
    assert await cache.check("https://e.com/a") == 4.0
    assert await cache.check("https://e.com/b") == 4.0
    assert site.requested == ["https://e.com/robots.txt"]
    clock.now = 101
    with pytest.raises(FetchFailure) as info:
        await cache.check("https://e.com/a")
    assert info.value.reason == "robots_disallowed" and not info.value.retryable
    assert len(site.requested) == 2


async def test_missing_robots_allows_everything() -> None:
    site = FakeSite(FetchFailure("http_error", "HTTP 404", status=404))
    cache = RobotsCache(site, "newsroom-fetcher", ttl=100, error_ttl=10, clock=Clock())
    assert await cache.check("https://e.com/private/x") is None


@pytest.mark.parametrize(
    "failure",
    [
        FetchFailure("http_error", "HTTP 503", retryable=True, status=503),
        FetchFailure("timeout", "read timeout", retryable=True),
        FetchFailure("network_error", "refused", retryable=True),
    ],
)
async def test_unreachable_robots_means_not_now(failure: FetchFailure) -> None:
    clock = Clock()
    site = FakeSite(failure, ok(ROBOTS))
    cache = RobotsCache(site, "newsroom-fetcher", ttl=100, error_ttl=10, clock=clock)
    for _ in range(2):  # remembered for error_ttl: one request only
        with pytest.raises(FetchFailure) as info:
            await cache.check("https://e.com/a")
        assert info.value.reason == "robots_unavailable" and info.value.retryable
    assert len(site.requested) == 1
    clock.now = 11
    assert await cache.check("https://e.com/a") == 4.0


async def test_ssrf_refusal_of_robots_is_reported_as_such() -> None:
    site = FakeSite(FetchFailure("ssrf_refused", "10.0.0.1 is private"))
    cache = RobotsCache(site, "newsroom-fetcher", ttl=100, error_ttl=10, clock=Clock())
    with pytest.raises(FetchFailure) as info:
        await cache.check("http://intranet/a")
    assert info.value.reason == "ssrf_refused" and not info.value.retryable


def test_a_byte_order_mark_does_not_hide_the_first_rule() -> None:
    body = "\ufeffUser-agent: *\nDisallow: /private/\n".encode()
    rules = rules_from_response(200, body, "https://e.com/robots.txt")
    assert rules is not None and not rules.allows("https://e.com/private/x", "bot")


def test_rules_keep_the_sitemap_lines_resolved() -> None:
    body = b"User-agent: *\nSitemap: /news.xml\nsitemap:https://e.com/index.xml\n"
    rules = rules_from_response(200, body, "https://e.com/robots.txt")
    assert rules is not None
    assert rules.sitemaps == ("https://e.com/news.xml", "https://e.com/index.xml")
