"""The clusterer service: articles in, story assignments out, the similarity index in Kafka.

The index is global (a copy on another partition may be the story's first member), so one
instance holds it: the consumer group's assignor gives every partition of the articles topic to
its oldest member, and the others wait in the group as standbys. When the active instance
stops or dies, the group gives everything to the next oldest, which reads the cluster-state
topic back whole (in the `assigned` hook, before its first record) and goes on from the
committed offsets.

For each article: its signature and story are computed (`StoryIndex.assign`, synchronous), the
article's state record (and its story's, when the story changed) are written and acknowledged,
then the `StoryAssignment` is published; the offset is committed after both. A crash in between
repeats the article: it is then known, and gets the same story. Clustering and the state write
are serialised (one article at a time), so a story's records reach the topic in the order of
its versions.

Articles not seen within `NEWSROOM_CLUSTERER_WINDOW_DAYS` are forgotten hourly and after a
restore (`StoryIndex.forget_before`): their records, and those of stories left empty, are
tombstoned under the same lock, so nothing clustered after the sweep is overwritten by it.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.cluster import ClusterMetadata
from aiokafka.coordinator.assignors.abstract import AbstractPartitionAssignor
from aiokafka.coordinator.protocol import (
    ConsumerProtocolMemberAssignment,
    ConsumerProtocolMemberMetadata,
)
from aiokafka.structs import ConsumerRecord

from newsroom_clusterer import metrics
from newsroom_clusterer.index import Member, Story, StoryIndex
from newsroom_clusterer.settings import ClustererSettings
from newsroom_clusterer.similarity import signature
from newsroom_shared.contracts import Article, StoryAssignment
from newsroom_shared.kafka import make_consumer, partitions_of
from newsroom_shared.runtime.periodic import cancel, start_forgetting
from newsroom_shared.runtime.publisher import Message
from newsroom_shared.runtime.service import StreamService
from newsroom_shared.runtime.stream import Handler, Rejected, StreamConfig, StreamRuntime
from newsroom_shared.serialization import DecodeError, decode
from newsroom_shared.topic_reader import read_partitions
from newsroom_shared.topics import ARTICLES, CLUSTER_STATE, DEAD_LETTERS, STORY_CLUSTERS

log = logging.getLogger(__name__)

ARTICLE_KEY, STORY_KEY = "a:", "s:"


def one_active_assignor(started_ns: int) -> type[AbstractPartitionAssignor]:
    """An assignor that gives every partition to the oldest member (the one that started
    first; member ids break ties). Every member must use it (same name)."""

    class OneActive(AbstractPartitionAssignor):
        name = "newsroom-one-active"
        version = 0

        @classmethod
        def assign(
            cls,
            cluster: ClusterMetadata,
            members: Mapping[str, ConsumerProtocolMemberMetadata],
        ) -> dict[str, ConsumerProtocolMemberAssignment]:
            def age(member: str) -> tuple[int, str]:
                data = members[member].user_data or b""
                return (int(data) if data.isdigit() else 2**63, member)

            active = min(members, key=age)
            topics = sorted({t for m in members.values() for t in m.subscription})
            everything = [(t, sorted(cluster.partitions_for_topic(t) or ())) for t in topics]
            return {
                member: ConsumerProtocolMemberAssignment(
                    cls.version, everything if member == active else [], b""
                )
                for member in members
            }

        @classmethod
        def metadata(cls, topics: Iterable[str]) -> ConsumerProtocolMemberMetadata:
            return ConsumerProtocolMemberMetadata(
                cls.version, list(topics), str(started_ns).encode()
            )

        @classmethod
        def on_assignment(cls, assignment: ConsumerProtocolMemberAssignment) -> None:
            pass

    return OneActive


class ClusterHandler(Handler):
    def __init__(self, settings: ClustererSettings) -> None:
        self.settings = settings
        kafka = settings.kafka
        self.state_topic = kafka.topic(CLUSTER_STATE.name)
        self.stories_topic = kafka.topic(STORY_CLUSTERS.name)
        self.index = StoryIndex()
        self._owned: frozenset[TopicPartition] = frozenset()
        self._lost: frozenset[TopicPartition] = frozenset()
        self._one_at_a_time = asyncio.Lock()
        self._forget: asyncio.Task[None] | None = None
        self.restores = 0

    async def start(self) -> None:
        if not await partitions_of(self.settings.kafka, self.state_topic):
            raise RuntimeError(f"no topic {self.state_topic} (run `newsroom topics apply`)")
        if (days := self.settings.window_days) is not None:
            self._forget = start_forgetting(
                days * 86400, self.runtime.stopping, self._forget_if_active, "cluster state"
            )

    async def stop(self) -> None:
        await cancel(self._forget)
        self._forget = None

    async def forget_old(self) -> tuple[int, int]:
        """Forget what the window has passed: tombstones written, then gone from memory."""
        if self.settings.window_days is None:
            return 0, 0
        publisher = self.runtime.publisher
        assert publisher is not None
        cutoff = time.time() - self.settings.window_days * 86400
        async with self._one_at_a_time:
            articles, stories = self.index.forget_before(cutoff)
            keys = [ARTICLE_KEY + a for a in articles] + [STORY_KEY + s for s in stories]
            # The index has let go already; if the tombstones fail, the next sweep or restore
            # finds the records past the window again and writes them.
            await publisher.publish(
                [Message(self.state_topic, key.encode(), None, partition=0) for key in keys]
            )
        if articles:
            metrics.INDEXED.set(len(self.index))
            metrics.STORIES.set(len(self.index.stories))
            log.info(
                "cluster state forgotten",
                extra={"articles": len(articles), "stories": len(stories), "kept": len(self.index)},
            )
        return len(articles), len(stories)

    async def _forget_if_active(self) -> None:
        if self._owned:  # a standby holds no index
            await self.forget_old()

    async def assigned(self, consumer: AIOKafkaConsumer, partitions: set[TopicPartition]) -> None:
        given = frozenset(partitions)
        if given and given != self._lost:
            # Another instance may have clustered articles since this one last held them (or
            # this one just started): read the whole index back.
            await self.restore()
            await self.forget_old()  # what was read back may be past the window
        self._owned, self._lost = given, frozenset()

    async def revoked(self, partitions: set[TopicPartition]) -> None:
        # Kept until the next assignment: getting the same partitions straight back (a
        # rebalance that changed nothing for us) needs no read-back.
        self._lost = self._owned
        self._owned = frozenset()

    async def restore(self) -> int:
        index = StoryIndex()
        consumer = make_consumer(
            self.settings.kafka, group_id=None, max_fetch_bytes=CLUSTER_STATE.max_message_bytes
        )
        await consumer.start()
        started = time.monotonic()
        latest: dict[bytes, bytes | None] = {}  # a key's last record; None: a tombstone

        def keep(record: ConsumerRecord) -> None:
            if record.key is not None:
                latest[record.key] = record.value

        try:
            count = await read_partitions(
                consumer,
                self.state_topic,
                range(CLUSTER_STATE.partitions),
                keep,
                self.settings.state_load_timeout_seconds,
            )
        finally:
            await consumer.stop()
        for key, value in latest.items():
            _apply(index, key, value)
        self.index = index
        self.restores += 1
        metrics.INDEXED.set(len(index))
        metrics.STORIES.set(len(index.stories))
        log.info(
            "cluster state restored",
            extra={
                "records": count,
                "articles": len(index),
                "stories": len(index.stories),
                "seconds": round(time.monotonic() - started, 2),
            },
        )
        return count

    async def handle(self, record: ConsumerRecord) -> Sequence[Message]:
        if record.value is None:
            return []  # a tombstone on the articles topic: nothing to cluster
        try:
            article = decode(Article, record.value)
        except DecodeError as exc:
            raise Rejected("invalid_article", str(exc), error_class="DecodeError") from exc
        publisher = self.runtime.publisher
        assert publisher is not None
        async with self._one_at_a_time:
            started = time.process_time()
            published = (
                int(article.published_at.timestamp() * 1000) if article.published_at else None
            )
            result = self.index.assign(
                article.id, signature(article.body), published, article.title, article.url
            )
            metrics.SECONDS.observe(time.process_time() - started)
            state = [self._member_record(result.member)]
            if result.story_changed:
                state.append(self._story_record(result.story))
            await publisher.publish(state)
        outcome = "known" if not result.new_member else "joined"
        if result.new_member and result.matched_id is None:
            outcome = "new_story"
        metrics.ARTICLES.labels(outcome).inc()
        metrics.INDEXED.set(len(self.index))
        metrics.STORIES.set(len(self.index.stories))
        story = result.story
        assignment = StoryAssignment(
            article_id=article.id,
            article_version=article.version,
            story_id=story.id,
            story_version=story.version,
            story_size=story.size,
            representative_id=story.representative_id,
            representative_title=story.representative_title,
            representative_url=story.representative_url,
            matched_article_id=result.matched_id,
            similarity=result.similarity,
            source_id=article.source_id,
            site_name=article.site_name,
            title=article.title,
            url=article.url,
            published_at=article.published_at,
            assigned_at=datetime.now(UTC),
        )
        return [Message.event(self.stories_topic, assignment, article.id)]

    def _member_record(self, member: Member) -> Message:
        key = (ARTICLE_KEY + member.article_id).encode()
        return Message(self.state_topic, key, member.encode(), partition=0)

    def _story_record(self, story: Story) -> Message:
        key = (STORY_KEY + story.id).encode()
        return Message(self.state_topic, key, story.encode(), partition=0)

    def health(self) -> tuple[bool, dict[str, object]]:
        return True, {
            "active": bool(self._owned),
            "articles": len(self.index),
            "stories": len(self.index.stories),
            "restores": self.restores,
        }


def _apply(index: StoryIndex, key: bytes | None, value: bytes | None) -> None:
    if key is None or value is None:
        return
    name = key.decode("utf-8", "replace")
    try:
        if name.startswith(ARTICLE_KEY):
            index.restore_member(Member.decode(name[len(ARTICLE_KEY) :], value))
        elif name.startswith(STORY_KEY):
            index.restore_story(Story.decode(name[len(STORY_KEY) :], value))
    except (KeyError, TypeError, ValueError) as exc:
        log.warning("unreadable cluster state skipped: %s", exc, extra={"key": name})


def stream_config(settings: ClustererSettings) -> StreamConfig:
    return StreamConfig(
        service="clusterer",
        stage="cluster",
        group_id=settings.group_id,
        topics=(settings.kafka.topic(ARTICLES.name),),
        max_fetch_bytes=ARTICLES.max_message_bytes,
        max_request_size=DEAD_LETTERS.max_message_bytes,
        max_in_flight=200,
        max_in_flight_per_partition=100,
        consumer_options={"partition_assignment_strategy": (one_active_assignor(time.time_ns()),)},
    )


def build_service(settings: ClustererSettings) -> StreamService:
    runtime = StreamRuntime(settings.kafka, stream_config(settings), ClusterHandler(settings))
    return StreamService(runtime, settings.metrics_port)
