"""What a version of an article says (its substance), and how two versions differ. Pure.

Substance is what a reader would call the article: title, dek (subtitle), authors, publication
date, body paragraphs and quotes. It is compared in a normal form, so that these are not
changes: whitespace (spaces, line breaks, non-breaking spaces), typographic quotes and dashes,
ad labels and "Updated ..." lines that extraction left in the body, and the page's modification
time alone. A page edited in place shows up as an `ArticleRevision`: the fields that changed,
paragraphs added, removed or rewritten (with their text), quotes added or removed.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from difflib import SequenceMatcher

from newsroom_shared.contracts import (
    REVISED_FIELDS,
    Article,
    ArticleRevision,
    ParagraphEdit,
    ParagraphText,
    QuoteText,
    RevisedField,
)

# Characters that vary with the CMS or the typesetting, not with what the text says.
_TYPOGRAPHY = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00ad": None,  # soft hyphen
        "\u200b": None,  # zero-width space
        "\u200c": None,
        "\u200d": None,
        "\u2060": None,
        "\ufeff": None,
    }
)

# Body lines that are page furniture rather than text: ad labels, and time stamps of the page
# ("Updated 9:15 a.m.", "Published March 12, 2024"). Short lines only: a paragraph that starts
# with "Updated" and goes on is text.
_AD_LINE = re.compile(
    r"^(advertisement|advertising|ad|sponsored( content)?|paid (post|content)|"
    r"(story|article) continues below( this)?( advertisement| ad)?|"
    r"continue reading (the|this) (main )?story|skip advertisement)[.:]?$",
    re.IGNORECASE,
)
_STAMP_LEAD = re.compile(
    r"^(last updated|updated|first published|published|posted|modified|last modified)\b[:,]?\s*",
    re.IGNORECASE,
)
# What may follow the lead of a time stamp line: dates, times, zones, "ago".
_STAMP_WORDS = frozenset(
    (
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "mon",
        "tue",
        "tues",
        "wed",
        "thu",
        "thur",
        "thurs",
        "fri",
        "sat",
        "sun",
        "at",
        "on",
        "am",
        "pm",
        "a.m",
        "p.m",
        "a.m.",
        "p.m.",
        "ago",
        "just",
        "now",
        "today",
        "yesterday",
        "second",
        "seconds",
        "minute",
        "minutes",
        "min",
        "mins",
        "hour",
        "hours",
        "hr",
        "hrs",
        "day",
        "days",
        "week",
        "weeks",
        "an",
        "a",
        "one",
        "utc",
        "gmt",
        "et",
        "ct",
        "mt",
        "pt",
        "edt",
        "est",
        "cdt",
        "cst",
        "mdt",
        "mst",
        "pdt",
        "pst",
        "bst",
        "cet",
        "cest",
        "ist",
        "aest",
        "|",
        "-",
        "/",
    )
)
_STAMP_NUMBER = re.compile(r"^[\d:/.\-]+(am|pm|a\.m\.?|p\.m\.?|h|st|nd|rd|th)?$", re.IGNORECASE)
_MAX_FURNITURE_CHARS = 120

# Two paragraphs at the same place whose words agree at least this much are one paragraph
# rewritten (reported with both wordings); below it, one removed and another added.
_SAME_PARAGRAPH = 0.5


def normal(text: str | None) -> str:
    """The form two texts are compared in: NFKC, plain quotes and dashes, single spaces."""
    if not text:
        return ""
    if not text.isascii():  # ASCII is its own NFKC form and has no typography to plain
        text = unicodedata.normalize("NFKC", text).translate(_TYPOGRAPHY)
    return " ".join(text.split())


def is_furniture(paragraph: str) -> bool:
    """An ad label or a time stamp line left in the body by extraction."""
    text = normal(paragraph)
    if not text:
        return True
    if len(text) > _MAX_FURNITURE_CHARS:
        return False
    return bool(_AD_LINE.match(text)) or _is_stamp(text)


def _is_stamp(text: str) -> bool:
    """'Updated 9:15 a.m. EDT', 'Published March 12, 2024 at 6:40 p.m.', 'Updated 5 hours ago'."""
    lead = _STAMP_LEAD.match(text)
    if lead is None:
        return False
    words = [w.strip(",;()[]").lower() for w in text[lead.end() :].split()]
    words = [w for w in words if w]
    return (
        bool(words)
        and any(c.isdigit() for c in text)
        and all(
            w in _STAMP_WORDS or w.rstrip(".") in _STAMP_WORDS or _STAMP_NUMBER.match(w)
            for w in words
        )
    )


@dataclass(frozen=True)
class Substance:
    """One version's substance, as kept between versions (texts as published)."""

    title: str | None
    subtitle: str | None
    authors: tuple[str, ...]
    published_at: str | None  # ISO 8601
    paragraphs: tuple[str, ...]
    quotes: tuple[tuple[str, str | None], ...]  # (text, speaker)
    # digest(), made once: it is asked for when comparing, keeping and writing a version.
    _digest: bytes | None = field(default=None, init=False, repr=False, compare=False)

    @classmethod
    def of(cls, article: Article) -> Substance:
        return cls(
            title=article.title,
            subtitle=article.subtitle,
            authors=tuple(article.authors),
            published_at=article.published_at.isoformat() if article.published_at else None,
            paragraphs=tuple(p for p in article.paragraphs if not is_furniture(p)),
            quotes=tuple((q.text, q.speaker.name) for q in article.quotes),
        )

    def digest(self) -> bytes:
        """16 bytes that differ when, and only when, the normal form differs."""
        if self._digest is not None:
            return self._digest
        form = [
            normal(self.title),
            normal(self.subtitle),
            sorted({normal(a).casefold() for a in self.authors} - {""}),
            _instant(self.published_at),
            [normal(p) for p in self.paragraphs],
            sorted(normal(text) for text, _ in self.quotes),
        ]
        encoded = json.dumps(form, ensure_ascii=False, separators=(",", ":"))
        digest = hashlib.blake2b(encoded.encode(), digest_size=16).digest()
        object.__setattr__(self, "_digest", digest)  # frozen: set once, like a cache
        return digest

    def to_json(self) -> dict[str, object]:
        return {
            "title": self.title,
            "subtitle": self.subtitle,
            "authors": list(self.authors),
            "published_at": self.published_at,
            "paragraphs": list(self.paragraphs),
            "quotes": [[text, speaker] for text, speaker in self.quotes],
        }

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Substance:
        quotes = data.get("quotes") or []
        assert isinstance(quotes, list)
        return cls(
            title=_str(data.get("title")),
            subtitle=_str(data.get("subtitle")),
            authors=tuple(str(a) for a in _list(data.get("authors"))),
            published_at=_str(data.get("published_at")),
            paragraphs=tuple(str(p) for p in _list(data.get("paragraphs"))),
            quotes=tuple((str(q[0]), _str(q[1])) for q in quotes),
        )


