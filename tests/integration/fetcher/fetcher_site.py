"""A news site served over real HTTP on loopback, with every case the fetcher must handle.

It records each request (path, server-side monotonic time, conditional headers), so tests can
assert what the fetcher asked for and when.
"""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

from aiohttp import web

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "fetcher"
LAST_MODIFIED = "Wed, 01 May 2024 10:00:00 GMT"


@dataclass(frozen=True)
class Request:
    path: str
    query: str
    at: float  # time.monotonic() when the server received it
    if_none_match: str | None
    if_modified_since: str | None
    user_agent: str | None


def page_html(title: str, text: str = "Body text.") -> bytes:
    template = (FIXTURES / "page.html").read_text()
    return template.replace("{title}", title).replace("{text}", text).encode()


@dataclass
class LoopbackSite:
    crawl_delay: float | None = None
    max_body_bytes: int = 64 * 1024  # /news/huge is larger than this
    slow_seconds: float = 2.0
    requests: list[Request] = field(default_factory=list)
    feed_version: int = 1
    base: str = ""
    _runner: web.AppRunner | None = None
    _seen: dict[str, int] = field(default_factory=dict)

    async def start(self) -> str:
        app = web.Application(middlewares=[self._record])
        app.router.add_get("/robots.txt", self._robots)
        app.router.add_get("/feed.rss", self._feed)
        app.router.add_get("/feed.atom", self._template("feed.atom", "application/atom+xml"))
        app.router.add_get("/malformed.rss", self._static("malformed.rss", "application/rss+xml"))
        app.router.add_get("/sitemap_index.xml", self._template("sitemap_index.xml", "text/xml"))
        app.router.add_get("/sitemaps/news.xml.gz", self._news_sitemap)
        app.router.add_get("/sitemaps/pages.xml", self._template("sitemap_pages.xml", "text/xml"))
        app.router.add_get("/list.txt", self._list)
        app.router.add_get("/news/etag-story", self._etag_story)
        app.router.add_get("/news/modified-story", self._modified_story)
        app.router.add_get("/news/huge", self._huge)
        app.router.add_get("/news/gone", self._gone)
        app.router.add_get("/news/{name}", self._plain)
        app.router.add_get("/private/{name}", self._plain)
        app.router.add_get("/video/{name}", self._plain)
        app.router.add_get("/redirect/{name}", self._redirect)
        app.router.add_get("/files/report.pdf", self._static("report.pdf", "application/pdf"))
        app.router.add_get("/slow", self._slow)
        app.router.add_get("/ratelimited", self._ratelimited)
        app.router.add_get("/flaky", self._flaky)
        app.router.add_get("/page/{n}", self._numbered)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.base = f"http://127.0.0.1:{port}"
        return self.base

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    def hits(self, path: str) -> list[Request]:
        return [r for r in self.requests if r.path == path]

    def page_hits(self) -> list[Request]:
        """Requests other than robots.txt and the feeds/sitemaps themselves."""
        return [
            r
            for r in self.requests
            if r.path != "/robots.txt" and not r.path.startswith(("/feed", "/sitemap"))
        ]

    # -- plumbing --

    @web.middleware
    async def _record(self, request: web.Request, handler):  # type: ignore[no-untyped-def]
        self.requests.append(
            Request(
                request.path,
                request.query_string,
                time.monotonic(),
                request.headers.get("If-None-Match"),
                request.headers.get("If-Modified-Since"),
                request.headers.get("User-Agent"),
            )
        )
        return await handler(request)

    def _fill(self, name: str) -> str:
        now = datetime.now(UTC) - timedelta(hours=1)
        return (
            (FIXTURES / name)
            .read_text()
            .replace("{base}", self.base)
            .replace("{recent}", format_datetime(now, usegmt=True))
            .replace("{recent_w3c}", now.strftime("%Y-%m-%dT%H:%M:%SZ"))
            .replace("{recent_date}", now.strftime("%Y-%m-%d"))
        )

    def _template(self, name: str, content_type: str):  # type: ignore[no-untyped-def]
        async def handler(_: web.Request) -> web.Response:
            return web.Response(text=self._fill(name), content_type=content_type)

        return handler

    def _static(self, name: str, content_type: str):  # type: ignore[no-untyped-def]
        async def handler(_: web.Request) -> web.Response:
            return web.Response(body=(FIXTURES / name).read_bytes(), content_type=content_type)

        return handler

    # -- routes --

    async def _robots(self, _: web.Request) -> web.Response:
        delay = f"Crawl-delay: {self.crawl_delay}" if self.crawl_delay else ""
        text = (FIXTURES / "robots.txt").read_text().replace("{crawl_delay}", delay)
        return web.Response(text=text, content_type="text/plain")

    async def _feed(self, request: web.Request) -> web.Response:
        text = self._fill("feed.rss")
        if self.feed_version > 1:  # a new item appears
            extra = (
                f"<item><title>Fresh</title><link>{self.base}/news/fresh-{self.feed_version}"
                "</link></item>"
            )
            text = text.replace("</channel>", extra + "</channel>")
        etag = f'"feed-{self.feed_version}"'
        if request.headers.get("If-None-Match") == etag:
            return web.Response(status=304, headers={"ETag": etag})
        return web.Response(text=text, content_type="application/rss+xml", headers={"ETag": etag})

    async def _news_sitemap(self, _: web.Request) -> web.Response:
        body = gzip.compress(self._fill("sitemap_news.xml").encode())
        return web.Response(body=body, content_type="application/x-gzip")

    async def _list(self, _: web.Request) -> web.Response:
        lines = ["# pages", *(f"{self.base}/page/{n}" for n in range(1, 7))]
        return web.Response(text="\n".join(lines) + "\n", content_type="text/plain")

    async def _etag_story(self, request: web.Request) -> web.Response:
        body = page_html("Council approves budget")
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if request.headers.get("If-None-Match") == etag:
            return web.Response(status=304, headers={"ETag": etag})
        return web.Response(body=body, content_type="text/html", headers={"ETag": etag})

    async def _modified_story(self, request: web.Request) -> web.Response:
        if request.headers.get("If-Modified-Since") == LAST_MODIFIED:
            return web.Response(status=304)
        response = web.Response(
            body=page_html("Bridge reopens"),
            content_type="text/html",
            charset="utf-8",
            headers={"Last-Modified": LAST_MODIFIED},
        )
        response.enable_compression()  # exercises gzip Content-Encoding
        return response

    async def _plain(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        return web.Response(
            body=page_html(name.replace("-", " ").title()), content_type="text/html"
        )

    async def _numbered(self, request: web.Request) -> web.Response:
        n = request.match_info["n"]
        return web.Response(body=page_html(f"Page {n}"), content_type="text/html")

    async def _huge(self, request: web.Request) -> web.StreamResponse:
        # Chunked, no Content-Length: the limit must hold while streaming.
        response = web.StreamResponse(headers={"Content-Type": "text/html"})
        await response.prepare(request)
        chunk = b"<p>" + b"x" * 16_000 + b"</p>\n"
        for _ in range(self.max_body_bytes // len(chunk) + 4):
            await response.write(chunk)
        await response.write_eof()
        return response

    async def _gone(self, _: web.Request) -> web.Response:
        return web.Response(status=404, text="not here")

    async def _redirect(self, request: web.Request) -> web.Response:
        raise web.HTTPMovedPermanently(f"/news/{request.match_info['name']}")

    async def _slow(self, _: web.Request) -> web.Response:
        await asyncio.sleep(self.slow_seconds)
        return web.Response(body=page_html("Slow"), content_type="text/html")

    async def _ratelimited(self, request: web.Request) -> web.Response:
        self._seen["ratelimited"] = self._seen.get("ratelimited", 0) + 1
        if self._seen["ratelimited"] == 1:
            return web.Response(status=429, headers={"Retry-After": "1"}, text="slow down")
        return web.Response(body=page_html("Rate limited, then fine"), content_type="text/html")

    async def _flaky(self, _: web.Request) -> web.Response:
        return web.Response(status=503, text="overloaded")
