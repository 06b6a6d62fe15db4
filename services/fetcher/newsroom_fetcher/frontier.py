"""Between discovery and the fetch workers: URLs as FrontierItems on the frontier topic.

Discovery turns each URL a poll selects into an item keyed by its host; a fetch worker turns an
item back into a `Target`. The frontier partition of a host is also where its fetch state lives.
"""

from __future__ import annotations

from datetime import datetime

from newsroom_fetcher.pipeline import HostLimits as Limits
from newsroom_fetcher.pipeline import Target
from newsroom_fetcher.urls import host_of
from newsroom_shared.contracts import FrontierItem, HostLimits
from newsroom_shared.topics import FRONTIER, partition_of


def frontier_item(target: Target, limits: Limits | None, discovered_at: datetime) -> FrontierItem:
    return FrontierItem(
        url=target.url,
        canonical_url=target.canonical_url,
        host=host_of(target.canonical_url),
        source_id=target.source_id,
        discovered_at=discovered_at,
        feed=target.feed,
        headers=target.headers,
        limits=HostLimits(min_delay=limits.delay, concurrency=limits.concurrency)
        if limits
        else None,
    )


def target_of(item: FrontierItem) -> Target:
    return Target(
        item.url, item.canonical_url, item.source_id, item.feed, item.headers, item.revisit
    )


def limits_of(item: FrontierItem, default: Limits) -> Limits:
    if item.limits is None:
        return default
    return Limits(item.limits.min_delay, item.limits.concurrency)


def host_partition(host: str, partitions: int = FRONTIER.partitions) -> int:
    """The frontier partition of `host`: the fetch worker that owns it reads its state there."""
    return partition_of(host, partitions)
