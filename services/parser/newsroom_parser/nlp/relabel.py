"""The recogniser's type of a name, corrected by the article's own evidence.

Before mentions are merged, full names taken for organisations or places become people's
and names taken for people become organisations' ("Harlan Coal", "Brightline and Corvex").
After, a one-word "person" tagged a place more often is none, and a "person" that opens a
company's name is that company's short form ("Atlas Rail" of "Atlas Rail Group").
"""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

from .entities import Evidence, Mention
from .lexicon import (
    COUNTRIES,
    HONORIFIC_GENDER,
    LANDMARK_HEADS,
    NAME_PARTICLES,
    ORG_HEADS,
    PERSON_TITLES,
    PLACE_NAME_HEADS,
    PLATFORMS,
    word_set,
)
from .name_variants import GENERIC_ORGS, NAME_ENDINGS
from .names import gender_of
from .person_names import name_words, person_key
from .type_cues import relabel_by_context, relabel_by_shape

if TYPE_CHECKING:
    from .canonical import Cluster


def mostly_not_a_person(cluster: Cluster, evidence: Evidence) -> bool:
    """A single word the recogniser tags a place or an organisation more often than a person
    ("Tarnow" once PERSON, twice GPE): a town or a company, unless a title, a full name or
    the text ("Kell said") shows a person."""
    if any(m.titles or person_key(m.words) or evidence.names_person(m) for m in cluster.mentions):
        return False
    votes = Counter(m.label == "PERSON" for m in cluster.mentions)
    return votes[False] > votes[True]


