"""Texts that stand above the headline: toolbars, menus, kickers, section names.

The article starts at its headline. trafilatura sometimes takes a container that
begins higher up (an old table layout's toolbar row, a breadcrumb trail, a
kicker); the blocks it reads from above the headline are page furniture when they
open the body.
"""

from __future__ import annotations

from lxml.html import HtmlElement

from . import boilerplate
from .dom import text_of

_HEADINGS = "//h1 | //h2 | //h3 | //*[@role='heading']"
_BLOCKS = frozenset(
    {"p", "li", "td", "th", "div", "span", "a", "h2", "h3", "h4", "h5", "h6", "dd", "dt"}
)
_MAX_CHARS = 400
LEADS_IN = ("-", "\u2013", "\u2014", ":")


def texts_above_headline(root: HtmlElement, titles: list[str]) -> set[str]:
    """Normalised texts of the blocks above the first heading that shows the title."""
    keys = {boilerplate.normalise(t) for t in titles if t} - {""}
    headline = next(
        (h for h in root.xpath(_HEADINGS) if boilerplate.normalise(text_of(h)) in keys), None
    )
    if headline is None:
        return set()
    ancestors = set(headline.iterancestors())
    above: set[str] = set()
    for element in root.body.iter() if root.find("body") is not None else root.iter():
        if element is headline:
            break
        if element in ancestors or element.tag not in _BLOCKS:
            continue
        text = text_of(element)
        # A dateline or label ending in a dash or colon leads into the text below it.
        if text and len(text) <= _MAX_CHARS and not text.endswith(LEADS_IN):
            above.add(boilerplate.normalise(text))
    return above
