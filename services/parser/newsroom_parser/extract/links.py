"""How much of each text block of the page is link text.

trafilatura's body drops the links (keeping them changes what it extracts), so a
block is found again in the tree by its words. Lists of links, labelled teasers
("Related: <a>…</a>") and link-only furniture are told from prose by this share.
"""

from __future__ import annotations

from lxml.html import HtmlElement

from . import boilerplate
from .dom import text_of

_BLOCK_XPATH = (
    "//*[self::p or self::li or self::h2 or self::h3 or self::h4 or self::h5 or self::h6"
    " or self::dd or self::dt or self::td or self::div or self::blockquote][.//a]"
)


def link_shares(root: HtmlElement) -> dict[str, float]:
    """Normalised block text -> share of its characters inside links (blocks with a link)."""
    shares: dict[str, float] = {}
    for element in root.xpath(_BLOCK_XPATH):
        text = text_of(element)
        if not text or len(text) > 400:
            continue
        linked = sum(len(text_of(a)) for a in element.iter("a"))
        key = boilerplate.normalise(text)
        share = min(1.0, linked / len(text))
        # The same words in two places: the less linked one decides (prose wins).
        shares[key] = min(share, shares.get(key, 1.0))
    return shares