def relabel_people(mentions: list[Mention], evidence: Evidence) -> None:
    """A full name the recogniser took for an organisation or a place ("Martin Luis Ortega"
    as ORG) is a person's when it ends with a surname the article gives a person ("Alma
    Ortega") and opens with a common given name; "Walter Energy" stays a company.

    A given name the lists do not know ("Idun Carvalho" as PRODUCT) counts too when the
    article calls a person by that surname alone and by no other full name: then this is
    the only full name the person has. Places and organisations are left alone there: many
    are named after people ("St. Paul"), and a team or a brand whose last word the tagger
    once took for a person ("Riverton Steelers", "FC Ostend") must stay what it is."""
    relabel_by_shape(mentions)
    relabel_by_context(mentions, evidence)
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
    # a surname after "Mr." or "Ms." is a person's ("Mr. Brandt")
    described |= {
        m.words[-1].lower()
        for m in mentions
        if m.label == "PERSON" and any(t in HONORIFIC_GENDER for t in m.titles)
    }
    # "folk group Amber Wren" stays the organisation the sentence says it is, though it
    # "called off" its tour as a person would call
    kinds = {m.text.lower() for m in mentions if evidence.cues.has(evidence.cues.kind, m)}
    for m in mentions:
        words = name_words(" ".join(m.words))
        if (
            m.label == "PERSON"
            or m.text.lower() in kinds
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
            # surname of a person described as one ("Brandt, a former teacher", "Mr. Brandt").
            m.label = "PERSON"
    _described_full_names(mentions, evidence)
    _listed_with_people(mentions, evidence)
    _companies_taken_for_places(mentions, evidence)
    for m in mentions:
        if m.label in _OTHER_BEINGS and (_initialled_name(m.words) or _particle_name(m.words)):
            m.label = "PERSON"
        elif m.text.lower() in PLATFORMS:
            m.label = "ORG"  # "said on Twitter": the recogniser reads a person or a place
    _relabel_organisations(mentions, evidence)
    _countries_are_places(mentions, evidence)


def _countries_are_places(mentions: list[Mention], evidence: Evidence) -> None:
    """A country's name is a place's whatever the recogniser read ("Belgium beat Wales" as
    two teams, "Madagascar" as a person), unless the article shows a person of that name
    ("Michael Jordan … Jordan said", "Mr. Chad")."""
    people = {
        m.words[-1]
        for m in mentions
        if m.label == "PERSON" and (len(m.words) > 1 or m.titles or evidence.names_person(m))
    }
    for m in mentions:
        if m.label in _COUNTRY_MISTYPES and m.text in COUNTRIES and m.text not in people:
            m.label = "GPE"


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
_COUNTRY_MISTYPES = frozenset({"ORG", "PERSON", "FAC", "PRODUCT"})
# Types the recogniser gives a full name it does not know for a person's.
_MISTYPED_PEOPLE = frozenset({"ORG", "GPE", "FAC", "PRODUCT", "WORK_OF_ART"})


def _described_full_names(mentions: list[Mention], evidence: Evidence) -> None:
    """A full name the recogniser took for something else is a person's when the sentence
    says so: a person's noun before or beside it ("host Ilse Brunmark", "Sabres winger Tam
    Oyelaran"). Many given names are in no list, and a name never looks like a company's
    there. Not when its last word ends organisations' names ("… Partners") or something
    marks an organisation ("the …", coordinated with one, reporting). Not for a name merely
    listed with people's either: lists of tour dates name venues the same way."""
    cues = evidence.cues
    people: set[str] = set()
    for m in mentions:
        if m.label not in _MISTYPED_PEOPLE or not _full_name_shape(m.words):
            continue
        if not evidence.described_as_person(m):
            continue
        if (
            evidence.beside_organisation(m)
            or cues.has(cues.definite, m)
            or cues.has(cues.outlet, m)
        ):
            continue
        people.add(m.text.lower())
    for m in mentions:
        if m.text.lower() in people:
            m.label = "PERSON"


def _listed_with_people(mentions: list[Mention], evidence: Evidence) -> None:
    """A full name the recogniser took for something else is a person's when it is listed
    with people ("Ann Lee, Boone Orrey and Jo Tam scored"), unless a mention of it shows an
    organisation or a place ("the …", "in …", its shares, listed with a company) or a word
    of it ends such names."""
    cues = evidence.cues
    forms: dict[str, list[Mention]] = {}
    for m in mentions:
        if m.label in _MISTYPED_PEOPLE:
            forms.setdefault(m.text, []).append(m)
    for same in forms.values():
        if not _full_name_shape(same[0].words):
            continue
        if not any(evidence.beside_person(m) for m in same):
            continue
        if any(
            evidence.beside_organisation(m)
            or evidence.owns_company_things(m)
            or cues.has(cues.definite, m)
            or cues.has(cues.outlet, m)
            or cues.has(cues.located, m)
            for m in same
        ):
            continue
        for m in same:
            m.label = "PERSON"


def _companies_taken_for_places(mentions: list[Mention], evidence: Evidence) -> None:
    """A "place" with shares, a chief executive or a headquarters ("Corvex shares fell") is
    a company, unless the article also puts it on the map ("in Corvex"): markets are named
    after cities ("Hong Kong shares") and cities have chief executives too."""
    cues = evidence.cues
    places: dict[str, list[Mention]] = {}
    for m in mentions:
        if m.label == "GPE":
            places.setdefault(m.text.lower(), []).append(m)
    for same in places.values():
        if any(evidence.owns_company_things(m) for m in same) and not any(
            cues.has(cues.located, m) for m in same
        ):
            for m in same:
                m.label = "ORG"


def _full_name_shape(words: tuple[str, ...]) -> bool:
    """Two or three capitalised words, none of them one that ends the names of
    organisations, media, places or buildings. A hyphen inside a mention joins a word
    ("Anna-Lena"): one with spaces around it split the mention already."""
    core = name_words(" ".join(words).replace(" - ", "-"))
    if not 2 <= len(core) <= 3:
        return False
    for w in core:
        bare = w.replace("-", "").replace("'", "").replace("’", "")
        if not (bare.isalpha() and w[:1].isupper() and not w.isupper()):
            return False
    low = {w.lower() for w in core}
    return not low & (_NOT_SURNAMES | LANDMARK_HEADS | PLACE_NAME_HEADS)


def _particle_name(words: tuple[str, ...]) -> bool:
    """A common given name, a particle and a surname ("Marie de Vautrin", "Anna von der
    Lahr"): a person's; places and firms are not named so after a given name."""
    if not 3 <= len(words) <= 4 or not words[-1][:1].isupper():
        return False
    if gender_of(words[0]) is None or words[0].lower() in _PLACE_GIVEN_NAMES:
        return False
    inner = words[1:-1]
    return all(w in NAME_PARTICLES for w in inner) and words[-1].lower() not in _NOT_SURNAMES


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
    return low not in GENERIC_ORGS and low not in NAME_ENDINGS and low not in _MEDIA_WORDS


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
    "investments associates consulting logistics estates properties realty "
    "software works games interactive robotics aerospace automotive biotech pharma "
    "analytics brewing brewery beverages apparel chemicals telecom wireless bancorp "
    "financial securities shipping freight trucking railways railroad clinic clinics "
    # sports clubs ("Harbury United", "Dunmore Athletic"): never a surname
    "united fc afc athletic rovers wanderers albion hotspur"
)
_ORG_LABELS = frozenset({"ORG"})
_NOT_SURNAMES = _ORG_ENDINGS | GENERIC_ORGS | NAME_ENDINGS | _MEDIA_WORDS


def companies_taken_for_people(clusters: list[Cluster]) -> bool:
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
