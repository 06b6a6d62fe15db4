"""robots.txt per origin (protego), cached with an expiry, Crawl-delay included.

As major crawlers do: a 4xx robots.txt means no restrictions; a 5xx or an unreachable one
means "not now" (the page fetch is retried later), never "everything allowed".
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from protego import Protego

from newsroom_fetcher.discovery.documents import parse_robots
from newsroom_fetcher.web.http import Fetched, FetchFailure
from newsroom_fetcher.web.politeness import Clock

# Google reads the first 500 KiB of a robots.txt; so do we.
ROBOTS_MAX_BYTES = 500 * 1024

FetchRobots = Callable[[str], Awaitable[Fetched]]


@dataclass(frozen=True)
class Rules:
    """Parsed robots.txt; `parser` None means everything is allowed."""

    parser: Protego | None
    sitemaps: tuple[str, ...] = ()  # its Sitemap lines, resolved

    def allows(self, url: str, agent: str) -> bool:
        return self.parser is None or self.parser.can_fetch(url, agent)

    def crawl_delay(self, agent: str) -> float | None:
        if self.parser is None:
            return None
        delay = self.parser.crawl_delay(agent)
        return float(delay) if delay is not None else None


ALLOW_ALL = Rules(None)


def rules_from_response(status: int, body: bytes, url: str = "") -> Rules | None:
    """Rules for the robots.txt at `url`; None when the status says "try again later"."""
    if 200 <= status < 300:
        # utf-8-sig: with a byte order mark left in, protego misreads the first line.
        text = body.decode("utf-8-sig", "replace")
        return Rules(Protego.parse(text), tuple(parse_robots(body, url).sitemaps))
    if 400 <= status < 500 and status != 429:
        return ALLOW_ALL
    return None


def robots_url(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/robots.txt"


@dataclass(frozen=True)
class _Entry:
    rules: Rules | None
    failure: FetchFailure | None
    expires: float


class RobotsCache:
    def __init__(
        self,
        fetch: FetchRobots,
        agent: str,
        ttl: float,
        error_ttl: float,
        clock: Clock = time.monotonic,
    ) -> None:
        self._fetch = fetch
        self._agent = agent
        self._ttl = ttl
        self._error_ttl = error_ttl
        self._clock = clock
        self._entries: dict[str, _Entry] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def check(self, url: str) -> float | None:
        """The Crawl-delay for `url`'s host, or FetchFailure robots_disallowed / unavailable."""
        rules = await self.rules_for(url)
        if not rules.allows(url, self._agent):
            raise FetchFailure("robots_disallowed", f"robots.txt disallows {url}")
        return rules.crawl_delay(self._agent)

    async def rules_for(self, url: str) -> Rules:
        key = robots_url(url)
        entry = self._entries.get(key)
        if entry is None or entry.expires <= self._clock():
            async with self._locks.setdefault(key, asyncio.Lock()):
                entry = self._entries.get(key)
                if entry is None or entry.expires <= self._clock():
                    entry = await self._load(key)
                    self._entries[key] = entry
        if entry.failure is not None:
            failure = entry.failure
            raise FetchFailure(
                failure.reason,
                str(failure),
                retryable=failure.retryable,
                status=failure.status,
                details=failure.details,
            )
        assert entry.rules is not None
        return entry.rules

    async def _load(self, key: str) -> _Entry:
        try:
            response = await self._fetch(key)
        except FetchFailure as exc:
            if exc.reason == "http_error" and exc.status is not None:
                rules = rules_from_response(exc.status, b"")
                if rules is not None:
                    return _Entry(rules, None, self._clock() + self._ttl)
            if exc.reason in ("ssrf_refused", "invalid_url"):
                return _Entry(None, exc, self._clock() + self._error_ttl)
            failure = FetchFailure(
                "robots_unavailable",
                f"robots.txt unavailable: {exc}",
                retryable=True,
                details={"robots_error": exc.reason, **exc.details},
            )
            return _Entry(None, failure, self._clock() + self._error_ttl)
        rules = rules_from_response(response.status, response.body, response.url) or ALLOW_ALL
        return _Entry(rules, None, self._clock() + self._ttl)
