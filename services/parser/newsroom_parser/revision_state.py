"""The parser's memory of each page's last version, kept in a compacted topic.

Raw pages are keyed by page id, so every version of a page is read by the parser instance that
owns the page's raw-pages partition. The state topic has as many partitions as the raw-pages
topic, and a page's state record is written to the partition number its raw page was read from:
an instance restores the partitions it is assigned (in the runtime's `assigned` hook) and
forgets them when they are revoked, as the fetch workers do with theirs.

A record holds a version's whole substance (its text). Memory holds much less (`RevisionMemory`):
per page, the version, a 16-byte digest of the substance, the counters and where the record is
(partition, offset). Most new versions have the same digest and need nothing else. When the
digest differs, the one record is read back from its offset to make the diff: a revision costs
one read. Pages not seen for the retention are forgotten (tombstoned), so memory is bounded by
the pages seen within it.

Records are written by this module's own idempotent producer (acks=all), because it needs the
offset each write got; the parser's handler writes a page's record only after the article (and
revision) it describes were acknowledged.
"""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.errors import KafkaError

from newsroom_parser.revision_memory import RevisionMemory, Seen
from newsroom_parser.revisions import Previous, Substance
from newsroom_shared.kafka import make_consumer, make_producer, partitions_of
from newsroom_shared.kafka import transient as retriable
from newsroom_shared.runtime.retry import RetryPolicy
from newsroom_shared.settings import KafkaSettings
from newsroom_shared.topic_reader import read_partitions
from newsroom_shared.topics import RAW_PAGES, REVISION_STATE

log = logging.getLogger(__name__)

# The record format; a reader skips records of a format it does not know.
STATE_FORMAT = 1


@dataclass(frozen=True)
class PageState:
    """A page's last version as written to the state topic."""

    article_id: str
    version: int
    fetched_at: datetime
    modified_at: datetime | None
    parser_version: str
    words: int
    revisions: int
    revised_at: datetime | None
    revised_fields: tuple[str, ...]
    substance: Substance

    def encode(self, kept_at: datetime | None = None) -> bytes:
        return json.dumps(
            {
                "format": STATE_FORMAT,
                # When the parser kept it: what the retention counts from (absent before it).
                "kept_at": kept_at.isoformat() if kept_at else None,
                "article_id": self.article_id,
                "version": self.version,
                "digest": self.substance.digest().hex(),
                "fetched_at": self.fetched_at.isoformat(),
                "modified_at": self.modified_at.isoformat() if self.modified_at else None,
                "parser_version": self.parser_version,
                "words": self.words,
                "revisions": self.revisions,
                "revised_at": self.revised_at.isoformat() if self.revised_at else None,
                "revised_fields": list(self.revised_fields),
                "substance": self.substance.to_json(),
            },
            ensure_ascii=False,
            separators=(",", ":"),
        ).encode("utf-8")

    def previous(self) -> Previous:
        return Previous(
            article_id=self.article_id,
            version=self.version,
            fetched_at=self.fetched_at,
            modified_at=self.modified_at,
            parser_version=self.parser_version,
            revisions=self.revisions,
            substance=self.substance,
            words=self.words,
        )


class UnreadableState(ValueError):
    """A state record this parser cannot read."""


def _load(value: bytes) -> dict[str, Any]:
    try:
        data = json.loads(value)
    except ValueError as exc:
        raise UnreadableState(f"not JSON: {exc}") from exc
    if not isinstance(data, dict) or data.get("format") != STATE_FORMAT:
        raise UnreadableState("not a revision state record of a known format")
    return data


