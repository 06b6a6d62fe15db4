"""Title, dek, site name, canonical URL, section and tags from the page's sources."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from lxml.html import HtmlElement

from . import jsonld
from .chrome import beside_other_headline, in_chrome, own_addresses
from .dom import text_of
from .headline import heading_text
from .metadata_sources import Sources, text_value
from .results import PageHints

_DECK_XPATH = "//*[self::h2 or self::p or self::div or self::span][@class]"
# Credits, not a dek: an element holding time stamps or a byline's parts, or one inside
# (or being) an author box.
_CREDITS_XPATH = (
    ".//time"
    " | .//*[@class][re:test(@class, '(^|[^a-z])(byline|author|date|name)([^a-z]|$)', 'i')]"
    " | ancestor-or-self::*[@class]"
    "[re:test(@class, '(^|[^a-z])(author|bio|byline)([^a-z]|$)', 'i')]"
)
_DECK_CLASS = re.compile(
    r"(^|[^a-z])(dek|deck|subtitle|sub-title|subhead|sub-head|subheadline|"
    r"standfirst|strapline|kicker-summary|article-summary|summary|lede|excerpt)([^a-z]|$)",
    re.I,
)
_MAX_DECK_ELEMENTS = 5
_REGEXP_NS = {"re": "http://exslt.org/regular-expressions"}
# Links in a box whose class names tags ("field--name-field-tags", "post-tags", "tag-list"),
# outside navigation and sidebars, where tag clouds live.
_REL_TAG_XPATH = "//a[contains(concat(' ', @rel, ' '), ' tag ')]"
_TAG_LINKS_XPATH = (
    "//*[contains(translate(@class, 'TAGKEYWORDS', 'tagkeywords'), 'tag') or "
    "contains(translate(@class, 'KEYWORDS', 'keywords'), 'keywords')]"
    "[re:test(@class, '(^|[^a-z])(tags|tag-?list|keywords)([^a-z]|$)', 'i')]"
    "[not(ancestor-or-self::nav or ancestor-or-self::aside)]//a"
)
_MAX_TAGS = 30
_PARAGRAPH_CHARS = 80
_MACHINE_TAG = re.compile(r"[_@:=<>{}]|\b[A-Z]+_[A-Z]+\b")


def title_candidates(src: Sources, hints: PageHints | None) -> list[str]:
    """Every headline the page offers, best first (also used to spot it in the body)."""
    headline = text_value(src.ld("headline"))
    values = [
        None if src.article_from_microdata else headline,
        src.first_meta("og:title"),
        src.first_meta("twitter:title"),
        _first_text(src, "//h1"),
        headline,
        _title_tag(src),
        text_value(src.ld("name")),
        hints.item_title if hints else None,
    ]
    return _unique(v for v in values if v)


def description_candidates(src: Sources) -> list[str]:
    values = [
        text_value(src.ld("description")),
        src.first_meta("og:description"),
        src.first_meta("twitter:description"),
        src.first_meta("description"),
    ]
    return _unique(v for v in values if v)


def subtitle(src: Sources, headline: str | None, decks: list[HtmlElement]) -> str | None:
    """The dek: marked-up deck element (of `deck_elements`), alternativeHeadline, else the
    description."""
    deck = _markup_deck(decks)
    if deck and deck != headline:
        return deck
    alternative = text_value(src.ld("alternativeHeadline"))
    if alternative and alternative != headline:
        return alternative
    candidates = [d for d in description_candidates(src) if d != headline]
    return candidates[0] if candidates else None


def shown_decks(src: Sources, decks: list[HtmlElement]) -> list[str]:
    """Deks the page shows apart from its body, for spotting one repeated as the first paragraph.

    A deck-class element with prose paragraphs beside it is the body's own lede
    (``<p class="lede">``), and the meta description is often the lede itself: neither counts.
    """
    shown = [text_of(element) for element in decks if not _among_paragraphs(element)]
    shown.append(text_value(src.ld("alternativeHeadline")) or "")
    return _unique(d for d in shown if 15 <= len(d) <= 400)


def _among_paragraphs(element: HtmlElement) -> bool:
    parent = element.getparent()
    if parent is None:
        return False
    siblings = (p for p in parent.iterchildren("p") if p is not element)
    return sum(len(text_of(p)) >= _PARAGRAPH_CHARS for p in siblings) >= 2


def site_name(src: Sources, hints: PageHints | None) -> str | None:
    publisher = jsonld.resolve(src.ld("publisher"), src.objects)
    website = jsonld.find_typed(src.objects, {"website"})
    values = [
        src.first_meta("og:site_name"),
        text_value(publisher) if isinstance(publisher, dict) else None,
        text_value(website.get("name")) if website else None,
        src.first_meta("application-name", "apple-mobile-web-app-title"),
        hints.site_name if hints else None,
    ]
    return next((v for v in values if v), None)


def canonical_url(src: Sources) -> str | None:
    links = src.root.xpath("//link[translate(@rel, 'CANONICAL', 'canonical')='canonical']/@href")
    main_entity = src.ld("mainEntityOfPage")
    if isinstance(main_entity, dict):
        main_entity = main_entity.get("@id") or main_entity.get("url")
    values = [
        links[0] if links else None,
        src.first_meta("og:url"),
        text_value(src.ld("url")),
        main_entity if isinstance(main_entity, str) else None,
        src.url,
    ]
    for value in values:
        absolute = src.absolute(value)
        if absolute and absolute.startswith(("http://", "https://")):
            return absolute
    return None


def section(src: Sources) -> str | None:
    values = [
        src.first_meta("article:section"),
        text_value(src.ld("articleSection")),
        src.first_meta("section", "parsely-section", "sailthru.section", "category"),
    ]
    return next((v for v in values if v), None)


def tags(src: Sources) -> tuple[str, ...]:
    """The first source that lists tags wins: mixing sources mixes vocabularies."""
    sources: list[Callable[[], list[str]]] = [
        lambda: src.all_meta("article:tag"),
        lambda: _keywords(src.ld("keywords")),
        lambda: [text_of(a) for a in src.root.xpath(_REL_TAG_XPATH)],
        lambda: [text_of(a) for a in src.root.xpath(_TAG_LINKS_XPATH, namespaces=_REGEXP_NS)],
        lambda: _split_keywords(src.all_meta("news_keywords", "parsely-tags", "sailthru.tags")),
        lambda: _split_keywords(src.all_meta("keywords")),
    ]
    for read in sources:
        cleaned = _unique(t.strip(" #") for t in read() if _is_tag(t))
        if cleaned:
            return tuple(cleaned[:_MAX_TAGS])
    return ()


def _is_tag(tag: str) -> bool:
    # CMS-internal markers ("ctp_video", "@post-id:1", "False") are not editorial tags.
    return (
        0 < len(tag) <= 80
        and not _MACHINE_TAG.search(tag)
        and tag.casefold() not in {"true", "false", "null", "none"}
    )


def _keywords(value: Any) -> list[str]:
    if isinstance(value, str):
        return _split_keywords([value])
    if isinstance(value, list):
        return [t for t in (text_value(v) for v in value) if t]
    return []


def _split_keywords(values: list[str]) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def _markup_deck(decks: list[HtmlElement]) -> str | None:
    for element in decks:
        text = text_of(element)
        if 15 <= len(text) <= 400:
            return text
    return None


def deck_elements(src: Sources) -> list[HtmlElement]:
    """Elements whose class marks a dek (a DOM scan: done once per page)."""
    found = []
    own = own_addresses(src.root, src.url)
    for element in src.root.xpath(_DECK_XPATH):
        if (
            _DECK_CLASS.search(element.get("class", ""))
            and not _credits(element)
            # a trending box's "excerpt", a teaser's "summary"
            and not in_chrome(element)
            and not beside_other_headline(element, own)
        ):
            found.append(element)
            if len(found) == _MAX_DECK_ELEMENTS:
                break
    return found


def _credits(element: HtmlElement) -> bool:
    """A "subhead" holding the byline and the time stamps ("<span class=…-name>",
    "<time>") is the article's credits, not its dek; so is an author box's "dek" (the
    writer's biography)."""
    return bool(element.xpath(_CREDITS_XPATH, namespaces=_REGEXP_NS))


def _first_text(src: Sources, xpath: str) -> str | None:
    for element in src.root.xpath(xpath)[:3]:
        text = heading_text(element)
        if text:
            return text
    return None


def _title_tag(src: Sources) -> str | None:
    found = src.root.xpath("//head/title")
    return text_of(found[0]) or None if found else None


def _unique(values: Any) -> list[str]:
    seen: set[str] = set()
    out = []
    for value in values:
        key = value.casefold()
        if key not in seen:
            seen.add(key)
            out.append(value)
    return out
