"""The headline: the title a page's own sources agree on, without site and section chrome.

A page names its article in several places: the JSON-LD headline, og:title and
twitter:title, ``<title>`` and the visible ``<h1>`` (on layouts whose ``<h1>`` is the
site's logo, an ``<h2>``). Meta titles wrap the headline in chrome: the site's name
("… | Example Times", "EXAMPLE NEWS | …"), a section or kicker ("Local - …"), a date
("… : 14.03.2021, 09.15 Uhr", "… (2021/5)") or a slogan after the site's name.

1. A visible heading that a meta title repeats, alone or with affixes set off by
   separators, is the headline: the page's sources agree on it.
2. An article ``<h1>`` that words the story differently from the meta titles (sharing a
   word with the first of them) is the headline: it is what readers see.
3. Otherwise the first candidate that is not the site's own name and that the page shows
   once the affixes that name the site (and any slogan after it), sections and dates are
   cut off: an SEO title the page never shows gives way to one it does. Where the page
   shows only a part of it, short segments set off by dashes or bars left out ("Site -
   News - <headline>"), that part. Of three or more segments set off by bars, the one
   long one is the headline even where no site is named ("EXAMPLE | Science | …").
   Words before a colon ("Local News: …") go where a heading shows the rest alone.
4. A title that is the site's name with a slogan the page does not show is the same on
   every page of an old site: an ``<h2>``, ``<h3>`` or headline-classed element names the
   article there.

The site's name is learned from the page itself (`site_name`). No site is named here.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from lxml.html import HtmlElement

from .chrome import in_chrome
from .metadata_sources import Sources, text_value
from .results import PageHints
from .site_name import MAX_SECTION_WORDS, SEPARATOR, Site, segments, site_of
from .text_dates import MONTH_WORDS


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# A bracketed end of a title: "<headline> (Example Times)".
_BRACKETED_END = re.compile(r"\s*[(\[]([^()\[\]]{2,60})[)\]]\s*$")
_SEPARATOR_MARKS = " |-–—:·»›•/~«‹"
_KICKER_CLASS = re.compile(
    r"(^|[^a-z])(kicker|dachzeile|topline|overline|eyebrow|spitzmarke|roofline|supertitle"
    r"|surtitre|antetitulo|occhiello)([^a-z]|$)",
    re.I,
)
# Marks that set off a site's sections in old title bars, unlike dashes and colons.
_SECTION_MARK = re.compile(r"\s*(?:[|│┃»›>/]|>>|::)\s*")
# Dashes, quotes and spaces written in different ways by different sources of one page.
_UNIFY = str.maketrans({"–": "-", "—": "-", "‒": "-", "’": "'", "‘": "'", "“": '"', "”": '"'})
_WORD = re.compile(r"\w+", re.UNICODE)
_NUMBER = re.compile(r"^[0-9]+$")
# Words of a segment that is a date or time and nothing else ("14.03.2021, 09.15 Uhr").
_DATE_WORDS = MONTH_WORDS | _word_set(
    "uhr h am pm monday tuesday wednesday thursday friday saturday sunday montag dienstag "
    "mittwoch donnerstag freitag samstag sonntag"
)
_MAX_HEADINGS = 5
_MAX_HEADING_CHILDREN = 3
_MAX_HEADLINE_CHARS = 300
_MIN_SHOWN_CHARS = 500
_REGEXP_NS = {"re": "http://exslt.org/regular-expressions"}
_HEADLINE_CLASS_XPATH = (
    "//body//*[re:test(@class, '(^|[^a-z])(headline|head-line|hed|story-?title|article-?title"
    "|post-?title|entry-?title)([^a-z]|$)', 'i')]"
)
# A heading repeated in a meta title must carry this share of its words: a section name
# ("News") repeated in "News - <headline> | Site" is not the headline.
_MIN_HEADING_SHARE = 0.4
# Words this long that a reworded <h1> shares with a meta title ("the", "und" are not news).
_MIN_SHARED_CHARS = 4


def headline(
    src: Sources, candidates: list[str], site_name: str | None, hints: PageHints | None = None
) -> str | None:
    """The headline of the page; ``candidates`` are its titles, best source first."""
    if not candidates:
        return None
    site = site_of(src, site_name)
    metas = [m for m in _meta_titles(src, hints) if not site.is_named(m)]
    h1s = [h for h in _headings(src.root, "h1") if not site.is_named(h)]
    agreed = _repeated(h1s, metas, site)
    if agreed is None and all(site.names_it(h) for h in h1s):
        # The <h1> is the site's logo or missing: old layouts put the headline in an <h2>.
        agreed = _repeated(list(_headings(src.root, "h2")), metas, site)
    if agreed is not None:
        return strip_affixes(agreed, site)
    reworded = _reworded_h1(src.root, metas, site)
    if reworded is not None:
        return reworded
    # No heading is confirmed: the best candidate that is not the site's name and that the
    # page shows once its affixes are cut (an SEO title or every page's "Example Online:
    # Breaking News" is not).
    shown = _Shown(src.root)
    named = [c for c in candidates if not site.names_it(c)]
    for candidate in named:
        stripped = strip_affixes(candidate, site)
        if stripped in shown:
            return stripped
        part = _shown_part(stripped, shown)
        if part is not None:
            return part
        if not _affixed_title(candidate, site):
            return stripped
    if named:
        heading = _heading_after_kicker(strip_affixes(named[0], site), src.root)
        if heading is not None:
            return heading
    # A title that starts with the site's name and shows nothing more is site-wide: old
    # layouts name the article in a lesser heading.
    if not named or _starts_with_site(named[0], site):
        fallback = (h for h in _fallback_headings(src.root) if not site.names_it(h))
        heading = next(fallback, None)
        if heading is not None:
            return strip_affixes(heading, site)
    return strip_affixes(named[0] if named else candidates[0], site)


def _reworded_h1(root: HtmlElement, metas: list[str], site: Site) -> str | None:
    """The article's ``<h1>`` where the meta titles word the same story differently (an
    SEO title, an earlier version of the headline): readers see the ``<h1>``. It shares a
    word with the first meta title, the page's best (a widget's "Latest comments" or a
    logo's "Navigation" shares none), and holds no meta title with more around it (a meta
    title with a date or a subtitle glued on); a ``<title>`` that repeats it confirms it."""
    element = next((e for e in root.iter("h1") if heading_text(e) and not in_chrome(e)), None)
    texts = _heading_texts(element) if element is not None else []
    if not texts or site.names_it(texts[0]) or is_date(texts[0]):
        return None
    heading = texts[0]
    words = _WORD.findall(_unify(heading))
    if len(words) < 2 or len(heading) > _MAX_HEADLINE_CHARS:
        return None
    own = {w for w in words if len(w) >= _MIN_SHARED_CHARS and not w.isdigit()}
    for meta in metas:
        core = _words_of(strip_affixes(meta, site))
        if any(core in _words_of(t) and core != _words_of(t) for t in texts):
            return None
    if not metas or not own & set(_WORD.findall(_unify(metas[0]))):
        return None
    return strip_affixes(heading, site)


class _Shown:
    """The words of the page's body, read once and only when asked for."""

    def __init__(self, root: HtmlElement) -> None:
        self._root = root
        self._words: str | None = None

    def __contains__(self, text: str) -> bool:
        if self._words is None:
            body = self._root.find("body")
            # Text nodes apart: block elements side by side would otherwise glue words.
            self._words = _words_of(" ".join(body.itertext())) if body is not None else ""
        words = _words_of(text)
        # A page whose body is written by scripts shows nothing to compare with.
        return bool(words) and (len(self._words) < _MIN_SHOWN_CHARS or words in self._words)


