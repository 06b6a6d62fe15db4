"""The demo's sample news site, served over HTTP on loopback.

The static files in ``site/`` (article pages, RSS and Atom feeds, a Google News sitemap and its
index, robots.txt) are served the way a real news site serves them: proper content types, a
strong ETag and a Last-Modified date per document, and 304 answers to conditional requests.
``{{BASE_URL}}`` in a file is replaced by the server's own URL when it is served, so links in
feeds and pages point back at this server whatever port it got.

``site/manifest.json`` lists every article with what the parser should find in it, and the pages
that must fail. One article has a second version (``<name>.v2.html``): ``update_article`` or
``POST /_admin/update/<slug>`` switches to it, as when a newsroom publishes a correction. Some
articles also have named edits (``<name>.v2.<edit>.html``, the manifest's ``edits``), served by
``update_article(slug, edit)`` or ``POST /_admin/update/<slug>?edit=<edit>``: a page re-rendered
with noise only (no revision), or edited in place (a revision).

    async with SampleSite() as site:
        print(site.base_url)
        site.update_article("senate-broadband-bill")
        site.update_article("harbor-district-housing-vote", "edit")

Run it by hand with ``python -m newsroom_ops.demo.sample_site --port 8080``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import ipaddress
import json
import signal
import time
from collections import deque
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Self

import yaml
from aiohttp import web

# Package data next to this module (installed with it, or the source tree in development).
SITE_DIR = Path(__file__).resolve().parent / "site"
MANIFEST_FILE = "manifest.json"
PLACEHOLDER = b"{{BASE_URL}}"

_CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
}
# Feeds announce their format in the content type, as news sites do.
_FEED_TYPES = {
    "rss.xml": "application/rss+xml; charset=utf-8",
    "atom.xml": "application/atom+xml; charset=utf-8",
}
# Marks an article's second version (index.v2.html): served in its place, never at its own URL.
_VERSION_MARK = ".v2."
# Room for a demo run's requests, so a long manual session cannot grow memory without bound.
_MAX_LOGGED_REQUESTS = 10_000


def load_manifest(site_dir: Path = SITE_DIR) -> dict[str, Any]:
    """The site's manifest: its documents, articles with expectations, and failing pages."""
    with (site_dir / MANIFEST_FILE).open(encoding="utf-8") as file:
        manifest: dict[str, Any] = json.load(file)
    return manifest


def sources_yaml(base_url: str, poll_interval: str = "30s", source_prefix: str = "everett") -> str:
    """A fetcher sources file for the site: its RSS feed, Atom feed and Google News sitemap.

    The format is newsroom_fetcher.discovery.sources (see deploy/sources.example.yaml).
    """
    base = base_url.rstrip("/")
    docs = load_manifest()["documents"]

    def source(name: str, kind: str, path: str) -> dict[str, Any]:
        return {
            "id": f"{source_prefix}-{name}",
            "type": kind,
            "url": base + path,
            "poll_interval": poll_interval,
            # The sample pages are dated 2018 and 2024; a wide window keeps them all.
            "max_age": "36500d",
            # One local server: no reason to space requests out, and the demo should be quick.
            "rate_limit": {"min_delay": "0s", "concurrency": 4},
        }

    sources = [
        source("rss", "feed", docs["rss"]),
        source("atom", "feed", docs["atom"]),
        source("news-sitemap", "sitemap", docs["news_sitemap"]),
    ]
    header = (
        f"# The demo's sample news site at {base}.\n"
        "# The site is on loopback: the fetcher must be allowed to reach it, e.g.\n"
        "# NEWSROOM_FETCHER_SSRF_ALLOW='[\"127.0.0.0/8\"]'.\n"
    )
    return header + yaml.safe_dump({"sources": sources}, sort_keys=False, allow_unicode=True)


@dataclass(frozen=True)
class PageVersion:
    """What a client sees of one document now."""

    url: str
    etag: str
    last_modified: str  # HTTP date


@dataclass(frozen=True)
class RequestRecord:
    method: str
    path: str
    status: int
    if_none_match: str | None
    if_modified_since: str | None
    user_agent: str | None
    at: float  # time.monotonic() when the response was ready


@dataclass(frozen=True)
class _Resource:
    body: bytes
    content_type: str
    etag: str
    last_modified: datetime

    @property
    def http_date(self) -> str:
        return format_datetime(self.last_modified, usegmt=True)


class UnknownArticle(KeyError):
    """No article with this slug in the manifest."""


class NoUpdate(ValueError):
    """The article has no second version to switch to."""


