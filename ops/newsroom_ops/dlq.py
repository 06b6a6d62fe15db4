"""Dead letters: list, show, and re-drive them to the stage that failed, after a fix."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from newsroom_shared.contracts import DeadLetter
from newsroom_shared.kafka import make_producer
from newsroom_shared.serialization import DecodeError, Headers, decode, headers_for
from newsroom_shared.settings import KafkaSettings
from newsroom_shared.topic_reader import read_one, read_to_end
from newsroom_shared.topics import ALL_TOPICS, DEAD_LETTERS, RAW_PAGE_MAX_MESSAGE_BYTES


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


async def read_letters(settings: KafkaSettings, wanted: LetterFilter) -> list[StoredLetter]:
    letters = []
    async for record in read_to_end(settings, settings.topic(DEAD_LETTERS.name)):
        try:
            letter = decode(DeadLetter, record.value)
        except DecodeError:
            continue  # not ours to interpret; `dlq list` only shows dead letters
        stored = StoredLetter(record.partition, record.offset, letter)
        if wanted.matches(stored):
            letters.append(stored)
    return letters


def counts(letters: Iterable[StoredLetter]) -> Counter[tuple[str, str]]:
    return Counter((s.letter.stage, s.letter.reason) for s in letters)


@dataclass(frozen=True)
class Redrive:
    letter: StoredLetter
    action: str  # "sent", "would send", "refetch", "skipped"
    detail: str


def plan(stored: StoredLetter) -> tuple[str, str]:
    """What re-driving this letter means: resend its input, or fetch its URL again."""
    letter = stored.letter
    if letter.stage == "fetch":
        return ("refetch", letter.url or "") if letter.url else ("skipped", "no URL recorded")
    if letter.origin is None:
        return "skipped", "no origin topic recorded"
    return "send", f"{letter.origin.topic} key={letter.origin.key}"


async def redrive(
    settings: KafkaSettings, letters: list[StoredLetter], dry_run: bool
) -> list[Redrive]:
    """Send each letter's original input back to its origin topic (fetch letters: their URLs
    are returned for re-fetching). The input comes from the letter's payload, or from the
    origin topic itself when the payload was truncated."""
    results: list[Redrive] = []
    producer = (
        None if dry_run else make_producer(settings, max_request_size=RAW_PAGE_MAX_MESSAGE_BYTES)
    )
    if producer:
        await producer.start()
    try:
        for stored in letters:
            action, detail = plan(stored)
            if action != "send":
                results.append(Redrive(stored, action, detail))
                continue
            origin = stored.letter.origin
            assert origin is not None
            payload = stored.letter.payload
            headers = None
            if payload is None or stored.letter.payload_truncated:
                record = await read_one(settings, origin.topic, origin.partition, origin.offset)
                if record is None:
                    results.append(Redrive(stored, "skipped", "input no longer in its topic"))
                    continue
                payload, headers = record.value, list(record.headers or [])
            if headers is None:
                headers = _headers_for_payload(settings, origin.topic, payload)
            if dry_run:
                results.append(Redrive(stored, "would send", detail))
                continue
            assert producer is not None
            await producer.send_and_wait(
                origin.topic,
                payload,
                key=origin.key.encode() if origin.key else None,
                headers=headers,
            )
            results.append(Redrive(stored, "sent", detail))
    finally:
        if producer:
            await producer.stop()
    return results


def _headers_for_payload(settings: KafkaSettings, topic: str, payload: bytes) -> Headers | None:
    """Rebuild the event headers of a re-sent payload (consumers may route on them)."""
    spec = next((t for t in ALL_TOPICS if settings.topic(t.name) == topic), None)
    if spec is None or spec.value is None:
        return None
    try:
        return headers_for(decode(spec.value, payload))
    except DecodeError:
        return None  # re-sent as it was; the stage will dead-letter it again, with the reason
