"""Event contracts: the pydantic models that define what flows on each topic.

These models are the only coupling between services. Within a major schema version changes are
additive; consumers ignore fields they do not know.
"""

from newsroom_shared.contracts.article import (
    ARTICLE_SCHEMA_VERSION,
    MAX_VERSION_SKEW,
    Article,
    Entity,
    Image,
    NlpStatus,
    Quote,
    Speaker,
    version_ahead_of_clock,
)
from newsroom_shared.contracts.base import Event, SchemaVersion
from newsroom_shared.contracts.dead_letter import (
    DEAD_LETTER_SCHEMA_VERSION,
    DeadLetter,
    Origin,
    Stage,
)
from newsroom_shared.contracts.frontier import (
    FRONTIER_ITEM_SCHEMA_VERSION,
    FrontierItem,
    HostLimits,
)
from newsroom_shared.contracts.ids import content_hash, url_id
from newsroom_shared.contracts.raw_page import (
    RAW_PAGE_SCHEMA_VERSION,
    FeedItem,
    RawPage,
    raw_page_for,
)
from newsroom_shared.contracts.revision import (
    ARTICLE_REVISION_SCHEMA_VERSION,
    REVISED_FIELDS,
    ArticleRevision,
    ParagraphEdit,
    ParagraphText,
    QuoteText,
    RevisedField,
)
from newsroom_shared.contracts.story import STORY_ASSIGNMENT_SCHEMA_VERSION, StoryAssignment

__all__ = [
    "ARTICLE_REVISION_SCHEMA_VERSION",
    "ARTICLE_SCHEMA_VERSION",
    "DEAD_LETTER_SCHEMA_VERSION",
    "FRONTIER_ITEM_SCHEMA_VERSION",
    "MAX_VERSION_SKEW",
    "RAW_PAGE_SCHEMA_VERSION",
    "REVISED_FIELDS",
    "STORY_ASSIGNMENT_SCHEMA_VERSION",
    "Article",
    "ArticleRevision",
    "DeadLetter",
    "Entity",
    "Event",
    "FeedItem",
    "FrontierItem",
    "HostLimits",
    "Image",
    "NlpStatus",
    "Origin",
    "ParagraphEdit",
    "ParagraphText",
    "Quote",
    "QuoteText",
    "RawPage",
    "RevisedField",
    "SchemaVersion",
    "Speaker",
    "Stage",
    "StoryAssignment",
    "content_hash",
    "raw_page_for",
    "url_id",
    "version_ahead_of_clock",
]