def _words_of(text: str) -> str:
    return " " + " ".join(_WORD.findall(_unify(text))) + " "


def _affixed_title(title: str, site: Site) -> bool:
    """Whether ``title`` carries affixes that name the site (or sections or dates)."""
    return strip_affixes(title, site) != title


def _starts_with_site(title: str, site: Site) -> bool:
    parts = list(segments(title))
    return len(parts) >= 2 and site.names_it(parts[0][0])


def _fallback_headings(root: HtmlElement) -> Iterator[str]:
    """Headings in old layouts: ``<h2>``, ``<h3>``, then elements classed as a headline;
    not the headings of sidebars, widgets and teasers ("Search", "Recent posts")."""
    yield from _headings(root, "h2", outside_chrome=True)
    yield from _headings(root, "h3", outside_chrome=True)
    for element in root.xpath(_HEADLINE_CLASS_XPATH, namespaces=_REGEXP_NS)[:_MAX_HEADINGS]:
        if in_chrome(element):
            continue
        text = heading_text(element)
        if text and len(text) <= _MAX_HEADLINE_CHARS:
            yield text


def _meta_titles(src: Sources, hints: PageHints | None) -> list[str]:
    """Titles the page states for machines (as opposed to the headings it shows)."""
    structured = text_value(src.ld("headline"))
    values = [
        None if src.article_from_microdata else structured,
        src.first_meta("og:title"),
        src.first_meta("twitter:title"),
        structured if src.article_from_microdata else None,
        _title_tag(src),
        text_value(src.ld("name")),
        hints.item_title if hints else None,
    ]
    return [v for v in values if v]


