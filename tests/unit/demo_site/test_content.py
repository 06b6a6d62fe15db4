"""The sample site's feeds, sitemaps, robots.txt and manifest agree with each other."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import feedparser
import httpx
from defusedxml import ElementTree
from protego import Protego

from newsroom_fetcher.discovery.documents import parse_feed, parse_sitemap
from newsroom_ops.demo.sample_site import SITE_DIR, SampleSite

NEWS_NS = "{http://www.google.com/schemas/sitemap-news/0.9}"
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
FETCHER_AGENT = "newsroom-fetcher"
SEED_SLUG = "rand-paul-russia-seed"


def pages(manifest: dict[str, Any]) -> list[dict[str, Any]]:
    return manifest["articles"] + manifest["failing_pages"]


async def fetch(client: httpx.AsyncClient, site: SampleSite, path: str) -> bytes:
    response = await client.get(site.url(path))
    assert response.status_code == 200, path
    return response.content


def test_manifest_lists_the_seed_twelve_articles_and_a_failing_page(
    manifest: dict[str, Any],
) -> None:
    articles = manifest["articles"]
    assert articles[0]["slug"] == SEED_SLUG
    assert len(articles) == 13
    assert len({a["slug"] for a in articles}) == len({a["path"] for a in articles}) == 13
    assert [f["reason"] for f in manifest["failing_pages"]] == ["not_html"]
    assert {a["language"] for a in articles} == {"en", "es"}
    for page in pages(manifest):
        assert (SITE_DIR / page["file"]).is_file(), page["file"]
        assert page["path"].startswith("/")
    updatable = [a for a in articles if "update" in a]
    assert [a["slug"] for a in updatable] == ["senate-broadband-bill"]
    assert (SITE_DIR / updatable[0]["update"]["file"]).is_file()


def test_manifest_expectations_are_consistent(manifest: dict[str, Any]) -> None:
    for article in manifest["articles"]:
        speakers = [q["speaker"] for q in article["quotes"]]
        assert set(article["quote_speakers"]) == set(speakers), article["slug"]
        assert set(speakers) <= set(article["people"]), article["slug"]
        text = (SITE_DIR / article["file"]).read_text("utf-8")
        for name in article["people"]:
            assert name in text, (article["slug"], name)
        for quote in article["quotes"]:
            assert quote["text"] in text, (article["slug"], quote["text"])
        if article["language"] != "en":
            assert article["nlp"] == "skipped"
            assert not article["people"]


def test_people_recur_across_stories(manifest: dict[str, Any]) -> None:
    stories: dict[str, int] = {}
    for article in manifest["articles"]:
        for name in article["people"]:
            stories[name] = stories.get(name, 0) + 1
    assert stories["Catherine Marlowe"] >= 4
    assert stories["Marcus Bell"] >= 4
    assert stories["Raymond Castillo"] >= 3
    assert stories["Astrid Halvorsen"] >= 2


async def test_feeds_parse_and_together_cover_every_page(
    site: SampleSite, client: httpx.AsyncClient, manifest: dict[str, Any]
) -> None:
    links: dict[str, Any] = {}
    for doc, version in (("rss", "rss20"), ("atom", "atom10")):
        parsed = feedparser.parse(await fetch(client, site, manifest["documents"][doc]))
        assert not parsed.bozo, parsed.get("bozo_exception")
        assert parsed.version == version
        assert parsed.feed.title
        for entry in parsed.entries:
            assert entry.title and entry.get("published_parsed"), entry.link
            links.setdefault(entry.link, entry)
    by_path = {p["path"]: p for p in pages(manifest)}
    assert set(links) == {site.url(path) for path in by_path}
    for link, entry in links.items():
        page = by_path[link.removeprefix(site.base_url)]
        assert entry.title == page["title"]
        year = entry.published_parsed.tm_year
        assert year == (2018 if page["slug"] == SEED_SLUG else 2024), link
        if page.get("authors"):
            assert entry.get("author"), link


async def test_feeds_list_each_page_in_the_feeds_the_manifest_says(
    site: SampleSite, client: httpx.AsyncClient, manifest: dict[str, Any]
) -> None:
    found: dict[str, set[str]] = {}
    for doc in ("rss", "atom"):
        parsed = feedparser.parse(await fetch(client, site, manifest["documents"][doc]))
        for entry in parsed.entries:
            found.setdefault(entry.link, set()).add(doc)
    sitemap = ElementTree.fromstring(
        await fetch(client, site, manifest["documents"]["news_sitemap"])
    )
    for loc in sitemap.iter(f"{SITEMAP_NS}loc"):
        found.setdefault(loc.text, set()).add("news_sitemap")
    for page in pages(manifest):
        assert found.get(site.url(page["path"])) == set(page["feeds"]), page["slug"]


async def test_news_sitemap_is_valid_xml_with_news_tags(
    site: SampleSite, client: httpx.AsyncClient, manifest: dict[str, Any]
) -> None:
    root = ElementTree.fromstring(await fetch(client, site, manifest["documents"]["news_sitemap"]))
    assert root.tag == f"{SITEMAP_NS}urlset"
    urls = root.findall(f"{SITEMAP_NS}url")
    assert len(urls) >= 6
    by_url = {site.url(a["path"]): a for a in manifest["articles"]}
    for url in urls:
        loc = url.findtext(f"{SITEMAP_NS}loc")
        article = by_url[loc]
        news = url.find(f"{NEWS_NS}news")
        assert news is not None, loc
        assert news.findtext(f"{NEWS_NS}publication/{NEWS_NS}name")
        assert news.findtext(f"{NEWS_NS}publication/{NEWS_NS}language") == article["language"]
        assert news.findtext(f"{NEWS_NS}title") == article["title"]
        published = datetime.fromisoformat(news.findtext(f"{NEWS_NS}publication_date") or "")
        assert published.tzinfo is not None and published.year == 2024
        assert published == datetime.fromisoformat(article["published"]).astimezone(UTC)


async def test_sitemap_index_points_at_the_news_sitemap(
    site: SampleSite, client: httpx.AsyncClient, manifest: dict[str, Any]
) -> None:
    docs = manifest["documents"]
    root = ElementTree.fromstring(await fetch(client, site, docs["sitemap_index"]))
    assert root.tag == f"{SITEMAP_NS}sitemapindex"
    locs = [e.text for e in root.iter(f"{SITEMAP_NS}loc")]
    assert locs == [site.url(docs["news_sitemap"])]


async def test_the_fetchers_own_discovery_reads_every_document(
    site: SampleSite, client: httpx.AsyncClient, manifest: dict[str, Any]
) -> None:
    docs = manifest["documents"]
    found: set[str] = set()
    for doc in ("rss", "atom"):
        url = site.url(docs[doc])
        discovery = parse_feed(await fetch(client, site, docs[doc]), url)
        assert all(item.published_at and item.meta.title for item in discovery.items)
        found |= {item.url for item in discovery.items}
    index_url = site.url(docs["sitemap_index"])
    index = parse_sitemap(await fetch(client, site, docs["sitemap_index"]), index_url, 10**7)
    assert index.sitemaps == [site.url(docs["news_sitemap"])]
    news = parse_sitemap(await fetch(client, site, docs["news_sitemap"]), index.sitemaps[0], 10**7)
    assert all(item.meta.title and item.meta.language for item in news.items)
    found |= {item.url for item in news.items}
    assert found == {site.url(p["path"]) for p in pages(manifest)}


async def test_robots_allows_everything_but_private(
    site: SampleSite, client: httpx.AsyncClient, manifest: dict[str, Any]
) -> None:
    robots = Protego.parse((await fetch(client, site, "/robots.txt")).decode())
    for page in pages(manifest):
        assert robots.can_fetch(site.url(page["path"]), FETCHER_AGENT), page["path"]
    for doc in manifest["documents"].values():
        assert robots.can_fetch(site.url(doc), FETCHER_AGENT), doc
    for path in manifest["disallowed_paths"]:
        assert not robots.can_fetch(site.url(path), FETCHER_AGENT)
        assert (await client.get(site.url(path))).status_code == 200  # there, but off limits
    assert robots.crawl_delay(FETCHER_AGENT) is None  # nothing slows the demo down
    assert list(robots.sitemaps) == [site.url(manifest["documents"]["sitemap_index"])]


async def test_links_between_stories_resolve(
    site: SampleSite, client: httpx.AsyncClient, manifest: dict[str, Any]
) -> None:
    # Related-story and read-more links must land on pages of the site; section fronts and
    # other furniture links (/politics/, /privacy/) are left unserved, as on any sample.
    story_link = re.compile(r"\{\{BASE_URL\}\}(/[^\"'<> ]*(?:/\d{4}/|\.html)[^\"'<> ]*)")
    article_paths = {p["path"] for p in pages(manifest)}
    for file in SITE_DIR.rglob("*.html"):
        if file.name.endswith(".v2.html"):
            continue
        text = file.read_bytes().decode("utf-8", "replace")
        for link in story_link.findall(text):
            path = link.split("#", 1)[0]  # JSON-LD @id values carry fragments
            assert path in article_paths, (file.name, path)
            assert (await client.get(site.url(path))).status_code == 200


async def test_the_failing_page_is_labelled_html_but_binary(
    site: SampleSite, client: httpx.AsyncClient, manifest: dict[str, Any]
) -> None:
    for page in manifest["failing_pages"]:
        response = await client.get(site.url(page["path"]))
        assert response.headers["content-type"] == page["content_type"]
        assert b"<html" not in response.content.lower()
        controls = sum(1 for b in response.content[:8192] if b < 9 or 13 < b < 32)
        assert controls > 100
