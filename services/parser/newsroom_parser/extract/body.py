"""Main-text extraction: trafilatura on a pre-pruned tree, then line rules."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable

import trafilatura
from lxml.etree import _Element
from lxml.html import HtmlElement

from . import boilerplate, chunks, links, preamble
from .render import block_texts

# Below this many characters trafilatura's answer is treated as a miss and the
# unpruned tree gets a second chance.
_MIN_BODY_CHARS = 250
# A block this much link text, and this short, reads as a teaser of another page.
_LINKED_SHARE = 0.8
_TEASER_CHARS = 200
# Share of the text that must remain after the blocks above the headline.
_PREAMBLE_REST = 0.5
# "Related: <a>…</a>": a label of a few words, a colon or bar, then a link.
_HEADLINE_WORDS = 3
# The heading of a comment section ("12 Comments", "Leave a reply", "Kommentare"): past the
# first third of the text, it and what follows are readers' words, not the article's.
_COMMENTS_HEADING = re.compile(
    r"^\W*(?:\d+\s+)?(?:comments?|responses?|leave a (?:reply|comment)|post a comment"
    r"|add (?:a|your) comment|join the (?:discussion|conversation)|kommentare?"
    r"|coment[áa]rios?|commentaires?|commenti|reacties|reageer)\W*$",
    re.IGNORECASE,
)
_COMMENTS_AFTER = 1 / 3
# Short items between commas, bars or semicolons, no sentence among them: a tag list.
_ITEM_LIST = re.compile(r"^[^,|;.!?\n]{1,40}(?:\s*[,|;]\s*[^,|;.!?\n]{1,40})+\W*$")
_LABELLED = re.compile(r"^\W*\w+(?:\s\w+){0,2}\s*[:|»]\s")


def extract_paragraphs(
    root: HtmlElement,
    url: str | None = None,
    titles: Iterable[str] = (),
    decks: Iterable[str] = (),
    lead: Iterable[str] = (),
) -> tuple[str, ...]:
    """Body paragraphs in order; empty when the page has no article text.

    ``lead`` holds the headline and the deks shown apart from the body: a first
    paragraph repeating one of them is dropped.
    """
    titles, decks = [t for t in titles if t], [d for d in decks if d]
    captions = boilerplate.collect_captions(root)
    pruned = copy.deepcopy(root)
    above = preamble.texts_above_headline(pruned, titles)
    boilerplate.prune_dom(pruned, decks)
    shares = links.link_shares(pruned)
    paragraphs = _clean(_run(pruned, url), titles, decks, captions, shares)
    if sum(map(len, paragraphs)) < _MIN_BODY_CHARS:
        # Pruning can take the container trafilatura needed; fall back to the raw tree.
        fallback = _clean(_run(root, url), titles, decks, captions, links.link_shares(root))
        if sum(map(len, fallback)) > sum(map(len, paragraphs)):
            paragraphs = fallback
    paragraphs = _drop_preamble(paragraphs, above)
    if paragraphs:
        exclude = {boilerplate.normalise(t) for t in [*titles, *decks, *captions]}
        before, after = chunks.sibling_chunks(pruned, paragraphs, exclude)
        paragraphs = (*before, *paragraphs, *after)
    return drop_repeated_lead(paragraphs, lead)


def drop_repeated_lead(paragraphs: tuple[str, ...], lead: Iterable[str]) -> tuple[str, ...]:
    """Drop leading paragraphs equal (words only, any case or quotes) to a lead text."""
    keys = {boilerplate.normalise(text) for text in lead if text} - {""}
    start = 0
    while start < len(paragraphs) and boilerplate.normalise(paragraphs[start]) in keys:
        start += 1
    return paragraphs[start:]


def _run(root: HtmlElement, url: str | None) -> list[tuple[_Element, str]]:
    document = trafilatura.bare_extraction(
        root,
        url=url,
        include_comments=False,
        include_tables=True,
        include_images=False,
        with_metadata=False,
    )
    body = getattr(document, "body", None)
    return [] if body is None else list(block_texts(body))


def _clean(
    blocks: list[tuple[_Element, str]],
    titles: list[str],
    decks: list[str],
    captions: list[str],
    shares: dict[str, float],
) -> tuple[str, ...]:
    judged = judge_blocks(blocks, titles, decks, captions, shares)
    return tuple(text for _, text, reason in judged if reason is None)


def judge_blocks(
    blocks: list[tuple[_Element, str]],
    titles: list[str],
    decks: list[str],
    captions: list[str],
    shares: dict[str, float] | None = None,
) -> list[tuple[_Element, str, str | None]]:
    """Each block with the reason it is dropped (None: kept).

    ``shares`` maps normalised block texts of the page to their share of link text.
    """
    title_keys = {boilerplate.normalise(t) for t in titles}
    deck_keys = {boilerplate.normalise(d) for d in decks}
    caption_keys = {boilerplate.normalise(c) for c in captions}
    judged: list[tuple[_Element, str, str | None]] = []
    seen_prose = False
    for element, raw in blocks:
        text = boilerplate.space_dateline(boilerplate.strip_shortcodes(raw))
        key = boilerplate.normalise(text)
        reason = boilerplate.boilerplate_rule(text) if key else "empty"
        # A heading repeating the headline with or without the site's affixes.
        if reason is None and (
            key in title_keys
            or (element.tag == "head" and boilerplate.matches_title(key, title_keys))
        ):
            reason = "title"
        elif reason is None and key in caption_keys:
            reason = "caption"
        elif reason is None and not seen_prose and key in deck_keys and element.tag == "head":
            # A dek repeated before the text is furniture; as a later paragraph it is prose.
            reason = "deck"
        elif reason is None and judged and judged[-1][2] == "tags" and _ITEM_LIST.match(text):
            reason = "tags"  # the list under a label on a line of its own
        seen_prose = seen_prose or reason is None
        judged.append((element, text, reason))
    if shares:
        _drop_link_teasers(judged, shares)
    _drop_comments(judged)
    # A heading with nothing after it introduces furniture (a promo, a widget).
    for index in range(len(judged) - 1, -1, -1):
        element, text, reason = judged[index]
        if reason is None and element.tag != "head":
            break
        if reason is None:
            judged[index] = (element, text, "trailing_heading")
    return judged


def _drop_link_teasers(
    judged: list[tuple[_Element, str, str | None]], shares: dict[str, float]
) -> None:
    """Two or more short link-only blocks in a row are a list of other stories (with the
    heading just above them); a lone one is a teaser only when a label introduces it."""

    def teaser(text: str) -> bool:
        share = shares.get(boilerplate.normalise(text), 0.0)
        return len(text) <= _TEASER_CHARS and share >= _LINKED_SHARE

    run: list[int] = []
    for index in [*range(len(judged)), len(judged)]:
        if index < len(judged):
            element, text, reason = judged[index]
            if reason is not None:
                continue  # a dropped line (a date, a credit) does not end the list
            if _labelled_teaser(text, shares):
                judged[index] = (element, text, "link_teaser")
                run.append(index)
                continue
            if teaser(text):
                run.append(index)
                continue
        if len(run) >= 2:
            for position in run:
                if judged[position][2] is None:
                    judged[position] = (*judged[position][:2], "link_list")
            heading = _kept_before(judged, run[0])
            if heading is not None and judged[heading][0].tag == "head":
                judged[heading] = (*judged[heading][:2], "link_list")
        run = []


def _labelled_teaser(text: str, shares: dict[str, float]) -> bool:
    # The link is a headline of a few words, not a handle or a name the label credits.
    label = _LABELLED.match(text)
    if label is None or len(text) > _TEASER_CHARS:
        return False
    rest = [word for word in text[label.end() :].split() if word[0] not in "@#"]
    return len(rest) >= _HEADLINE_WORDS and shares.get(boilerplate.normalise(text), 0) >= 0.5


def _kept_before(judged: list[tuple[_Element, str, str | None]], index: int) -> int | None:
    return next((i for i in range(index - 1, -1, -1) if judged[i][2] is None), None)


def _drop_comments(judged: list[tuple[_Element, str, str | None]]) -> None:
    kept = [i for i, (_, _, reason) in enumerate(judged) if reason is None]
    for position, index in enumerate(kept):
        if position >= len(kept) * _COMMENTS_AFTER and _COMMENTS_HEADING.match(judged[index][1]):
            for later in kept[position:]:
                judged[later] = (*judged[later][:2], "comments")
            return


def _drop_preamble(paragraphs: tuple[str, ...], above: set[str]) -> tuple[str, ...]:
    """Opening paragraphs read from above the headline go, unless they are most of the text
    (then the heading taken for the headline was not the article's)."""
    start = 0
    while start < len(paragraphs) and boilerplate.normalise(paragraphs[start]) in above:
        if paragraphs[start].endswith(preamble.LEADS_IN):
            break  # a dateline ("Springfield -") opening the text, though a menu names the town
        start += 1
    rest = sum(map(len, paragraphs[start:]))
    return (
        paragraphs[start:]
        if start and rest >= _PREAMBLE_REST * sum(map(len, paragraphs))
        else paragraphs
    )
