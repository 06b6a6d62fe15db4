"""XML sitemaps (urlset, Google News) and sitemap indexes, read as a stream.

Elements are taken as their end tags arrive, so a document cut short or broken half-way still
gives every <url> and <sitemap> that was complete before the break (the result is then
`partial`). defusedxml refuses entity declarations (billion laughs, external entities).
"""

from __future__ import annotations

import io
import re
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urljoin
from xml.etree.ElementTree import Element, ParseError

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from newsroom_fetcher.discovery.listing import Child, Discovery, DiscoveryError, Item, parse_date
from newsroom_shared.contracts import FeedItem

_NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
# An '&' that starts none of XML's own entities or a character reference: the commonest
# breakage of hand-made sitemaps (query strings written unescaped). Escaped before parsing.
BARE_AMP = re.compile(rb"&(?!(?:amp|lt|gt|quot|apos|#[0-9]+|#[xX][0-9a-fA-F]+);)")


def root_name(data: bytes) -> str:
    """The local name of the root element; '' when a syntax error comes before it."""
    try:
        for _event, element in ElementTree.iterparse(io.BytesIO(data), events=("start",)):
            return local_name(element.tag)
    except ParseError:
        pass
    return ""


def parse_sitemap_xml(data: bytes, url: str) -> Discovery:
    """A <urlset> or a <sitemapindex>; relative locations are resolved against `url`."""
    items: list[Item] = []
    children: list[Child] = []
    names: dict[str, str] = {}  # tag -> local name: saves a split per element
    try:
        for _event, element in ElementTree.iterparse(AmpEscaper(data), events=("end",)):
            tag = element.tag
            name = names.get(tag) or names.setdefault(tag, local_name(tag))
            if name == "url":
                loc = _child_text(element, "loc")
                if loc:
                    items.append(_item(element, _absolute(url, loc), url))
                element.clear()  # keeps memory flat over 50,000 entries
            elif name == "sitemap":
                loc = _child_text(element, "loc")
                if loc:
                    lastmod = _latest(_child_text(element, "lastmod"))
                    children.append(Child(_absolute(url, loc), lastmod))
                element.clear()
    except DefusedXmlException as exc:
        raise DiscoveryError("bad_sitemap", f"refused XML construct: {exc!r}") from exc
    except ParseError as exc:
        if not (items or children):
            raise DiscoveryError("bad_sitemap", f"not a usable sitemap: {exc}") from exc
        return Discovery(items, children, partial=True)
    return Discovery(items, children)


class AmpEscaper:
    """Reads `data` with bare '&' escaped, chunk by chunk as the parser asks for it: no copy
    of the whole document, and no long regex run that would hold the GIL (parsing runs in a
    thread beside the event loop)."""

    _LOOKAHEAD = 12  # longer than any reference the pattern keeps (&#x10FFFF;)

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._pos = 0

    def read(self, size: int) -> bytes:
        start = self._pos
        self._pos = end = min(start + max(size, 1), len(self._data))
        # The lookahead may need bytes of the next chunk: match over a window reaching past it.
        window = self._data[start : end + self._LOOKAHEAD]
        length = end - start
        if b"&" not in window[:length]:
            return window[:length]
        pieces, last = [], 0
        for match in BARE_AMP.finditer(window):
            if match.start() >= length:
                break
            pieces += [window[last : match.start()], b"&amp;"]
            last = match.end()
        pieces.append(window[last:length])
        return b"".join(pieces)


def _latest(value: str | None) -> datetime | None:
    """A child's <lastmod> as the latest moment it may mean: a bare date is any time that
    day in any time zone, so its end at UTC-12. Compared with when we read the child, an
    earlier reading would take a change made later that day for no change."""
    parsed = parse_date(value)
    if parsed is not None and value is not None and len(value.strip()) == len("2024-05-01"):
        return parsed + timedelta(hours=36)
    return parsed


def _absolute(base: str, loc: str) -> str:
    return loc if loc.startswith(("https://", "http://")) else urljoin(base, loc)


def local_name(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _item(entry: Element, url: str, sitemap_url: str) -> Item:
    news = entry.find(f"{{{_NEWS_NS}}}news")
    lastmod = parse_date(_child_text(entry, "lastmod"))
    if news is None:
        return Item(url, lastmod, FeedItem(feed_url=sitemap_url, published_at=lastmod))
    publication = news.find(f"{{{_NEWS_NS}}}publication")
    published = parse_date(_news_text(news, "publication_date")) or lastmod
    keywords = _news_text(news, "keywords") or ""
    meta = FeedItem(
        feed_url=sitemap_url,
        feed_title=_news_text(publication, "name") if publication is not None else None,
        title=_news_text(news, "title"),
        published_at=published,
        tags=[k.strip() for k in keywords.split(",") if k.strip()],
        language=_news_text(publication, "language") if publication is not None else None,
    )
    return Item(url, published, meta)


def _child_text(element: Element, name: str) -> str | None:
    for child in element:
        if local_name(child.tag) == name and child.text:
            return child.text.strip()
    return None


def _news_text(element: Element, name: str) -> str | None:
    child = element.find(f"{{{_NEWS_NS}}}{name}")
    return child.text.strip() if child is not None and child.text else None