def _title_tag(src: Sources) -> str | None:
    found = src.root.xpath("//head/title")
    return heading_text(found[0]) or None if found else None


def strip_affixes(title: str, site: Site) -> str:
    """``title`` without the segments that name the site (and any slogan after a site's
    name that follows the headline), a section next to the site's name, or only a date."""
    bracketed = _BRACKETED_END.search(title)
    if bracketed and bracketed.start() > 0 and site.names_it(bracketed.group(1)):
        title = title[: bracketed.start()]  # "<headline> (Example Times)"
    parts = list(segments(title))
    if len(parts) < 2:
        return title
    lone = _lone_long_segment(title, parts)
    if lone is not None:
        return lone
    start, end = 0, len(parts)
    if site.names_it(parts[0][0]):
        start = 1
    for k in range(max(start, 1), end):
        if site.names_it(parts[k][0]) or site.spelled_by_host(parts[k][0]):
            end = k
            break
    # "EXAMPLE NEWS | Technology | <headline>": a section the page links to, or short
    # segments between the site's name and a longer last one set off by bars or arrows
    # ("EXAMPLE NEWS | UK | Education | <headline>"); dashes and colons also stand inside
    # headlines ("Site - Puppies - Tips for every breed", "Site | Iraq: <headline>").
    while (
        start == 1
        and end - start > 1
        and (
            site.is_section(parts[start][0])
            or (
                len(parts[start][0].split()) <= MAX_SECTION_WORDS
                and _SECTION_MARK.fullmatch(title[parts[start][2] : parts[start + 1][1]])
                is not None
                and len(parts[start][0].split()) < len(parts[end - 1][0].split())
            )
        )
    ):
        parts.pop(start)
        end -= 1
    # "<headline> | Technology | EXAMPLE NEWS"; after a colon it is the headline's own end
    # ("… in Review: Designer Name"), which may be a link too. Unlinked short segments
    # count only when bars set them off ("<headline> | UK | Education | EXAMPLE NEWS").
    while (
        end < len(parts)
        and end - start > 1
        and ":" not in title[parts[end - 2][2] : parts[end - 1][1]]
        and (
            site.is_section(parts[end - 1][0])
            or (
                len(parts[end - 1][0].split()) <= MAX_SECTION_WORDS
                and _SECTION_MARK.fullmatch(title[parts[end - 2][2] : parts[end - 1][1]])
                is not None
                and len(parts[end - 1][0].split()) < len(parts[start][0].split())
            )
        )
    ):
        end -= 1
    while end - start > 1 and is_date(parts[start][0]):
        start += 1
    while end - start > 1 and is_date(parts[end - 1][0]):
        end -= 1
    if start >= end:
        return title
    return title[parts[start][1] : parts[end - 1][2]].strip()


