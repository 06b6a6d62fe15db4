"""Names the recogniser cut short in one sentence and read whole in another.

The small model draws a name's bounds afresh in every sentence: "Harbor Customs and Border
Office" whole in one, "Customs" and "Border Office" as two names in the next. Where the
words after a mention spell out the rest of a longer name the same article gives whole, the
mention is that name; where an acronym in brackets follows a name ("Harbor Safety
Investigations (HSI)"), the name spans the words the acronym abbreviates. A mention inside
the name so completed is part of it.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from .entities import Mention
from .name_variants import abbreviates


def complete_cut_names(mentions: list[Mention], docs: list[Doc]) -> list[Mention]:
    """``mentions`` with each one cut short of a name known whole, or of the name its
    acronym spells, extended to it."""
    tails = _tails(mentions)
    out: list[Mention] = []
    for m in mentions:
        doc = docs[m.seg]
        whole = _longest_completion(m, doc, tails.get(m.words[0], ()))
        bounds = (m.start, m.start + len(whole)) if whole is not None else _acronym_bounds(m, doc)
        if bounds is not None:
            start, end = bounds
            text = doc[start:end].text  # as written: "Wi-Fi", not "Wi - Fi"
            m = Mention(
                m.seg, start, end, m.label, tuple(text.split()), text, name=text, titles=m.titles
            )
        out.append(m)
    grown = [new for new, old in zip(out, mentions, strict=True) if new is not old]
    return [m for m in out if any(m is g for g in grown) or not any(_inside(m, g) for g in grown)]


def _inside(m: Mention, other: Mention) -> bool:
    return m.seg == other.seg and other.start <= m.start and m.end <= other.end


_NAME_GLUE = frozenset({"of", "and", "for", "the", "&"})
_MAX_GROWTH = 3


def _acronym_bounds(m: Mention, doc: Doc) -> tuple[int, int] | None:
    """The bounds of the name an acronym in brackets after ``m`` abbreviates, when they
    reach beyond ``m``: "Safety Investigations" of "Harbor Safety Investigations (HSI)"."""
    end = m.end
    while end < len(doc) and end - m.end < _MAX_GROWTH and _name_word(doc[end]):
        end += 1
    if not (end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")"):
        return None
    acronym = doc[end + 1].text
    for start in range(m.start, max(m.start - _MAX_GROWTH, 0) - 1, -1):
        if start < m.start and not _name_word(doc[start]):
            break
        if doc[start].lower_ in _NAME_GLUE:
            continue
        if (start, end) != (m.start, m.end) and abbreviates(acronym, doc[start:end].text):
            return start, end
    return None


def _name_word(tok: Token) -> bool:
    return tok.is_title or tok.lower_ in _NAME_GLUE


def _tails(mentions: list[Mention]) -> dict[str, list[tuple[str, ...]]]:
    """Every name of two words or more, and each of its ends from a capitalised word on
    ("Customs and Border Office" of "Harbor Customs and Border Office"), by first word."""
    tails: dict[str, list[tuple[str, ...]]] = {}
    for words in {m.words for m in mentions if len(m.words) > 1}:
        for i in range(len(words) - 1):
            if words[i][:1].isupper():
                tails.setdefault(words[i], []).append(words[i:])
    return tails


def _longest_completion(
    m: Mention, doc: Doc, names: list[tuple[str, ...]] | tuple[()]
) -> tuple[str, ...] | None:
    best: tuple[str, ...] | None = None
    size = len(m.words)
    if m.end - m.start != size:
        return None  # titles or marks dropped inside the span: leave it as read
    for name in names:
        if len(name) <= size or name[:size] != m.words:
            continue
        rest = name[size:]
        after = doc[m.end : m.end + len(rest)]
        spelt = len(after) == len(rest) and all(map(_same, (t.text for t in after), rest))
        if spelt and (best is None or len(name) > len(best)):
            best = name
    return best


def _same(token: str, word: str) -> bool:
    return token == word or token.removesuffix("'s").removesuffix("’s") == word
