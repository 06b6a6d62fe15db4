"""Per-URL state, kept in a compacted topic and read back by whoever owns the URL.

The topic is the store: every change is written (keyed by url_id, so compaction keeps the
latest) after the event it describes was acknowledged; the dict in memory is a cache of the
partitions this instance owns. A worker holds every URL of its hosts within the retention
(millions at news scale), so memory keeps each state as its record, compressed (about 300
bytes; as a model it took about 3.5 KB), and decodes it when it is asked for.
"""

from __future__ import annotations

import heapq
import logging
import math
import zlib
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from aiokafka import AIOKafkaConsumer
from pydantic import AwareDatetime, BaseModel, ConfigDict

from newsroom_shared.contracts import FeedItem
from newsroom_shared.kafka import partitions_of
from newsroom_shared.runtime.publisher import Message, Publisher
from newsroom_shared.runtime.retry import RetryPolicy
from newsroom_shared.settings import KafkaSettings
from newsroom_shared.topic_reader import read_partitions
from newsroom_shared.topics import TopicSpec

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
    # For the revisit schedule: when the page was first fetched, how many scheduled revisits
    # are done, and what a revisit needs to fetch it again as the source would.
    first_fetched_at: AwareDatetime | None = None
    revisits: int = 0
    source_id: str | None = None
    feed: FeedItem | None = None

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
                "first_fetched_at": self.first_fetched_at or now,
                "status": status,
                "failures": 0,
                "failed_at": None,
                "failure_reason": None,
            }
        )

    def from_source(self, source_id: str, feed: FeedItem | None) -> UrlState:
        """The same state, remembering what listed the URL last (a revisit fetches it so)."""
        if (source_id, feed) == (self.source_id, self.feed):
            return self
        return self.model_copy(update={"source_id": source_id, "feed": feed})

    def revisited(self, step: int) -> UrlState:
        return self.model_copy(update={"revisits": max(self.revisits, step + 1)})

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
        # The project's one backoff, without jitter or cap: the wait doubles per failure.
        wait = RetryPolicy(failure_backoff.total_seconds(), math.inf).delay(
            state.failures - 1, jitter=1.0
        )
        if now < state.failed_at + timedelta(seconds=wait):
            return Decision.BACKING_OFF
        return Decision.FETCH
    if state.fetched_at is not None and now < state.fetched_at + revisit_after:
        return Decision.FRESH
    return Decision.FETCH


def encode_state(state: UrlState) -> bytes:
    return state.model_dump_json().encode("utf-8")


def decode_state(value: bytes) -> UrlState:
    return UrlState.model_validate_json(value)


# What every record spells out (field names, the date format): compressed against it, a record
# keeps little more than its URL, validators and hash. Memory only: it may change freely.
_SHAPE = encode_state(
    UrlState(
        url="https://www.",
        etag='W/"',
        last_modified="GMT",
        content_hash="sha256:",
        fetched_at=datetime(2000, 1, 1, tzinfo=UTC),
        status=200,
        published_at=datetime(2000, 1, 1, tzinfo=UTC),
        first_fetched_at=datetime(2000, 1, 1, tzinfo=UTC),
        source_id="",
        feed=FeedItem(
            feed_url="https://www.", title="", published_at=datetime(2000, 1, 1, tzinfo=UTC)
        ),
    )
)


def _pack(record: bytes) -> bytes:
    packer = zlib.compressobj(1, zdict=_SHAPE)
    return packer.compress(record) + packer.flush()


def _unpack(packed: bytes) -> bytes:
    return zlib.decompressobj(zdict=_SHAPE).decompress(packed)


class _Held:
    """One URL in memory: its record packed, where the record lives, and its listing's date
    (what forgetting looks at, without unpacking every record)."""

    __slots__ = ("packed", "partition", "published")

    def __init__(self, record: bytes, partition: int, published: datetime | None) -> None:
        self.packed = _pack(record)
        self.partition = partition
        self.published = published.timestamp() if published is not None else None


class RevisitSchedule:
    """When each page's next scheduled revisit is due: a heap of (due, key, step) over the pages
    still in their schedule, so finding what is due does not read every state held."""

    def __init__(self, schedule: list[float]) -> None:
        self._schedule = schedule
        self._heap: list[tuple[float, str, int]] = []
        self._pending: dict[str, int] = {}  # key -> the step its heap entry is for
        self._sent: dict[str, int] = {}  # key -> the step sent, not done yet

    def __len__(self) -> int:
        return len(self._pending) + len(self._sent)

    def track(self, key: str, state: UrlState) -> None:
        """`state` is the URL's state now (written or read back)."""
        step, first = state.revisits, state.first_fetched_at
        if first is None or state.source_id is None or step >= len(self._schedule):
            self.forget(key)  # never fetched, nothing to fetch it as, or the schedule is over
            return
        if self._sent.get(key, -1) >= step:
            return  # sent, not done yet
        self._sent.pop(key, None)
        if self._pending.get(key) != step:
            self._pending[key] = step
            due = first.timestamp() + self._schedule[step]
            heapq.heappush(self._heap, (due, key, step))

    def forget(self, key: str) -> None:
        self._pending.pop(key, None)
        self._sent.pop(key, None)

    def due(
        self, now: datetime, state_of: Callable[[str], UrlState | None]
    ) -> list[tuple[str, UrlState, int]]:
        """(key, state, step) of the revisits due by `now`, each once: they count as sent."""
        found = []
        while self._heap and self._heap[0][0] <= now.timestamp():
            _, key, step = heapq.heappop(self._heap)
            if self._pending.get(key) != step:
                continue  # replaced by a later step, or forgotten
            del self._pending[key]
            state = state_of(key)
            if state is None or state.revisits != step:
                continue
            self._sent[key] = step
            found.append((key, state, step))
        return found

    def unsent(self, key: str, state: UrlState) -> None:
        """A revisit `due` gave could not be sent: it is due again."""
        self._sent.pop(key, None)
        self.track(key, state)


