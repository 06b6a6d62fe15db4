"""FrontierItem: a URL discovery found, waiting for a fetch worker.

Keyed by host on the frontier topic, so every URL of a host lands on one partition and one fetch
worker owns the host at a time: per-host politeness then holds across any number of workers.
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from newsroom_shared.contracts.base import Event, SchemaVersion
from newsroom_shared.contracts.raw_page import FeedItem

FRONTIER_ITEM_SCHEMA_VERSION = "1.0"


class HostLimits(BaseModel):
    """The politeness a source asks for its hosts (robots.txt Crawl-delay still applies)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    min_delay: float = Field(ge=0, description="Seconds between two request starts.")
    concurrency: int = Field(ge=1, description="Requests in flight at once.")


class FrontierItem(Event):
    """One URL to fetch. Key on the frontier topic: `host`."""

    SCHEMA_VERSION: ClassVar[str] = FRONTIER_ITEM_SCHEMA_VERSION
    schema_version: SchemaVersion = FRONTIER_ITEM_SCHEMA_VERSION

    url: str = Field(description="The URL as discovered.")
    canonical_url: str = Field(description="The URL canonicalised; url_id of it keys its state.")
    host: str = Field(description="Host of the canonical URL, lower case; the Kafka key.")
    source_id: str = Field(description="The source that listed it.")
    discovered_at: AwareDatetime = Field(description="When the poll that listed it began.")
    feed: FeedItem | None = Field(default=None, description="What the listing said about it.")
    headers: dict[str, str] = Field(
        default_factory=dict, description="Request headers the source asks for."
    )
    limits: HostLimits | None = Field(
        default=None, description="The source's own politeness (default: the worker's)."
    )
    revisit: int | None = Field(
        default=None,
        ge=0,
        description="Set on a scheduled revisit of a page already fetched (its step in the "
        "fetch workers' revisit schedule, 0 first); unset on what discovery sends.",
    )
