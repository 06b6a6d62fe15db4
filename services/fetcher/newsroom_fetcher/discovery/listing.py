"""What a source document lists: the pages (items) and the sitemaps (children) it names."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

from newsroom_shared.contracts import FeedItem


class DiscoveryError(ValueError):
    """A document that is not a usable feed, sitemap or list; `reason` is the DeadLetter's."""

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
class Child:
    """A sitemap named by an index or a robots.txt, with the index's <lastmod> for it."""

    url: str
    lastmod: datetime | None = None


@dataclass(frozen=True)
class Discovery:
    items: list[Item] = field(default_factory=list)
    children: list[Child] = field(default_factory=list)
    # Broken XML: what came before the break. The document is not known whole, so it must not
    # be answered with a 304 next time.
    partial: bool = False

    @property
    def sitemaps(self) -> list[str]:
        return [c.url for c in self.children]


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


def parse_date(value: str | None) -> datetime | None:
    """A sitemap date: W3C (a date, or a date-time with Z or +hh:mm), else RFC 2822 as some
    sites write it; None when it is neither. Dates without a zone are taken as UTC."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            parsed = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
