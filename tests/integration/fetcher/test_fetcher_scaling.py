"""More than one instance of each fetcher role, sharing the work through Kafka consumer groups:
every URL fetched once, no host ever fetched by two workers at once, every source polled by one
discovery instance."""

from __future__ import annotations

import asyncio
import itertools
import time
from collections import Counter, defaultdict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

import pytest
from aiohttp import web
from fetcher_helpers import fetcher_settings, raw_pages
from fetcher_site import page_html

from newsroom_fetcher.service import FetcherService, Role
from newsroom_fetcher.settings import FetcherSettings
from newsroom_fetcher.sources import Source
from newsroom_shared.settings import KafkaSettings

pytestmark = [pytest.mark.integration, pytest.mark.timeout(240)]

HOSTS = [f"127.0.0.{n}" for n in range(2, 22)]  # 20 hosts, all on loopback


@dataclass
class ManyHosts:
    """One server answering on every loopback address: a host is the address in the URL. It
    records, per host, how many requests were in progress at once."""

    answer_seconds: float = 0.05
    port: int = 0
    hits: Counter[str] = field(default_factory=Counter)
    busy: Counter[str] = field(default_factory=Counter)
    most_busy: Counter[str] = field(default_factory=Counter)
    starts: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    lists: dict[str, str] = field(default_factory=dict)  # path -> the text of a URL list
    _runner: web.AppRunner | None = None

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/robots.txt", self._robots)
        app.router.add_get("/list-{n}.txt", self._list)
        app.router.add_get("/story/{n}", self._story)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "0.0.0.0", 0)  # every 127.0.0.x reaches it
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    def url(self, host: str, path: str) -> str:
        return f"http://{host}:{self.port}{path}"

    def stories(self, per_host: int) -> list[str]:
        return [self.url(h, f"/story/{n}") for h in HOSTS for n in range(per_host)]

    async def _robots(self, _: web.Request) -> web.Response:
        return web.Response(text="User-agent: *\nAllow: /\n")

    async def _list(self, request: web.Request) -> web.Response:
        self.hits[f"{request.host}{request.path}"] += 1
        self.starts[request.path].append(time.monotonic())
        return web.Response(text=self.lists.get(request.path, ""))

    async def _story(self, request: web.Request) -> web.Response:
        host = request.host.split(":")[0]
        self.hits[f"{request.host}{request.path}"] += 1
        self.busy[host] += 1
        self.most_busy[host] = max(self.most_busy[host], self.busy[host])
        try:
            await asyncio.sleep(self.answer_seconds)
            return web.Response(body=page_html(request.path), content_type="text/html")
        finally:
            self.busy[host] -= 1


@pytest.fixture
async def hosts() -> AsyncIterator[ManyHosts]:
    site = ManyHosts()
    await site.start()
    yield site
    await site.stop()


def settings_for(topics: KafkaSettings) -> FetcherSettings:
    return fetcher_settings(
        topics,
        per_host_concurrency=1,
        per_host_min_delay_seconds=0.02,
        global_concurrency=16,
    )


@asynccontextmanager
async def instance(
    settings: FetcherSettings, sources: list[Source] | None, roles: tuple[Role, ...]
) -> AsyncIterator[FetcherService]:
    service = FetcherService(settings, sources, roles=roles)
    task = asyncio.create_task(service.run())
    try:
        yield service
    finally:
        service.request_stop()
        await asyncio.wait_for(task, 60)


async def published_count(topics: KafkaSettings) -> int:
    return len(await raw_pages(topics))  # fails if any page was published twice


async def wait_published(topics: KafkaSettings, count: int, within: float) -> None:
    deadline = time.monotonic() + within
    while (done := await published_count(topics)) < count:
        assert time.monotonic() < deadline, f"{done} of {count} pages published"
        await asyncio.sleep(1.0)


