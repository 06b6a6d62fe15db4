"""From a fetched document (bytes) to the items and child sitemaps it lists. Pure: no I/O here.

What a document is comes from its content, whatever the source's type, the URL or the
Content-Type say: gzip by its magic bytes, XML by its root element (urlset or sitemapindex: a
sitemap; rss, feed or RDF: a feed), a robots.txt by its path, anything else a URL list (a text
sitemap). The source's type only picks the DeadLetter reason when nothing usable comes out.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from defusedxml.common import DefusedXmlException

from newsroom_fetcher.discovery.feeds import parse_feed
from newsroom_fetcher.discovery.listing import (
    Child,
    Discovery,
    DiscoveryError,
    Item,
    plain_item,
    recent,
)
from newsroom_fetcher.discovery.sitemap_xml import parse_sitemap_xml, root_name
from newsroom_fetcher.web.decoding import GZIP_MAGIC, TooLarge, gunzip_limited

__all__ = [
    "Child",
    "Discovery",
    "DiscoveryError",
    "Item",
    "parse_document",
    "parse_feed",
    "parse_robots",
    "parse_sitemap",
    "parse_url_list",
    "plain_item",
    "recent",
]

FEED_ROOTS = frozenset({"rss", "feed", "RDF"})
SITEMAP_ROOTS = frozenset({"urlset", "sitemapindex"})
_BOM = b"\xef\xbb\xbf"
# "Sitemap:" or "Site-map:", any case and spacing; the URL ends at white space (a comment).
_SITEMAP_LINE = re.compile(r"^\s*site-?map\s*:\s*(\S+)", re.IGNORECASE | re.MULTILINE)


def parse_document(data: bytes, url: str, max_bytes: int, expect: str = "sitemap") -> Discovery:
    """Any source document. `expect` is what the source said it is (its type: feed, sitemap,
    urls, robots, site), used for the reason of a DiscoveryError."""
    reason = _reason(expect)
    partial = False
    if data.startswith(GZIP_MAGIC):
        data, complete = _gunzip(data, max_bytes, reason)
        partial = not complete
    head = data[:1024].removeprefix(_BOM).lstrip()
    if head.startswith(b"<"):
        found = _parse_xml(data, url, expect, reason)
    elif expect == "feed":
        found = parse_feed(data, url)  # feedparser has the last word on what it can read
    elif urlsplit(url).path == "/robots.txt":
        found = parse_robots(data, url)
    else:
        found = parse_url_list(data, url, reason)
    if partial and not found.partial:
        return Discovery(found.items, found.children, partial=True)
    return found


def parse_sitemap(data: bytes, sitemap_url: str, max_bytes: int) -> Discovery:
    """A document a sitemap source or an index named: sitemap, index, feed or text list."""
    return parse_document(data, sitemap_url, max_bytes, "sitemap")


def parse_url_list(data: bytes, list_url: str, reason: str = "bad_list") -> Discovery:
    """One URL a line; blank lines and lines starting with # are ignored. Lines that are not
    URLs are kept, and counted as invalid URLs when the poll selects what to fetch."""
    text = data.decode("utf-8-sig", "replace")
    if "\x00" in text:
        raise DiscoveryError(reason, "binary data, not a list of URLs")
    lines = (line.strip() for line in text.splitlines())
    return Discovery(items=[plain_item(u, list_url) for u in lines if u and not u.startswith("#")])


def parse_robots(data: bytes, robots_url: str) -> Discovery:
    """The Sitemap lines of a robots.txt, resolved against it, each once, in order."""
    text = data.decode("utf-8-sig", "replace")
    urls = dict.fromkeys(urljoin(robots_url, m) for m in _SITEMAP_LINE.findall(text))
    return Discovery(children=[Child(u) for u in urls])


def _parse_xml(data: bytes, url: str, expect: str, reason: str) -> Discovery:
    try:
        root = root_name(data)
    except DefusedXmlException as exc:  # entity declarations come before the root
        raise DiscoveryError(reason, f"refused XML construct: {exc!r}") from exc
    if root in SITEMAP_ROOTS:
        return parse_sitemap_xml(data, url)
    if root in FEED_ROOTS or (not root and expect == "feed"):
        return parse_feed(data, url)
    what = f"root element <{root}>" if root else "XML broken before its root element"
    raise DiscoveryError(reason, f"not a sitemap or feed: {what}")


def _gunzip(data: bytes, max_bytes: int, reason: str) -> tuple[bytes, bool]:
    try:
        return gunzip_limited(data, max_bytes)
    except TooLarge as exc:
        raise DiscoveryError("too_large", str(exc)) from exc
    except OSError as exc:
        raise DiscoveryError(reason, f"bad gzip data: {exc}") from exc


def _reason(expect: str) -> str:
    return {"feed": "bad_feed", "urls": "bad_list"}.get(expect, "bad_sitemap")
