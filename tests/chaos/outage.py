"""Kafka gone while the fetcher fetches: a single broker of its own, killed with SIGKILL in the
middle of a crawl and started again `down_for` seconds later.

Every page the site answered must reach the raw-pages topic, and through the publisher's
retries alone: sources are polled once an hour, so no second poll can send a page again. Used by
tests/chaos/test_broker_outage.py (a short outage) and `benchmarks/chaos.py --broker-outage 60`.
"""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

from aiokafka import TopicPartition

from newsroom_fetcher.discovery.sources import Source
from newsroom_fetcher.service import FetcherService
from newsroom_fetcher.settings import FetcherSettings
from newsroom_ops.devstack import kafka_server, process
from newsroom_ops.devstack.settings import DevStackSettings
from newsroom_shared.contracts import DeadLetter, RawPage
from newsroom_shared.kafka import apply_topics, make_consumer, partitions_of
from newsroom_shared.serialization import decode
from newsroom_shared.settings import KafkaSettings
from newsroom_shared.topics import DEAD_LETTERS, RAW_PAGE_MAX_MESSAGE_BYTES, RAW_PAGES
from tests.chaos.site import ChaosSite


@dataclass
class OwnKafka:
    """One Kafka node (broker and controller) that only its test uses."""

    settings: DevStackSettings
    instance: kafka_server.KafkaInstance
    cluster_id: str = field(default_factory=kafka_server.new_cluster_id)
    pid: int = 0

    @property
    def bootstrap_servers(self) -> str:
        return self.instance.bootstrap_servers

    def start(self) -> float:
        """Start (formatting the storage the first time) and wait until it answers; seconds."""
        began = time.monotonic()
        self.pid = kafka_server.start(self.settings, self.instance, self.cluster_id)
        kafka_server.wait_ready(self.instance, self.pid, self.settings.startup_timeout)
        return time.monotonic() - began

    def kill(self) -> None:
        process.kill(self.pid)
        deadline = time.monotonic() + 30
        while process.is_alive(self.pid) and time.monotonic() < deadline:
            time.sleep(0.05)

    def stop(self) -> None:
        process.stop(self.pid)


@contextlib.contextmanager
def own_kafka() -> AsyncIterator[OwnKafka]:  # type: ignore[misc]
    settings = DevStackSettings(
        kafka_port=process.free_port(), kafka_controller_port=process.free_port(), kafka_heap="256m"
    )
    directory = settings.home / f"kafka-outage-{uuid.uuid4().hex[:8]}"
    kafka = OwnKafka(
        settings,
        kafka_server.KafkaInstance(
            directory / "kafka", settings.kafka_port, settings.kafka_controller_port
        ),
    )
    kafka.start()
    try:
        yield kafka
    finally:
        kafka.stop()
        shutil.rmtree(directory, ignore_errors=True)


@dataclass
class OutageReport:
    served: set[str]  # pages the site answered with 200
    missing: set[str]  # pages that answered 404
    published: Counter[str]  # RawPages per canonical URL
    dead_lettered: Counter[str]  # dead letters per URL
    fetched_before_kill: int
    # Pages the site answered while the broker was down: they can only have reached the topic
    # through the publisher's retries once it was back.
    answered_while_down: set[str]
    # Fetches the site saw begin while the broker was down, by seconds after the kill.
    started_while_down: list[float]
    down_for: float
    restart_seconds: float
    delivered_after_restart: float  # until the last page was on the topic
    polls: int  # sitemap reads: one per host means nobody polled again
    fetched_twice: set[str]  # pages the site answered more than once

    @property
    def lost(self) -> set[str]:
        return {u for u in self.served if u not in self.published} | {
            u for u in self.missing if u not in self.dead_lettered
        }

    def lines(self) -> list[str]:
        twice = sum(1 for n in self.published.values() if n > 1)
        return [
            f"broker killed after {self.fetched_before_kill} pages, down {self.down_for:.0f}s, "
            f"ready {self.restart_seconds:.1f}s after its restart",
            f"pages answered {len(self.served)} (of them {len(self.answered_while_down)} while "
            f"the broker was down), 404s {len(self.missing)}; sitemap reads {self.polls}; pages "
            f"fetched twice {len(self.fetched_twice)}",
            f"on the topic: {len(self.published)} pages ({twice} twice), dead letters for "
            f"{len(self.dead_lettered)} URLs; lost {len(self.lost)}",
            f"of the pages answered while the broker was down, on the topic: "
            f"{len(self.answered_while_down & set(self.published))}",
            f"last page on the topic {self.delivered_after_restart:.1f}s after the broker was "
            "ready again",
            f"fetches begun while the broker was down: {len(self.started_while_down)}, the last "
            f"{max(self.started_while_down, default=0.0):.1f}s after the kill",
        ]


