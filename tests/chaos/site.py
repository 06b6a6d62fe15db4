"""A news site of many hosts on loopback, for load, failure and soak runs of the whole pipeline.

Every host is its own loopback address (127.0.0.10, 127.0.0.11, ...) on one shared port, with
its own robots.txt and sitemap. Pages are released over time at a steady rate, spread evenly
over the hosts, and each host's sitemap lists the pages released so far (with an ETag, so an
unchanged sitemap is a 304). A few pages are missing (404), so that a run also proves that
every URL ends as a document *or* a dead letter.

Every request is logged with its host, path, the fetcher instance that made it (the contact URL
in its User-Agent, which each instance sets to its own), its HTTP status, and when the server
began and finished answering (time.monotonic()). From that log the run tells which pages were
fetched more than once, and whether two fetcher instances ever had requests to one host open
at the same moment.

    site = ChaosSite(hosts=50, pages=5000, rate=20.0)
    await site.start()      # serves; nothing is released until release() is called
    site.release()          # the clock starts: page n appears at n / rate seconds
    ...
    await site.stop()
"""

from __future__ import annotations

import asyncio
import hashlib
import random
import re
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from aiohttp import web

FIRST_ADDRESS = 10  # hosts are 127.0.0.10 upwards
PAGE_LATENCY = 0.01  # seconds each page takes to answer, so overlapping requests really overlap
_WORKER = re.compile(r"\+[^)]*/(?P<worker>[A-Za-z0-9_.-]+)\)")

_WORDS = [
    "council",
    "budget",
    "river",
    "bridge",
    "school",
    "harbour",
    "election",
    "transit",
    "museum",
    "library",
    "storm",
    "hospital",
    "court",
    "strike",
    "festival",
    "market",
    "railway",
    "mayor",
    "senate",
    "housing",
    "drought",
    "vaccine",
    "airport",
    "stadium",
    "reservoir",
    "climate",
    "tariff",
    "factory",
    "orchestra",
    "wildfire",
    "pension",
    "ferry",
    "farmers",
    "inspectors",
    "residents",
    "engineers",
    "officials",
    "lawmakers",
    "researchers",
    "volunteers",
    "announced",
    "approved",
    "delayed",
    "rejected",
    "expanded",
    "reopened",
    "proposed",
    "questioned",
    "measured",
    "on",
    "monday",
    "after",
    "weeks",
    "of",
    "debate",
    "in",
    "a",
    "narrow",
    "vote",
    "despite",
    "objections",
    "from",
    "neighbours",
]


_FIRST_NAMES = [
    "Amara",
    "Bruno",
    "Chiara",
    "Dmitri",
    "Elena",
    "Farid",
    "Greta",
    "Hiroshi",
    "Ines",
    "Jonas",
    "Keiko",
    "Luis",
    "Maren",
    "Nikhil",
    "Olga",
    "Pavel",
    "Quentin",
    "Rosa",
    "Samir",
    "Tamsin",
    "Ulla",
    "Viktor",
    "Wanjiru",
    "Xavier",
    "Yara",
    "Zoltan",
]
_SYLLABLES = [
    "ka",
    "lo",
    "mer",
    "tan",
    "vi",
    "dor",
    "sel",
    "an",
    "ri",
    "bo",
    "fen",
    "gar",
    "hal",
    "ist",
    "jun",
    "kor",
    "lem",
    "nad",
    "ov",
    "pra",
]


@dataclass(frozen=True)
class Request:
    host: str  # the address the request came to, e.g. 127.0.0.12
    path: str
    worker: str  # the fetcher instance, from its User-Agent ("" if none)
    status: int
    started: float  # time.monotonic() when the server took the request
    ended: float  # ... and when its answer was ready


@dataclass(frozen=True)
class Overlap:
    host: str
    first: Request
    second: Request


