"""One poll's reading of a source's documents, breadth first.

Level 0 is the source's own document: its feed, sitemap or list; for a robots source its
robots.txt, for a site source the robots.txt of its origin and the well-known sitemap paths
(probed, quietly: a missing one is no failure). The sitemaps an index or a robots.txt names form
the next level, down to MAX_SITEMAP_DEPTH. In one poll no document is read twice, by its URL
or by where it redirects (cycles, indexes listing themselves, a child redirecting to its
parent); children on another site are not followed unless the source allows their host; each
level's children are chosen by `choose_children` within the poll's MAX_SITEMAPS_PER_POLL.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from newsroom_fetcher import metrics
from newsroom_fetcher.discovery.children import choose_children
from newsroom_fetcher.discovery.documents import (
    Child,
    Discovery,
    DiscoveryError,
    Item,
    parse_document,
)
from newsroom_fetcher.discovery.sources import Source
from newsroom_fetcher.state import StateStore, UrlState
from newsroom_fetcher.urls import InvalidUrl, canonicalize, compile_tracking_params
from newsroom_fetcher.web.crawler import Crawler, HostLimits
from newsroom_fetcher.web.http import FetchFailure, HopCheck
from newsroom_fetcher.web.robots import robots_url
from newsroom_shared.contracts import url_id

log = logging.getLogger(__name__)

KNOWN_PATHS = (
    "/sitemap.xml",
    "/sitemap_index.xml",
    "/sitemap-index.xml",
    "/sitemap_news.xml",
    "/sitemap-news.xml",
    "/news-sitemap.xml",
)
_KEEP_PARAMS = compile_tracking_params([])  # a document's identity keeps its whole query


class _Refused(Exception):
    """A redirect onto a document already read in this poll, or onto another site."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class Document:
    """A source document read whole: its validators are saved once its items are done."""

    url: str
    state: UrlState
    status: int
    etag: str | None
    last_modified: str | None
    read_at: datetime


@dataclass
class DocumentMemory:
    """What the poller keeps of source documents from poll to poll (in this process)."""

    # The children of each document read whole: what a 304 for it stands for.
    children: dict[str, tuple[Child, ...]] = field(default_factory=dict)
    # The pages of each source's own sitemap read whole: a 304 for it lists them again, so
    # pages are revisited (a page can change while its sitemap does not).
    items: dict[str, tuple[Item, ...]] = field(default_factory=dict)
    last_read: dict[str, datetime] = field(default_factory=dict)
    # Per origin: until when (monotonic) the probe results hold, and the paths found.
    probes: dict[str, tuple[float, tuple[str, ...]]] = field(default_factory=dict)


