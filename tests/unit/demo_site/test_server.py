"""The sample site over real HTTP: content types, validators, 304s, the update switch."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path
from typing import Any
from unittest import mock

import httpx
import pytest
from aiohttp import web
from aiohttp.test_utils import make_mocked_request

from newsroom_fetcher.discovery.sources import parse_sources
from newsroom_ops.demo.sample_site import (
    PLACEHOLDER,
    SITE_DIR,
    NoUpdate,
    SampleSite,
    UnknownArticle,
    _require_loopback,
    sources_yaml,
)

SEED = Path(__file__).resolve().parents[2] / "fixtures" / "seed" / "rollcall-2018-08-06.html"
UPDATABLE = "senate-broadband-bill"

HTML = "text/html; charset=utf-8"
DOCUMENT_TYPES = {
    "/": HTML,
    "/robots.txt": "text/plain; charset=utf-8",
    "/feeds/rss.xml": "application/rss+xml; charset=utf-8",
    "/feeds/atom.xml": "application/atom+xml; charset=utf-8",
    "/sitemaps/news.xml": "application/xml; charset=utf-8",
    "/sitemap_index.xml": "application/xml; charset=utf-8",
    "/private/": HTML,
}


def all_paths(manifest: dict[str, Any]) -> list[str]:
    pages = manifest["articles"] + manifest["failing_pages"]
    return list(DOCUMENT_TYPES) + [p["path"] for p in pages]


async def test_base_url_is_loopback_with_the_chosen_port(site: SampleSite) -> None:
    assert site.base_url.startswith("http://127.0.0.1:")
    assert int(site.base_url.rsplit(":", 1)[1]) > 0


async def test_documents_have_their_content_types(
    site: SampleSite, client: httpx.AsyncClient
) -> None:
    for path, content_type in DOCUMENT_TYPES.items():
        response = await client.get(site.url(path))
        assert response.status_code == 200, path
        assert response.headers["content-type"] == content_type, path


async def test_every_page_is_served_as_utf8_html(
    site: SampleSite, client: httpx.AsyncClient, manifest: dict[str, Any]
) -> None:
    for page in manifest["articles"] + manifest["failing_pages"]:
        response = await client.get(site.url(page["path"]))
        assert response.status_code == 200, page["path"]
        assert response.headers["content-type"] == HTML, page["path"]


async def test_base_url_is_substituted_everywhere(
    site: SampleSite, client: httpx.AsyncClient, manifest: dict[str, Any]
) -> None:
    for path in all_paths(manifest):
        body = (await client.get(site.url(path))).content
        assert PLACEHOLDER not in body, path
    rss = (await client.get(site.url("/feeds/rss.xml"))).text
    assert f"<link>{site.base_url}/news/local/article287341560.html</link>" in rss


async def test_the_seed_page_is_served_unchanged(
    site: SampleSite, client: httpx.AsyncClient, manifest: dict[str, Any]
) -> None:
    seed = manifest["articles"][0]
    assert seed["canonical_url"].startswith("https://rollcall.com/")
    response = await client.get(site.url(seed["path"]))
    assert response.content == SEED.read_bytes()


async def test_every_response_has_a_strong_etag_and_last_modified(
    site: SampleSite, client: httpx.AsyncClient, manifest: dict[str, Any]
) -> None:
    etags = set()
    for path in all_paths(manifest):
        response = await client.get(site.url(path))
        etag = response.headers["etag"]
        assert etag.startswith('"') and etag.endswith('"'), (path, etag)  # strong: no W/
        etags.add(etag)
        parsedate_to_datetime(response.headers["last-modified"])
        assert response.headers["cache-control"] == "no-cache"
    assert len(etags) == len(all_paths(manifest)), "distinct documents share an ETag"


async def test_last_modified_is_the_articles_own_date(
    site: SampleSite, client: httpx.AsyncClient, manifest: dict[str, Any]
) -> None:
    article = next(a for a in manifest["articles"] if a["slug"] == "port-everett-transit-budget")
    response = await client.get(site.url(article["path"]))
    assert response.headers["last-modified"] == "Tue, 26 Mar 2024 15:12:00 GMT"


async def test_validators_are_stable_across_restarts_on_the_same_url(
    manifest: dict[str, Any],
) -> None:
    # Same port, same bytes, same ETag: a restarted site does not look changed to the fetcher.
    async with SampleSite() as first, httpx.AsyncClient() as http:
        port = int(first.base_url.rsplit(":", 1)[1])
        before = (await http.get(first.url("/feeds/rss.xml"))).headers["etag"]
    async with SampleSite(port=port) as second, httpx.AsyncClient() as http:
        after = (await http.get(second.url("/feeds/rss.xml"))).headers["etag"]
    assert before == after


async def test_if_none_match_gives_304(site: SampleSite, client: httpx.AsyncClient) -> None:
    url = site.url("/feeds/atom.xml")
    first = await client.get(url)
    etag = first.headers["etag"]
    for header in (etag, f"W/{etag}", f'"other", {etag}', "*"):
        again = await client.get(url, headers={"If-None-Match": header})
        assert again.status_code == 304, header
        assert again.content == b""
        assert again.headers["etag"] == etag
        assert again.headers["last-modified"] == first.headers["last-modified"]
    changed = await client.get(url, headers={"If-None-Match": '"something-else"'})
    assert changed.status_code == 200
    assert changed.content == first.content


async def test_if_modified_since_gives_304(site: SampleSite, client: httpx.AsyncClient) -> None:
    url = site.url("/sitemaps/news.xml")
    first = await client.get(url)
    last_modified = first.headers["last-modified"]
    same = await client.get(url, headers={"If-Modified-Since": last_modified})
    assert same.status_code == 304
    later = await client.get(url, headers={"If-Modified-Since": "Fri, 01 Jan 2100 00:00:00 GMT"})
    assert later.status_code == 304
    earlier = await client.get(url, headers={"If-Modified-Since": "Mon, 01 Jan 2024 00:00:00 GMT"})
    assert earlier.status_code == 200
    junk = await client.get(url, headers={"If-Modified-Since": "yesterday-ish"})
    assert junk.status_code == 200


async def test_if_none_match_wins_over_if_modified_since(
    site: SampleSite, client: httpx.AsyncClient
) -> None:
    url = site.url("/robots.txt")
    first = await client.get(url)
    response = await client.get(
        url,
        headers={"If-None-Match": '"stale"', "If-Modified-Since": first.headers["last-modified"]},
    )
    assert response.status_code == 200


async def test_head_has_the_headers_without_the_body(
    site: SampleSite, client: httpx.AsyncClient
) -> None:
    got = await client.get(site.url("/feeds/rss.xml"))
    head = await client.head(site.url("/feeds/rss.xml"))
    assert head.status_code == 200
    assert head.content == b""
    assert head.headers["etag"] == got.headers["etag"]
    assert int(head.headers["content-length"]) == len(got.content)


async def test_unknown_paths_and_internal_files_are_not_served(
    site: SampleSite, client: httpx.AsyncClient, manifest: dict[str, Any]
) -> None:
    update_file = next(a for a in manifest["articles"] if "update" in a)["update"]["file"]
    for path in ("/nope", "/manifest.json", "/" + update_file, "/politics/../manifest.json"):
        response = await client.get(site.url(path))
        assert response.status_code == 404, path


async def test_directory_urls_without_the_slash_redirect(
    site: SampleSite, client: httpx.AsyncClient
) -> None:
    response = await client.get(site.url("/science/corvid-lunar-lander-delay"))
    assert response.status_code == 301
    assert response.headers["location"] == "/science/corvid-lunar-lander-delay/"


async def test_update_article_changes_content_etag_and_last_modified(
    site: SampleSite, client: httpx.AsyncClient
) -> None:
    article = site.article(UPDATABLE)
    url = site.url(article["path"])
    before = await client.get(url)
    version = site.update_article(UPDATABLE)
    after = await client.get(url)

    assert version.url == url
    assert after.headers["etag"] == version.etag != before.headers["etag"]
    assert after.headers["last-modified"] == version.last_modified
    assert parsedate_to_datetime(version.last_modified) > parsedate_to_datetime(
        before.headers["last-modified"]
    )
    assert article["title"] in before.text
    assert article["update"]["title"] in after.text
    assert article["update"]["adds_text"] in after.text
    assert article["update"]["adds_text"] not in before.text
    assert PLACEHOLDER.decode() not in after.text

    # A client holding the old validators gets the new page, not a 304.
    revalidated = await client.get(
        url,
        headers={
            "If-None-Match": before.headers["etag"],
            "If-Modified-Since": before.headers["last-modified"],
        },
    )
    assert revalidated.status_code == 200
    by_date = await client.get(url, headers={"If-Modified-Since": before.headers["last-modified"]})
    assert by_date.status_code == 200
    assert (await client.get(url, headers={"If-None-Match": version.etag})).status_code == 304

    assert site.update_article(UPDATABLE) == version  # idempotent
    site.reset()
    assert (await client.get(url)).content == before.content


def test_update_needs_a_running_site() -> None:
    with pytest.raises(RuntimeError, match="not been started"):
        SampleSite().update_article(UPDATABLE)


async def test_update_endpoint(site: SampleSite, client: httpx.AsyncClient) -> None:
    url = site.url(site.article(UPDATABLE)["path"])
    before = await client.get(url)
    response = await client.post(site.url(f"/_admin/update/{UPDATABLE}"))
    assert response.status_code == 200
    body = response.json()
    after = await client.get(url)
    assert body["slug"] == UPDATABLE
    assert body["url"] == url
    assert body["title"] == site.article(UPDATABLE)["update"]["title"]
    assert body["etag"] == after.headers["etag"] != before.headers["etag"]
    assert body["last_modified"] == after.headers["last-modified"]
    assert after.content != before.content

    reset = await client.post(site.url("/_admin/reset"))
    assert reset.json() == {"reset": [UPDATABLE]}
    assert (await client.get(url)).headers["etag"] == before.headers["etag"]


async def test_update_endpoint_errors(site: SampleSite, client: httpx.AsyncClient) -> None:
    assert (await client.post(site.url("/_admin/update/no-such-story"))).status_code == 404
    assert (await client.post(site.url("/_admin/update/deep-sea-microbes"))).status_code == 409
    assert (await client.get(site.url(f"/_admin/update/{UPDATABLE}"))).status_code == 404
    with pytest.raises(UnknownArticle):
        site.update_article("no-such-story")
    with pytest.raises(NoUpdate):
        site.update_article("deep-sea-microbes")


@pytest.mark.parametrize(
    ("peer", "allowed"),
    [(("127.0.0.1", 5555), True), (("::1", 5555, 0, 0), True), (("203.0.113.9", 5555), False)],
)
def test_admin_endpoints_answer_loopback_clients_only(peer: tuple[Any, ...], allowed: bool) -> None:
    transport = mock.Mock()
    transport.get_extra_info.side_effect = lambda name, default=None: (
        peer if name == "peername" else default
    )
    request = make_mocked_request("POST", f"/_admin/update/{UPDATABLE}", transport=transport)
    if allowed:
        _require_loopback(request)
    else:
        with pytest.raises(web.HTTPForbidden):
            _require_loopback(request)


async def test_requests_are_recorded(site: SampleSite, client: httpx.AsyncClient) -> None:
    await client.get(site.url("/robots.txt"), headers={"User-Agent": "probe/1"})
    await client.get(site.url("/missing"))
    robots, missing = list(site.requests)[-2:]
    assert (robots.method, robots.path, robots.status, robots.user_agent) == (
        "GET",
        "/robots.txt",
        200,
        "probe/1",
    )
    assert (missing.path, missing.status) == ("/missing", 404)


def test_sources_yaml_is_a_valid_fetcher_sources_file(manifest: dict[str, Any]) -> None:
    base = "http://127.0.0.1:8123"
    sources = parse_sources(sources_yaml(base + "/"), "demo-sources.yaml")
    docs = manifest["documents"]
    assert [(s.type, s.url) for s in sources] == [
        ("feed", base + docs["rss"]),
        ("feed", base + docs["atom"]),
        ("sitemap", base + docs["news_sitemap"]),
    ]
    assert len({s.id for s in sources}) == 3
    for source in sources:
        # Old enough to keep the 2018 seed page; no spacing needed on one loopback server.
        assert source.max_age is not None and source.max_age > 10 * 365 * 86400
        assert source.rate_limit is not None and source.rate_limit.min_delay == 0
    assert [s.poll_interval for s in parse_sources(sources_yaml(base, poll_interval="5m"))] == [
        300.0
    ] * 3


def test_site_files_all_belong_to_something(manifest: dict[str, Any]) -> None:
    # Every page on disk is either in the manifest, a second version of one, or a known extra.
    pages = {p["file"] for p in manifest["articles"] + manifest["failing_pages"]}
    pages |= {a["update"]["file"] for a in manifest["articles"] if "update" in a}
    pages |= {e["file"] for a in manifest["articles"] for e in a.get("edits", {}).values()}
    extras = {"index.html", "private/index.html"}
    on_disk = {p.relative_to(SITE_DIR).as_posix() for p in SITE_DIR.rglob("*.html")}
    assert on_disk == pages | extras


async def test_standalone_command_prints_the_url_and_stops_on_sigterm(tmp_path: Path) -> None:
    sources = tmp_path / "sources.yaml"
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "newsroom_ops.demo.sample_site",
        "--port",
        "0",
        "--sources",
        str(sources),
        stdout=asyncio.subprocess.PIPE,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert process.stdout is not None
        first = (await asyncio.wait_for(process.stdout.readline(), 30)).decode()
        assert first.startswith("Sample news site at http://127.0.0.1:")
        base = first.split(" at ", 1)[1].strip().rstrip("/")
        async with httpx.AsyncClient() as http:
            assert (await http.get(base + "/robots.txt")).status_code == 200
        rest = await asyncio.wait_for(process.stdout.readuntil(b"Press Ctrl+C to stop."), 10)
        assert str(sources).encode() in rest
        assert parse_sources(sources.read_text())[0].url == base + "/feeds/rss.xml"
        process.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(process.wait(), 10) == 0
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


def test_http_dates_are_whole_seconds_in_gmt(manifest: dict[str, Any]) -> None:
    from newsroom_ops.demo.sample_site import _parse_date

    for article in manifest["articles"]:
        parsed = _parse_date(article["modified"])
        assert parsedate_to_datetime(format_datetime(parsed, usegmt=True)) == parsed


EDITED = "harbor-district-housing-vote"


async def test_named_edits_are_served_in_place(
    site: SampleSite, client: httpx.AsyncClient, manifest: dict[str, Any]
) -> None:
    article = next(a for a in manifest["articles"] if a["slug"] == EDITED)
    url = site.url(article["path"])
    first = await client.get(url)
    noise = site.update_article(EDITED, "noise")
    served_noise = await client.get(url)
    assert served_noise.text != first.text and "Advertisement" in served_noise.text
    assert noise.etag == served_noise.headers["ETag"] != first.headers["ETag"]
    response = await client.post(site.url(f"/_admin/update/{EDITED}?edit=edit"))
    assert response.status_code == 200
    assert response.json()["title"] == article["edits"]["edit"]["title"]
    edited = await client.get(url)
    assert article["edits"]["edit"]["title"] in edited.text
    assert article["edits"]["edit"]["revision"]["quote_removed"] not in edited.text
    # Last-Modified follows the edit served.
    assert edited.headers["Last-Modified"] == "Wed, 10 Apr 2024 15:20:00 GMT"
    unknown = await client.post(site.url(f"/_admin/update/{EDITED}?edit=nope"))
    assert unknown.status_code == 409
    with pytest.raises(NoUpdate):
        site.update_article(EDITED)  # this article has edits, not an update
    site.reset()
    assert (await client.get(url)).text == first.text
