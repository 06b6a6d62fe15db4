"""Politeness seen from the server: request spacing, Retry-After, and the backoff schedule."""

from __future__ import annotations

import itertools

import pytest
from fetcher_helpers import dead_letters, fetcher_settings, raw_pages, running
from fetcher_site import LoopbackSite

from newsroom_fetcher.discovery.sources import RateLimit, Source
from newsroom_shared.contracts import url_id
from newsroom_shared.settings import KafkaSettings

pytestmark = [pytest.mark.integration, pytest.mark.timeout(90)]

# Server-side timestamps are taken when aiohttp hands over the request: a few ms after the
# client sent it, with a jitter of its own.
TOLERANCE = 0.03


def gaps(times: list[float]) -> list[float]:
    ordered = sorted(times)
    return [b - a for a, b in itertools.pairwise(ordered)]


async def test_crawl_delay_and_source_rate_limit_space_requests(
    topics: KafkaSettings, site: LoopbackSite
) -> None:
    site.crawl_delay = 0.3
    local = site.base.replace("127.0.0.1", "localhost")  # another host for the politeness gate
    sources = [
        # Six pages listed in a text file, on a host whose robots.txt says Crawl-delay: 0.3.
        Source(id="listed", type="urls", url=f"{site.base}/list.txt"),
        # The same kind of pages on another host, with the source's own limit.
        Source(
            id="limited",
            type="urls",
            urls=[f"{local}/news/limited-{n}" for n in range(4)],
            rate_limit=RateLimit(min_delay=0.6, concurrency=2),
        ),
    ]
    settings = fetcher_settings(topics, per_host_concurrency=4, per_host_min_delay_seconds=0.0)
    async with running(settings, sources) as polls:
        (listed,) = await polls("listed")
        (limited,) = await polls("limited")
    assert listed.outcomes == {"published": 6}
    assert limited.outcomes == {"published": 4}

    numbered = [r.at for r in site.requests if r.path.startswith(("/list.txt", "/page/"))]
    assert len(numbered) == 7
    assert min(gaps(numbered)) >= 0.3 - TOLERANCE, gaps(numbered)
    limited_times = [r.at for r in site.requests if r.path.startswith("/news/limited-")]
    assert min(gaps(limited_times)) >= 0.6 - TOLERANCE, gaps(limited_times)
    assert len(await raw_pages(topics)) == 10


async def test_retry_after_and_exponential_backoff(
    topics: KafkaSettings, site: LoopbackSite
) -> None:
    site.slow_seconds = 2.0
    local = site.base.replace("127.0.0.1", "localhost")
    sources = [
        Source(id="flaky", type="urls", urls=[f"{site.base}/flaky"]),
        Source(id="slow", type="urls", urls=[f"{site.base}/slow"]),
        # On its own host: its Retry-After holds back that whole host, and only that one.
        Source(id="ratelimited", type="urls", urls=[f"{local}/ratelimited"]),
    ]
    settings = fetcher_settings(
        topics, max_retries=3, backoff_base_seconds=0.2, read_timeout_seconds=0.3
    )
    async with running(settings, sources) as polls:
        await polls("flaky")
        await polls("slow")
        (ratelimited,) = await polls("ratelimited")

    # 503 without Retry-After: retry n waits within [d/2, d] for d = 0.2 * 2^(n-1).
    flaky = gaps([r.at for r in site.hits("/flaky")])
    assert len(flaky) == 3
    for n, gap in enumerate(flaky, start=1):
        ceiling = 0.2 * 2 ** (n - 1)
        assert ceiling / 2 - TOLERANCE <= gap <= ceiling + 0.15, (n, flaky)

    # 429 with Retry-After: 1, then a page.
    (wait,) = gaps([r.at for r in site.hits("/ratelimited")])
    assert wait >= 1.0 - TOLERANCE
    assert ratelimited.outcomes == {"published": 1}
    pages = await raw_pages(topics)
    assert [p.canonical_url for p in pages.values()] == [f"{local}/ratelimited"]

    # The slow endpoint times out on every attempt.
    assert len(site.hits("/slow")) == 4

    letters = {letter.url: (key, letter) for key, letter in await dead_letters(topics)}
    assert set(letters) == {f"{site.base}/flaky", f"{site.base}/slow"}
    for url, last_reason in [
        (f"{site.base}/flaky", "http_error"),
        (f"{site.base}/slow", "timeout"),
    ]:
        key, letter = letters[url]
        assert key == url_id(url)
        assert letter.reason == "retries_exhausted"
        assert letter.attempts == 4
        assert letter.details["last_reason"] == last_reason
    assert letters[f"{site.base}/flaky"][1].details["status"] == 503
