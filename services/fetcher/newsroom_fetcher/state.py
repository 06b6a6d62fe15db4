"""Per-URL fetch state, kept in the compacted fetch-state topic and read back on start.

The topic is the store: every change is written (keyed by url_id, so compaction keeps the
latest) after the event it describes was acknowledged; the dict in memory is a cache of it.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta
from enum import StrEnum

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.errors import KafkaError
from pydantic import AwareDatetime, BaseModel, ConfigDict

log = logging.getLogger(__name__)


class UrlState(BaseModel):
    """What we know about one canonical URL (a page, feed or sitemap)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    url: str
    etag: str | None = None
    last_modified: str | None = None
    content_hash: str | None = None
    fetched_at: AwareDatetime | None = None  # last fetch that got a page or a 304
    status: int | None = None
    failures: int = 0  # consecutive failed fetches, each already retried
    failed_at: AwareDatetime | None = None
    failure_reason: str | None = None
    # The publication date the listing gave when the URL was last fetched (feed and sitemap
    # items; None for undated ones). Past every age cut-off, the URL is never fetched again.
    published_at: AwareDatetime | None = None

    def validators(self) -> dict[str, str]:
        """Conditional-GET request headers."""
        headers = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers

    def succeeded(
        self,
        now: datetime,
        status: int,
        etag: str | None,
        last_modified: str | None,
        content_hash: str | None,
    ) -> UrlState:
        """After a 200 or 304."""
        if status == 304:  # the server confirmed what we had and may omit the validators
            etag, last_modified = etag or self.etag, last_modified or self.last_modified
        return self.model_copy(
            update={
                "etag": etag,
                "last_modified": last_modified,
                "content_hash": content_hash or self.content_hash,
                "fetched_at": now,
                "status": status,
                "failures": 0,
                "failed_at": None,
                "failure_reason": None,
            }
        )

    def listed(self, published_at: datetime | None) -> UrlState:
        """The same state under the publication date of the listing being fetched now."""
        if published_at == self.published_at:
            return self
        return self.model_copy(update={"published_at": published_at})

    def failed(self, now: datetime, reason: str) -> UrlState:
        return self.model_copy(
            update={"failures": self.failures + 1, "failed_at": now, "failure_reason": reason}
        )


class Decision(StrEnum):
    FETCH = "fetch"
    FRESH = "fresh"  # fetched recently enough
    BACKING_OFF = "backing_off"  # failed recently
    GAVE_UP = "gave_up"  # failed too often


def decide(
    state: UrlState | None,
    now: datetime,
    revisit_after: timedelta,
    failure_backoff: timedelta,
    max_failures: int,
) -> Decision:
    """Whether a discovered URL is fetched now."""
    if state is None:
        return Decision.FETCH
    if state.failures >= max_failures:
        return Decision.GAVE_UP
    if state.failures and state.failed_at is not None:
        if now < state.failed_at + failure_backoff * 2 ** (state.failures - 1):
            return Decision.BACKING_OFF
        return Decision.FETCH
    if state.fetched_at is not None and now < state.fetched_at + revisit_after:
        return Decision.FRESH
    return Decision.FETCH


def encode_state(state: UrlState) -> bytes:
    return state.model_dump_json().encode("utf-8")


def decode_state(value: bytes) -> UrlState:
    return UrlState.model_validate_json(value)


class StateStore:
    def __init__(self, producer: AIOKafkaProducer, topic: str) -> None:
        self._producer = producer
        self._topic = topic
        self._states: dict[str, UrlState] = {}

    def __len__(self) -> int:
        return len(self._states)

    def get(self, key: str) -> UrlState | None:
        return self._states.get(key)

    async def put(self, key: str, state: UrlState) -> None:
        """Write and wait for the broker's acknowledgement, then remember."""
        await self._producer.send_and_wait(self._topic, encode_state(state), key=key.encode())
        self._states[key] = state

    async def forget_published_before(self, cutoff: datetime) -> int:
        """Forget URLs whose listing dated them before `cutoff`: tombstone each in the topic
        (a restart does not read it back, compaction drops it), then drop it from memory.
        Undated URLs are kept: only their state stops them being fetched again."""
        old = [
            key
            for key, state in self._states.items()
            if state.published_at is not None and state.published_at < cutoff
        ]
        # Sent together, forgotten once all are acknowledged (a retry repeats them harmlessly).
        sent = [await self._producer.send(self._topic, None, key=key.encode()) for key in old]
        await asyncio.gather(*sent)
        for key in old:
            del self._states[key]
        if old:
            log.info("fetch state forgotten", extra={"urls": len(old), "kept": len(self)})
        return len(old)

    async def load(self, consumer: AIOKafkaConsumer, limit_seconds: float) -> int:
        """Read the topic from the beginning to its current end. `consumer` is started, has no
        group and no subscription; returns the number of records read."""
        async with asyncio.timeout(limit_seconds):
            try:
                numbers = await self._producer.partitions_for(self._topic)
            except KafkaError as exc:
                raise RuntimeError(
                    f"cannot read {self._topic} ({exc!r}); does it exist? `newsroom topics apply`"
                ) from exc
            partitions = [TopicPartition(self._topic, p) for p in sorted(numbers)]
            consumer.assign(partitions)
            await consumer.seek_to_beginning(*partitions)
            end = await consumer.end_offsets(partitions)
            remaining = {tp for tp in partitions if end[tp] > 0}
            count = 0
            while remaining:
                batches = await consumer.getmany(*remaining, timeout_ms=1000)
                for records in batches.values():
                    for record in records:
                        count += 1
                        self._apply(record.key, record.value)
                for tp in list(remaining):
                    if await consumer.position(tp) >= end[tp]:
                        remaining.discard(tp)
        log.info("fetch state loaded", extra={"records": count, "urls": len(self._states)})
        return count

    def _apply(self, key: bytes | None, value: bytes | None) -> None:
        if key is None:
            return
        if value is None:  # tombstone
            self._states.pop(key.decode(), None)
            return
        try:
            self._states[key.decode()] = decode_state(value)
        except ValueError:
            log.warning("unreadable fetch state skipped", extra={"key": key.decode()})
