"""The page's metadata sources gathered once: meta tags, JSON-LD (or microdata) and the URL."""

from __future__ import annotations

import html
from collections import defaultdict
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

from lxml.html import HtmlElement

from . import jsonld, microdata


@dataclass
class Sources:
    root: HtmlElement
    url: str | None
    meta: dict[str, list[str]]
    objects: list[jsonld.JsonObject]
    article: jsonld.JsonObject | None
    # Microdata headlines are often a hidden SEO <meta>; they rank below the visible ones.
    article_from_microdata: bool = False

    def first_meta(self, *keys: str) -> str | None:
        for key in keys:
            for value in self.meta.get(key, ()):
                if value:
                    return value
        return None

    def all_meta(self, *keys: str) -> list[str]:
        return [v for key in keys for v in self.meta.get(key, ()) if v]

    def ld(self, key: str) -> Any:
        """A field of the article node, with @id references followed."""
        if self.article is None:
            return None
        return jsonld.resolve(self.article.get(key), self.objects)

    def absolute(self, link: str | None) -> str | None:
        if not link:
            return None
        link = link.strip()
        if self.url:
            try:
                return urljoin(self.url, link)
            except ValueError:
                return None
        return link


def gather(root: HtmlElement, url: str | None) -> Sources:
    meta: dict[str, list[str]] = defaultdict(list)
    for tag in root.xpath("//meta"):
        key = tag.get("property") or tag.get("name") or tag.get("itemprop") or tag.get("http-equiv")
        value = tag.get("content")
        if key and value is not None:
            # Some templates escape entities twice ("R&amp;amp;D").
            meta[key.strip().lower()].append(" ".join(html.unescape(value).split()))
    objects = jsonld.load_objects(root)
    article = jsonld.find_article(objects)
    if article is not None or not root.xpath("boolean(//*[@itemscope])"):
        return Sources(root, url, dict(meta), objects, article)
    # Microdata stands in for JSON-LD only when JSON-LD has no article.
    objects.extend(microdata.load_items(root))
    article = jsonld.find_article(objects)
    return Sources(root, url, dict(meta), objects, article, article is not None)


def text_value(value: Any) -> str | None:
    """A schema.org value as plain text: strings, {"name"}/{"@value"} objects, first of lists."""
    if isinstance(value, list):
        for item in value:
            text = text_value(item)
            if text:
                return text
        return None
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value") or value.get("text")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str):
        # JSON-LD written by templates often carries HTML entities (&amp;, &#8217;).
        text = " ".join(html.unescape(value).split())
        return text or None
    return None
