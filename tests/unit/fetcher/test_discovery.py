"""Feeds, sitemaps and URL lists, from bytes to items."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime, timedelta

import pytest

from newsroom_fetcher.discovery.documents import (
    DiscoveryError,
    parse_feed,
    parse_sitemap,
    parse_url_list,
    recent,
)

FEED_URL = "https://e.com/feed"

RSS_091 = b"""<?xml version="1.0"?>
<rss version="0.91"><channel><title>Old Times</title><language>en-us</language>
<item><title>First</title><link>https://e.com/1</link><description>One</description></item>
</channel></rss>"""

RSS_10 = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
  xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://e.com/"><title>RDF News</title><link>https://e.com/</link></channel>
<item rdf:about="https://e.com/rdf-1"><title>RDF one</title><link>https://e.com/rdf-1</link>
<dc:date>2024-05-01T10:00:00Z</dc:date><dc:creator>Ed Dc</dc:creator></item>
</rdf:RDF>"""

RSS_20 = b"""<?xml version="1.0"?>
<rss version="2.0"><channel><title>  Two\n Point  Oh </title>
<item><title>Relative</title><link>/2024/story</link>
<pubDate>Wed, 01 May 2024 10:00:00 +0200</pubDate><category>A</category><category>B</category>
<author>x@e.com (Xavier)</author></item>
<item><title>No link</title></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom</title><id>urn:x</id>
<updated>2024-05-01T10:00:00Z</updated>
<entry><title>E</title><link href="https://e.com/atom-1"/><id>urn:1</id>
<updated>2024-05-02T10:00:00Z</updated><author><name>A</name></author><author><name>B</name></author>
</entry></feed>"""


def test_rss_091() -> None:
    (item,) = parse_feed(RSS_091, FEED_URL).items
    assert item.url == "https://e.com/1"
    assert item.meta.feed_title == "Old Times" and item.meta.summary == "One"
    assert item.meta.language == "en-us" and item.published_at is None


def test_rss_10_rdf() -> None:
    (item,) = parse_feed(RSS_10, FEED_URL).items
    assert item.url == "https://e.com/rdf-1"
    assert item.published_at == datetime(2024, 5, 1, 10, tzinfo=UTC)
    assert item.meta.authors == ["Ed Dc"] and item.meta.feed_title == "RDF News"


def test_rss_20_resolves_links_and_normalises_dates() -> None:
    (item,) = parse_feed(RSS_20, FEED_URL).items  # the item without a link is dropped
    assert item.url == "https://e.com/2024/story"
    assert item.published_at == datetime(2024, 5, 1, 8, tzinfo=UTC)
    assert item.meta.feed_title == "Two Point Oh"
    assert item.meta.tags == ["A", "B"]
    assert item.meta.authors == ["Xavier"]
    assert item.meta.feed_url == FEED_URL


def test_atom_with_several_authors() -> None:
    (item,) = parse_feed(ATOM, FEED_URL).items
    assert item.meta.authors == ["A", "B"]
    assert item.published_at == datetime(2024, 5, 2, 10, tzinfo=UTC)


@pytest.mark.parametrize("data", [b"not a feed at all", b"<rss><channel><item><title>x</ti", b""])
def test_malformed_feeds(data: bytes) -> None:
    with pytest.raises(DiscoveryError) as info:
        parse_feed(data, FEED_URL)
    assert info.value.reason == "bad_feed"


def test_feed_body_is_never_taken_for_a_file_name() -> None:
    with pytest.raises(DiscoveryError):
        parse_feed(b"/etc/hostname", FEED_URL)


SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url><loc>https://e.com/a</loc><lastmod>2024-05-01</lastmod></url>
  <url><loc> https://e.com/b </loc></url>
  <url><loc>https://e.com/n</loc><news:news>
    <news:publication><news:name>E News</news:name>
      <news:language>de</news:language></news:publication>
    <news:publication_date>2024-05-03T09:30:00+02:00</news:publication_date>
    <news:title>Headline</news:title><news:keywords>x, y ,</news:keywords>
  </news:news></url>
</urlset>"""


def test_sitemap_and_news_sitemap() -> None:
    a, b, n = parse_sitemap(SITEMAP, "https://e.com/sm.xml", 10**6).items
    assert a.published_at == datetime(2024, 5, 1, tzinfo=UTC)
    assert (b.url, b.published_at) == ("https://e.com/b", None)
    assert n.meta.title == "Headline" and n.meta.feed_title == "E News"
    assert n.meta.language == "de" and n.meta.tags == ["x", "y"]
    assert n.published_at == datetime(2024, 5, 3, 7, 30, tzinfo=UTC)


def test_gzip_sitemap() -> None:
    found = parse_sitemap(gzip.compress(SITEMAP), "https://e.com/sm.xml.gz", 10**6)
    assert len(found.items) == 3


def test_sitemap_index() -> None:
    index = b"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <sitemap><loc>https://e.com/s1.xml</loc></sitemap><sitemap><loc>/s2.xml.gz</loc></sitemap>
    </sitemapindex>"""
    found = parse_sitemap(index, "https://e.com/index.xml", 10**6)
    assert found.sitemaps == ["https://e.com/s1.xml", "https://e.com/s2.xml.gz"]
    assert found.items == []


def test_gzip_bomb_is_refused() -> None:
    bomb = gzip.compress(b"<" + b" " * 20_000_000)
    with pytest.raises(DiscoveryError) as info:
        parse_sitemap(bomb, "https://e.com/bomb.xml.gz", 1_000_000)
    assert info.value.reason == "too_large"


@pytest.mark.parametrize(
    "data",
    [
        b"<html><body>no</body></html>",
        b"<urlset><url><loc>x",
        b"""<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">
        <!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><urlset><url><loc>&lol2;</loc></url></urlset>""",
        b"\x1f\x8bnot really gzip",
    ],
)
def test_bad_sitemaps(data: bytes) -> None:
    with pytest.raises(DiscoveryError) as info:
        parse_sitemap(data, "https://e.com/sm.xml", 10**6)
    assert info.value.reason == "bad_sitemap"


def test_url_list() -> None:
    found = parse_url_list(b"# comment\nhttps://e.com/1\n\n  https://e.com/2  \n", "https://e/l")
    assert [i.url for i in found.items] == ["https://e.com/1", "https://e.com/2"]
    assert found.items[0].meta.feed_url == "https://e/l"


def test_recent_keeps_undated_items() -> None:
    now = datetime(2024, 5, 10, tzinfo=UTC)
    items = parse_sitemap(SITEMAP, "https://e.com/sm.xml", 10**6).items
    kept, old = recent(items, now, timedelta(days=8))
    assert [i.url for i in kept] == ["https://e.com/b", "https://e.com/n"]
    assert old == 1