async def test_two_workers_fetch_every_url_once_and_never_a_host_at_once(
    topics: KafkaSettings, hosts: ManyHosts
) -> None:
    urls = hosts.stories(per_host=8)
    source = Source(id="all", type="urls", urls=urls, max_items=len(urls))
    settings = settings_for(topics)
    async with (
        instance(settings, [source], ("discover", "fetch")) as first,
        instance(settings, None, ("fetch",)) as second,
    ):
        await wait_published(topics, len(urls), within=150)
        assert first.fetch is not None and second.fetch is not None
        taken = (first.fetch.stats.taken, second.fetch.stats.taken)

    assert all(n > 0 for n in taken), f"one worker did everything: {taken}"
    stories = {k: n for k, n in hosts.hits.items() if "/story/" in k}
    assert len(stories) == len(urls) and set(stories.values()) == {1}
    assert max(hosts.most_busy.values()) == 1, dict(hosts.most_busy)


async def test_a_worker_joining_mid_crawl_takes_hosts_over_without_overlap(
    topics: KafkaSettings, hosts: ManyHosts
) -> None:
    hosts.answer_seconds = 0.4  # a host's pages take seconds: the second worker finds work
    urls = hosts.stories(per_host=10)
    source = Source(id="all", type="urls", urls=urls, max_items=len(urls))
    settings = settings_for(topics)
    async with instance(settings, [source], ("discover", "fetch")) as first:
        deadline = time.monotonic() + 60
        while sum(hosts.hits.values()) < 40:  # well under way
            assert time.monotonic() < deadline, "the first worker never got going"
            await asyncio.sleep(0.2)
        async with instance(settings, None, ("fetch",)) as second:
            await wait_published(topics, len(urls), within=150)
            assert second.fetch is not None and second.fetch.stats.taken > 0
        assert first.fetch is not None

    stories = {k: n for k, n in hosts.hits.items() if "/story/" in k}
    assert len(stories) == len(urls)
    # Requests under way when the rebalance began finished; none waiting started afterwards:
    # no page was fetched twice.
    assert set(stories.values()) == {1}
    assert max(hosts.most_busy.values()) == 1, dict(hosts.most_busy)


async def test_every_source_is_polled_by_one_discovery_instance(
    topics: KafkaSettings, hosts: ManyHosts
) -> None:
    sources = [
        Source(
            id=f"list-{n}",
            type="urls",
            url=hosts.url(HOSTS[n], f"/list-{n}.txt"),
            poll_interval=0.5,
        )
        for n in range(8)
    ]
    hosts.lists = {f"/list-{n}.txt": hosts.url(HOSTS[n], f"/story/{n}") for n in range(8)}
    settings = settings_for(topics)
    async with (
        instance(settings, sources, ("discover", "fetch")) as first,
        instance(settings, sources, ("discover",)) as second,
    ):
        # Once both are members (a rebalance moves sources: allowed), polls are counted.
        deadline = time.monotonic() + 90
        while not (sources_of(first) and sources_of(second)):
            assert time.monotonic() < deadline, "the two instances never shared the sources"
            await asyncio.sleep(0.2)
        began = time.monotonic()
        seen = {n: len(hosts.starts[f"/list-{n}.txt"]) for n in range(8)}
        while not all(len(hosts.starts[f"/list-{n}.txt"]) >= seen[n] + 4 for n in range(8)):
            assert time.monotonic() < deadline, dict(hosts.starts)
            await asyncio.sleep(0.2)
        polled_by = {
            "first": {r.source_id for r in first.reports if r.monotonic_start >= began},
            "second": {r.source_id for r in second.reports if r.monotonic_start >= began},
        }

    assert polled_by["first"] and polled_by["second"], polled_by  # both have sources
    assert polled_by["first"].isdisjoint(polled_by["second"]), polled_by
    assert polled_by["first"] | polled_by["second"] == {s.id for s in sources}
    for n in range(8):
        # A source is due interval after its last read, also when it moved to the other
        # instance: requests for its list never come closer than that.
        starts = sorted(hosts.starts[f"/list-{n}.txt"])
        gaps = [b - a for a, b in itertools.pairwise(starts)]
        assert min(gaps) > 0.4, (n, gaps)


def sources_of(service: FetcherService) -> set[str]:
    handler = service.discovery.handler if service.discovery else None
    return set(handler._sources) if handler is not None else set()  # type: ignore[attr-defined]
