"""The pure parts of a crawl: the RawPage made of a response, the exhausted-retries failure."""

from __future__ import annotations

from datetime import UTC, datetime

from newsroom_fetcher.web.crawler import Target, exhausted, make_raw_page
from newsroom_fetcher.web.http import Fetched, FetchFailure
from newsroom_shared.contracts import FeedItem, RawPage, content_hash, url_id
from newsroom_shared.serialization import decode, encode

NOW = datetime(2024, 5, 1, 12, tzinfo=UTC)


def test_raw_page_from_a_response() -> None:
    target = Target(
        url="https://e.com/a?utm_source=x",
        canonical_url="https://e.com/a",
        source_id="src",
        feed=FeedItem(feed_url="https://e.com/feed", title="A"),
    )
    body = b"<html>a</html>"
    fetched = Fetched(
        url="https://e.com/final",
        status=200,
        body=body,
        headers={"content-type": "text/html; charset=ISO-8859-1", "etag": '"e"'},
        redirects=["https://e.com/a?utm_source=x"],
        elapsed_ms=12.5,
    )
    page = make_raw_page(target, fetched, content_hash(body), NOW)
    assert page.page_id == url_id("https://e.com/a") == target.key
    assert (page.requested_url, page.final_url) == (target.url, "https://e.com/final")
    assert (page.content_type, page.charset, page.etag) == ("text/html", "iso-8859-1", '"e"')
    assert page.last_modified is None and page.fetched_at == NOW
    assert page.feed is not None and page.feed.title == "A"
    assert decode(RawPage, encode(page)) == page  # survives the wire


def test_exhausted_keeps_the_last_cause() -> None:
    last = FetchFailure("http_error", "HTTP 503", retryable=True, status=503)
    failure = exhausted(last, 4)
    assert failure.reason == "retries_exhausted" and not failure.retryable
    assert failure.details == {"status": 503, "last_reason": "http_error", "attempts": 4}
