"""Types the name's own shape or the sentence around it gives, over the recogniser's.

The small model types by the look of a word: an outlet named after a town is a place, a
magazine with a one-word name a person, a street named after someone a person, an act of
parliament an organisation. Two kinds of evidence overrule it here:

- the name's last word: "… Avenue", "… Tower" name places built or laid out (FAC); "… Act",
  "… Program", "… Grants" name laws and programmes (LAW); "… Telescope", "… Rover" things
  made and "… Index" a market's figure (PRODUCT); "… Cup", "… Festival", "… Award for …"
  events (EVENT); "… Herald", "… Times" after a town outlets (ORG);
- the sentence: a person is not written with "the" ("the Courier reported"), outlets
  report ("Dispatch reported that …"), a name listed among places is a place ("Alder,
  Brisk and Corley counties"), a hyphenated name before "law" is a law ("the Hale-Ostrow
  law").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .lexicon import (
    CELESTIAL_AFTER_THE,
    CELESTIAL_BODIES,
    CRAFT_HEADS,
    EVENT_HEADS,
    INDEX_HEADS,
    INTERVIEW_NOUNS,
    LANDMARK_HEADS,
    LAW_HEADS,
    LAW_NOUNS,
    NAMED_PROGRAMMES,
    NEWSPAPER_HEADS,
    NOUN_TAGS,
    ORG_KINDS,
    PLACE_LIKE_ORG_HEADS,
    PLACE_LIKE_ORG_OPENERS,
    PLACE_PREPOSITIONS,
    POLL_NOUNS,
    REPEAL_WORDS,
    REPORT_VERBS,
)
from .names import gender_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

    from .entities import Evidence, Mention


@dataclass
class TypeCues:
    """Tokens (segment, index) of names the sentence types: written after "the" and not
    before a noun (a person never is); an outlet's (reporting, interviewed, with an
    editorial board) or a pollster's; listed among places; a law's."""

    definite: set[tuple[int, int]] = field(default_factory=set)
    outlet: set[tuple[int, int]] = field(default_factory=set)
    place_peer: set[tuple[int, int]] = field(default_factory=set)
    poll: set[tuple[int, int]] = field(default_factory=set)
    law: set[tuple[int, int]] = field(default_factory=set)
    sky: set[tuple[int, int]] = field(default_factory=set)
    located: set[tuple[int, int]] = field(default_factory=set)  # "in Tarnow"
    kind: set[tuple[int, int]] = field(default_factory=set)  # "folk group Amber Wren"

    def add(self, doc: Doc, seg: int) -> None:
        for ent in doc.ents:
            self._celestial(ent, seg)
            if ent.label_ not in ("PERSON", "GPE", "ORG", "PRODUCT"):
                continue
            last = ent[-1]
            # "the" inside the span ("the Sabres" as one ORG) or just before it
            at = ent.start + 1 if ent[0].lower_ == "the" else ent.start
            before = doc[at - 1] if at > 0 else None
            after = doc[ent.end] if ent.end < len(doc) else None
            keys = {(seg, t.i) for t in ent}
            if before is not None and before.lower_ in PLACE_PREPOSITIONS:
                self.located |= keys
            if before is not None and before.lower_ in ORG_KINDS and before.is_lower:
                self.kind |= keys  # "the band Amber Wren", "record label Tessa Marlowe"
            if (
                before is not None
                and before.lower_ == "the"
                and ent.label_ != "GPE"  # "the Netherlands"
                and not (after is not None and after.tag_ in NOUN_TAGS)
            ):
                self.definite |= keys
            if (after is not None and after.lower_ in LAW_NOUNS) or (
                last.head.lower_ in REPEAL_WORDS or last.head.head.lower_ in REPEAL_WORDS
            ):  # "repeal Hale-Ostrow", "the repeal of Hale-Ostrow"
                self.law |= keys
            if _outlet(last):
                self.outlet |= keys
            elif last.dep_ in ("compound", "poss") and last.head.lower_ in POLL_NOUNS:
                self.poll |= keys  # "a Marlow poll"; "a Texas poll" polls Texans
            if ent.label_ == "PERSON":
                # two places at least in its list: "Burisma and the Bidens" lists no places
                group = last.conjuncts
                if sum(t.ent_type_ == "GPE" for t in group) >= 2:
                    self.place_peer |= keys

    def _celestial(self, ent: Span, seg: int) -> None:
        """A planet, or "the Moon" and "the Sun" (a surname and a newspaper otherwise)."""
        body = ent[1:] if ent[0].lower_ == "the" and len(ent) > 1 else ent
        if len(body) != 1 or body[0].lower_ not in CELESTIAL_BODIES or not body[0].is_title:
            return
        tok = body[0]
        if tok.lower_ in CELESTIAL_AFTER_THE and not (tok.i > 0 and tok.nbor(-1).text == "the"):
            return
        self.sky.add((seg, tok.i))

    def has(self, cue: set[tuple[int, int]], m: Mention) -> bool:
        return any((m.seg, i) in cue for i in range(m.start, m.end))


def _outlet(tok: object) -> bool:
    """The last word of a name that reports ("Dispatch reported that …", "as Ledger and
    Vane have reported"), has an editorial board or is
    interviewed ("in an interview with Courier")."""
    head = tok.head  # type: ignore[attr-defined]
    dep = tok.dep_  # type: ignore[attr-defined]
    while dep == "conj":  # "Ledger and Vane have reported": the first conjunct's role
        dep, head = head.dep_, head.head
    if dep == "nsubj" and head.lower_ in REPORT_VERBS:
        kids = {c.dep_ for c in head.children}
        return "ccomp" in kids or "dobj" not in kids
    if dep == "poss" and head.lower_ == "board":
        return any(c.lower_ == "editorial" for c in head.children)
    return dep == "pobj" and head.lower_ == "with" and head.head.lower_ in INTERVIEW_NOUNS


def relabel_by_shape(mentions: list[Mention]) -> None:
    """Streets, squares and buildings ("Orley Avenue", "Vance Tower") are places (FAC),
    laws and programmes ("Clean Rivers Act", "Harbor Grants") laws, craft and instruments
    ("Vela Space Telescope") things made, whatever the recogniser made of them: a person
    or an organisation; a "place" named like an organisation is one ("University of
    Tarnow"); competitions, summits and festivals ("Harbor Cup") are events whatever they
    were read as."""
    for m in mentions:
        if m.label in _BEINGS_AND_PLACES and _event(m.words):
            m.label = "EVENT"  # "Harbor Cup Finals", "Tarnow Jazz Festival"
            continue
        if m.label in ("GPE", "LOC") and _organisation_shape(m.words):
            m.label = "ORG"  # "Harlow County Schools", "University of Tarnow"
            continue
        if m.label != "ORG" and _newspaper_shape(m):
            m.label = "ORG"  # "Harlow Courant", not "Emily Post"
            continue
        if m.label in ("ORG", "PERSON") and m.text.lower() in NAMED_PROGRAMMES:
            m.label = "LAW"  # "Medicaid"
            continue
        if m.label not in ("ORG", "PERSON") or len(m.words) < 2:
            continue
        last = m.words[-1].lower()
        if last in INDEX_HEADS:
            m.label = "PRODUCT"  # "Harbor Composite Index": a market's figure
        elif last in LAW_HEADS or any(w == "Act" for w in m.words[1:-1]):
            m.label = "LAW"  # "Clean Rivers Act of 1999" too
        elif last in CRAFT_HEADS:
            m.label = "PRODUCT"  # "Vela Space Telescope", "Harbor Rover"
        elif last in LANDMARK_HEADS and not (
            m.label == "PERSON" and gender_of(m.words[0]) is not None
        ):
            m.label = "FAC"  # not "Anna Hall" nor "Kevin Tower"


def _newspaper_shape(m: Mention) -> bool:
    """A town's name and a newspaper's word ("Tarnow Herald"); a person's given name and a
    surname that is one ("Emily Post") stay a person."""
    if len(m.words) < 2 or m.words[-1].lower() not in NEWSPAPER_HEADS:
        return False
    return not (m.label == "PERSON" and gender_of(m.words[0]) is not None)


def _event(words: tuple[str, ...]) -> bool:
    """An event's or an award's name: its head last ("Harbor Cup") or before what it is for
    ("Tarnow Award for Best Score", "Festival of Lanterns")."""
    heads = [i for i, w in enumerate(words) if w.lower() in EVENT_HEADS]
    if not heads:
        return False
    last = len(words) - 1
    if last > 0 and heads[-1] == last:
        return True  # "Harbor Cup"
    return any(i < last and words[i + 1] in ("for", "of") for i in heads)


def relabel_by_context(mentions: list[Mention], evidence: Evidence) -> None:
    """Types the sentence gives. A name is only re-typed when nothing marks it a person:
    no title, no description as one, no common given name, and not a surname the article
    gives a full name (or its plural: "the Marlows" are a family)."""
    cues = evidence.cues
    for m in mentions:
        # the recogniser's "ORG" for "the Moon"; a person's title or speech keeps a person
        if (
            len(m.words) == 1
            and m.label != "LOC"
            and cues.has(cues.sky, m)
            and not (m.titles or evidence.names_person(m) or cues.has(cues.outlet, m))
        ):
            m.label = "LOC"
    surnames = {m.words[-1].lower() for m in mentions if m.label == "PERSON" and len(m.words) > 1}

    def nobody(m: Mention) -> bool:
        low = m.words[-1].lower()
        return not (
            m.titles
            or evidence.described_as_person(m)
            or (len(m.words) > 1 and gender_of(m.words[0]) is not None)
            or low in surnames
            or low.removesuffix("s") in surnames
            or low.removesuffix("es") in surnames
        )

    # The cue may sit on a mention the recogniser typed otherwise ("the Sabres" an
    # organisation, "Sabres center Lee" a person): a name's cues count for all its mentions.
    retype: dict[str, str] = {}
    outlets: set[str] = set()  # only an outlet's cue makes a "place" an organisation
    for m in mentions:
        text = m.text.lower()
        if m.label in ("PERSON", "ORG", "GPE") and cues.has(cues.outlet, m):
            retype[text] = "ORG"  # "Dispatch reported that …", an outlet named after a town
            outlets.add(text)
        elif m.label in ("PERSON", "ORG") and (
            cues.has(cues.definite, m) or cues.has(cues.poll, m)
        ):
            retype[text] = "ORG"  # "the Courier", "a Brannigan poll"
        elif m.label == "PRODUCT" and _team(m) and cues.has(cues.definite, m):
            retype[text] = "ORG"  # "the Gulls": a team; "the Galaxy Buds" stay things
        elif len(m.words) == 1 and m.label == "PERSON" and cues.has(cues.place_peer, m):
            retype.setdefault(text, "GPE")
        if m.label in ("PERSON", "ORG") and _hyphenated(m.text) and cues.has(cues.law, m):
            retype[text] = "LAW"  # "the Hale-Ostrow law"
    # the kind of organisation written right before the name outweighs a given name in it
    # ("folk group Amber Wren"), not a title or a description as a person
    kinds = {
        m.text.lower()
        for m in mentions
        if m.label in ("PERSON", "GPE")
        and cues.has(cues.kind, m)
        and not (m.titles or evidence.described_as_person(m))
    }
    for m in mentions:
        if m.text.lower() in kinds:
            m.label = "ORG"
    if not retype:
        return
    blocked = {m.text.lower() for m in mentions if m.label == "PERSON" and not nobody(m)}
    for m in mentions:
        text = m.text.lower()
        label = retype.get(text)
        if label is None or (label != "LAW" and text in blocked):
            continue  # a law's hyphenated name ends with a surname of its own
        if (
            m.label in ("PERSON", "PRODUCT")
            or label == "LAW"
            or (m.label == "GPE" and text in outlets)
        ):
            m.label = label


_BEINGS_AND_PLACES = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC"})


def _organisation_shape(words: tuple[str, ...]) -> bool:
    """A name that ends with a word only organisations' names end with ("… Association",
    "… Public Schools", "… Police") or opens like one ("University of …", "Bank of …")."""
    if len(words) < 2:
        return False
    opens = words[0].lower() in PLACE_LIKE_ORG_OPENERS and words[1] == "of"
    return opens or words[-1].lower() in PLACE_LIKE_ORG_HEADS


def _team(m: Mention) -> bool:
    """One capitalised plural ("Gulls", "Grizzlies"), as teams are named; not "Express",
    "Atlas" nor "Prius"."""
    word = m.words[0]
    plural = len(word) > 2 and word.endswith("s") and word[-2] not in "saiou"
    return len(m.words) == 1 and word[:1].isupper() and word[1:].islower() and plural


def _hyphenated(text: str) -> bool:
    """Two capitalised words joined by a hyphen, as laws are named after their sponsors."""
    parts = text.split("-")
    return len(parts) == 2 and all(p[:1].isupper() and p[1:].islower() for p in parts)
