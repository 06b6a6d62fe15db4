"""From a feed, sitemap or URL list (bytes) to the items it links to. Pure: no I/O here."""

from __future__ import annotations

import calendar
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urljoin
from xml.etree.ElementTree import Element

import feedparser
from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from newsroom_fetcher.decoding import GZIP_MAGIC, TooLarge, gunzip_limited
from newsroom_shared.contracts import FeedItem

_SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
_NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"


class DiscoveryError(ValueError):
    """A document that is not the feed, sitemap or list it was said to be."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class Item:
    """A link found in a source, with what the source said about it."""

    url: str
    published_at: datetime | None
    meta: FeedItem | None  # None for URLs written inline in the sources file


@dataclass(frozen=True)
class Discovery:
    items: list[Item] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)  # children of a sitemap index


def parser_for(source_type: str, max_bytes: int) -> Callable[[bytes, str], Discovery]:
    """The parser of a source's document: feed, sitemap (or index), or URL list."""
    if source_type == "feed":
        return parse_feed
    if source_type == "sitemap":
        return lambda data, url: parse_sitemap(data, url, max_bytes)
    return parse_url_list


def parse_feed(data: bytes, feed_url: str) -> Discovery:
    """RSS 0.9x/1.0/2.0 or Atom. Lenient like feedparser, unless nothing usable came out."""
    # A stream, never bytes: feedparser would try a body like b"/etc/passwd" as a file name.
    parsed = feedparser.parse(io.BytesIO(data), sanitize_html=False, resolve_relative_uris=False)
    entries = [e for e in parsed.entries if e.get("link")]
    # An empty feed is fine; a document feedparser could not even recognise is not.
    if not entries and (parsed.bozo or not parsed.get("version")):
        problem = parsed.get("bozo_exception") or "not RSS or Atom"
        raise DiscoveryError("bad_feed", f"not a usable feed: {problem}")
    feed_title = _text(parsed.feed.get("title"))
    language = _text(parsed.feed.get("language"))
    items = []
    for entry in entries:
        published = _struct_time(entry.get("published_parsed") or entry.get("updated_parsed"))
        authors = [_text(a.get("name")) for a in entry.get("authors", []) if a.get("name")]
        if not authors and entry.get("author"):
            authors = [_text(entry["author"])]
        meta = FeedItem(
            feed_url=feed_url,
            feed_title=feed_title,
            title=_text(entry.get("title")),
            published_at=published,
            authors=[a for a in authors if a],
            summary=_text(entry.get("summary")),
            tags=[t["term"] for t in entry.get("tags", []) if t.get("term")],
            language=language,
        )
        items.append(Item(urljoin(feed_url, entry["link"].strip()), published, meta))
    return Discovery(items=items)


def parse_sitemap(data: bytes, sitemap_url: str, max_bytes: int) -> Discovery:
    """A sitemap, a sitemap index, or a Google News sitemap; gzip-compressed or not."""
    if data.startswith(GZIP_MAGIC):
        try:
            data = gunzip_limited(data, max_bytes)
        except TooLarge as exc:
            raise DiscoveryError("too_large", str(exc)) from exc
        except OSError as exc:
            raise DiscoveryError("bad_sitemap", f"bad gzip data: {exc}") from exc
    try:
        root = ElementTree.fromstring(data)
    except (ElementTree.ParseError, DefusedXmlException) as exc:
        raise DiscoveryError("bad_sitemap", f"not a usable sitemap: {exc}") from exc
    tag = _local(root.tag)
    if tag == "sitemapindex":
        children = [_child_text(s, "loc") for s in root if _local(s.tag) == "sitemap"]
        return Discovery(sitemaps=[urljoin(sitemap_url, c) for c in children if c])
    if tag != "urlset":
        raise DiscoveryError("bad_sitemap", f"root element is <{tag}>, not <urlset>")
    items = []
    for entry in root:
        loc = _child_text(entry, "loc") if _local(entry.tag) == "url" else None
        if loc:
            items.append(_sitemap_item(entry, urljoin(sitemap_url, loc), sitemap_url))
    return Discovery(items=items)


def parse_url_list(data: bytes, list_url: str) -> Discovery:
    """One URL a line; blank lines and lines starting with # are ignored."""
    text = data.decode("utf-8", "replace")
    urls = [line.strip() for line in text.splitlines()]
    return Discovery(items=[plain_item(u, list_url) for u in urls if u and not u.startswith("#")])


def plain_item(url: str, list_url: str | None) -> Item:
    return Item(url, None, FeedItem(feed_url=list_url) if list_url else None)


def recent(items: Iterable[Item], now: datetime, max_age: timedelta) -> tuple[list[Item], int]:
    """Items published within max_age (or undated), and how many were too old."""
    kept, old = [], 0
    for item in items:
        if item.published_at is not None and now - item.published_at > max_age:
            old += 1
        else:
            kept.append(item)
    return kept, old


def _sitemap_item(entry: Element, url: str, sitemap_url: str) -> Item:
    news = next((c for c in entry if c.tag == f"{{{_NEWS_NS}}}news"), None)
    lastmod = _parse_w3c_date(_child_text(entry, "lastmod"))
    if news is None:
        return Item(url, lastmod, FeedItem(feed_url=sitemap_url, published_at=lastmod))
    publication = next((c for c in news if c.tag == f"{{{_NEWS_NS}}}publication"), None)
    published = _parse_w3c_date(_news_text(news, "publication_date")) or lastmod
    keywords = _news_text(news, "keywords") or ""
    meta = FeedItem(
        feed_url=sitemap_url,
        feed_title=_news_text(publication, "name") if publication is not None else None,
        title=_news_text(news, "title"),
        published_at=published,
        tags=[k.strip() for k in keywords.split(",") if k.strip()],
        language=_news_text(publication, "language") if publication is not None else None,
    )
    return Item(url, published, meta)


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _child_text(element: Element, name: str) -> str | None:
    for child in element:
        if _local(child.tag) == name and child.text:
            return child.text.strip()
    return None


def _news_text(element: Element, name: str) -> str | None:
    child = element.find(f"{{{_NEWS_NS}}}{name}")
    return child.text.strip() if child is not None and child.text else None


def _parse_w3c_date(value: str | None) -> datetime | None:
    """W3C datetime as sitemaps use it: a date, or a date-time with a zone (Z or +hh:mm)."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _struct_time(value: Any) -> datetime | None:
    # feedparser normalises every date format it knows to a UTC struct_time.
    if not value:
        return None
    return datetime.fromtimestamp(calendar.timegm(value), UTC)


def _text(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    return " ".join(value.split()) or None
