"""Page chrome: the parts of a page around the article that hold other texts' names.

Navigation, sidebars, footers, comments, related-article teasers and links to other
pages carry names, dates and headlines that are not the article's. Metadata rules read
bylines and dates only outside them; an element whose class merely names a sidebar or a
widget but holds the article itself (a wrapper) is not chrome.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from .dom import text_of


def word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Containers and links that hold other articles' bylines or readers' names.
_CHROME_TAGS = frozenset({"nav", "aside", "footer"})
_CHROME_WORDS = word_set(
    "related recommended recommendations teaser teasers sidebar widget widgets "
    "comment comments commentlist respond reply replies promo popular trending "
    "recirc outbrain taboola newsletter morestories readmore leserbrief leserbriefe "
    "kommentar kommentare comentarios commentaires commenti "
)
_SPLIT_ATTR = re.compile(r"[^a-z]+")
# A teaser's byline sits this close to the headline link of the article it announces.
_TEASER_LEVELS = 2
_HEADLINE_WORDS = 4
_TEASER_CHARS = 400
# The headline's block: the headline, a standfirst and the byline.
_HEADER_CHARS = 1000
# Text (outside links) that only a container of the article itself holds.
_MIN_ARTICLE_CHARS = 1500
_AUTHOR_PAGE = re.compile(
    r"/(?:author|authors|autor|autoren|auteur|autore|redaktion|profile|profil|user|users|"
    r"people|staff|team|mitarbeiter|journalist|journalisten|columnists?)(?:/|$)|[?&]author=",
    re.I,
)


def in_chrome(element: HtmlElement) -> bool:
    """Inside navigation, a sidebar, a footer, comments or teasers, or inside a link to
    another page that is not an author's page (a teaser card)."""
    if _words(element) & _CHROME_WORDS and not _in_headline_block(element):
        return True
    for node in element.iterancestors():
        if node.tag in ("body", "html"):
            return False
        if node.tag == "a" and links_elsewhere(node):
            return True
        # An article's own <footer> or <aside> holds its byline in many themes.
        chrome = (bool(_words(node) & _CHROME_WORDS) and not _in_headline_block(node)) or (
            node.tag in _CHROME_TAGS and not node.xpath("boolean(ancestor::article)")
        )
        # A class naming a sidebar or a widget is often on a wrapper around the article.
        if chrome and not _wraps_article(node):
            return True
    return False


def beside_other_headline(element: HtmlElement, own: frozenset[str] = frozenset()) -> bool:
    """Whether ``element`` stands in a teaser: a small container a few levels up also holds a
    link with a headline's worth of words to another page (not one of the ``own`` addresses:
    blogs link a post's title to itself), and not the page's own ``<h1>``. Lists of other
    articles often carry no class that names them."""
    for level, node in enumerate([element, *element.iterancestors()]):
        if (
            level > _TEASER_LEVELS
            or node.tag in ("body", "html")
            or node.find(".//h1") is not None
            or len(text_of(node)) > _TEASER_CHARS
        ):
            return False
        for link in node.iter("a"):
            if link is element or not links_elsewhere(link) or _address(link) in own:
                continue
            if len(text_of(link).split()) >= _HEADLINE_WORDS:
                return True
    return False


def own_addresses(root: HtmlElement, url: str | None) -> frozenset[str]:
    """The page's own address and its canonical one, as links to them are written."""
    links = root.xpath("//link[translate(@rel, 'CANONICAL', 'canonical')='canonical']/@href")
    found = set()
    for value in [url, *links[:1]]:
        try:
            found.add(address(value or ""))
        except ValueError:
            continue
    return frozenset(found - {""})


def address(url: str) -> str:
    """A link's target as compared with the page's own: no scheme, host, query or end slash."""
    return urlsplit(url.strip()).path.rstrip("/")


def _address(link: HtmlElement) -> str:
    try:
        return address(link.get("href") or "")
    except ValueError:
        return ""


def _in_headline_block(node: HtmlElement) -> bool:
    """Whether ``node`` stands beside the page's ``<h1>`` in a short block: the article's
    own header, built of the site's teaser components."""
    parent = node.getparent()
    return (
        parent is not None
        and parent.tag not in ("body", "html")
        and node.find(".//h1") is None
        and parent.find(".//h1") is not None
        and len(text_of(parent)) <= _HEADER_CHARS
    )


def _wraps_article(node: HtmlElement) -> bool:
    if node.xpath("boolean(.//h1)"):
        return True
    unlinked = len(text_of(node)) - sum(len(text_of(a)) for a in node.iter("a"))
    return unlinked > _MIN_ARTICLE_CHARS


def links_elsewhere(link: HtmlElement) -> bool:
    href = (link.get("href") or "").strip()
    if not href or href.startswith(("#", "mailto:", "javascript:")):
        return False
    return link.get("rel") != "author" and not _AUTHOR_PAGE.search(href)


def _words(element: HtmlElement) -> set[str]:
    attrs = f"{element.get('class', '')} {element.get('id', '')}".lower()
    return {w for w in _SPLIT_ATTR.split(attrs) if w}
