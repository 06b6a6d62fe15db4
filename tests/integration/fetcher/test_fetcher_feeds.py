"""Feeds and sitemaps polled from the loopback site: exactly these events land on the topics."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest
from fetcher_helpers import dead_letters, fetcher_settings, raw_pages, running
from fetcher_site import LoopbackSite, page_html
from prometheus_client import REGISTRY

from newsroom_fetcher.discovery.sources import Source
from newsroom_shared.contracts import url_id
from newsroom_shared.settings import KafkaSettings

pytestmark = [pytest.mark.integration, pytest.mark.timeout(90)]


def metric(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


async def test_feed_poll_publishes_pages_and_dead_letters(
    topics: KafkaSettings, site: LoopbackSite
) -> None:
    base = site.base
    sources = [
        Source(id="gazette", type="feed", url=f"{base}/feed.rss", deny=["/video/"]),
        Source(id="atom", type="feed", url=f"{base}/feed.atom"),
        Source(id="broken", type="feed", url=f"{base}/malformed.rss"),
    ]
    too_large_before = metric("newsroom_fetcher_dead_letters_total", reason="too_large")
    robots_before = metric("newsroom_fetcher_robots_blocked_total", host="169.254.169.254")
    async with running(fetcher_settings(topics), sources, metrics_port=0) as polls:
        (gazette,) = await polls("gazette")
        await polls("atom")
        await polls("broken")
        port = polls.service.metrics_port
        async with httpx.AsyncClient() as client:
            exposition = (await client.get(f"http://127.0.0.1:{port}/metrics")).text
            health = (await client.get(f"http://127.0.0.1:{port}/health")).json()

    pages = await raw_pages(topics)
    expected = {
        f"{base}/news/etag-story?id=7",
        f"{base}/news/modified-story",
        f"{base}/news/plain-story",
        f"{base}/redirect/moved-story",
        f"{base}/news/atom-story",
    }
    assert {p.canonical_url for p in pages.values()} == expected
    assert set(pages) == {url_id(u) for u in expected}

    story = pages[url_id(f"{base}/news/etag-story?id=7")]
    assert story.requested_url == f"{base}/news/etag-story?utm_source=rss&utm_medium=feed&id=7"
    assert story.source_id == "gazette"
    assert story.body == page_html("Council approves budget")
    assert story.etag and story.content_type == "text/html"
    assert story.feed is not None
    assert story.feed.feed_url == f"{base}/feed.rss"
    assert story.feed.feed_title == "Loopback Gazette"
    assert story.feed.title == "Council approves budget"
    assert story.feed.authors == ["Ada Reporter"]
    assert story.feed.tags == ["Politics"]
    assert story.feed.language == "en"
    assert story.feed.published_at is not None
    assert datetime.now(UTC) - story.feed.published_at < timedelta(hours=2)

    gzipped = pages[url_id(f"{base}/news/modified-story")]
    assert gzipped.body == page_html("Bridge reopens")  # Content-Encoding: gzip, decoded
    assert gzipped.last_modified == "Wed, 01 May 2024 10:00:00 GMT"
    assert gzipped.charset == "utf-8"

    moved = pages[url_id(f"{base}/redirect/moved-story")]
    assert moved.final_url == f"{base}/news/moved-story"
    assert moved.redirects == [f"{base}/redirect/moved-story"]

    atom = pages[url_id(f"{base}/news/atom-story")]
    assert atom.feed is not None and atom.feed.authors == ["Cy Atom", "Di Atom"]
    assert atom.feed.feed_title == "Loopback Atom"

    letters = await dead_letters(topics)
    by_reason = {letter.reason: (key, letter) for key, letter in letters}
    assert sorted(letter.reason for _, letter in letters) == sorted(
        [
            "robots_disallowed",
            "bad_content_type",
            "too_large",
            "ssrf_refused",
            "http_error",
            "bad_feed",
        ]
    )
    for reason, url in [
        ("robots_disallowed", f"{base}/private/secret"),
        ("bad_content_type", f"{base}/files/report.pdf"),
        ("too_large", f"{base}/news/huge"),
        ("ssrf_refused", "http://169.254.169.254/latest/meta-data/"),
        ("http_error", f"{base}/news/gone"),
        ("bad_feed", f"{base}/malformed.rss"),
    ]:
        key, letter = by_reason[reason]
        assert letter.url == url and key == url_id(url), reason
        assert letter.stage == "fetch"
    assert by_reason["bad_content_type"][1].details["content_type"] == "application/pdf"
    assert by_reason["too_large"][1].details["limit"] == 64 * 1024
    assert int(by_reason["too_large"][1].details["size"] or 0) > 64 * 1024
    assert by_reason["http_error"][1].details["status"] == 404
    assert by_reason["ssrf_refused"][1].details["address"] == "169.254.169.254"
    assert by_reason["bad_feed"][1].source_id == "broken"

    # Filtered, old and duplicate items were never requested; nothing twice.
    assert gazette.skipped == {"too_old": 1, "filtered": 1, "duplicate": 1}
    assert not site.hits("/video/clip") and not site.hits("/news/old-story")
    assert not site.hits("/private/secret")
    assert len(site.hits("/news/etag-story")) == 1
    assert all("newsroom-fetcher/" in (r.user_agent or "") for r in site.requests)
    assert all("+https://newsroom.invalid/fetcher" in (r.user_agent or "") for r in site.requests)

    assert metric("newsroom_fetcher_dead_letters_total", reason="too_large") == too_large_before + 1
    assert (
        metric("newsroom_fetcher_robots_blocked_total", host="169.254.169.254") == robots_before
    )  # refused before any robots.txt: no request left the machine
    assert "newsroom_fetcher_fetches_total" in exposition
    assert health["status"] == "ok" and health["sources"] == 3


async def test_sitemap_index_with_gzip_and_news_sitemaps(
    topics: KafkaSettings, site: LoopbackSite
) -> None:
    sources = [Source(id="maps", type="sitemap", url=f"{site.base}/sitemap_index.xml")]
    async with running(fetcher_settings(topics), sources) as polls:
        (report,) = await polls("maps")

    pages = await raw_pages(topics)
    assert {p.canonical_url for p in pages.values()} == {
        f"{site.base}/news/sitemap-story",
        f"{site.base}/news/about",
    }
    news = pages[url_id(f"{site.base}/news/sitemap-story")]
    assert news.feed is not None
    assert news.feed.feed_url == f"{site.base}/sitemaps/news.xml.gz"
    assert news.feed.title == "Harbour expansion announced"
    assert news.feed.feed_title == "Loopback Gazette"
    assert news.feed.tags == ["harbour", "economy"]
    assert news.feed.language == "en"
    assert report.skipped == {"too_old": 1}
    assert await dead_letters(topics) == []
