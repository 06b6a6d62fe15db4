"""The one way a service consumes: records in, outputs published, offsets committed in order.

    consume ──> handle (concurrently, per record) ──> publish (acknowledged) ──> commit

* A record's outputs are published as soon as the record is handled; its offset becomes
  committable once its outputs are acknowledged *and* every earlier record of its partition is
  done (`OffsetLedger`). An offset is never committed before the write it caused.
* Records with the same key are handled one after another, in order, so the versions of one
  article (or one URL) are published in the order they were read.
* A handler that works in bulk (`takes_many`: the indexer) gets the records of a fetch of
  one partition together (at most `max_group`), one task for them all, and answers for each;
  a group holds at most half the window, so one group is handled while the one before waits
  on its write.
* Flow control: at most `max_in_flight` records are unfinished, and at most
  `max_in_flight_per_partition` of one partition. Records fetched beyond the window wait in a
  small backlog (one fetch of a partition at most; a partition with a backlog is not fetched
  from), so a full window costs nothing: pausing would make the client drop its prefetched
  batch and read and decompress it again. A window that stays full for `stall_pause` seconds
  (a handler that waits: a server down, a host asking us to slow down), a down Kafka or a
  handler that is not accepting pause the partitions instead, so consumption stops rather than
  filling memory, and the consumer keeps polling, so it stays in its group.
* A handler reports a bad input by raising `Rejected`: the runtime turns it into a dead letter
  with the input as payload. An unexpected exception dead-letters that record too
  (reason `internal_error`) rather than stopping the service.
* On a rebalance, work on the revoked partitions is given `revoke_grace` seconds to finish,
  then cancelled; finished offsets are committed before the partitions are let go, so the new
  owner starts where this one stopped (work cancelled is done again: at-least-once).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import defaultdict, deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from aiokafka import AIOKafkaConsumer, ConsumerRebalanceListener, TopicPartition
from aiokafka.errors import CommitFailedError, IllegalStateError, KafkaError
from aiokafka.structs import ConsumerRecord

from newsroom_shared.contracts import Origin, Stage
from newsroom_shared.dead_letters import make_dead_letter
from newsroom_shared.kafka import make_consumer, make_producer
from newsroom_shared.runtime.ledger import OffsetLedger
from newsroom_shared.runtime.metrics import COMMITS, IN_FLIGHT, PAUSED, RECORDS
from newsroom_shared.runtime.publisher import Message, Publisher, PublishRejected
from newsroom_shared.runtime.retry import RetryPolicy
from newsroom_shared.settings import KafkaSettings
from newsroom_shared.topics import DEAD_LETTERS

log = logging.getLogger(__name__)


class Rejected(Exception):
    """Raised by a handler: this input can never be processed; dead-letter it."""

    def __init__(
        self,
        reason: str,
        message: str,
        *,
        error_class: str | None = None,
        url: str | None = None,
        source_id: str | None = None,
        details: dict[str, str | int | float | bool | None] | None = None,
    ) -> None:
        super().__init__(message)
        self.reason = reason
        self.error_class = error_class or "Rejected"
        self.url = url
        self.source_id = source_id
        self.details = details or {}


class Abandoned(Exception):
    """Raised by a handler: this record cannot be finished now (the service is stopping while a
    server it needs is down). It stays uncommitted and is processed again after a restart."""


class Handler:
    """What a consuming service implements. `handle` is the only required part.

    The runtime sets `self.runtime` before `start`; handlers use it for `dead_letter` when
    one record yields several dead letters, and for its publisher's health."""

    runtime: StreamRuntime

    async def start(self) -> None:
        """Acquire resources (pools, clients) before the first record."""

    async def stop(self) -> None:
        """Release them; called after the last record."""

    # A handler that works in bulk (the indexer) sets this and implements `handle_many`: the
    # runtime then hands it the records of a fetch together, in one task instead of one each
    # (a group waits for the unfinished records of all its keys, not only its own).
    takes_many: bool = False

    async def handle(self, record: ConsumerRecord) -> Sequence[Message]:
        """Process one record and return what to publish for it (possibly nothing)."""
        raise NotImplementedError

    async def handle_many(
        self, records: Sequence[ConsumerRecord]
    ) -> Sequence[Sequence[Message] | Rejected]:
        """Process records of one partition, in order (a key may come more than once): for
        each, what to publish or why it is refused. `Abandoned` leaves them all for later."""
        raise NotImplementedError

    async def assigned(self, consumer: AIOKafkaConsumer, partitions: set[TopicPartition]) -> None:
        """Partitions this instance now owns (before their first record; may seek)."""

    async def revoking(self, partitions: set[TopicPartition]) -> None:
        """These partitions are being taken away: their records get `revoke_grace` to finish;
        a handler should start no new work for them (and raise `Abandoned` instead)."""

    async def revoked(self, partitions: set[TopicPartition]) -> None:
        """Partitions this instance no longer owns (their work is over)."""

    def accepting(self) -> bool:
        """False while the handler cannot make progress (e.g. its database is down): the
        runtime then takes nothing new (backpressure) but stays in its group."""
        return True

    def health(self) -> tuple[bool, dict[str, object]]:
        return True, {}