class SampleSite:
    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        site_dir: Path = SITE_DIR,
        base_url: str | None = None,
    ) -> None:
        """`base_url`: the URL clients reach the site by, when it is not the address it binds
        (a container name, for instance); links in pages and feeds use it."""
        self.host = host
        self.port = port
        self.site_dir = site_dir
        self._public_url = base_url.rstrip("/") if base_url else None
        self.manifest = load_manifest(site_dir)
        self.requests: deque[RequestRecord] = deque(maxlen=_MAX_LOGGED_REQUESTS)
        self._articles = {a["slug"]: a for a in self.manifest["articles"]}
        self._routes = _routes(site_dir)
        self._dates = _dates(self.manifest)
        self._updated: dict[str, str | None] = {}  # slug -> edit served (None: its update)
        self._resources: dict[str, _Resource] = {}
        self._base_url: str | None = None
        self._runner: web.AppRunner | None = None

    # --- lifecycle -------------------------------------------------------------------------

    async def start(self) -> str:
        """Start serving; returns the base URL (no trailing slash)."""
        if self._runner is not None:
            raise RuntimeError("the sample site is already running")
        app = web.Application(middlewares=[self._record])
        app.router.add_post("/_admin/update/{slug}", self._admin_update)
        app.router.add_post("/_admin/reset", self._admin_reset)
        app.router.add_get("/{path:.*}", self._serve)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, self.host, self.port)
        try:
            await site.start()
        except BaseException:
            await runner.cleanup()
            raise
        self._runner = runner
        port = runner.addresses[0][1]
        host = f"[{self.host}]" if ":" in self.host else self.host
        self._base_url = self._public_url or f"http://{host}:{port}"
        self._render_all()
        return self._base_url

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        if self._base_url is None:
            raise RuntimeError("the sample site has not been started")
        return self._base_url

    def url(self, path: str) -> str:
        return self.base_url + path

    # --- articles ----------------------------------------------------------------------------

    def article(self, slug: str) -> dict[str, Any]:
        try:
            return self._articles[slug]
        except KeyError:
            raise UnknownArticle(slug) from None

    def update_article(self, slug: str, edit: str | None = None) -> PageVersion:
        """Serve the article's second version (or its named `edit`) from now on (idempotent);
        the site must be running."""
        article = self.article(slug)
        if edit is None and "update" not in article:
            raise NoUpdate(f"article {slug!r} has no updated version")
        if edit is not None and edit not in article.get("edits", {}):
            raise NoUpdate(f"article {slug!r} has no edit {edit!r}")
        if self._base_url is None:
            raise RuntimeError("the sample site has not been started; there is no URL yet")
        self._updated[slug] = edit
        self._render(article["path"])
        return self.version(article["path"])

    def reset(self) -> None:
        """Back to every article's first version.

        The first versions keep their older Last-Modified dates, so only clients that send
        If-None-Match see the change; the ETags do differ.
        """
        paths = [self._articles[slug]["path"] for slug in self._updated]
        self._updated.clear()
        if self._base_url is not None:
            for path in paths:
                self._render(path)

    def version(self, path: str) -> PageVersion:
        resource = self._resources[path]
        return PageVersion(self.url(path), resource.etag, resource.http_date)

    # --- rendering ---------------------------------------------------------------------------

    def _render_all(self) -> None:
        for path in self._routes:
            self._render(path)

    def _render(self, path: str) -> None:
        file, modified = self._routes[path], self._dates.get(path, self._dates["*"])
        slug = next((s for s in self._updated if self._articles[s]["path"] == path), None)
        if slug is not None:
            edit = self._updated[slug]
            article = self._articles[slug]
            update = article["update"] if edit is None else article["edits"][edit]
            file, modified = update["file"], _parse_date(update["modified"])
        body = (self.site_dir / file).read_bytes().replace(PLACEHOLDER, self.base_url.encode())
        self._resources[path] = _Resource(
            body=body,
            content_type=_content_type(file),
            etag='"' + hashlib.sha256(body).hexdigest()[:32] + '"',
            last_modified=modified,
        )

    # --- HTTP --------------------------------------------------------------------------------

    @web.middleware
    async def _record(self, request: web.Request, handler: Any) -> web.StreamResponse:
        status = 500
        try:
            response: web.StreamResponse = await handler(request)
            status = response.status
            return response
        except web.HTTPException as exc:
            status = exc.status
            raise
        finally:
            self.requests.append(
                RequestRecord(
                    method=request.method,
                    path=request.path,
                    status=status,
                    if_none_match=request.headers.get("If-None-Match"),
                    if_modified_since=request.headers.get("If-Modified-Since"),
                    user_agent=request.headers.get("User-Agent"),
                    at=time.monotonic(),
                )
            )

    async def _serve(self, request: web.Request) -> web.StreamResponse:
        path = request.path
        resource = self._resources.get(path)
        if resource is None:
            if path + "/" in self._resources:
                # Directory-style article URLs live at their trailing-slash form, like WordPress.
                raise web.HTTPMovedPermanently(path + "/")
            raise web.HTTPNotFound(text="not found\n")
        headers = {
            "ETag": resource.etag,
            "Last-Modified": resource.http_date,
            # Cached copies must be revalidated, so an updated article is seen at once.
            "Cache-Control": "no-cache",
        }
        if _not_modified(request, resource):
            return web.Response(status=304, headers=headers)
        headers["Content-Type"] = resource.content_type
        return web.Response(body=resource.body, headers=headers)

    async def _admin_update(self, request: web.Request) -> web.Response:
        _require_loopback(request)
        slug = request.match_info["slug"]
        edit = request.query.get("edit")
        try:
            version = self.update_article(slug, edit)
        except UnknownArticle:
            raise web.HTTPNotFound(text=f"no article {slug!r}\n") from None
        except NoUpdate as exc:
            raise web.HTTPConflict(text=f"{exc}\n") from None
        article = self.article(slug)
        return web.json_response(
            {
                "slug": slug,
                "url": version.url,
                "title": (article["update"] if edit is None else article["edits"][edit])["title"],
                "etag": version.etag,
                "last_modified": version.last_modified,
            }
        )

    async def _admin_reset(self, request: web.Request) -> web.Response:
        _require_loopback(request)
        reset = sorted(self._updated)
        self.reset()
        return web.json_response({"reset": reset})


