"""Which offsets may be committed: per partition, everything before the oldest unfinished record.

Records finish out of order (a slow page, a host that asks us to wait), but a committed offset
says "everything before this is done", so the commit point only moves past a contiguous run of
finished records. Pure bookkeeping, no I/O.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

TopicPartitionKey = tuple[str, int]


@dataclass
class _Partition:
    pending: deque[int] = field(default_factory=deque)  # offsets taken, in order
    finished: set[int] = field(default_factory=set)  # of those, the ones done
    commit_point: int | None = None  # next offset to commit (None: nothing done yet)
    committed: int | None = None  # the last commit point actually committed
    done: int = 0  # records before the commit point, counted since the partition was taken
    done_at_commit: dict[int, int] = field(default_factory=dict)  # commit point -> done then
    committed_done: int = 0  # `done` as of the last commit


class OffsetLedger:
    def __init__(self) -> None:
        self._partitions: dict[TopicPartitionKey, _Partition] = {}
        self.committed_records = 0  # records whose offsets are committed, over all partitions
        self._in_flight = 0  # pending records over all partitions, kept as they come and go

    def take(self, tp: TopicPartitionKey, offset: int) -> None:
        """A record was handed to processing. Offsets of a partition arrive in order."""
        part = self._partitions.setdefault(tp, _Partition())
        if part.pending and offset <= part.pending[-1]:
            raise ValueError(f"{tp}: offset {offset} taken after {part.pending[-1]}")
        part.pending.append(offset)
        self._in_flight += 1

    def finish(self, tp: TopicPartitionKey, offset: int) -> None:
        """Its outputs are acknowledged: it may be committed once every earlier one is."""
        part = self._partitions.get(tp)
        if part is None:
            return  # the partition was released meanwhile; its new owner reprocesses
        part.finished.add(offset)
        while part.pending and part.pending[0] in part.finished:
            done = part.pending.popleft()
            part.finished.discard(done)
            part.commit_point = done + 1
            part.done += 1
            self._in_flight -= 1

    def in_flight(self, tp: TopicPartitionKey) -> int:
        part = self._partitions.get(tp)
        return len(part.pending) if part else 0

    @property
    def total_in_flight(self) -> int:
        return self._in_flight

    def has_uncommitted(self) -> bool:
        """Some commit point moved since it was last committed."""
        return any(
            part.commit_point is not None and part.commit_point != part.committed
            for part in self._partitions.values()
        )

    def to_commit(self) -> dict[TopicPartitionKey, int]:
        """Commit points that moved since they were last committed."""
        positions = {}
        for tp, part in self._partitions.items():
            if part.commit_point is not None and part.commit_point != part.committed:
                positions[tp] = part.commit_point
                part.done_at_commit[part.commit_point] = part.done
        return positions

    def committed(self, positions: dict[TopicPartitionKey, int]) -> None:
        """Kafka accepted these commit points (as returned by `to_commit`)."""
        for tp, offset in positions.items():
            part = self._partitions.get(tp)
            if part is None:
                continue
            done = part.done_at_commit.get(offset)
            if done is not None:
                self.committed_records += done - part.committed_done
                part.committed_done = done
            part.committed = offset
            part.done_at_commit = {o: n for o, n in part.done_at_commit.items() if o > offset}

    def release(self, tp: TopicPartitionKey) -> None:
        """Forget a partition (revoked, or rewound): unfinished records are not committed."""
        part = self._partitions.pop(tp, None)
        if part is not None:
            self._in_flight -= len(part.pending)

    def partitions(self) -> list[TopicPartitionKey]:
        return list(self._partitions)
