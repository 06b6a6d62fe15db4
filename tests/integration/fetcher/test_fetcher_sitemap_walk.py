"""Sitemap indexes through the real fetch path: nested ones followed breadth first, nothing read
twice, the newest children first within the per-poll cap, other sites left alone."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from doc_site import Doc, DocSite
from fetcher_helpers import dead_letters, fetcher_settings, raw_pages, running

from newsroom_fetcher.discovery.sources import Source
from newsroom_shared.settings import KafkaSettings

pytestmark = [pytest.mark.integration, pytest.mark.timeout(90)]

NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'


def urlset(*paths: str) -> str:
    body = "".join(f"<url><loc>{{base}}{p}</loc></url>" for p in paths)
    return f'<?xml version="1.0"?><urlset {NS}>{body}</urlset>'


def index(*children: str | tuple[str, str]) -> str:
    body = ""
    for child in children:
        loc, lastmod = child if isinstance(child, tuple) else (child, None)
        loc = loc if "://" in loc else "{base}" + loc
        body += f"<sitemap><loc>{loc}</loc>"
        body += f"<lastmod>{lastmod}</lastmod></sitemap>" if lastmod else "</sitemap>"
    return f'<?xml version="1.0"?><sitemapindex {NS}>{body}</sitemapindex>'


@pytest.fixture
async def docs() -> AsyncIterator[DocSite]:
    site = DocSite()
    await site.start()
    yield site
    await site.stop()


async def published(topics: KafkaSettings, base: str) -> set[str]:
    return {p.canonical_url.removeprefix(base) for p in (await raw_pages(topics)).values()}


async def test_nested_indexes_are_followed_and_nothing_is_read_twice(
    topics: KafkaSettings, docs: DocSite
) -> None:
    docs.docs = {
        "/index.xml": index(
            "/nested.xml", "/index.xml", "/loop-1.xml", "/back.xml", "/missing.xml"
        ),
        "/nested.xml": index("/leaf.xml", "/index.xml"),
        "/leaf.xml": urlset("/news/deep"),
        "/loop-1.xml": index("/loop-2.xml"),
        "/loop-2.xml": index("/loop-1.xml", "/leaf.xml", "/news-index.xml"),
        "/news-index.xml": urlset("/news/from-loop"),
        "/back.xml": Doc(status=301, headers={"Location": "/index.xml"}),
        # Four levels below the source's own: one more than this test allows.
        "/d0.xml": index("/d1.xml"),
        "/d1.xml": index("/d2.xml"),
        "/d2.xml": index("/d3.xml"),
        "/d3.xml": index("/d4.xml"),
        "/d4.xml": urlset("/news/too-deep"),
    }
    sources = [
        Source(id="maps", type="sitemap", url=f"{docs.base}/index.xml"),
        Source(id="deep", type="sitemap", url=f"{docs.base}/d0.xml"),
    ]
    async with running(fetcher_settings(topics, max_sitemap_depth=3), sources) as polls:
        (maps,) = await polls("maps")
        (deep,) = await polls("deep")

    assert await published(topics, docs.base) == {"/news/deep", "/news/from-loop"}
    read = [p for p in docs.paths() if p.endswith(".xml") and not p.startswith("/d")]
    assert sorted(read) == sorted(
        [
            "/index.xml",
            "/nested.xml",
            "/loop-1.xml",
            "/back.xml",  # its redirect back to the index is not followed
            "/missing.xml",
            "/leaf.xml",
            "/loop-2.xml",
            "/news-index.xml",
        ]
    )
    # The index itself (twice), the leaf, and loop-1 again; the redirect back to the index.
    assert maps.skipped["sitemap_repeated"] == 5
    assert deep.skipped["sitemap_too_deep"] == 1 and docs.count("/d4.xml") == 0
    assert docs.count("/d3.xml") == 1
    ((_, letter),) = await dead_letters(topics)
    assert (letter.reason, letter.details["status"]) == ("http_error", 404)
    assert letter.url == f"{docs.base}/missing.xml"


async def test_the_cap_takes_the_newest_children_and_rotates_through_the_rest(
    topics: KafkaSettings, docs: DocSite
) -> None:
    now = datetime.now(UTC)

    def ago(hours: float) -> str:
        return (now - timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M:%SZ")

    docs.docs = {
        "/index.xml": index(
            ("/archive.xml", "2001-01-01"),  # older than the source's max_age
            ("/three-hours.xml", ago(3)),
            ("/one-hour.xml", ago(1)),
            ("/two-hours.xml", ago(2)),
            "/undated-a.xml",
            "/undated-b.xml",
        ),
    }
    for name in ("archive", "three-hours", "one-hour", "two-hours", "undated-a", "undated-b"):
        docs.docs[f"/{name}.xml"] = urlset(f"/news/{name}")
    source = Source(
        id="maps", type="sitemap", url=f"{docs.base}/index.xml", max_age="1d", poll_interval=0.3
    )
    settings = fetcher_settings(topics, max_sitemaps_per_poll=2)
    async with running(settings, [source]) as polls:
        reports = await polls("maps", 3)

    polls_read: list[list[str]] = [[]]
    for path in docs.paths():
        if path == "/index.xml":
            polls_read.append([])
        elif path.endswith(".xml"):
            polls_read[-1].append(path.removesuffix(".xml").lstrip("/"))
    assert polls_read[1:4] == [
        ["one-hour", "two-hours"],  # the newest two
        ["three-hours", "undated-a"],  # those two unchanged since: the next ones
        ["undated-b", "undated-a"],  # the undated one never read, then the least recent
    ]
    assert reports[0].skipped == {"sitemap_too_old": 1, "sitemaps_over_cap": 3}
    assert reports[1].skipped == {
        "sitemap_too_old": 1,
        "sitemap_unchanged": 2,
        "sitemaps_over_cap": 1,
    }
    assert docs.count("/archive.xml") == 0
    assert "/news/archive" not in await published(topics, docs.base)


async def test_sitemaps_on_other_sites_are_followed_only_when_allowed(
    topics: KafkaSettings, docs: DocSite
) -> None:
    other = docs.base.replace("127.0.0.1", "localhost")  # another host, as far as URLs go
    docs.docs = {
        "/strict.xml": index("/own.xml", f"{other}/theirs.xml", "/hop.xml"),
        "/open.xml": index(f"{other}/welcome.xml"),
        "/own.xml": urlset("/news/own"),
        "/theirs.xml": urlset("/news/theirs"),
        "/welcome.xml": urlset("/news/welcome"),
        "/hop.xml": Doc(status=302, headers={"Location": f"{other}/theirs.xml"}),
    }
    sources = [
        Source(id="strict", type="sitemap", url=f"{docs.base}/strict.xml"),
        Source(id="open", type="sitemap", url=f"{docs.base}/open.xml", sitemap_hosts=["localhost"]),
    ]
    async with running(fetcher_settings(topics), sources) as polls:
        (strict,) = await polls("strict")
        await polls("open")

    assert await published(topics, docs.base) == {"/news/own", "/news/welcome"}
    assert docs.count("/theirs.xml") == 0  # neither listed nor reached by a redirect
    assert docs.count("/welcome.xml") == 1
    assert strict.skipped == {"sitemap_offsite": 2}
    assert await dead_letters(topics) == []


async def test_an_unchanged_sitemap_still_lists_its_pages_for_revisits(
    topics: KafkaSettings, docs: DocSite
) -> None:
    # The sitemap answers 304 from the second poll on; its pages are due for a revisit, and a
    # page may change without its sitemap changing.
    docs.docs = {"/news.xml": Doc(urlset("/news/a", "/news/b"), etag='"v1"')}
    source = Source(id="news", type="sitemap", url=f"{docs.base}/news.xml", poll_interval=0.2)
    settings = fetcher_settings(topics, revisit_after_seconds=0.1)
    async with running(settings, [source]) as polls:
        first, second = await polls("news", 2)
    assert first.outcomes == {"published": 2}
    assert [h.if_none_match for h in docs.hits if h.path == "/news.xml"][1] == '"v1"'
    assert second.discovered == 2
    assert sum(second.outcomes.values()) == 2  # both fetched again (conditionally or not)
