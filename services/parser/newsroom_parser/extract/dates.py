"""Publication and modification dates as timezone-aware datetimes."""

from __future__ import annotations

import copy
import logging
import re
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil import parser as dateutil_parser
from lxml.html import HtmlElement, tostring

from .metadata_sources import Sources, text_value
from .results import PageHints
from .text_dates import dateline_date, find_date, header_date, labelled_date

_EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)
_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DOTTED_DATE = re.compile(r"\b\d{1,2}\.\d{1,2}\.\d{2,4}\b")
# "1 January 2006", "1. Januar 2006", "Jan. 1, 2006" (htmldate's day when it found a year)
_NEW_YEAR = re.compile(
    r"\b(?:1(?:st)?\.? (?:jan|januar|janvier|enero|gennaio)\w*|jan\w*\.? 1(?:st)?,?)"
    r" (?P<year>\d{4})\b",
    re.I,
)
_COMPACT_URL_DATE = re.compile(r"(?<=[/_.-])(?P<y>(?:19|20)\d\d)(?P<m>\d\d)(?P<d>\d\d)(?=[/_.-]|$)")
_NUMERIC_DATE = re.compile(r"^\D*\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b")
_PUBLISHED_META = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "publishdate",
    "pubdate",
    "publish-date",
    "dc.date.issued",
    "dcterms.created",
    "sailthru.date",
    "parsely-pub-date",
    "article.published",
    "cxenseparse:recs:publishtime",
)
# Bare "date" names whatever date a template had at hand (an issue, a render, a teaser's);
# a date shown under the headline is more likely the article's.
_GENERIC_META = ("date", "dc.date")
# Languages mostly written in the Central European time zone.
_CET_LANGUAGES = frozenset({"de", "fr", "it", "nl", "pl", "cs", "sk", "hu", "da", "sv", "nb", "no"})
_MODIFIED_META = (
    "article:modified_time",
    "og:updated_time",
    "datemodified",
    "lastmod",
    "last-modified",
    "dcterms.modified",
    "article.updated",
)


def published_at(
    src: Sources, hints: PageHints | None, lead: Sequence[str] = ()
) -> datetime | None:
    """``lead``: the article's first paragraphs; the story may open with a dateline after
    a standfirst."""
    dayfirst = _day_first(src)
    candidates = [
        text_value(src.ld("datePublished")),
        text_value(src.ld("dateCreated")),
        src.first_meta(*_PUBLISHED_META),
        _time_element(src.root),
    ]
    byline = _plausible(header_date(src.root, dayfirst))
    for value in candidates:
        parsed = parse_datetime(value, dayfirst)
        if parsed:
            return _shown_day(_local_midnight(parsed, _language_tag(src)), byline)
    datelines = (dateline_date(paragraph, dayfirst) for paragraph in lead)
    shown = byline or _plausible(next(filter(None, datelines), None))
    if shown:
        return shown
    generic = parse_datetime(src.first_meta(*_GENERIC_META), dayfirst)
    if generic:
        return generic
    if hints and hints.published_at:
        return as_aware(hints.published_at)
    # A labelled date beats htmldate, which favours the oldest date on the page.
    return (
        _plausible(labelled_date(src.root, dayfirst))
        or _htmldate(src.root, src.url)
        or _compact_url_date(src.url)
    )


def _shown_day(stamp: datetime, byline: datetime | None) -> datetime:
    """A UTC stamp whose day is one off the date printed under the headline: the same instant,
    on the page's local day (an evening in the Americas is the next day in UTC; a morning
    in Asia the day before)."""
    if (
        byline is None
        or stamp.utcoffset() != timedelta(0)
        or abs((byline.date() - stamp.date()).days) != 1
    ):
        return stamp
    return byline


def _plausible(shown: date | None) -> datetime | None:
    if shown and _EARLIEST.date() <= shown <= datetime.now(UTC).date() + timedelta(days=1):
        return as_aware(shown)
    return None


def modified_at(src: Sources) -> datetime | None:
    dayfirst = _day_first(src)
    for value in (text_value(src.ld("dateModified")), src.first_meta(*_MODIFIED_META)):
        parsed = parse_datetime(value, dayfirst)
        if parsed:
            return parsed
    return None


def parse_datetime(value: str | None, dayfirst: bool = False) -> datetime | None:
    """ISO 8601 first, then dateutil's lenient parser, then month names written in the
    languages `text_dates` reads; date-only means midnight UTC.

    ``dayfirst`` reads "04/02/2022" as 4 February (the order outside the United States);
    dotted dates ("04.02.2022") are always read day first."""
    if not value or len(value) > 64:
        return None
    value = value.strip()
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            parsed = dateutil_parser.parse(
                value,
                default=datetime(2000, 1, 1),
                dayfirst=bool(_DOTTED_DATE.search(value))
                or (dayfirst and bool(_NUMERIC_DATE.search(value))),
            )
        except (ValueError, OverflowError, TypeError):
            # Month names dateutil knows only in English ("24. Januar 2022", "5 de marzo").
            written = find_date(value, dayfirst)
            return _plausible(written) if written else None
        if _DATE_ONLY.match(value) or not re.search(r"\d:\d", value):
            parsed = datetime.combine(parsed.date(), time())
    aware = as_aware(parsed)
    # Outside this window a value is a template default or a typo, not a publication date.
    if not _EARLIEST <= aware <= datetime.now(UTC) + timedelta(days=366):
        return None
    return aware


