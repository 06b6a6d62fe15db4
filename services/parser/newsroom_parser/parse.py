"""The parser's pure core: a RawPage in, an Article out (or a ParseFailure with a reason).

No I/O here: the service, the replay job and `newsroom parse` all call `parse_raw_page`
(through the worker processes of `ParserPool`).
"""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlsplit

from newsroom_parser.extract import (
    ExtractedPage,
    ExtractionError,
    PageHints,
    count_words,
    decode_html,
)
from newsroom_parser.extract import extract_page as extract
from newsroom_parser.nlp import NlpAnalyzer, NlpResult
from newsroom_parser.version import PARSER_VERSION
from newsroom_shared.contracts import Article, NlpStatus, RawPage, content_hash, url_id

HTML_TYPES = ("text/html", "application/xhtml+xml")


class ParseFailure(Exception):
    """A page that cannot become an article; `reason` is the dead-letter reason code."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


def parse_raw_page(
    raw: RawPage, analyzer: NlpAnalyzer | None, now: datetime | None = None
) -> Article:
    if raw.content_type and raw.content_type.split(";")[0].strip().lower() not in HTML_TYPES:
        raise ParseFailure("not_html", f"content type {raw.content_type} is not HTML")
    try:
        html = decode_html(raw.body, raw.charset)
        page = extract(html, url=raw.final_url, hints=_hints(raw))
    except ExtractionError as exc:
        raise ParseFailure(exc.reason, exc.message) from exc
    nlp = (
        analyzer.analyze(page.title, page.subtitle, page.paragraphs, page.language)
        if analyzer is not None
        else NlpResult(status="skipped", reason="nlp_disabled")
    )
    return build_article(raw, page, nlp, now or datetime.now(UTC))


def _hints(raw: RawPage) -> PageHints | None:
    if raw.feed is None:
        return None
    return PageHints(
        feed_title=raw.feed.feed_title,
        item_title=raw.feed.title,
        published_at=raw.feed.published_at,
        authors=tuple(raw.feed.authors),
    )


def choose_canonical_url(fetched_canonical: str, declared: str | None) -> str:
    """Trust the page's own canonical link only where it cannot hijack another site or page.

    Sites sometimes declare their home page, or another host, as every page's canonical URL.
    """
    if not declared:
        return fetched_canonical
    ours, theirs = urlsplit(fetched_canonical), urlsplit(declared)
    if theirs.scheme not in ("http", "https") or not theirs.hostname:
        return fetched_canonical
    if _site(theirs.hostname) != _site(ours.hostname or ""):
        return fetched_canonical
    if theirs.path in ("", "/") and ours.path not in ("", "/"):
        return fetched_canonical
    return theirs._replace(fragment="").geturl()


def _site(host: str) -> str:
    host = host.lower()
    return host[4:] if host.startswith("www.") else host


def build_article(raw: RawPage, page: ExtractedPage, nlp: NlpResult, now: datetime) -> Article:
    canonical = choose_canonical_url(raw.canonical_url, page.canonical_url)
    feed = raw.feed
    title = page.title or (feed.title if feed else None)
    body = page.body
    return Article(
        id=url_id(canonical),
        version=int(raw.fetched_at.timestamp() * 1000),
        url=raw.final_url,
        canonical_url=canonical,
        source_id=raw.source_id,
        site_name=page.site_name or (feed.feed_title if feed else None),
        title=title,
        subtitle=page.subtitle,
        authors=list(page.authors) or (list(feed.authors) if feed else []),
        published_at=page.published_at or (feed.published_at if feed else None),
        modified_at=page.modified_at,
        section=page.section,
        tags=list(page.tags),
        language=page.language,
        body=body,
        paragraphs=list(page.paragraphs),
        word_count=count_words(body),
        images=list(page.images),
        entities=list(nlp.entities),
        quotes=[q.as_quote() for q in nlp.quotes],
        nlp=NlpStatus(status="ok" if nlp.status == "ok" else "skipped", reason=nlp.reason),
        parser_version=PARSER_VERSION,
        content_hash=content_hash(f"{title or ''}\n\n{body}"),
        raw_content_hash=raw.content_hash,
        fetched_at=raw.fetched_at,
        parsed_at=now,
    )