def _lone_long_segment(title: str, parts: list[tuple[str, int, int]]) -> str | None:
    """ "EXAMPLE | Science | <headline>", "<headline> | Science | EXAMPLE": of three or more
    segments set off by bars or arrows, the only one longer than a section's name. Headlines
    do not hold two bars, so this needs no site name (old pages often state none)."""
    if len(parts) < 3:
        return None
    marks = (title[a[2] : b[1]] for a, b in itertools.pairwise(parts))
    if not all(_SECTION_MARK.fullmatch(mark) for mark in marks):
        return None
    long = [text for text, _, _ in parts if len(text.split()) > MAX_SECTION_WORDS]
    return long[0] if len(long) == 1 else None


def _heading_after_kicker(title: str, root: HtmlElement) -> str | None:
    """The part of "Business News: <headline>" after a section's or a kicker's words and a
    colon, where an element of the page shows that part alone, as headings are shown (a
    colon stays elsewhere: it joins a headline's own parts)."""
    kicker, colon, rest = title.partition(": ")
    if not colon or not rest or len(kicker.split()) > MAX_SECTION_WORDS:
        return None
    words = _words_of(rest)
    body = root.find("body")
    for element in body.iter() if body is not None else ():
        # headings hold a few inline elements at most: containers are not read whole
        if not isinstance(element.tag, str) or len(element) > _MAX_HEADING_CHILDREN:
            continue
        text = element.text_content()
        if len(text) <= _MAX_HEADLINE_CHARS and _words_of(text) == words:
            return None if in_chrome(element) else rest.strip()
    return None


def _shown_part(title: str, shown: _Shown) -> str | None:
    """The longest part of ``title`` the page shows, once short segments set off by dashes
    or bars at either end are left out ("Site - News - <headline>" on a page that shows
    only the headline). Colons stay: they join a headline's own parts."""
    parts = list(segments(title))
    count = len(parts)
    lead = 0  # leading segments that may go
    while lead < count - 1 and _droppable(title, parts[lead], parts[lead + 1]):
        lead += 1
    trail = 0  # trailing ones
    while trail < count - 1 and _droppable(
        title, parts[count - 1 - trail], parts[count - 2 - trail]
    ):
        trail += 1
    best: str | None = None
    for first in range(lead + 1):
        for last in range(count - 1 - trail, count):
            if first > last or (first, last) == (0, count - 1):
                continue
            part = title[parts[first][1] : parts[last][2]].strip()
            if (best is None or len(part) > len(best)) and part in shown:
                best = part
    return best


def _droppable(title: str, segment: tuple[str, int, int], neighbour: tuple[str, int, int]) -> bool:
    """Whether ``segment`` is short and set off from its neighbour by a dash or a bar."""
    if len(segment[0].split()) > MAX_SECTION_WORDS:
        return False
    between = title[min(segment[2], neighbour[2]) : max(segment[1], neighbour[1])]
    return ":" not in between


def _repeated(headings: list[str], metas: list[str], site: Site) -> str | None:
    """The longest heading that the first meta title repeats, or two of the others: a
    heading only the ``<title>`` repeats does not outvote the page's structured headline."""
    best: str | None = None
    for heading in headings:
        if best is not None and len(heading) <= len(best):
            continue
        agreeing = [k for k, meta in enumerate(metas) if _affixed(meta, heading, site)]
        if agreeing and (agreeing[0] == 0 or len(agreeing) >= 2):
            best = heading
    return best


