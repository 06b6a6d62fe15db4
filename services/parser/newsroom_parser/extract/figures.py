"""Images in the markup paired with their caption and credit elements.

An image (``img`` or ``amp-img``) belongs to the nearest ``<figure>`` around it, or
else to the nearest close ancestor that holds a caption and no other image. A
caption is a ``figcaption``, an ``itemprop="caption"`` or an element whose class
names a caption; a credit is an element whose class or itemprop names one. No
site is named: these are the forms CMS templates share.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice

from lxml.html import HtmlElement

from .dom import text_of

_IMAGE_TAGS = ("img", "amp-img")
# A caption outside a <figure> sits beside its image: both at most this many levels
# below their shared container.
_MAX_CAPTION_LEVELS = 3
_MAX_FIGURE_LEVELS = 6
_CAPTION_CLASS = re.compile(r"caption|legend|leyenda|didascalia", re.I)
# Inside a caption any of these marks the credit; beside it, only the unambiguous ones
# (a "byline" next to an image in a header is the article's).
_CREDIT_IN_CAPTION = re.compile(r"credit|copyright|byline|source|attribution|photographer", re.I)
_CREDIT_BESIDE = re.compile(r"credit|copyright|attribution|photographer", re.I)
_CREDIT_PROPS = frozenset({"creditText", "copyrightHolder", "copyrightNotice"})


@dataclass(frozen=True)
class Figure:
    image: HtmlElement
    caption: HtmlElement | None
    credit: HtmlElement | None


def figures(root: HtmlElement) -> Iterator[Figure]:
    """One Figure per container, for its first image, in document order."""
    images = list(root.iter(*_IMAGE_TAGS))
    # One pass up from every caption and image: which caption each ancestor holds first
    # (document order finds the outermost first: a caption box wins over the itemprop
    # span inside it, so the credit beside that span comes along) and how many images.
    holders: dict[HtmlElement, HtmlElement] = {}
    for caption in (e for e in _caption_candidates(root) if is_caption(e)):
        for ancestor in islice(caption.iterancestors(), _MAX_CAPTION_LEVELS + 1):
            holders.setdefault(ancestor, caption)
    # Lazy loaders repeat the image in <noscript>; that copy is no second image, and
    # alone it belongs to a <figure> only (elsewhere it is a tracking pixel).
    hidden = {id(img) for img in images if img.xpath("boolean(ancestor::noscript)")}
    counts: Counter[HtmlElement] = Counter()
    for image in images:
        if id(image) not in hidden:
            counts.update(image.iterancestors())
    seen: set[HtmlElement] = set()
    for image in images:
        if _is_pixel(image):
            continue
        container = _container(image, holders, counts, id(image) in hidden)
        if container is None or container in seen:
            continue
        seen.add(container)
        caption = holders.get(container)
        if caption is None and container.tag == "figure":
            caption = next((e for e in container.iterdescendants() if is_caption(e)), None)
        yield Figure(image, caption, _credit(container, caption))


def is_caption(element: HtmlElement) -> bool:
    """figcaption, itemprop=caption or a caption class; holding no image, not mostly links."""
    if not isinstance(element.tag, str):
        return False
    marked = (
        element.tag == "figcaption"
        or "caption" in (element.get("itemprop") or "").split()
        or bool(_CAPTION_CLASS.search(element.get("class") or ""))
    )
    return marked and not _holds_image(element) and not _mostly_links(element)


def _caption_candidates(root: HtmlElement) -> Iterator[HtmlElement]:
    # A cheap first pass in document order; is_caption decides.
    for element in root.iter():
        marked = element.tag == "figcaption" or element.get("itemprop")
        if marked or _CAPTION_CLASS.search(element.get("class") or ""):
            yield element


def _holds_image(element: HtmlElement) -> bool:
    return next(element.iter(*_IMAGE_TAGS), None) is not None


def _mostly_links(element: HtmlElement) -> bool:
    # A teaser card's title is link text; a caption is not (its image may be a link).
    text = len(text_of(element))
    if not text:
        return False
    if element.xpath("boolean(ancestor::a)"):
        return True
    return 2 * sum(len(text_of(a)) for a in element.iter("a")) >= text


def _container(
    image: HtmlElement,
    holders: dict[HtmlElement, HtmlElement],
    counts: Counter[HtmlElement],
    hidden: bool,
) -> HtmlElement | None:
    for level, element in enumerate(image.iterancestors(), start=1):
        if level > _MAX_FIGURE_LEVELS or element.tag in ("body", "html"):
            return None
        if element.tag == "figure":
            return element
        if (
            not hidden
            and level <= _MAX_CAPTION_LEVELS
            and element in holders
            and counts[element] <= 1
        ):
            return element
    return None


def _is_pixel(image: HtmlElement) -> bool:
    return any((image.get(attr) or "").strip() in ("0", "1") for attr in ("width", "height"))


def _credit(container: HtmlElement, caption: HtmlElement | None) -> HtmlElement | None:
    scopes = [(container, _CREDIT_BESIDE)]
    if caption is not None:
        scopes.insert(0, (caption, _CREDIT_IN_CAPTION))
    for scope, pattern in scopes:
        for element in scope.iterdescendants():
            if not isinstance(element.tag, str) or element is caption or _holds_image(element):
                continue
            props = set((element.get("itemprop") or "").split())
            if props & _CREDIT_PROPS or pattern.search(element.get("class") or ""):
                return element
    return None
