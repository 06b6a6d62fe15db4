"""Corrections to an article's mentions that need the whole article: a common word or
phrase capitalised to open a sentence or a heading, a family by its plural surname, two
names the recogniser ran into one, and a maker's name run into its product's."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from .entities import Mention
from .lexicon import CONJUNCTIONS
from .name_variants import GENERIC_ORGS

_OPENERS = frozenset({"“", '"', "‘", "'", "(", "[", ":", "—", "–", "-", "…"})


def drop_sentence_case(mentions: list[Mention], docs: list[Doc], texts: list[str]) -> list[Mention]:
    """A "name" capitalised only because it opens a sentence or a heading ("Turnout was
    low", "Intensive care") is a common word or phrase when the article (``texts``, those
    of ``docs``) writes it in lower case elsewhere and never with capitals inside a
    sentence; so is a shouted word ("an immature WHITE …")."""
    whole: str | None = None
    out = []
    for m in mentions:
        if not m.titles:
            first = docs[m.seg][m.start]
            words = [t.text for t in docs[m.seg][m.start : m.end]]
            opening = first.is_title and _opens(first)
            shouted = len(words) == 1 and first.is_upper and len(first) > 4
            if opening or shouted:
                whole = whole if whole is not None else "\n".join(texts)
                if _written_lower(words, whole) and (
                    shouted or not _capitalised_inside(words, whole)
                ):
                    continue
        out.append(m)
    return out


def drop_families(mentions: list[Mention], docs: list[Doc]) -> list[Mention]:
    """A family by its plural surname after "the" ("the Okoros") is no entity beside the
    person the article names in full ("Ada Okoro")."""
    surnames = {m.words[-1] for m in mentions if m.label == "PERSON" and len(m.words) > 1}
    out = []
    for m in mentions:
        word = m.words[0] if len(m.words) == 1 else ""
        family = word[:-1] in surnames or (word.endswith("es") and word[:-2] in surnames)
        if (
            word.endswith("s")
            and family
            and m.start > 0
            and docs[m.seg][m.start - 1].lower_ == "the"
        ):
            continue
        out.append(m)
    return out


def defined_acronyms(mentions: list[Mention], docs: list[Doc]) -> list[Mention]:
    """An acronym the article defines in brackets after a name ("the Department of Harbors
    (DoH)") is that name wherever the article writes it, tagged or not, and whatever type
    the recogniser gave it there ("VA" is no state after "Veterans Affairs (VA)"). Its
    letters must be the name's capitals in order, ending with the last word's: a bracket
    after a name holds other things too ("Harlow County (TX)")."""
    names: dict[str, Mention | None] = {}
    for m in mentions:
        doc = docs[m.seg]
        if m.label == "PERSON" or len(m.words) < 2 or m.end + 2 >= len(doc):
            continue
        opening, short, closing = doc[m.end], doc[m.end + 1], doc[m.end + 2]
        if opening.text == "(" and closing.text == ")" and _acronym_of(short.text, m.text):
            known = names.get(short.text, m)
            names[short.text] = m if known is not None and known.text == m.text else None
    defined = {short: m for short, m in names.items() if m is not None}
    if not defined:
        return mentions
    kept = [m for m in mentions if not (m.end - m.start == 1 and m.surface in defined)]
    taken = {(m.seg, i) for m in kept for i in range(m.start, m.end)}
    for seg, doc in enumerate(docs):
        for tok in doc:
            full = defined.get(tok.text)
            if full is not None and (seg, tok.i) not in taken:
                kept.append(
                    Mention(seg, tok.i, tok.i + 1, full.label, full.words, tok.text, full.name)
                )
    return sorted(kept, key=lambda m: (m.seg, m.start))


def _acronym_of(short: str, name: str) -> bool:
    """Whether ``short`` ("FMCSA", "DoD") is written of ``name`` by its capitals."""
    if not _ACRONYM.match(short):
        return False
    capitals = [c for c in name if c.isupper()]
    wanted = [c for c in short if c.isupper()]
    last = name.split()[-1][:1]
    if wanted[-1] != last:
        return False
    rest = iter(capitals)
    return all(c in rest for c in wanted)  # in order, each capital once


_ACRONYM = re.compile(r"^(?=(?:[a-z]*[A-Z]){2})[A-Z][A-Za-z&]{1,7}$")


def _written_lower(words: list[str], whole: str) -> bool:
    """Whether the article writes the words in lower case; a plural counts ("Lanterns
    glowed" beside "a lantern's glow")."""
    low = r"\s+".join(re.escape(w.lower()) for w in words)
    return re.search(rf"(?<!\w){low}(?:s|es)?(?!\w)", whole) is not None


def _capitalised_inside(words: list[str], whole: str) -> bool:
    """Whether the article writes the words with capitals after a lower-case word or a
    comma: a name inside a sentence."""
    written = r"\s+".join(re.escape(w) for w in words)
    return re.search(rf"[a-z0-9,;] {written}(?!\w)", whole) is not None


def _opens(tok: Token) -> bool:
    """Whether a token opens a sentence, a quotation or a clause after a colon or dash."""
    return tok.i == 0 or tok.is_sent_start or tok.nbor(-1).text in _OPENERS


def split_conjoined(mentions: list[Mention]) -> list[Mention]:
    """A name made of two names joined by "and" ("Alpha and Beta" as one organisation) or
    by a hyphen ("Alpha-Beta") is two when the article names each of them on its own as
    well."""
    known = {tuple(w.lower() for w in m.words) for m in mentions}
    out: list[Mention] = []
    for m in mentions:
        paired = _paired(m, known)
        if paired:
            out.extend(paired)
            continue
        at = next((k for k, w in enumerate(m.words) if w.lower() in CONJUNCTIONS), None)
        if m.label == "PERSON" or at is None or at == 0 or at == len(m.words) - 1:
            out.append(m)
            continue
        left, right = m.words[:at], m.words[at + 1 :]
        found = [tuple(w.lower() for w in part) in known for part in (left, right)]
        # one name known on its own is enough when both parts look like names by
        # themselves: "Hulu and Ora", not "Department of Health and Family Services"
        if not all(found) and not (any(found) and _plain_name(left) and _plain_name(right)):
            out.append(m)
            continue
        out.append(_part(m, m.start, m.start + at, left))
        out.append(_part(m, m.start + at + 1, m.end, right))
    return out


def split_makers(mentions: list[Mention]) -> list[Mention]:
    """An organisation's name before the name of a thing of its own ("Harbor Lumo", where
    the article writes "Harbor" alone as an organisation and "Lumo" alone too) is two
    names: the maker and its product, not a third organisation. A team ("Harlow Herons")
    or a body ("Harbor Authority", "Tarnow Court") ends with a word no product name is."""
    makers = {m.words for m in mentions if m.label == "ORG"}
    written = {m.words for m in mentions}
    out: list[Mention] = []
    for m in mentions:
        at = None
        if m.label == "ORG" and 2 <= len(m.words) <= 3:
            at = next(
                (
                    k
                    for k in range(1, len(m.words))
                    if m.words[:k] in makers
                    and m.words[k:] in written
                    and _product_part(m.words[k:])
                ),
                None,
            )
        if at is None:
            out.append(m)
            continue
        out.append(_part(m, m.start, m.start + at, m.words[:at]))
        out.append(_part(m, m.start + at, m.end, m.words[at:]))
    return out


def _product_part(words: tuple[str, ...]) -> bool:
    last = words[-1]
    return last.lower() not in GENERIC_ORGS and not (last.endswith("s") and last[:1].isupper())


def _paired(m: Mention, known: set[tuple[str, ...]]) -> list[Mention]:
    """Two names joined by a hyphen, as a game or a rivalry is written ("Gulls-Herons"),
    that the article writes on their own too; not a person's double surname."""
    text = m.text  # one token or three ("Gulls", "-", "Herons")
    if m.label == "PERSON" or " " in text or text.count("-") != 1:
        return []
    left, right = text.split("-")
    if not (left[:1].isupper() and right[:1].isupper()):
        return []
    if (left.lower(),) not in known or (right.lower(),) not in known:
        return []
    return [_part(m, m.start, m.end, (left,)), _part(m, m.start, m.end, (right,))]


def _plain_name(words: tuple[str, ...]) -> bool:
    """One to three capitalised words, with no word that joins a longer name ("of")."""
    return 1 <= len(words) <= 3 and all(w[:1].isupper() for w in words)


def _part(m: Mention, start: int, end: int, words: tuple[str, ...]) -> Mention:
    text = " ".join(words)
    return Mention(m.seg, start, end, m.label, words, text, name=text)
