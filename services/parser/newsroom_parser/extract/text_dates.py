"""Dates written out in visible text: "5. März 2019", "March 5, 2019", "05.03.2019"."""

from __future__ import annotations

import re
from datetime import date

from lxml.html import HtmlElement

# Month names as they stand beside a date in a byline, a title's date affix or a name's tail
# (English with its abbreviations, German, French, Spanish): words to recognise, not to read.
_MONTH_WORDS = (
    "jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june "
    "july august september october november december januar februar märz mai juni juli "
    "oktober dezember janvier février mars avril juin juillet août septembre octobre "
    "novembre décembre enero febrero marzo abril mayo junio julio agosto septiembre octubre "
    "noviembre diciembre"
)
MONTH_WORDS = frozenset(_MONTH_WORDS.split())
_MONTHS = {
    # English, German, French, Spanish, Italian, Portuguese and Dutch names and their usual
    # abbreviations; a name two languages share is the same month in both.
    **dict.fromkeys(("january", "jan", "januar", "jänner", "janvier", "janv", "enero", "ene"), 1),
    **dict.fromkeys(("gennaio", "gen", "janeiro", "januari"), 1),
    **dict.fromkeys(("february", "feb", "februar", "février", "fevrier", "févr", "febrero"), 2),
    **dict.fromkeys(("febbraio", "fevereiro", "fev", "februari"), 2),
    **dict.fromkeys(("march", "mar", "märz", "mär", "maerz", "mars", "marzo", "março"), 3),
    **dict.fromkeys(("maart", "mrt"), 3),
    **dict.fromkeys(("april", "apr", "avril", "avr", "abril", "abr", "aprile"), 4),
    **dict.fromkeys(("may", "mai", "mayo", "maggio", "mag", "maio", "mei"), 5),
    **dict.fromkeys(("june", "jun", "juni", "juin", "junio", "giugno", "giu", "junho"), 6),
    **dict.fromkeys(("july", "jul", "juli", "juillet", "juil", "julio", "luglio", "lug"), 7),
    **dict.fromkeys(("julho",), 7),
    **dict.fromkeys(("august", "aug", "août", "aout", "agosto", "ago", "augustus"), 8),
    **dict.fromkeys(("september", "sep", "sept", "septembre", "septiembre", "setiembre"), 9),
    **dict.fromkeys(("settembre", "set", "setembro"), 9),
    **dict.fromkeys(("october", "oct", "oktober", "okt", "octobre", "octubre", "ottobre"), 10),
    **dict.fromkeys(("ott", "outubro"), 10),
    **dict.fromkeys(("november", "nov", "novembre", "noviembre", "novembro"), 11),
    **dict.fromkeys(("december", "dec", "dezember", "dez", "décembre", "decembre", "déc"), 12),
    **dict.fromkeys(("diciembre", "dic", "dicembre", "dezembro"), 12),
}
_MONTH = "(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_PATTERNS = (
    # 2019-03-05
    re.compile(r"(?<!\d)" + _YEAR + r"-(?P<num>\d\d)-(?P<day>\d\d)(?!\d)"),
    # 5. März 2019, 5 mars 2019, 1er mars 2019, 5 de marzo de 2019, 1º de março de 2019
    re.compile(
        r"(?<!\d)(?P<day>\d{1,2})(?:\.|er|º|°)?\s*(?:de\s+)?"
        + _MONTH
        + r",?\s+(?:de\s+)?"
        + _YEAR
        + r"\b",
        re.I,
    ),
    # March 5, 2019 / Mar. 5th 2019
    re.compile(r"\b" + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+" + _YEAR + r"\b", re.I),
    # 05.03.2019 and 5.3.19: dotted dates are day first in every language that writes them.
    re.compile(r"(?<![\d.])(?P<day>\d{1,2})\.(?P<num>\d{1,2})\.(?P<year>(?:19|20)?\d\d)(?![\d.])"),
    # 05/03/2019: the order depends on the page's language.
    re.compile(r"(?<![\d/])(?P<first>\d{1,2})/(?P<second>\d{1,2})/" + _YEAR + r"(?![\d/])"),
)
_PUBLISHED_LABEL = re.compile(
    r"\b(?:ver(?:ö|oe)ffentlicht|erschienen|publiziert|published|posted|publié|mis en ligne"
    r"|publicado|pubblicato|gepubliceerd)"
    r"(?:\s+(?:am|on|le|vom|el|em|il|op))?\s*:?\s*",
    re.I,
)
_BODY_TEXT = "//body//text()[not(ancestor::script or ancestor::style or ancestor::noscript)]"
# The date follows its label directly, perhaps after a weekday.
_LABEL_REACH = 24
# Dates in the byline lines just under the headline; further down they are in the story.
_HEADER_CHARS = 400
_BYLINE_CHARS = 80
_DATELINE_CHARS = 24
_HEADER_TEXT = (
    "following::text()[not(ancestor::script or ancestor::style or ancestor::noscript)]"
    "[normalize-space()][position() <= 40]"
)


