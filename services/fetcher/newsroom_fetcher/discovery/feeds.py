"""RSS 0.9x/1.0/2.0 and Atom (0.3, 1.0), read with feedparser."""

from __future__ import annotations

import calendar
import io
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

import feedparser

from newsroom_fetcher.discovery.listing import Discovery, DiscoveryError, Item
from newsroom_shared.contracts import FeedItem


def parse_feed(data: bytes, feed_url: str) -> Discovery:
    """Lenient like feedparser, unless nothing usable came out."""
    # A stream, never bytes: feedparser would try a body like b"/etc/passwd" as a file name.
    parsed = feedparser.parse(io.BytesIO(data), sanitize_html=False, resolve_relative_uris=False)
    entries = [e for e in parsed.entries if e.get("link")]
    # An empty feed is fine; a document feedparser could not even recognise is not.
    if not entries and (parsed.bozo or not parsed.get("version")):
        problem = parsed.get("bozo_exception") or "not RSS or Atom"
        raise DiscoveryError("bad_feed", f"not a usable feed: {problem}")
    feed_title = text(parsed.feed.get("title"))
    language = text(parsed.feed.get("language"))
    items = []
    for entry in entries:
        published = _struct_time(entry.get("published_parsed") or entry.get("updated_parsed"))
        authors = [text(a.get("name")) for a in entry.get("authors", []) if a.get("name")]
        if not authors and entry.get("author"):
            authors = [text(entry["author"])]
        meta = FeedItem(
            feed_url=feed_url,
            feed_title=feed_title,
            title=text(entry.get("title")),
            published_at=published,
            authors=[a for a in authors if a],
            summary=text(entry.get("summary")),
            tags=[t["term"] for t in entry.get("tags", []) if t.get("term")],
            language=language,
        )
        items.append(Item(urljoin(feed_url, entry["link"].strip()), published, meta))
    return Discovery(items=items)


def _struct_time(value: Any) -> datetime | None:
    # feedparser normalises every date format it knows to a UTC struct_time.
    if not value:
        return None
    return datetime.fromtimestamp(calendar.timegm(value), UTC)


def text(value: Any) -> str | None:
    """A string with its whitespace runs collapsed; None when empty or not a string."""
    if not isinstance(value, str):
        return None
    return " ".join(value.split()) or None
