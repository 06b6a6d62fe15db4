"""What the parser keeps in memory per page: little, and not for ever."""

from __future__ import annotations

import gc
import math
import tracemalloc
from datetime import UTC, datetime

from newsroom_parser.revision_memory import RevisionMemory, Seen

DAY = 86400.0
NOW = datetime(2024, 6, 1, tzinfo=UTC).timestamp()


def seen(n: int, revisions: int = 0) -> Seen:
    return Seen(
        version=1_717_000_000_000 + n,
        digest=n.to_bytes(16, "big"),
        partition=n % 12,
        offset=10_000 + n,
        revisions=revisions,
        revised_at=datetime(2024, 5, 2, 8, 30, tzinfo=UTC) if revisions else None,
        revised_fields=("title", "paragraphs") if revisions else (),
    )


def test_a_page_is_read_back_as_it_was_kept() -> None:
    memory = RevisionMemory()
    memory.keep("a" * 32, seen(1), NOW)
    memory.keep("b" * 32, seen(2, revisions=3), NOW)
    assert memory.get("a" * 32) == seen(1)
    assert memory.get("b" * 32) == seen(2, revisions=3)
    assert memory.get("c" * 32) is None and len(memory) == 2


def test_a_page_costs_a_few_hundred_bytes() -> None:
    # A parser holds every page of its partitions (millions at news scale): as dataclasses
    # with their digests, datetimes and integers they took about 1 KB each.
    memory = RevisionMemory()
    count = 5000
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for n in range(count):
            memory.keep(f"{n:032x}", seen(n, revisions=n % 2), NOW)
        gc.collect()
        per_page = (tracemalloc.get_traced_memory()[0] - before) / count
    finally:
        tracemalloc.stop()
    assert per_page < 250, f"{per_page:.0f} bytes per page"


def test_pages_not_seen_within_the_retention_are_listed_for_forgetting() -> None:
    memory = RevisionMemory()
    memory.keep("old", seen(1), NOW - 40 * DAY)
    memory.keep("recent", seen(2), NOW - 1 * DAY)
    memory.keep("old-again", seen(3), NOW - 40 * DAY)
    memory.keep("old-again", seen(4), NOW)  # seen since: kept
    assert memory.kept_before(NOW - 30 * DAY) == [("old", 1)]
    memory.drop("old")
    assert memory.get("old") is None and len(memory) == 2
    assert sorted(k for k, _ in memory.kept_before(math.inf)) == ["old-again", "recent"]


def test_released_partitions_are_forgotten() -> None:
    memory = RevisionMemory()
    for n in range(24):
        memory.keep(f"page-{n}", seen(n), NOW)
    assert memory.release({0, 1}) == 4
    assert len(memory) == 20 and memory.get("page-12") is None and memory.get("page-2")
