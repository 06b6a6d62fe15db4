"""The fetch worker: frontier items in, pages fetched politely, RawPages and state out.

Fetch workers share the frontier's partitions as a consumer group. The frontier is keyed by
host, so a host belongs to one worker at a time, and its politeness (spacing, concurrency,
robots.txt, Retry-After) is kept by that worker alone, however many there are. A worker
restores the fetch state of the partitions it is assigned (the state topic is partitioned like
the frontier) and forgets it when they move on; on a rebalance the runtime ends the revoked
partitions' fetches before another worker may start on their hosts.

For each item the worker decides from the URL's state whether it is due (new, a revisit, a
retry after a failure) and, if so, fetches it: the RawPage (or dead letter) is acknowledged
before the state that says so is written. While Kafka refuses writes no new fetch starts, so
fetched pages do not pile up in memory.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable, Sequence
from datetime import UTC, datetime, timedelta

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.errors import KafkaError
from aiokafka.structs import ConsumerRecord

from newsroom_fetcher import metrics
from newsroom_fetcher.frontier import host_partition, limits_of, target_of
from newsroom_fetcher.publish import FetchOutputs
from newsroom_fetcher.settings import FetcherSettings
from newsroom_fetcher.state import (
    Decision,
    RevisitSchedule,
    StateStore,
    UrlState,
    decide,
    matching_partitions,
)
from newsroom_fetcher.urls import host_of
from newsroom_fetcher.web.clients import Web, open_web, state_reader
from newsroom_fetcher.web.crawler import Crawler, Outcome
from newsroom_shared.contracts import FrontierItem
from newsroom_shared.kafka import make_producer
from newsroom_shared.runtime.periodic import cancel, start_forgetting
from newsroom_shared.runtime.publisher import Message, Publisher
from newsroom_shared.runtime.retry import RetryPolicy
from newsroom_shared.runtime.stream import Abandoned, Handler, Rejected, StreamConfig
from newsroom_shared.serialization import DecodeError, decode
from newsroom_shared.topics import FETCH_STATE, FRONTIER, RAW_PAGE_MAX_MESSAGE_BYTES

log = logging.getLogger(__name__)

# How often the state of pages too old to be fetched again is dropped.

# What became of an item: an Outcome, or the Decision that left it alone.
OnOutcome = Callable[[FrontierItem, str], None]
_DECISIONS = {d.value for d in Decision if d is not Decision.FETCH}


class FetchHandler(Handler):
    def __init__(
        self,
        settings: FetcherSettings,
        horizon: timedelta | None = None,
        on_outcome: OnOutcome | None = None,
    ) -> None:
        self.settings = settings
        self.horizon = horizon  # forget states of pages listed before now - horizon
        self.on_outcome = on_outcome
        self.crawler: Crawler | None = None
        self.state: StateStore | None = None
        self._partitions = FRONTIER.partitions
        self._in_flight: dict[str, asyncio.Future[None]] = {}  # canonical URL -> its fetch
        self._closing: set[int] = set()  # partitions being revoked: start nothing there
        self.owned: set[int] = set()  # frontier partitions assigned and restored
        self._stack = contextlib.AsyncExitStack()
        self.web: Web | None = None  # set to share the process's
        self._forget: asyncio.Task[None] | None = None
        self._revisits: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._partitions = await matching_partitions(self.settings.kafka, FRONTIER, FETCH_STATE)
        # One HTTP client and one set of host gates per process: where discovery and fetch
        # workers run together, the spacing of their requests to a host holds across both.
        if self.web is None:
            self.web = await self._stack.enter_async_context(open_web(self.settings))
        publisher = self.runtime.publisher
        assert publisher is not None  # the runtime makes it before starting its handler
        outputs = FetchOutputs(publisher, self.settings.kafka)
        self.state = StateStore(
            publisher,
            self.settings.kafka.topic(FETCH_STATE.name),
            lambda key, state: host_partition(host_of(state.url), self._partitions),
            RevisitSchedule(self.settings.revisit_schedule_seconds),
        )
        self.crawler = Crawler(
            self.settings,
            self.web,
            self.state,
            outputs,
            may_start=self._still_mine,
            # Checked once a fetch has its turn at the host: fetches queue there for long.
            outputs_ready=publisher.wait_healthy,
        )
        if self.horizon is not None:
            self._forget = start_forgetting(
                self.horizon.total_seconds(),
                self.runtime.stopping,
                self._forget_old,
                "fetch state",
                first_wait=False,
            )
        if self.settings.revisit_schedule_seconds:
            self._revisits = asyncio.create_task(self._revisit_loop(outputs))

    async def stop(self) -> None:
        for task in (self._forget, self._revisits):
            await cancel(task)
        await self._stack.aclose()

    async def assigned(self, consumer: AIOKafkaConsumer, partitions: set[TopicPartition]) -> None:
        assert self.state is not None
        self._closing -= {tp.partition for tp in partitions}
        async with state_reader(self.settings) as reader:
            await self.state.restore(
                reader,
                {tp.partition for tp in partitions},
                self.settings.state_load_timeout_seconds,
            )
        if self.horizon is not None:  # what was restored may be past the horizon already
            await self.state.forget_published_before(datetime.now(UTC) - self.horizon)
        self.owned |= {tp.partition for tp in partitions}

    def _still_mine(self, host: str) -> bool:
        return host_partition(host, self._partitions) not in self._closing

    async def revoking(self, partitions: set[TopicPartition]) -> None:
        # No request starts to these hosts from now on; those under way finish.
        self._closing |= {tp.partition for tp in partitions}
        self.owned -= {tp.partition for tp in partitions}

    async def revoked(self, partitions: set[TopicPartition]) -> None:
        # Their fetches are over (the runtime ended them): another worker takes the hosts.
        if self.state is not None:
            self.state.release({tp.partition for tp in partitions})

    async def handle(self, record: ConsumerRecord) -> Sequence[Message]:
        assert self.crawler is not None and self.state is not None
        try:
            item = decode(FrontierItem, record.value)
        except DecodeError as exc:
            raise Rejected("invalid_event", str(exc), error_class="DecodeError") from exc
        # The same URL listed twice in a row: the second waits, then finds it fresh.
        while (running := self._in_flight.get(item.canonical_url)) is not None:
            await asyncio.wait([running])
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._in_flight[item.canonical_url] = done
        try:
            self._report(item, await self._fetch_if_due(item))
        finally:
            del self._in_flight[item.canonical_url]
            done.set_result(None)
        return []

    async def _fetch_if_due(self, item: FrontierItem) -> str:
        assert self.crawler is not None and self.state is not None
        target = target_of(item)
        state = self.state.get(target.key)
        if item.revisit is not None:
            # Due by the schedule; left alone when that step is done already (sent twice).
            if state is None or state.revisits != item.revisit:
                return Decision.FRESH.value
        else:
            decision = decide(
                state,
                datetime.now(UTC),
                timedelta(seconds=self.settings.revisit_after_seconds),
                timedelta(seconds=self.settings.failure_backoff_seconds),
                self.settings.max_url_failures,
            )
            if decision is not Decision.FETCH:
                return decision.value
        if not self._still_mine(item.host):
            raise Abandoned(f"{item.host} is no longer this worker's")
        outcome: Outcome = await self.crawler.crawl(
            target, limits_of(item, self.crawler.default_limits)
        )
        return outcome.value

    def _report(self, item: FrontierItem, outcome: str) -> None:
        if outcome in _DECISIONS:  # left alone: counted with the source's other skips
            metrics.SKIPPED.labels(item.source_id, outcome).inc()
        if self.on_outcome is not None:
            self.on_outcome(item, outcome)

    async def _forget_old(self) -> None:
        """Drop the state of pages too old to be fetched again, so memory stays bounded."""
        assert self.state is not None and self.horizon is not None
        await self.state.forget_published_before(datetime.now(UTC) - self.horizon)

    async def _revisit_loop(self, outputs: FetchOutputs) -> None:
        """Send the revisits that are due to the frontier, keyed by host like any item: they
        come back to this worker (or to the host's next owner) and are fetched politely."""
        stopping = self.runtime.stopping
        while not stopping.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stopping.wait(), self.settings.revisit_check_seconds)
            assert self.state is not None and self.state.revisits is not None
            schedule = self.state.revisits
            due = schedule.due(datetime.now(UTC), self.state.get)
            try:
                if due:
                    await outputs.frontier([_revisit(state, step) for _, state, step in due])
            except Exception:  # Kafka trouble: the next round sends them
                log.exception("sending revisits failed")
                for key, state, _ in due:
                    schedule.unsent(key, state)

    def health(self) -> tuple[bool, dict[str, object]]:
        crawler = self.crawler
        if crawler is None or self.state is None:
            return False, {"fetch": "starting"}
        return True, {"state_urls": len(self.state), "waiting": crawler.gates.waiting}