def _list(value: object) -> list[object]:
    return list(value) if isinstance(value, list | tuple) else []


def _str(value: object) -> str | None:
    return None if value is None else str(value)


def _instant(iso: str | None) -> float | None:
    """A publication date as an instant: the same time written in another zone is no change."""
    return datetime.fromisoformat(iso).timestamp() if iso else None


@dataclass
class Diff:
    """How a later version's substance differs from an earlier one's."""

    changed: list[RevisedField] = field(default_factory=list)
    paragraphs_added: list[ParagraphText] = field(default_factory=list)
    paragraphs_removed: list[ParagraphText] = field(default_factory=list)
    paragraphs_changed: list[ParagraphEdit] = field(default_factory=list)
    quotes_added: list[QuoteText] = field(default_factory=list)
    quotes_removed: list[QuoteText] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.changed)


def diff(before: Substance, after: Substance) -> Diff:
    result = Diff()
    changed: set[RevisedField] = set()
    if normal(before.title) != normal(after.title):
        changed.add("title")
    if normal(before.subtitle) != normal(after.subtitle):
        changed.add("subtitle")
    if _people(before.authors) != _people(after.authors):
        changed.add("authors")
    if _instant(before.published_at) != _instant(after.published_at):
        changed.add("published_at")
    _paragraphs(before.paragraphs, after.paragraphs, result)
    if result.paragraphs_added or result.paragraphs_removed or result.paragraphs_changed:
        changed.add("paragraphs")
    _quotes(before.quotes, after.quotes, result)
    if result.quotes_added or result.quotes_removed:
        changed.add("quotes")
    result.changed = [name for name in REVISED_FIELDS if name in changed]
    return result


