"""The chaos site's own checks: it tells two fetchers on one host apart from one fetcher's two
requests, serves only released pages, and answers an unchanged sitemap with a 304.

The chaos verdict ("no two fetchers on one host at once") is only as good as this detector, so
it is shown to find an overlap that is really there."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest

from tests.chaos.site import ChaosSite


def agent(worker: str) -> dict[str, str]:
    return {"User-Agent": f"newsroom-fetcher/1.0 (+https://newsroom.invalid/{worker})"}


@pytest.fixture
async def site() -> AsyncIterator[ChaosSite]:
    site = ChaosSite(hosts=3, pages=30, rate=1e9, missing_every=10, page_latency=0.3)
    await site.start()
    site.release()
    yield site
    await site.stop()


async def test_two_fetchers_on_one_host_at_once_are_an_overlap(site: ChaosSite) -> None:
    async with httpx.AsyncClient() as client:
        # Pages 0 and 3 are on host 0: one request each from two workers, at the same time.
        await asyncio.gather(
            client.get(site.url(0), headers=agent("fetcher-1.g1")),
            client.get(site.url(3), headers=agent("fetcher-2.g1")),
        )
    [overlap] = site.overlaps()
    assert overlap.host == site.address(0)
    assert {overlap.first.worker, overlap.second.worker} == {"fetcher-1.g1", "fetcher-2.g1"}


async def test_one_fetcher_twice_or_two_hosts_are_no_overlap(site: ChaosSite) -> None:
    async with httpx.AsyncClient() as client:
        await asyncio.gather(
            client.get(site.url(0), headers=agent("fetcher-1.g1")),
            client.get(site.url(3), headers=agent("fetcher-1.g1")),
            client.get(site.url(1), headers=agent("fetcher-2.g1")),
        )
        # One after the other on host 0 from two workers: a handover, not an overlap.
        await client.get(site.url(6), headers=agent("fetcher-2.g1"))
    assert site.overlaps() == []
    assert [r.worker for r in site.page_fetches()[site.url(6)]] == ["fetcher-2.g1"]


async def test_pages_appear_at_the_release_rate_and_some_are_missing() -> None:
    site = ChaosSite(hosts=2, pages=100, rate=10.0, missing_every=4)
    await site.start()
    try:
        async with httpx.AsyncClient() as client:
            assert (await client.get(site.url(0))).status_code == 404  # nothing released yet
            site.release()
            # Page n is out from n / rate seconds: pages 0-3 by 0.4 s, page 20 only at 2.1 s.
            await asyncio.sleep(0.6)
            assert (await client.get(site.url(1))).status_code == 200
            assert (await client.get(site.url(3))).status_code == 404  # a missing page
            assert (await client.get(site.url(20))).status_code == 404  # not out yet
            assert (await client.get(site.url(0).replace("/a/0", "/a/1"))).status_code == 404
        pages, missing = site.expected()
        assert site.url(1) in pages and site.url(3) in missing and site.url(20) not in pages
        assert site.close_release() == len(pages) + len(missing)
    finally:
        await site.stop()


async def test_an_unchanged_sitemap_is_a_304(site: ChaosSite) -> None:
    url = f"{site.base_url(1)}/sitemap.xml"
    async with httpx.AsyncClient() as client:
        first = await client.get(url)
        await asyncio.sleep(1.1)  # a second later the same pages have the same dates
        again = await client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert first.status_code == 200 and again.status_code == 304
    assert first.text.count("<loc>") == 10
    assert f"{site.base_url(1)}/a/1.html" in first.text
