"""ArticleRevision: a change of substance between two versions of an article (a stealth edit).

The parser compares each new version of a page with the last one it saw. Whitespace, ad labels,
"Updated ..." lines and a new modification time alone are not substance; the title, the dek
(subtitle), the authors, the publication date, the body paragraphs and the quotes are.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from newsroom_shared.contracts.base import Event, SchemaVersion

ARTICLE_REVISION_SCHEMA_VERSION = "1.0"

RevisedField = Literal["title", "subtitle", "authors", "published_at", "paragraphs", "quotes"]
REVISED_FIELDS: tuple[RevisedField, ...] = (
    "title",
    "subtitle",
    "authors",
    "published_at",
    "paragraphs",
    "quotes",
)


class _Part(BaseModel):
    model_config = ConfigDict(extra="ignore")


class ParagraphText(_Part):
    index: int = Field(ge=0, description="Position among the body paragraphs of its version.")
    text: str


class ParagraphEdit(_Part):
    """One paragraph rewritten in place: the old and the new wording."""

    before_index: int = Field(ge=0, description="Position in the earlier version.")
    after_index: int = Field(ge=0, description="Position in the later version.")
    before: str
    after: str


class QuoteText(_Part):
    text: str = Field(description="The words inside the quotation marks.")
    speaker: str | None = Field(default=None, description="Resolved speaker, when known.")


class ArticleRevision(Event):
    """A substantive change between two versions of one article.

    Key on the article-revisions topic: `id` (`<article_id>:<to_version>`), written to the
    partition of `article_id` so that an article's revisions are read in order. The same
    revision may be delivered twice (at least once); `id` is the same both times.
    """

    SCHEMA_VERSION: ClassVar[str] = ARTICLE_REVISION_SCHEMA_VERSION
    schema_version: SchemaVersion = ARTICLE_REVISION_SCHEMA_VERSION

    id: str = Field(description="'<article_id>:<to_version>': unique per revision.")
    article_id: str = Field(description="The Article id (url_id of its canonical URL).")
    page_id: str = Field(description="The raw page's id (the URL the fetcher revisits).")
    revision: int = Field(ge=1, description="1 for the first change seen, then 2, 3, ...")
    url: str
    canonical_url: str
    source_id: str
    site_name: str | None = None
    changed: list[RevisedField] = Field(
        min_length=1, description="The fields whose substance changed, in a fixed order."
    )
    from_version: int = Field(ge=0, description="Version (fetch time, epoch ms) compared from.")
    to_version: int = Field(ge=0, description="Version that differs; the article's version.")
    from_fetched_at: AwareDatetime
    to_fetched_at: AwareDatetime
    from_modified_at: AwareDatetime | None = Field(
        default=None, description="What the earlier version said of its last modification."
    )
    to_modified_at: AwareDatetime | None = None
    title_before: str | None = None
    title_after: str | None = None
    subtitle_before: str | None = None
    subtitle_after: str | None = None
    authors_before: list[str] = Field(default_factory=list)
    authors_after: list[str] = Field(default_factory=list)
    published_at_before: AwareDatetime | None = None
    published_at_after: AwareDatetime | None = None
    paragraphs_added: list[ParagraphText] = Field(default_factory=list)
    paragraphs_removed: list[ParagraphText] = Field(default_factory=list)
    paragraphs_changed: list[ParagraphEdit] = Field(default_factory=list)
    quotes_added: list[QuoteText] = Field(default_factory=list)
    quotes_removed: list[QuoteText] = Field(default_factory=list)
    words_before: int = Field(ge=0)
    words_after: int = Field(ge=0)
    from_parser_version: str = Field(
        description="Parser of the earlier version. When it differs from to_parser_version, "
        "part of the change may be the parser's rather than the newsroom's."
    )
    to_parser_version: str
    detected_at: AwareDatetime
