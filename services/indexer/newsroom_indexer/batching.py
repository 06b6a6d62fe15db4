"""Batches bounded by count, bytes and time. Pure.

The clock is passed in, so the bounds are testable without sleeping.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, TypeVar


@dataclass(frozen=True)
class BatchLimits:
    max_docs: int
    max_bytes: int
    max_wait: float  # seconds from the first item of a batch

    def __post_init__(self) -> None:
        if self.max_docs < 1 or self.max_bytes < 1 or self.max_wait <= 0:
            raise ValueError(f"batch limits must be positive: {self}")


T = TypeVar("T")


@dataclass
class Batch(Generic[T]):
    """Items collected until one bound is reached. An item alone may exceed max_bytes: a large
    article still gets indexed, in a batch of its own."""

    limits: BatchLimits
    items: list[T] = field(default_factory=list)
    size_bytes: int = 0
    opened_at: float | None = None

    def offer(self, item: T, size: int, now: float) -> bool:
        """Add `item` unless the batch is full or the item would overflow it; False then."""
        if self.full or (self.items and self.size_bytes + size > self.limits.max_bytes):
            return False
        if not self.items:
            self.opened_at = now
        self.items.append(item)
        self.size_bytes += size
        return True

    @property
    def full(self) -> bool:
        return len(self.items) >= self.limits.max_docs or self.size_bytes >= self.limits.max_bytes

    @property
    def room(self) -> int:
        return max(0, self.limits.max_docs - len(self.items))

    def time_left(self, now: float) -> float:
        """Seconds until the time bound closes this batch (max_wait while it is empty)."""
        if self.opened_at is None:
            return self.limits.max_wait
        return max(0.0, self.opened_at + self.limits.max_wait - now)

    def ready(self, now: float) -> bool:
        return bool(self.items) and (self.full or self.time_left(now) <= 0)

    def __len__(self) -> int:
        return len(self.items)