class SourceWalk:
    def __init__(
        self,
        crawler: Crawler,
        source: Source,
        skipped: Counter[str],
        memory: DocumentMemory,
        limits: HostLimits,
        max_age: timedelta,
        documents: StateStore,
    ) -> None:
        self.crawler = crawler
        self.states = documents
        self.settings = crawler.settings
        self.source = source
        self.skipped = skipped
        self.memory = memory
        self.limits = limits
        self.max_age = max_age
        self.documents: list[Document] = []
        self.failed = 0
        self._seen: set[str] = set()
        self._probing: set[str] = set()
        self._found: list[str] = []  # probed paths that held a sitemap
        self._read_any = False  # some document was read (whole or in part), or was a 304

    async def run(self) -> list[Item]:
        assert self.source.url is not None
        items: list[Item] = []
        if self.source.type in ("robots", "site"):
            candidates = await self._robots_children()
        else:
            self._seen.add(_key(self.source.url))
            found = await self._read(self.source.url, root=True)
            items += found.items if found else []
            candidates = found.children if found else []
        budget = self.settings.max_sitemaps_per_poll
        depth = 1
        while fresh := self._fresh(candidates):
            if depth > self.settings.max_sitemap_depth:
                self.skipped["sitemap_too_deep"] += len(fresh)
                log.warning("sitemap indexes nested too deep", extra={"source": self.source.id})
                break
            level = self._choose(fresh, budget)
            budget -= len(level)
            candidates = []
            for child in level:
                found = await self._read(child.url)
                if found is not None:
                    items += found.items
                    candidates += found.children
            depth += 1
        await self._end_probing()
        return items

    async def _robots_children(self) -> list[Child]:
        assert self.source.url is not None
        robots = robots_url(self.source.url)
        self._seen.add(_key(robots))
        try:
            rules = await self.crawler.robots.rules_for(robots)
        except FetchFailure as failure:
            await self._failed(robots, failure)
            return []
        children = [Child(u) for u in rules.sitemaps]
        if self.source.type == "site":
            children += self._probe_candidates(listed={_key(u) for u in rules.sitemaps})
        elif not children:
            await self._failed(robots, FetchFailure("no_sitemap", "robots.txt lists no Sitemap"))
        return children

    def _probe_candidates(self, listed: set[str]) -> list[Child]:
        """Well-known sitemap paths robots.txt does not list: probed now and then (a missing
        one is no failure), the ones found read on every poll."""
        origin = _origin(self.source.url or "")
        cached = self.memory.probes.get(origin)
        if cached is not None and cached[0] > time.monotonic():
            return [Child(u) for u in cached[1]]
        urls = [origin + path for path in KNOWN_PATHS if _key(origin + path) not in listed]
        self._probing = set(urls)
        return [Child(u) for u in urls]

    async def _end_probing(self) -> None:
        if self.source.type != "site":
            return
        origin = _origin(self.source.url or "")
        if self._probing:
            expires = time.monotonic() + self.settings.sitemap_probe_ttl_seconds
            self.memory.probes[origin] = (expires, tuple(self._found))
        if not self._read_any and not self.failed:
            failure = FetchFailure("no_sitemap", "no Sitemap in robots.txt, none at known paths")
            await self._failed(self.source.url or origin, failure)

    def _fresh(self, candidates: list[Child]) -> list[Child]:
        """Candidates not read in this poll, on a site the source follows; each once."""
        fresh: list[Child] = []
        for child in candidates:
            try:
                key = _key(child.url)
            except InvalidUrl:
                self.skipped["invalid_url"] += 1
                continue
            if key in self._seen:
                self.skipped["sitemap_repeated"] += 1
                continue
            if not self.source.follows_sitemap(child.url):
                self.skipped["sitemap_offsite"] += 1
                log.warning("sitemap on another site not followed", extra={"url": child.url})
                continue
            self._seen.add(key)
            fresh.append(child)
        return fresh

    def _choose(self, fresh: list[Child], budget: int) -> list[Child]:
        chosen, skipped = choose_children(
            fresh,
            saved_at=self._saved_at,
            last_read=self._last_read,
            now=self.crawler.now(),
            max_age=self.max_age,
            budget=budget,
        )
        self.skipped.update(skipped)
        if skipped["sitemaps_over_cap"]:
            log.warning(
                "more child sitemaps than read per poll",
                extra={"source": self.source.id, "left": skipped["sitemaps_over_cap"]},
            )
        return chosen

    def _saved_at(self, url: str) -> datetime | None:
        state = self.states.get(url_id(url))
        return state.fetched_at if state else None

    def _last_read(self, url: str) -> datetime | None:
        return self.memory.last_read.get(url) or self._saved_at(url)

    async def _read(self, url: str, root: bool = False) -> Discovery | None:
        """Fetch and parse one document; None when it failed (recorded) or was refused."""
        state = self.states.get(url_id(url)) or UrlState(url=url)
        known = self.memory.children.get(url)
        headers = dict(self.source.headers)
        # Conditional only when a 304 can be answered: what the document named is known.
        if known is not None or (root and self.source.type in ("feed", "urls")):
            headers.update(state.validators())
        try:
            fetched = await self.crawler.fetch(
                url,
                headers=headers,
                media_types=None,
                max_bytes=self.settings.max_discovery_bytes,
                limits=self.limits,
                kind="discovery",
                check_redirect=self._redirect_check(url, root),
            )
        except _Refused as refused:
            self.skipped[refused.reason] += 1
            return None
        except FetchFailure as failure:
            await self._failed(url, failure)
            return None
        read_at = self.crawler.now()
        self.memory.last_read[url] = read_at
        self._seen.add(_key(fetched.url))
        if fetched.status == 304:  # nothing new, and its validators stand
            self._read_any = True
            metrics.POLLS.labels(self.source.id, "not_modified").inc()
            self.documents.append(Document(url, state, 304, None, None, read_at))
            return Discovery(items=list(self.memory.items.get(url, ())), children=list(known or ()))
        try:
            found = await asyncio.to_thread(  # off the loop: 50,000 URLs take seconds
                parse_document,
                fetched.body,
                fetched.url,
                self.settings.max_discovery_bytes,
                self.source.type if root else "sitemap",
            )
        except DiscoveryError as error:
            await self._failed(url, FetchFailure(error.reason, str(error)))
            return None
        self._read_any = True
        if url in self._probing:
            self._found.append(url)
        if found.partial:  # cut short: no validators, so the next poll reads it whole
            self.memory.children.pop(url, None)
            self.memory.items.pop(url, None)
            log.warning("source document broken; read up to the break", extra={"url": url})
        else:
            self.memory.children[url] = tuple(found.children)
            if root and self.source.type == "sitemap":
                self.memory.items[url] = tuple(found.items)
            etag, modified = fetched.headers.get("etag"), fetched.headers.get("last-modified")
            self.documents.append(Document(url, state, fetched.status, etag, modified, read_at))
        return found

    def _redirect_check(self, requested: str, root: bool) -> HopCheck:
        async def check(url: str) -> None:
            if url == requested:
                return
            if _key(url) in self._seen:
                raise _Refused("sitemap_repeated")
            if not root and not self.source.follows_sitemap(url):
                raise _Refused("sitemap_offsite")

        return check

    async def _failed(self, url: str, failure: FetchFailure) -> None:
        if url in self._probing:  # a well-known path that is not there: no failure
            log.debug("no sitemap at probed path", extra={"url": url, "reason": failure.reason})
            return
        self.failed += 1
        failure.details.setdefault("document", url)
        await self.crawler.record_failure(failure, url, url_id(url), self.source.id)
        log.warning(
            "source document failed",
            extra={"source": self.source.id, "url": url, "reason": failure.reason},
        )


def _key(url: str) -> str:
    return canonicalize(url, _KEEP_PARAMS)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