@dataclass(frozen=True)
class StreamConfig:
    service: str  # for metrics and logs
    stage: Stage  # for dead letters
    group_id: str
    topics: tuple[str, ...]
    max_fetch_bytes: int
    max_request_size: int
    max_in_flight: int = 500
    max_in_flight_per_partition: int = 200
    # Records handed to a bulk handler at once. They are answered together, so a group whose
    # last record waits on a write holds the others' room in the window until then.
    max_group: int = 100
    commit_interval: float = 1.0
    # A window full for this long pauses the partitions (the consumer goes on polling).
    stall_pause: float = 5.0
    revoke_grace: float = 10.0
    shutdown_grace: float = 30.0
    auto_offset_reset: str = "earliest"
    # Records of one key are handled one after another (an article's versions); off where the
    # handler orders work itself and a key's records may run side by side.
    ordered_by_key: bool = True
    # A bounded run (a replay): per partition, the offset where it ends. Records from there on
    # are left alone, and `run` returns once everything before is done and committed.
    stop_at: dict[TopicPartition, int] | None = None
    consumer_options: dict[str, Any] = field(default_factory=dict)


@dataclass
class StreamStats:
    taken: int = 0
    published: int = 0
    dead_letters: int = 0
    committed: int = 0  # records whose offsets are committed
    commits: int = 0
    last_commit_at: float | None = None


