"""extract_page: tie body and metadata extraction together."""

from __future__ import annotations

import logging
import re

from . import authors, dates, headline, images, language, metadata, metadata_sources
from .body import extract_paragraphs
from .dom import parse_html
from .errors import DOM_TOO_LARGE, INTERNAL_ERROR, NO_ARTICLE_BODY, ExtractionError
from .results import ExtractedPage, PageHints

# Fewer words than this is a stray label (a menu entry, a button), not an article.
_MIN_BODY_WORDS = 8
# Scripts written without spaces between words: Han, Hiragana, Katakana, Thai, Lao,
# Myanmar, Khmer. Two of their characters count as one word (a common word length).
_UNSPACED = re.compile(
    "[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\u31f0-\u31ff"
    "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]"
)
_CHARACTERS_PER_WORD = 2

# trafilatura and htmldate log every page they find lacking; callers report failures themselves.

for _name in ("trafilatura", "htmldate", "courlan", "charset_normalizer"):
    logging.getLogger(_name).setLevel(logging.CRITICAL)


def extract_page(
    html: str, url: str | None = None, hints: PageHints | None = None
) -> ExtractedPage:
    """Extract the article of one HTML page; raise ExtractionError if there is none."""
    try:
        return _extract(html, url, hints)
    except ExtractionError:
        raise
    except RecursionError as exc:
        raise ExtractionError(DOM_TOO_LARGE, "document nests too deeply") from exc
    except Exception as exc:  # the contract: only ExtractionError escapes
        raise ExtractionError(INTERNAL_ERROR, f"{type(exc).__name__}: {exc}") from exc


def _extract(html: str, url: str | None, hints: PageHints | None) -> ExtractedPage:
    root = parse_html(html)
    src = metadata_sources.gather(root, url)
    titles = metadata.title_candidates(src, hints)
    decks = metadata.description_candidates(src)
    site = metadata.site_name(src, hints)
    title = headline.headline(src, titles, site, hints)
    deck_elements = metadata.deck_elements(src)
    lead = [title or "", *metadata.shown_decks(src, deck_elements)]
    # The headline as cut from its chrome is a title to keep out of the body too.
    body_titles = [title, *titles] if title and title not in titles else titles
    paragraphs = extract_paragraphs(root, url, body_titles, decks, lead)
    if sum(count_words(p) for p in paragraphs) < _MIN_BODY_WORDS:
        raise ExtractionError(NO_ARTICLE_BODY, "no main text found")
    body_text = "\n".join(paragraphs)
    return ExtractedPage(
        title=title,
        subtitle=metadata.subtitle(src, title, deck_elements),
        site_name=site,
        canonical_url=metadata.canonical_url(src),
        section=metadata.section(src),
        tags=metadata.tags(src),
        language=language.language(src, body_text),
        authors=authors.authors(src, hints),
        published_at=dates.published_at(src, hints, paragraphs[:2]),
        modified_at=dates.modified_at(src),
        images=images.images(src),
        paragraphs=paragraphs,
    )


def count_words(text: str) -> int:
    """Words of a text: space-separated ones, and characters of unspaced scripts by two."""
    unspaced = len(_UNSPACED.findall(text))
    if not unspaced:
        return len(text.split())
    spaced = sum(1 for word in text.split() if not _UNSPACED.search(word))
    return spaced + -(-unspaced // _CHARACTERS_PER_WORD)
