"""A loopback site made of given documents (sitemaps, feeds, robots.txt, lists), for discovery
tests: each test writes the site it needs. Paths under /news/ are HTML pages; any other path
not given is a 404, as a real site answers.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from aiohttp import web
from fetcher_site import page_html


@dataclass(frozen=True)
class Doc:
    body: str | bytes = b""
    status: int = 200
    content_type: str = "application/xml"
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None  # when set, a request with If-None-Match: etag gets a 304
    drip_seconds: float = 0.0  # > 0: the body is sent one byte at a time, this far apart
    delay_seconds: float = 0.0  # before the response starts


@dataclass(frozen=True)
class Hit:
    path: str
    host: str  # as the client wrote it in the Host header
    if_none_match: str | None
    at: float  # loop time when the server received it


@dataclass
class DocSite:
    """`{base}` in a str body is replaced by the site's own http://host:port."""

    docs: dict[str, Doc | str | bytes] = field(default_factory=dict)
    host: str = "127.0.0.1"
    hits: list[Hit] = field(default_factory=list)
    drips_ended: list[float] = field(default_factory=list)  # when each dripped body stopped
    base: str = ""
    _runner: web.AppRunner | None = None

    async def start(self) -> str:
        app = web.Application()
        app.router.add_get("/{path:.*}", self._serve)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.base = f"http://{self.host}:{port}"
        return self.base

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    def count(self, path: str) -> int:
        return sum(1 for h in self.hits if h.path == path)

    def paths(self) -> list[str]:
        return [h.path for h in self.hits]

    async def _serve(self, request: web.Request) -> web.StreamResponse:
        path = request.path
        self.hits.append(
            Hit(
                path,
                request.host.split(":")[0],
                request.headers.get("If-None-Match"),
                asyncio.get_running_loop().time(),
            )
        )
        doc = self.docs.get(path)
        if doc is None:
            if path.startswith("/news/"):
                return web.Response(
                    body=page_html(path.rsplit("/", 1)[-1]), content_type="text/html"
                )
            return web.Response(status=404, text="<h1>Not found</h1>", content_type="text/html")
        if not isinstance(doc, Doc):
            doc = Doc(doc)
        if doc.delay_seconds:
            await asyncio.sleep(doc.delay_seconds)
        headers = dict(doc.headers)
        if doc.etag is not None:
            if request.headers.get("If-None-Match") == doc.etag:
                return web.Response(status=304, headers={"ETag": doc.etag})
            headers["ETag"] = doc.etag
        body = (
            doc.body.replace("{base}", self.base).encode()
            if isinstance(doc.body, str)
            else doc.body
        )
        if doc.drip_seconds:
            return await self._drip(request, body, doc, headers)
        headers.setdefault("Content-Type", doc.content_type)
        return web.Response(status=doc.status, body=body, headers=headers)

    async def _drip(
        self, request: web.Request, body: bytes, doc: Doc, headers: dict[str, str]
    ) -> web.StreamResponse:
        response = web.StreamResponse(status=doc.status, headers=headers)
        response.content_type = doc.content_type
        await response.prepare(request)
        try:
            for byte in body:
                await response.write(bytes([byte]))
                await asyncio.sleep(doc.drip_seconds)
        except ConnectionResetError:
            return response  # the client gave up, as it should
        finally:
            self.drips_ended.append(asyncio.get_running_loop().time())
        await response.write_eof()
        return response