class StreamRuntime:
    def __init__(
        self,
        kafka: KafkaSettings,
        config: StreamConfig,
        handler: Handler,
        retry: RetryPolicy | None = None,
    ) -> None:
        self.kafka = kafka
        self.config = config
        self.handler = handler
        handler.runtime = self
        self.retry = retry or RetryPolicy()
        self.stats = StreamStats()
        self.ledger = OffsetLedger()
        self.publisher: Publisher | None = None
        self._consumer: AIOKafkaConsumer | None = None
        self._tasks: dict[TopicPartition, set[asyncio.Task[None]]] = defaultdict(set)
        self._last_of_key: dict[tuple[TopicPartition, bytes], asyncio.Task[None]] = {}
        self._paused: set[TopicPartition] = set()
        # Fetched, not yet taken (the window was full): taken before anything new is fetched.
        self._backlog: dict[TopicPartition, deque[ConsumerRecord]] = {}
        self._finished = asyncio.Event()  # a record finished: the window has room again
        self._full_since: float | None = None
        # Labelled metrics looked up once, not per record.
        self._in_flight_gauge = IN_FLIGHT.labels(config.service)
        self._records_counter: dict[str, Any] = {}
        self._ready: set[TopicPartition] = set()  # assigned, and the handler's hook is done
        self._hard_stop = asyncio.Event()
        self._failure: BaseException | None = None
        self._dead_letter_topic = kafka.topic(DEAD_LETTERS.name)
        self.running = False
        self.waiting = False  # taking nothing new (backpressure)
        self.stopping = asyncio.Event()  # the service's stop request, for handlers to watch

    # -- the loop --

    async def run(self, stopping: asyncio.Event) -> None:
        """Consume until `stopping` is set; then finish (or give up) what is in flight,
        commit what finished, and return."""
        config = self.config
        self.stopping = stopping
        consumer = make_consumer(
            self.kafka,
            group_id=config.group_id,
            max_fetch_bytes=config.max_fetch_bytes,
            auto_offset_reset=config.auto_offset_reset,
            **config.consumer_options,
        )
        producer = make_producer(self.kafka, max_request_size=config.max_request_size)
        self._consumer = consumer
        self.publisher = Publisher(producer, self.retry, self._hard_stop)
        await self.handler.start()
        try:
            await self._start_clients(consumer, producer, stopping)
            if stopping.is_set():
                return
            consumer.subscribe(list(config.topics), listener=_Listener(self))
            self.running = True
            next_commit = time.monotonic() + config.commit_interval
            last_commit = 0.0
            while not stopping.is_set():
                if self._failure is not None:
                    raise self._failure
                self._flow_control(consumer)
                self._take_backlog(consumer)
                await self._fetch(consumer)
                now = time.monotonic()
                # At the interval, and as soon as everything taken is done (nothing to wait
                # for: a restart then redoes nothing), a tenth of the interval apart at most.
                idle_done = (
                    self.ledger.total_in_flight == 0
                    and now - last_commit >= config.commit_interval / 10
                    and self.ledger.has_uncommitted()
                )
                if now >= next_commit or idle_done:
                    await self._commit(consumer)
                    last_commit = now
                    next_commit = time.monotonic() + config.commit_interval
                if config.stop_at is not None and await self._bounded_run_done(consumer):
                    break
            await self._drain(consumer)
        finally:
            self.running = False
            self._hard_stop.set()
            await self._cancel(set(self._tasks))
            # An idempotent producer's stop waits for unsent messages for ever while no broker
            # answers; whatever is unsent belongs to records that stay uncommitted.
            for client in (consumer, producer):
                with contextlib.suppress(KafkaError, TimeoutError):
                    await asyncio.wait_for(client.stop(), 10)
            await self.handler.stop()
            IN_FLIGHT.labels(config.service).set(0)
            PAUSED.labels(config.service).set(0)

    async def _start_clients(self, consumer: Any, producer: Any, stopping: asyncio.Event) -> None:
        """Connect, waiting for Kafka (the retry policy) rather than failing at start-up."""
        for client in (producer, consumer):
            async for attempt in self.retry.attempts(
                lambda e: isinstance(e, KafkaError),
                stopping=stopping,
                on_retry=lambda e, n, d: log.warning(
                    "%s: Kafka not reachable (%s); retrying in %.1fs", self.config.service, e, d
                ),
            ):
                with attempt:
                    await client.start()

    def _within_bounds(self, record: ConsumerRecord) -> bool:
        stop_at = self.config.stop_at
        if stop_at is None:
            return True
        return record.offset < stop_at.get(TopicPartition(record.topic, record.partition), 0)

    async def _bounded_run_done(self, consumer: AIOKafkaConsumer) -> bool:
        assert self.config.stop_at is not None
        assignment = consumer.assignment()
        if not assignment:
            return False
        for tp, stop in self.config.stop_at.items():
            if tp not in assignment:
                return False  # another member has it, or it is not assigned yet
            if self.ledger.in_flight((tp.topic, tp.partition)) or tp in self._backlog:
                return False
            if stop > 0 and await consumer.position(tp) < stop:
                return False
        return True

    async def _fetch(self, consumer: AIOKafkaConsumer) -> None:
        """Fetch for the partitions with room in their window and no backlog. While none may
        take a record, wait (at most 200 ms) for one to finish instead: the client keeps what
        it prefetched, so nothing is fetched (and decompressed) twice."""
        room = self.config.max_in_flight - self.ledger.total_in_flight
        limit = self.config.max_in_flight_per_partition
        candidates = [tp for tp in consumer.assignment() if tp not in self._paused]
        fetchable = [
            tp
            for tp in candidates
            if tp not in self._backlog and self.ledger.in_flight((tp.topic, tp.partition)) < limit
        ]
        if room > 0 and fetchable:
            fetched = await consumer.getmany(*fetchable, timeout_ms=200, max_records=room)
        elif candidates and not self.waiting:
            self._finished.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._finished.wait(), 0.2)
            return
        else:
            # Everything paused, or nothing assigned: poll (nothing comes back from a paused
            # partition), so that the consumer stays in its group.
            fetched = await consumer.getmany(timeout_ms=200, max_records=1)
        for tp, records in fetched.items():
            self._take_all(consumer, tp, records)

    def _take_backlog(self, consumer: AIOKafkaConsumer) -> None:
        for tp in list(self._backlog):
            if tp in self._paused:
                continue
            records = self._backlog.pop(tp)
            self._take_all(consumer, tp, list(records))

    def _take_all(
        self, consumer: AIOKafkaConsumer, tp: TopicPartition, records: list[ConsumerRecord]
    ) -> None:
        limit = self.config.max_in_flight_per_partition
        if tp not in self._ready:
            # Fetched before the pause took effect: read again once the partition is ready.
            if records:
                consumer.seek(tp, records[0].offset)
            return
        if self.config.stop_at is not None:
            records = [r for r in records if self._within_bounds(r)]
        room = min(
            limit - self.ledger.in_flight((tp.topic, tp.partition)),
            self.config.max_in_flight - self.ledger.total_in_flight,
        )
        taken = records[: max(room, 0)]
        if len(taken) < len(records):
            # More than the window has room for: kept, and taken once there is room.
            self._backlog[tp] = deque(records[len(taken) :])
        if not self.handler.takes_many:
            for record in taken:
                self._take(record)
        elif taken:
            for record in taken:
                self.ledger.take((record.topic, record.partition), record.offset)
            # A group is answered as a whole: at most half the window each, so the next group
            # is taken and handled while one waits on its write.
            size = max(1, min(self.config.max_group, limit // 2, self.config.max_in_flight // 2))
            for start in range(0, len(taken), size):
                self._take_group(tp, taken[start : start + size])

    def _take(self, record: ConsumerRecord) -> None:
        tp = TopicPartition(record.topic, record.partition)
        self.ledger.take((record.topic, record.partition), record.offset)
        self.stats.taken += 1
        previous = None
        keyed = record.key is not None and self.config.ordered_by_key
        if keyed:
            previous = self._last_of_key.get((tp, record.key))
        task = asyncio.create_task(self._process(tp, record, previous))
        self._tasks[tp].add(task)
        if keyed:
            self._last_of_key[(tp, record.key)] = task
        task.add_done_callback(lambda done: self._forget(tp, (record.key,), done))

    def _take_group(self, tp: TopicPartition, records: list[ConsumerRecord]) -> None:
        """Records of one partition for a `takes_many` handler (the ledger has them): one
        task, after the unfinished records that share a key with any of them."""
        self.stats.taken += len(records)
        keys: set[bytes] = set()
        if self.config.ordered_by_key:
            keys = {r.key for r in records if r.key is not None}
        previous = {t for key in keys if (t := self._last_of_key.get((tp, key))) is not None}
        task = asyncio.create_task(self._process_group(tp, records, previous))
        self._tasks[tp].add(task)
        for key in keys:
            self._last_of_key[(tp, key)] = task
        task.add_done_callback(lambda done: self._forget(tp, keys, done))

    def _forget(
        self, tp: TopicPartition, keys: Iterable[bytes | None], task: asyncio.Task[None]
    ) -> None:
        self._tasks[tp].discard(task)
        self._finished.set()
        for key in keys:
            if key is not None and self._last_of_key.get((tp, key)) is task:
                del self._last_of_key[(tp, key)]
        if not task.cancelled() and task.exception() is not None and self._failure is None:
            self._failure = task.exception()

    async def _process(
        self, tp: TopicPartition, record: ConsumerRecord, previous: asyncio.Task[None] | None
    ) -> None:
        if previous is not None:
            await asyncio.wait([previous])  # its outcome is its own business
        try:
            messages = list(await self.handler.handle(record))
            outcome = "published"
        except Rejected as rejection:
            messages = [self.dead_letter(record, rejection)]
            outcome = "dead_letter"
        except Abandoned as reason:
            log.info("%s: %s left for later: %s", self.config.service, _where(record), reason)
            return
        except Exception as exc:  # a bug dead-letters one record, not the service
            log.exception("%s: handling %s failed", self.config.service, _where(record))
            messages = [self.dead_letter(record, _internal(exc))]
            outcome = "dead_letter"
        await self._finish(record, messages, outcome)

    async def _process_group(
        self,
        tp: TopicPartition,
        records: list[ConsumerRecord],
        previous: set[asyncio.Task[None]],
    ) -> None:
        if previous:
            await asyncio.wait(previous)  # their outcome is their own business
        try:
            results: list[Sequence[Message] | Rejected] = list(
                await self.handler.handle_many(records)
            )
        except Abandoned as reason:
            log.info(
                "%s: %d records from %s left for later: %s",
                self.config.service,
                len(records),
                _where(records[0]),
                reason,
            )
            return
        except Exception as exc:  # a bug dead-letters these records, not the service
            log.exception("%s: handling from %s failed", self.config.service, _where(records[0]))
            results = [_internal(exc)] * len(records)
        if len(results) != len(records):
            raise RuntimeError(f"{len(results)} results for {len(records)} records")
        sends = []
        for record, result in zip(records, results, strict=True):
            if isinstance(result, Rejected):
                sends.append(
                    self._finish(record, [self.dead_letter(record, result)], "dead_letter")
                )
            elif result:
                sends.append(self._finish(record, list(result), "published"))
            else:
                self._done(record, [], "published")  # nothing to wait for
        if sends:
            await asyncio.gather(*sends)

    async def _finish(self, record: ConsumerRecord, messages: list[Message], outcome: str) -> None:
        """Publish a record's outputs; once acknowledged, it is done (committable in order)."""
        assert self.publisher is not None
        try:
            await self.publisher.publish(messages)
        except PublishRejected as refused:
            if refused.message.topic == self._dead_letter_topic:
                raise  # nowhere left to put it: stop rather than lose it
            letter = self.dead_letter(record, Rejected("publish_rejected", str(refused)))
            await self.publisher.publish([letter])
            outcome = "dead_letter"
        self._done(record, messages, outcome)

    def _done(self, record: ConsumerRecord, messages: list[Message], outcome: str) -> None:
        self._count(outcome, messages)
        self.ledger.finish((record.topic, record.partition), record.offset)

    def _count(self, outcome: str, messages: list[Message]) -> None:
        if outcome == "published" and any(m.topic == self._dead_letter_topic for m in messages):
            outcome = "dead_letter"
        counter = self._records_counter.get(outcome)
        if counter is None:
            counter = self._records_counter[outcome] = RECORDS.labels(self.config.service, outcome)
        counter.inc()
        if outcome == "published":
            self.stats.published += 1
        else:
            self.stats.dead_letters += 1

    def dead_letter(self, record: ConsumerRecord, rejection: Rejected) -> Message:
        key = record.key.decode("utf-8", "replace") if record.key else None
        letter = make_dead_letter(
            stage=self.config.stage,
            reason=rejection.reason,
            error=str(rejection),
            error_class=rejection.error_class,
            origin=Origin(
                topic=record.topic, partition=record.partition, offset=record.offset, key=key
            ),
            payload=record.value,
            url=rejection.url,
            source_id=rejection.source_id,
            details=rejection.details,
        )
        log.info(
            "%s: dead letter %s for %s: %s",
            self.config.service,
            letter.reason,
            rejection.url or _where(record),
            str(rejection)[:300],
        )
        return Message.event(self._dead_letter_topic, letter, key)

    # -- flow control and commits --

    def _flow_control(self, consumer: AIOKafkaConsumer) -> None:
        limit = self.config.max_in_flight_per_partition
        publisher = self.publisher
        assignment = consumer.assignment()
        # A full window is normal (records wait in the backlog); one full for `stall_pause`
        # seconds means handlers are waiting: pause, as for a down Kafka or a stuck handler.
        window_full = self.ledger.total_in_flight >= self.config.max_in_flight or (
            bool(assignment)
            and all(self.ledger.in_flight((tp.topic, tp.partition)) >= limit for tp in assignment)
        )
        now = time.monotonic()
        if not window_full:
            self._full_since = None
        elif self._full_since is None:
            self._full_since = now
        stalled = self._full_since is not None and now - self._full_since >= self.config.stall_pause
        full = (
            stalled
            or (publisher is not None and not publisher.healthy)
            or not self.handler.accepting()
        )
        self.waiting = full
        should_pause = {
            tp
            for tp in assignment
            if full or tp not in self._ready  # its handler hook has not finished yet
        }
        if to_pause := should_pause - self._paused:
            consumer.pause(*to_pause)
        if to_resume := (self._paused - should_pause) & assignment:
            consumer.resume(*to_resume)
        self._paused = should_pause
        PAUSED.labels(self.config.service).set(len(should_pause))
        # Once a turn, not per record: a gauge set takes a lock.
        self._in_flight_gauge.set(self.ledger.total_in_flight)

    async def _commit(
        self, consumer: AIOKafkaConsumer, only: set[TopicPartition] | None = None
    ) -> None:
        positions = self.ledger.to_commit()
        assignment = consumer.assignment()
        offsets = {
            TopicPartition(topic, partition): offset
            for (topic, partition), offset in positions.items()
            if TopicPartition(topic, partition) in assignment
            and (only is None or TopicPartition(topic, partition) in only)
        }
        if not offsets:
            return
        try:
            await consumer.commit(offsets)
        except (CommitFailedError, IllegalStateError) as exc:
            # The group moved on (we lost these partitions): their new owner redoes the work.
            log.warning("%s: commit refused after a rebalance: %s", self.config.service, exc)
            return
        except KafkaError as exc:
            log.warning("%s: commit failed (retried next interval): %s", self.config.service, exc)
            return
        self.ledger.committed({(tp.topic, tp.partition): o for tp, o in offsets.items()})
        self.stats.committed = self.ledger.committed_records
        self.stats.commits += 1
        self.stats.last_commit_at = time.time()
        COMMITS.labels(self.config.service).inc()

    async def _drain(self, consumer: AIOKafkaConsumer) -> None:
        """Stopping: take nothing new, let what is in flight finish, commit it."""
        pending = {task for tasks in self._tasks.values() for task in tasks}
        if pending:
            log.info("%s: finishing %d records in flight", self.config.service, len(pending))
            await asyncio.wait(pending, timeout=self.config.shutdown_grace)
        await self._commit(consumer)

    async def _cancel(self, partitions: set[TopicPartition]) -> None:
        tasks = {task for tp in partitions for task in self._tasks.get(tp, ())}
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.wait(tasks)

    # -- rebalances --

    async def _on_revoked(self, revoked: set[TopicPartition]) -> None:
        consumer = self._consumer
        await self.handler.revoking(revoked)
        pending = {task for tp in revoked for task in self._tasks.get(tp, ())}
        if pending:
            await asyncio.wait(pending, timeout=self.config.revoke_grace)
        await self._cancel(revoked)
        if consumer is not None:
            await self._commit(consumer, only=revoked)
        for tp in revoked:
            self.ledger.release((tp.topic, tp.partition))
            self._tasks.pop(tp, None)
            self._backlog.pop(tp, None)
        self._paused -= revoked
        self._ready -= revoked
        await self.handler.revoked(revoked)

    async def _on_assigned(self, assigned: set[TopicPartition]) -> None:
        consumer = self._consumer
        assert consumer is not None
        # Nothing of these partitions is handled before the hook is done (the consumer starts
        # fetching them while it runs): paused now, taken once ready (see _flow_control).
        consumer.pause(*assigned)
        self._paused |= assigned  # so that _flow_control resumes them once they are ready
        for tp in assigned:
            self._backlog.pop(tp, None)  # read again from the position the hook leaves
        try:
            # The hook may ask Kafka for offsets (a replay seeks): retry what is transient.
            async for attempt in self.retry.attempts(
                lambda e: isinstance(e, KafkaError), max_attempts=6, stopping=self._hard_stop
            ):
                with attempt:
                    await self.handler.assigned(consumer, assigned)
        except Exception as exc:  # noqa: BLE001 - aiokafka would log it and read on from default positions
            self._failure = exc
            log.error("%s: preparing new partitions failed: %r", self.config.service, exc)
            return
        self._ready |= assigned

    def health(self) -> tuple[bool, dict[str, object]]:
        healthy, details = self.handler.health()
        publisher = self.publisher
        details = {
            **details,
            "consuming": self.running,
            "consumption": "paused" if self.waiting else "running",
            "committed": self.stats.committed,
            "in_flight": self.ledger.total_in_flight,
            "paused_partitions": len(self._paused),
            "kafka": "available" if publisher is None or publisher.healthy else "unavailable",
            "last_error": publisher.last_error if publisher else None,
        }
        if self.stats.last_commit_at is not None:
            details["last_commit_age_s"] = round(time.time() - self.stats.last_commit_at, 1)
        return healthy and self.running, details


class _Listener(ConsumerRebalanceListener):
    def __init__(self, runtime: StreamRuntime) -> None:
        self._runtime = runtime

    async def on_partitions_revoked(self, revoked: Any) -> None:
        await self._runtime._on_revoked(set(revoked))

    async def on_partitions_assigned(self, assigned: Any) -> None:
        await self._runtime._on_assigned(set(assigned))


def _where(record: ConsumerRecord) -> str:
    return f"{record.topic}/{record.partition}/{record.offset}"


def _internal(exc: Exception) -> Rejected:
    return Rejected("internal_error", str(exc)[:2000] or repr(exc), error_class=type(exc).__name__)
