"""schema.org microdata (itemscope/itemprop) read into JSON-LD-shaped objects.

Pages without JSON-LD often mark the article up inline instead. Each item becomes
a dict like a JSON-LD node ("@type" from itemtype, one key per itemprop, nested
items as dicts) so the JSON-LD readers serve both.
"""

from __future__ import annotations

from typing import Any

from lxml.html import HtmlElement

from .dom import text_of
from .jsonld import JsonObject

_MAX_ITEMS = 200
_MAX_DEPTH = 12
# Where an element keeps its value instead of its text (the microdata spec's list, trimmed).
_LINK_TAGS = frozenset({"a", "link", "area"})
_URL_ATTRS = {
    "img": "src",
    "amp-img": "src",
    "audio": "src",
    "video": "src",
    "source": "src",
    "iframe": "src",
    "embed": "src",
}
_VALUE_ATTRS = {"meta": "content", "data": "value", "meter": "value"}
# A link's address is the value only for these; templates put itemprop="author" or
# "articleSection" on links whose text is what they mean.
_URL_PROPS = frozenset(
    {"url", "sameas", "mainentityofpage", "contenturl", "embedurl", "thumbnailurl", "logo", "image"}
)


def load_items(root: HtmlElement) -> list[JsonObject]:
    """Every top-level item of the page (itemscope without itemprop), in document order."""
    items: list[JsonObject] = []
    for element in root.xpath("//*[@itemscope][not(@itemprop)]")[:_MAX_ITEMS]:
        items.append(_item(element, 0))
    return items


def _item(scope: HtmlElement, depth: int) -> JsonObject:
    item: JsonObject = {}
    types = (scope.get("itemtype") or "").split()
    if types:
        item["@type"] = types if len(types) > 1 else types[0]
    if scope.get("itemid"):
        item["@id"] = scope.get("itemid")
    _collect(scope, item, depth)
    return item


def _collect(element: HtmlElement, item: JsonObject, depth: int) -> None:
    for child in element:
        if not isinstance(child.tag, str):
            continue
        names = (child.get("itemprop") or "").split()
        nested = child.get("itemscope") is not None
        for name in names:
            if nested and depth < _MAX_DEPTH:
                _add(item, name, _item(child, depth + 1))
            else:
                _add(item, name, _value(child, name))
        if not nested:
            _collect(child, item, depth)


def _add(item: JsonObject, name: str, value: Any) -> None:
    if value in (None, "", {}):
        return
    if name not in item:
        item[name] = value
    elif isinstance(item[name], list):
        item[name].append(value)
    else:
        item[name] = [item[name], value]


def _value(element: HtmlElement, name: str) -> str | None:
    tag = element.tag
    if element.get("content"):
        return element.get("content")
    if tag in _VALUE_ATTRS:
        return element.get(_VALUE_ATTRS[tag])
    if tag in _URL_ATTRS:
        return element.get(_URL_ATTRS[tag])
    if tag == "time":
        return element.get("datetime") or text_of(element)
    if tag in _LINK_TAGS and (name.lower() in _URL_PROPS or not text_of(element)):
        return element.get("href")
    return text_of(element)
