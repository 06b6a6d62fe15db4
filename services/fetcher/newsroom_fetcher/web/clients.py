"""The fetcher's clients: the way out to the web, and a reader for the state topics."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from aiokafka import AIOKafkaConsumer

from newsroom_fetcher import metrics
from newsroom_fetcher.settings import FetcherSettings
from newsroom_fetcher.web.http import HttpFetcher, make_client
from newsroom_fetcher.web.politeness import HostGates
from newsroom_fetcher.web.robots import ROBOTS_MAX_BYTES, RobotsCache
from newsroom_shared.kafka import make_consumer

# State records are small; this bounds one fetch request while reading them back.
STATE_FETCH_BYTES = 1024 * 1024


@dataclass(frozen=True)
class Web:
    """A process's way out to the web: one HTTP client, one set of host gates, one robots.txt
    cache, shared by discovery and the fetch workers where both run in the process, so that
    the spacing of requests to a host and its robots.txt hold across both."""

    http: HttpFetcher
    gates: HostGates
    robots: RobotsCache


@asynccontextmanager
async def open_web(settings: FetcherSettings) -> AsyncIterator[Web]:
    async with make_client(settings) as client:
        http = HttpFetcher(client, settings)
        gates = HostGates(settings.global_concurrency)
        metrics.QUEUE_DEPTH.set_function(lambda: gates.waiting)
        robots = RobotsCache(
            # Not behind the host gate: one request per host per TTL, needed before any other.
            lambda url: http.get(url, max_bytes=ROBOTS_MAX_BYTES),
            settings.user_agent_name,
            ttl=settings.robots_ttl_seconds,
            error_ttl=settings.robots_error_ttl_seconds,
        )
        yield Web(http, gates, robots)


@asynccontextmanager
async def state_reader(settings: FetcherSettings) -> AsyncIterator[AIOKafkaConsumer]:
    """A consumer outside any group, for reading state partitions from the beginning."""
    consumer = make_consumer(settings.kafka, group_id=None, max_fetch_bytes=STATE_FETCH_BYTES)
    await consumer.start()
    try:
        yield consumer
    finally:
        await consumer.stop()