@dataclass
class ChaosSite:
    hosts: int = 50
    pages: int = 5000
    rate: float = 20.0  # pages released per second over all hosts
    missing_every: int = 100  # every n-th page answers 404 (0: none)
    page_latency: float = PAGE_LATENCY
    sitemap_window: int | None = None  # a host's sitemap lists only its newest n pages
    paragraphs: int = 6  # of 40 words each, besides the quote
    pages_open: int = 0  # page requests being answered right now
    requests: list[Request] = field(default_factory=list)
    port: int = 0
    _released_at: float | None = None
    _released_wall: datetime | None = None  # the same moment by the wall clock
    _runner: web.AppRunner | None = None

    # -- what exists --

    def address(self, host: int) -> str:
        return f"127.0.0.{FIRST_ADDRESS + host}"

    def base_url(self, host: int) -> str:
        return f"http://{self.address(host)}:{self.port}"

    def host_of_page(self, n: int) -> int:
        return n % self.hosts

    def url(self, n: int) -> str:
        return f"{self.base_url(self.host_of_page(n))}/a/{n}.html"

    def missing(self, n: int) -> bool:
        return self.missing_every > 0 and n % self.missing_every == self.missing_every - 1

    def released(self, now: float | None = None) -> int:
        """How many pages (0 .. n-1) exist now."""
        if self._released_at is None:
            return 0
        elapsed = (now if now is not None else time.monotonic()) - self._released_at
        return min(self.pages, int(elapsed * self.rate))

    @property
    def release_seconds(self) -> float:
        return self.pages / self.rate

    def all_released(self) -> bool:
        return self.released() >= self.pages

    def expected(self) -> tuple[set[str], set[str]]:
        """The URLs released so far: (pages that exist, pages that answer 404)."""
        released = range(self.released())
        return (
            {self.url(n) for n in released if not self.missing(n)},
            {self.url(n) for n in released if self.missing(n)},
        )

    def sources(self, poll_interval: float) -> list[dict[str, object]]:
        """One sitemap source per host, in the fetcher's sources-file format."""
        return [
            {
                "id": f"chaos-{h}",
                "type": "sitemap",
                "url": f"{self.base_url(h)}/sitemap.xml",
                "poll_interval": poll_interval,
                "max_items": max(100, self.pages),
            }
            for h in range(self.hosts)
        ]

    # -- serving --

    async def start(self) -> None:
        app = web.Application(middlewares=[self._record])
        app.router.add_get("/robots.txt", self._robots)
        app.router.add_get("/sitemap.xml", self._sitemap)
        app.router.add_get("/a/{n:[0-9]+}.html", self._page)
        self._runner = web.AppRunner(app, access_log=None, handler_cancellation=False)
        await self._runner.setup()
        first = web.TCPSite(self._runner, self.address(0), self.port)
        await first.start()
        self.port = first._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        for h in range(1, self.hosts):
            await web.TCPSite(self._runner, self.address(h), self.port).start()

    def release(self) -> None:
        self._released_at = time.monotonic()
        self._released_wall = datetime.now(UTC)

    def close_release(self) -> int:
        """No page appears from now on; how many did."""
        self.pages = self.released()
        return self.pages

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @web.middleware
    async def _record(self, request: web.Request, handler):  # type: ignore[no-untyped-def]
        started = time.monotonic()
        status = 500
        page = request.path.startswith("/a/")
        self.pages_open += page
        try:
            response = await handler(request)
            status = response.status
            return response
        except web.HTTPException as exc:
            status = exc.status
            raise
        finally:
            self.pages_open -= page
            agent = request.headers.get("User-Agent", "")
            worker = match.group("worker") if (match := _WORKER.search(agent)) else ""
            sockname = request.transport.get_extra_info("sockname") if request.transport else None
            host = sockname[0] if sockname else (request.host or "").split(":")[0]
            self.requests.append(
                Request(host, request.path, worker, status, started, time.monotonic())
            )

    def _host_index(self, request: web.Request) -> int:
        sockname = request.transport.get_extra_info("sockname") if request.transport else None
        address = sockname[0] if sockname else request.host.split(":")[0]
        return int(address.rsplit(".", 1)[1]) - FIRST_ADDRESS

    async def _robots(self, request: web.Request) -> web.Response:
        return web.Response(text="User-agent: *\nAllow: /\n", content_type="text/plain")

    async def _sitemap(self, request: web.Request) -> web.Response:
        host = self._host_index(request)
        released = self.released()
        assert self._released_at is not None or released == 0
        entries = []
        # Dates fixed once a page is out, so an unchanged list is the same bytes (a 304).
        base = self._released_wall or datetime.now(UTC)
        first = host
        if self.sitemap_window is not None:
            newest = released - 1 - ((released - 1 - host) % self.hosts)
            first = max(host, newest - (self.sitemap_window - 1) * self.hosts)
        for n in range(first, released, self.hosts):
            lastmod = (base + timedelta(seconds=n / self.rate)).strftime("%Y-%m-%dT%H:%M:%SZ")
            entries.append(f"<url><loc>{self.url(n)}</loc><lastmod>{lastmod}</lastmod></url>")
        body = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            + "\n".join(entries)
            + "\n</urlset>\n"
        ).encode()
        etag = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
        if request.headers.get("If-None-Match") == etag:
            return web.Response(status=304, headers={"ETag": etag})
        return web.Response(
            body=body, content_type="application/xml", charset="utf-8", headers={"ETag": etag}
        )

    async def _page(self, request: web.Request) -> web.Response:
        n = int(request.match_info["n"])
        if n >= self.released() or self.host_of_page(n) != self._host_index(request):
            raise web.HTTPNotFound()
        await asyncio.sleep(self.page_latency)
        if self.missing(n):
            raise web.HTTPNotFound()
        return web.Response(
            text=page_html(n, self.url(n), self.paragraphs), content_type="text/html"
        )

    # -- what the log shows --

    def page_fetches(self, status: int = 200) -> dict[str, list[Request]]:
        """Page requests answered with `status`, by URL."""
        fetched: dict[str, list[Request]] = defaultdict(list)
        for r in self.requests:
            if r.path.startswith("/a/") and r.status == status:
                fetched[f"http://{r.host}:{self.port}{r.path}"].append(r)
        return fetched

    def overlaps(self) -> list[Overlap]:
        """Moments when two fetcher instances had page requests to one host open at once.

        Robots.txt and sitemaps are left out: discovery reads those, and discovery is not the
        host's fetch worker."""
        by_host: dict[str, list[Request]] = defaultdict(list)
        for r in self.requests:
            if r.path.startswith("/a/"):
                by_host[r.host].append(r)
        found = []
        for host, requests in by_host.items():
            requests.sort(key=lambda r: r.started)
            open_: list[Request] = []
            for r in requests:
                open_ = [o for o in open_ if o.ended > r.started]
                found += [Overlap(host, o, r) for o in open_ if o.worker != r.worker]
                open_.append(r)
        return found


