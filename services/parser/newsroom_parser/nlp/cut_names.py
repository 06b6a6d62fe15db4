"""Names the recogniser cut short in one sentence and read whole in another.

The small model draws a name's bounds afresh in every sentence: "Harbor Customs and Border
Office" whole in one, "Customs" and "Border Office" as two names in the next. Where the
words after a mention spell out the rest of a longer name the same article gives whole, the
mention is that name, and a mention inside the rest is part of it.
"""

from __future__ import annotations

from spacy.tokens import Doc

from .entities import Mention


def complete_cut_names(mentions: list[Mention], docs: list[Doc]) -> list[Mention]:
    """``mentions`` with each one cut short of a name known whole extended to it."""
    tails = _tails(mentions)
    if not tails:
        return mentions
    out: list[Mention] = []
    swallowed: set[tuple[int, int]] = set()
    for m in sorted(mentions, key=lambda m: (m.seg, m.start)):
        if (m.seg, m.start) in swallowed:
            continue
        whole = _longest_completion(m, docs[m.seg], tails.get(m.words[0], ()))
        if whole is not None:
            end = m.start + len(whole)
            swallowed.update((m.seg, i) for i in range(m.end, end))
            text = docs[m.seg][m.start : end].text  # as written: "Wi-Fi", not "Wi - Fi"
            m = Mention(m.seg, m.start, end, m.label, whole, text, name=text, titles=m.titles)
        out.append(m)
    return out


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
