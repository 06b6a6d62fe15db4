"""Batches close on count, bytes or time."""

from __future__ import annotations

import pytest

from newsroom_indexer.batching import Batch, BatchLimits


def test_count_bound() -> None:
    batch: Batch[int] = Batch(BatchLimits(max_docs=3, max_bytes=1000, max_wait=1.0))
    assert all(batch.offer(i, 10, now=0.0) for i in range(3))
    assert batch.full and batch.ready(0.0)
    assert not batch.offer(99, 10, now=0.0)
    assert batch.items == [0, 1, 2]
    assert batch.room == 0


def test_bytes_bound_defers_the_overflowing_item() -> None:
    batch: Batch[str] = Batch(BatchLimits(max_docs=100, max_bytes=100, max_wait=1.0))
    assert batch.offer("a", 60, now=0.0)
    assert not batch.offer("b", 60, now=0.0)  # would overflow: next batch
    assert batch.items == ["a"] and not batch.full


def test_an_oversized_item_still_gets_a_batch_of_its_own() -> None:
    batch: Batch[str] = Batch(BatchLimits(max_docs=100, max_bytes=100, max_wait=1.0))
    assert batch.offer("huge", 5000, now=0.0)
    assert batch.full


def test_time_bound_counts_from_the_first_item() -> None:
    batch: Batch[int] = Batch(BatchLimits(max_docs=100, max_bytes=1000, max_wait=2.0))
    assert batch.time_left(now=50.0) == 2.0 and not batch.ready(50.0)  # empty: never ready
    batch.offer(1, 10, now=100.0)
    assert batch.time_left(101.5) == pytest.approx(0.5)
    assert not batch.ready(101.5)
    assert batch.ready(102.0)


def test_limits_must_be_positive() -> None:
    with pytest.raises(ValueError):
        BatchLimits(max_docs=0, max_bytes=1, max_wait=1.0)