PartitionOf = Callable[[str, UrlState], int]


class StateStore:
    """States of the URLs this instance owns, kept in a compacted topic.

    Records are placed by `partition_of(key, state)`, not by the key's hash: the fetch state by
    the host's frontier partition, discovery's by its source's partition. An instance restores
    the partitions it is assigned and forgets them when they move to another instance, so it
    holds only the state of what it owns.
    """

    def __init__(
        self,
        publisher: Publisher,
        topic: str,
        partition_of: PartitionOf,
        revisits: RevisitSchedule | None = None,
    ) -> None:
        self._publisher = publisher
        self._topic = topic
        self._partition_of = partition_of
        self._held: dict[str, _Held] = {}
        self.revisits = revisits  # kept up to date with every state written or read back

    def __len__(self) -> int:
        return len(self._held)

    def keys(self) -> set[str]:
        return set(self._held)

    def get(self, key: str) -> UrlState | None:
        held = self._held.get(key)
        return None if held is None else decode_state(_unpack(held.packed))

    def _keep(self, key: str, record: bytes, partition: int, state: UrlState) -> None:
        self._held[key] = _Held(record, partition, state.published_at)
        if self.revisits is not None:
            self.revisits.track(key, state)

    def _drop(self, key: str) -> None:
        self._held.pop(key, None)
        if self.revisits is not None:
            self.revisits.forget(key)

    async def put(self, key: str, state: UrlState, partition: int | None = None) -> None:
        """Write and wait for the broker's acknowledgement, then remember. `partition` where the
        record's place is not derived from the state itself (a document of a source)."""
        if partition is None:
            partition = self._partition_of(key, state)
        record = encode_state(state)
        await self._publisher.publish(
            [Message(self._topic, key.encode(), record, partition=partition)]
        )
        self._keep(key, record, partition, state)

    async def forget_published_before(self, cutoff: datetime) -> int:
        """Forget URLs whose listing dated them before `cutoff`: tombstone each in the topic
        (a restart does not read it back, compaction drops it), then drop it from memory.
        Undated URLs are kept: only their state stops them being fetched again."""
        before = cutoff.timestamp()
        old = [
            (key, held.partition)
            for key, held in self._held.items()
            if held.published is not None and held.published < before
        ]
        # Sent together, forgotten once all are acknowledged (a retry repeats them harmlessly).
        await self._publisher.publish(
            [Message(self._topic, key.encode(), None, partition=p) for key, p in old]
        )
        for key, _ in old:
            self._drop(key)
        if old:
            log.info("fetch state forgotten", extra={"urls": len(old), "kept": len(self)})
        return len(old)

    async def restore(
        self, consumer: AIOKafkaConsumer, partitions: set[int], limit_seconds: float
    ) -> int:
        """Read `partitions` of the topic from the beginning to their current end. `consumer`
        is started, has no group and no subscription; returns the number of records read."""
        count = await read_partitions(
            consumer,
            self._topic,
            partitions,
            lambda record: self._apply(record.key, record.value, record.partition),
            limit_seconds,
        )
        log.info(
            "state restored",
            extra={"topic": self._topic, "partitions": sorted(partitions), "records": count},
        )
        return count

    def release(self, partitions: set[int]) -> int:
        """Forget the states of `partitions` (they moved to another instance)."""
        gone = [key for key, held in self._held.items() if held.partition in partitions]
        for key in gone:
            self._drop(key)
        return len(gone)

    def _apply(self, key: bytes | None, value: bytes | None, partition: int) -> None:
        if key is None:
            return
        name = key.decode()
        if value is None:  # tombstone
            self._drop(name)
            return
        try:
            state = decode_state(value)
        except ValueError:
            log.warning("unreadable state skipped", extra={"key": name})
            return
        self._keep(name, value, partition, state)


async def matching_partitions(kafka: KafkaSettings, topic: TopicSpec, state: TopicSpec) -> int:
    """`topic`'s partition count, which its state topic's must equal: a key's state lives in
    the partition number of the key's partition in `topic`, so it moves with it."""
    counts = [len(await partitions_of(kafka, kafka.topic(t.name))) for t in (topic, state)]
    if not counts[0] or counts[0] != counts[1]:
        raise RuntimeError(
            f"{kafka.topic(topic.name)} has {counts[0]} partitions and "
            f"{kafka.topic(state.name)} {counts[1]}; they must be equal and non-zero "
            "(run `newsroom topics apply`)"
        )
    return counts[0]
