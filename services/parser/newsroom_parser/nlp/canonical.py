"""Merge an article's mentions into canonical entities.

A person is introduced by full name and then called by surname, title or possessive
("Sen. Rand Paul", "Paul", "Paul's"): full names are the anchors, short forms join the
anchor they name. spaCy's label for a short form is overruled by the article's own
evidence: a surname seen on a full PERSON name is that person, whatever it was tagged.

The recogniser's types are corrected around the merge (relabel.py), and organisations and
places named in several ways are merged last (name_variants.py).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .entities import Evidence, Mention
from .lexicon import HONORIFIC_GENDER, TITLE_NOUNS
from .name_variants import merge_team_towns, merge_variants, shouted
from .names import gender_of
from .page_lines import names_entities
from .person_names import honorific_gender, name_words, person_aliases, person_key
from .relabel import companies_taken_for_people, mostly_not_a_person, relabel_people
from .results import Entity

if TYPE_CHECKING:
    from spacy.tokens import Doc


@dataclass
class Cluster:
    """One canonical entity and its mentions, in order of appearance."""

    index: int
    label: str
    mentions: list[Mention] = field(default_factory=list)
    name: str = ""
    id: str = ""
    gender: str | None = None
    descriptors: set[str] = field(default_factory=set)
    # The full form of a name the article also abbreviates ("Environmental Protection
    # Agency" for "EPA", "U.S. Senate" for "Senate"), set when the variants are merged.
    preferred: str | None = None

    @property
    def surname(self) -> str:
        return name_words(self.name)[-1].lower() if self.name else ""


def _given_gender(cluster: Cluster) -> str | None:
    """The gender of a full-named person's given name or honorific, if known."""
    for m in cluster.mentions:
        gender = honorific_gender(m)
        if gender is None and len(m.words) > 1:
            gender = gender_of(m.words[0])
        if gender is not None:
            return gender
    return None


