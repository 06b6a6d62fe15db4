"""Dead letters: read, filter and count them (re-driving them is newsroom_ops.redrive)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from newsroom_shared.contracts import DeadLetter
from newsroom_shared.serialization import DecodeError, decode
from newsroom_shared.settings import KafkaSettings
from newsroom_shared.topic_reader import read_to_end
from newsroom_shared.topics import DEAD_LETTERS


@dataclass(frozen=True)
class StoredLetter:
    partition: int
    offset: int
    letter: DeadLetter

    @property
    def ref(self) -> str:
        return f"{self.partition}:{self.offset}"


@dataclass(frozen=True)
class LetterFilter:
    ids: frozenset[str] = frozenset()
    stage: str | None = None
    reason: str | None = None
    since: datetime | None = None

    def matches(self, stored: StoredLetter) -> bool:
        letter = stored.letter
        if self.ids and letter.id not in self.ids and stored.ref not in self.ids:
            return False
        if self.stage and letter.stage != self.stage:
            return False
        if self.reason and letter.reason != self.reason:
            return False
        return not (self.since and letter.failed_at < self.since)


@dataclass
class LetterScan:
    letters: list[StoredLetter] = field(default_factory=list)
    # partition:offset of records on the topic that are not dead letters: shown, not hidden.
    unreadable: list[str] = field(default_factory=list)


async def scan_letters(settings: KafkaSettings, wanted: LetterFilter) -> LetterScan:
    scan = LetterScan()
    async for record in read_to_end(settings, settings.topic(DEAD_LETTERS.name)):
        try:
            letter = decode(DeadLetter, record.value)
        except DecodeError:
            scan.unreadable.append(f"{record.partition}:{record.offset}")
            continue
        stored = StoredLetter(record.partition, record.offset, letter)
        if wanted.matches(stored):
            scan.letters.append(stored)
    return scan


async def read_letters(settings: KafkaSettings, wanted: LetterFilter) -> list[StoredLetter]:
    return (await scan_letters(settings, wanted)).letters


def counts(letters: Iterable[StoredLetter]) -> Counter[tuple[str, str]]:
    return Counter((s.letter.stage, s.letter.reason) for s in letters)