def _time(value: object) -> datetime | None:
    if value is None:
        return None
    parsed = datetime.fromisoformat(str(value))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def decode_seen(value: bytes, partition: int, offset: int) -> tuple[Seen, datetime | None]:
    """The record's `Seen`, and when it was kept (None in records written before that)."""
    data = _load(value)
    try:
        seen = Seen(
            version=int(data["version"]),
            digest=bytes.fromhex(data["digest"]),
            partition=partition,
            offset=offset,
            revisions=int(data.get("revisions", 0)),
            revised_at=_time(data.get("revised_at")),
            revised_fields=tuple(str(f) for f in data.get("revised_fields") or ()),
        )
        if len(seen.digest) != 16:
            raise ValueError(f"a digest of {len(seen.digest)} bytes")
        return seen, _time(data.get("kept_at"))
    except (KeyError, TypeError, ValueError) as exc:
        raise UnreadableState(f"missing or bad field: {exc}") from exc


def decode_state(value: bytes) -> PageState:
    data = _load(value)
    try:
        fetched_at = _time(data["fetched_at"])
        assert fetched_at is not None
        return PageState(
            article_id=str(data["article_id"]),
            version=int(data["version"]),
            fetched_at=fetched_at,
            modified_at=_time(data.get("modified_at")),
            parser_version=str(data["parser_version"]),
            words=int(data.get("words", 0)),
            revisions=int(data.get("revisions", 0)),
            revised_at=_time(data.get("revised_at")),
            revised_fields=tuple(str(f) for f in data.get("revised_fields") or ()),
            substance=Substance.from_json(data["substance"]),
        )
    except (AssertionError, KeyError, TypeError, ValueError) as exc:
        raise UnreadableState(f"missing or bad field: {exc}") from exc


