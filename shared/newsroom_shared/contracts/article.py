"""Article: the structured article the parser makes of a raw page."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import ClassVar, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from newsroom_shared.contracts.base import Event, SchemaVersion

# 1.1: `revisions`, `revised_at` and `revised_fields` added.
ARTICLE_SCHEMA_VERSION = "1.1"

# How far ahead of a reader's clock a version (a fetch time) may be: the fetcher's clock and a
# reader's differ a little. A version further ahead is no fetch time: written as it is, it
# would outrank every real update of the article until the clock caught up with it.
MAX_VERSION_SKEW = timedelta(minutes=5)


def version_ahead_of_clock(version: int, now: datetime) -> str | None:
    """Why `version` (epoch milliseconds) cannot be a fetch time as seen at `now`, if so."""
    limit = int((now + MAX_VERSION_SKEW).timestamp() * 1000)
    if version > limit:
        return (
            f"version {version} is ahead of the clock ({int(now.timestamp() * 1000)}) by more "
            f"than the {MAX_VERSION_SKEW.total_seconds():g} s allowed"
        )
    return None


class _Part(BaseModel):
    model_config = ConfigDict(extra="ignore")


class Image(_Part):
    url: str
    caption: str | None = None
    credit: str | None = Field(default=None, description="Photographer/agency, apart from caption.")
    alt: str | None = None


class Entity(_Part):
    """A named entity, canonical within its article ("Paul" and "Sen. Rand Paul" -> "Rand Paul")."""

    id: str = Field(description="Stable within the article; quotes' speakers refer to it.")
    name: str = Field(description="Canonical name.")
    type: str = Field(description="PERSON, ORG, GPE, LOC, NORP, EVENT, FAC, PRODUCT, ...")
    mentions: int = Field(ge=0, description="Mentions in title, subtitle and body.")
    aliases: list[str] = Field(default_factory=list, description="Other surface forms seen.")
    paragraphs: list[int] = Field(
        default_factory=list, description="Indexes of the body paragraphs that mention it."
    )


class Speaker(_Part):
    name: str | None = Field(description="Resolved canonical name; null when nobody identifiable.")
    as_written: str | None = Field(description="The speaker as the text names it, e.g. 'he'.")
    entity_id: str | None = Field(default=None, description="Id of the entity, when resolved.")


class Quote(_Part):
    text: str = Field(description="The words inside the quotation marks.")
    cue: str | None = Field(default=None, description="The speech verb or phrase, e.g. 'said'.")
    speaker: Speaker
    paragraph: int | None = Field(default=None, description="Index of the body paragraph.")


class NlpStatus(_Part):
    status: Literal["ok", "skipped"] = "ok"
    reason: str | None = Field(default=None, description="Why NLP was skipped, e.g. language.")


class Article(Event):
    """A parsed article. Key on the articles topic: `id`.

    `version` orders versions of the same article: a higher version replaces a lower one, and
    a re-parse of the same fetch (same version) replaces it too.
    """

    SCHEMA_VERSION: ClassVar[str] = ARTICLE_SCHEMA_VERSION
    schema_version: SchemaVersion = ARTICLE_SCHEMA_VERSION

    id: str = Field(description="url_id(canonical_url): stable across fetches and re-parses.")
    version: int = Field(
        ge=0,
        description="Fetch time of the source page in epoch milliseconds. Readers refuse "
        "versions more than MAX_VERSION_SKEW (5 minutes) ahead of their clock.",
    )
    url: str = Field(description="The URL the page was fetched from (after redirects).")
    canonical_url: str
    source_id: str
    site_name: str | None = None
    title: str | None = None
    subtitle: str | None = None
    authors: list[str] = Field(default_factory=list)
    published_at: AwareDatetime | None = None
    modified_at: AwareDatetime | None = None
    section: str | None = None
    tags: list[str] = Field(default_factory=list)
    language: str | None = Field(default=None, description="ISO 639-1 code.")
    body: str = Field(description="Plain text; paragraphs separated by one blank line.")
    paragraphs: list[str] = Field(default_factory=list)
    word_count: int = Field(ge=0)
    images: list[Image] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    nlp: NlpStatus = Field(default_factory=NlpStatus)
    parser_version: str
    content_hash: str = Field(description="content_hash of title + body: changes when text does.")
    raw_content_hash: str = Field(description="content_hash of the raw page body it came from.")
    fetched_at: AwareDatetime
    parsed_at: AwareDatetime
    revisions: int = Field(
        default=0,
        ge=0,
        description="Substantive changes (ArticleRevision events) seen so far between the "
        "versions of this page; 0 for a first version and when nothing of substance changed.",
    )
    revised_at: AwareDatetime | None = Field(
        default=None, description="Fetch time of the version that made the last revision."
    )
    revised_fields: list[str] = Field(
        default_factory=list, description="What the last revision changed (see ArticleRevision)."
    )
