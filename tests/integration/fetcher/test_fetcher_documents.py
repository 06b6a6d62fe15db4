"""Source documents told by their content, through the real fetch path: broken sitemaps give
what came before the break, gzip is found by its bytes, a feed may stand where a sitemap is."""

from __future__ import annotations

import asyncio
import gzip
import time
from collections.abc import AsyncIterator

import pytest
from doc_site import Doc, DocSite
from fetcher_helpers import dead_letters, fetcher_settings, raw_pages, running

from newsroom_fetcher.discovery import parse_document
from newsroom_fetcher.sources import Source
from newsroom_shared.settings import KafkaSettings

pytestmark = [pytest.mark.integration, pytest.mark.timeout(90)]

NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'


def urlset(*paths: str, close: bool = True) -> str:
    body = "".join(f"<url><loc>{{base}}{p}</loc></url>" for p in paths)
    return f'<?xml version="1.0"?><urlset {NS}>{body}' + ("</urlset>" if close else "")


def index(*paths: str) -> str:
    body = "".join(f"<sitemap><loc>{{base}}{p}</loc></sitemap>" for p in paths)
    return f'<?xml version="1.0"?><sitemapindex {NS}>{body}</sitemapindex>'


@pytest.fixture
async def docs() -> AsyncIterator[DocSite]:
    site = DocSite()
    await site.start()
    yield site
    await site.stop()


async def published(topics: KafkaSettings, base: str) -> set[str]:
    return {p.canonical_url.removeprefix(base) for p in (await raw_pages(topics)).values()}


async def test_a_cut_sitemap_gives_its_urls_and_is_read_whole_next_time(
    topics: KafkaSettings, docs: DocSite
) -> None:
    cut_50 = urlset(*(f"/news/a-{n}" for n in range(50)), close=False)
    cut_49 = urlset(*(f"/news/b-{n}" for n in range(49)), close=False) + "<url><loc>{base}/ne"
    docs.docs = {
        "/index.xml": index("/cut-50.xml", "/cut-49.xml", "/whole.xml"),
        "/cut-50.xml": Doc(cut_50, etag='"c50"'),
        "/cut-49.xml": Doc(cut_49, etag='"c49"'),
        "/whole.xml": Doc(urlset("/news/whole"), etag='"w"'),
    }
    source = Source(id="maps", type="sitemap", url=f"{docs.base}/index.xml", poll_interval=0.2)
    async with running(fetcher_settings(topics), [source]) as polls:
        first, _second = await polls("maps", 2)

    assert first.outcomes == {"published": 100}
    expected = {f"/news/a-{n}" for n in range(50)} | {f"/news/b-{n}" for n in range(49)}
    assert await published(topics, docs.base) == expected | {"/news/whole"}
    # The whole sitemap is asked for conditionally the second time; the cut ones are not,
    # since what they hold beyond the break was never seen.
    # (Page fetches of the first poll may come in between: the documents' own requests.)
    document_hits = [h for h in docs.hits if not h.path.startswith("/news/")]
    conditional = {h.path: h.if_none_match for h in document_hits[-4:]}
    assert conditional["/whole.xml"] == '"w"'
    assert conditional["/cut-50.xml"] is None and conditional["/cut-49.xml"] is None
    assert await dead_letters(topics) == []


async def test_gzip_by_its_bytes_and_feeds_in_an_index(
    topics: KafkaSettings, docs: DocSite
) -> None:
    rss = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
        "<item><title>R</title><link>{base}/news/from-rss</link></item></channel></rss>"
    )
    atom = (
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>'
        '<entry><title>A</title><link href="{base}/news/from-atom"/></entry></feed>'
    )
    base = docs.base
    listed = "".join(f"{base}/news/listed-{n}\n" for n in range(3))
    docs.docs = {
        "/index.xml": index("/feed.rss", "/feed.atom", "/list.txt.dat", "/plain.xml.gz"),
        "/feed.rss": Doc(rss, content_type="application/rss+xml"),
        "/feed.atom": Doc(atom, content_type="application/atom+xml"),
        # A gzipped text list with neither a .gz name nor a gzip Content-Type.
        "/list.txt.dat": Doc(gzip.compress(listed.encode()), content_type="text/plain"),
        # A .gz name and a gzip Content-Type, but plain XML.
        "/plain.xml.gz": Doc(urlset("/news/not-gzipped"), content_type="application/x-gzip"),
        "/urls.gz": Doc(
            gzip.compress(f"{base}/news/zipped-1\n{base}/news/zipped-2\n".encode()),
            content_type="application/octet-stream",
        ),
    }
    sources = [
        Source(id="maps", type="sitemap", url=f"{base}/index.xml"),
        Source(id="list", type="urls", url=f"{base}/urls.gz"),
    ]
    async with running(fetcher_settings(topics), sources) as polls:
        (maps_poll,) = await polls("maps")
        (list_poll,) = await polls("list")

    assert list_poll.outcomes == {"published": 2}
    assert maps_poll.outcomes == {"published": 3 + 3}
    assert await published(topics, docs.base) == {
        "/news/from-rss",
        "/news/from-atom",
        "/news/not-gzipped",
        "/news/zipped-1",
        "/news/zipped-2",
        *(f"/news/listed-{n}" for n in range(3)),
    }
    assert await dead_letters(topics) == []


async def test_a_large_sitemap_is_read_off_the_event_loop(
    topics: KafkaSettings, docs: DocSite
) -> None:
    entries = "".join(
        f"<url><loc>{docs.base}/news/old-{n}</loc><lastmod>2001-01-01</lastmod></url>"
        for n in range(50_000)
    )
    docs.docs["/big.xml.gz"] = Doc(
        gzip.compress(urlset().replace("</urlset>", entries + "</urlset>").encode())
    )
    source = Source(id="big", type="sitemap", url=f"{docs.base}/big.xml.gz")
    # What reading it inline would cost on this machine now (its load included).
    settings = fetcher_settings(topics)
    body = docs.docs["/big.xml.gz"].body  # type: ignore[union-attr]
    started = time.perf_counter()
    parse_document(body, source.url or "", settings.max_discovery_bytes, "sitemap")
    inline = time.perf_counter() - started
    loop = asyncio.get_running_loop()
    gaps: list[float] = []

    async def tick() -> None:
        last = loop.time()
        while True:
            await asyncio.sleep(0.01)
            gaps.append(loop.time() - last)
            last = loop.time()

    async with running(settings, [source]) as polls:
        ticker = asyncio.create_task(tick())
        try:
            (report,) = await polls("big")
        finally:
            ticker.cancel()
    # Every item is too old: nothing to fetch, so the poll's time is reading the sitemap.
    assert report.skipped == {"too_old": 50_000}
    # Parsed inline, the loop would stall for the whole parse; in a thread, what is left are
    # the garbage collector's pauses (about a third of it).
    assert max(gaps) < 0.6 * inline, f"the event loop stalled {max(gaps):.2f}s ({inline:.2f}s)"
