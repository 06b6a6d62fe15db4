"""The HTTP edge against an in-memory transport: statuses, limits, redirects, types."""

from __future__ import annotations

import asyncio
import gzip
import time

import httpx
import pytest

from newsroom_fetcher.settings import FetcherSettings
from newsroom_fetcher.web.http import FetchFailure, HttpFetcher, parse_content_type

PAGE = b"<html><body>hello</body></html>"
HTML = ("text/html", "application/xhtml+xml")


def fetcher(handler, **settings) -> HttpFetcher:  # type: ignore[no-untyped-def]
    client = httpx.AsyncClient(transport=httpx.MockTransport(handler), follow_redirects=False)
    return HttpFetcher(client, FetcherSettings(**{"max_redirects": 2, **settings}))


def response(status: int, body: bytes = b"", **headers: str) -> httpx.Response:
    # A stream, as from a real server (content=bytes would be read already).
    headers = {"content-length": str(len(body)), **headers}
    return httpx.Response(status, stream=httpx.ByteStream(body), headers=headers)


def html(body: bytes = PAGE, **headers: str) -> httpx.Response:
    return response(200, body, **{"content-type": "text/html", **headers})


async def failure(http: HttpFetcher, url: str = "https://e.com/a", **kwargs) -> FetchFailure:  # type: ignore[no-untyped-def]
    with pytest.raises(FetchFailure) as info:
        await http.get(url, max_bytes=kwargs.pop("max_bytes", 1000), media_types=HTML, **kwargs)
    return info.value


@pytest.mark.parametrize(
    ("value", "parsed"),
    [
        ("text/html; charset=UTF-8", ("text/html", "utf-8")),
        ('Text/HTML;Charset="iso-8859-1"', ("text/html", "iso-8859-1")),
        ("application/xhtml+xml", ("application/xhtml+xml", None)),
        (None, (None, None)),
    ],
)
def test_parse_content_type(value: str | None, parsed: tuple[str | None, str | None]) -> None:
    assert parse_content_type(value) == parsed


async def test_page_and_selected_headers() -> None:
    http = fetcher(lambda r: html(etag='"x"', **{"x-secret": "no", "Content-Encoding": "gzip"}))
    # A body that claims gzip must be gzip:
    assert (await failure(http)).reason == "bad_encoding"
    body = gzip.compress(PAGE)
    http = fetcher(lambda r: html(body, etag='"x"', **{"content-encoding": "gzip", "x-a": "b"}))
    got = await http.get("https://e.com/a", max_bytes=1000, media_types=HTML)
    assert got.body == PAGE and got.status == 200
    assert got.headers["etag"] == '"x"' and "x-a" not in got.headers


async def test_conditional_request_and_304() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(304)

    got = await fetcher(handler).get(
        "https://e.com/a", max_bytes=10, headers={"If-None-Match": '"x"'}, media_types=HTML
    )
    assert got.status == 304 and got.body == b""
    assert seen[0].headers["if-none-match"] == '"x"'