def _affixed(meta: str, heading: str, site: Site) -> bool:
    """Whether ``meta``, without the affixes naming the site, is ``heading`` alone or with
    affixes set off by separators that the heading lacks (a section, a kicker, a date)."""
    core = strip_affixes(meta, site)
    words = _WORD.findall(_unify(strip_affixes(heading, site)))
    return _set_off(core, strip_affixes(heading, site)) and (
        len(words) >= _MIN_HEADING_SHARE * len(_WORD.findall(_unify(core)))
    )


def _set_off(text: str, part: str) -> bool:
    """Whether ``part`` stands in ``text`` alone or between separators."""
    t, p = _unify(text), _unify(part)
    at = t.find(p)
    if at < 0 or not p:
        return False
    before, after = t[:at], t[at + len(p) :]
    if before and not _ends_with_separator(before):
        return False
    # "<headline> (2021/5)": an issue's or a day's date in brackets after it.
    dated = _BRACKETED_END.fullmatch(after)
    return not after or _starts_with_separator(after) or bool(dated and is_date(dated.group(1)))


def _ends_with_separator(text: str) -> bool:
    return any(match.end() == len(text) for match in SEPARATOR.finditer(text))


def _starts_with_separator(text: str) -> bool:
    match = SEPARATOR.match(text)
    return match is not None or text.startswith((":", "|"))


def _headings(root: HtmlElement, tag: str, outside_chrome: bool = False) -> Iterator[str]:
    """Texts of the first headings of a kind (outside page chrome if asked), each also
    without a leading kicker element (``<h1><span>Kicker</span> Headline</h1>``)."""
    elements = (e for e in root.iter(tag) if not (outside_chrome and in_chrome(e)))
    for element in itertools.islice(elements, _MAX_HEADINGS):
        yield from _heading_texts(element)


def _heading_texts(element: HtmlElement) -> list[str]:
    """A heading's text, and its text after a leading kicker element; a kicker the markup
    names as such only the latter."""
    text = heading_text(element)
    if not text:
        return []
    first = next((c for c in element if isinstance(c.tag, str)), None)
    if first is None or (element.text or "").strip():
        return [text]
    parts = [first.tail or ""]
    parts.extend(heading_text(c, with_tail=True) for c in first.itersiblings())
    # A separator the markup hides between kicker and headline ("<span> - </span>").
    rest = " ".join(" ".join(parts).split()).lstrip(_SEPARATOR_MARKS)
    texts = [] if rest and _KICKER_CLASS.search(first.get("class") or "") else [text]
    if rest and rest != text:
        texts.append(rest)
    return texts


def heading_text(element: HtmlElement, with_tail: bool = False) -> str:
    """Text of a heading without ruby annotations (readings printed above the words)."""
    parts: list[str] = []
    _collect(element, parts)
    if with_tail and element.tail:
        parts.append(element.tail)
    return " ".join("".join(parts).split())


def _collect(element: HtmlElement, parts: list[str]) -> None:
    if element.tag in ("rt", "rp", "script", "style"):
        return
    if element.text:
        parts.append(element.text)
    for child in element:
        if child.tag == "br":  # a line break parts words like a space
            parts.append(" ")
        elif isinstance(child.tag, str):
            _collect(child, parts)
        if child.tail:
            parts.append(child.tail)


def is_date(text: str) -> bool:
    """Whether ``text`` only gives a date or a time ("March 14, 2006", "14.03.2021, 09.15 Uhr")."""
    words = _WORD.findall(text.lower())
    numbers = [int(w) for w in words if _NUMBER.match(w)]
    years = [n for n in numbers if 1900 <= n <= 2099]
    return (
        bool(numbers)
        and all(_NUMBER.match(w) or w in _DATE_WORDS for w in words)
        and len(words) <= 8
        # days, months, hours and minutes, and one year: not a phone number or a score
        and len(years) <= 1
        and all(n <= 59 or n in years for n in numbers)
        and bool(years or MONTH_WORDS & set(words))
    )


def _unify(text: str) -> str:
    return " ".join(text.translate(_UNIFY).casefold().split())