async def read_all(kafka: KafkaSettings) -> tuple[Counter[str], Counter[str]]:
    """RawPages per canonical URL, dead letters per URL."""
    pages: Counter[str] = Counter()
    letters: Counter[str] = Counter()
    consumer = make_consumer(kafka, group_id=None, max_fetch_bytes=RAW_PAGE_MAX_MESSAGE_BYTES)
    await consumer.start()
    try:
        for base in (RAW_PAGES.name, DEAD_LETTERS.name):
            topic = kafka.topic(base)
            parts = [TopicPartition(topic, p) for p in await partitions_of(kafka, topic)]
            consumer.assign(parts)
            await consumer.seek_to_beginning(*parts)
            end = await consumer.end_offsets(parts)
            remaining = {tp for tp in parts if end[tp] > 0}
            while remaining:
                batch = await consumer.getmany(*remaining, timeout_ms=1000)
                for records in batch.values():
                    for record in records:
                        if base == RAW_PAGES.name:
                            pages[decode(RawPage, record.value).canonical_url] += 1
                        else:
                            letters[decode(DeadLetter, record.value).url or ""] += 1
                remaining = {tp for tp in remaining if await consumer.position(tp) < end[tp]}
    finally:
        await consumer.stop()
    return pages, letters


async def broker_outage(
    kafka_node: OwnKafka,
    down_for: float,
    *,
    hosts: int = 20,
    pages: int = 600,
    kill_after_pages: int = 60,
    per_host_delay: float = 0.5,
    page_latency: float = 1.0,
    deliver_within: float = 120.0,
) -> OutageReport:
    """Crawl `pages` pages (all there from the start) over `hosts` hosts, politely enough that
    the crawl takes a while; kill the broker once `kill_after_pages` are fetched and fetches are
    under way on half the hosts. Each page takes
    `page_latency` seconds to answer, so about one fetch per host is under way at the kill: those
    pages arrive while no broker answers and can only reach the topic by being retried."""
    kafka = KafkaSettings(
        bootstrap_servers=kafka_node.bootstrap_servers, topic_prefix=f"o{uuid.uuid4().hex[:8]}."
    )
    await apply_topics(kafka)
    site = ChaosSite(
        hosts=hosts, pages=pages, rate=1e9, missing_every=50, page_latency=page_latency
    )
    await site.start()
    site.release()
    settings = FetcherSettings(
        kafka=kafka,
        ssrf_allow=["127.0.0.0/8"],
        per_host_min_delay_seconds=per_host_delay,
        per_host_concurrency=1,
        group_id=f"{kafka.topic_prefix}fetcher",
        discovery_group_id=f"{kafka.topic_prefix}discovery",
        state_load_timeout_seconds=60,
    )
    sources = [Source.model_validate(s) for s in site.sources(poll_interval=3600)]
    service = FetcherService(settings, sources, metrics_port=None)
    task = asyncio.create_task(service.run())
    try:
        # Killed while fetches are under way on at least half the hosts.
        while len(site.page_fetches()) < kill_after_pages or site.pages_open < hosts // 2:
            assert not task.done(), task.result()
            await asyncio.sleep(0.05)
        fetched_before = len(site.page_fetches())
        await asyncio.to_thread(kafka_node.kill)
        killed = time.monotonic()
        await asyncio.sleep(down_for)
        restart_seconds = await asyncio.to_thread(kafka_node.start)
        ready = time.monotonic()
        answered_while_down = {
            url
            for url, reqs in site.page_fetches().items()
            if any(killed <= r.ended <= ready for r in reqs)
        }
        started_while_down = sorted(
            r.started - killed
            for reqs in site.page_fetches().values()
            for r in reqs
            if killed <= r.started <= ready
        )
        # Every released page answered and on the topic, or the time is up.
        deadline = ready + deliver_within
        delivered_at = ready
        expected_pages, expected_missing = site.expected()
        while time.monotonic() < deadline:
            assert not task.done(), task.result()
            published, letters = await read_all(kafka)
            if expected_pages <= set(published) and expected_missing <= set(letters):
                delivered_at = time.monotonic()
                break
            await asyncio.sleep(1)
    finally:
        service.request_stop()
        await asyncio.wait_for(task, 60)
        await site.stop()
    published, letters = await read_all(kafka)
    fetches = site.page_fetches()
    served = {u for u, reqs in fetches.items() if reqs}
    return OutageReport(
        served=served,
        missing=expected_missing,
        published=published,
        dead_lettered=letters,
        fetched_before_kill=fetched_before,
        answered_while_down=answered_while_down,
        started_while_down=started_while_down,
        down_for=down_for,
        restart_seconds=restart_seconds,
        delivered_after_restart=delivered_at - ready,
        polls=sum(1 for r in site.requests if r.path == "/sitemap.xml"),
        fetched_twice={u for u, reqs in fetches.items() if len(reqs) > 1},
    )