def as_aware(value: datetime | date) -> datetime:
    """Naive datetimes are read as UTC: pages that omit the offset give no better guess."""
    if not isinstance(value, datetime):
        value = datetime.combine(value, time())
    return value if value.tzinfo else value.replace(tzinfo=UTC)


# Readers' comments carry their own <time> stamps, often before the article's own in the markup;
# so do teasers for other articles: cards (a list item, or an <article> among sibling ones) whose
# heading is a link and which hold no <h1>. A lone <article> is the page's own, even when its
# heading is a permalink. (Not <nav> or <aside>: broken markup leaves whole pages inside a menu,
# and article meta lines are often asides.)
_TEASER_HEADING = "*[self::h2 or self::h3 or self::h4]"
_TIMES_OUTSIDE_COMMENTS = (
    "//time[@datetime][not(ancestor::*[contains(translate(@class, 'COMENT', 'coment'), 'comment')"
    " or contains(translate(@id, 'COMENT', 'coment'), 'comment')])]"
    "[not(ancestor::*[self::li or self::article][1]"
    "[self::li or preceding-sibling::article or following-sibling::article][not(.//h1)]"
    f"[.//{_TEASER_HEADING}//a[@href] or .//a[@href][.//{_TEASER_HEADING}]])]"
)
_PUBLISHED_MARK = re.compile(r"publi|pubdate|datecreated", re.I)
_MODIFIED_MARK = re.compile(r"updated|modified|changed", re.I)


def _time_element(root: HtmlElement) -> str | None:
    """The first <time> marked as the publication's, else the first not marked as a change.

    Templates put "Updated <time>" before "Published <time>" as often as after; WordPress marks
    an unchanged post's one <time> "published updated", which counts as published."""
    times = root.xpath(_TIMES_OUTSIDE_COMMENTS)
    marks = [" ".join((t.get("class", ""), t.get("itemprop", ""))) for t in times]
    for time_, mark in zip(times, marks, strict=True):
        if _PUBLISHED_MARK.search(mark) or time_.get("pubdate") is not None:
            return str(time_.get("datetime"))
    unchanged = [t for t, mark in zip(times, marks, strict=True) if not _MODIFIED_MARK.search(mark)]
    found = unchanged or times
    return str(found[0].get("datetime")) if found else None


def _day_first(src: Sources) -> bool:
    """Numeric dates are written day first everywhere but in American English."""
    tag = _language_tag(src)
    return bool(tag) and not (tag == "en" or tag.startswith("en-us"))


def _language_tag(src: Sources) -> str:
    declared = src.root.get("lang") or src.first_meta("og:locale", "content-language") or ""
    return declared.strip().lower().replace("_", "-")


def _local_midnight(value: datetime, language: str) -> datetime:
    """A Central European date stored as local midnight and written out in UTC, read back.

    Such CMSs turn 7 November into "2022-11-06T23:00:00Z"; shown in Central European time
    it is the same instant on the day the page itself shows."""
    if value.utcoffset() != timedelta(0) or language.split("-")[0] not in _CET_LANGUAGES:
        return value
    try:
        local = value.astimezone(ZoneInfo("Europe/Berlin"))
    except ZoneInfoNotFoundError:
        return value
    return local if local.time() == time() else value


def _htmldate(root: HtmlElement, url: str | None) -> datetime | None:
    # Imported here: htmldate pulls in dateparser, which is slow to import.
    from htmldate import find_date

    logging.getLogger("htmldate").setLevel(logging.ERROR)
    try:
        # htmldate cleans the tree it is given; keep the caller's intact.
        found = find_date(copy.deepcopy(root), url=url, original_date=True, extensive_search=True)
    except Exception:  # noqa: BLE001 - a fallback must never fail the page
        return None
    if found and found.endswith("-01-01") and not _new_year_shown(root, url, found[:4]):
        return None  # a year alone ("Copyright 2006") names no day
    return parse_datetime(found) if found else None


def _compact_url_date(url: str | None) -> datetime | None:
    """A day written as eight digits in the address ("/news/20060501/", "story_20060501")."""
    for match in _COMPACT_URL_DATE.finditer(url or ""):
        try:
            day = date(int(match["y"]), int(match["m"]), int(match["d"]))
        except ValueError:
            continue
        found = _plausible(day)
        if found:
            return found
    return None


def _new_year_shown(root: HtmlElement, url: str | None, year: str) -> bool:
    """Whether the page or its address writes the 1st of January of ``year`` as a day."""
    markup = (url or "") + tostring(root, encoding="unicode")
    forms = (f"{year}-01-01", f"{year}/01/01", f"01.01.{year}", f"01/01/{year}", f"1.1.{year}")
    return any(form in markup for form in forms) or any(
        match.group("year") == year for match in _NEW_YEAR.finditer(markup)
    )
