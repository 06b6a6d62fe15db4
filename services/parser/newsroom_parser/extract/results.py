"""Immutable, picklable result types of the extraction core (images are the contract's)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from newsroom_shared.contracts import Image


@dataclass(frozen=True)
class PageHints:
    """Fallback metadata from the feed item that led to the page."""

    feed_title: str | None = None
    item_title: str | None = None
    published_at: datetime | None = None
    authors: tuple[str, ...] = ()
    site_name: str | None = None


@dataclass(frozen=True)
class ExtractedPage:
    title: str | None = None
    subtitle: str | None = None
    site_name: str | None = None
    canonical_url: str | None = None
    section: str | None = None
    tags: tuple[str, ...] = ()
    language: str | None = None
    authors: tuple[str, ...] = ()
    published_at: datetime | None = None
    modified_at: datetime | None = None
    images: tuple[Image, ...] = ()  # the contract's type: the article carries them as they are
    paragraphs: tuple[str, ...] = field(default_factory=tuple)

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)
