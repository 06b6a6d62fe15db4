"""Articles split into sibling chunks (ad slots between them) that trafilatura cuts short.

trafilatura keeps the first container matching its body patterns; some templates
repeat that container for every few paragraphs. When the container holding the
extracted text has same-class siblings full of prose, their paragraphs belong to
the article too.
"""

from __future__ import annotations

from lxml.html import HtmlElement

from . import boilerplate
from .dom import text_of

_ANCHOR_MIN_CHARS = 80
_MAX_LEVELS = 4
_MIN_CHUNK_PROSE = 200
_MAX_LINK_SHARE = 0.3
_PROSE_TAGS = ("p", "h2", "h3", "h4", "blockquote", "li")


def sibling_chunks(
    root: HtmlElement, paragraphs: tuple[str, ...], exclude: set[str]
) -> tuple[list[str], list[str]]:
    """Paragraphs of same-class sibling containers: (before the text, after it).

    ``exclude`` holds normalised texts (headline, captions) that must not come back.
    """
    container = _container_of(root, paragraphs)
    if container is None:
        return [], []
    known = {boilerplate.normalise(p) for p in paragraphs} | exclude
    scope = container.getparent()
    if scope is not None and scope.getparent() is not None:
        scope = scope.getparent()  # cousins too: each chunk is often wrapped once more
    if scope is None:
        return [], []
    before: list[str] = []
    after: list[str] = []
    seen_container = False
    story = _story_of(container)
    for element in scope.iter(container.tag):
        if element is container:
            seen_container = True
            continue
        if element.get("class") != container.get("class") or _related(element, container):
            continue
        if _story_of(element) is not story or _headline_between(container, element):
            continue  # another story on the same page (the next one, loaded below)
        for text in _chunk_prose(element, known):
            (after if seen_container else before).append(text)
    return before, after


def _container_of(root: HtmlElement, paragraphs: tuple[str, ...]) -> HtmlElement | None:
    anchors = {boilerplate.normalise(p) for p in paragraphs if len(p) >= _ANCHOR_MIN_CHARS}
    if not anchors:
        return None
    for paragraph in root.iter("p"):
        if boilerplate.normalise(text_of(paragraph)) not in anchors:
            continue
        element = paragraph.getparent()
        for _ in range(_MAX_LEVELS):
            if element is None:
                return None
            if element.get("class") and len(element.findall(".//p")) >= 2:
                return element
            element = element.getparent()
        return None
    return None


def _chunk_prose(chunk: HtmlElement, known: set[str]) -> list[str]:
    texts = []
    for element in chunk.iter(*_PROSE_TAGS):
        # Leaf blocks only: an <li> holding <p>s is read through its <p>s.
        if any(child.tag in _PROSE_TAGS for child in element.iterdescendants()):
            continue
        text = boilerplate.strip_shortcodes(text_of(element))
        key = boilerplate.normalise(text)
        if key and key not in known and not boilerplate.is_boilerplate_line(text):
            texts.append(text)
    total = sum(map(len, texts))
    linked = sum(len(text_of(a)) for a in chunk.iter("a"))
    if total < _MIN_CHUNK_PROSE or linked > _MAX_LINK_SHARE * total:
        return []
    return texts


def _related(a: HtmlElement, b: HtmlElement) -> bool:
    return any(x is b for x in a.iterancestors()) or any(x is a for x in b.iterancestors())


def _story_of(element: HtmlElement) -> HtmlElement | None:
    return next(element.iterancestors("article"), None)


def _headline_between(a: HtmlElement, b: HtmlElement) -> bool:
    """Whether an ``<h1>`` stands between two elements in document order: a new story."""
    first, second = (a, b) if _before(a, b) else (b, a)
    return bool(first.xpath("count(following::h1)") != second.xpath("count(following::h1)"))


def _before(a: HtmlElement, b: HtmlElement) -> bool:
    return bool(a.xpath("count(preceding::*)") < b.xpath("count(preceding::*)"))