class EntityIndex:
    """Clusters of an article and the lookups used to resolve later references."""

    def __init__(
        self,
        mentions: list[Mention],
        headline_seg: int | None = None,
        evidence: Evidence | None = None,
    ) -> None:
        self.clusters: list[Cluster] = []
        self._by_key: dict[object, Cluster] = {}
        self._aliases: dict[tuple[str, str], tuple[str, str]] = {}
        body = [m for m in mentions if m.seg != headline_seg]
        head = [m for m in mentions if m.seg == headline_seg]
        self._evidence = evidence or Evidence()
        relabel_people(body, self._evidence)
        self._add_people(body)
        self._add_others(body)
        # Headline case fools the recogniser: keep a headline mention only when it names
        # something the article names too.
        for m in head:
            cluster = self._find_person(m) or self._by_key.get(_other_key(m))
            if cluster is not None:
                self._attach(cluster, m)
        self._finish()

    # -- building ---------------------------------------------------------------------
    def _attach(self, cluster: Cluster, m: Mention) -> None:
        m.cluster = cluster.index
        cluster.mentions.append(m)

    def _new(self, label: str, key: object) -> Cluster:
        cluster = Cluster(len(self.clusters), label)
        self.clusters.append(cluster)
        self._by_key[key] = cluster
        return cluster

    def _key(self, words: tuple[str, ...]) -> tuple[str, str] | None:
        """The key of the person a full name names, after the article's other forms of it."""
        key = person_key(words)
        if key is None:
            return None
        return self._aliases.get(key, key)

    def _add_people(self, mentions: list[Mention]) -> None:
        people = [m for m in mentions if m.label == "PERSON"]
        self._aliases = person_aliases(people)
        for m in people:
            key = self._key(m.words)
            if key is not None:
                cluster = self._by_key.get(("person", key)) or self._new("PERSON", ("person", key))
                self._attach(cluster, m)
        self._surnames: dict[str, list[Cluster]] = {}
        self._firsts: dict[str, list[Cluster]] = {}
        for cluster in self.clusters:
            first, last = person_key(tuple(cluster.mentions[0].words)) or ("", "")
            self._surnames.setdefault(last, []).append(cluster)
            self._firsts.setdefault(first, []).append(cluster)
        # Short forms with a gendered honorific first ("Mr. Obama" beside "Michelle Obama"
        # makes two people), so that the rest can go to the person mentioned most.
        for m in sorted(people, key=lambda m: honorific_gender(m) is None):
            if m.cluster < 0:
                person = self._find_person(m)
                if person is None:
                    person = self._respelt(m.text.lower()) or self._middle(m.text.lower())
                if person is None:
                    loose = ("person", ("", m.text.lower()))
                    person = self._by_key.get(loose) or self._new("PERSON", loose)
                self._attach(person, m)

    def _respelt(self, word: str) -> Cluster | None:
        """The one person named in full whose surname a lone word spells another way: a
        transliteration ("Zelenskyy" of "Zelensky") or a slip of one letter. A short word
        or a plural ("the Okafors") is no such variant."""
        if len(word) < _RESPELT_MIN or " " in word:
            return None
        found = {
            id(c): c
            for last, clusters in self._surnames.items()
            if len(last) >= _RESPELT_MIN - 1 and word != last + "s" and _one_edit(word, last)
            for c in clusters
        }
        return next(iter(found.values())) if len(found) == 1 else None

    def _middle(self, word: str) -> Cluster | None:
        """The one person named in full with this lone word between the first and the
        last ("Delgado" of "Rosa Delgado Ferraz"): a middle name or the first of two
        surnames, by which some articles go on to call the person."""
        found = {
            id(c): c
            for c in self.clusters
            if c.label == "PERSON"
            for m in c.mentions
            if word in (w.lower() for w in name_words(m.text)[1:-1] if len(w) > 2 and "." not in w)
        }
        return next(iter(found.values())) if len(found) == 1 else None

    def _find_person(self, m: Mention) -> Cluster | None:
        """The person cluster a mention names, by full name, surname or first name."""
        key = self._key(m.words)
        if key is not None:
            return self._by_key.get(("person", key))
        word = m.text.lower()
        alone = self._by_key.get(("person", ("", word)))  # a person known by this word only
        gender = honorific_gender(m)
        if gender is not None:
            # after "Mr." or "Ms." a surname, and not that of someone of the other gender:
            # "Mr. Obama" is not "Michelle Obama"
            options = [
                c for c in self._surnames.get(word, []) if _given_gender(c) in (None, gender)
            ]
        else:
            options = self._surnames.get(word, []) or self._firsts.get(word, [])
            if alone is not None and options:
                options = [*options, alone]
        if options:
            return max(options, key=lambda c: (len(c.mentions), -c.index))
        return alone

    def _add_others(self, mentions: list[Mention]) -> None:
        for m in mentions:
            if m.label == "PERSON":
                continue
            cluster = self._find_person(m) if m.text[:1].isupper() else None
            if cluster is None:
                key = _other_key(m)
                cluster = self._by_key.get(key) or self._new(m.label, key)
            self._attach(cluster, m)

    def _finish(self) -> None:
        merged = companies_taken_for_people(self.clusters)
        # again while names merge: "Security Council" is ambiguous until "U.N. Security
        # Council" and "United Nations Security Council" are one
        for _ in range(3):
            if not merge_variants(self.clusters):
                break
            merged = True
        merged = merge_team_towns(self.clusters, self._evidence.cues.located) or merged
        if merged:
            # Later lookups ("Atlas said") must not find a person emptied into a company.
            self._by_key = {k: c for k, c in self._by_key.items() if c.mentions}
            for index in (self._surnames, self._firsts):
                for word in list(index):
                    index[word] = [c for c in index[word] if c.mentions]
        self.clusters = [c for c in self.clusters if c.mentions]
        used: set[str] = set()
        for i, cluster in enumerate(self.clusters):
            cluster.index = i
            for m in cluster.mentions:
                m.cluster = i
            if cluster.label == "PERSON" and mostly_not_a_person(cluster, self._evidence):
                cluster.label = "OTHER"  # relabelled by its mentions' majority below
            if cluster.label != "PERSON":
                cluster.label = Counter(m.label for m in cluster.mentions).most_common(1)[0][0]
            cluster.name = _canonical_name(cluster)
            cluster.id = _unique_id(cluster, used)
            for m in cluster.mentions:
                for title in m.titles:
                    cluster.descriptors.add(TITLE_NOUNS.get(title, title))
                    if cluster.gender is None and title in HONORIFIC_GENDER:
                        cluster.gender = HONORIFIC_GENDER[title]

    # -- lookups ----------------------------------------------------------------------
    def person_named(self, words: tuple[str, ...]) -> Cluster | None:
        """The person cluster that a name as written refers to, if any."""
        probe = Mention(-1, 0, 0, "PERSON", words, " ".join(words))
        return self._find_person(probe)

    def by_id(self, entity_id: str) -> Cluster | None:
        return next((c for c in self.clusters if c.id == entity_id), None)

    def absorb_bare_names(self, docs: list[Doc]) -> None:
        """Count names of people the recogniser left untagged ("Kosachev blamed ...")."""
        names: dict[str, Cluster] = {}
        for c in self.clusters:
            if c.label == "PERSON":
                probe = self.person_named((c.surname,))
                names[c.surname] = probe or c
        single = {c.surname for c in self.clusters if len(name_words(c.name)) == 1}
        if not names:
            return
        for seg, doc in enumerate(docs):
            story: bool | None = None  # read once, and only for a segment with a name
            for tok in doc:
                hyphenated = _hyphenated_at(doc, tok.i)
                if hyphenated is not None and hyphenated.lower() in names:
                    # "Okonkwo-Baines remembers …": three tokens, one surname
                    if story is None:
                        story = names_entities(doc.text)
                    if not story:
                        break
                    m = Mention(seg, tok.i, tok.i + 3, "PERSON", (hyphenated,), hyphenated)
                    self._attach(names[hyphenated.lower()], m)
                    continue
                # The tagger sometimes takes a surname for a plural noun ("Williams said");
                # a name known only on its own must at least be tagged a proper noun.
                if tok.ent_iob != 2 or not tok.is_title or tok.lower_ not in names:
                    continue
                if tok.lower_ in single and tok.tag_ != "NNP":
                    continue
                if tok.tag_ in _FUNCTION_TAGS:
                    continue  # "He urged …" beside a "Liu He": a pronoun, not his surname
                if story is None:
                    story = names_entities(doc.text)
                if not story:
                    break
                m = Mention(seg, tok.i, tok.i + 1, "PERSON", (tok.text,), tok.text)
                self._attach(names[tok.lower_], m)

    def results(self, first_body: int = 0) -> tuple[Entity, ...]:
        """The entities; segment ``first_body`` is body paragraph 0 (segments before it
        are headline and dek, which have no paragraph index)."""
        out = []
        for c in self.clusters:
            aliases = sorted({m.surface for m in c.mentions} - {c.name})
            paragraphs = sorted({m.seg - first_body for m in c.mentions if m.seg >= first_body})
            out.append(
                Entity(
                    id=c.id,
                    name=c.name,
                    type=c.label,
                    mentions=len(c.mentions),
                    aliases=aliases,
                    paragraphs=paragraphs,
                )
            )
        return tuple(out)


