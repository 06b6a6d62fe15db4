"""Which child sitemaps a poll reads, when indexes name more than it may read.

Children dated (by their index's <lastmod>) come first, newest first; those unchanged since
their items were last all handled, and those older than the source's age limit, are not read
at all (they hold nothing new, or nothing recent). Undated children follow, least recently
read first, so successive polls rotate through them. Ties keep document order. Pure.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from newsroom_fetcher.discovery.listing import Child

When = Callable[[str], datetime | None]


def choose_children(
    children: Sequence[Child],
    *,
    saved_at: When,
    last_read: When,
    now: datetime,
    max_age: timedelta,
    budget: int,
) -> tuple[list[Child], Counter[str]]:
    """The children to read now (at most `budget`) and the others counted by reason.

    `saved_at(url)`: when the child was read and all its items handled (its state's
    fetched_at); `last_read(url)`: when it was last fetched at all.
    """
    skipped: Counter[str] = Counter()
    kept: list[tuple[tuple[int, float, int], Child]] = []
    for position, child in enumerate(children):
        if child.lastmod is not None:
            if now - child.lastmod > max_age:
                skipped["sitemap_too_old"] += 1
                continue
            saved = saved_at(child.url)
            if saved is not None and child.lastmod <= saved:
                skipped["sitemap_unchanged"] += 1
                continue
            kept.append(((0, -child.lastmod.timestamp(), position), child))
        else:
            read = last_read(child.url)
            kept.append(((1, read.timestamp() if read else float("-inf"), position), child))
    kept.sort(key=lambda entry: entry[0])
    if len(kept) > budget:
        skipped["sitemaps_over_cap"] += len(kept) - budget
    return [child for _, child in kept[:budget]], skipped
