"""Assembling a Crawler from settings: Kafka producer, HTTP client, fetch state read back."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from newsroom_fetcher import metrics
from newsroom_fetcher.http import HttpFetcher, make_client
from newsroom_fetcher.pipeline import Crawler
from newsroom_fetcher.politeness import HostGates
from newsroom_fetcher.publish import Publisher, make_fetcher_producer
from newsroom_fetcher.settings import FetcherSettings
from newsroom_fetcher.state import StateStore
from newsroom_shared.kafka import make_consumer

log = logging.getLogger(__name__)

# Fetch-state records are small; this bounds one fetch request while reading them back.
STATE_FETCH_BYTES = 1024 * 1024


@asynccontextmanager
async def open_crawler(settings: FetcherSettings) -> AsyncIterator[Crawler]:
    producer = make_fetcher_producer(settings)
    await producer.start()
    try:
        publisher = Publisher(producer, settings)
        store = StateStore(producer, publisher.state_topic)
        consumer = make_consumer(settings.kafka, group_id=None, max_fetch_bytes=STATE_FETCH_BYTES)
        await consumer.start()
        try:
            await store.load(consumer, settings.state_load_timeout_seconds)
        finally:
            await consumer.stop()
        metrics.STATE_URLS.set_function(lambda: len(store))
        async with make_client(settings) as client:
            gates = HostGates(settings.global_concurrency)
            metrics.QUEUE_DEPTH.set_function(lambda: gates.waiting)
            yield Crawler(settings, HttpFetcher(client, settings), gates, store, publisher)
    finally:
        await producer.stop()  # flushes whatever is still buffered
