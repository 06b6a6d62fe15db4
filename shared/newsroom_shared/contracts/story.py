"""StoryAssignment: which story (cluster of near-duplicate articles) an article belongs to.

Wire copies, lightly edited reprints and rewrites close enough to them share one `story_id`.
A story's id never changes once given: it is the id of the first member the clusterer saw. Its
representative (the member published first) may change as earlier copies turn up.
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import AwareDatetime, Field

from newsroom_shared.contracts.base import Event, SchemaVersion

STORY_ASSIGNMENT_SCHEMA_VERSION = "1.0"


class StoryAssignment(Event):
    """An article's story. Key on the story-clusters topic: `article_id`.

    Sent when an article is first clustered, and again when a later version of it is seen or
    its story changes representative (then for the representative). A consumer keeps, per
    article, the assignment with the highest `story_version` of its story; `story_id` itself
    is the same in every assignment of an article.
    """

    SCHEMA_VERSION: ClassVar[str] = STORY_ASSIGNMENT_SCHEMA_VERSION
    schema_version: SchemaVersion = STORY_ASSIGNMENT_SCHEMA_VERSION

    article_id: str
    article_version: int = Field(ge=0, description="The article version this was made for.")
    story_id: str = Field(description="Stable for ever: the id of the story's first member.")
    story_version: int = Field(
        ge=1, description="Grows by one with every change of the story (member, representative)."
    )
    story_size: int = Field(ge=1, description="Members of the story when this was sent.")
    representative_id: str = Field(description="The member published first (may change).")
    representative_title: str | None = None
    representative_url: str | None = None
    matched_article_id: str | None = Field(
        default=None,
        description="The most similar member when the article joined; null for "
        "a story's first member.",
    )
    similarity: float | None = Field(
        default=None,
        ge=0,
        le=1,
        description="Estimated Jaccard similarity of the bodies' word shingles to that member.",
    )
    source_id: str
    site_name: str | None = None
    title: str | None = None
    url: str
    published_at: AwareDatetime | None = None
    assigned_at: AwareDatetime