async def test_redirects_are_followed_and_counted() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        hops = {"/a": "/b", "/b": "https://other.example/c"}
        if request.url.path in hops:
            return httpx.Response(301, headers={"location": hops[request.url.path]})
        return html()

    checked: list[str] = []

    async def check(url: str) -> None:
        checked.append(url)

    sent: list[httpx.Request] = []

    def recording(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return handler(request)

    got = await fetcher(recording).get(
        "https://e.com/a",
        max_bytes=1000,
        media_types=HTML,
        headers={"X-Token": "secret"},
        check_hop=check,
    )
    assert got.url == "https://other.example/c"
    assert got.redirects == ["https://e.com/a", "https://e.com/b"]
    assert checked == ["https://e.com/a", "https://e.com/b", "https://other.example/c"]
    # The source's headers go to its own origin, not to another one.
    assert [r.headers.get("x-token") for r in sent] == ["secret", "secret", None]


async def test_too_many_redirects() -> None:
    loop = fetcher(lambda r: httpx.Response(302, headers={"location": "/again"}))
    assert (await failure(loop)).reason == "too_many_redirects"


async def test_sizes() -> None:
    declared = fetcher(lambda r: html(b"x" * 2000))  # Content-Length: 2000
    too_large = await failure(declared)
    assert too_large.reason == "too_large"
    assert too_large.details == {"size": 2000, "limit": 1000, "size_exact": True}

    async def stream():  # type: ignore[no-untyped-def]
        for _ in range(5):
            yield b"y" * 400

    streamed = fetcher(
        lambda r: httpx.Response(200, content=stream(), headers={"content-type": "text/html"})
    )
    too_large = await failure(streamed)
    assert too_large.details["limit"] == 1000 and too_large.details["size_exact"] is False

    bomb = gzip.compress(b" " * 100_000)
    decompressed = fetcher(lambda r: html(bomb, **{"content-encoding": "gzip"}))
    assert (await failure(decompressed)).reason == "too_large"


async def test_content_type() -> None:
    pdf = fetcher(lambda r: response(200, b"%PDF", **{"content-type": "application/pdf"}))
    bad = await failure(pdf)
    assert bad.reason == "bad_content_type" and bad.details["content_type"] == "application/pdf"
    xhtml = fetcher(lambda r: html(**{"content-type": "application/xhtml+xml; charset=utf-8"}))
    assert (await xhtml.get("https://e.com/a", max_bytes=1000, media_types=HTML)).body == PAGE


@pytest.mark.parametrize(
    ("status", "retryable"),
    [(404, False), (410, False), (403, False), (429, True), (500, True), (503, True), (408, True)],
)
async def test_statuses(status: int, retryable: bool) -> None:
    http = fetcher(lambda r: httpx.Response(status, headers={"retry-after": "7"}))
    got = await failure(http)
    assert (got.reason, got.retryable, got.status) == ("http_error", retryable, status)
    assert got.retry_after == 7.0 and got.details["status"] == status


async def test_transport_errors() -> None:
    def timeout(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    def refused(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    assert ((await failure(fetcher(timeout))).reason, True) == ("timeout", True)
    got = await failure(fetcher(refused))
    assert (got.reason, got.retryable) == ("network_error", True)


def test_a_failure_keeps_its_own_details() -> None:
    """A cached failure raised again (robots.txt) must not collect earlier callers' notes."""
    shared = {"host": "e.com"}
    first = FetchFailure("robots_unavailable", "x", details=shared)
    first.details["document"] = "https://e.com/feed"
    again = FetchFailure("robots_unavailable", "x", details=shared)
    assert again.details == {"host": "e.com"}
    assert FetchFailure("http_error", "x", status=503, details=shared).details == {
        "host": "e.com",
        "status": 503,
    }


def trickle(body: bytes, every: float):  # type: ignore[no-untyped-def]
    async def stream():  # type: ignore[no-untyped-def]
        for byte in body:
            await asyncio.sleep(every)
            yield bytes([byte])

    return lambda r: httpx.Response(200, content=stream(), headers={"content-type": "text/html"})


async def test_a_trickling_body_is_cut_once_it_falls_below_the_rate_floor() -> None:
    # 20 bytes a second against a floor of 200: cut soon after the grace period, long before
    # the total timeout, and not worth a retry (it would only trickle again).
    http = fetcher(
        trickle(PAGE * 10, 0.05),
        min_body_rate_bytes_per_second=200.0,
        slow_body_grace_seconds=0.3,
        total_timeout_seconds=20.0,
    )
    started = time.monotonic()
    slow = await failure(http, max_bytes=10_000)
    assert time.monotonic() - started < 1.5
    assert (slow.reason, slow.retryable) == ("too_slow", False)
    assert 0 < int(slow.details["received"] or 0) < len(PAGE * 10)
    assert slow.details["min_rate"] == 200.0


async def test_a_body_over_the_total_deadline_is_too_slow_not_a_timeout_to_retry() -> None:
    http = fetcher(
        trickle(PAGE, 0.02),
        min_body_rate_bytes_per_second=1.0,
        slow_body_grace_seconds=0.1,
        total_timeout_seconds=0.3,
    )
    slow = await failure(http)
    assert (slow.reason, slow.retryable) == ("too_slow", False)
    assert slow.details["deadline"] == 0.3


async def test_a_steady_body_above_the_floor_is_read() -> None:
    http = fetcher(
        trickle(PAGE, 0.001),
        min_body_rate_bytes_per_second=200.0,
        slow_body_grace_seconds=0.3,
    )
    assert (await http.get("https://e.com/a", max_bytes=1000, media_types=HTML)).body == PAGE


async def test_no_response_within_the_total_deadline_is_a_timeout_to_retry() -> None:
    async def hang(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(5)
        return html()

    got = await failure(fetcher(hang, total_timeout_seconds=0.2))
    assert (got.reason, got.retryable) == ("timeout", True)
