"""Fetcher throughput: pages fetched and published per second, next to a plain httpx client.

A loopback site (its own process) serves N small pages. In the same run, a plain httpx client
fetches them all with the same concurrency, and the fetcher polls a URL-list source of the
same pages with politeness limits lifted, publishing every RawPage (and its fetch state) to a
real Kafka broker. Target: fetcher >= 0.7x the plain client.

    python benchmarks/fetcher_throughput.py [--pages 2000] [--concurrency 64]

Kafka: NEWSROOM_KAFKA_BOOTSTRAP_SERVERS (default localhost:9092); topics get a unique prefix
and are deleted afterwards.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import multiprocessing
import os
import socket
import sys
import time
import uuid
from collections.abc import Callable
from contextlib import suppress

import httpx
from aiohttp import web
from prometheus_client import REGISTRY

from newsroom_fetcher.discovery.sources import Source
from newsroom_fetcher.service import FetcherService
from newsroom_fetcher.settings import FetcherSettings
from newsroom_shared.kafka import apply_topics
from newsroom_shared.settings import KafkaSettings

PARAGRAPH = "<p>The council met on Tuesday and discussed the budget for the coming year.</p>"


def page(n: str) -> bytes:
    return (
        f"<!doctype html><html><head><title>Story {n}</title></head><body><article>"
        f"<h1>Story {n}</h1>{PARAGRAPH * 20}</article></body></html>"
    ).encode()


def serve(port: int, ready: multiprocessing.synchronize.Event) -> None:  # type: ignore[name-defined]
    async def story(request: web.Request) -> web.Response:
        return web.Response(body=page(request.match_info["n"]), content_type="text/html")

    async def robots(_: web.Request) -> web.Response:
        return web.Response(text="User-agent: *\nAllow: /\n", content_type="text/plain")

    async def main() -> None:
        app = web.Application()
        app.router.add_get("/page/{n}", story)
        app.router.add_get("/robots.txt", robots)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", port, backlog=1024).start()
        ready.set()
        await asyncio.Event().wait()

    asyncio.run(main())


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def progress(label: str, done: Callable[[], int], total: int) -> None:
    started = time.perf_counter()
    while True:
        await asyncio.sleep(1.0)
        count = done()
        rate = count / (time.perf_counter() - started)
        print(f"  {label}: {count}/{total} ({rate:,.0f}/s)", flush=True)


async def plain_client(urls: list[str], concurrency: int) -> float:
    fetched = 0
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    semaphore = asyncio.Semaphore(concurrency)
    async with httpx.AsyncClient(limits=limits) as client:

        async def one(url: str) -> None:
            nonlocal fetched
            async with semaphore:
                response = await client.get(url)
                response.raise_for_status()
                fetched += 1

        reporter = asyncio.create_task(progress("plain httpx", lambda: fetched, len(urls)))
        started = time.perf_counter()
        await asyncio.gather(*(one(u) for u in urls))
        elapsed = time.perf_counter() - started
        reporter.cancel()
    return len(urls) / elapsed


async def fetcher(urls: list[str], concurrency: int, kafka: KafkaSettings) -> float:
    settings = FetcherSettings(
        kafka=kafka,
        ssrf_allow=["127.0.0.0/8"],
        per_host_min_delay_seconds=0.0,
        per_host_concurrency=concurrency,
        global_concurrency=concurrency,
    )
    source = Source(id="bench", type="urls", urls=urls, max_items=len(urls))

    def published() -> int:
        value = REGISTRY.get_sample_value("newsroom_fetcher_published_total", {"event": "RawPage"})
        return int(value or 0)

    before = published()
    # Discovery and a fetch worker in one process, as `newsroom fetcher run` runs them: the
    # measured time covers sending the URLs through the frontier topic and fetching them.
    service = FetcherService(settings, [source], metrics_port=None)
    running = asyncio.create_task(service.run())
    reporter = asyncio.create_task(progress("fetcher", lambda: published() - before, len(urls)))
    started = time.perf_counter()
    try:
        (report,) = await service.polls_done("bench")
        elapsed = time.perf_counter() - started
    finally:
        reporter.cancel()
        service.request_stop()
        await running
    if report.outcomes != {"published": len(urls)}:
        sys.exit(f"the fetcher did not publish every page: {dict(report.outcomes)}")
    return len(urls) / elapsed


async def delete_topics(kafka: KafkaSettings) -> None:
    from aiokafka.admin import AIOKafkaAdminClient

    admin = AIOKafkaAdminClient(**kafka.client_options())
    await admin.start()
    try:
        with suppress(Exception):
            names = [t for t in await admin.list_topics() if t.startswith(kafka.topic_prefix)]
            await admin.delete_topics(names)
    finally:
        await admin.close()


async def run(pages: int, concurrency: int, rounds: int) -> None:
    port = free_port()
    ready = multiprocessing.Event()
    server = multiprocessing.Process(target=serve, args=(port, ready), daemon=True)
    server.start()
    if not ready.wait(30):
        sys.exit("the loopback site did not start")
    bootstrap = os.environ.get("NEWSROOM_KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
    print(f"loopback site on port {port}; Kafka {bootstrap}")
    base = f"http://127.0.0.1:{port}"
    urls = [f"{base}/page/{n}" for n in range(pages)]
    seconds = {"plain": 0.0, "fetcher": 0.0}
    # CPU of this process (both clients run in it; the site and Kafka do not): per page it
    # is steadier than the rates on a shared machine.
    cpu = {"plain": 0.0, "fetcher": 0.0}
    try:
        print("warming up (100 pages, plain client)")
        await plain_client(urls[:100], concurrency)
        for number in range(1, rounds + 1):
            # Alternate the order, so load from elsewhere on the machine hits both alike.
            order = ["plain", "fetcher"] if number % 2 else ["fetcher", "plain"]
            for which in order:
                print(f"round {number}/{rounds}, {which}: {pages} pages, concurrency {concurrency}")
                cpu_before = time.process_time()
                if which == "plain":
                    rate = await plain_client(urls, concurrency)
                else:
                    # Fresh topics (so fresh fetch state): every page is new and published.
                    kafka = KafkaSettings(
                        bootstrap_servers=bootstrap, topic_prefix=f"bench{uuid.uuid4().hex[:8]}."
                    )
                    await apply_topics(kafka)
                    try:
                        rate = await fetcher(urls, concurrency, kafka)
                    finally:
                        await delete_topics(kafka)
                used = time.process_time() - cpu_before
                seconds[which] += pages / rate
                cpu[which] += used
                print(
                    f"  {which}: {rate:,.0f} pages/s, {1000 * used / pages:.2f} ms CPU/page",
                    flush=True,
                )
    finally:
        server.terminate()
    plain, ours = (rounds * pages / seconds[k] for k in ("plain", "fetcher"))
    plain_cpu, our_cpu = (1000 * cpu[k] / (rounds * pages) for k in ("plain", "fetcher"))
    print()
    print(f"{rounds} rounds of {pages} pages each, concurrency {concurrency}")
    print(f"plain httpx client : {plain:8,.0f} pages/s, {plain_cpu:5.2f} ms CPU/page")
    print(f"fetcher + Kafka    : {ours:8,.0f} pages/s, {our_cpu:5.2f} ms CPU/page")
    print(f"ratio              : {ours / plain:8.2f}x (target >= 0.70x)")
    print(f"CPU per page ratio : {our_cpu / plain_cpu:8.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--rounds", type=int, default=2, help="Each runs both clients.")
    args = parser.parse_args()
    # Fresh topics take a moment to get partition leaders: reading offsets that early fails
    # once and is retried, and aiokafka logs that as an error.
    logging.getLogger("aiokafka.consumer.fetcher").setLevel(logging.CRITICAL)
    asyncio.run(run(args.pages, args.concurrency, args.rounds))


if __name__ == "__main__":
    main()
