"""A heap snapshot on demand, for finding what grows in a long-running service."""

from __future__ import annotations

import asyncio
import tracemalloc
from pathlib import Path

import pytest

from newsroom_shared.runtime.service import Service


class Idle(Service):
    name = "idle"

    async def main(self, stopping: asyncio.Event) -> None:
        await stopping.wait()


def test_a_snapshot_is_written_where_asked_and_can_be_compared(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSROOM_HEAP_SNAPSHOT_DIR", str(tmp_path))
    tracemalloc.start()
    try:
        first = Idle(None).write_heap_snapshot()
        kept = [bytearray(1000) for _ in range(100)]
        second = Idle(None).write_heap_snapshot()
    finally:
        tracemalloc.stop()
    assert first != second, "two snapshots, two files"
    assert first.parent == tmp_path and first.name.startswith("idle-")
    growth = tracemalloc.Snapshot.load(str(second)).compare_to(
        tracemalloc.Snapshot.load(str(first)), "lineno"
    )
    assert sum(stat.size_diff for stat in growth) >= 100 * 1000
    assert len(kept) == 100