def find_date(text: str, dayfirst: bool) -> date | None:
    """The earliest-placed date written in ``text``, if any."""
    best: tuple[int, date] | None = None
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            found = _to_date(match.groupdict(), dayfirst)
            if found:
                if best is None or match.start() < best[0]:
                    best = (match.start(), found)
                break
    return best[1] if best else None


def header_date(root: HtmlElement, dayfirst: bool) -> date | None:
    """The first date in the byline or dateline right after the article's headline.

    Bylines are short lines; a date inside a long sentence is one the story talks about,
    unless it opens the paragraph as a dateline ("29.11.2022 - The council ...")."""
    heading = _headline(root)
    if heading is None:
        return None
    seen = 0
    for piece in heading.xpath(_HEADER_TEXT):
        line = " ".join(str(piece).split())
        found = find_date(line if len(line) <= _BYLINE_CHARS else line[:_DATELINE_CHARS], dayfirst)
        if found:
            return found
        seen += len(line)
        if seen >= _HEADER_CHARS:
            break
    return None


def dateline_date(paragraph: str, dayfirst: bool) -> date | None:
    """The date a paragraph opens with as its dateline ("Berlin, 29.11.2022 - ...")."""
    return find_date(" ".join(paragraph[: 2 * _DATELINE_CHARS].split())[:_DATELINE_CHARS], dayfirst)


def labelled_date(root: HtmlElement, dayfirst: bool) -> date | None:
    """A date the page labels as the publication date ("Erschienen am", "Published on").

    Pages show "last modified" next to it; only the publication label is trusted."""
    # Text nodes joined with spaces: a <br> between two labelled lines separates words too.
    text = " ".join(" ".join(str(piece).split()) for piece in root.xpath(_BODY_TEXT))
    for match in _PUBLISHED_LABEL.finditer(text):
        found = find_date(text[match.end() : match.end() + _LABEL_REACH], dayfirst)
        if found:
            return found
    return None


def _headline(root: HtmlElement) -> HtmlElement | None:
    # Site logos and section names are h1s too on some sites; the headline is the wordiest.
    headings = root.xpath("//h1")
    return max(headings, key=lambda h: len(h.text_content().split()), default=None)


def _to_date(parts: dict[str, str | None], dayfirst: bool) -> date | None:
    year = int(parts["year"] or 0)
    year += 2000 if year < 100 else 0
    if parts.get("month"):
        month = _MONTHS[(parts["month"] or "").lower()]
        day = int(parts["day"] or 0)
    elif parts.get("num"):
        month, day = int(parts["num"] or 0), int(parts["day"] or 0)
    else:
        first, second = int(parts["first"] or 0), int(parts["second"] or 0)
        day, month = (first, second) if dayfirst else (second, first)
    try:
        return date(year, month, day)
    except ValueError:
        return None