def _require_loopback(request: web.Request) -> None:
    # The admin endpoints change what everyone sees; only the machine itself may call them.
    try:
        loopback = request.remote is not None and ipaddress.ip_address(request.remote).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise web.HTTPForbidden(text="admin endpoints answer loopback clients only\n")


def _not_modified(request: web.Request, resource: _Resource) -> bool:
    # RFC 9110 13.2.2: If-None-Match decides when present; If-Modified-Since only without it.
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:
        tags = [t.strip() for t in if_none_match.split(",")]
        return any(t == "*" or t.removeprefix("W/") == resource.etag for t in tags)
    if_modified_since = request.headers.get("If-Modified-Since")
    if if_modified_since is None:
        return False
    try:
        since = parsedate_to_datetime(if_modified_since)
    except (TypeError, ValueError):
        return False  # an unreadable date is ignored, as the RFC asks
    if since.tzinfo is None:
        since = since.replace(tzinfo=UTC)
    return resource.last_modified <= since


def _routes(site_dir: Path) -> dict[str, str]:
    """URL path -> file (relative to the site), for every file a client may fetch."""
    routes = {}
    for file in sorted(site_dir.rglob("*")):
        relative = file.relative_to(site_dir).as_posix()
        if not file.is_file() or relative == MANIFEST_FILE or _VERSION_MARK in file.name:
            continue
        if file.name == "index.html":
            parent = relative.removesuffix("index.html")
            routes["/" + parent] = relative
        else:
            routes["/" + relative] = relative
    return routes


def _dates(manifest: dict[str, Any]) -> dict[str, datetime]:
    """Last-Modified per URL path: an article's own modification time; for every other
    document ('*') the newest of those, as if the site had last been rebuilt then."""
    dates = {a["path"]: _parse_date(a["modified"]) for a in manifest["articles"]}
    dates["*"] = max(dates.values())
    return dates


def _parse_date(value: str) -> datetime:
    parsed = datetime.fromisoformat(value)
    # HTTP dates have whole seconds; comparing If-Modified-Since needs the same precision.
    parsed = parsed.replace(microsecond=0)
    return parsed.astimezone(UTC) if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _content_type(file: str) -> str:
    name = file.rsplit("/", 1)[-1]
    if name in _FEED_TYPES:
        return _FEED_TYPES[name]
    suffix = "." + name.rsplit(".", 1)[-1] if "." in name else ""
    return _CONTENT_TYPES.get(suffix, "application/octet-stream")


# --- standalone -----------------------------------------------------------------------------


async def _serve_forever(
    host: str, port: int, sources_file: Path | None, base_url: str | None = None
) -> None:
    site = SampleSite(host, port, base_url=base_url)
    await site.start()
    try:
        print(f"Sample news site at {site.base_url}/", flush=True)
        print(f"  feeds: {site.url('/feeds/rss.xml')}  {site.url('/feeds/atom.xml')}", flush=True)
        print(f"  news sitemap: {site.url('/sitemaps/news.xml')}", flush=True)
        updatable = [a["slug"] for a in site.manifest["articles"] if "update" in a]
        for slug in updatable:
            print(f"  publish an update: curl -X POST {site.url('/_admin/update/' + slug)}")
        for article in site.manifest["articles"]:
            for edit in article.get("edits", {}):
                path = f"/_admin/update/{article['slug']}?edit={edit}"
                print(f"  edit in place ({edit}): curl -X POST '{site.url(path)}'")
        if sources_file is not None:
            text = sources_yaml(site.base_url)
            await asyncio.to_thread(sources_file.write_text, text, encoding="utf-8")
            print(f"  fetcher sources file written to {sources_file}", flush=True)
        print("Press Ctrl+C to stop.", flush=True)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError):  # no signal handlers on Windows
                loop.add_signal_handler(sig, stop.set)
        await stop.wait()
    finally:
        await site.stop()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m newsroom_ops.demo.sample_site",
        description="Serve the demo's sample news site until stopped.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default loopback)")
    parser.add_argument("--port", type=int, default=0, help="port (default: any free port)")
    parser.add_argument(
        "--sources", type=Path, help="also write a fetcher sources file for the site here"
    )
    parser.add_argument(
        "--base-url",
        help="the URL clients reach the site by, for links in pages and feeds (default: the "
        "address it binds), e.g. http://sample-site:8080 on a compose network",
    )
    args = parser.parse_args(argv)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve_forever(args.host, args.port, args.sources, args.base_url))


if __name__ == "__main__":
    main()
