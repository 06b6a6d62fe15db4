"""The shared runtime against a real broker: publish before commit, order, dead letters,
backpressure, rebalances and bounded runs."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import replace

import pytest
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.structs import ConsumerRecord

from newsroom_shared.contracts import DeadLetter
from newsroom_shared.kafka import apply_topics, committed_offsets, end_offsets, make_producer
from newsroom_shared.runtime.publisher import Message
from newsroom_shared.runtime.retry import RetryPolicy
from newsroom_shared.runtime.stream import Handler, Rejected, StreamConfig, StreamRuntime
from newsroom_shared.serialization import decode
from newsroom_shared.settings import KafkaSettings
from newsroom_shared.topics import ARTICLES, DEAD_LETTERS, RAW_PAGES
from tests.integration.topic_records import read_topic

pytestmark = pytest.mark.integration


class Scripted(Handler):
    """Echoes each record to the articles topic; the value says how: `slow:<s>:<text>`,
    `reject`, `bug`."""

    def __init__(self, settings: KafkaSettings) -> None:
        self.out = settings.topic(ARTICLES.name)
        self.seen: list[bytes] = []
        self.running = 0
        self.most_running = 0
        self.owned: set[TopicPartition] = set()

    async def assigned(self, consumer: AIOKafkaConsumer, partitions: set[TopicPartition]) -> None:
        self.owned |= partitions

    async def revoked(self, partitions: set[TopicPartition]) -> None:
        self.owned -= partitions

    async def handle(self, record: ConsumerRecord) -> Sequence[Message]:
        value = record.value or b""
        self.seen.append(value)
        self.running += 1
        self.most_running = max(self.most_running, self.running)
        try:
            if value.startswith(b"slow:"):
                await asyncio.sleep(float(value.split(b":")[1]))
            if value == b"reject":
                raise Rejected("not_wanted", "this input is refused", url="https://x.test/a")
            if value == b"bug":
                raise KeyError("oops")
        finally:
            self.running -= 1
        return [Message(self.out, record.key, value)]


def config(settings: KafkaSettings, **overrides: object) -> StreamConfig:
    base = StreamConfig(
        service="test",
        stage="parse",
        group_id=f"{settings.topic_prefix}group",
        topics=(settings.topic(RAW_PAGES.name),),
        max_fetch_bytes=1024 * 1024,
        max_request_size=1024 * 1024,
        commit_interval=0.2,
        revoke_grace=2.0,
        shutdown_grace=5.0,
    )
    return replace(base, **overrides)  # type: ignore[arg-type]


async def produce(settings: KafkaSettings, items: list[tuple[bytes, bytes, int]]) -> None:
    producer = make_producer(settings, max_request_size=1024 * 1024)
    await producer.start()
    try:
        for key, value, partition in items:
            await producer.send_and_wait(
                settings.topic(RAW_PAGES.name), value, key=key, partition=partition
            )
    finally:
        await producer.stop()


class InBulk(Scripted):
    """`Scripted`, taking the records of a fetch at once (as the indexer does)."""

    takes_many = True

    def __init__(self, settings: KafkaSettings) -> None:
        super().__init__(settings)
        self.groups: list[int] = []

    async def handle_many(
        self, records: Sequence[ConsumerRecord]
    ) -> Sequence[Sequence[Message] | Rejected]:
        self.groups.append(len(records))
        results: list[Sequence[Message] | Rejected] = []
        for record in records:
            try:
                results.append(await self.handle(record))
            except Rejected as rejection:
                results.append(rejection)
        return results


@contextlib.asynccontextmanager
async def running(runtime: StreamRuntime) -> AsyncIterator[asyncio.Event]:
    stopping = asyncio.Event()
    task = asyncio.create_task(runtime.run(stopping))
    try:
        yield stopping
    finally:
        stopping.set()
        await asyncio.wait_for(task, 60)


async def wait_for(condition: Callable[[], object], within: float, what: str) -> None:
    deadline = time.monotonic() + within
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.1)


async def committed(settings: KafkaSettings) -> dict[int, int]:
    return await committed_offsets(
        settings, f"{settings.topic_prefix}group", settings.topic(RAW_PAGES.name)
    )


async def test_every_record_is_published_then_committed(topics: KafkaSettings) -> None:
    items = [(f"k{i}".encode(), f"slow:0.0{i % 7}:v{i}".encode(), i % 3) for i in range(60)]
    await produce(topics, items)
    handler = Scripted(topics)
    runtime = StreamRuntime(topics, config(topics), handler)
    async with running(runtime):
        out = await read_topic(topics, ARTICLES.name, 60, within=60)
        await wait_for(lambda: runtime.stats.committed == 60, 30, "60 committed")
    assert sorted(r.value for r in out) == sorted(v for _, v, _ in items)
    ends = {p: o for p, o in (await end_offsets(topics, topics.topic(RAW_PAGES.name))).items()}
    assert await committed(topics) == {p: o for p, o in ends.items() if o}


async def test_records_are_committed_once_all_taken_are_done_not_at_the_next_interval(
    topics: KafkaSettings,
) -> None:
    await produce(topics, [(f"k{i}".encode(), b"fast", 0) for i in range(5)])
    runtime = StreamRuntime(topics, config(topics, commit_interval=30.0), Scripted(topics))
    async with running(runtime):
        await read_topic(topics, ARTICLES.name, 5, within=30)
        started = time.monotonic()
        await wait_for(lambda: runtime.stats.committed == 5, 20, "5 committed")
        assert time.monotonic() - started < 10  # well before the 30-s interval
    assert await committed(topics) == {0: 5}


async def test_a_slow_record_holds_back_the_commit_of_later_ones(topics: KafkaSettings) -> None:
    await produce(topics, [(b"a", b"slow:4:first", 0), (b"b", b"fast", 0), (b"c", b"fast", 0)])
    handler = Scripted(topics)
    runtime = StreamRuntime(topics, config(topics), handler)
    async with running(runtime):
        fast = await read_topic(topics, ARTICLES.name, 2, within=30)
        assert [r.value for r in fast] == [b"fast", b"fast"]  # published before the slow one
        await asyncio.sleep(1.0)  # several commit intervals
        assert (await committed(topics)).get(0, -1) <= 0  # nothing past the unfinished first
        await wait_for(lambda: runtime.stats.committed == 3, 30, "all three committed")
    assert await committed(topics) == {0: 3}


async def test_records_of_one_key_are_published_in_the_order_read(topics: KafkaSettings) -> None:
    await produce(topics, [(b"same", b"slow:1.5:v1", 1), (b"same", b"v2", 1), (b"other", b"x", 1)])
    runtime = StreamRuntime(topics, config(topics), Scripted(topics))
    async with running(runtime):
        out = await read_topic(topics, ARTICLES.name, 3, within=30)
    values = [r.value for r in out]
    assert values.index(b"slow:1.5:v1") < values.index(b"v2")
    assert values[0] == b"x"  # another key does not wait


async def test_refused_inputs_and_handler_bugs_become_dead_letters(topics: KafkaSettings) -> None:
    await produce(topics, [(b"r", b"reject", 0), (b"b", b"bug", 0), (b"ok", b"fine", 0)])
    runtime = StreamRuntime(topics, config(topics), Scripted(topics))
    async with running(runtime):
        letters = await read_topic(topics, DEAD_LETTERS.name, 2, within=30)
        await wait_for(lambda: runtime.stats.committed == 3, 30, "all three committed")
    by_reason = {decode(DeadLetter, r.value).reason: decode(DeadLetter, r.value) for r in letters}
    assert set(by_reason) == {"not_wanted", "internal_error"}
    refused = by_reason["not_wanted"]
    assert refused.payload == b"reject" and refused.url == "https://x.test/a"
    assert refused.origin is not None and refused.origin.offset == 0
    assert refused.origin.topic == topics.topic(RAW_PAGES.name)
    assert by_reason["internal_error"].error_class == "KeyError"
    assert [r.key for r in letters if decode(DeadLetter, r.value).reason == "not_wanted"] == [b"r"]


async def test_nothing_is_committed_while_outputs_cannot_be_written(topics: KafkaSettings) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=topics.bootstrap_servers)
    await admin.start()
    await admin.delete_topics([topics.topic(ARTICLES.name)])
    await admin.close()
    await produce(topics, [(b"a", b"one", 0), (b"b", b"two", 0)])
    runtime = StreamRuntime(
        topics,
        config(topics),
        Scripted(topics),
        retry=RetryPolicy(initial=0.2, maximum=1.0),
    )
    async with running(runtime):
        await wait_for(lambda: runtime.publisher and not runtime.publisher.healthy, 90, "failing")
        # Takes nothing new while Kafka refuses its writes.
        await wait_for(lambda: runtime.waiting, 5, "consumption paused")
        assert (await committed(topics)).get(0, -1) <= 0
        await apply_topics(topics)
        await wait_for(lambda: runtime.stats.committed == 2, 90, "both committed")
    out = await read_topic(topics, ARTICLES.name, 2, within=30)
    assert sorted(r.value for r in out) == [b"one", b"two"]


async def test_in_flight_is_bounded_per_partition(topics: KafkaSettings) -> None:
    await produce(topics, [(f"k{i}".encode(), b"slow:0.3:x", 0) for i in range(30)])
    handler = Scripted(topics)
    runtime = StreamRuntime(
        topics, config(topics, max_in_flight=100, max_in_flight_per_partition=5), handler
    )
    async with running(runtime):
        await wait_for(lambda: runtime.stats.committed == 30, 60, "all committed")
    assert handler.most_running == 5


async def test_two_instances_share_the_work_and_a_stopped_one_hands_it_over(
    topics: KafkaSettings,
) -> None:
    items = [(f"k{i}".encode(), f"slow:0.05:v{i}".encode(), i % 6) for i in range(120)]
    first, second = Scripted(topics), Scripted(topics)
    one = StreamRuntime(topics, config(topics), first)
    two = StreamRuntime(topics, config(topics), second)
    async with running(one) as stop_one, running(two):
        # Both in the group before there is work: one that joined alone would take it all
        # (it did, once, on a loaded machine, where the second's join came late).
        await wait_for(lambda: first.owned and second.owned, 60, "both own partitions")
        await produce(topics, items)
        await wait_for(lambda: len(first.seen) > 5 and len(second.seen) > 5, 60, "both busy")
        stop_one.set()  # leaves the group; its partitions move to the other
        await wait_for(lambda: one.stats.committed + two.stats.committed >= 120, 90, "everything")
    out = await read_topic(topics, ARTICLES.name, 120, within=30)
    # At least once: every input is published; duplicates only for work handed over unfinished.
    assert {r.value for r in out} == {v for _, v, _ in items}
    ends = await end_offsets(topics, topics.topic(RAW_PAGES.name))
    assert await committed(topics) == {p: o for p, o in ends.items() if o}


async def test_a_bounded_run_stops_where_the_topic_ended(topics: KafkaSettings) -> None:
    await produce(topics, [(f"k{i}".encode(), f"v{i}".encode(), i % 2) for i in range(10)])
    raw = topics.topic(RAW_PAGES.name)
    stop_at = {TopicPartition(raw, p): o for p, o in (await end_offsets(topics, raw)).items()}
    await produce(topics, [(b"late", b"after the end", 0)])
    handler = Scripted(topics)
    runtime = StreamRuntime(topics, config(topics, stop_at=stop_at), handler)
    await asyncio.wait_for(runtime.run(asyncio.Event()), 60)
    assert sorted(handler.seen) == sorted(f"v{i}".encode() for i in range(10))
    assert (await committed(topics))[0] == stop_at[TopicPartition(raw, 0)]


async def test_a_handler_taking_many_gets_a_fetch_together_and_all_is_committed(
    topics: KafkaSettings,
) -> None:
    items = [(b"r", b"reject", 0)] + [
        (f"k{i}".encode(), f"v{i}".encode(), i % 3) for i in range(60)
    ]
    await produce(topics, items)
    handler = InBulk(topics)
    runtime = StreamRuntime(topics, config(topics), handler)
    async with running(runtime):
        out = await read_topic(topics, ARTICLES.name, 60, within=60)
        letters = await read_topic(topics, DEAD_LETTERS.name, 1, within=30)
        await wait_for(lambda: runtime.stats.committed == 61, 30, "61 committed")
    assert sorted(r.value for r in out) == sorted(f"v{i}".encode() for i in range(60))
    assert decode(DeadLetter, letters[0].value).reason == "not_wanted"
    assert max(handler.groups) > 1  # the records of a fetch came together
    ends = await end_offsets(topics, topics.topic(RAW_PAGES.name))
    assert await committed(topics) == {p: o for p, o in ends.items() if o}


async def test_a_handler_taking_many_gets_a_keys_records_in_order(topics: KafkaSettings) -> None:
    handler = InBulk(topics)
    runtime = StreamRuntime(topics, config(topics), handler)
    async with running(runtime):
        await produce(topics, [(b"same", b"slow:1.5:first", 1)])
        await wait_for(lambda: handler.seen, 30, "the first taken")
        # Taken in a later group, the key's next record waits for the first to be done.
        await produce(topics, [(b"same", b"second", 1)])
        out = await read_topic(topics, ARTICLES.name, 2, within=30)
    assert [r.value for r in out] == [b"slow:1.5:first", b"second"]


class Overlapping(InBulk):
    """`InBulk` whose first group waits (up to 10 s) until another group is handed over."""

    def __init__(self, settings: KafkaSettings) -> None:
        super().__init__(settings)
        self.another = asyncio.Event()
        self.overlapped = False

    async def handle_many(
        self, records: Sequence[ConsumerRecord]
    ) -> Sequence[Sequence[Message] | Rejected]:
        if self.groups:
            self.another.set()
            return await super().handle_many(records)
        results = await super().handle_many(records)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.another.wait(), 10)
            self.overlapped = True
        return results


async def test_a_handler_taking_many_gets_the_next_group_while_one_is_unfinished(
    topics: KafkaSettings,
) -> None:
    # A group is answered as a whole: one that filled the window would leave nothing to take
    # (the indexer would decode nothing while a batch is written).
    await produce(topics, [(f"k{i}".encode(), f"v{i}".encode(), 0) for i in range(40)])
    handler = Overlapping(topics)
    runtime = StreamRuntime(
        topics, config(topics, max_in_flight=20, max_in_flight_per_partition=20), handler
    )
    async with running(runtime):
        await wait_for(lambda: runtime.stats.committed == 40, 60, "40 committed")
    assert handler.overlapped
    assert max(handler.groups) <= 10


async def test_a_handler_taking_many_gets_groups_of_at_most_max_group(
    topics: KafkaSettings,
) -> None:
    await produce(topics, [(f"k{i}".encode(), f"v{i}".encode(), 0) for i in range(30)])
    handler = InBulk(topics)
    runtime = StreamRuntime(topics, config(topics, max_group=7), handler)
    async with running(runtime):
        await wait_for(lambda: runtime.stats.committed == 30, 60, "30 committed")
    assert sum(handler.groups) == 30
    assert max(handler.groups) == 7  # the fetch held more: it was cut