# A lone word this long or longer may be a surname spelt another way; shorter names are
# too often other names one letter apart ("Kort", "Korte").
_RESPELT_MIN = 6


def _one_edit(a: str, b: str) -> bool:
    """Whether two different words are one letter added, dropped or changed apart, with
    the same first letter."""
    if a == b or a[:1] != b[:1] or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = next((k for k, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), len(a))
    return a[i + (len(a) == len(b)) :] == b[i + 1 :]


def _hyphenated_at(doc: Doc, i: int) -> str | None:
    """The hyphenated name three untagged tokens from ``i`` spell ("Okonkwo-Baines")."""
    if i + 2 >= len(doc) or (i > 0 and doc[i - 1].text == "-"):
        return None
    first, mark, last = doc[i], doc[i + 1], doc[i + 2]
    if mark.text != "-" or first.whitespace_ or mark.whitespace_:
        return None
    if not (first.is_title and last.is_title) or any(t.ent_iob != 2 for t in (first, mark, last)):
        return None
    return f"{first.text}-{last.text}"


# Parts of speech of words that are no name where they stand, whatever names they spell.
_FUNCTION_TAGS = frozenset({"PRP", "PRP$", "WP", "WP$", "DT", "MD", "IN", "CC", "TO"})


def _other_key(m: Mention) -> object:
    # "People’s Liberation Army" and "Peoples Liberation Army", "St. Louis" and "St Louis":
    # apostrophes and full stops are spelling, not another name
    return ("other", _SPELLING.sub("", m.text.lower()))


_SPELLING = re.compile(r"['’.]")


def _canonical_name(cluster: Cluster) -> str:
    if cluster.preferred and any(m.text == cluster.preferred for m in cluster.mentions):
        return cluster.preferred
    if cluster.label == "PERSON":
        full = [m.text for m in cluster.mentions if person_key(m.words)]
        # a double surname alone ("Ferrer Ibarra") is short for the name it ends, and a
        # nickname before a name ("Lucky Elena Voss") no part of it
        full = [
            n
            for n in full
            if not any(f.endswith(" " + n) and gender_of(n.split()[0]) is None for f in full)
            and not any(
                n.endswith(" " + f)
                and gender_of(f.split()[0]) is not None
                and gender_of(n.split()[0]) is None
                for f in full
            )
        ] or full
        names = full or [m.text for m in cluster.mentions]
    else:
        names = [m.text for m in cluster.mentions]
        # A first word alone is a short form ("Atlas" of "Atlas Rail"), never the name.
        firsts = {n.split()[0] for n in names if len(n.split()) > 1}
        names = [n for n in names if n not in firsts] or names
    counts = Counter(names)
    # Most frequent form, written in mixed case if it can be ("San Francisco", not the
    # "SAN FRANCISCO" of a dateline); among equals the longest, then the first written.
    return max(names, key=lambda n: (not shouted(n), counts[n], len(n), -names.index(n)))


_SLUG = re.compile(r"[^a-z0-9]+")


def _unique_id(cluster: Cluster, used: set[str]) -> str:
    slug = _SLUG.sub("-", cluster.name.lower()).strip("-") or "entity"
    base = f"{cluster.label.lower()}:{slug}"
    candidate, n = base, 2
    while candidate in used:
        candidate, n = f"{base}-{n}", n + 1
    used.add(candidate)
    return candidate