def person(n: int) -> str:
    """A name of its own for page n: news keeps meeting people it never named before."""
    rng = random.Random(n * 7919)
    last = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
    return f"{rng.choice(_FIRST_NAMES)} {last}"


def page_html(n: int, url: str, paragraphs: int = 6) -> str:
    """An article page: headline, byline, date, a few paragraphs that differ per page and a
    quote from someone named on this page only."""
    rng = random.Random(n)
    title = " ".join(rng.choice(_WORDS) for _ in range(7)).capitalize() + f" (story {n})"
    who = person(n)
    said = " ".join(rng.choice(_WORDS) for _ in range(12)).capitalize()
    body = "\n".join(
        "<p>" + " ".join(rng.choice(_WORDS) for _ in range(40)).capitalize() + ".</p>"
        for _ in range(paragraphs)
    )
    body += f"\n<p>“{said},” said {who}, a spokesperson for the council.</p>"
    published = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<meta property="og:type" content="article">
<meta property="og:title" content="{title}">
<meta property="og:url" content="{url}">
<meta property="article:published_time" content="{published}">
<meta property="article:author" content="Staff Reporter {n % 17}">
<meta property="article:section" content="Local">
</head><body><article><h1>{title}</h1>
<p class="byline">By Staff Reporter {n % 17}</p>
{body}
</article></body></html>
"""