def _revisit(state: UrlState, step: int) -> FrontierItem:
    """The frontier item of a scheduled revisit: the page fetched again as its source listed it."""
    assert state.source_id is not None  # the schedule holds only pages with a source
    return FrontierItem(
        url=state.url,
        canonical_url=state.url,
        host=host_of(state.url),
        source_id=state.source_id,
        discovered_at=datetime.now(UTC),
        feed=state.feed,
        revisit=step,
    )


def stream_config(settings: FetcherSettings) -> StreamConfig:
    return StreamConfig(
        service="fetcher",
        stage="fetch",
        group_id=settings.group_id,
        topics=(settings.kafka.topic(FRONTIER.name),),
        max_fetch_bytes=1024 * 1024,
        max_request_size=RAW_PAGE_MAX_MESSAGE_BYTES,
        # Items wait for their host's turn here; a slow host must not hold up the others.
        max_in_flight=settings.max_items_in_flight,
        max_in_flight_per_partition=settings.max_items_in_flight_per_partition,
        # The frontier is keyed by host, but a host's URLs need no order among themselves: its
        # gate decides how many are fetched at once and how far apart (per-host concurrency).
        ordered_by_key=False,
        # A fetch may run for the whole response deadline; a rebalance does not wait that long:
        # the fetch is cut and the item fetched again by the host's next owner.
        revoke_grace=5.0,
        shutdown_grace=10.0,
    )


@contextlib.asynccontextmanager
async def open_crawler(settings: FetcherSettings, hosts: Sequence[str]) -> AsyncIterator[Crawler]:
    """A crawler outside the worker group, for fetching given pages once (`newsroom fetch`,
    dead-letter re-drives, benchmarks): it restores the state of `hosts` and writes theirs."""
    partitions = await matching_partitions(settings.kafka, FRONTIER, FETCH_STATE)
    producer = make_producer(settings.kafka, max_request_size=settings.max_message_bytes)
    try:
        await producer.start()  # refused without write access: stopped all the same
        publisher = Publisher(producer, RetryPolicy())
        state = StateStore(
            publisher,
            settings.kafka.topic(FETCH_STATE.name),
            lambda key, s: host_partition(host_of(s.url), partitions),
        )
        async with state_reader(settings) as reader:
            wanted = {host_partition(host, partitions) for host in hosts}
            await state.restore(reader, wanted, settings.state_load_timeout_seconds)
        async with open_web(settings) as web:
            yield Crawler(settings, web, state, FetchOutputs(publisher, settings.kafka))
    finally:
        with contextlib.suppress(KafkaError, TimeoutError):
            await asyncio.wait_for(producer.stop(), 10)