class RevisionStore:
    """The pages this instance owns: what memory keeps, and the topic behind it."""

    def __init__(
        self,
        kafka: KafkaSettings,
        retry: RetryPolicy | None = None,
        stopping: asyncio.Event | None = None,
        load_timeout: float = 300.0,
    ) -> None:
        self._kafka = kafka
        self.topic = kafka.topic(REVISION_STATE.name)
        self._retry = retry or RetryPolicy()
        self._stopping = stopping
        self._load_timeout = load_timeout
        self.memory = RevisionMemory()
        self._producer: AIOKafkaProducer | None = None
        self._reader: AIOKafkaConsumer | None = None
        self._reading = asyncio.Lock()
        self.reads = 0  # records read back by offset (one per revision found)

    def __len__(self) -> int:
        return len(self.memory)

    async def start(self) -> None:
        await self._check_partitions()
        self._producer = make_producer(
            self._kafka, max_request_size=REVISION_STATE.max_message_bytes
        )
        self._reader = make_consumer(
            self._kafka, group_id=None, max_fetch_bytes=REVISION_STATE.max_message_bytes
        )
        for client in (self._producer, self._reader):
            async for attempt in self._retry.attempts(retriable, stopping=self._stopping):
                with attempt:
                    await client.start()

    async def stop(self) -> None:
        for client in (self._producer, self._reader):
            if client is not None:
                try:
                    await asyncio.wait_for(client.stop(), 10)
                except (KafkaError, TimeoutError) as exc:
                    log.warning("revision state client did not stop cleanly: %s", exc)
        self._producer = self._reader = None

    async def _check_partitions(self) -> None:
        raw = await partitions_of(self._kafka, self._kafka.topic(RAW_PAGES.name))
        state = await partitions_of(self._kafka, self.topic)
        if not raw or len(raw) != len(state):
            raise RuntimeError(
                f"{self._kafka.topic(RAW_PAGES.name)} has {len(raw)} partitions and "
                f"{self.topic} {len(state)}; they must be equal and non-zero "
                "(run `newsroom topics apply`)"
            )

    # -- memory --

    def get(self, page_id: str) -> Seen | None:
        return self.memory.get(page_id)

    def release(self, partitions: set[int]) -> int:
        """Forget the pages of `partitions` (another instance owns them now)."""
        return self.memory.release(partitions)

    # -- the topic --

    async def restore(self, partitions: set[int]) -> int:
        """Read `partitions` from the beginning to their current end; returns records read."""
        if not partitions:
            return 0
        consumer = make_consumer(
            self._kafka, group_id=None, max_fetch_bytes=REVISION_STATE.max_message_bytes
        )
        await consumer.start()
        try:
            count = await read_partitions(
                consumer,
                self.topic,
                partitions,
                lambda r: self._apply(r.key, r.value, r.partition, r.offset),
                self._load_timeout,
            )
        finally:
            await consumer.stop()
        log.info(
            "revision state restored",
            extra={"partitions": sorted(partitions), "records": count, "pages": len(self)},
        )
        return count

    def _apply(self, key: bytes | None, value: bytes | None, partition: int, offset: int) -> None:
        if key is None:
            return
        page_id = key.decode("utf-8", "replace")
        if value is None:  # tombstone
            self.memory.drop(page_id)
            return
        try:
            seen, kept_at = decode_seen(value, partition, offset)
        except UnreadableState as exc:
            log.warning("unreadable revision state skipped: %s", exc, extra={"key": page_id})
            return
        # A record from before `kept_at` counts from now: kept one retention more, not lost.
        self.memory.keep(page_id, seen, (kept_at or datetime.now(UTC)).timestamp())

    async def put(self, page_id: str, partition: int, state: PageState) -> Seen:
        """Write a page's state, wait for the acknowledgement, then remember it."""
        assert self._producer is not None, "start() first"
        producer = self._producer
        now = datetime.now(UTC)
        value = state.encode(kept_at=now)
        async for attempt in self._retry.attempts(retriable, stopping=self._stopping):
            with attempt:
                metadata = await producer.send_and_wait(
                    self.topic, value, key=page_id.encode(), partition=partition
                )
        seen = Seen(
            version=state.version,
            digest=state.substance.digest(),
            partition=partition,
            offset=metadata.offset,
            revisions=state.revisions,
            revised_at=state.revised_at,
            revised_fields=state.revised_fields,
        )
        self.memory.keep(page_id, seen, now.timestamp())
        return seen

    async def forget_not_seen_since(self, cutoff: datetime) -> int:
        """Forget the pages last seen before `cutoff`: tombstone each in the topic (a restart
        does not read it back, compaction drops it), then drop it from memory. Such a page's
        next version, if one ever comes, counts as its first."""
        assert self._producer is not None, "start() first"
        producer = self._producer
        old = self.memory.kept_before(cutoff.timestamp())
        if not old:
            return 0
        async for attempt in self._retry.attempts(retriable, stopping=self._stopping):
            with attempt:
                sent = [
                    await producer.send(self.topic, None, key=page.encode(), partition=partition)
                    for page, partition in old
                ]
                await asyncio.gather(*sent)
        forgotten = 0
        for page, _ in old:
            # Seen again while the tombstones were written: kept (its new record follows them).
            forgotten += self.memory.drop_if_kept_before(page, cutoff.timestamp())
        log.info("revision state forgotten", extra={"pages": forgotten, "kept": len(self)})
        return forgotten

    async def load(self, page_id: str, seen: Seen) -> PageState | None:
        """The full record `seen` points at; None when it is gone or unreadable."""
        assert self._reader is not None, "start() first"
        reader = self._reader
        tp = TopicPartition(self.topic, seen.partition)
        async with self._reading, asyncio.timeout(self._load_timeout):
            reader.assign([tp])
            if seen.offset >= (await reader.end_offsets([tp]))[tp]:
                return None  # the topic was emptied or re-created
            reader.seek(tp, seen.offset)
            while True:
                batches = await reader.getmany(tp, timeout_ms=1000, max_records=1)
                for record in batches.get(tp, []):
                    self.reads += 1
                    if record.offset != seen.offset or record.value is None:
                        # Compacted away (a newer record of the key replaced it), or a tombstone.
                        log.warning("revision state record missing", extra={"key": page_id})
                        return None
                    try:
                        return decode_state(record.value)
                    except UnreadableState as exc:
                        log.warning("unreadable revision state: %s", exc, extra={"key": page_id})
                        return None
