"""Entity mentions as written: spaCy's entities, cleaned of titles, articles and possessives."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span

from .lexicon import ENTITY_LABELS, PERSON_TITLES, TITLES

_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
_SPLITTERS = frozenset({",", ";", "(", ")", "—", "–", "--", ":"})
_ARTICLES = frozenset({"the", "a", "an"})


@dataclass
class Mention:
    """One mention of an entity: tokens ``start:end`` of segment ``seg``."""

    seg: int
    start: int
    end: int
    label: str
    words: tuple[str, ...]  # the name's words, without titles, articles and possessive
    surface: str  # as written, without a possessive ending
    name: str = ""  # the words with their spacing as written
    titles: tuple[str, ...] = ()  # lower-cased titles written before the name
    cluster: int = -1  # index of its entity in the article's EntityIndex

    @property
    def text(self) -> str:
        return self.name or " ".join(self.words)


def _parts(ent: Span) -> list[Span]:
    """An entity span cut at punctuation: spaCy sometimes runs 'Kosachev, Kosachev' together."""
    parts, begin = [], ent.start
    for tok in ent:
        if tok.text in _SPLITTERS:
            if tok.i > begin:
                parts.append(ent.doc[begin : tok.i])
            begin = tok.i + 1
    if ent.end > begin:
        parts.append(ent.doc[begin : ent.end])
    return parts


def _title_before(doc: Doc, start: int) -> list[str]:
    """Title words just before a name ('Sen.', 'Russian President'), nearest last."""
    found: list[str] = []
    i = start - 1
    while i >= 0 and len(found) < 3:
        low = doc[i].lower_
        if low not in TITLES or doc[i].ent_type_ == "PERSON":
            break
        found.insert(0, low)
        i -= 1
    return found


def mentions_in(doc: Doc, seg: int) -> list[Mention]:
    """The entity mentions of one segment (headline, dek or paragraph) of an article."""
    found: list[Mention] = []
    for ent in doc.ents:
        if ent.label_ not in ENTITY_LABELS:
            continue
        for part in _parts(ent):
            mention = _clean(doc, part, ent.label_, seg)
            if mention is not None:
                found.append(mention)
    found.extend(_titled_names(doc, seg))
    return found


def _titled_names(doc: Doc, seg: int) -> list[Mention]:
    """Names the recogniser missed that a title marks as people: 'Mayor Ana Ruiz'."""
    found = []
    i = 0
    while i < len(doc) - 1:
        tok = doc[i]
        if tok.lower_ in PERSON_TITLES and tok.is_title and tok.ent_iob == 2:
            end = i + 1
            while end < len(doc) and doc[end].tag_ == "NNP" and doc[end].is_title:
                if doc[end].ent_iob != 2:
                    break
                end += 1
            if end > i + 1 and (end == len(doc) or doc[end].ent_iob == 2):
                mention = _clean(doc, doc[i:end], "PERSON", seg)
                if mention is not None:
                    found.append(mention)
            i = end
        else:
            i += 1
    return found


def _clean(doc: Doc, span: Span, label: str, seg: int) -> Mention | None:
    start, end = span.start, span.end
    while end > start and doc[end - 1].text in _POSSESSIVE:
        end -= 1
    while start < end and doc[start].lower_ in _ARTICLES:
        start += 1
    surface_start = start
    titles: list[str] = []
    if label == "PERSON":
        while start < end - 1 and doc[start].lower_ in TITLES:
            titles.append(doc[start].lower_)
            start += 1
        titles = _title_before(doc, surface_start) + titles
    if start >= end:
        return None
    if label == "PERSON" and end - start == 1 and doc[start].lower_ in TITLES:
        return None  # a title alone ("I told Coach") names nobody in particular
    words = tuple(_strip_possessive(t.text) for t in doc[start:end])
    if not any(w[:1].isalpha() for w in words):
        return None
    surface = _strip_possessive(doc[surface_start:end].text)
    name = _strip_possessive(doc[start:end].text)
    return Mention(seg, start, end, label, words, surface, name=name, titles=tuple(titles))


def _strip_possessive(word: str) -> str:
    for ending in ("'s", "’s"):
        if word.endswith(ending) and len(word) > 2:
            return word[: -len(ending)]
    return word
