"""Find quoted stretches in a paragraph by pairing quotation marks.

Marks are paired by where they stand (after a space they open, before a space or
punctuation they close), not by glyph alone: news copy often mixes curly and
straight marks, or types a closing curly mark where an opening one belongs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DOUBLE_MARKS = frozenset('"“”„‟«»')
SINGLE_MARKS = frozenset("'‘’‚‛‹›")
# Two apostrophes stand for a double mark in some archive and typewriter-style copy; web
# pages do not use them, so they are read as quotation marks only on request.
DOUBLED_APOSTROPHES = ("''", "’’", "‘‘", "``")
OPEN_GLYPHS = frozenset("“„‟‘‚‛`")
CLOSE_GLYPHS = frozenset("”’")
# Guillemets are paired by glyph alone: French copy spaces them off their words ("« Non »").
GUILLEMETS = {"«": "open", "‹": "open", "»": "close", "›": "close"}
_SPEECH_PUNCT = frozenset(",.?!…;:")
# Characters that may stand right before an opening mark / right after a closing one.
_BEFORE_OPEN = frozenset("([{—–-―/:;,")
_AFTER_CLOSE = frozenset(".,;:!?)]}—–-―/…")
_WORD = re.compile(r"\w+")
_SENTENCE_END = frozenset(".?!…")


@dataclass(frozen=True)
class QuoteSpan:
    """Quoted words at ``start:end`` of a paragraph (marks excluded).

    ``closed`` is False when the line ends inside the quote, the convention for a
    quotation that runs on into the next paragraph.
    """

    start: int
    end: int
    closed: bool = True
    single: bool = False

    def words(self, text: str) -> int:
        return len(_WORD.findall(text[self.start : self.end]))


@dataclass(frozen=True)
class _Mark:
    at: int
    size: int
    role: str  # "open", "close" or "either"


def _is_mark(ch: str) -> bool:
    return ch in DOUBLE_MARKS or ch in SINGLE_MARKS or ch == "`"


def _role(text: str, at: int, size: int) -> str:
    """'open', 'close' or 'either' for a mark, from its context first, its glyph second."""
    prev = text[at - 1] if at else ""
    nxt = text[at + size] if at + size < len(text) else ""
    opens = (
        bool(nxt)
        and not nxt.isspace()
        and (not prev or prev.isspace() or prev in _BEFORE_OPEN or _is_mark(prev))
    )
    closes = (
        bool(prev)
        and not prev.isspace()
        and (not nxt or nxt.isspace() or nxt in _AFTER_CLOSE or _is_mark(nxt))
    )
    if text[at] in GUILLEMETS:
        return GUILLEMETS[text[at]]
    if opens and not closes and prev in _SPEECH_PUNCT and nxt.isalnum():
        # no space after the punctuation: '“…,”said Lee' closes, 'said,“We …' opens;
        # a straight mark is left to the pairing
        if text[at] in CLOSE_GLYPHS:
            return "close"
        if text[at] not in OPEN_GLYPHS:
            return "either"
    if opens != closes:
        return "open" if opens else "close"
    if text[at] in OPEN_GLYPHS:
        return "open"
    if text[at] in CLOSE_GLYPHS:
        return "close"
    return "either"


def _double_marks(line: str, doubled: bool) -> list[_Mark]:
    marks, i = [], 0
    while i < len(line):
        size = 2 if doubled and line.startswith(DOUBLED_APOSTROPHES, i) else 1
        if size == 2 or line[i] in DOUBLE_MARKS:
            marks.append(_Mark(i, size, _role(line, i, size)))
        i += size
    return marks


def _single_marks(line: str, inside: list[tuple[int, int]]) -> list[_Mark]:
    """Single marks that can be quotation marks (not apostrophes) outside double quotes."""
    marks = []
    for i, ch in enumerate(line):
        if ch not in SINGLE_MARKS or any(s - 1 <= i <= e for s, e in inside):
            continue
        prev = line[i - 1] if i else ""
        nxt = line[i + 1] if i + 1 < len(line) else ""
        if _is_mark(prev) or _is_mark(nxt):
            continue  # part of a doubled mark, handled with the double marks
        if prev.isalnum() and nxt.isalnum():
            continue  # an apostrophe between letters: don't, O'Neill
        role = _role(line, i, 1)
        if role == "open" and not nxt.isalpha():
            continue  # an elision such as '90s
        marks.append(_Mark(i, 1, role))
    return marks


def _pair(line: str, marks: list[_Mark], single: bool, nest: bool) -> list[QuoteSpan]:
    """Pair marks left to right; with ``nest``, an opening mark inside a quote nests."""
    spans: list[QuoteSpan] = []
    stack: list[_Mark] = []
    for mark in marks:
        if not stack:
            if mark.role != "close":
                stack.append(mark)
        elif nest and mark.role == "open":
            stack.append(mark)
        elif mark.role != "open":
            opener = stack.pop()
            if not stack:
                spans.append(QuoteSpan(opener.at + opener.size, mark.at, True, single))
    if stack:
        if len(stack) > 1:
            return _pair(line, marks, single, nest=False)  # an unmatched nested mark
        start = stack[0].at + stack[0].size
        restart = None if single else _reopening(line, marks, stack[0])
        if restart is not None:
            # Paragraphs run together (line breaks lost): a quote left open reopens at
            # the start of a sentence, the multi-paragraph convention seen on one line.
            end = len(line[: marks[restart].at].rstrip())
            spans.append(QuoteSpan(start, end, False, single))
            return spans + _pair(line, marks[restart:], single, nest)
        if not single and line[start:].strip():
            spans.append(QuoteSpan(start, len(line.rstrip()), False, single))
    return spans


def _reopening(line: str, marks: list[_Mark], opener: _Mark) -> int | None:
    """Index of the first opening mark after the unclosed ``opener`` that starts a sentence."""
    for k, mark in enumerate(marks):
        if mark.at > opener.at and mark.role != "close":
            before = line[: mark.at]
            if before[-1:].isspace() and before.rstrip()[-1:] in _SENTENCE_END:
                return k
    return None


def _line_spans(line: str, doubled: bool) -> list[QuoteSpan]:
    doubles = _pair(line, _double_marks(line, doubled), single=False, nest=True)
    inside = [(s.start, s.end) for s in doubles]
    if not doubled and any(d in line for d in DOUBLED_APOSTROPHES):
        # Quotes in doubled apostrophes are not read, but a single-quoted stretch inside
        # one is nested in it, not a quote of its own: ''… 'This is it.' …''
        unread = _pair(line, _double_marks(line, True), single=False, nest=True)
        inside += [(s.start, s.end) for s in unread if s.closed]
    singles = _pair(line, _single_marks(line, inside), single=True, nest=False)
    # Single marks around double ones (British style, ‘… “…” …’): the doubles are nested.
    doubles = [d for d in doubles if not any(s.start <= d.start < s.end for s in singles)]
    return sorted(doubles + singles, key=lambda s: s.start)


def find_quote_spans(text: str, doubled_apostrophes: bool = False) -> list[QuoteSpan]:
    """All top-level quoted stretches of a paragraph, in order.

    Double marks are paired first; single marks count only outside double quotes
    (inside they are nested quotes, part of the outer one). An unmatched single mark
    is taken as an apostrophe, an unmatched double one as a quote running to the end
    of its line. A line break inside a paragraph ends any open quote. Marks typed as two
    apostrophes ('' … '') count only with ``doubled_apostrophes``; otherwise they are
    skipped, never paired as single marks.
    """
    spans: list[QuoteSpan] = []
    offset = 0
    for line in text.split("\n"):
        for s in _line_spans(line, doubled_apostrophes):
            spans.append(QuoteSpan(s.start + offset, s.end + offset, s.closed, s.single))
        offset += len(line) + 1
    return spans
