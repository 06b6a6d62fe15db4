"""Commit points move only past contiguous runs of finished records."""

from __future__ import annotations

import pytest

from newsroom_shared.runtime.ledger import OffsetLedger

TP = ("articles", 0)
OTHER = ("articles", 1)


def test_nothing_to_commit_before_the_first_record_finishes() -> None:
    ledger = OffsetLedger()
    for offset in (10, 11, 12):
        ledger.take(TP, offset)
    assert ledger.to_commit() == {}
    ledger.finish(TP, 11)
    ledger.finish(TP, 12)
    assert ledger.to_commit() == {}  # 10 is still running: nothing after it may be committed


def test_the_commit_point_jumps_over_records_that_finished_early() -> None:
    ledger = OffsetLedger()
    for offset in (10, 11, 12):
        ledger.take(TP, offset)
    ledger.finish(TP, 12)
    ledger.finish(TP, 11)
    ledger.finish(TP, 10)
    assert ledger.to_commit() == {TP: 13}
    assert ledger.in_flight(TP) == 0


def test_partitions_move_independently() -> None:
    ledger = OffsetLedger()
    ledger.take(TP, 0)
    ledger.take(OTHER, 5)
    ledger.take(OTHER, 6)
    ledger.finish(OTHER, 5)
    assert ledger.to_commit() == {OTHER: 6}
    assert ledger.total_in_flight == 2


def test_a_commit_point_is_reported_once_and_counted_when_committed() -> None:
    ledger = OffsetLedger()
    for offset in range(5):
        ledger.take(TP, offset)
    for offset in range(3):
        ledger.finish(TP, offset)
    positions = ledger.to_commit()
    assert positions == {TP: 3}
    ledger.finish(TP, 3)  # finishes while the commit is under way
    ledger.committed(positions)
    assert ledger.committed_records == 3
    assert ledger.to_commit() == {TP: 4}
    ledger.committed({TP: 4})
    assert ledger.committed_records == 4
    assert ledger.to_commit() == {}


def test_a_refused_commit_is_offered_again() -> None:
    ledger = OffsetLedger()
    ledger.take(TP, 0)
    ledger.finish(TP, 0)
    assert ledger.to_commit() == {TP: 1}
    # The commit failed, so `committed` was never called: the same point comes back.
    assert ledger.to_commit() == {TP: 1}
    assert ledger.committed_records == 0


def test_a_released_partition_forgets_its_unfinished_records() -> None:
    ledger = OffsetLedger()
    ledger.take(TP, 0)
    ledger.take(TP, 1)
    ledger.finish(TP, 0)
    ledger.release(TP)
    ledger.finish(TP, 1)  # finished after the partition went to another member
    assert ledger.to_commit() == {}
    assert ledger.total_in_flight == 0


def test_offsets_must_be_taken_in_order() -> None:
    ledger = OffsetLedger()
    ledger.take(TP, 5)
    with pytest.raises(ValueError):
        ledger.take(TP, 5)
