"""Discovery: each source polled on its interval by exactly one instance, its URLs sent to the
frontier.

The sources live in the compacted sources topic, one record per source keyed by its id
(`newsroom sources apply` writes them from the sources file). Discovery instances share that
topic's partitions as a consumer group: an instance reads its partitions from the beginning
whenever it is assigned them, polls the sources they hold, and stops polling them when they are
revoked, so a source is never polled twice at once however many instances run. The validators
of each source's documents live in the discovery-state topic, partitioned like the sources, and
move with them.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.structs import ConsumerRecord
from pydantic import ValidationError

from newsroom_fetcher.clients import Web, open_web, state_reader
from newsroom_fetcher.pipeline import Crawler
from newsroom_fetcher.poller import PollReport, PollStarted, SourcePoller
from newsroom_fetcher.publish import FetchOutputs
from newsroom_fetcher.settings import FetcherSettings
from newsroom_fetcher.sources import Source
from newsroom_fetcher.state import StateStore
from newsroom_shared.contracts import url_id
from newsroom_shared.kafka import partitions_of
from newsroom_shared.runtime.publisher import Message
from newsroom_shared.runtime.stream import Handler, Rejected, StreamConfig
from newsroom_shared.settings import KafkaSettings
from newsroom_shared.topics import (
    DISCOVERY_STATE,
    RAW_PAGE_MAX_MESSAGE_BYTES,
    SOURCES,
    partition_of,
)

log = logging.getLogger(__name__)

PollDone = Callable[[PollReport], None]


class DiscoveryHandler(Handler):
    def __init__(
        self,
        settings: FetcherSettings,
        on_sending: PollStarted | None = None,
        on_poll: PollDone | None = None,
    ) -> None:
        self.settings = settings
        self.on_sending = on_sending
        self.on_poll = on_poll
        self.poller: SourcePoller | None = None
        self.documents: StateStore | None = None
        self._partitions = SOURCES.partitions
        self._sources: dict[str, tuple[int, Source]] = {}  # id -> (partition, definition)
        self._loops: dict[str, asyncio.Task[None]] = {}
        self._stack = contextlib.AsyncExitStack()
        self.web: Web | None = None  # set to share the process's

    async def start(self) -> None:
        self._partitions = await matching_partitions(self.settings.kafka)
        # One HTTP client and one set of host gates per process: where discovery and fetch
        # workers run together, the spacing of their requests to a host holds across both.
        if self.web is None:
            self.web = await self._stack.enter_async_context(open_web(self.settings))
        publisher = self.runtime.publisher
        assert publisher is not None
        outputs = FetchOutputs(publisher, self.settings.kafka)
        self.documents = StateStore(
            publisher,
            self.settings.kafka.topic(DISCOVERY_STATE.name),
            # Documents are always saved with their source's partition (see SourcePoller).
            lambda key, state: 0,
        )
        # Discovery fetches documents only; its crawler never writes page state.
        crawler = Crawler(self.settings, self.web, self.documents, outputs)
        self.poller = SourcePoller(
            crawler, self.documents, outputs, self.partition_of_source, self.on_sending
        )

    async def stop(self) -> None:
        await self._stop_loops(set(self._loops))
        await self._stack.aclose()

    def partition_of_source(self, source_id: str) -> int:
        return partition_of(source_id, self._partitions)

    async def assigned(self, consumer: AIOKafkaConsumer, partitions: set[TopicPartition]) -> None:
        # Every source of these partitions, not just those written since the last commit.
        await consumer.seek_to_beginning(*partitions)
        assert self.documents is not None
        async with state_reader(self.settings) as reader:
            await self.documents.restore(
                reader,
                {tp.partition for tp in partitions},
                self.settings.state_load_timeout_seconds,
            )

    async def revoked(self, partitions: set[TopicPartition]) -> None:
        numbers = {tp.partition for tp in partitions}
        gone = {sid for sid, (partition, _) in self._sources.items() if partition in numbers}
        await self._stop_loops(gone)
        for source_id in gone:
            del self._sources[source_id]
        if self.documents is not None:
            self.documents.release(numbers)

    async def handle(self, record: ConsumerRecord) -> Sequence[Message]:
        source_id = record.key.decode("utf-8", "replace") if record.key else None
        if not source_id:
            raise Rejected("invalid_source", "a source record without a key")
        if record.value is None:  # removed from the sources file
            await self._stop_loops({source_id})
            self._sources.pop(source_id, None)
            log.info("source removed", extra={"source": source_id})
            return []
        try:
            source = Source.model_validate_json(record.value)
        except ValidationError as exc:
            raise Rejected(
                "invalid_source", str(exc)[:2000], error_class="ValidationError"
            ) from exc
        if source.id != source_id:
            raise Rejected(
                "invalid_source", f"record key {source_id!r} is not its id {source.id!r}"
            )
        known = self._sources.get(source_id)
        self._sources[source_id] = (record.partition, source)
        if known is not None and known[1] == source and source_id in self._loops:
            return []  # the same definition read again (a rebalance): keep its schedule
        await self._stop_loops({source_id})
        self._loops[source_id] = asyncio.create_task(self._poll_loop(source))
        log.info("polling source", extra={"source": source_id})
        return []

    async def _stop_loops(self, source_ids: set[str]) -> None:
        tasks = [self._loops.pop(s) for s in source_ids if s in self._loops]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    def _due_in(self, source: Source) -> float:
        """Seconds until `source` is due: its document's last read (by this instance or the one
        that had it before a rebalance or restart) plus its interval."""
        if self.documents is None or source.url is None:
            return 0.0
        state = self.documents.get(url_id(source.url))
        if state is None or state.fetched_at is None:
            return 0.0
        elapsed = (datetime.now(UTC) - state.fetched_at).total_seconds()
        return max(0.0, source.poll_interval - elapsed)

    async def _poll_loop(self, source: Source) -> None:
        assert self.poller is not None
        loop = asyncio.get_running_loop()
        stopping = self.runtime.stopping
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stopping.wait(), self._due_in(source))
        while not stopping.is_set():
            started = loop.time()
            try:
                report = await self.poller.poll(source)
            except asyncio.CancelledError:
                raise
            except Exception:  # one source's trouble must not stop the others
                log.exception("poll failed", extra={"source": source.id})
            else:
                report.polled = True
                if self.on_poll is not None:
                    self.on_poll(report)
            remaining = source.poll_interval - (loop.time() - started)
            if remaining > 0:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stopping.wait(), remaining)

    def health(self) -> tuple[bool, dict[str, object]]:
        return self.poller is not None, {"sources": len(self._sources)}


async def matching_partitions(kafka: KafkaSettings) -> int:
    """The sources topic's partition count, which the discovery state's must equal."""
    sources = await partitions_of(kafka, kafka.topic(SOURCES.name))
    state = await partitions_of(kafka, kafka.topic(DISCOVERY_STATE.name))
    if not sources or len(sources) != len(state):
        raise RuntimeError(
            f"{kafka.topic(SOURCES.name)} has {len(sources)} partitions and "
            f"{kafka.topic(DISCOVERY_STATE.name)} {len(state)}; they must be equal and non-zero "
            "(run `newsroom topics apply`)"
        )
    return len(sources)


def stream_config(settings: FetcherSettings) -> StreamConfig:
    return StreamConfig(
        service="discovery",
        stage="fetch",
        group_id=settings.discovery_group_id,
        topics=(settings.kafka.topic(SOURCES.name),),
        max_fetch_bytes=1024 * 1024,
        max_request_size=RAW_PAGE_MAX_MESSAGE_BYTES,
        revoke_grace=1.0,
        shutdown_grace=5.0,
    )
