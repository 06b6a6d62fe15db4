"""RawPage: what the fetcher saw when it fetched one URL."""

from __future__ import annotations

from typing import ClassVar

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from newsroom_shared.contracts.base import Base64Bytes, Event, SchemaVersion
from newsroom_shared.contracts.ids import content_hash, url_id

RAW_PAGE_SCHEMA_VERSION = "1.0"


class FeedItem(BaseModel):
    """What the feed or sitemap said about the item that led to the page.

    The parser falls back on these when the page itself lacks a title, date or authors.
    """

    model_config = ConfigDict(extra="ignore")

    feed_url: str = Field(description="The feed, sitemap or URL list the item came from.")
    feed_title: str | None = None
    title: str | None = Field(default=None, description="The item's title in the feed.")
    published_at: AwareDatetime | None = None
    authors: list[str] = Field(default_factory=list)
    summary: str | None = None
    tags: list[str] = Field(default_factory=list)
    language: str | None = None


class RawPage(Event):
    """One fetched page. Key on the raw-pages topic: `page_id` (hash of the canonical URL)."""

    SCHEMA_VERSION: ClassVar[str] = RAW_PAGE_SCHEMA_VERSION
    schema_version: SchemaVersion = RAW_PAGE_SCHEMA_VERSION

    page_id: str = Field(description="url_id(canonical_url); the Kafka key.")
    source_id: str = Field(description="Id of the configured source that led to this page.")
    requested_url: str = Field(description="The URL as discovered, before redirects.")
    final_url: str = Field(description="The URL after redirects.")
    canonical_url: str = Field(
        description="requested_url canonicalised (case, default port, fragment and tracking "
        "parameters removed); the dedup key."
    )
    redirects: list[str] = Field(default_factory=list, description="Intermediate URLs, in order.")
    status_code: int
    headers: dict[str, str] = Field(
        default_factory=dict, description="Selected response headers, lower-case names."
    )
    content_type: str | None = Field(default=None, description="Media type, e.g. text/html.")
    charset: str | None = Field(default=None, description="Charset declared by the server.")
    body: Base64Bytes = Field(description="The response body as received (base64 in JSON).")
    content_hash: str = Field(description="content_hash(body): 'sha256:<hex>'.")
    etag: str | None = None
    last_modified: str | None = None
    fetched_at: AwareDatetime
    elapsed_ms: float | None = Field(default=None, description="Time to fetch the page.")
    feed: FeedItem | None = None


def raw_page_for(
    url: str,
    body: bytes,
    *,
    source_id: str,
    fetched_at: AwareDatetime,
    content_type: str | None = "text/html",
    charset: str | None = None,
) -> RawPage:
    """A RawPage for a page obtained without redirects (files, tests, replays of archives):
    requested, final and canonical URL are the same, and the ids and hash are derived."""
    return RawPage(
        page_id=url_id(url),
        source_id=source_id,
        requested_url=url,
        final_url=url,
        canonical_url=url,
        status_code=200,
        content_type=content_type,
        charset=charset,
        body=body,
        content_hash=content_hash(body),
        fetched_at=fetched_at,
    )
