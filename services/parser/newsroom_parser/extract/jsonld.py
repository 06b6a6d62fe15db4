"""schema.org JSON-LD: find the article node among scripts, @graph forms and lists."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from lxml.html import HtmlElement

ARTICLE_TYPES = frozenset(
    {
        "article",
        "newsarticle",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "reviewnewsarticle",
        "backgroundnewsarticle",
        "blogposting",
        "socialmediaposting",
        "liveblogposting",
        "scholarlyarticle",
        "techarticle",
        "report",
        "advertisercontentarticle",
        "satiricalarticle",
        "posting",
    }
)
_PAGE_TYPES = frozenset({"webpage", "itempage", "collectionpage"})
_TRAILING_COMMA = re.compile(r",\s*([}\]])")
_MAX_NODES = 2_000

JsonObject = dict[str, Any]


def load_objects(root: HtmlElement) -> list[JsonObject]:
    """Every JSON object in the page's ld+json scripts, flattened out of lists and @graph."""
    found: list[JsonObject] = []
    for script in root.xpath("//script[contains(translate(@type, 'JSONLD', 'jsonld'), 'ld+json')]"):
        data = _parse(script.text or "")
        if data is not None:
            found.extend(_flatten(data))
        if len(found) > _MAX_NODES:
            break
    return found[:_MAX_NODES]


def find_article(objects: list[JsonObject]) -> JsonObject | None:
    """The first article-typed node; a WebPage's mainEntity article counts too."""
    for obj in objects:
        if types_of(obj) & ARTICLE_TYPES:
            return obj
    for obj in objects:
        if types_of(obj) & _PAGE_TYPES:
            main = obj.get("mainEntity")
            if isinstance(main, dict) and types_of(main) & ARTICLE_TYPES:
                return main
    return None


def find_typed(objects: list[JsonObject], wanted: set[str]) -> JsonObject | None:
    return next((obj for obj in objects if types_of(obj) & wanted), None)


def resolve(value: Any, objects: list[JsonObject]) -> Any:
    """Follow a bare {"@id": ...} reference to the node that defines it."""
    if isinstance(value, dict) and set(value) == {"@id"}:
        target = value["@id"]
        for obj in objects:
            if obj.get("@id") == target and len(obj) > 1:
                return obj
    return value


def types_of(obj: JsonObject) -> set[str]:
    raw = obj.get("@type")
    values = raw if isinstance(raw, list) else [raw]
    return {v.rsplit("/", 1)[-1].lower() for v in values if isinstance(v, str)}


def _parse(text: str) -> Any:
    text = text.strip()
    if not text:
        return None
    # CMS templates often leave CDATA wrappers, raw newlines in strings or trailing commas.
    text = text.removeprefix("<!--").removesuffix("-->").strip()
    text = text.replace("/*<![CDATA[*/", "").replace("/*]]>*/", "")
    for candidate in (text, _TRAILING_COMMA.sub(r"\1", text.replace("\n", " "))):
        try:
            return json.loads(candidate, strict=False)
        except (ValueError, RecursionError):
            continue
    return None


def _flatten(data: Any, depth: int = 0) -> Iterator[JsonObject]:
    if depth > 4:
        return
    if isinstance(data, list):
        for item in data:
            yield from _flatten(item, depth + 1)
    elif isinstance(data, dict):
        graph = data.get("@graph")
        if isinstance(graph, (list, dict)):
            yield from _flatten(graph, depth + 1)
        if "@type" in data:
            yield data