def _people(names: Sequence[str]) -> set[str]:
    return {normal(n).casefold() for n in names} - {""}


def _paragraphs(before: Sequence[str], after: Sequence[str], result: Diff) -> None:
    old = [normal(p) for p in before]
    new = [normal(p) for p in after]
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        removed = list(range(i1, i2))
        added = list(range(j1, j2))
        if op == "replace":
            removed, added = _pair_rewrites(old, new, removed, added, before, after, result)
        result.paragraphs_removed.extend(ParagraphText(index=i, text=before[i]) for i in removed)
        result.paragraphs_added.extend(ParagraphText(index=j, text=after[j]) for j in added)


def _pair_rewrites(
    old: list[str],
    new: list[str],
    removed: list[int],
    added: list[int],
    before: Sequence[str],
    after: Sequence[str],
    result: Diff,
) -> tuple[list[int], list[int]]:
    """Within a replaced run, pair each old paragraph with the first new one (in order) that is
    a rewrite of it; what is left over was removed or added."""
    left_old, left_new = [], list(added)
    start = 0
    for i in removed:
        words = old[i].split()
        match = None
        for position in range(start, len(left_new)):
            j = left_new[position]
            if _similarity(words, new[j].split()) >= _SAME_PARAGRAPH:
                match = position
                break
        if match is None:
            left_old.append(i)
            continue
        j = left_new.pop(match)
        start = match
        result.paragraphs_changed.append(
            ParagraphEdit(before_index=i, after_index=j, before=before[i], after=after[j])
        )
    return left_old, left_new


def _similarity(a: list[str], b: list[str]) -> float:
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < _SAME_PARAGRAPH:
        return 0.0
    return matcher.ratio()


def _quotes(
    before: Sequence[tuple[str, str | None]],
    after: Sequence[tuple[str, str | None]],
    result: Diff,
) -> None:
    old = Counter(normal(text) for text, _ in before)
    new = Counter(normal(text) for text, _ in after)
    gone, came = old - new, new - old
    for text, speaker in before:
        key = normal(text)
        if gone[key] > 0:
            gone[key] -= 1
            result.quotes_removed.append(QuoteText(text=text, speaker=speaker))
    for text, speaker in after:
        key = normal(text)
        if came[key] > 0:
            came[key] -= 1
            result.quotes_added.append(QuoteText(text=text, speaker=speaker))


@dataclass(frozen=True)
class Previous:
    """What is kept of the version a new one is compared with."""

    article_id: str
    version: int
    fetched_at: datetime
    modified_at: datetime | None
    parser_version: str
    revisions: int
    substance: Substance
    words: int


def revision_event(
    previous: Previous, article: Article, page_id: str, found: Diff, now: datetime
) -> ArticleRevision:
    before, after = previous.substance, Substance.of(article)
    return ArticleRevision(
        id=f"{article.id}:{article.version}",
        article_id=article.id,
        page_id=page_id,
        revision=previous.revisions + 1,
        url=article.url,
        canonical_url=article.canonical_url,
        source_id=article.source_id,
        site_name=article.site_name,
        changed=found.changed,
        from_version=previous.version,
        to_version=article.version,
        from_fetched_at=previous.fetched_at,
        to_fetched_at=article.fetched_at,
        from_modified_at=previous.modified_at,
        to_modified_at=article.modified_at,
        title_before=before.title,
        title_after=after.title,
        subtitle_before=before.subtitle,
        subtitle_after=after.subtitle,
        authors_before=list(before.authors),
        authors_after=list(after.authors),
        published_at_before=datetime.fromisoformat(before.published_at)
        if before.published_at
        else None,
        published_at_after=article.published_at,
        paragraphs_added=found.paragraphs_added,
        paragraphs_removed=found.paragraphs_removed,
        paragraphs_changed=found.paragraphs_changed,
        quotes_added=found.quotes_added,
        quotes_removed=found.quotes_removed,
        words_before=previous.words,
        words_after=article.word_count,
        from_parser_version=previous.parser_version,
        to_parser_version=article.parser_version,
        detected_at=now,
    )
