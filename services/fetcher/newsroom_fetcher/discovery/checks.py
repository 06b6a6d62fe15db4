"""`newsroom sources check`: can each source be fetched and read? (No Kafka needed.)"""

from __future__ import annotations

import asyncio

from newsroom_fetcher.discovery.documents import DiscoveryError, parse_document
from newsroom_fetcher.discovery.sources import Source
from newsroom_fetcher.settings import FetcherSettings
from newsroom_fetcher.web.http import Fetched, FetchFailure, HttpFetcher, make_client
from newsroom_fetcher.web.robots import ROBOTS_MAX_BYTES, RobotsCache


async def check_sources(settings: FetcherSettings, sources: list[Source]) -> list[tuple[bool, str]]:
    async with make_client(settings) as client:
        http = HttpFetcher(client, settings)

        async def fetch_robots(url: str) -> Fetched:
            return await http.get(url, max_bytes=ROBOTS_MAX_BYTES)

        robots = RobotsCache(
            fetch_robots, settings.user_agent_name, settings.robots_ttl_seconds, 0.0
        )
        return list(await asyncio.gather(*(_check(settings, http, robots, s) for s in sources)))


async def _check(
    settings: FetcherSettings, http: HttpFetcher, robots: RobotsCache, source: Source
) -> tuple[bool, str]:
    label = f"  {source.id:30}"
    if source.url is None:
        return True, f"{label} ok        {len(source.urls)} inline URLs"
    if source.type in ("robots", "site"):
        try:
            rules = await robots.rules_for(source.url)
        except FetchFailure as exc:
            return False, f"{label} FAILED    {exc.reason}: {exc}"
        listed = len(rules.sitemaps)
        ok = listed > 0 or source.type == "site"  # a site may have them at known paths
        return ok, f"{label} {'ok    ' if ok else 'FAILED'}    robots.txt lists {listed} sitemaps"
    try:
        await robots.check(source.url)
        fetched = await http.get(
            source.url, headers=source.headers, max_bytes=settings.max_discovery_bytes
        )
        found = parse_document(fetched.body, fetched.url, settings.max_discovery_bytes, source.type)
    except (FetchFailure, DiscoveryError) as exc:
        return False, f"{label} FAILED    {exc.reason}: {exc}"
    what = f"{len(found.items)} items" + (
        f", {len(found.sitemaps)} child sitemaps" if found.sitemaps else ""
    )
    return True, f"{label} ok        HTTP {fetched.status}, {what}, {fetched.elapsed_ms:.0f} ms"
