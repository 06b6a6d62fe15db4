"""Merge an article's mentions into canonical entities.

A person is introduced by full name and then called by surname, title or possessive
("Sen. Rand Paul", "Paul", "Paul's"): full names are the anchors, short forms join the
anchor they name. spaCy's label for a short form is overruled by the article's own
evidence: a surname seen on a full PERSON name is that person, whatever it was tagged.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .entities import Evidence, Mention, names_entities
from .lexicon import HONORIFIC_GENDER, ORG_HEADS, PERSON_TITLES, TITLE_NOUNS, word_set
from .names import gender_of
from .person_names import honorific_gender, name_words, person_aliases, person_key
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
        _relabel_people(body, self._evidence)
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
                    loose = ("person", ("", m.text.lower()))
                    person = self._by_key.get(loose) or self._new("PERSON", loose)
                self._attach(person, m)

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
        merged = _companies_taken_for_people(self.clusters)
        # again while names merge: "Security Council" is ambiguous until "U.N. Security
        # Council" and "United Nations Security Council" are one
        for _ in range(3):
            if not _merge_variants(self.clusters):
                break
            merged = True
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
            if cluster.label == "PERSON" and _mostly_not_a_person(cluster, self._evidence):
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
                # The tagger sometimes takes a surname for a plural noun ("Williams said");
                # a name known only on its own must at least be tagged a proper noun.
                if tok.ent_iob != 2 or not tok.is_title or tok.lower_ not in names:
                    continue
                if tok.lower_ in single and tok.tag_ != "NNP":
                    continue
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


def _mostly_not_a_person(cluster: Cluster, evidence: Evidence) -> bool:
    """A single word the recogniser tags a place or an organisation more often than a person
    ("Tarnow" once PERSON, twice GPE): a town or a company, unless a title, a full name or
    the text ("Kell said") shows a person."""
    if any(m.titles or person_key(m.words) or evidence.names_person(m) for m in cluster.mentions):
        return False
    votes = Counter(m.label == "PERSON" for m in cluster.mentions)
    return votes[False] > votes[True]


def _relabel_people(mentions: list[Mention], evidence: Evidence) -> None:
    """A full name the recogniser took for an organisation or a place ("Martin Luis Ortega"
    as ORG) is a person's when it ends with a surname the article gives a person ("Alma
    Ortega") and opens with a common given name; "Walter Energy" stays a company.

    A given name the lists do not know ("Ines Carvalho" as PRODUCT) counts too when the
    article calls a person by that surname alone and by no other full name: then this is
    the only full name the person has. Places and organisations are left alone there: many
    are named after people ("St. Paul"), and a team or a brand whose last word the tagger
    once took for a person ("Riverton Steelers", "FC Ostend") must stay what it is."""
    surnames: set[str] = set()
    full_surnames: set[str] = set()
    for m in mentions:
        if m.label == "PERSON":
            key = person_key(m.words)
            surnames.add(key[1] if key else m.text.lower())
            if key:
                full_surnames.add(key[1])
    surname_only = surnames - full_surnames
    # Last words of names the text shows to be people's: "Bell said", "Brandt, a teacher".
    speaking = {m.words[-1].lower() for m in mentions if evidence.names_person(m)}
    described = {m.words[-1].lower() for m in mentions if evidence.described_as_person(m)}
    for m in mentions:
        words = name_words(" ".join(m.words))
        if (
            m.label == "PERSON"
            or not 2 <= len(words) <= 4
            or not all(w[:1].isupper() for w in words)
        ):
            continue
        last = words[-1].lower()
        if last in surnames and (
            gender_of(words[0]) is not None
            or (
                len(words) == 2
                and m.label not in _PLACE_LABELS
                and m.label not in _ORG_LABELS
                and last in surname_only
                and words[0].isalpha()
            )
        ):
            m.label = "PERSON"
        elif (
            m.label not in _PLACE_LABELS
            and words[0].isalpha()
            and (
                (last in speaking and gender_of(words[0]) is not None)
                or (last in described and last in surname_only)
            )
        ):
            # A full name tagged as an organisation that the text shows to be a person's:
            # a given name and a surname that speaks ("Marcus Bell … Bell said"), or the
            # surname of a person described as one ("Brandt, a former teacher").
            m.label = "PERSON"
    for m in mentions:
        if m.label in _OTHER_BEINGS and _initialled_name(m.words):
            m.label = "PERSON"
        elif m.text.lower() in _PLATFORMS:
            m.label = "ORG"  # "said on Twitter": the recogniser reads a person or a place
    _relabel_organisations(mentions, evidence)


# Given names that are places too ("Virginia Tech", "Charlotte Ledger"), and words that
# end the names of newspapers and shows, which are named after cities and people.
_PLACE_GIVEN_NAMES = word_set(
    "georgia virginia carolina florence victoria charlotte austin jordan orlando sydney "
    "madison chelsea lincoln helena santiago salvador eugene raleigh columbus savannah"
)
_MEDIA_WORDS = word_set(
    "times post news journal herald tribune observer ledger gazette chronicle review "
    "magazine show radio tv daily weekly report record star sun telegraph tech"
)


_OTHER_BEINGS = frozenset({"ORG", "GPE", "LOC", "FAC", "NORP"})
# Networks the news cites every day as where something was said.
_PLATFORMS = word_set(
    "twitter facebook instagram youtube snapchat tiktok reddit linkedin whatsapp telegram "
    "tumblr pinterest periscope"
)


def _initialled_name(words: tuple[str, ...]) -> bool:
    """A common given name, an initial and a capitalised word: a person's name ("Nathan Q.
    Oduya"), unless the last word ends the names of organisations ("Walter Q. Energy") or
    the first is a place as well. Without the initial a given name proves nothing:
    companies are named after people ("Walter Freight")."""
    core = name_words(" ".join(words))
    if len(core) != 3 or not re.match(r"^[A-Z]\.$", core[1]):
        return False
    core = [core[0], core[2]]
    if gender_of(core[0]) is None:
        return False
    first, last = core[0].lower(), core[1]
    if first in _PLACE_GIVEN_NAMES or not (last[:1].isupper() and last[1:].islower()):
        return False
    low = last.lower()
    return low not in _GENERIC_ORGS and low not in _NAME_ENDINGS and low not in _MEDIA_WORDS


def _relabel_organisations(mentions: list[Mention], evidence: Evidence) -> None:
    """Names the recogniser took for people that the text shows to be organisations: a
    name ending in a word such as "Cycling", "Partners" or "University", and a single word
    never given a full name or a title that stands in a coordination with an organisation
    ("Brightline and Corvex") and is never shown to be a person."""
    surnames = {m.words[-1].lower() for m in mentions if m.label == "PERSON" and len(m.words) > 1}
    for m in mentions:
        if m.label != "PERSON":
            continue
        if len(m.words) >= 2 and m.words[-1].lower().strip(".,") in _ORG_ENDINGS:
            m.label = "ORG"
    peers = {m.words[0].lower() for m in mentions if len(m.words) == 1 and m.label == "PERSON"}
    for word in peers - surnames:
        same = [m for m in mentions if m.label == "PERSON" and tuple(m.words) == (m.words[0],)]
        same = [m for m in same if m.words[0].lower() == word]
        if (
            any(evidence.beside_organisation(m) for m in same)
            and not any(evidence.described_as_person(m) or m.titles for m in same)
            and gender_of(same[0].words[0]) is None
        ):
            for m in same:
                m.label = "ORG"


_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Last words of organisations' names, beyond the lexicon's: "… Presidential Center", and
# the industries companies are named for ("Harlan Coal"); no common surname among them.
_ORG_ENDINGS = ORG_HEADS | word_set(
    "center centre coal fuels mining resources oil petroleum solutions services networks "
    "communications entertainment pictures productions enterprises industries ventures "
    "investments associates consulting logistics"
)
_ORG_LABELS = frozenset({"ORG"})


def _companies_taken_for_people(clusters: list[Cluster]) -> bool:
    """A "person" whose full name opens the name of an organisation of the same article is
    that organisation's short form ("Atlas Rail" beside "Atlas Rail Group") when the article
    also calls it by its first word alone ("Atlas"), as one shortens a company; people are
    shortened to their surname. A one-word "person" the article never gives a full name
    ("Corvid" beside "Corvid Aerospace") is such a short form too. A known given name or a
    personal title keeps it a person."""
    organisations = [c for c in clusters if c.label in _ORG_LABELS and c.mentions]
    merged = False
    if not organisations:
        return merged
    for person in clusters:
        if person.label != "PERSON" or not person.mentions:
            continue
        full = max((m.words for m in person.mentions), key=len)
        if gender_of(full[0]) is not None:
            continue
        # a personal title keeps a person; "former" or "then" is said of companies too
        if any(
            t in PERSON_TITLES or t in HONORIFIC_GENDER for m in person.mentions for t in m.titles
        ):
            continue
        if not any(
            len(m.words) == 1 and m.words[0].lower() == full[0].lower() for m in person.mentions
        ):
            continue
        low = tuple(w.lower() for w in full)
        owner = next(
            (
                org
                for org in organisations
                for m in org.mentions
                if len(m.words) > len(low) and tuple(w.lower() for w in m.words[: len(low)]) == low
            ),
            None,
        )
        if owner is None:
            continue
        for m in person.mentions:
            m.label = owner.label
            owner.mentions.append(m)
        owner.mentions.sort(key=lambda m: (m.seg, m.start))
        person.mentions = []
        merged = True
    return merged


# Short and long names of the countries and unions news writes in several ways.
_ALIASES: dict[str, str] = {
    **dict.fromkeys(("us", "usa", "unitedstates", "unitedstatesofamerica", "america"), "us"),
    **dict.fromkeys(("uk", "unitedkingdom", "britain", "greatbritain"), "uk"),
    **dict.fromkeys(("eu", "europeanunion"), "eu"),
    **dict.fromkeys(("un", "unitednations"), "un"),
    **dict.fromkeys(("dc", "washingtondc", "districtofcolumbia"), "dc"),
    **dict.fromkeys(("gop", "republicanparty", "grandoldparty"), "gop"),
}
_ACRONYM = re.compile(r"^(?:(?:[A-Z]\.){2,6}|[A-Z]{3,6})$")
_SMALL_WORDS = word_set("of the and for on in at to & de du des la le der die das für und y el")
_RELATIONS = word_set("at in of for on from by with to near and &")
_VARIANT_LABELS = frozenset({"ORG", "GPE", "LOC", "NORP", "FAC"})


def _merge_variants(clusters: list[Cluster]) -> bool:
    """An organisation or a place named in several ways is one entity: an acronym and its
    expansion ("EPA", "Environmental Protection Agency"), a country's short and long names
    ("U.S.", "United States"), a name with and without the place that qualifies it
    ("Senate", "U.S. Senate"). The full form names the entity."""
    others = [c for c in clusters if c.label in _VARIANT_LABELS and c.mentions]
    merged = False
    for short in others:
        if not short.mentions:
            continue
        target = _expansion(short, others) or _alias_of(short, others)
        target = target or _qualified(short, others) or _department(short, others)
        target = target or _shortened(short, others)
        if target is None or target is short:
            continue
        full = max({m.text for m in target.mentions}, key=len)
        target.mentions.extend(short.mentions)
        target.mentions.sort(key=lambda m: (m.seg, m.start))
        for m in short.mentions:
            m.label = m.label if m.label in _VARIANT_LABELS else target.label
        short.mentions = []
        target.preferred = full
        merged = True
    return merged


def _forms(cluster: Cluster) -> set[str]:
    return {m.text for m in cluster.mentions}


def _initials(name: str) -> str:
    words = [w for w in re.split(r"[\s-]+", name) if w and w.lower() not in _SMALL_WORDS]
    if len(words) < 2 or not all(w[0].isupper() and w[1:].islower() for w in words):
        return ""  # words written out in full ("U.S. Senate" abbreviates to no "US")
    return "".join(w[0] for w in words)


def _expansion(short: Cluster, others: list[Cluster]) -> Cluster | None:
    """The one cluster whose name the short one abbreviates: "EPA", "U.N."."""
    acronyms = {f.replace(".", "") for f in _forms(short) if _ACRONYM.match(f)}
    if not acronyms:
        return None
    found = [
        c
        for c in others
        if c is not short and c.mentions and any(_initials(f) in acronyms for f in _forms(c))
    ]
    return found[0] if len(found) == 1 else None


def _alias_key(name: str) -> str | None:
    """The country or union a name is ("U.K." and "United Kingdom": "uk"), or the rest of
    the name after it ("U.N. Security Council", "United Nations Security Council")."""
    whole = _ALIASES.get(_letters(name))
    if whole is not None:
        return whole
    words = name.split()
    for n in range(1, min(4, len(words) - 1) + 1):
        country = _ALIASES.get(_letters(" ".join(words[:n])))
        if country is not None:
            return f"{country} {' '.join(words[n:]).lower()}"
    return None


def _alias_of(short: Cluster, others: list[Cluster]) -> Cluster | None:
    """Another name of the same country or union ("UK" and "United Kingdom"), or of an
    organisation named after it ("U.S. Senate" and "United States Senate")."""
    keys = {_alias_key(f) for f in _forms(short)} - {None}
    if not keys:
        return None
    found = [
        c
        for c in others
        if c is not short and c.mentions and keys & {_alias_key(f) for f in _forms(c)}
    ]
    if not found:
        return None
    # The longest name of the group collects the others.
    best = max([short, *found], key=lambda c: max(len(f) for f in _forms(c)))
    return None if best is short else best


# One word that names an institution of many places or bodies ("Senate", "House"):
# shortened from a longer name only when the article names the place that qualifies it.
_GENERIC_ORGS = ORG_HEADS | word_set(
    "house senate congress court assembly parliament legislature cabinet government "
    "administration police army navy guard bureau service board fund center centre embassy "
    "commission"
)


def _qualified(short: Cluster, others: list[Cluster]) -> Cluster | None:
    """The one organisation named by the short one with a qualifier before it: "Intelligence
    Committee" in "House Intelligence Committee", "Ledger" in "Portland Ledger"; a word that
    names an institution of many places only after a place or a nationality the article
    names ("Senate" in "U.S. Senate")."""
    if short.label != "ORG":
        return None
    places = {
        _letters(f)
        for c in others
        if c.label in ("GPE", "NORP") and c is not short
        for f in _forms(c)
    } | set(_ALIASES)
    found = []
    for c, f, g in _org_forms(short, others):
        if len(g) <= len(f) or not g.endswith(" " + f):
            continue
        qualifier = g[: -len(f)].strip()
        if not qualifier[:1].isupper() or set(qualifier.lower().split()) & _RELATIONS:
            continue  # "SLS at Michoud Assembly Facility" is no name
        if len(f.split()) >= 2 or _letters(qualifier) in places or f.lower() not in _GENERIC_ORGS:
            found.append(c)
    return _the_one(found)


def _org_forms(short: Cluster, others: list[Cluster]) -> Iterator[tuple[Cluster, str, str]]:
    """(another organisation, a form of the short one's name, a form of the other's)."""
    for c in others:
        if c is short or c.label != "ORG" or not c.mentions:
            continue
        for f in _forms(short):
            for g in _forms(c):
                yield c, f, g


def _the_one(found: list[Cluster]) -> Cluster | None:
    distinct = list({id(c): c for c in found}.values())
    return distinct[0] if len(distinct) == 1 else None


_DEPARTMENT = re.compile(r"^(?:[\w.]+ )?(?:Department|Ministry) of (?:the )?(?P<core>.+)$")
_DEPARTMENT_AFTER = re.compile(r"^(?P<core>.+) (?:Department|Ministry)$")


def _department_core(name: str) -> str | None:
    """What a department is of: "Coastal Defense" in "Department of Coastal Defense" and
    in "Coastal Defense Department"."""
    found = _DEPARTMENT.match(name) or _DEPARTMENT_AFTER.match(name)
    return found.group("core") if found else None


def _department(short: Cluster, others: list[Cluster]) -> Cluster | None:
    """The one "Department of X" that "X Department" or "X" (two words or more) names, or
    the one "X Department" that "X" names."""
    if short.label != "ORG" or any(_DEPARTMENT.match(f) for f in _forms(short)):
        return None
    named = any(_DEPARTMENT_AFTER.match(f) for f in _forms(short))
    # "X Department" goes to "Department of X"; "X" to either
    owner = _DEPARTMENT.match if named else _department_core
    cores = {_department_core(f) or (f if len(f.split()) > 1 else None) for f in _forms(short)}
    cores.discard(None)
    found = [
        c
        for c in others
        if c is not short
        and c.label == "ORG"
        and c.mentions
        and any(owner(g) and _department_core(g) in cores for g in _forms(c))
    ]
    return found[0] if len(found) == 1 else None


# Words that end an organisation's full name after its own ("Lakeview University"): the
# name alone is the short form. Not "Committee" or "Party": "Senate" is no "Senate Committee".
_NAME_ENDINGS = word_set(
    "university college institute school foundation inc inc. corp corp. corporation co co. "
    "company group ltd ltd. llc plc holdings"
)
# "Harwick Institute for …" is shortened to "Harwick Institute"; "of" and "on" name other
# bodies too ("European Council" is no "European Council on Foreign Relations").
_SHORTENED_BY = word_set("for")


def _shortened(short: Cluster, others: list[Cluster]) -> Cluster | None:
    """The one organisation whose name the short one opens, cut before a company word or
    a phrase of what it is for ("Lakeview" of "Lakeview University", "Harwick Institute"
    of "Harwick Institute for Coastal Studies"); "Orrin Defense" is a unit of "Orrin"."""
    if short.label != "ORG":
        return None
    found = []
    for c, f, g in _org_forms(short, others):
        if not g.startswith(f + " "):
            continue
        rest = g[len(f) + 1 :].lower().split()
        if (rest[0] in _SHORTENED_BY and len(f.split()) > 1) or all(
            w in _NAME_ENDINGS for w in rest
        ):
            found.append(c)
    return _the_one(found)


def _letters(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower())


def _other_key(m: Mention) -> object:
    return ("other", m.text.lower())


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
    return max(
        names, key=lambda n: (not (n.isupper() and len(n) > 4), counts[n], len(n), -names.index(n))
    )


_SLUG = re.compile(r"[^a-z0-9]+")


def _unique_id(cluster: Cluster, used: set[str]) -> str:
    slug = _SLUG.sub("-", cluster.name.lower()).strip("-") or "entity"
    base = f"{cluster.label.lower()}:{slug}"
    candidate, n = base, 2
    while candidate in used:
        candidate, n = f"{base}-{n}", n + 1
    used.add(candidate)
    return candidate
